import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ring } from '../../src/core/ring.js';
import { summarize } from '../../src/core/stats.js';

describe('summarize', () => {
  it('computes min, avg, max and count', () => {
    expect(summarize([4, 1, 7])).toEqual({ min: 1, avg: 4, max: 7, count: 3 });
  });

  it('ignores NaN gaps: they count neither as zero nor as a sample', () => {
    expect(summarize([10, Number.NaN, 20, Number.NaN])).toEqual({ min: 10, avg: 15, max: 20, count: 2 });
  });

  it('a single value is its own min, avg and max', () => {
    expect(summarize([42])).toEqual({ min: 42, avg: 42, max: 42, count: 1 });
  });

  it('handles negative values and zero', () => {
    expect(summarize([-3, 0, 3])).toEqual({ min: -3, avg: 0, max: 3, count: 3 });
  });

  it('is null for an empty series', () => {
    expect(summarize([])).toBeNull();
  });

  it('is null when every value is a gap', () => {
    expect(summarize([Number.NaN, Number.NaN])).toBeNull();
  });

  it('accepts any iterable, e.g. a generator over a ring with gaps', () => {
    const ring = new Ring(3);
    ring.push(1);
    ring.pushGap();
    ring.push(5);
    ring.push(9); // 1 falls out
    function* values(): Generator<number> {
      for (let i = 0; i < ring.length; i++) yield ring.at(i);
    }
    expect(summarize(values())).toEqual({ min: 5, avg: 7, max: 9, count: 2 });
  });

  it('property: matches the same statistics over the non-gap values', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.constant(Number.NaN))), (values) => {
        const real = values.filter((v) => !Number.isNaN(v));
        const s = summarize(values);
        if (real.length === 0) {
          expect(s).toBeNull();
          return;
        }
        expect(s).not.toBeNull();
        expect(s!.count).toBe(real.length);
        expect(s!.min).toBe(Math.min(...real));
        expect(s!.max).toBe(Math.max(...real));
        expect(s!.avg).toBeCloseTo(real.reduce((a, b) => a + b, 0) / real.length, 6);
        expect(s!.min).toBeLessThanOrEqual(s!.avg);
        expect(s!.avg).toBeLessThanOrEqual(s!.max);
      }),
    );
  });
});
