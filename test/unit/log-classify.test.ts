import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify, isIpAddress, neighborFact } from '../../src/core/logs/classify.js';
import { parseLine } from '../../src/core/logs/parse-line.js';
import type { LogClass, LogLevel, LogLine } from '../../src/core/logs/types.js';
import { allLogCaptures, captureLines, daemonLines, decodePythonBytes, localTime } from '../support/log-captures.js';

const AT = localTime(15, 25, 0);

/** The parsed line, after checking it really is in the capture. */
function real(path: string, line: string): LogLine {
  expect(captureLines(path), `${path} holds ${JSON.stringify(line)}`).toContain(line);
  return parseLine(path.includes('syslog.txt') ? decodePythonBytes(line) : line, AT, path);
}

const cls = (path: string, line: string): LogClass => classify(real(path, line));

describe('api-rejected: a command the daemon did not understand', () => {
  it.each([
    ['v4.2/log-stdout-3peer.txt', '15:23:27 | 17477  | api             | command from process not understood : show nonsense'],
    ['v4.2/log-file-3peer.txt', 'Mon, 23 Nov 2026 15:23:42 17832  api           command from process not understood : show nonsense'],
    ['v5.0.15/log-stdout-3peer.txt', 'api             command from process not understood : show nonsense'],
    ['v5.0.15/log-file-3peer.txt', '15:24:13 18882  api             command from process not understood : show nonsense'],
    ['v6.0-dev/log-stdout-3peer.txt', 'api             api.command.unknown command=show nonsense'],
    ['v6.0-dev/log-file-3peer.txt', '15:22:41 16263  api             api.command.unknown command=show nonsense'],
    ['v6.0-dev-api4/log-stdout-3peer-api4.txt', 'api             api.command.unknown command=show nonsense'],
    ['v6.0-dev/log-stdout-3peer.txt', 'api             api.command.unknown command=show neighbor extensive'],
  ])('%s: %s', (path, line) => {
    expect(cls(path, line)).toBe('api-rejected');
  });

  it('6.0 `command=bye` (sent by its own socket helper at every disconnect) is not a rejection', () => {
    expect(cls('v6.0-dev/log-stdout-3peer.txt', 'api             api.command.unknown command=bye')).toBe('info');
  });
});

describe('config-error: the bad-keyword and bad-peeras captures', () => {
  it.each([
    ['log-samples/v4.2/log-bad-keyword.txt', '22:36:33 | 17584  | configuration   | syntax error in section neighbor'],
    ['log-samples/v4.2/log-bad-keyword.txt', '22:36:33 | 17584  | configuration   | line 6: frobnicate yes ;'],
    ['log-samples/v4.2/log-bad-keyword.txt', '22:36:33 | 17584  | configuration   | invalid keyword "frobnicate"'],
    ['log-samples/v4.2/log-bad-peeras.txt', '22:36:33 | 17581  | configuration   | "notanumber" is an invalid ASN'],
    ['log-samples/v5.0/log-bad-keyword.txt', 'configuration   could not load/reload configuration'],
    ['log-samples/v5.0/log-bad-peeras.txt', 'configuration   line 5: peer-as notanumber ;'],
    ['log-samples/v5.0/log-bad-peeras.txt', 'configuration   "notanumber" is an invalid ASN, expecting a number or <high>.<low>'],
    ['log-samples/v6.0-dev/log-bad-keyword.txt', 'configuration   config.reload.failed'],
    ['log-samples/v6.0-dev/log-bad-keyword.txt', 'configuration   config.reload.error error='],
    ['log-samples/v6.0-dev/log-bad-keyword.txt', 'configuration   syntax error in section neighbor'],
    ['log-samples/v6.0-dev/log-bad-peeras.txt', "configuration   'notanumber' is not a valid ASN"],
  ])('%s: %s', (path, line) => {
    expect(cls(path, line)).toBe('config-error');
  });

  it('the lines around them are not: the reload line and 4.2\'s misleading "no change found"', () => {
    expect(cls('log-samples/v4.2/log-bad-keyword.txt', '22:36:33 | 17584  | configuration   | not reloaded, no change found in the configuration')).toBe('info');
    expect(cls('log-samples/v6.0-dev/log-bad-keyword.txt', 'configuration   config.reload version=6.0.0-20261122+HEAD-4460078e00')).toBe('info');
  });
});

describe('session-down, with the neighbor address in the fact', () => {
  it.each([
    ['v5.0.15/log-stdout-3peer.txt', 'outgoing-2      outgoing-2 127.0.1.1-127.0.1.3, closing connection', '127.0.1.3', null],
    ['v5.0.15/log-stdout-3peer.txt', 'outgoing-2      connection to 127.0.1.3 closed', '127.0.1.3', null],
    ['v5.0.15/log-file-3peer.txt', '15:24:17 18882  outgoing-1      outgoing-1 127.0.1.1-127.0.1.2, closing connection', '127.0.1.2', null],
    ['log-samples/lab-v5.0/exabgp-1peer.log', 'outgoing-1      outgoing-1 127.0.0.1-127.0.0.2 127.0.0.2 lost TCP session with peer', '127.0.0.2', 'lost TCP session with peer'],
    ['v6.0-dev/log-stdout-3peer.txt', 'outgoing-1      connection.closing name=outgoing-1 127.0.2.1-127.0.2.3', '127.0.2.3', null],
    ['v6.0-dev/log-stdout-3peer.txt', 'outgoing-1      connection.closed peer=127.0.2.2', '127.0.2.2', null],
    ['log-samples/lab-v6.0-dev/exabgp-1peer.log', 'outgoing-1      tcp.session.lost name=outgoing-1 127.0.0.1-127.0.0.2 peer=127.0.0.2', '127.0.0.2', 'lost TCP session with peer'],
    ['log-samples/v5.0/log-destination-syslog.txt', "b'<28>outgoing-1      outgoing-1 127.0.0.1-127.0.0.2, closing connection\\x00'", '127.0.0.2', null],
  ])('%s: %s', (path, line, address, reason) => {
    const parsed = real(path, line);
    expect(classify(parsed)).toBe('session-down');
    expect(neighborFact(parsed)).toEqual({ kind: 'down', address, time: parsed.time, reason });
  });

  it('6.0 echoes the API event: the down state of the monitor process, with its reason', () => {
    const raw = captureLines('v6.0-dev/log-stdout-3peer.txt').find((l) => l.includes('"state": "down", "reason": "notification received (6,3)"')) ?? '';
    expect(raw.startsWith('api             api.response.content process=monitor response={ "exabgp": "6.0.0"')).toBe(true);
    const line = parseLine(raw, AT, 'x');
    expect(classify(line)).toBe('session-down');
    expect(neighborFact(line)).toEqual({ kind: 'down', address: '127.0.2.3', time: AT, reason: 'notification received (6,3)' });
  });

  it('4.2 at debug: `peer reset` names the reason but no address (the pipeline finds it from the connection name)', () => {
    const line = real('log-samples/lab-v4.2-debug-packets/exabgp-3peer.log', '22:20:01 | 12344  | outgoing-1      | peer reset, message [notification received (6,2)] error[Cease / Administrative Shutdown]');
    expect(classify(line)).toBe('session-down');
    expect(neighborFact(line)).toBeNull();
  });
});

describe('session-up', () => {
  it.each([
    ['v4.2/log-stdout-3peer.txt', '15:23:22 | 17477  | reactor         | connected to peer-1 with outgoing-2 127.0.1.1-127.0.1.2'],
    ['v4.2/log-file-3peer.txt', 'Mon, 23 Nov 2026 15:23:47 17832  reactor       connected to peer-1 with outgoing-11 127.0.1.1-127.0.1.2'],
    ['v5.0.15/log-stdout-3peer.txt', 'reactor         connected to peer-1 with outgoing-11 127.0.1.1-127.0.1.2'],
    ['v6.0-dev/log-stdout-3peer.txt', 'reactor         peer.connected peer=peer-2 connection=outgoing-3 127.0.2.1-127.0.2.2'],
  ])('%s: %s', (path, line) => {
    expect(cls(path, line)).toBe('session-up');
  });

  it('not session-up: the TCP connect at debug, a CLI answer echoed into the 6.0 log, the API `connected` state', () => {
    expect(cls('log-samples/v6.0-dev/debug-startup-1peer.log', 'outgoing-1      connection.established peer=127.0.0.2 port=17902')).toBe('info');
    const answer = captureLines('log-samples/lab-v6.0-dev-api4/exabgp-1peer.log').find((l) => / established /.test(l) && l.includes('response=127.0.0.2'));
    expect(answer).toBeDefined();
    expect(classify(parseLine(answer ?? '', AT, 'x'))).toBe('info');
    const connected = captureLines('v6.0-dev/log-stdout-3peer.txt').find((l) => l.includes('"state": "connected"'));
    expect(classify(parseLine(connected ?? '', AT, 'x'))).toBe('info');
  });

  it('no CLI answer echoed by 6.0 (`process=api-internal-cli-…`) is ever a session event, in any capture', () => {
    let seen = 0;
    for (const path of allLogCaptures()) {
      for (const raw of daemonLines(path)) {
        if (!raw.includes('api.response.content process=api-internal-cli')) continue;
        seen++;
        const c = classify(parseLine(raw, AT, path));
        if (c === 'session-up' || c === 'session-down' || c === 'notification') throw new Error(`${path}: ${raw.slice(0, 120)} → ${c}`);
      }
    }
    expect(seen).toBeGreaterThan(300);
  });
});

describe('notification', () => {
  it('6.0: a NOTIFICATION surfacing as `async.mainloop.exception` (gobgpd killed → 6/3)', () => {
    const line = real('v6.0-dev/log-stdout-3peer.txt', 'peer-3          async.mainloop.exception error=Cease / Peer De-configured');
    expect(classify(line)).toBe('notification');
    expect(neighborFact(line)).toEqual({ kind: 'notification', address: null, time: AT, direction: null, text: 'Cease / Peer De-configured' });
  });

  it('the same event with a Python error is an error, not a NOTIFICATION', () => {
    expect(cls('v6.0-dev/log-traceback-storm.txt', "peer-2          async.mainloop.exception error='EOR' object has no attribute 'data'")).toBe('error');
  });

  it('4.2 at debug: received and sent', () => {
    const received = real('log-samples/lab-v4.2-debug-packets/exabgp-3peer.log', '22:20:01 | 12344  | outgoing-1      | << message of type NOTIFICATION');
    expect(neighborFact(received)).toMatchObject({ kind: 'notification', direction: 'received' });
    // The line holds the shutdown communication's length byte (0x17) raw; the fact's text drops it.
    const sent = real('log-samples/lab-v4.2-debug-packets/exabgp-3peer.log', '22:20:06 | 12344  | outgoing-10     | >> NOTIFICATION (6,2,"\x17Administrative Shutdown")');
    expect(classify(sent)).toBe('notification');
    expect(neighborFact(sent)).toMatchObject({ kind: 'notification', direction: 'sent', text: '6,2,"Administrative Shutdown"' });
  });

  it('a NOTIFICATION event echoed by 6.0 (the 4.2 event stream\'s JSON in the 6.0 echo form; composed)', () => {
    const event = captureLines('v4.2/api-events-3peer.txt').find((l) => l.includes('"direction": "send", "notification": { "code": 6, "subcode": 2'));
    expect(event).toBeDefined();
    const json = (event ?? '').slice((event ?? '').indexOf(' ') + 1);
    const line = parseLine(`api             api.response.content process=monitor response=${json}`, AT, 'x');
    expect(classify(line)).toBe('notification');
    expect(neighborFact(line)).toEqual({ kind: 'notification', address: '127.0.1.2', time: AT, direction: 'sent', text: '(6,2)' });
  });

  it('the daemon telling its API processes it stops (`"notification": "shutdown"`) is not a BGP NOTIFICATION', () => {
    const raw = captureLines('v6.0-dev/log-stdout-3peer-shutdown.txt').find((l) => l.includes('process=monitor') && l.includes('"notification": "shutdown"'));
    expect(classify(parseLine(raw ?? '', AT, 'x'))).toBe('info');
  });
});

describe('statistics and the down counter', () => {
  it.each([
    ['v5.0.15/log-stdout-3peer.txt', 'statistics      statistics for down counter 1', 1],
    ['v5.0.15/log-file-3peer.txt', '15:24:17 18882  statistics      statistics for down counter 1', 1],
    ['v6.0-dev/log-stdout-3peer.txt', 'statistics      statistics.changed info=statistics for down counter 2', 2],
    ['log-samples/v6.0-dev/traceback-eor-attributeerror-filelog.txt', '22:36:57 17880  statistics      statistics.changed info=statistics for down counter 1', 1],
  ])('%s: %s → down-counter %d', (path, line, counter) => {
    const parsed = real(path, line);
    expect(classify(parsed)).toBe('statistics');
    expect(neighborFact(parsed)).toEqual({ kind: 'down-counter', address: null, time: parsed.time, counter });
  });

  it('other counters and the time line are statistics without a fact', () => {
    for (const line of ['statistics      statistics for up counter 2', 'statistics      statistics for send-notification counter 0', 'statistics      statistics for complete time 2026-11-23 15:24:02']) {
      const parsed = real('v5.0.15/log-stdout-3peer.txt', line);
      expect(classify(parsed), line).toBe('statistics');
      expect(neighborFact(parsed), line).toBeNull();
    }
  });
});

describe('api-command, startup, shutdown, traceback, error, warning', () => {
  it.each([
    ['v4.2/log-stdout-3peer.txt', '15:23:31 | 17477  | api             | teardown scheduled for neighbor 127.0.1.2', 'api-command'],
    ['v5.0.15/log-stdout-3peer.txt', 'processes       teardown scheduled for neighbor 127.0.1.2', 'api-command'],
    ['log-samples/lab-v4.2/exabgp-1peer.log', '22:39:29 | 19169  | api             | route added to neighbor 127.0.0.2 local-ip 127.0.0.1 local-as 65001 peer-as 65002 router-id 127.0.0.1 family-allowed in-open : 10.0.0.0/24 next-hop self', 'api-command'],
    ['log-samples/lab-v6.0-dev/exabgp-1peer.log', 'processes       api.message content=route added to neighbor 127.0.0.2 local-ip 127.0.0.1 local-as 65001 peer-as 65002 router-id 127.0.0.1 family-allowed in-open : 10.0.0.0/24 next-hop self', 'api-command'],
    ['v4.2/log-stdout-3peer.txt', '15:23:22 | 17477  | welcome         | Thank you for using ExaBGP', 'startup'],
    ['v5.0.15/log-stdout-3peer.txt', 'welcome         Thank you for using ExaBGP', 'startup'],
    ['v6.0-dev/log-stdout-3peer.txt', 'startup         startup.banner message=thank_you_for_using_exabgp', 'startup'],
    ['v4.2/log-stdout-3peer.txt', '15:23:34 | 17477  | reactor         | SIGTERM received', 'shutdown'],
    ['v5.0.15/log-stdout-3peer.txt', 'reactor         performing shutdown', 'shutdown'],
    ['v6.0-dev/log-stdout-3peer-shutdown.txt', 'reactor         signal.received signal=SIGTERM', 'shutdown'],
    ['v6.0-dev/log-stdout-3peer-shutdown.txt', 'reactor         reactor.shutdown', 'shutdown'],
    ['log-samples/v5.0/log-destination-syslog.txt', "b'<26>reactor         SIGTERM received\\x00'", 'shutdown'],
    ['v6.0-dev/log-traceback-storm.txt', 'reactor         Traceback (most recent call last):', 'traceback'],
    ['v6.0-dev/log-traceback-storm.txt', 'reactor         EXABGP MISBEHAVED / HELP US FIX IT', 'traceback'],
    ['log-samples/v5.0/traceback-version-json-daemon-crash.log', 'EXABGP HAD AN INTERNAL ISSUE / HELP US FIX IT', 'traceback'],
    ['v6.0-dev/log-traceback-storm.txt', 'reactor         peer.exception.unhandled error=', 'error'],
    ['log-samples/v6.0-dev/log-destination-file.txt', '22:37:30 18272  reactor         async.callback.error uid=api-internal-cli-socket-4bf2bba2 error=crash test of the API', 'error'],
    ['log-samples/v4.2/log-destination-file.txt', 'Sun, 22 Nov 2026 22:36:16 17454  reactor       async | api-internal-cli-1ed5775e | problem with function', 'error'],
    ['log-samples/v5.0/log-destination-file.stdout.txt', "warning: could not open log file '/var/lib/exabgp-lab/exabgp-file.log': [Errno 13] Permission denied: '/var/lib/exabgp-lab/exabgp-file.log'; falling back to stdout", 'warning'],
    ['v6.0-dev-api4/log-stdout-3peer-api4.txt', 'processes       API v4 is deprecated. Set exabgp_api_version=6 to use v6 (JSON only).', 'warning'],
    ['v6.0-dev/log-stdout-3peer.txt', 'processes       Text encoder requested but API v6 is JSON-only. Using JSON encoder.', 'warning'],
  ])('%s: %s → %s', (path, line, expected) => {
    expect(cls(path, line)).toBe(expected);
  });

  it('lines the daemon sends at warning/error level that are not problems stay info', () => {
    expect(cls('log-samples/v5.0/log-destination-syslog.txt', "b'<27>advice          environment file missing\\x00'")).toBe('info');
    expect(cls('log-samples/v5.0/log-destination-syslog.txt', "b'<28>daemon          Created PIDfile /var/lib/exabgp-lab/run/exabgp.pid with value 17739\\x00'")).toBe('info');
    expect(cls('log-samples/v6.0-dev/log-destination-syslog.txt', "b'<28>processes       api.answer.mode.mismatch service=api-internal-cli-pipe-511f30ce mode=async expected=answer_done\\x00'")).toBe('info');
    expect(cls('log-samples/v5.0/log-bad-keyword.txt', 'fatal: not a git repository (or any of the parent directories): .git')).toBe('info');
  });

  it('every line of the 4.2 stdout capture, in order', () => {
    const classes = daemonLines('v4.2/log-stdout-3peer.txt').map((l) => classify(parseLine(l, AT, 'x')));
    expect(classes).toEqual([
      'startup', ...Array<LogClass>(10).fill('info'), 'session-up', 'session-up', 'api-rejected', 'api-command', 'session-up', 'shutdown', 'shutdown', 'shutdown', 'info',
    ]);
  });

  it('every datagram of the syslog captures, in order (the priorities say warning/error for much that is not)', () => {
    const classes = (v: string): LogClass[] => daemonLines(`log-samples/${v}/log-destination-syslog.txt`).map((l) => classify(parseLine(l, AT, v)));
    const st = Array<LogClass>(8).fill('statistics');
    expect(classes('v4.2')).toEqual(['info', 'session-up', 'shutdown', 'shutdown', 'shutdown', 'info']);
    expect(classes('v5.0')).toEqual(['startup', ...Array<LogClass>(8).fill('info'), 'session-up', ...st, 'shutdown', 'shutdown', 'shutdown', 'info', 'session-down', 'session-down']);
    expect(classes('v6.0-dev')).toEqual([
      'startup', ...Array<LogClass>(6).fill('info'), 'warning', 'warning', 'info', 'session-up', ...st.slice(1), 'info', 'info',
      'shutdown', 'shutdown', 'shutdown', 'info', 'session-down', 'session-down', 'info', 'info',
    ]);
  });

  it('the level decides when no pattern does', () => {
    const base = real('log-samples/v5.0/log-destination-syslog.txt', "b'<30>network         stopped listening on 127.0.0.1:17900\\x00'");
    expect(classify(base)).toBe('info');
    const levels: [LogLevel, LogClass][] = [['critical', 'error'], ['error', 'error'], ['warning', 'warning'], ['debug', 'info']];
    for (const [level, expected] of levels) expect(classify({ ...base, level }), level).toBe(expected);
  });

  it('classify reads events itself when a LogLine was built without them', () => {
    const line = real('v6.0-dev/log-stdout-3peer.txt', 'outgoing-1      connection.closed peer=127.0.2.2');
    expect(classify({ ...line, event: null })).toBe('session-down');
    expect(neighborFact({ ...line, event: null })).toMatchObject({ kind: 'down', address: '127.0.2.2' });
  });
});

describe('addresses', () => {
  it('IPv4 and IPv6 are recognised, other things are not', () => {
    for (const a of ['127.0.1.3', '0.0.0.0', '2001:db8::1', '::1', 'fe80::1:2', '::ffff:192.0.2.1', '1:2:3:4:5:6:7:8']) expect(isIpAddress(a), a).toBe(true);
    for (const a of ['256.0.0.1', '127.0.1', '15:23:22', 'peer-1', '1:2:3:4:5:6:7:8:9', '2001:db8:::1', '', 'outgoing-1']) expect(isIpAddress(a), a).toBe(false);
  });

  it('an IPv6 neighbor in the 5.0/6.0 forms (same lines as the captures, v6 addresses)', () => {
    const closing = parseLine('outgoing-4      outgoing-4 2001:db8::1-2001:db8::2, closing connection', AT, 'x');
    expect(neighborFact(closing)).toMatchObject({ kind: 'down', address: '2001:db8::2' });
    const closed = parseLine('outgoing-1      connection.closed peer=2001:db8::2', AT, 'x');
    expect(neighborFact(closed)).toMatchObject({ kind: 'down', address: '2001:db8::2' });
  });
});

describe('properties', () => {
  const real = allLogCaptures().flatMap((p) => daemonLines(p)).filter((_, i) => i % 5 === 0);
  const classes = new Set<LogClass>(['traceback', 'error', 'warning', 'notification', 'session-up', 'session-down', 'config-error', 'api-command', 'api-rejected', 'startup', 'shutdown', 'statistics', 'info']);

  it('every truncation of real lines classifies without throwing, to a known class', () => {
    for (const l of real) {
      for (let n = 0; n <= l.length; n += l.length > 300 ? 29 : 1) {
        const line = parseLine(l.slice(0, n), AT, 'p');
        const c = classify(line);
        if (!classes.has(c)) throw new Error(`unknown class ${c}`);
        neighborFact(line);
      }
    }
  });

  it('arbitrary LogLine objects never throw', () => {
    const level = fc.constantFrom<LogLevel | null>(null, 'debug', 'info', 'warning', 'error', 'critical');
    const fields = fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 40 }), { maxKeys: 4 });
    const line = fc.record({
      time: fc.double(),
      pid: fc.option(fc.integer()),
      source: fc.option(fc.string({ maxLength: 20 })),
      level,
      message: fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom(...real.slice(0, 200))),
      event: fc.option(fc.record({ name: fc.constantFrom('peer.connected', 'connection.closing', 'api.response.content', 'statistics.changed', 'api.command.unknown', 'async.mainloop.exception', 'x.y'), fields })),
      shape: fc.constantFrom('short' as const, 'raw' as const, 'long' as const),
      origin: fc.string({ maxLength: 5 }),
    });
    fc.assert(
      fc.property(line, (l) => {
        expect(classes.has(classify(l))).toBe(true);
        neighborFact(l);
      }),
      { numRuns: 3000 },
    );
  });
});
