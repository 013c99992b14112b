// Baseline run vs candidate run, by the template's rule: the candidate is accepted when it lies
// within ±threshold of the baseline. Lower is better for every metric compared here, so with
// failOn 'regression' only a figure above baseline × (1 + threshold) fails.
import { EXIT, type ExitCode } from '../exit-codes.js';
import { METRIC_NAMES, type MetricName, type Run } from './run-schema.js';

/** 'pytest-benchmark': its own --benchmark-compare-fail=STAT:PCT% check, for its files. */
export type FailOn = 'any' | 'regression' | 'pytest-benchmark';
export interface Rule {
  /** As a fraction: 0.10 for the template's ±10 %. */
  threshold: number;
  failOn: FailOn;
}
export const TEMPLATE_RULE: Rule = { threshold: 0.1, failOn: 'any' };

/** pass/fail by the rule; incomplete when a figure is missing (the row shows `___`); provisional
 *  when it would pass but a figure was taken out of its condition (RSS before 24 h). */
export type Status = 'pass' | 'fail' | 'incomplete' | 'provisional';

export interface Judgement {
  /** (candidate − baseline) / baseline; null when either is missing or the baseline is 0. */
  delta: number | null;
  zeroBaseline: boolean;
  status: Status;
}

// Absorbs float rounding at the boundary: 0.42 → 0.462 is exactly +10 % and passes.
const EPSILON = 1e-9;

/**
 * The rule reads as an interval, c ∈ [b(1 − t), b(1 + t)], so it still holds for a zero
 * baseline, where Δ has no value: only an equal (zero) candidate passes.
 */
export function judge(baseline: number | null | undefined, candidate: number | null | undefined, rule: Rule): Judgement {
  if (baseline === null || baseline === undefined || candidate === null || candidate === undefined) {
    return { delta: null, zeroBaseline: false, status: 'incomplete' };
  }
  const allowed = rule.threshold * Math.abs(baseline) * (1 + EPSILON);
  const change = candidate - baseline;
  const within = rule.failOn === 'pytest-benchmark' ? !(pytestBenchmarkPercent(baseline, candidate) > percentOf(rule))
    : rule.failOn === 'regression' ? change <= allowed : Math.abs(change) <= allowed;
  return {
    delta: baseline === 0 ? null : change / baseline,
    zeroBaseline: baseline === 0,
    status: within ? 'pass' : 'fail',
  };
}

/** pytest-benchmark's PercentageRegressionCheck: current / compared × 100 − 100, a zero baseline
 *  infinitely worse; it fails strictly above the threshold, in its own float arithmetic. */
export function pytestBenchmarkPercent(baseline: number, candidate: number): number {
  return baseline ? (candidate / baseline) * 100 - 100 : Number.POSITIVE_INFINITY;
}

const percentOf = (rule: Rule) => Number((rule.threshold * 100).toPrecision(12));

export interface Row extends Judgement {
  metric: MetricName;
  baseline: number | null;
  candidate: number | null;
  /** A figure present but taken out of the template's condition: marked `*` in its cell. */
  outOfCondition: { baseline: boolean; candidate: boolean };
}

export type Outcome = 'pass' | 'fail' | 'incomplete' | 'provisional';

export interface Comparison {
  rule: Rule;
  rows: Row[];
  outcome: Outcome;
}

export function compareRuns(baseline: Run, candidate: Run, rule: Rule = TEMPLATE_RULE): Comparison {
  const rows = METRIC_NAMES.map((metric): Row => {
    const [bm, cm] = [baseline.metrics[metric], candidate.metrics[metric]];
    const b = bm?.value ?? null;
    const c = cm?.value ?? null;
    const judged = judge(b, c, rule);
    const outOfCondition = { baseline: bm?.meetsTarget === false, candidate: cm?.meetsTarget === false };
    const provisional = judged.status === 'pass' && (outOfCondition.baseline || outOfCondition.candidate);
    return { metric, baseline: b, candidate: c, ...judged, status: provisional ? 'provisional' : judged.status, outOfCondition };
  });
  return { rule, rows, outcome: outcomeOf(rows.map((r) => r.status)) };
}

/** Any failing row fails; otherwise a missing figure makes it incomplete, then one taken out of
 *  its condition provisional. */
export function outcomeOf(statuses: readonly Status[]): Outcome {
  if (statuses.includes('fail')) return 'fail';
  if (statuses.includes('incomplete')) return 'incomplete';
  return statuses.includes('provisional') ? 'provisional' : 'pass';
}

/** Exit status for CI: 1 when a present row fails, 3 when a figure is missing or provisional. */
export function exitCodeOf(outcome: Outcome): ExitCode {
  if (outcome === 'fail') return EXIT.failed;
  return outcome === 'pass' ? EXIT.ok : EXIT.incomplete;
}
