// Random bytes into every parser of outside input, and into the sanitiser: nothing throws, and
// what the sanitiser lets through holds no control character a terminal would act on. Inputs are
// raw random bytes (decoded as UTF-8 and as Latin-1, which maps every byte to a character, C1
// included) and real captures with random bytes written over them, cut and glued, so the fuzzing
// reaches past the first check of each parser.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAlertConfig } from '../../src/core/alerts/config.js';
import { parseBenchmarkDocument } from '../../src/core/compare/pytest-benchmark.js';
import { parseRun, serializeRun } from '../../src/core/compare/run-schema.js';
import { answerText, isComplete, splitAnswer, stripStrayTerminators } from '../../src/core/control/framing.js';
import { parseDaemonStatus, parsePing, parseVersionAnswer } from '../../src/core/control/parse-daemon-status.js';
import { parseExtensive } from '../../src/core/control/parse-extensive.js';
import { parseNeighborJson } from '../../src/core/control/parse-neighbor-json.js';
import { neighborsFromConfig } from '../../src/core/daemon/config-neighbors.js';
import { parseBootTime, parseChildren, parseEnviron, parseNulList, parseOpenFilesLimit, parseStat, parseStatus } from '../../src/core/daemon/proc-parse.js';
import { parseEnvFile, versionFromControlAnswer, versionFromScript, versionFromVersionPy } from '../../src/core/daemon/version.js';
import { apiEventLine } from '../../src/core/logs/api-event.js';
import { parseJournalRecord, parseLine } from '../../src/core/logs/parse-line.js';
import { LogPipeline } from '../../src/core/logs/pipeline.js';
import { headerLine, parseRecording } from '../../src/core/record/format.js';
import { hasUnprintable, printable, printableBlock, printableJson, printableLines } from '../../src/core/text/printable.js';
import { makeRun, measured } from '../support/runs.js';

const fixture = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'latin1');

const SAMPLE = { type: 'sample', t: 1, pid: 100, up: 5, rss: 1, cpu: 1, fds: 10, fdmax: 1024, thr: 1, hrss: 1, restarts: 0, ctl: 3, ctlok: true, nb: [{ a: '127.0.0.2', e: true, s: 'ESTABLISHED', f: 0, ni: 0, no: 0, ui: 1, uo: 1 }], log: { err: 0, tb: 0, ntf: 0, up: 1, down: 0, api: 0 } };

const BASES = {
  extensive: fixture('v4.2/pipe-show-neighbor-extensive-3peer-up.txt'),
  json: fixture('v5.0.15/pipe-show-neighbor-json-3peer-up.txt'),
  socket: fixture('v6.0-dev/3peer-socket-peer-show.raw'),
  status: fixture('v6.0-dev/3peer-socket-daemon-status.raw'),
  version: fixture('v4.2/pipe-version.txt'),
  log: fixture('v4.2/log-file-3peer.txt'),
  journal: fixture('v4.2-journal/journalctl-json-all.jsonl'),
  api: fixture('v4.2/api-events-3peer.txt'),
  stat: fixture('v4.2/proc-daemon-stat'),
  status42: fixture('v4.2/proc-daemon-status'),
  limits: fixture('v4.2/proc-daemon-limits'),
  environ: fixture('v4.2/proc-daemon-environ'),
  config: fixture('v4.2/exabgp-3peer.conf'),
  env: fixture('v4.2/exabgp.env'),
  benchmark: fixture('pytest-benchmark/0001_base.json'),
  run: serializeRun(makeRun('generator', { establishment: measured('establishment', [0.4, 0.5]) })),
  recording: [headerLine(1, 'h', '0.1.0'), SAMPLE, { type: 'event', t: 2, kind: 'attach', detail: { pid: 100 } }].map((l) => JSON.stringify(l)).join('\n'),
  alerts: JSON.stringify({ rules: { 'cpu-high': { percent: 60, minDurationMs: 600000 }, flap: { enabled: false } }, hook: { program: '/bin/true', args: ['x'], timeoutMs: 5000 } }),
};

const bytes = fc.uint8Array({ maxLength: 2000 });
const decoded = fc.oneof(bytes.map((b) => Buffer.from(b).toString('utf8')), bytes.map((b) => Buffer.from(b).toString('latin1')));

/** A real input with random bytes written over it, cut short, or glued to random bytes. */
function mutated(base: string): fc.Arbitrary<string> {
  const edit = fc.record({ at: fc.nat({ max: Math.max(0, base.length - 1) }), text: decoded });
  return fc.oneof(
    fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) => edits.reduce((s, e) => s.slice(0, e.at) + e.text.slice(0, 40) + s.slice(e.at + e.text.length % 40), base)),
    fc.nat({ max: base.length }).map((n) => base.slice(0, n)),
    fc.tuple(fc.nat({ max: base.length }), decoded).map(([n, tail]) => base.slice(0, n) + tail + base.slice(n)),
  );
}

const inputs = (base: string) => fc.oneof(decoded, mutated(base));
const RUNS = { numRuns: 150 };
const neverThrows = (name: keyof typeof BASES, parse: (text: string) => unknown) =>
  it(`${name}: random and mangled input never throws`, () => {
    fc.assert(fc.property(inputs(BASES[name]), (text) => {
      parse(text);
    }), RUNS);
  });

describe('every parser of outside input, fed random bytes', () => {
  neverThrows('extensive', (t) => parseExtensive(answerText(t)));
  neverThrows('json', (t) => parseNeighborJson(answerText(t)));
  neverThrows('socket', (t) => {
    const buffer = stripStrayTerminators(t);
    isComplete(buffer);
    splitAnswer(buffer);
    parseNeighborJson(answerText(buffer));
  });
  neverThrows('status', (t) => [parseDaemonStatus(answerText(t)), parsePing(answerText(t))]);
  neverThrows('version', (t) => [parseVersionAnswer(answerText(t)), versionFromControlAnswer(t), versionFromScript(t, '/x'), versionFromVersionPy(t, '/x')]);
  neverThrows('log', (t) => t.split('\n').map((l) => parseLine(l, 0, 'f')));
  neverThrows('journal', (t) => t.split('\n').map((l) => parseJournalRecord(l, 'u')));
  neverThrows('api', (t) => t.split('\n').map((l) => apiEventLine(l, 0, 'f')));
  neverThrows('stat', (t) => [parseStat(t), parseBootTime(t), parseChildren(t)]);
  neverThrows('status42', (t) => parseStatus(t));
  neverThrows('limits', (t) => parseOpenFilesLimit(t));
  neverThrows('environ', (t) => [parseEnviron(t), parseNulList(t)]);
  neverThrows('config', (t) => neighborsFromConfig(t));
  neverThrows('env', (t) => parseEnvFile(t));
  neverThrows('benchmark', (t) => {
    let doc: unknown;
    try {
      doc = JSON.parse(t);
    } catch {
      return;
    }
    parseBenchmarkDocument(doc, 'f');
  });
  neverThrows('run', (t) => parseRun(t, 'f'));
  neverThrows('recording', (t) => parseRecording(t));
  neverThrows('alerts', (t) => parseAlertConfig(t, 'f'));
});

const ANY_CONTROL = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const text = fc.oneof(decoded, fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: fc.constantFrom('\x1b', ']', '[', '0', ';', '\x07', '\r', '\n', '\x9b', '\u2028', '\u202e', '\ud800', 'a', 'é'), maxLength: 60 }));

describe('the sanitiser, fed random bytes', () => {
  it('printable: no C0, C1, line separator, bidi control or lone surrogate comes out', () => {
    fc.assert(fc.property(text, (s) => {
      const out = printable(s);
      expect(out).not.toMatch(ANY_CONTROL);
      expect(hasUnprintable(out)).toBe(false);
      expect(printable(out)).toBe(out);
    }), { numRuns: 500 });
  });

  it('printable with a cap: at most the cap and a marker, never a split surrogate pair', () => {
    fc.assert(fc.property(text, fc.nat({ max: 100 }), (s, cap) => {
      const out = printable(s, cap);
      expect(out).not.toMatch(ANY_CONTROL);
      if (s.length > cap) expect(out).toMatch(/… \[\+\d+ chars\]$/);
      else expect(out).toBe(printable(s));
    }), { numRuns: 500 });
  });

  it('printableLines: one printable line per newline; printableBlock keeps only newlines', () => {
    fc.assert(fc.property(text, (s) => {
      const lines = printableLines(s);
      expect(lines).toHaveLength(s.replace(/\r\n/g, '\n').split('\n').length);
      for (const line of lines) expect(line).not.toMatch(ANY_CONTROL);
      const block = printableBlock(s);
      expect(block.replace(/\n/g, '')).not.toMatch(ANY_CONTROL);
      expect(block.split('\n')).toHaveLength(s.split('\n').length);
    }), { numRuns: 500 });
  });

  it('printableJson: parses back to the same value and holds no raw control character', () => {
    fc.assert(fc.property(text, (s) => {
      const json = printableJson({ s }, 2);
      expect(JSON.parse(json)).toEqual({ s });
      expect(json.replace(/\n/g, '')).not.toMatch(/[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    }), { numRuns: 500 });
  });

  it('log lines of random bytes: each is one entry whose text is printable', () => {
    fc.assert(fc.property(fc.array(fc.oneof(decoded, mutated(BASES.log)).map((s) => s.replace(/\n/g, ' ')), { maxLength: 20 }), (lines) => {
      const pipeline = new LogPipeline({ foldWindowMs: 0 });
      lines.forEach((l, i) => pipeline.push(parseLine(l, i * 120_000, 'exabgp.log')));
      pipeline.flush();
      for (const entry of pipeline.entries()) {
        expect(entry.summary).not.toMatch(ANY_CONTROL);
        for (const line of entry.lines) expect(line).not.toMatch(ANY_CONTROL);
      }
    }), { numRuns: 200 });
  });
});
