// Files saved by `pytest --benchmark-save=NAME` (pytest-benchmark), compared test by test with
// the template's rule. Times are seconds per call; lower is better.
import { z } from 'zod';
import { judge, outcomeOf, type Judgement, type Outcome, type Rule } from './compare.js';
import { describeIssues, type ParseResult } from './run-schema.js';

// Foreign format: unknown keys are kept out of the way, not rejected.
const statsSchema = z.object({
  min: z.number().nonnegative(),
  max: z.number().nonnegative(),
  mean: z.number().nonnegative(),
  stddev: z.number().nonnegative(),
  median: z.number().nonnegative(),
  iqr: z.number().nonnegative(),
  ops: z.number().nonnegative(),
  rounds: z.number().int().positive(),
});

const benchmarkSchema = z.object({
  name: z.string().min(1),
  fullname: z.string().min(1),
  stats: statsSchema,
});

export const benchmarkFileSchema = z
  .object({
    machine_info: z.record(z.string(), z.unknown()),
    commit_info: z.record(z.string(), z.unknown()),
    benchmarks: z.array(benchmarkSchema),
    datetime: z.string(),
    version: z.string(),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.benchmarks.forEach((b, i) => {
      if (seen.has(b.fullname)) ctx.addIssue({ code: 'custom', path: ['benchmarks', i, 'fullname'], message: `${JSON.stringify(b.fullname)} appears twice` });
      seen.add(b.fullname);
    });
  });

export type BenchmarkFile = z.infer<typeof benchmarkFileSchema>;

/** The shape pytest-benchmark saves: told apart from run files before the full check. */
export function isBenchmarkDocument(doc: unknown): boolean {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return false;
  const d = doc as Record<string, unknown>;
  return Array.isArray(d['benchmarks']) && typeof d['machine_info'] === 'object' && d['machine_info'] !== null;
}

export function parseBenchmarkDocument(doc: unknown, fileName: string): ParseResult<BenchmarkFile> {
  const parsed = benchmarkFileSchema.safeParse(doc);
  return parsed.success ? { ok: true, value: parsed.data } : describeIssues(fileName, parsed.error);
}

export const BENCH_STATS = ['mean', 'median', 'stddev'] as const;
export type BenchStat = (typeof BENCH_STATS)[number];
/**
 * Only the mean decides, as `--benchmark-compare-fail=mean:10%` in the perf-suite README: the
 * other two are shown with their own mark. A stddev moves by several times between two runs of
 * the same code on a loaded machine, so judging it would fail every comparison.
 */
export const DECIDING_STAT: BenchStat = 'mean';

export interface StatRow extends Judgement {
  baseline: number;
  candidate: number;
}

export interface BenchRow {
  name: string;
  fullname: string;
  stats: Record<BenchStat, StatRow>;
  status: Judgement['status'];
}

export interface BenchComparison {
  rule: Rule;
  rows: BenchRow[];
  onlyInBaseline: string[];
  onlyInCandidate: string[];
  outcome: Outcome;
}

export function compareBenchmarks(baseline: BenchmarkFile, candidate: BenchmarkFile, rule: Rule): BenchComparison {
  const byName = new Map(candidate.benchmarks.map((b) => [b.fullname, b]));
  const rows: BenchRow[] = [];
  for (const base of baseline.benchmarks) {
    const cand = byName.get(base.fullname);
    if (!cand) continue;
    const stat = (s: BenchStat): StatRow => ({ baseline: base.stats[s], candidate: cand.stats[s], ...judge(base.stats[s], cand.stats[s], rule) });
    const stats = { mean: stat('mean'), median: stat('median'), stddev: stat('stddev') };
    rows.push({ name: base.name, fullname: base.fullname, stats, status: stats[DECIDING_STAT].status });
  }
  const inBaseline = new Set(baseline.benchmarks.map((b) => b.fullname));
  const onlyInBaseline = baseline.benchmarks.map((b) => b.fullname).filter((n) => !byName.has(n));
  const onlyInCandidate = candidate.benchmarks.map((b) => b.fullname).filter((n) => !inBaseline.has(n));
  const statuses = rows.map((r) => r.status);
  if (onlyInBaseline.length + onlyInCandidate.length > 0) statuses.push('incomplete');
  return { rule, rows, onlyInBaseline, onlyInCandidate, outcome: outcomeOf(statuses) };
}
