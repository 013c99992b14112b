// Throughput and memory of the log pipeline (parseLine + classify + LogPipeline.push) on the
// real captured lines, cycled through every fixture log file.
//
//   npm run build && node bench/log-pipeline.js            (add --expose-gc for exact heap numbers)
//
// Prints a table and writes bench/results/log-pipeline.json. Takes well under a minute.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classify, LogPipeline, parseLine } from '../dist/core/logs/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '..', 'fixtures');
const THROUGHPUT_MS = 3000;
const MEMORY_LINES = 10_000_000;

/** The syslog captures hold datagrams as Python bytes literals: `b'<30>…\x00'`. */
function decodeBytesLiteral(line) {
  const m = /^b'(.*)'$/.exec(line);
  if (!m) return line;
  return Buffer.from(
    m[1].replace(/\\x([0-9a-f]{2})|\\(.)/g, (_, hex, c) => String.fromCharCode(hex ? parseInt(hex, 16) : ({ n: 10, t: 9, r: 13 })[c] ?? c.charCodeAt(0))),
    'latin1',
  ).toString('utf8');
}

function logFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...logFiles(path));
    else if ((/^log-.*\.txt$/.test(name) || /\.log$/.test(name) || dir.includes('log-samples')) && name !== 'README.md') out.push(path);
  }
  return out;
}

const files = logFiles(fixtures).filter((p) => /\/(v4\.2|v5\.0\.15|v6\.0-dev|v6\.0-dev-api4)\/log-|\/log-samples\//.test(p)).sort();
const lines = [];
const origins = [];
for (const path of files) {
  const origin = relative(fixtures, path);
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    if (raw === '') continue;
    lines.push(path.includes('syslog.txt') ? decodeBytesLiteral(raw) : raw);
    origins.push(origin);
  }
}
const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l), 0);

const now = () => Number(process.hrtime.bigint()) / 1e6;
let clock = Date.UTC(2026, 10, 23, 15, 20, 0);

/** Run `step(i)` over the cycled lines for about `ms`; lines per second. */
function rate(ms, step) {
  let done = 0;
  const start = now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let k = 0; k < 10_000; k++) step(done++ % lines.length);
    elapsed = now() - start;
  }
  return { lines: done, ms: elapsed, perSecond: Math.round((done / elapsed) * 1000) };
}

// warm-up: let the JIT see every shape
{
  const p = new LogPipeline();
  for (let i = 0; i < lines.length * 3; i++) p.push(parseLine(lines[i % lines.length], (clock += 1), origins[i % lines.length]));
}

let sink = 0;
const parseOnly = rate(1000, (i) => {
  sink += parseLine(lines[i], (clock += 1), origins[i]).message.length;
});
const parseClassify = rate(1000, (i) => {
  sink += classify(parseLine(lines[i], (clock += 1), origins[i])).length;
});
const pipeline = new LogPipeline();
const full = rate(THROUGHPUT_MS, (i) => {
  pipeline.push(parseLine(lines[i], (clock += 1), origins[i]));
});

// memory: 10,000,000 more lines into a fresh pipeline. One line in ten gets a unique word (letters:
// numbers would fold) so the ring of 2000 entries fills and evicts all along, not only folds.
const UNIQUE_EVERY = 10;
const letters = (n) => {
  let s = '';
  do {
    s += String.fromCharCode(97 + (n % 26));
    n = Math.floor(n / 26);
  } while (n > 0);
  return s;
};
const gc = typeof globalThis.gc === 'function' ? globalThis.gc : null;
const heap = () => {
  gc?.();
  return process.memoryUsage().heapUsed;
};
const mem = new LogPipeline();
for (let i = 0; i < lines.length; i++) mem.push(parseLine(lines[i], (clock += 1), origins[i]));
const heapBefore = heap();
const memStart = now();
const checkpoints = [];
for (let i = 0; i < MEMORY_LINES; i++) {
  const j = i % lines.length;
  const raw = i % UNIQUE_EVERY === 0 ? `${lines[j]} u${letters(i)}` : lines[j];
  mem.push(parseLine(raw, (clock += 1), origins[j]));
  if ((i + 1) % 2_500_000 === 0) checkpoints.push({ pushed: i + 1, heapUsed: heap() });
}
mem.flush();
const memMs = now() - memStart;
const heapAfter = heap();

const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`;
const fmt = (n) => n.toLocaleString('en-US');
const rows = [
  ['corpus', `${fmt(lines.length)} lines from ${files.length} files (${(bytes / 1024).toFixed(0)} KiB)`],
  ['parseLine', `${fmt(parseOnly.perSecond)} lines/s`],
  ['parseLine + classify', `${fmt(parseClassify.perSecond)} lines/s`],
  ['parseLine + pipeline.push (3 s)', `${fmt(full.perSecond)} lines/s  (target ≥ 100,000)`],
  ['10M lines (1 in 10 unique): time', `${(memMs / 1000).toFixed(1)} s  (${fmt(Math.round((MEMORY_LINES / memMs) * 1000))} lines/s)`],
  ['10M lines: heapUsed before', mb(heapBefore)],
  ...checkpoints.map((c) => [`  after ${fmt(c.pushed)}`, mb(c.heapUsed)]),
  ['10M lines: heapUsed after', `${mb(heapAfter)}${gc ? ' (after gc)' : ' (no --expose-gc: includes garbage)'}`],
  ['entries kept / counters.lines', `${mem.entries().length} / ${fmt(mem.counters().lines)}`],
];
const width = Math.max(...rows.map(([k]) => k.length));
console.log('log pipeline benchmark');
for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
if (sink === -1) console.log(sink);

const result = {
  date: new Date().toISOString(),
  node: process.version,
  corpus: { lines: lines.length, files: files.length, bytes },
  linesPerSecond: { parseLine: parseOnly.perSecond, parseLineClassify: parseClassify.perSecond, pipeline: full.perSecond },
  targetLinesPerSecond: 100_000,
  memory: {
    lines: MEMORY_LINES,
    uniqueEvery: UNIQUE_EVERY,
    seconds: Number((memMs / 1000).toFixed(2)),
    heapUsedBefore: heapBefore,
    heapUsedAfter: heapAfter,
    checkpoints,
    forcedGc: gc !== null,
    entries: mem.entries().length,
    maxEntries: 2000,
  },
};
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'log-pipeline.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(`  wrote bench/results/log-pipeline.json`);
