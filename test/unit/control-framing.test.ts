import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binaryStrings300 } from '../support/fast-check.js';
import { AnswerReader, isComplete, splitAnswer, stripStrayTerminators, terminatorOf } from '../../src/core/control/framing.js';

const path = (p: string): URL => new URL(`../../fixtures/${p}`, import.meta.url);
const bytes = (p: string): Buffer => readFileSync(path(p));
const read = (p: string): string => bytes(p).toString('utf8');

interface Capture {
  file: string;
  terminator: 'done' | 'error';
  lines: number | null;
  /** Sizes of the reads the capture tool saw, in order (EOF markers dropped). */
  chunks: number[];
}

/** The per-answer metadata the capture tools wrote next to the answers. */
function captures(): Capture[] {
  const out: Capture[] = [];
  const logs = ['v4.2/pipe-capture-log.jsonl', 'v5.0.15/pipe-capture-log.jsonl', 'v6.0-dev/captures.jsonl', 'v6.0-dev-api4/captures.jsonl'];
  for (const log of logs) {
    const dir = log.slice(0, log.indexOf('/'));
    for (const line of read(log).split('\n').filter(Boolean)) {
      const r = JSON.parse(line) as Record<string, unknown>;
      if (!Array.isArray(r['chunks'])) continue; // ENXIO probes
      const file = `${dir}/${String(r['file'] ?? String(r['outfile']).split('/').pop())}`;
      // 4.2/5.0 logs only say `terminated`; their README lists `show nonsense` as the one `error`.
      const terminator = (r['terminator'] ?? (r['command'] === 'show nonsense' ? 'error' : 'done')) as Capture['terminator'];
      const chunks = (r['chunks'] as [number, number | string][]).map(([, n]) => n).filter((n): n is number => typeof n === 'number');
      out.push({ file, terminator, lines: typeof r['lines'] === 'number' ? r['lines'] : null, chunks });
    }
  }
  return out;
}

const CAPTURES = captures();
/**
 * The every-prefix checks parse each of the ~117,000 prefixes of the captures whole (quadratic
 * on purpose: the framing functions must hold for any cut): ~1.5 s on an idle core, 4-5 s with
 * the unit files sharing 2 cores with lab daemons, over vitest's default 5 s.
 */
const EXHAUSTIVE_TIMEOUT_MS = 30_000;

describe('splitAnswer on every recorded capture', () => {
  it('found the 70 recorded answers on disk', () => {
    expect(CAPTURES).toHaveLength(70);
    for (const c of CAPTURES) expect(existsSync(path(c.file)), c.file).toBe(true);
  });

  it.each(CAPTURES.map((c) => [c.file, c] as const))('%s: terminator and line count', (_f, c) => {
    const { lines, terminator } = splitAnswer(read(c.file));
    expect(terminator).toBe(c.terminator);
    if (c.lines !== null) expect(lines).toHaveLength(c.lines - 1);
    if (c.terminator === 'error') expect(lines).toEqual([]);
  });

  it('keeps blank lines inside a 4.2 answer and drops the terminator', () => {
    const { lines } = splitAnswer(read('v4.2/pipe-show-neighbor-extensive-3peer-up.txt'));
    expect(lines).toHaveLength(96);
    expect(lines[0]).toBe('Neighbor 127.0.1.2');
    expect(lines[1]).toBe('');
    expect(lines.at(-1)).toBe('');
    expect(lines).not.toContain('done');
  });

  it('gives the version line of the 5.0 answer', () => {
    expect(splitAnswer(read('v5.0.15/pipe-version.txt'))).toEqual({ lines: ['exabgp 5.0.15'], terminator: 'done' });
  });
});

describe('isComplete, replaying the reads as the daemon delivered them', () => {
  const split = CAPTURES.filter((c) => c.chunks.length > 1);

  it('has answers that arrived in several reads, JSON line and `done` apart included', () => {
    expect(split.map((c) => c.file)).toContain('v6.0-dev/3peer-pipe-peer-list.raw');
    expect(split.length).toBeGreaterThan(15);
  });

  it.each(split.map((c) => [c.file, c] as const))('%s: complete only after the last read', (_f, c) => {
    const all = bytes(c.file);
    expect(c.chunks.reduce((a, b) => a + b, 0)).toBe(all.length);
    let offset = 0;
    c.chunks.forEach((size, i) => {
      offset += size;
      expect(isComplete(all.subarray(0, offset).toString('utf8'))).toBe(i === c.chunks.length - 1);
    });
  });

  it('6.0 pipe: the JSON line alone is not an answer yet', () => {
    const first = bytes('v6.0-dev/3peer-pipe-peer-list.raw').subarray(0, 213).toString('utf8');
    expect(first.endsWith('"IDLE"}]\n')).toBe(true);
    expect(isComplete(first)).toBe(false);
    expect(splitAnswer(first)).toEqual({ lines: [first.slice(0, -1)], terminator: null });
  });

  it('no strict prefix of a single answer is complete', () => {
    for (const c of CAPTURES) {
      const text = read(c.file);
      expect(isComplete(text)).toBe(true);
      const completeAt: number[] = [];
      for (let end = 0; end < text.length; end++) if (isComplete(text.slice(0, end))) completeAt.push(end);
      expect(completeAt, c.file).toEqual([]);
    }
  }, EXHAUSTIVE_TIMEOUT_MS);
});

describe('AnswerReader: the check the pipe and socket readers make per read', () => {
  const feed = (pieces: string[], strays: boolean) => {
    const reader = new AnswerReader(strays);
    const complete = pieces.map((p) => {
      reader.push(p);
      return reader.complete;
    });
    return { reader, complete };
  };
  const cutsOf = (text: string, cuts: number[]) => {
    const ends = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
    return [...ends, text.length].map((end, i, all) => text.slice(i === 0 ? 0 : all[i - 1], end));
  };

  it('agrees with isComplete after every read, for any way a real answer is cut into reads', () => {
    const texts = CAPTURES.map((c) => read(c.file));
    fc.assert(fc.property(fc.constantFrom(...texts), fc.array(fc.nat(), { maxLength: 12 }), (text, cuts) => {
      const pieces = cutsOf(text, cuts);
      let prefix = '';
      for (const piece of pieces) {
        const reader = new AnswerReader(false);
        prefix += piece;
        reader.push(prefix);
        expect(reader.complete).toBe(isComplete(prefix));
      }
      const whole = feed(pieces, false).reader;
      expect(whole.text).toBe(text);
      expect(whole.length).toBe(text.length);
    }));
  });

  it('with strays, agrees with isComplete of the stripped buffer after every read', () => {
    const texts = CAPTURES.map((c) => read(c.file));
    const prefixes = fc.constantFrom('', 'done\n', 'error\n', 'error\ndone\n', ' done \r\n');
    fc.assert(fc.property(prefixes, fc.constantFrom(...texts), fc.array(fc.nat(), { maxLength: 12 }), (stray, answer, cuts) => {
      const text = stray + answer;
      const reader = new AnswerReader(true);
      let prefix = '';
      for (const piece of cutsOf(text, cuts)) {
        reader.push(piece);
        prefix += piece;
        expect(reader.complete).toBe(isComplete(stripStrayTerminators(prefix)));
      }
    }));
  });

  it('finds a terminator line whose first bytes came in an earlier read', () => {
    expect(feed(['{"a":1}\ndo', 'ne', '\n'], false).complete).toEqual([false, false, true]);
    expect(feed(['done\n', '{"a":1}\n', 'done\n'], true).complete).toEqual([true, false, true]);
  });
});

describe('several answers on one socket connection', () => {
  it('splitAnswer stops at the first terminator', () => {
    const raw = read('v6.0-dev/3peer-socket-one-connection-three-commands.raw');
    expect(splitAnswer(raw)).toEqual({
      lines: ['{"version": "6.0.0-20261123+HEAD-4460078e00", "application": "exabgp"}'],
      terminator: 'done',
    });
  });
});

describe('stripStrayTerminators (6.0-dev socket, client right after another)', () => {
  it('API v6: drops the stray `error` before the real `peer list` answer', () => {
    const raw = read('v6.0-dev/3peer-socket-back-to-back-second-connection.raw');
    expect(splitAnswer(raw)).toEqual({ lines: [], terminator: 'error' });
    const { lines, terminator } = splitAnswer(stripStrayTerminators(raw));
    expect(terminator).toBe('done');
    expect(JSON.parse(lines.join('\n'))).toEqual([
      { 'peer-address': '127.0.2.2', 'peer-as': 65002, state: 'ESTABLISHED' },
      { 'peer-address': '127.0.2.3', 'peer-as': 65003, state: 'IDLE' },
      { 'peer-address': '127.0.2.4', 'peer-as': 65004, state: 'IDLE' },
    ]);
  });

  it('API v6: a client queued behind another gets its version after the stray', () => {
    const raw = read('v6.0-dev/socket-second-client-after-first-closed.raw');
    expect(splitAnswer(stripStrayTerminators(raw)).lines).toEqual([
      '{"version": "6.0.0-20261123+HEAD-4460078e00", "application": "exabgp"}',
    ]);
  });

  it('API v4: drops the stray `done` before the summary table', () => {
    const raw = read('v6.0-dev-api4/socket-back-to-back-second-connection.raw');
    expect(splitAnswer(raw).lines).toEqual([]);
    const { lines, terminator } = splitAnswer(stripStrayTerminators(raw));
    expect(terminator).toBe('done');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^127\.0\.2\.2\s+65002\s+0:00:01 established/);
  });

  it('keeps a lone terminator: it may be the real answer', () => {
    for (const file of ['v6.0-dev/3peer-socket-bad-show-nonsense.raw', 'v6.0-dev/teardown-socket-peer-127.0.2.2-teardown-2.raw']) {
      const raw = read(file);
      expect(stripStrayTerminators(raw)).toBe(raw);
    }
  });

  it('while the real answer is still arriving, the buffer is not complete', () => {
    const raw = read('v6.0-dev/3peer-socket-back-to-back-second-connection.raw');
    const partial = raw.slice(0, 'error\n'.length + 20);
    expect(isComplete(partial)).toBe(true);
    expect(isComplete(stripStrayTerminators(partial))).toBe(false);
  });

  it('leaves normal answers and an empty read alone', () => {
    for (const c of CAPTURES) {
      const raw = read(c.file);
      expect(stripStrayTerminators(raw)).toBe(raw);
    }
    expect(stripStrayTerminators(read('v6.0-dev/socket-second-client-while-first-open.raw'))).toBe('');
  });
});

describe('JSON-shaped terminators', () => {
  // Verbatim from exabgp src/exabgp/reactor/api/response/answer.py (commit 4460078e00, the one the
  // 6.0-dev fixtures ran): the daemon never sent them in the captures, but its code can.
  const JSON_DONE = '{ "answer": "done", "message": "command completed" }';
  const JSON_ERROR = '{ "answer": "error", "message": "this command does not support json output" }';
  const JSON_SHUTDOWN = '{ "answer": "shutdown", "message": "exbgp exited" }';

  it('are recognised like the plain words', () => {
    expect([JSON_DONE, JSON_ERROR, JSON_SHUTDOWN].map(terminatorOf)).toEqual(['done', 'error', 'shutdown']);
    const raw = read('v6.0-dev/3peer-socket-peer-list.raw').replace(/done\n$/, `${JSON_DONE}\n`);
    const { lines, terminator } = splitAnswer(raw);
    expect(terminator).toBe('done');
    expect(lines).toEqual([read('v6.0-dev/3peer-socket-peer-list.raw').split('\n')[0]]);
    expect(isComplete(raw)).toBe(true);
    expect(isComplete(raw.slice(0, -1))).toBe(false);
  });

  it('data lines are never taken for one', () => {
    // reactor.py answers `session reset` in JSON with a `status` field.
    expect(terminatorOf('{"status": "asynchronous queue cleared"}')).toBeNull();
    for (const c of CAPTURES) {
      const lines = read(c.file).split('\n');
      expect(lines.slice(0, -2).map(terminatorOf).filter(Boolean)).toEqual([]);
    }
  });
});

describe('framing never throws and agrees with itself', () => {
  const agree = (buffer: string): boolean => {
    const split = splitAnswer(buffer);
    const stripped = stripStrayTerminators(buffer);
    return isComplete(buffer) === (split.terminator !== null) && buffer.endsWith(stripped);
  };

  it('random strings and random UTF-8 bytes', () => {
    fc.assert(fc.property(binaryStrings300, agree));
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => agree(Buffer.from(b).toString('utf8'))));
    const words = fc.constantFrom('done', 'error', 'shutdown', '{"answer": "done"}', 'x', '', ' done ', '\r');
    fc.assert(fc.property(fc.array(words, { maxLength: 8 }), (parts) => agree(parts.join('\n'))));
  });

  it('every prefix of every capture, and every capture cut at random then glued to another', () => {
    for (const c of CAPTURES) {
      const text = read(c.file);
      const disagreeAt: number[] = [];
      for (let end = 0; end <= text.length; end++) if (!agree(text.slice(0, end))) disagreeAt.push(end);
      expect(disagreeAt, c.file).toEqual([]);
    }
    const texts = CAPTURES.map((c) => read(c.file));
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.constantFrom(...texts), fc.nat(), (a, b, at) => agree(a.slice(0, at % (a.length + 1)) + b)),
    );
  }, EXHAUSTIVE_TIMEOUT_MS);
});
