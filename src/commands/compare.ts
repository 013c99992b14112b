// `exatop compare BASE CAND`: two runs (or two pytest-benchmark files) by the template's rule.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { compareRuns, exitCodeOf, type Comparison, type Outcome, type Rule } from '../core/compare/compare.js';
import { benchmarksMarkdown, formatThreshold, runsMarkdown } from '../core/compare/markdown.js';
import { compareBenchmarks, DECIDING_STAT, isBenchmarkDocument, parseBenchmarkDocument, type BenchComparison, type BenchmarkFile } from '../core/compare/pytest-benchmark.js';
import { isRunDocument, parseRunDocument, type Run } from '../core/compare/run-schema.js';
import { compareHtml } from '../core/html/compare-html.js';
import { defaultRunsDir, resolveRunFile, writeFileAtomic } from '../io/runs/store.js';
import { printable, printableJson } from '../core/text/printable.js';
import { UsageError } from './common.js';
import { EXIT } from '../core/exit-codes.js';

export const COMPARE_USAGE = `Usage: exatop compare BASE CAND [--markdown | --json] [--threshold PCT] [--fail-on any|regression]
                      [--symmetric] [--runs-dir DIR] [--html OUT]

Compares a baseline with a candidate: two runs saved by exatop, or two files saved by
pytest --benchmark-save. The kind of each file is read from its content.

Runs: one row per figure, Delta = (CAND - BASE) / BASE, passing when |Delta| <= PCT
(default 10: the template's "within ±10%"). --fail-on regression: only a higher figure fails
(lower is better for establishment time, memory and CPU). A zero baseline has no Delta: only
a zero candidate passes. A figure missing on either side shows as ___ and neither passes
nor fails: the comparison is then "incomplete".
pytest-benchmark: per test the mean, median and stddev Delta; the mean decides by
pytest-benchmark's own --benchmark-compare-fail=mean:PCT% check: it fails only when
CAND / BASE x 100 - 100 > PCT (slower only, exactly +PCT% computed as it computes it);
--symmetric (or --fail-on any) applies the template's ±PCT% instead. Tests present in only
one file are listed (incomplete). A run figure taken out of its condition (RSS before 24 h)
is marked * with a footnote, and a comparison otherwise passing is then "provisional".

BASE and CAND are file paths, or names of runs in the runs folder: --runs-dir DIR, default
$XDG_STATE_HOME/exatop/runs or ~/.local/state/exatop/runs.
Output on stdout: Markdown (default, or --markdown) with the template's Record lists,
comparison table and how each figure was measured; --json for the same as JSON. --html OUT
also writes the table as one self-contained HTML page, each figure's per-run values drawn as a
strip plot, baseline beside candidate.

Exit: 0 every row passes; 1 a present row fails; 2 bad input (a file unreadable, corrupt, of
an unknown kind, or the two files of different kinds); 3 incomplete or provisional (a figure
missing, or taken out of its condition: stderr says which).
`;

const OPTIONS = {
  markdown: { type: 'boolean' },
  json: { type: 'boolean' },
  threshold: { type: 'string' },
  'fail-on': { type: 'string' },
  symmetric: { type: 'boolean' },
  'runs-dir': { type: 'string' },
  html: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface CompareArgs {
  base: string;
  cand: string;
  output: 'markdown' | 'json';
  rule: Rule;
  /** For pytest-benchmark files: its own check unless --symmetric or --fail-on says otherwise. */
  benchRule: Rule;
  runsDir: string | undefined;
  /** Also write the table with each figure's per-run values drawn, as one HTML page. */
  html?: string | undefined;
  help: boolean;
}

export function parseCompareArgs(argv: string[]): CompareArgs {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const help = values.help ?? false;
  if (!help && positionals.length !== 2) throw new UsageError(`compare takes two files, BASE and CAND; got ${positionals.length}`);
  if (values.markdown && values.json) throw new UsageError('give --markdown or --json, not both');
  const threshold = values.threshold === undefined ? 10 : Number(values.threshold);
  if (values.threshold !== undefined && (values.threshold.trim() === '' || !Number.isFinite(threshold) || threshold < 0)) {
    throw new UsageError(`--threshold takes a percentage >= 0, got ${JSON.stringify(values.threshold)}`);
  }
  const failOn = values['fail-on'] ?? 'any';
  if (failOn !== 'any' && failOn !== 'regression') throw new UsageError(`--fail-on takes any or regression, got ${JSON.stringify(failOn)}`);
  return {
    base: positionals[0] ?? '',
    cand: positionals[1] ?? '',
    output: values.json ? 'json' : 'markdown',
    rule: { threshold: threshold / 100, failOn },
    benchRule: { threshold: threshold / 100, failOn: values.symmetric ? 'any' : values['fail-on'] === undefined ? 'pytest-benchmark' : failOn },
    runsDir: values['runs-dir'],
    html: values.html,
    help,
  };
}

/** Bad input: reported on stderr, exit code 2. */
class InputError extends Error {}

type Loaded = { kind: 'run'; file: string; run: Run } | { kind: 'pytest-benchmark'; file: string; data: BenchmarkFile };
type RunFile = Loaded & { kind: 'run' };
type BenchFile = Loaded & { kind: 'pytest-benchmark' };

async function load(nameOrPath: string, runsDir: string): Promise<Loaded> {
  const file = await resolveRunFile(nameOrPath, runsDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`${file}: cannot read (${(error as Error).message})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (isRunDocument(doc)) {
    const parsed = parseRunDocument(doc, file);
    if (!parsed.ok) throw new InputError(parsed.message);
    return { kind: 'run', file, run: parsed.value };
  }
  if (isBenchmarkDocument(doc)) {
    const parsed = parseBenchmarkDocument(doc, file);
    if (!parsed.ok) throw new InputError(parsed.message);
    return { kind: 'pytest-benchmark', file, data: parsed.value };
  }
  throw new InputError(`${file}: neither an exatop run ("format": "exatop-run") nor a pytest-benchmark file (machine_info, benchmarks[])`);
}

const KIND_NAMES = { run: 'an exatop run', 'pytest-benchmark': 'a pytest-benchmark file' };

function ruleJson(rule: Rule) {
  return { thresholdPercent: Number(formatThreshold(rule)), failOn: rule.failOn };
}

function runsJson(base: RunFile, cand: RunFile, c: Comparison) {
  const side = (l: RunFile) => ({ file: l.file, label: l.run.label, host: l.run.host, exabgp: l.run.exabgp });
  const rows = c.rows.map((r) => ({
    metric: r.metric,
    baseline: base.run.metrics[r.metric] ?? null,
    candidate: cand.run.metrics[r.metric] ?? null,
    delta: r.delta,
    zeroBaseline: r.zeroBaseline,
    status: r.status,
  }));
  return { kind: 'runs', rule: ruleJson(c.rule), baseline: side(base), candidate: side(cand), rows };
}

function benchmarksJson(base: BenchFile, cand: BenchFile, c: BenchComparison) {
  const side = (l: BenchFile) => ({ file: l.file, datetime: l.data.datetime, version: l.data.version, commit: l.data.commit_info['id'] ?? null });
  return {
    kind: 'pytest-benchmark', rule: ruleJson(c.rule), decidingStat: DECIDING_STAT, baseline: side(base), candidate: side(cand),
    rows: c.rows, onlyInBaseline: c.onlyInBaseline, onlyInCandidate: c.onlyInCandidate,
  };
}

function finish(args: CompareArgs, body: object, markdown: () => string, outcome: Outcome): number {
  const exitCode = exitCodeOf(outcome);
  if (args.output === 'json') process.stdout.write(`${printableJson({ format: 'exatop-comparison', version: 1, ...body, outcome, exitCode }, 2)}\n`);
  else process.stdout.write(markdown());
  const why = { fail: 'a figure fails the rule', incomplete: 'incomplete: some figures are missing on one side', provisional: 'provisional: a figure marked * was taken out of its condition' };
  if (outcome !== 'pass') process.stderr.write(`exatop compare: ${why[outcome]}\n`);
  return exitCode;
}

type Pair = { kind: 'run'; base: RunFile; cand: RunFile } | { kind: 'pytest-benchmark'; base: BenchFile; cand: BenchFile };

function pairOf(base: Loaded, cand: Loaded): Pair {
  if (base.kind === 'run' && cand.kind === 'run') return { kind: 'run', base, cand };
  if (base.kind === 'pytest-benchmark' && cand.kind === 'pytest-benchmark') return { kind: 'pytest-benchmark', base, cand };
  throw new InputError(`${base.file} is ${KIND_NAMES[base.kind]} but ${cand.file} is ${KIND_NAMES[cand.kind]}: compare two of a kind`);
}

export async function runCompare(args: CompareArgs): Promise<number> {
  const runsDir = args.runsDir ?? defaultRunsDir();
  let pair: Pair;
  try {
    const [base, cand] = await Promise.all([load(args.base, runsDir), load(args.cand, runsDir)]);
    pair = pairOf(base, cand);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    process.stderr.write(`exatop compare: ${printable(error.message)}\n`);
    return EXIT.usage;
  }
  if (pair.kind === 'run') {
    const { base, cand } = pair;
    const c = compareRuns(base.run, cand.run, args.rule);
    if (args.html) {
      const title = `exatop compare: ${base.run.label} against ${cand.run.label}`;
      await writeFileAtomic(args.html, compareHtml({ title, baseline: base, candidate: cand, comparison: c }));
      process.stderr.write(`exatop compare: wrote ${args.html}\n`);
    }
    return finish(args, runsJson(base, cand, c), () => runsMarkdown(base, cand, c), c.outcome);
  }
  const { base, cand } = pair;
  if (args.html) process.stderr.write('exatop compare: --html draws two exatop runs; pytest-benchmark files are compared as text only\n');
  const c = compareBenchmarks(base.data, cand.data, args.benchRule);
  return finish(args, benchmarksJson(base, cand, c), () => benchmarksMarkdown({ file: base.file, data: base.data }, { file: cand.file, data: cand.data }, c), c.outcome);
}
