import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRuns, exitCodeOf, judge, outcomeOf, TEMPLATE_RULE, type Rule } from '../../src/core/compare/compare.js';
import { METRIC_NAMES } from '../../src/core/compare/run-schema.js';
import { sampleStats } from '../../src/core/compare/stats.js';
import { runOf } from '../support/runs.js';

const any = (pct: number): Rule => ({ threshold: pct / 100, failOn: 'any' });
const regression = (pct: number): Rule => ({ threshold: pct / 100, failOn: 'regression' });

describe('judge: Δ and the ±10 % rule', () => {
  it('Δ is (candidate − baseline) / baseline', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), (b, c) => {
        expect(judge(b, c, TEMPLATE_RULE).delta).toBe((c - b) / b);
      }),
    );
  });

  it('passes exactly when |c − b| ≤ 10 % of b (checked in integer arithmetic)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 200_000 }), (b, c) => {
        const within = 100 * Math.abs(c - b) <= 10 * b;
        expect(judge(b, c, TEMPLATE_RULE).status).toBe(within ? 'pass' : 'fail');
      }),
    );
  });

  it('the boundary itself passes, in both directions, despite float rounding', () => {
    expect(0.462 - 0.42).toBeGreaterThan(0.042); // the rounding this guards against
    expect(judge(0.42, 0.462, TEMPLATE_RULE).status).toBe('pass');
    expect(judge(0.42, 0.378, TEMPLATE_RULE).status).toBe('pass');
    expect(judge(0.42, 0.4621, TEMPLATE_RULE).status).toBe('fail');
    expect(judge(0.42, 0.3779, TEMPLATE_RULE).status).toBe('fail');
  });

  it('--threshold moves the boundary; 0 accepts only an identical figure', () => {
    expect(judge(100, 104, any(5)).status).toBe('pass');
    expect(judge(100, 106, any(5)).status).toBe('fail');
    expect(judge(100, 94, any(5)).status).toBe('fail');
    expect(judge(100, 130, any(30)).status).toBe('pass');
    expect(judge(100, 100, any(0)).status).toBe('pass');
    expect(judge(100, 100.001, any(0)).status).toBe('fail');
  });

  it('fail-on any: a much better figure fails too, as the template says "within ±10%"', () => {
    expect(judge(100, 50, TEMPLATE_RULE).status).toBe('fail');
  });

  it('fail-on regression: a figure at or below the baseline never fails, whatever the threshold', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (b, fraction, pct) => {
        expect(judge(b, b * fraction, regression(pct)).status).toBe('pass');
      }),
    );
  });

  it('fail-on regression: a worse figure fails only beyond the threshold', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 200_000 }), (b, c) => {
        expect(judge(b, c, regression(10)).status).toBe(100 * (c - b) <= 10 * b ? 'pass' : 'fail');
      }),
    );
  });

  it('a zero baseline has no Δ (never Infinity or NaN); only a zero candidate passes', () => {
    for (const rule of [TEMPLATE_RULE, regression(10), any(50)]) {
      expect(judge(0, 0, rule)).toEqual({ delta: null, zeroBaseline: true, status: 'pass' });
      expect(judge(0, 0.1, rule)).toEqual({ delta: null, zeroBaseline: true, status: 'fail' });
    }
  });

  it('a missing figure on either side is incomplete: no Δ, neither pass nor fail', () => {
    for (const [b, c] of [[null, 1], [1, null], [undefined, 1], [null, null], [0, null]] as const) {
      expect(judge(b, c, TEMPLATE_RULE)).toEqual({ delta: null, zeroBaseline: false, status: 'incomplete' });
    }
  });
});

describe('compareRuns', () => {
  const base = { establishment: 0.42, rss24h: 45.2, cpuAvg: 2.5, cpuPeak: 35 };

  it('one row per metric, in the template order, with the two values and the judgement', () => {
    const c = compareRuns(runOf('generator', base), runOf('async', { ...base, cpuAvg: 2.6 }));
    expect(c.rows.map((r) => r.metric)).toEqual(METRIC_NAMES);
    expect(METRIC_NAMES).toEqual(['establishment', 'rss24h', 'cpuAvg', 'cpuPeak']);
    const cpu = c.rows.find((r) => r.metric === 'cpuAvg')!;
    expect(cpu).toMatchObject({ baseline: 2.5, candidate: 2.6, delta: (2.6 - 2.5) / 2.5, status: 'pass' });
    expect(c.outcome).toBe('pass');
  });

  it('one figure beyond the threshold fails the comparison', () => {
    const c = compareRuns(runOf('generator', base), runOf('async', { ...base, rss24h: 45.2 * 1.2 }));
    expect(c.rows.filter((r) => r.status === 'fail').map((r) => r.metric)).toEqual(['rss24h']);
    expect(c.outcome).toBe('fail');
    expect(compareRuns(runOf('generator', base), runOf('async', { ...base, rss24h: 45.2 * 1.2 }), any(25)).outcome).toBe('pass');
  });

  it('fail-on regression: a better candidate in every row passes, the same files fail with fail-on any', () => {
    const better = { establishment: 0.2, rss24h: 30, cpuAvg: 1, cpuPeak: 10 };
    expect(compareRuns(runOf('generator', base), runOf('async', better), regression(10)).outcome).toBe('pass');
    expect(compareRuns(runOf('generator', base), runOf('async', better), TEMPLATE_RULE).outcome).toBe('fail');
  });

  it('missing figures make it incomplete, unless a present row fails', () => {
    const { cpuPeak: _dropped, ...withoutPeak } = base;
    const incomplete = compareRuns(runOf('generator', withoutPeak), runOf('async', base));
    expect(incomplete.rows.find((r) => r.metric === 'cpuPeak')).toMatchObject({ baseline: null, candidate: 35, status: 'incomplete' });
    expect(incomplete.outcome).toBe('incomplete');
    const failing = compareRuns(runOf('generator', withoutPeak), runOf('async', { ...base, cpuAvg: 5 }));
    expect(failing.outcome).toBe('fail');
  });

  it('two empty runs compare to nothing: all four rows incomplete', () => {
    const c = compareRuns(runOf('generator', {}), runOf('async', {}));
    expect(c.rows.map((r) => r.status)).toEqual(['incomplete', 'incomplete', 'incomplete', 'incomplete']);
    expect(c.outcome).toBe('incomplete');
  });
});

describe('outcome and exit code', () => {
  it('fail wins over incomplete, incomplete over pass', () => {
    expect(outcomeOf(['pass', 'incomplete', 'fail'])).toBe('fail');
    expect(outcomeOf(['pass', 'incomplete'])).toBe('incomplete');
    expect(outcomeOf(['pass', 'pass'])).toBe('pass');
  });

  it('exit 1 when a present row fails, 3 when a figure is missing or provisional, 0 only when all pass', () => {
    expect(exitCodeOf('fail')).toBe(1);
    expect(exitCodeOf('incomplete')).toBe(3);
    expect(exitCodeOf('provisional')).toBe(3);
    expect(exitCodeOf('pass')).toBe(0);
  });
});

describe('sampleStats (as pytest-benchmark / Python statistics)', () => {
  it('matches Python: statistics.stdev([0.41, 0.39, 0.46, 0.42]) and median of an even count', () => {
    // python3 -c 'import statistics as s; d=[0.41,0.39,0.46,0.42]; print(s.mean(d), s.median(d), s.stdev(d))'
    const s = sampleStats([0.41, 0.39, 0.46, 0.42])!;
    expect(s.mean).toBeCloseTo(0.42, 12);
    expect(s.median).toBeCloseTo(0.415, 12);
    expect(s.stddev).toBeCloseTo(0.029439202887759496, 12);
    expect([s.min, s.max]).toEqual([0.39, 0.46]);
  });

  it('odd count: the middle value; one sample: stddev 0; none: null', () => {
    expect(sampleStats([9, 1, 5])!.median).toBe(5);
    expect(sampleStats([7])).toEqual({ mean: 7, median: 7, min: 7, max: 7, stddev: 0 });
    expect(sampleStats([])).toBeNull();
  });

  it('refuses NaN and Infinity', () => {
    expect(() => sampleStats([1, Number.NaN])).toThrow(RangeError);
    expect(() => sampleStats([Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });

  it('-0 and 0 are one zero: the median does not depend on their order (a counterexample fast-check found)', () => {
    expect(sampleStats([5, -0, 0])!.median).toBe(sampleStats([0, -0, 5])!.median);
  });

  it('min ≤ median ≤ max, min ≤ mean ≤ max, order does not matter', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), (values) => {
        const s = sampleStats(values)!;
        expect(s.min).toBeLessThanOrEqual(s.median);
        expect(s.median).toBeLessThanOrEqual(s.max);
        expect(s.mean).toBeGreaterThanOrEqual(s.min - 1e-6);
        expect(s.mean).toBeLessThanOrEqual(s.max + 1e-6);
        expect(sampleStats([...values].reverse())!.median).toBe(s.median);
      }),
    );
  });
});

describe("pytest-benchmark's own --benchmark-compare-fail=mean:10% check", () => {
  const pytest = (pct: number): Rule => ({ threshold: pct / 100, failOn: 'pytest-benchmark' });

  it('a candidate more than 10 % faster passes, as pytest-benchmark never fails it', () => {
    expect(judge(1, 0.5, pytest(10)).status).toBe('pass');
    expect(judge(1, 0.5, TEMPLATE_RULE).status).toBe('fail');
  });

  it('fails strictly above the threshold in its own float arithmetic: exactly +10 % of 0.42 fails there', () => {
    // python3 -c 'print(0.462 / 0.42 * 100 - 100)' → 10.000000000000014 > 10: pytest-benchmark fails it.
    expect(judge(0.42, 0.462, pytest(10)).status).toBe('fail');
    // python3 -c 'print(0.11 / 0.1 * 100 - 100)' → 9.999999999999986: it passes.
    expect(judge(0.1, 0.11, pytest(10)).status).toBe('pass');
    expect(judge(0.42, 0.462, TEMPLATE_RULE).status).toBe('pass');
  });

  it('a zero baseline is infinitely worse, as there', () => {
    expect(judge(0, 0, pytest(10)).status).toBe('fail');
  });
});

describe('a figure taken out of its condition', () => {
  it('makes an otherwise passing row and comparison provisional, not pass', () => {
    const base = runOf('generator', { establishment: 0.42, rss24h: 24.1, cpuAvg: 2, cpuPeak: 30 });
    const cand = runOf('async', { establishment: 0.43, rss24h: 24.2, cpuAvg: 2, cpuPeak: 30 });
    cand.metrics.rss24h = { ...cand.metrics.rss24h!, meetsTarget: false, note: 'read at uptime 0.0 h, before the 24.0 h the template asks for' };
    const c = compareRuns(base, cand);
    expect(c.rows.find((r) => r.metric === 'rss24h')).toMatchObject({ status: 'provisional', outOfCondition: { baseline: false, candidate: true } });
    expect(c.outcome).toBe('provisional');
  });
});
