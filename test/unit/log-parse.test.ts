import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binaryStrings300 } from '../support/fast-check.js';
import { stripAnsi } from '../../src/core/logs/ansi.js';
import { parseEvent, parseJournalRecord, parseLine } from '../../src/core/logs/parse-line.js';
import type { LineShape } from '../../src/core/logs/types.js';
import { allLogCaptures, captureLines, daemonLines, decodePythonBytes, isAnnotation, localTime } from '../support/log-captures.js';

/** `line`, after checking it really is a line of the capture `path` (so every quote below is real). */
function real(path: string, line: string): string {
  expect(captureLines(path), `${path} holds ${JSON.stringify(line)}`).toContain(line);
  return line;
}

/** Read during the capture day, a few seconds after the quoted time. */
const AT = localTime(15, 25, 0);
const ORIGIN = 'test';

describe('4.2 stdout: HH:MM:SS | PID | source | message', () => {
  const path = 'v4.2/log-stdout-3peer.txt';

  it('cuts time, pid, source and message; the time is on the read day', () => {
    const line = parseLine(real(path, '15:23:22 | 17477  | welcome         | Thank you for using ExaBGP'), AT, ORIGIN);
    expect(line).toEqual({
      time: localTime(15, 23, 22),
      pid: 17477,
      source: 'welcome',
      level: null,
      message: 'Thank you for using ExaBGP',
      event: null,
      shape: '4.2-stdout',
      origin: ORIGIN,
    });
  });

  it('keeps a two-word source and the message spacing', () => {
    const line = parseLine(real(path, '15:23:22 | 17477  | cli control     | to send commands  /tmp/fx-lab-42/run/fx42.in'), AT, ORIGIN);
    expect(line.source).toBe('cli control');
    expect(line.message).toBe('to send commands  /tmp/fx-lab-42/run/fx42.in');
  });

  it('the rejected API command line', () => {
    const line = parseLine(real(path, '15:23:27 | 17477  | api             | command from process not understood : show nonsense'), AT, ORIGIN);
    expect([line.pid, line.source, line.message]).toEqual([17477, 'api', 'command from process not understood : show nonsense']);
  });

  it('an empty message (the blank line before a config error)', () => {
    const line = parseLine(real('log-samples/v4.2/log-bad-keyword.txt', '22:36:33 | 17584  | configuration   | '), localTime(22, 36, 40, 22), ORIGIN);
    expect([line.shape, line.source, line.message]).toEqual(['4.2-stdout', 'configuration', '']);
  });

  it('a message holding ` | ` itself (4.2 debug config dump) is cut at the third bar only', () => {
    const raw = real('log-samples/lab-v4.2-debug-packets/exabgp-1peer.log', "22:19:43 | 12080  | configuration   | > neighbor         | '127.0.0.2'");
    const line = parseLine(raw, localTime(22, 20, 0, 22), ORIGIN);
    expect([line.source, line.message]).toEqual(['configuration', "> neighbor         | '127.0.0.2'"]);
  });

  it('every line of the 4.2 stdout captures is 4.2-stdout', () => {
    for (const p of [path, 'v4.2/log-file-3peer.stdout.txt', 'log-samples/lab-v4.2/exabgp-3peer.log', 'log-samples/lab-v4.2-debug-packets/exabgp-3peer.log']) {
      const shapes = new Set(daemonLines(p).map((l) => parseLine(l, AT, ORIGIN).shape));
      expect([...shapes], p).toEqual(['4.2-stdout']);
    }
  });
});

describe('4.2 file: full local date, pid, source (13 wide), message', () => {
  it('takes the time from the line, not from when it was read', () => {
    const raw = real('v4.2/log-file-3peer.txt', 'Mon, 23 Nov 2026 15:23:37 17832  daemon        Created PIDfile /tmp/fx-lab-42/exabgp.pid with value 17832');
    const line = parseLine(raw, localTime(18, 0, 0, 25), ORIGIN);
    expect(line).toMatchObject({
      time: localTime(15, 23, 37),
      pid: 17832,
      source: 'daemon',
      message: 'Created PIDfile /tmp/fx-lab-42/exabgp.pid with value 17832',
      shape: '4.2-file',
    });
  });

  it('a message with bars and the day before (Sun, 22 Nov)', () => {
    const raw = real('log-samples/v4.2/log-destination-file.txt', 'Sun, 22 Nov 2026 22:36:16 17454  reactor       async | api-internal-cli-1ed5775e | problem with function');
    const line = parseLine(raw, AT, ORIGIN);
    expect([line.time, line.source, line.message]).toEqual([localTime(22, 36, 16, 22), 'reactor', 'async | api-internal-cli-1ed5775e | problem with function']);
  });

  it('every line of the 4.2 file captures is 4.2-file (bar the comment line)', () => {
    for (const p of ['v4.2/log-file-3peer.txt', 'log-samples/v4.2/log-destination-file.txt']) {
      const lines = daemonLines(p).filter((l) => !isAnnotation(l));
      expect(lines.map((l) => parseLine(l, AT, ORIGIN).shape).every((s) => s === '4.2-file'), p).toBe(true);
    }
  });
});

describe('5.0/6.0 short: source column of 15, message', () => {
  it('5.0: source, message, no pid, time = when read', () => {
    const raw = real('v5.0.15/log-stdout-3peer.txt', 'outgoing-10     outgoing-10 127.0.1.1-127.0.1.3, closing connection');
    expect(parseLine(raw, AT, ORIGIN)).toEqual({
      time: AT,
      pid: null,
      source: 'outgoing-10',
      level: null,
      message: 'outgoing-10 127.0.1.1-127.0.1.3, closing connection',
      event: null,
      shape: 'short',
      origin: ORIGIN,
    });
  });

  it('6.0: the message is an event with its fields', () => {
    const raw = real('v6.0-dev/log-stdout-3peer.txt', 'reactor         peer.connected peer=peer-2 connection=outgoing-1 127.0.2.1-127.0.2.2');
    const line = parseLine(raw, AT, ORIGIN);
    expect(line.shape).toBe('short');
    expect(line.source).toBe('reactor');
    expect(line.event).toEqual({ name: 'peer.connected', fields: { peer: 'peer-2', connection: 'outgoing-1 127.0.2.1-127.0.2.2' } });
  });

  it('6.0: a response= field runs to the end of the line (JSON with spaces, colons and commas)', () => {
    const raw = captureLines('v6.0-dev/log-stdout-3peer.txt').find((l) => l.includes('"reason": "notification received (6,3)"'));
    expect(raw).toBeDefined();
    const line = parseLine(raw ?? '', AT, ORIGIN);
    expect(line.event?.name).toBe('api.response.content');
    expect(line.event?.fields['process']).toBe('monitor');
    expect(line.event?.fields['response']).toBe(raw?.slice(raw.indexOf('response=') + 'response='.length));
    expect(line.event?.fields['response']?.endsWith('"state": "down", "reason": "notification received (6,3)" } }')).toBe(true);
  });

  it('6.0: content= keeps the whole API message; an empty value stays empty; quotes inside a value stay', () => {
    const content = parseLine(real('v6.0-dev/log-stdout-3peer.txt', 'processes       api.message content=teardown scheduled for neighbor 127.0.2.2 local-ip 127.0.2.1 local-as 65001 peer-as 65002 router-id 127.0.2.1 family-allowed in-open'), AT, ORIGIN);
    expect(content.event?.fields).toEqual({ content: 'teardown scheduled for neighbor 127.0.2.2 local-ip 127.0.2.1 local-as 65001 peer-as 65002 router-id 127.0.2.1 family-allowed in-open' });
    const empty = parseLine(real('log-samples/v6.0-dev/log-bad-keyword.txt', 'configuration   config.reload.error error='), AT, ORIGIN);
    expect(empty.event).toEqual({ name: 'config.reload.error', fields: { error: '' } });
    const quoted = parseLine(real('v6.0-dev/log-traceback-storm.txt', "peer-2          async.mainloop.exception error='EOR' object has no attribute 'data'"), AT, ORIGIN);
    expect(quoted.event?.fields).toEqual({ error: "'EOR' object has no attribute 'data'" });
  });

  it('6.0: several fields, each value up to the next ` key=`', () => {
    const raw = real('log-samples/v6.0-dev/debug-startup-1peer.log', 'outgoing-1      async.connection.attempt attempt=1 max=50 peer=127.0.0.2 port=17902 elapsed=0.0s');
    expect(parseLine(raw, AT, ORIGIN).event?.fields).toEqual({ attempt: '1', max: '50', peer: '127.0.0.2', port: '17902', elapsed: '0.0s' });
    const name = real('log-samples/lab-v6.0-dev/exabgp-1peer.log', 'outgoing-1      tcp.session.lost name=outgoing-1 127.0.0.1-127.0.0.2 peer=127.0.0.2');
    expect(parseLine(name, AT, ORIGIN).event?.fields).toEqual({ name: 'outgoing-1 127.0.0.1-127.0.0.2', peer: '127.0.0.2' });
  });

  it('a key="quoted value" is unquoted (the form the 6.0 logger may use; not in the captures)', () => {
    expect(parseEvent('peer.closed reason="peer reset, message [x]" peer=127.0.0.2')).toEqual({
      name: 'peer.closed',
      fields: { reason: 'peer reset, message [x]', peer: '127.0.0.2' },
    });
    expect(parseEvent('x.y a="say \\"hi\\"" b=2')?.fields).toEqual({ a: 'say "hi"', b: '2' });
  });

  it('not events: an environment dump line, a free-text message, the non-event 6.0 lines', () => {
    const env = parseLine(real('v6.0-dev/log-traceback-storm.txt', "reactor         exabgp.daemon.pid='/tmp/fx-lab-60/run/exabgp.pid'"), AT, ORIGIN);
    expect([env.source, env.message, env.event]).toEqual(['reactor', "exabgp.daemon.pid='/tmp/fx-lab-60/run/exabgp.pid'", null]);
    const text = parseLine(real('v6.0-dev/log-stdout-3peer.txt', 'processes       Text encoder requested but API v6 is JSON-only. Using JSON encoder.'), AT, ORIGIN);
    expect(text.event).toBeNull();
    const generate = parseLine(real('v6.0-dev/log-stdout-3peer.txt', 'startup         generate it using "exabgp env > /tmp/exabgp-main/etc/exabgp/exabgp.env"'), AT, ORIGIN);
    expect([generate.source, generate.event]).toEqual(['startup', null]);
  });

  it('a traceback line keeps its indentation; a blank banner line is the source and an empty message', () => {
    const frame = parseLine(real('v6.0-dev/log-traceback-storm.txt', 'reactor           File "/tmp/exabgp-main/src/exabgp/reactor/peer/peer.py", line 787, in _run'), AT, ORIGIN);
    expect([frame.source, frame.message]).toEqual(['reactor', '  File "/tmp/exabgp-main/src/exabgp/reactor/peer/peer.py", line 787, in _run']);
    const blank = parseLine(real('v6.0-dev/log-traceback-storm.txt', 'reactor         '), AT, ORIGIN);
    expect([blank.shape, blank.source, blank.message]).toEqual(['short', 'reactor', '']);
  });

  it('every line of the 5.0/6.0 stdout captures is short', () => {
    for (const p of ['v5.0.15/log-stdout-3peer.txt', 'v6.0-dev/log-stdout-3peer.txt', 'v6.0-dev/log-stdout-3peer-shutdown.txt', 'v6.0-dev/log-traceback-storm.txt', 'v6.0-dev-api4/log-stdout-3peer-api4.txt', 'log-samples/v6.0-dev/debug-startup-1peer.log', 'log-samples/lab-v5.0/exabgp-3peer.log', 'log-samples/lab-v6.0-dev/exabgp-3peer.log', 'log-samples/lab-v6.0-dev-api4/exabgp-3peer.log']) {
      const shapes = new Set(daemonLines(p).map((l) => parseLine(l, AT, ORIGIN).shape));
      expect([...shapes], p).toEqual(['short']);
    }
  });
});

describe('5.0/6.0 long: HH:MM:SS PID source message', () => {
  it('5.0 file destination', () => {
    const line = parseLine(real('v5.0.15/log-file-3peer.txt', '15:24:08 18882  welcome         Thank you for using ExaBGP'), AT, ORIGIN);
    expect(line).toMatchObject({ time: localTime(15, 24, 8), pid: 18882, source: 'welcome', message: 'Thank you for using ExaBGP', shape: 'long', event: null });
  });

  it('6.0 file destination, with its event', () => {
    const line = parseLine(real('v6.0-dev/log-file-3peer.txt', '15:22:41 16263  api             api.command.unknown command=show nonsense'), AT, ORIGIN);
    expect(line).toMatchObject({ time: localTime(15, 22, 41), pid: 16263, source: 'api', shape: 'long', event: { name: 'api.command.unknown', fields: { command: 'show nonsense' } } });
  });

  it('exabgp_log_short=false on 5.0 and 6.0', () => {
    const five = parseLine(real('log-samples/v5.0/log-short-false.txt', '22:41:38 20079  outgoing-1      outgoing-1 127.0.0.1-127.0.0.2, closing connection'), localTime(22, 45, 0, 22), ORIGIN);
    expect([five.shape, five.pid, five.source, five.message]).toEqual(['long', 20079, 'outgoing-1', 'outgoing-1 127.0.0.1-127.0.0.2, closing connection']);
    const six = parseLine(real('log-samples/v6.0-dev/log-short-false.txt', '22:41:46 20104  reactor         signal.received signal=SIGTERM'), localTime(22, 45, 0, 22), ORIGIN);
    expect([six.shape, six.time, six.event?.name]).toEqual(['long', localTime(22, 41, 46, 22), 'signal.received']);
  });

  it('the coloured replay inside the 5.0 crash banner: CR and ANSI gone, level from the colour', () => {
    const path = 'log-samples/v5.0/traceback-version-json-daemon-crash.log';
    const lines = captureLines(path);
    const welcome = lines.find((l) => l.includes('mwelcome'));
    const advice = lines.find((l) => l.includes('environment file missing') && l.includes('\x1b'));
    const daemon = lines.find((l) => l.includes('Created PIDfile') && l.includes('\x1b'));
    expect(welcome).toBe('\r22:38:46 18854  \x1b[01;32mwelcome        \x1b[0m \x1b[1mThank you for using ExaBGP\x1b[0m');
    const base = localTime(22, 40, 0, 22);
    expect(parseLine(welcome ?? '', base, ORIGIN)).toMatchObject({ shape: 'long', time: localTime(22, 38, 46, 22), pid: 18854, source: 'welcome', message: 'Thank you for using ExaBGP', level: 'info' });
    expect(parseLine(advice ?? '', base, ORIGIN)).toMatchObject({ source: 'advice', message: 'environment file missing', level: 'error' });
    expect(parseLine(daemon ?? '', base, ORIGIN)).toMatchObject({ source: 'daemon', level: 'warning' });
  });

  it('every line of the long captures is long (bar comment lines)', () => {
    for (const p of ['v5.0.15/log-file-3peer.txt', 'v6.0-dev/log-file-3peer.txt', 'log-samples/v5.0/log-destination-file.txt', 'log-samples/v6.0-dev/log-destination-file.txt', 'log-samples/v6.0-dev/traceback-eor-attributeerror-filelog.txt']) {
      const shapes = new Set(daemonLines(p).filter((l) => !isAnnotation(l)).map((l) => parseLine(l, AT, ORIGIN).shape));
      expect([...shapes], p).toEqual(['long']);
    }
  });
});

describe('time of day resolved against the read time', () => {
  const raw = real('v5.0.15/log-file-3peer.txt', '15:24:21 18882  reactor         SIGTERM received');

  it('same day when the time is not in the future', () => {
    expect(parseLine(raw, localTime(15, 24, 22), ORIGIN).time).toBe(localTime(15, 24, 21));
  });

  it('up to 1 h ahead stays on the same day (clock skew)', () => {
    expect(parseLine(raw, localTime(14, 30, 0), ORIGIN).time).toBe(localTime(15, 24, 21));
  });

  it('more than 1 h ahead is yesterday (a line written before midnight, read after)', () => {
    const late = parseLine(real('log-samples/v6.0-dev/log-short-false.txt', '22:41:43 20104  reactor         config.loaded'), localTime(0, 10, 0, 23), ORIGIN);
    expect(late.time).toBe(localTime(22, 41, 43, 22));
  });

  it('a reference date replaces the read time as the day to resolve on', () => {
    const line = parseLine(raw, localTime(9, 0, 0, 30), ORIGIN, new Date(localTime(16, 0, 0)));
    expect(line.time).toBe(localTime(15, 24, 21));
  });
});

describe('syslog datagrams (exabgp_log_destination=syslog)', () => {
  it('4.2: `exabgp[pid]:` ident, 13-wide source; every line is <15> so no level is claimed', () => {
    const datagram = decodePythonBytes(real('log-samples/v4.2/log-destination-syslog.txt', "b'<15>exabgp[17527]: reactor       SIGTERM received\\x00'"));
    expect(datagram).toBe('<15>exabgp[17527]: reactor       SIGTERM received\0');
    expect(parseLine(datagram, AT, ORIGIN)).toEqual({ time: AT, pid: 17527, source: 'reactor', level: null, message: 'SIGTERM received', event: null, shape: 'syslog', origin: ORIGIN });
  });

  it('5.0: no ident, the short line after the priority; the priority gives the level', () => {
    const cases: [string, string, string, string][] = [
      ["b'<30>welcome         Thank you for using ExaBGP\\x00'", 'welcome', 'Thank you for using ExaBGP', 'info'],
      ["b'<27>advice          environment file missing\\x00'", 'advice', 'environment file missing', 'error'],
      ["b'<28>outgoing-1      connection to 127.0.0.2 closed\\x00'", 'outgoing-1', 'connection to 127.0.0.2 closed', 'warning'],
      ["b'<26>reactor         SIGTERM received\\x00'", 'reactor', 'SIGTERM received', 'critical'],
    ];
    for (const [literal, source, message, level] of cases) {
      const line = parseLine(decodePythonBytes(real('log-samples/v5.0/log-destination-syslog.txt', literal)), AT, ORIGIN);
      expect([line.shape, line.pid, line.source, line.message, line.level], literal).toEqual(['syslog', null, source, message, level]);
    }
  });

  it('6.0: events inside datagrams', () => {
    const line = parseLine(decodePythonBytes(real('log-samples/v6.0-dev/log-destination-syslog.txt', "b'<28>outgoing-1      connection.closing name=outgoing-1 127.0.0.1-127.0.0.2\\x00'")), AT, ORIGIN);
    expect(line).toMatchObject({ shape: 'syslog', source: 'outgoing-1', level: 'warning', event: { name: 'connection.closing', fields: { name: 'outgoing-1 127.0.0.1-127.0.0.2' } } });
  });

  it('every datagram of the three captures is syslog with a source', () => {
    for (const v of ['v4.2', 'v5.0', 'v6.0-dev']) {
      const lines = daemonLines(`log-samples/${v}/log-destination-syslog.txt`).map((l) => parseLine(l, AT, ORIGIN));
      expect(lines.length, v).toBeGreaterThan(5);
      expect(lines.every((l) => l.shape === 'syslog' && l.source !== null && !l.message.includes('\0')), v).toBe(true);
    }
  });

  it('the same payload as a syslog daemon writes it to a file (RFC 3164 / RFC 3339 headers; not captured)', () => {
    const payload = '<15>exabgp[17527]: daemon        Created PIDfile /var/lib/exabgp-lab/run/exabgp.pid with value 17527'.slice(4);
    const rfc3164 = parseLine(`Nov 22 22:36:26 vm ${payload}`, localTime(22, 40, 0, 22), ORIGIN);
    expect(rfc3164).toMatchObject({ shape: 'syslog', time: localTime(22, 36, 26, 22), pid: 17527, source: 'daemon', message: 'Created PIDfile /var/lib/exabgp-lab/run/exabgp.pid with value 17527' });
    const rfc3339 = parseLine(`2026-11-22T22:36:26.500000+00:00 vm ${payload}`, AT, ORIGIN);
    expect([rfc3339.time, rfc3339.pid, rfc3339.source]).toEqual([Date.UTC(2026, 10, 22, 22, 36, 26, 500), 17527, 'daemon']);
    const five = parseLine('Nov 22 22:36:39 vm welcome         Thank you for using ExaBGP', localTime(22, 40, 0, 22), ORIGIN);
    expect([five.shape, five.source, five.message]).toEqual(['syslog', 'welcome', 'Thank you for using ExaBGP']);
  });
});

describe('raw: unknown shapes are kept whole', () => {
  it('5.0 launcher noise, the fallback warning, a crash banner line', () => {
    for (const [path, text] of [
      ['log-samples/v5.0/log-bad-keyword.txt', 'fatal: not a git repository (or any of the parent directories): .git'],
      ['log-samples/v5.0/log-destination-file.stdout.txt', "warning: could not open log file '/var/lib/exabgp-lab/exabgp-file.log': [Errno 13] Permission denied: '/var/lib/exabgp-lab/exabgp-file.log'; falling back to stdout"],
      ['log-samples/v5.0/traceback-version-json-daemon-crash.log', 'EXABGP HAD AN INTERNAL ISSUE / HELP US FIX IT'],
      ['log-samples/v5.0/traceback-version-json-daemon-crash.log', "KeyError: 'version'"],
      ['log-samples/v5.0/traceback-version-json-daemon-crash.log', '  File "/opt/exabgp-5.0/src/exabgp/reactor/api/__init__.py", line 57, in response'],
      ['log-samples/v5.0/traceback-version-json-daemon-crash.log', 'running.'],
    ] as const) {
      expect(parseLine(real(path, text), AT, ORIGIN)).toEqual({ time: AT, pid: null, source: null, level: null, message: text, event: null, shape: 'raw', origin: ORIGIN });
    }
  });

  it('the raw lines of the 5.0 crash capture are exactly its banner, traceback and annotation', () => {
    const path = 'log-samples/v5.0/traceback-version-json-daemon-crash.log';
    const lines = captureLines(path);
    const raw = lines.filter((l) => parseLine(l, AT, ORIGIN).shape === 'raw');
    const first = lines.indexOf('');
    const last = lines.lastIndexOf('-- https://github.com/Exa-Networks/exabgp/issues');
    // from the blank line before the banner to its end, minus the 10 replayed (long) lines, plus the trailing blank and the `# sequence` note
    expect(raw.length).toBe(last - first + 1 - 10 + 3);
    expect(raw.at(-1)?.startsWith('# sequence: help')).toBe(true);
  });
});

describe('journal records (journalctl -o json)', () => {
  // No journal was captured; these records wrap real captured lines in the fields journalctl prints.
  const record = (fields: Record<string, unknown>): string => JSON.stringify({ __REALTIME_TIMESTAMP: '1795447401417469', _PID: '4519', PRIORITY: '6', SYSLOG_IDENTIFIER: 'exabgp', _TRANSPORT: 'stdout', ...fields });

  it('MESSAGE parsed like a stdout line; time from __REALTIME_TIMESTAMP (µs); pid from _PID; level from PRIORITY', () => {
    const msg = real('v6.0-dev/log-stdout-3peer.txt', 'outgoing-1      connection.closed peer=127.0.2.3');
    const line = parseJournalRecord(record({ MESSAGE: msg }), 'journal:exabgp.service');
    expect(line).toEqual({
      time: 1795447401417,
      pid: 4519,
      source: 'outgoing-1',
      level: 'info',
      message: 'connection.closed peer=127.0.2.3',
      event: { name: 'connection.closed', fields: { peer: '127.0.2.3' } },
      shape: 'journal',
      origin: 'journal:exabgp.service',
    });
  });

  it('a 4.2 stdout line keeps its own pid; PRIORITY 3 is error', () => {
    const msg = real('v4.2/log-stdout-3peer.txt', '15:23:34 | 17477  | reactor         | SIGTERM received');
    const line = parseJournalRecord(record({ MESSAGE: msg, PRIORITY: '3' }), 'j');
    expect([line?.pid, line?.source, line?.message, line?.level, line?.shape]).toEqual([17477, 'reactor', 'SIGTERM received', 'error', 'journal']);
  });

  it('MESSAGE as an array of bytes (journald does so for text with control characters) is decoded, ANSI stripped', () => {
    const coloured = captureLines('log-samples/v5.0/traceback-version-json-daemon-crash.log').find((l) => l.includes('mwelcome')) ?? '';
    const line = parseJournalRecord(record({ MESSAGE: [...Buffer.from(coloured, 'utf8')], PRIORITY: undefined }), 'j');
    expect([line?.source, line?.message, line?.pid, line?.level]).toEqual(['welcome', 'Thank you for using ExaBGP', 18854, 'info']);
  });

  it('4.2 over syslog into the journal: ident stripped by journald, 13-wide source; its constant user.debug is no level', () => {
    const datagram = decodePythonBytes(real('log-samples/v4.2/log-destination-syslog.txt', "b'<15>exabgp[17527]: daemon        Created PIDfile /var/lib/exabgp-lab/run/exabgp.pid with value 17527\\x00'"));
    const message = datagram.slice('<15>exabgp[17527]: '.length, -1);
    const line = parseJournalRecord(record({ MESSAGE: message, PRIORITY: '7', SYSLOG_FACILITY: '1', SYSLOG_PID: '17527', _PID: '17527', _TRANSPORT: 'syslog' }), 'j');
    expect([line?.pid, line?.source, line?.message, line?.level]).toEqual([17527, 'daemon', 'Created PIDfile /var/lib/exabgp-lab/run/exabgp.pid with value 17527', null]);
  });

  it('not a record: null (bad JSON, no MESSAGE, no time, a JSON array)', () => {
    expect(parseJournalRecord('{"MESSAGE": "x"', 'j')).toBeNull();
    expect(parseJournalRecord(JSON.stringify({ __REALTIME_TIMESTAMP: '1' }), 'j')).toBeNull();
    expect(parseJournalRecord(JSON.stringify({ MESSAGE: 'x' }), 'j')).toBeNull();
    expect(parseJournalRecord('[1,2]', 'j')).toBeNull();
    expect(parseJournalRecord(JSON.stringify({ MESSAGE: [300, 1], __REALTIME_TIMESTAMP: '1' }), 'j')).toBeNull();
  });
});

describe('properties', () => {
  const allLines = allLogCaptures().flatMap((p) => daemonLines(p));
  const sample = allLines.filter((_, i) => i % 7 === 0);

  it('the captures hold thousands of lines of every shape', () => {
    const shapes = new Set<LineShape>(allLines.map((l) => parseLine(l, AT, ORIGIN).shape));
    expect(allLines.length).toBeGreaterThan(8000);
    expect([...shapes].sort()).toEqual(['4.2-file', '4.2-stdout', 'long', 'raw', 'short', 'syslog']);
  });

  it('random strings never throw and come back as a line with the ANSI-free text', () => {
    fc.assert(
      fc.property(binaryStrings300, fc.integer({ min: 0, max: 4_000_000_000_000 }), (s, t) => {
        const line = parseLine(s, t, 'p');
        expect(typeof line.message).toBe('string');
        expect(line.message.includes('\x1b')).toBe(false);
        expect(line.origin).toBe('p');
      }),
      { numRuns: 3000 },
    );
  });

  it('strings made of log-ish pieces never throw', () => {
    const piece = fc.constantFrom('15:23:22', ' | ', '17477', '  ', 'reactor', 'a.b', '=', '"', '\\', '<30>', 'exabgp[1]:', 'Mon, 23 Nov 2026 ', '\x1b[01;31m', '\x1b[', '\r', '\0', 'key=', ' x=y', '2026-11-22T', 'Nov 22 ');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (parts) => {
        const s = parts.join('');
        expect(() => parseLine(s, AT, 'p')).not.toThrow();
        expect(() => parseJournalRecord(JSON.stringify({ MESSAGE: s, __REALTIME_TIMESTAMP: '1' }), 'p')).not.toThrow();
      }),
      { numRuns: 3000 },
    );
  });

  it('every truncation of real lines never throws and never leaves an escape code', () => {
    for (const l of sample) {
      for (let n = 0; n <= l.length; n += l.length > 400 ? 37 : 1) {
        const line = parseLine(l.slice(0, n), AT, 'p');
        if (line.message.includes('\x1b')) throw new Error(`escape left in ${JSON.stringify(l.slice(0, n))}`);
      }
    }
  });

  it('stripAnsi removes every escape the captures hold, and nothing else', () => {
    const coloured = captureLines('log-samples/v5.0/traceback-version-json-daemon-crash.log').filter((l) => l.includes('\x1b'));
    expect(coloured.length).toBe(10);
    for (const l of coloured) {
      const plain = stripAnsi(l);
      expect(plain.includes('\x1b')).toBe(false);
      expect(plain.replace(/\s+/g, '')).toBe(l.replace(/\x1b\[[0-9;]*m/g, '').replace(/\s+/g, ''));
    }
    expect(stripAnsi('no escapes here')).toBe('no escapes here');
  });
});
