// Baseline run vs candidate run, by the template's rule: the candidate is accepted when it lies
// within ±threshold of the baseline. Lower is better for every metric compared here, so with
// failOn 'regression' only a figure above baseline × (1 + threshold) fails.
import { METRIC_NAMES, type MetricName, type Run } from './run-schema.js';

export type FailOn = 'any' | 'regression';
export interface Rule {
  /** As a fraction: 0.10 for the template's ±10 %. */
  threshold: number;
  failOn: FailOn;
}
export const TEMPLATE_RULE: Rule = { threshold: 0.1, failOn: 'any' };

/** pass/fail by the rule; incomplete when a figure is missing (the row shows `___`). */
export type Status = 'pass' | 'fail' | 'incomplete';

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
  const within = rule.failOn === 'regression' ? change <= allowed : Math.abs(change) <= allowed;
  return {
    delta: baseline === 0 ? null : change / baseline,
    zeroBaseline: baseline === 0,
    status: within ? 'pass' : 'fail',
  };
}

export interface Row extends Judgement {
  metric: MetricName;
  baseline: number | null;
  candidate: number | null;
}

export type Outcome = 'pass' | 'fail' | 'incomplete';

export interface Comparison {
  rule: Rule;
  rows: Row[];
  outcome: Outcome;
}

export function compareRuns(baseline: Run, candidate: Run, rule: Rule = TEMPLATE_RULE): Comparison {
  const rows = METRIC_NAMES.map((metric): Row => {
    const b = baseline.metrics[metric]?.value ?? null;
    const c = candidate.metrics[metric]?.value ?? null;
    return { metric, baseline: b, candidate: c, ...judge(b, c, rule) };
  });
  return { rule, rows, outcome: outcomeOf(rows.map((r) => r.status)) };
}

/** Any failing row fails; otherwise a missing figure makes it incomplete. */
export function outcomeOf(statuses: readonly Status[]): Outcome {
  if (statuses.includes('fail')) return 'fail';
  return statuses.includes('incomplete') ? 'incomplete' : 'pass';
}

/** Exit status for CI: 1 only when a present row fails; an incomplete comparison is not a failure. */
export function exitCodeOf(outcome: Outcome): 0 | 1 {
  return outcome === 'fail' ? 1 : 0;
}
