import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLine } from '../../src/core/logs/parse-line.js';
import { LogPipeline, normaliseSummary, ratePerSecond } from '../../src/core/logs/pipeline.js';
import type { LogEntry, LogLine, NeighborFact } from '../../src/core/logs/types.js';
import { allLogCaptures, captureLines, daemonLines, feed, localTime } from '../support/log-captures.js';

const T0 = localTime(15, 20, 0);
const STORM = 'v6.0-dev/log-traceback-storm.txt';
const CRASH = 'log-samples/v5.0/traceback-version-json-daemon-crash.log';

const ofClass = (p: LogPipeline, cls: LogEntry['class']): LogEntry[] => p.entries().filter((e) => e.class === cls);
const kinds = <K extends NeighborFact['kind']>(facts: NeighborFact[], kind: K): Extract<NeighborFact, { kind: K }>[] =>
  facts.filter((f): f is Extract<NeighborFact, { kind: K }> => f.kind === kind);

describe('the 6.0 End-of-RIB traceback storm folds into one entry', () => {
  const lines = captureLines(STORM);
  // Counted independently of the pipeline, on the raw text.
  const tracebacks = lines.filter((l) => l === 'reactor         Traceback (most recent call last):').length;
  const banners = lines.filter((l) => l === 'reactor         EXABGP MISBEHAVED / HELP US FIX IT').length;
  const drops = lines.filter((l) => l.includes('process=monitor') && l.includes('"state": "down"')).length;
  const ups = lines.filter((l) => l.startsWith('reactor         peer.connected ')).length;

  it('the capture holds dozens of tracebacks, each in a banner, each dropping the session', () => {
    expect(tracebacks).toBe(42);
    expect(banners).toBe(tracebacks);
    expect(drops).toBe(tracebacks);
  });

  it('one traceback entry, count = the tracebacks in the file, with the exception and its origin frame', () => {
    const p = new LogPipeline();
    // 3295 lines in ~8.5 s (the README: launched 15:23:35.83, SIGTERM ~15:23:47)
    feed(p, STORM, 'storm', T0, 8500 / lines.length);
    p.flush();
    const tb = ofClass(p, 'traceback');
    expect(tb).toHaveLength(1);
    const [entry] = tb as [LogEntry];
    expect(entry.count).toBe(tracebacks);
    expect(entry.summary).toBe("AttributeError: 'EOR' object has no attribute 'data'");
    expect(entry.exception).toEqual({
      type: 'AttributeError',
      message: "'EOR' object has no attribute 'data'",
      origin: '/tmp/exabgp-main/src/exabgp/reactor/peer/handlers/update.py:114 in handle_async',
    });
    expect(entry.source).toBe('reactor');
    // its own lines: from the `peer.exception.unhandled` announcement through the closing stars
    expect(entry.lines[0]).toBe('peer.exception.unhandled error=');
    expect(entry.lines).toContain('EXABGP MISBEHAVED / HELP US FIX IT');
    expect(entry.lines).toContain("exabgp.tcp.bind='127.0.2.1'");
    expect(entry.lines.at(-2)).toBe('********************************************************************************');
    expect(entry.lines.at(-1)).toBe('');
    expect(p.counters().tracebacks).toBe(tracebacks);
    expect(ratePerSecond(entry)).toBeCloseTo(entry.count / ((entry.last - entry.first) / 1000), 10);
    expect(entry.last - entry.first).toBeGreaterThan(7000);
  });

  it('the storm becomes a short list: nothing from inside the banners leaks out as its own entry', () => {
    const p = new LogPipeline();
    feed(p, STORM, 'storm', T0, 2);
    p.flush();
    expect(p.entries().length).toBeLessThan(40);
    expect(p.entries().some((e) => e.summary.includes('HELP US FIX IT') || e.summary.startsWith('  File '))).toBe(false);
    const total = p.entries().reduce((n, e) => n + e.count, 0);
    const bannerLines = lines.length - p.entries().filter((e) => e.class !== 'traceback').reduce((n, e) => n + e.count, 0);
    expect(total).toBeLessThan(lines.length); // banner lines are inside the traceback entry
    expect(bannerLines).toBeGreaterThan(tracebacks * 60);
  });

  it('sessions: one down and one up per drop, one down fact each, the down counters attributed to the peer', () => {
    const p = new LogPipeline();
    feed(p, STORM, 'storm', T0, 2);
    const c = p.counters();
    expect(c.sessionsDown).toBe(drops);
    expect(c.sessionsUp).toBe(ups);
    const facts = p.takeFacts();
    const downs = kinds(facts, 'down');
    expect(downs).toHaveLength(drops);
    expect(new Set(downs.map((f) => f.address))).toEqual(new Set(['127.0.2.2']));
    const counters = kinds(facts, 'down-counter');
    const inFile = lines.filter((l) => l.startsWith('statistics      statistics.changed info=statistics for down counter ')).map((l) => Number(l.split(' ').pop()));
    expect(counters.map((f) => f.counter)).toEqual(inFile);
    expect(inFile).toEqual(Array.from({ length: tracebacks - 1 }, (_, i) => i + 1));
    expect(counters.every((f) => f.address === '127.0.2.2')).toBe(true);
    expect(p.takeFacts()).toEqual([]);
  });

  it('still one entry when the lines arrive one by one with another log interleaved between pushes', () => {
    const p = new LogPipeline();
    const other = daemonLines('v4.2/log-stdout-3peer.txt');
    let t = T0;
    lines.forEach((raw, i) => {
      t += 2;
      p.push(parseLine(raw, t, 'storm'));
      p.push(parseLine(other[i % other.length] ?? '', t, 'other'));
      p.closeIdle(t); // nothing is idle: lines keep coming
    });
    p.flush();
    const tb = ofClass(p, 'traceback');
    expect(tb.map((e) => [e.origin, e.count])).toEqual([['storm', tracebacks]]);
    expect(p.entries().filter((e) => e.origin === 'other' && e.class === 'api-rejected').reduce((n, e) => n + e.count, 0)).toBeGreaterThan(100);
  });

  it('the long-format storm (file destination) has real timestamps: the rate is per second of the log', () => {
    const path = 'log-samples/v6.0-dev/traceback-eor-attributeerror-filelog.txt';
    const n = captureLines(path).filter((l) => l.endsWith('  reactor         Traceback (most recent call last):')).length;
    expect(n).toBe(23);
    const p = new LogPipeline();
    feed(p, path, 'file', localTime(22, 40, 0, 22), 1);
    p.flush();
    const [entry] = ofClass(p, 'traceback') as [LogEntry];
    expect(entry.count).toBe(n);
    expect([entry.first, entry.last]).toEqual([localTime(22, 36, 56, 22), localTime(22, 37, 1, 22)]);
    expect(ratePerSecond(entry)).toBeCloseTo(23 / 5, 10);
  });
});

describe('the 5.0 `version json` crash: one traceback entry with its exception', () => {
  const lines = captureLines(CRASH);

  it('the banner, environment, traceback and log replay are one critical entry', () => {
    const p = new LogPipeline();
    feed(p, CRASH, 'crash', T0);
    p.flush();
    const tb = ofClass(p, 'traceback');
    expect(tb).toHaveLength(1);
    const [entry] = tb as [LogEntry];
    expect(entry.summary).toBe("KeyError: 'version'");
    expect(entry.exception).toEqual({ type: 'KeyError', message: "'version'", origin: '/opt/exabgp-5.0/src/exabgp/reactor/api/__init__.py:57 in response' });
    expect(entry.level).toBe('critical');
    expect(entry.count).toBe(1);
    const start = lines.indexOf('********************************************************************************');
    const end = lines.indexOf('outgoing-1      outgoing-1 127.0.0.1-127.0.0.2, closing connection');
    expect(entry.lines).toHaveLength(end - start);
    expect(entry.lines[1]).toBe('EXABGP HAD AN INTERNAL ISSUE / HELP US FIX IT');
    expect(entry.lines).toContain('welcome         Thank you for using ExaBGP'); // the replay, ANSI gone, source kept
    expect(p.counters().tracebacks).toBe(1);
    expect(p.counters().lastError).toEqual({ time: entry.first, message: "KeyError: 'version'" });
  });

  it('the replayed log inside the banner is not counted again', () => {
    const p = new LogPipeline();
    feed(p, CRASH, 'crash', T0);
    p.flush();
    expect(ofClass(p, 'startup').map((e) => e.count)).toEqual([1]);
    expect(p.counters().sessionsUp).toBe(1);
    // after the banner, the lines are ordinary again (the last line is the capture's own note)
    expect(p.entries().slice(-3).map((e) => [e.class, e.summary])).toEqual([
      ['session-down', 'outgoing-1 127.0.0.1-127.0.0.2, closing connection'],
      ['session-down', 'connection to 127.0.0.2 closed'],
      ['info', captureLines(CRASH).at(-1)],
    ]);
  });

  it('bounded lines per traceback: head, an omitted marker, tail; the exception is still found', () => {
    const p = new LogPipeline({ maxTracebackLines: 20 });
    feed(p, CRASH, 'crash', T0);
    p.flush();
    const [entry] = ofClass(p, 'traceback') as [LogEntry];
    const total = lines.indexOf('outgoing-1      outgoing-1 127.0.0.1-127.0.0.2, closing connection') - lines.indexOf('********************************************************************************');
    expect(entry.lines).toHaveLength(20);
    expect(entry.lines[10]).toBe(`… ${total - 19} lines omitted …`);
    expect(entry.lines.slice(0, 2)).toEqual(['********************************************************************************', 'EXABGP HAD AN INTERNAL ISSUE / HELP US FIX IT']);
    expect(entry.lines.at(-4)).toBe('-- Please provide _ALL_ the information above on :');
    expect(entry.exception?.type).toBe('KeyError');
  });
});

describe('a traceback split across pushes: closed by the next line, flush() or closeIdle()', () => {
  const path = 'log-samples/v6.0-dev/traceback-eor-attributeerror.log';
  const lines = daemonLines(path);

  it('the capture is cut inside its second traceback', () => {
    expect(lines.filter((l) => l === 'reactor         Traceback (most recent call last):')).toHaveLength(2);
    expect(lines.at(-1)).toBe('reactor                      ^^^^^^^^^^^');
  });

  it('open until idle for more than 1 s, then closed and folded into the first (same exception)', () => {
    const p = new LogPipeline();
    const last = feed(p, path, 'cut', T0, 1);
    expect(ofClass(p, 'traceback').map((e) => e.count)).toEqual([1]);
    p.closeIdle(last + 1000);
    expect(ofClass(p, 'traceback').map((e) => e.count)).toEqual([1]);
    p.closeIdle(last + 1001);
    const [entry] = ofClass(p, 'traceback') as [LogEntry];
    expect(entry.count).toBe(2);
    expect(p.counters().tracebacks).toBe(2);
  });

  it('a cut traceback still names its exception (from `<class …>` and the line after it)', () => {
    const p = new LogPipeline({ foldWindowMs: 0 });
    const last = feed(p, path, 'cut', T0, 1000); // 1 s apart: nothing folds
    p.closeIdle(last + 5000);
    const tb = ofClass(p, 'traceback');
    expect(tb).toHaveLength(2);
    expect(tb[1]?.exception).toEqual({ type: 'AttributeError', message: "'EOR' object has no attribute 'data'", origin: '/opt/exabgp-main/src/exabgp/reactor/peer/handlers/update.py:114 in handle_async' });
  });

  it('halves pushed apart with closeIdle() in between (not idle) make one entry; the next line closes it', () => {
    const storm = captureLines(STORM);
    const from = storm.indexOf('reactor         peer.exception.unhandled error=');
    const to = storm.findIndex((l, i) => i > from && !l.startsWith('reactor '));
    const block = storm.slice(from, to);
    expect(block.length).toBeGreaterThan(60);
    const p = new LogPipeline();
    let t = T0;
    for (const raw of block.slice(0, 30)) p.push(parseLine(raw, (t += 10), 'x'));
    p.closeIdle(t + 900);
    t += 900;
    expect(ofClass(p, 'traceback')).toHaveLength(0);
    for (const raw of block.slice(30)) p.push(parseLine(raw, (t += 10), 'x'));
    expect(ofClass(p, 'traceback')).toHaveLength(0);
    p.push(parseLine(storm[to] ?? '', (t += 10), 'x'));
    const [entry] = ofClass(p, 'traceback') as [LogEntry];
    expect(entry.lines).toHaveLength(block.length);
    expect(entry.exception?.type).toBe('AttributeError');
    expect(p.entries().at(-1)?.summary.startsWith('api.response.content process=monitor')).toBe(true);
  });

  it('a line of another prefix closes a traceback at once (6.0 debug: a plain Python traceback)', () => {
    const p = new LogPipeline();
    const block = ['reactor         Traceback (most recent call last):', 'reactor           File "/x.py", line 3, in f', 'reactor             g()', 'reactor         ValueError: bad'];
    let t = T0;
    for (const raw of block) p.push(parseLine(raw, (t += 1), 'x'));
    p.push(parseLine('reactor         Traceback (most recent call last):', (t += 1), 'x'));
    p.push(parseLine('reactor           File "/y.py", line 9, in h', (t += 1), 'x'));
    p.push(parseLine('reactor         KeyError: 1', (t += 1), 'x'));
    p.push(parseLine('statistics      statistics for up counter 1', (t += 1), 'x'));
    // a chained one stays one block
    for (const raw of [...block, 'reactor         ', 'reactor         During handling of the above exception, another exception occurred:', 'reactor         ', 'reactor         Traceback (most recent call last):', 'reactor           File "/z.py", line 1, in k', 'reactor         OSError: gone']) {
      p.push(parseLine(raw, (t += 1), 'x'));
    }
    p.flush();
    expect(ofClass(p, 'traceback').map((e) => [e.summary, e.exception?.origin, e.lines.length])).toEqual([
      ['ValueError: bad', '/x.py:3 in f', 4],
      ['KeyError: 1', '/y.py:9 in h', 3],
      ['OSError: gone', '/z.py:1 in k', 10],
    ]);
  });
});

describe('configuration errors: one entry per error', () => {
  it.each([
    ['log-samples/v4.2/log-bad-keyword.txt', 'syntax error in section neighbor · line 6: frobnicate yes ; · invalid keyword "frobnicate"'],
    ['log-samples/v5.0/log-bad-keyword.txt', 'syntax error in section neighbor · line 6: frobnicate yes ; · invalid keyword "frobnicate"'],
    ['log-samples/v6.0-dev/log-bad-keyword.txt', 'syntax error in section neighbor · line 6: frobnicate yes ; · invalid keyword "frobnicate"'],
    ['log-samples/v4.2/log-bad-peeras.txt', 'syntax error in section neighbor · line 5: peer-as notanumber ; · "notanumber" is an invalid ASN'],
    ['log-samples/v5.0/log-bad-peeras.txt', 'syntax error in section neighbor · line 5: peer-as notanumber ; · "notanumber" is an invalid ASN, expecting a number or <high>.<low>'],
    ['log-samples/v6.0-dev/log-bad-peeras.txt', "syntax error in section neighbor · line 5: peer-as notanumber ; · 'notanumber' is not a valid ASN · Format: <number> or <high>.<low> (e.g., 65001 or 1.1)"],
  ])('%s', (path, summary) => {
    const p = new LogPipeline();
    feed(p, path, 'cfg', T0);
    const entries = ofClass(p, 'config-error');
    expect(entries.map((e) => e.summary)).toEqual([summary]);
    expect(entries[0]?.level).toBe('error');
    expect(p.counters().configErrors).toBe(1);
    expect(p.counters().lastError?.message).toBe(summary);
  });
});

describe('counters, per occurrence', () => {
  it.each([
    ['v4.2/log-stdout-3peer.txt', /command from process not understood/],
    ['v5.0.15/log-stdout-3peer.txt', /command from process not understood/],
    ['v6.0-dev/log-file-3peer.txt', /api\.command\.unknown command=(?!bye$)/],
    ['v6.0-dev/log-stdout-3peer.txt', /api\.command\.unknown command=(?!bye$)/],
  ])('%s: apiRejected = the rejected commands in the file', (path, pattern) => {
    const expected = captureLines(path).filter((l) => pattern.test(l)).length;
    expect(expected).toBeGreaterThan(0);
    const p = new LogPipeline();
    feed(p, path, 'x', T0);
    expect(p.counters().apiRejected).toBe(expected);
    expect(ofClass(p, 'api-rejected').reduce((n, e) => n + e.count, 0)).toBe(expected);
  });

  it('4.2: every establishment counts (the re-establishment after the teardown is the only trace of the drop)', () => {
    const path = 'v4.2/log-stdout-3peer.txt';
    const established = captureLines(path).filter((l) => l.includes('| connected to peer-')).length;
    expect(established).toBe(3);
    const p = new LogPipeline();
    feed(p, path, 'x', T0);
    expect([p.counters().sessionsUp, p.counters().sessionsDown]).toEqual([established, 0]);
    expect(p.takeFacts()).toEqual([]);
  });

  it('folded statistics still count every line; lines counts every push', () => {
    const path = 'v5.0.15/log-stdout-3peer.txt';
    const lines = captureLines(path);
    const p = new LogPipeline();
    feed(p, path, 'x', T0);
    expect(ofClass(p, 'statistics').reduce((n, e) => n + e.count, 0)).toBe(lines.filter((l) => l.startsWith('statistics ')).length);
    expect(p.counters().lines).toBe(lines.length);
  });

  it('errors and lastError: the API crash of 4.2 is one error (its detail line joins it)', () => {
    const p = new LogPipeline();
    feed(p, 'log-samples/v4.2/log-destination-file.txt', 'x', T0);
    const errors = ofClass(p, 'error');
    expect(errors.map((e) => e.summary)).toEqual(['async | api-internal-cli-1ed5775e | problem with function: crash test of the API']);
    expect(p.counters().errors).toBe(1);
    expect(p.counters().lastError?.message).toBe('async | api-internal-cli-1ed5775e | problem with function: crash test of the API');
  });
});

describe('neighbor facts from the session lines', () => {
  it('5.0: ghost never up, gobgp killed, bird torn down and shut down; the down counter is bird\'s', () => {
    const p = new LogPipeline();
    feed(p, 'v5.0.15/log-stdout-3peer.txt', 'x', T0);
    const facts = p.facts();
    expect(p.facts()).toEqual(facts); // facts() does not drain
    expect(kinds(facts, 'down').map((f) => f.address)).toEqual(['127.0.1.4', '127.0.1.3', '127.0.1.2', '127.0.1.2']);
    expect(kinds(facts, 'down-counter').map((f) => [f.address, f.counter])).toEqual([['127.0.1.2', 1]]);
    expect(p.counters().sessionsDown).toBe(4);
    expect(p.counters().sessionsUp).toBe(3);
    expect(p.takeFacts()).toEqual(facts);
    expect(p.facts()).toEqual([]);
  });

  it('6.0: the NOTIFICATION behind each drop, once, with direction when the log says it', () => {
    const p = new LogPipeline();
    feed(p, 'v6.0-dev/log-stdout-3peer.txt', 'x', T0);
    const facts = p.takeFacts();
    // bird was torn down twice (README: 15:21:13 and 15:21:30), its session up in between
    expect(kinds(facts, 'notification').map((f) => [f.address, f.direction, f.text])).toEqual([
      ['127.0.2.3', null, 'Cease / Peer De-configured'],
      ['127.0.2.2', 'sent', 'notification sent (6,2)'],
      ['127.0.2.2', 'sent', 'notification sent (6,2)'],
    ]);
    expect(kinds(facts, 'down').map((f) => [f.address, f.reason])).toEqual([
      ['127.0.2.3', 'notification received (6,3)'],
      ['127.0.2.2', 'notification sent (6,2)'],
      ['127.0.2.2', 'notification sent (6,2)'],
    ]);
    expect(p.counters().notifications).toBe(3);
  });

  it('4.2 at debug: a `peer reset` names no address; the connection name of the line finds it', () => {
    const p = new LogPipeline();
    feed(p, 'log-samples/lab-v4.2-debug-packets/exabgp-3peer.log', 'x', T0);
    const downs = kinds(p.takeFacts(), 'down');
    expect(downs).toContainEqual({ kind: 'down', address: '127.0.0.2', time: localTime(22, 20, 1, 22), reason: 'notification received (6,2): Cease / Administrative Shutdown', flap: 'after-up' });
    const reset = p.entries().find((e) => e.summary === 'peer reset, message [notification received (6,2)] error[Cease / Administrative Shutdown]');
    expect(reset?.neighbor).toBe('127.0.0.2');
  });
});

describe('folding and bounds', () => {
  const line = (t: number): LogLine => parseLine('outgoing-6      connection to 127.0.1.4 closed', t, 'x');

  it('a repeat within 60 s folds (count, last); later it starts a new entry', () => {
    const p = new LogPipeline();
    p.push(line(T0));
    p.push(line(T0 + 59_000));
    expect(p.entries().map((e) => [e.count, e.first, e.last])).toEqual([[2, T0, T0 + 59_000]]);
    p.push(line(T0 + 59_000 + 60_001));
    expect(p.entries().map((e) => e.count)).toEqual([2, 1]);
  });

  it('numbers, addresses and hex fold; another neighbor or class does not', () => {
    const p = new LogPipeline();
    p.push(parseLine('processes       api.answer.mode.mismatch service=api-internal-cli-socket-5a1e0ba0 mode=async expected=answer_done', T0, 'x'));
    p.push(parseLine('processes       api.answer.mode.mismatch service=api-internal-cli-socket-b84381ba mode=async expected=answer_done', T0 + 1, 'x'));
    p.push(parseLine('outgoing-5      outgoing-5 127.0.1.1-127.0.1.4, closing connection', T0 + 2, 'x'));
    p.push(parseLine('outgoing-12     outgoing-12 127.0.1.1-127.0.1.4, closing connection', T0 + 3, 'x'));
    p.push(parseLine('outgoing-13     outgoing-13 127.0.1.1-127.0.1.3, closing connection', T0 + 4, 'x'));
    expect(p.entries().map((e) => [e.class, e.count, e.neighbor])).toEqual([
      ['info', 2, null],
      ['session-down', 2, '127.0.1.4'],
      ['session-down', 1, '127.0.1.3'],
    ]);
    // a folded single-line entry shows its latest text
    expect(p.entries()[1]?.summary).toBe('outgoing-12 127.0.1.1-127.0.1.4, closing connection');
  });

  it('normaliseSummary replaces numbers, ids, addresses, times; keeps words', () => {
    expect(normaliseSummary('outgoing-12 127.0.1.1-127.0.1.4, closing connection')).toBe('outgoing-# #.#.#.#-#.#.#.#, closing connection');
    expect(normaliseSummary('api.answer.mode.mismatch service=api-internal-cli-socket-5a1e0ba0 mode=async expected=answer_done')).toBe('api.answer.mode.mismatch service=api-internal-cli-socket-# mode=async expected=answer_done');
    expect(normaliseSummary('statistics for complete time 2026-11-23 15:24:08')).toBe('statistics for complete time #-#-# #:#:#');
    expect(normaliseSummary('connection.closed peer=2001:db8::2 ipv4 0x1F deadbeef')).toBe('connection.closed peer=#:#::# ipv4 # deadbeef');
    expect(normaliseSummary(`x ${'1234567890 '.repeat(60)}`)).toBe(`x ${'# '.repeat(60)}`);
    expect(normaliseSummary('ab '.repeat(100))).toBe('ab '.repeat(100).slice(0, 256));
    expect(normaliseSummary(`${'9'.repeat(30)} a`)).toBe('# a');
  });

  it('maxEntries bounds the entries, the oldest read dropped, in time order of first occurrence', () => {
    const p = new LogPipeline({ maxEntries: 25 });
    let t = T0;
    for (const path of allLogCaptures()) t = feed(p, path, path, t, 1);
    p.flush();
    const entries = p.entries();
    expect(entries).toHaveLength(25);
    for (let i = 1; i < entries.length; i++) {
      const [a, b] = [entries[i - 1]!, entries[i]!];
      expect(b.first > a.first || (b.first === a.first && b.id > a.id)).toBe(true);
    }
  });

  it('lines of two sources read one after the other are listed in time order; a fold keeps its first place', () => {
    const p = new LogPipeline();
    const at = (s: number) => T0 + s * 1000;
    // 5.0 long format carries the time of day: source b's lines are older than the last of a's.
    p.push(parseLine('15:20:01 100 reactor         first', at(60), 'a'));
    p.push(parseLine('15:20:23 100 reactor         repeated 1', at(60), 'a'));
    p.push(parseLine('15:20:33 100 reactor         repeated 2', at(60), 'a'));
    p.push(parseLine('15:20:10 200 reactor         from b', at(60), 'b'));
    const entries = p.entries();
    expect(entries.map((e) => [e.summary, new Date(e.first).getSeconds()])).toEqual([['first', 1], ['from b', 10], ['repeated 2', 23]]);
    expect(entries[2]!.count).toBe(2);
    expect(entries[2]!.last).toBe(entries[2]!.first + 10_000);
  });

  it('a backlog line is an entry and a fact, but not counted (counters are since following began)', () => {
    const p = new LogPipeline();
    const tb = captureLines(STORM).slice(0, 400).map((l) => parseLine(l, T0, 'storm'));
    for (const line of tb) p.push(line, false);
    p.flush();
    expect(p.entries().some((e) => e.class === 'traceback')).toBe(true);
    expect(p.counters()).toMatchObject({ lines: 0, tracebacks: 0, errors: 0, sessionsUp: 0, lastError: null });
    p.push(parseLine('reactor         peer.connected peer=peer-2 connection=outgoing-1 127.0.2.1-127.0.2.2', T0 + 1, 'storm'));
    expect(p.counters()).toMatchObject({ lines: 1, sessionsUp: 1 });
  });

  it('never folds across daemon lives: after newLife() a repeat is a new entry, listed after the old one', () => {
    const p = new LogPipeline();
    const line = (t: number) => parseLine('reactor         startup.banner message=thank_you_for_using_exabgp', t, 'log');
    p.push(line(T0));
    p.push(line(T0 + 1000));
    expect(p.entries()).toHaveLength(1);
    p.newLife();
    p.push(line(T0 + 2000));
    expect(p.entries().map((e) => [e.count, e.first - T0])).toEqual([[2, 0], [1, 2000]]);
  });

  it('lines that carry a pid fold only with the same pid (two lives writing one file)', () => {
    const p = new LogPipeline();
    p.push(parseLine('15:20:01 100 reactor         Performing reload of exabgp 5.0.15', T0, 'log'));
    p.push(parseLine('15:20:02 200 reactor         Performing reload of exabgp 5.0.15', T0, 'log'));
    expect(p.entries().map((e) => e.pid)).toEqual([100, 200]);
  });

  it('ratePerSecond: count over the span, a span under a second counts as one second', () => {
    const entry = { count: 42, first: 1000, last: 11_000 } as LogEntry;
    expect(ratePerSecond(entry)).toBe(4.2);
    expect(ratePerSecond({ ...entry, last: 1000 })).toBe(42);
  });

  it('facts are bounded until taken: the newest maxFacts are kept', () => {
    const p = new LogPipeline({ maxFacts: 5 });
    const raw = 'statistics      statistics.changed info=statistics for down counter 1';
    for (let i = 1; i <= 12; i++) p.push(parseLine(raw.replace(/1$/, String(i)), T0 + i, 'x'));
    expect(kinds(p.facts(), 'down-counter').map((f) => f.counter)).toEqual([8, 9, 10, 11, 12]);
    expect(p.takeFacts()).toHaveLength(5);
  });

  it('options are checked', () => {
    expect(() => new LogPipeline({ maxEntries: 0 })).toThrow(RangeError);
    expect(() => new LogPipeline({ maxTracebackLines: 2 })).toThrow(RangeError);
  });
});

describe('properties', () => {
  const real = allLogCaptures().flatMap((p) => daemonLines(p));

  it('after 100,000 random lines the pipeline never holds more than maxEntries entries', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.constantFrom(1, 100, 2000), (seed, maxEntries) => {
        let x = seed;
        const rnd = (n: number): number => {
          x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff;
          return x % n;
        };
        const p = new LogPipeline({ maxEntries });
        let t = T0;
        const letters = 'abcdefghijklmnopqrstuvwxyz';
        for (let i = 0; i < 100_000; i++) {
          t += rnd(50);
          const base = real[rnd(real.length)] ?? '';
          let raw: string;
          switch (rnd(4)) {
            case 0:
              raw = base;
              break;
            case 1:
              raw = base.slice(0, rnd(base.length + 1));
              break;
            case 2: // a unique word so it cannot fold
              raw = `${base.slice(0, 16)}${letters[rnd(26)]}${letters[rnd(26)]}${letters[rnd(26)]}${letters[rnd(26)]} ${base.slice(16)}`;
              break;
            default:
              raw = String.fromCharCode(...Array.from({ length: rnd(60) }, () => rnd(0x3000)));
          }
          p.push(parseLine(raw, t, `o${rnd(3)}`));
          if (rnd(500) === 0) p.closeIdle(t + 2000);
          if (i % 5000 === 0 && p.entries().length > maxEntries) return false;
        }
        p.flush();
        return p.entries().length <= maxEntries && p.counters().lines === 100_000;
      }),
      { numRuns: 3 },
    );
  }, 60_000);

  it('random pushes, truncations and calls never throw', () => {
    const rawLine = fc.oneof(
      fc.string({ maxLength: 120 }),
      fc.tuple(fc.constantFrom(...real.filter((_, i) => i % 3 === 0)), fc.nat()).map(([l, n]) => l.slice(0, n % (l.length + 1))),
    );
    const op = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), raw: rawLine, origin: fc.constantFrom('a', 'b'), dt: fc.integer({ min: -5000, max: 5000 }) }),
      fc.record({ kind: fc.constant('idle' as const), dt: fc.integer({ min: 0, max: 3000 }) }),
      fc.record({ kind: fc.constant('flush' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const p = new LogPipeline({ maxEntries: 10, maxTracebackLines: 5 });
        let t = T0;
        for (const o of ops) {
          if (o.kind === 'push') p.push(parseLine(o.raw, (t += o.dt), o.origin));
          else if (o.kind === 'idle') p.closeIdle(t + o.dt);
          else p.flush();
        }
        const entries = p.entries();
        expect(entries.length).toBeLessThanOrEqual(10);
        for (const e of entries) expect(e.lines.length).toBeLessThanOrEqual(5);
      }),
      { numRuns: 300 },
    );
  });
});

describe('failed connection attempts (6.0-dev at DEBUG, a neighbor nobody answers) are their own kind', () => {
  const LIVES = 'v6.0-dev-lives/log-debug-2lives.txt';
  const lines = captureLines(LIVES);
  // Counted on the raw text: one attempt writes `connection.failed` then `connection.error`.
  const failed = lines.filter((l) => /^outgoing-\d+\s+connection\.failed peer=127\.0\.147\.4 /.test(l)).length;
  const errorLines = lines.filter((l) => /^outgoing-\d+\s+connection\.error error=\[Errno 111\]/.test(l)).length;

  it('are counted once per attempt, never as errors, and each entry names the neighbor', () => {
    expect(failed).toBeGreaterThan(10);
    expect(errorLines).toBe(failed);
    const p = new LogPipeline();
    feed(p, LIVES, 'lives', T0, 20);
    p.flush();
    const c = p.counters();
    expect(c.connectFailures).toBe(failed);
    expect(c.errors).toBe(0);
    const entries = ofClass(p, 'connect-failed');
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.neighbor === '127.0.147.4')).toBe(true);
    expect(p.entries().filter((e) => e.class === 'error')).toEqual([]);
  });
});
