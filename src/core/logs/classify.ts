// What a log line is about (LogClass) and the neighbor fact it carries. Every pattern below was
// seen in a real capture; the capture is named beside it. Paths: `fx/` = fixtures/ of this repository,
// `smp/` = ../shared/exabgp/samples/ beside it.
//
// Deliberately NOT patterns (they would misfire on the captures):
// - a bare `established`: 6.0 echoes every CLI answer into its log (`api.response.content
//   process=api-internal-cli-… response=127.0.0.2  65002  0:00:10 established …`), and the 6.0
//   debug line `connection.established peer=… port=…` is the TCP connect, not the BGP session.
// - `neighbor … up`: no INFO capture of any version logs it; session-up is `connected to peer-N
//   with …` (4.2/5.0, logged after the OPEN/KEEPALIVE exchange, see smp/lab-v4.2-debug-packets)
//   and `peer.connected` (6.0).
import { parseEvent } from './parse-line.js';
import type { LogClass, LogLine, NeighborFact } from './types.js';

/** Everything the pipeline needs from one line, computed once. */
export interface LineAnalysis {
  cls: LogClass;
  /** The neighbor address the line names (validated IPv4/IPv6), or null. */
  neighbor: string | null;
  fact: 'down' | 'notification' | 'down-counter' | null;
  reason: string | null;
  direction: 'sent' | 'received' | null;
  text: string;
  counter: number;
  /** Connection/peer names (`outgoing-3`, `peer-1`) the line binds to `neighbor`. */
  names: string[] | null;
  /** The line echoes an API event (6.0 `api.response.content process=monitor …`): the same event has its own line. */
  echo: boolean;
  /** A NOTIFICATION's `code,subcode` when the line says it (`(6,3)`, or ExaBGP's names `Cease / Peer De-configured`). */
  code: string | null;
}

// ---------------------------------------------------------------------------------------------
// addresses

const RE_IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const RE_HEXGROUP = /^[0-9a-fA-F]{1,4}$/;

function isIpv6(s: string): boolean {
  if (s.length < 2 || s.length > 45 || s.indexOf(':') === -1) return false;
  let text = s;
  let extra = 0;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.indexOf('.') !== -1) {
    if (!RE_IPV4.test(tail)) return false;
    text = text.slice(0, lastColon + 1) + '0';
    extra = 1; // the dotted quad is two groups
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string): number => {
    if (part === '') return 0;
    const g = part.split(':');
    for (const x of g) if (!RE_HEXGROUP.test(x)) return -1;
    return g.length;
  };
  const a = groups(halves[0] ?? '');
  const b = halves.length === 2 ? groups(halves[1] ?? '') : 0;
  if (a < 0 || b < 0) return false;
  const total = a + b + extra;
  return halves.length === 2 ? total <= 7 : total === 8;
}

/** A syntactically valid IPv4 or IPv6 address. */
export function isIpAddress(s: string): boolean {
  return RE_IPV4.test(s) || isIpv6(s);
}

const ip = (s: string | undefined): string | null => (s !== undefined && isIpAddress(s) ? s : null);

/** `outgoing-1 127.0.0.1-127.0.0.2` → the peer, `127.0.0.2` (connection.py: `%s-%d %s-%s` % (direction, id, local, peer)). */
function pairPeer(pair: string | undefined): string | null {
  if (pair === undefined) return null;
  const dash = pair.lastIndexOf('-');
  return dash === -1 ? null : ip(pair.slice(dash + 1));
}

// ---------------------------------------------------------------------------------------------
// patterns

// smp/v5.0/traceback-version-json-daemon-crash.log, fx/v6.0-dev/log-traceback-storm.txt
const RE_TRACEBACK = /^Traceback \(most recent call last\):/;
const RE_BANNER_TITLE = /^EXABGP (?:MISBEHAVED|HAD AN INTERNAL ISSUE)\b/;
const RE_STARS = /^\*{20,}$/;

// smp/v{4.2,5.0,6.0-dev}/log-bad-keyword.txt, log-bad-peeras.txt
const RE_SYNTAX_ERROR = /^syntax error in section \S+/;
const RE_CONFIG_LINE = /^line \d+: /;
const RE_CONFIG_DETAIL = /^(?:invalid keyword "|"[^"]*" is an invalid ASN|'[^']*' is not a valid ASN|could not load\/reload configuration)/;

// fx/v4.2/log-*.txt, fx/v5.0.15/log-*.txt: `command from process not understood : show nonsense`
const RE_NOT_UNDERSTOOD = /^command from process not understood : (.*)$/;

// fx/v5.0.15/log-stdout-3peer.txt `statistics for down counter 1`; 6.0 `statistics.changed info=…`
const RE_STATISTICS = /^statistics for (\S+) (?:counter (\d+)|time .*)$/;

// session down: fx/v5.0.15/log-stdout-3peer.txt
const RE_CLOSING = /^(?:outgoing|incoming)-\d+ (\S+), closing connection$/;
const RE_CONN_CLOSED = /^connection to (\S+) closed$/;
// smp/lab-v5.0/exabgp-1peer.log, smp/lab-v4.2-debug-packets/exabgp-1peer.log;
// `lost TCP connection` is the writer's variant (exabgp reactor/network/connection.py)
const RE_LOST_TCP = /^(?:outgoing|incoming)-\d+ \S+ (\S+) lost TCP (?:session|connection) with peer$/;
// smp/lab-v4.2-debug-packets/exabgp-3peer.log (4.2 at debug)
const RE_PEER_RESET = /^peer reset, message \[(.*)\] error\[(.*)\]$/;
const RE_STOP = /^stop, message \[(.*)\]$/;

// NOTIFICATION lines: smp/lab-v4.2-debug-packets/exabgp-3peer.log
const RE_NOTIF_RECEIVED = /^<< message of type NOTIFICATION$/;
const RE_NOTIF_SENT = /^>> NOTIFICATION \((.*)\)$/;
// 6.0 `async.mainloop.exception error=Cease / Peer De-configured` (fx/v6.0-dev/log-stdout-3peer.txt):
// a NOTIFICATION surfacing as an exception; the names are BGP's error codes (RFC 4271 §4.5).
const RE_NOTIFICATION_NAME = /^(?:Message header error|OPEN message error|UPDATE message error|Hold timer expired|State machine error|Finite state machine error|Cease|Route refresh message error)(?: \/ |$)/i;
const RE_CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;
const RE_NOTIF_IN_REASON = /notification (sent|received) \((\d+),(\d+)\)/;

// session up: fx/v4.2/log-stdout-3peer.txt, fx/v5.0.15/log-stdout-3peer.txt
const RE_CONNECTED = /^connected to (peer-\d+) with ((?:outgoing|incoming)-\d+) (\S+)$/;

// API commands: `route added to neighbor …` smp/lab-v4.2/exabgp-1peer.log, smp/lab-v5.0/…;
// `teardown scheduled for neighbor 127.0.1.2` fx/v4.2/log-stdout-3peer.txt;
// `command from process X : show neighbor summary` / `async | X | …` smp/lab-v4.2-debug-packets
const RE_API_ACTION = /^(?:route added to|route removed from|teardown scheduled for|flow added to|flow removed from) neighbor /;
const RE_COMMAND_FROM = /^command from process \S+ : /;
const RE_ASYNC = /^async \| (\S+) \| (.*)$/;

// smp/lab-v4.2-debug-packets/exabgp-3peer.log: `attempting connection to 127.0.0.4:17904`
const RE_CONNECT_CALL = /Connect call failed \('([^']+)'/;
const RE_ATTEMPT = /^attempting connection to (\S+):\d+$/;
const RE_NEIGHBOR_WORD = /\bneighbor (\S+)/;

// warnings: smp/v5.0/log-destination-file.stdout.txt, fx/v6.0-dev-api4/log-stdout-3peer-api4.txt,
// fx/v6.0-dev/log-stdout-3peer.txt (the last is <28> = warning in smp/v6.0-dev/log-destination-syslog.txt)
const RE_WARNING = /^(?:warning: |API v\d+ is deprecated|Text encoder requested but API v\d+ is JSON-only)/;

const SESSION_NAME = /^(?:outgoing|incoming|peer)-\d+$/;

// JSON events the 6.0 daemon echoes into its log (`api.response.content process=monitor response={…}`,
// fx/v6.0-dev/log-stdout-3peer.txt); regexes only, no JSON.parse in the hot path.
const RE_J_STATE = /"state": "([a-z]+)"/;
const RE_J_PEER = /"peer": "([^"]+)"/;
const RE_J_REASON = /"reason": "((?:[^"\\]|\\.)*)"/;
const RE_J_DIRECTION = /"direction": "(send|receive)"/;
const RE_J_CODE = /"code": (\d+), "subcode": (\d+)/;

// ---------------------------------------------------------------------------------------------

const out: LineAnalysis = { cls: 'info', neighbor: null, fact: null, reason: null, direction: null, text: '', counter: 0, names: null, echo: false, code: null };

function reset(cls: LogClass): LineAnalysis {
  out.cls = cls;
  out.neighbor = null;
  out.fact = null;
  out.reason = null;
  out.direction = null;
  out.text = '';
  out.counter = 0;
  out.names = null;
  out.echo = false;
  out.code = null;
  return out;
}

function down(neighbor: string | null, reason: string | null): LineAnalysis {
  reset('session-down');
  out.neighbor = neighbor;
  out.fact = 'down';
  out.reason = reason === '' ? null : reason;
  out.code = notificationCode(out.reason);
  return out;
}

function notification(neighbor: string | null, direction: 'sent' | 'received' | null, text: string): LineAnalysis {
  reset('notification');
  out.neighbor = neighbor;
  out.fact = 'notification';
  out.direction = direction;
  out.text = text;
  out.code = notificationCode(text);
  return out;
}

function statistics(body: string): LineAnalysis {
  const m = RE_STATISTICS.exec(body);
  reset('statistics');
  if (m && m[1] === 'down' && m[2] !== undefined) {
    out.fact = 'down-counter';
    out.counter = Number(m[2]);
  }
  return out;
}

function byLevel(line: LogLine): LineAnalysis {
  const level = line.level;
  if (level === 'error' || level === 'critical') return reset('error');
  if (level === 'warning') return reset('warning');
  return reset('info');
}

function apiResponse(fields: Record<string, string>): LineAnalysis {
  const response = fields['response'] ?? '';
  const process = fields['process'] ?? '';
  // CLI answers (`api-internal-cli-…`) hold `"state": "up"` too: only the event stream counts.
  // The echo itself is noise whatever its level (<28> = warning in smp/v6.0-dev/log-destination-syslog.txt).
  if (process.startsWith('api-internal-cli') || response.charCodeAt(0) !== 123) return reset('info');
  if (response.indexOf('"type": "state"') !== -1) {
    const state = RE_J_STATE.exec(response)?.[1];
    const peer = ip(RE_J_PEER.exec(response)?.[1]);
    if (state === 'down') {
      down(peer, RE_J_REASON.exec(response)?.[1] ?? null);
      out.echo = true;
      return out;
    }
    if (state === 'up') {
      reset('session-up');
      out.neighbor = peer;
      out.echo = true;
      return out;
    }
    return reset('info'); // `connected` is the TCP connection (FACTS.md)
  }
  if (response.indexOf('"type": "notification"') !== -1) {
    const code = RE_J_CODE.exec(response);
    if (!code) return reset('info'); // `"notification": "shutdown"`: the daemon telling its API processes it stops
    const dir = RE_J_DIRECTION.exec(response)?.[1];
    notification(ip(RE_J_PEER.exec(response)?.[1]), dir === 'send' ? 'sent' : dir === 'receive' ? 'received' : null, `(${code[1]},${code[2]})`);
    out.echo = true;
    return out;
  }
  return reset('info');
}

function analyzeEvent(name: string, fields: Record<string, string>, line: LogLine): LineAnalysis {
  switch (name) {
    case 'startup.banner': // fx/v6.0-dev/*: `startup.banner message=thank_you_for_using_exabgp`
      return reset('startup');
    case 'signal.received': // fx/v6.0-dev/log-stdout-3peer-shutdown.txt
      return reset(fields['signal'] === 'SIGTERM' || fields['signal'] === 'SIGINT' ? 'shutdown' : 'info');
    case 'signal.scheduling':
      return reset(fields['action'] === 'shutdown' ? 'shutdown' : 'info');
    case 'reactor.shutdown':
      return reset('shutdown');
    case 'peer.connected': {
      // `peer.connected peer=peer-2 connection=outgoing-1 127.0.2.1-127.0.2.2`
      reset('session-up');
      const conn = fields['connection'] ?? '';
      const sp = conn.indexOf(' ');
      out.neighbor = sp === -1 ? null : pairPeer(conn.slice(sp + 1));
      const names: string[] = [];
      if (fields['peer']) names.push(fields['peer']);
      if (sp > 0) names.push(conn.slice(0, sp));
      out.names = names;
      return out;
    }
    case 'connection.closing': {
      // `connection.closing name=outgoing-1 127.0.2.1-127.0.2.3` (fx/v6.0-dev/log-stdout-3peer.txt)
      const nm = fields['name'] ?? '';
      const sp = nm.indexOf(' ');
      return down(sp === -1 ? null : pairPeer(nm.slice(sp + 1)), null);
    }
    case 'connection.closed': // `connection.closed peer=127.0.2.3`
      return down(ip(fields['peer']), null);
    case 'tcp.session.lost': // smp/lab-v6.0-dev/exabgp-1peer.log
      return down(ip(fields['peer']), 'lost TCP session with peer');
    case 'protocol.close': {
      // smp/v6.0-dev/debug-startup-1peer.log: `protocol.close reason=peer reset, message [stop, …] error[]`
      return down(null, fields['reason'] ?? null);
    }
    case 'statistics.changed': // `statistics.changed info=statistics for down counter 1`
      return statistics(fields['info'] ?? '');
    case 'api.command.unknown': {
      // fx/v6.0-dev/log-file-3peer.txt `api.command.unknown command=show nonsense`. The 6.0 socket
      // helper sends a bare `bye` on every disconnect, which API v6 does not know: noise, not a rejection.
      const command = fields['command'] ?? '';
      return reset(command === 'bye' ? 'info' : 'api-rejected');
    }
    case 'api.message': {
      // `api.message content=teardown scheduled for neighbor 127.0.2.2 local-ip …` (fx/v6.0-dev/log-stdout-3peer.txt)
      const content = fields['content'] ?? '';
      if (RE_API_ACTION.test(content)) {
        reset('api-command');
        out.neighbor = ip(RE_NEIGHBOR_WORD.exec(content)?.[1]);
        return out;
      }
      return reset('info');
    }
    case 'api.command.received': // smp/v6.0-dev/debug-startup-1peer.log
      return reset('api-command');
    case 'api.response.content':
      return apiResponse(fields);
    case 'startup.comment': // `message=environment file missing`: <27> = error over syslog, advice really
    case 'pid.created': // `pid.created path=… value=…`: <28> = warning over syslog (smp/v6.0-dev/log-destination-syslog.txt)
    case 'pid.removed':
    case 'api.answer.mode.mismatch':
      // On every CLI answer; <28> = warning over syslog (smp/v6.0-dev/log-destination-syslog.txt). Noise.
      return reset('info');
    case 'config.reload.failed': // smp/v6.0-dev/log-bad-keyword.txt
    case 'config.reload.error':
      return reset('config-error');
    case 'async.mainloop.exception': {
      // fx/v6.0-dev/log-stdout-3peer.txt `error=Cease / Peer De-configured` (a NOTIFICATION);
      // fx/v6.0-dev/log-traceback-storm.txt `error='EOR' object has no attribute 'data'` (a bug).
      const error = fields['error'] ?? '';
      if (RE_NOTIFICATION_NAME.test(error)) return notification(null, null, error);
      return reset('error');
    }
    case 'async.callback.error': // smp/v6.0-dev/log-destination-file.txt `error=crash test of the API`
    case 'peer.exception.unhandled': // fx/v6.0-dev/log-traceback-storm.txt, before the banner
      return reset('error');
    case 'connection.failed': // fx/v6.0-dev-lives/log-debug-2lives.txt `connection.failed peer=127.0.147.4 port=17904`
      reset('connect-failed');
      out.neighbor = ip(fields['peer']);
      return out;
    case 'connection.error': {
      // the same attempt, next line: `connection.error error=[Errno 111] Connect call failed ('127.0.147.4', 17904)`
      reset('connect-failed');
      out.neighbor = ip(RE_CONNECT_CALL.exec(fields['error'] ?? '')?.[1]);
      return out;
    }
    case 'async.connection.attempt': // smp/v6.0-dev/debug-startup-1peer.log `… peer=127.0.0.2 port=17902 …`
      reset('info');
      out.neighbor = ip(fields['peer']);
      return out;
    default:
      if (name.endsWith('.error') || name.endsWith('.failed') || name.endsWith('.exception')) return reset('error');
      return byLevel(line);
  }
}

function analyzeText(m: string, line: LogLine): LineAnalysis {
  const c = m.charCodeAt(0);
  // Quick dispatch on the first character: most lines need one or two tests.
  switch (c) {
    case 84: // T
      if (RE_TRACEBACK.test(m)) return reset('traceback');
      if (m === 'Thank you for using ExaBGP') return reset('startup'); // 4.2/5.0 `welcome` line
      break;
    case 69: // E
      if (RE_BANNER_TITLE.test(m)) return reset('traceback');
      break;
    case 42: // *
      if (RE_STARS.test(m)) return reset('traceback');
      break;
    case 115: // s
      if (m.startsWith('statistics for ')) return statistics(m);
      if (RE_SYNTAX_ERROR.test(m)) return reset('config-error');
      if (m === 'scheduling shutdown') return reset('shutdown'); // fx/v4.2, fx/v5.0.15
      {
        const stop = RE_STOP.exec(m); // 4.2 debug at shutdown
        if (stop) return down(null, stop[1] ?? null);
      }
      break;
    case 108: // l
      if (RE_CONFIG_LINE.test(m) && (line.source === 'configuration' || line.source === null)) return reset('config-error');
      break;
    case 105: // i
    case 34: // "
    case 39: // '
    case 99: // c
      if (RE_CONFIG_DETAIL.test(m) && (line.source === 'configuration' || line.source === null)) return reset('config-error');
      if (c === 99) {
        let x = RE_NOT_UNDERSTOOD.exec(m);
        if (x) return reset('api-rejected');
        x = RE_CONN_CLOSED.exec(m);
        if (x) return down(ip(x[1]), null);
        x = RE_CONNECTED.exec(m);
        if (x) {
          reset('session-up');
          out.neighbor = pairPeer(x[3]);
          out.names = [x[1] ?? '', x[2] ?? ''];
          return out;
        }
        if (RE_COMMAND_FROM.test(m)) return reset('api-command');
      }
      break;
    case 112: // p
      {
        const x = RE_PEER_RESET.exec(m);
        if (x) {
          const reason = x[2] ? `${x[1]}: ${x[2]}` : (x[1] ?? null);
          return down(null, reason);
        }
        if (m === 'performing shutdown') return reset('shutdown');
      }
      break;
    case 83: // S
      if (m === 'SIGTERM received' || m === 'SIGINT received') return reset('shutdown');
      break;
    case 67: // C
      // `Created PIDfile … with value …`: logged at WARNING (<28> in smp/v5.0/log-destination-syslog.txt). Not a warning.
      if (m.startsWith('Created PIDfile ')) return reset('info');
      break;
    case 60: // <
      if (RE_NOTIF_RECEIVED.test(m)) return notification(null, 'received', 'NOTIFICATION');
      break;
    case 62: // >
      {
        // The text holds the RFC 8203 shutdown-communication length byte raw (`"\x17Administrative
        // Shutdown"` in smp/lab-v4.2-debug-packets/exabgp-3peer.log): control characters dropped.
        const x = RE_NOTIF_SENT.exec(m);
        if (x) return notification(null, 'sent', (x[1] ?? '').replace(RE_CONTROL, ''));
      }
      break;
    case 114: // r
    case 116: // t
    case 102: // f
      if (RE_API_ACTION.test(m)) {
        reset('api-command');
        out.neighbor = ip(RE_NEIGHBOR_WORD.exec(m)?.[1]);
        return out;
      }
      // 5.0's launcher runs git: `fatal: not a git repository …` (smp/v5.0/log-bad-keyword.txt). Noise.
      if (c === 102 && m.startsWith('fatal: not a git repository')) return reset('info');
      break;
    case 97: // a
      {
        const x = RE_ASYNC.exec(m);
        if (x) return reset(x[2] === 'problem with function' ? 'error' : 'api-command');
        const at = RE_ATTEMPT.exec(m);
        if (at) {
          reset('info');
          out.neighbor = ip(at[1]);
          return out;
        }
      }
      break;
    case 101: // e
    case 103: // g
      // 5.0/6.0 `environment file missing` / `generate it using …`: advice sent at ERROR level
      // (<27> in smp/v5.0/log-destination-syslog.txt, red in the 5.0 crash replay). Not an error.
      if (m === 'environment file missing' || m.startsWith('generate it using "exabgp env')) return reset('info');
      break;
    default:
      break;
  }
  // `outgoing-1 127.0.0.1-127.0.0.2, closing connection` / `… lost TCP session with peer`
  if (c === 111 || c === 105) {
    let x = RE_CLOSING.exec(m);
    if (x) return down(pairPeer(x[1]), null);
    x = RE_LOST_TCP.exec(m);
    if (x) return down(ip(x[1]), 'lost TCP session with peer');
  }
  if (RE_WARNING.test(m)) return reset('warning');
  return byLevel(line);
}

/** Classify and extract, reusing one result object: read it before the next call. */
export function analyzeLine(line: LogLine): LineAnalysis {
  const m = line.message;
  // parseLine fills `event`; a LogLine built elsewhere may leave it null on an event message.
  const ev = line.event ?? parseEvent(m);
  if (ev !== null) return analyzeEvent(ev.name, ev.fields, line);
  const a = analyzeText(m, line);
  if (a.cls === 'info' && line.source === 'welcome') a.cls = 'startup';
  // A line about a connection names its peer: `attempting connection to …` from `outgoing-3`.
  if (a.neighbor !== null && a.names === null && line.source !== null && SESSION_NAME.test(line.source)) a.names = [line.source];
  return a;
}

/** The class of one line. */
export function classify(line: LogLine): LogClass {
  try {
    return analyzeLine(line).cls;
  } catch {
    return 'info';
  }
}

/** A neighbor fact the line alone proves (a down needs an address in the line; use the pipeline for more). */
export function neighborFact(line: LogLine): NeighborFact | null {
  let a: LineAnalysis;
  try {
    a = analyzeLine(line);
  } catch {
    return null;
  }
  return factOf(a, line.time, a.neighbor);
}

/** Build the NeighborFact of an analysis, with `address` possibly filled by the pipeline. */
export function factOf(a: LineAnalysis, time: number, address: string | null): NeighborFact | null {
  switch (a.fact) {
    case 'down':
      return address === null ? null : { kind: 'down', address, time, reason: a.reason };
    case 'notification':
      return { kind: 'notification', address, time, direction: a.direction, text: a.text };
    case 'down-counter':
      return { kind: 'down-counter', address, time, counter: a.counter };
    default:
      return null;
  }
}

/** A NOTIFICATION named in a down reason: `notification received (6,3)` → direction and text. */
export function notificationInReason(reason: string | null): { direction: 'sent' | 'received'; text: string } | null {
  if (reason === null) return null;
  const m = RE_NOTIF_IN_REASON.exec(reason);
  if (!m) return null;
  return { direction: m[1] === 'sent' ? 'sent' : 'received', text: reason };
}

// ExaBGP's names of the NOTIFICATION codes and subcodes, as `str(Notification)` prints them
// (`{code} / {subcode}[ / data]`, src/exabgp/bgp/message/notification.py at 4460078e0, the 6.0-dev
// commit of fx/v6.0-dev): `Cease / Peer De-configured` is `(6,3)`.
const NOTIFICATION_CODES: Readonly<Record<string, number>> = {
  'message header error': 1,
  'open message error': 2,
  'update message error': 3,
  'hold timer expired': 4,
  'state machine error': 5,
  cease: 6,
};
const NOTIFICATION_SUBCODES: Readonly<Record<string, number>> = {
  '1 unspecific': 0, '1 connection not synchronized': 1, '1 bad message length': 2, '1 bad message type': 3,
  '2 unspecific': 0, '2 unsupported version number': 1, '2 bad peer as': 2, '2 bad bgp identifier': 3,
  '2 unsupported optional parameter': 4, '2 authentication notification (deprecated)': 5, '2 unacceptable hold time': 6,
  '2 unsupported capability': 7, '2 grouping conflict': 8, '2 grouping required': 9, '2 capability value mismatch': 10,
  '3 unspecific': 0, '3 malformed attribute list': 1, '3 unrecognized well-known attribute': 2, '3 missing well-known attribute': 3,
  '3 attribute flags error': 4, '3 attribute length error': 5, '3 invalid origin attribute': 6, '3 as routing loop': 7,
  '3 invalid next_hop attribute': 8, '3 optional attribute error': 9, '3 invalid network field': 10, '3 malformed as_path': 11,
  '4 unspecific': 0, '5 unspecific': 0, '5 receive unexpected message in opensent state': 1,
  '5 receive unexpected message in openconfirm state': 2, '5 receive unexpected message in established state': 3,
  '6 unspecific': 0, '6 maximum number of prefixes reached': 1, '6 administrative shutdown': 2, '6 peer de-configured': 3,
  '6 administrative reset': 4, '6 connection rejected': 5, '6 other configuration change': 6,
  '6 connection collision resolution': 7, '6 out of resources': 8,
};
const RE_CODE_PAIR = /\((\d+),(\d+)\)/;

/** `code,subcode` of a NOTIFICATION from what a line says: `(6,3)` in an API event or a down
 *  reason, or ExaBGP's own names (`Cease / Peer De-configured`); null when it says neither. */
export function notificationCode(text: string | null): string | null {
  if (text === null) return null;
  const pair = RE_CODE_PAIR.exec(text);
  if (pair) return `${pair[1]},${pair[2]}`;
  const parts = text.split(' / ');
  const code = NOTIFICATION_CODES[(parts[0] ?? '').trim().toLowerCase()];
  if (code === undefined) return null;
  const sub = NOTIFICATION_SUBCODES[`${code} ${(parts[1] ?? '').trim().toLowerCase()}`];
  return sub === undefined ? `${code}` : `${code},${sub}`;
}

export const isSessionName = (source: string | null): boolean => source !== null && SESSION_NAME.test(source);
