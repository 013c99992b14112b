// Markdown export: the template's "Record" lists and comparison table, filled in, then how
// every figure was obtained. Labels, units and `___` placeholders are the template's own
// (docs: "Performance Comparison Template").
import type { Comparison, Judgement, Row, Rule, Status } from './compare.js';
import { BENCH_STATS, DECIDING_STAT, type BenchComparison, type BenchmarkFile } from './pytest-benchmark.js';
import { METRIC_NAMES, type Metric, type MetricName, type Run } from './run-schema.js';
import { printable, printableDeep } from '../text/printable.js';

export const RECORD_LINES: Record<MetricName, { label: string; unit: string }> = {
  establishment: { label: 'Session establishment time', unit: 'seconds' },
  rss24h: { label: 'Memory RSS after 24h', unit: 'MB' },
  cpuAvg: { label: 'CPU usage average', unit: '%' },
  cpuPeak: { label: 'Peak CPU during session setup', unit: '%' },
};
export const TABLE_ROWS: Record<MetricName, { label: string; unit: string }> = {
  establishment: { label: 'Establishment time', unit: 's' },
  rss24h: { label: 'Memory (24h)', unit: 'MB' },
  cpuAvg: { label: 'CPU avg', unit: '%' },
  cpuPeak: { label: 'CPU peak', unit: '%' },
};
const RECORD_BLANK = '_____';
const TABLE_BLANK = '___';
const MARKS: Record<Status, string> = { pass: '✅', fail: '❌', incomplete: '✅/❌', provisional: '⏳ provisional' };
const MODE_NAMES: Record<string, string> = { generator: 'Generator', async: 'Async' };

/** Three significant digits, plain notation, no trailing zeros: 0.42, 45.2, 1235, 0.00412. */
export function formatNumber(value: number): string {
  if (value === 0) return '0';
  const decimals = Math.min(6, Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value)))));
  const text = value.toFixed(decimals);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

export function formatDelta(j: Judgement): string {
  if (j.zeroBaseline) return 'undefined (baseline 0)';
  if (j.delta === null) return `${TABLE_BLANK}%`;
  const pct = (j.delta * 100).toFixed(1);
  if (Number(pct) === 0) return '0.0%';
  return `${j.delta > 0 ? '+' : ''}${pct}%`;
}

export function formatThreshold(rule: Rule): string {
  return String(Number((rule.threshold * 100).toPrecision(12)));
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');
/** "generator" → "Generator", as the template's column; any other label as it is. */
export const columnName = (label: string): string => MODE_NAMES[label] ?? printable(label);

function table(header: string[], rows: string[][]): string[] {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), `|${header.map((h) => '-'.repeat(h.length + 2)).join('|')}|`, ...rows.map(line)];
}

function recordLines(run: Run): string[] {
  return METRIC_NAMES.map((name) => {
    const { label, unit } = RECORD_LINES[name];
    const metric = run.metrics[name];
    return `- ${label}: ${metric ? formatNumber(metric.value) : RECORD_BLANK} ${unit}`;
  });
}

function runContext(run: Run, file: string): string {
  const e = run.exabgp;
  const reactor = e.reactorSource ? `${e.reactor} (${e.reactorSource})` : e.reactor;
  return `Run "${run.label}" from ${file}: host ${run.host}, ExaBGP ${e.version ?? 'version unknown'}, reactor ${reactor}, config ${e.config ?? 'unknown'}.`;
}

export function comparisonRow(row: Row): string[] {
  const { label, unit } = TABLE_ROWS[row.metric];
  const figure = (v: number | null, out: boolean) => `${v === null ? TABLE_BLANK : formatNumber(v)}${unit}${v !== null && out ? '*' : ''}`;
  return [label, figure(row.baseline, row.outOfCondition.baseline), figure(row.candidate, row.outOfCondition.candidate), formatDelta(row), MARKS[row.status]];
}

export function acceptanceLine(rule: Rule, baseLabel: string, candLabel: string): string {
  const base = MODE_NAMES[baseLabel] ? `${baseLabel} mode` : printable(baseLabel);
  const pct = formatThreshold(rule);
  if (rule.failOn === 'pytest-benchmark') {
    return `**Acceptance:** as \`--benchmark-compare-fail=${DECIDING_STAT}:${pct}%\`: fails when ${columnName(candLabel)} / baseline × 100 − 100 > ${pct} (slower only; a faster candidate passes; --symmetric for ±${pct}%)`;
  }
  if (rule.failOn === 'regression') return `**Acceptance:** ${columnName(candLabel)} at most ${pct}% above ${base} (lower is better: a lower figure always passes)`;
  return `**Acceptance:** ${columnName(candLabel)} within ±${pct}% of ${base}`;
}

function resultLine(outcome: Comparison['outcome'], failed: string[], incomplete: string): string {
  if (outcome === 'fail') return `**Result:** ❌ fails: ${failed.join(', ')}`;
  if (outcome === 'incomplete') return `**Result:** incomplete: ${incomplete}; no present row fails`;
  if (outcome === 'provisional') return '**Result:** ⏳ provisional: every row is within the rule, but a figure marked * was taken out of its condition';
  return '**Result:** ✅ every row passes';
}

function methodLine(metric: Metric | undefined): string {
  if (!metric) return 'no figure.';
  const parts = [metric.source === 'manual' ? `${metric.method} (typed by hand)` : metric.method];
  const s = metric.stats;
  const count = `${metric.samples} ${metric.samples === 1 ? 'sample' : 'samples'}`;
  if (s && metric.samples > 1) parts.push(`${count}: mean ${formatNumber(s.mean)}, median ${formatNumber(s.median)}, min ${formatNumber(s.min)}, max ${formatNumber(s.max)}, stddev ${formatNumber(s.stddev)} ${metric.unit}`);
  else if (metric.source === 'measured') parts.push(count);
  if (metric.raw && metric.raw.length > 1) parts.push(`raw: ${metric.raw.map(formatNumber).join(', ')}`);
  if (metric.window) parts.push(`window ${metric.window.start} to ${metric.window.end} (${formatNumber(metric.window.seconds)} s)`);
  parts.push(`recorded ${metric.recordedAt}`);
  if (!metric.meetsTarget) parts.push("does not meet the template's condition");
  if (metric.note) parts.push(`note: ${metric.note}`);
  return `${parts.join('; ')}.`;
}

/** One line per figure marked `*`: what the condition was and how it was missed. */
function footnotes(comparison: Comparison, b: Run, c: Run): string[] {
  const notes = comparison.rows.flatMap((row) =>
    ([['baseline', b], ['candidate', c]] as const)
      .filter(([side]) => row.outOfCondition[side])
      .map(([, run]) => `\\* ${TABLE_ROWS[row.metric].label}, ${columnName(run.label)}: ${run.metrics[row.metric]?.note ?? "taken out of the template's condition"}`),
  );
  return notes.length ? ['', ...notes] : [];
}

export interface NamedRun {
  file: string;
  run: Run;
}

/** The template filled in. Labels, hosts, file names and methods come from files anyone may
 *  have written: each is made printable, so the Markdown holds no escape and no extra line. */
export function runsMarkdown(unsafeBase: NamedRun, unsafeCand: NamedRun, comparison: Comparison): string {
  const [base, cand] = [printableDeep(unsafeBase), printableDeep(unsafeCand)];
  const [b, c] = [base.run, cand.run];
  const heading = (label: string) => (MODE_NAMES[label] ? `${MODE_NAMES[label]} Mode` : label);
  const failed = comparison.rows.filter((r) => r.status === 'fail').map((r) => TABLE_ROWS[r.metric].label);
  const missing = comparison.rows.filter((r) => r.status === 'incomplete').length;
  const methods = comparison.rows.flatMap((row) => [b, c].map((run) => `- ${TABLE_ROWS[row.metric].label}, ${columnName(run.label)}: ${methodLine(run.metrics[row.metric])}`));
  return [
    '## Performance Comparison',
    '',
    `### Baseline Collection (${heading(b.label)})`,
    '',
    runContext(b, base.file),
    '',
    '**Record:**',
    ...recordLines(b),
    '',
    `### ${heading(c.label)} Testing`,
    '',
    runContext(c, cand.file),
    '',
    '**Record:**',
    ...recordLines(c),
    '',
    '### Comparison',
    '',
    ...table(['Metric', columnName(b.label), columnName(c.label), 'Delta', 'Status'].map(cell), comparison.rows.map((r) => comparisonRow(r).map(cell))),
    ...footnotes(comparison, b, c),
    '',
    acceptanceLine(comparison.rule, b.label, c.label),
    '',
    resultLine(comparison.outcome, failed, `${missing} row(s) lack a figure (\`___\`)`),
    '',
    '### Method',
    '',
    ...methods,
    '',
  ].join('\n');
}

/** Seconds per call in the unit pytest-benchmark would pick for this size. */
export function formatTime(seconds: number, scaleOf: number = seconds): string {
  const [factor, unit] = scaleOf < 1e-6 ? [1e9, 'ns'] : scaleOf < 1e-3 ? [1e6, 'µs'] : scaleOf < 1 ? [1e3, 'ms'] : [1, 's'];
  return `${(seconds * factor).toFixed(2)} ${unit}`;
}

function describeFile(name: string, file: BenchmarkFile): string {
  const commit = typeof file.commit_info['id'] === 'string' ? file.commit_info['id'] : 'unknown';
  return `${name}: saved ${file.datetime} by pytest-benchmark ${file.version}, commit ${commit}`;
}

export function benchmarksMarkdown(unsafeBase: { file: string; data: BenchmarkFile }, unsafeCand: { file: string; data: BenchmarkFile }, unsafeComparison: BenchComparison): string {
  const [base, cand, comparison] = [printableDeep(unsafeBase), printableDeep(unsafeCand), printableDeep(unsafeComparison)];
  const rows = comparison.rows.flatMap((row) =>
    BENCH_STATS.map((stat, i) => {
      const s = row.stats[stat];
      const mark = stat === DECIDING_STAT ? MARKS[s.status] : `(${MARKS[s.status]})`;
      const scale = row.stats[DECIDING_STAT].baseline;
      return [i === 0 ? row.name : '', stat, formatTime(s.baseline, scale), formatTime(s.candidate, scale), formatDelta(s), mark].map(cell);
    }),
  );
  const failed = comparison.rows.filter((r) => r.status === 'fail').map((r) => r.name);
  const only = [
    ...comparison.onlyInBaseline.map((n) => `- only in the baseline: ${n}`),
    ...comparison.onlyInCandidate.map((n) => `- only in the candidate: ${n}`),
  ];
  return [
    '## pytest-benchmark comparison',
    '',
    `- Baseline ${describeFile(base.file, base.data)}`,
    `- Candidate ${describeFile(cand.file, cand.data)}`,
    '',
    ...table(['Test', 'Stat', 'Baseline', 'Candidate', 'Delta', 'Status'], rows),
    '',
    `Status follows the ${DECIDING_STAT}; marks in parentheses are for information.`,
    '',
    acceptanceLine(comparison.rule, 'baseline', `Candidate ${DECIDING_STAT}`),
    '',
    resultLine(comparison.outcome, failed, `${comparison.onlyInBaseline.length + comparison.onlyInCandidate.length} test(s) in only one file`),
    ...(only.length > 0 ? ['', 'Tests present in only one file:', ...only] : []),
    '',
  ].join('\n');
}
