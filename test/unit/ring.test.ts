import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ring } from '../../src/core/ring.js';

function filled(capacity: number, values: readonly number[]): Ring {
  const ring = new Ring(capacity);
  for (const v of values) ring.push(v);
  return ring;
}

describe('Ring', () => {
  it('starts empty: length 0, last() and at(0) are NaN, toArray() is []', () => {
    const ring = new Ring(3);
    expect(ring.length).toBe(0);
    expect(ring.last()).toBeNaN();
    expect(ring.at(0)).toBeNaN();
    expect(ring.toArray()).toEqual([]);
    expect(ring.tail(5)).toEqual([]);
  });

  it('keeps values oldest first while below capacity', () => {
    const ring = filled(4, [10, 20, 30]);
    expect(ring.length).toBe(3);
    expect(ring.toArray()).toEqual([10, 20, 30]);
    expect(ring.at(0)).toBe(10);
    expect(ring.at(2)).toBe(30);
    expect(ring.last()).toBe(30);
  });

  it('drops the oldest values once full and keeps the order across the wrap-around', () => {
    const ring = filled(3, [1, 2, 3, 4, 5]);
    expect(ring.length).toBe(3);
    expect(ring.capacity).toBe(3);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(ring.at(0)).toBe(3);
    expect(ring.at(1)).toBe(4);
    expect(ring.at(2)).toBe(5);
    expect(ring.last()).toBe(5);
  });

  it('at() outside 0..length-1 is NaN, even where the backing store holds an old value', () => {
    const ring = filled(3, [1, 2, 3, 4]);
    expect(ring.at(-1)).toBeNaN();
    expect(ring.at(3)).toBeNaN();
    const partial = filled(5, [7]);
    expect(partial.at(1)).toBeNaN();
  });

  it('tail(n) returns the newest n values oldest first, clamped to 0..length', () => {
    const ring = filled(4, [1, 2, 3, 4, 5, 6]);
    expect(ring.tail(2)).toEqual([5, 6]);
    expect(ring.tail(4)).toEqual([3, 4, 5, 6]);
    expect(ring.tail(100)).toEqual([3, 4, 5, 6]);
    expect(ring.tail(0)).toEqual([]);
    expect(ring.tail(-3)).toEqual([]);
  });

  it('records a gap as NaN in its place, distinct from a zero', () => {
    const ring = new Ring(4);
    ring.push(5);
    ring.pushGap();
    ring.push(0);
    const values = ring.toArray();
    expect(values).toHaveLength(3);
    expect(values[0]).toBe(5);
    expect(values[1]).toBeNaN();
    expect(values[2]).toBe(0);
    ring.pushGap();
    expect(ring.last()).toBeNaN();
    expect(ring.length).toBe(4);
  });

  it('a gap wraps around like any value', () => {
    const ring = new Ring(2);
    ring.pushGap();
    ring.push(1);
    ring.push(2);
    expect(ring.toArray()).toEqual([1, 2]);
  });

  it('capacity 1 always holds just the newest value', () => {
    const ring = filled(1, [1, 2, 3]);
    expect(ring.length).toBe(1);
    expect(ring.toArray()).toEqual([3]);
    expect(ring.last()).toBe(3);
  });

  it('memory stays bounded: 1e6 pushes into capacity 100 keep exactly the last 100 values in order', () => {
    const ring = new Ring(100);
    const n = 1_000_000;
    for (let i = 0; i < n; i++) ring.push(i);
    expect(ring.length).toBe(100);
    const expected = Array.from({ length: 100 }, (_, i) => n - 100 + i);
    expect(ring.toArray()).toEqual(expected);
    expect(ring.at(0)).toBe(n - 100);
    expect(ring.last()).toBe(n - 1);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects capacity %s with a RangeError', (capacity) => {
    expect(() => new Ring(capacity)).toThrow(RangeError);
  });

  it('property: behaves like "keep the last capacity values of the pushed list"', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.constant(Number.NaN)), { maxLength: 80 }),
        fc.integer({ min: -5, max: 30 }),
        (capacity, values, n) => {
          const ring = filled(capacity, values);
          const model = values.slice(Math.max(0, values.length - capacity));
          expect(ring.length).toBe(model.length);
          expect(ring.length).toBeLessThanOrEqual(capacity);
          expect(ring.toArray()).toEqual(model);
          for (let i = 0; i < model.length; i++) expect(Object.is(ring.at(i), model[i])).toBe(true);
          expect(ring.tail(n)).toEqual(model.slice(model.length - Math.max(0, Math.min(n, model.length))));
          if (model.length > 0) expect(Object.is(ring.last(), model[model.length - 1])).toBe(true);
        },
      ),
    );
  });
});
