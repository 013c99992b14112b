import { describe, expect, it } from 'vitest';
import { delayAfterTick } from '../../src/session/monitor.js';

describe('delayAfterTick: ticks start on the interval, not after it', () => {
  it('subtracts the time the tick took', () => {
    expect(delayAfterTick(1000, 780)).toBe(250);
    expect(delayAfterTick(1000, 10)).toBe(990);
    expect(delayAfterTick(1000, 0)).toBe(1000);
  });

  it('leaves a quarter of the interval when the tick took longer than the interval', () => {
    expect(delayAfterTick(1000, 2500)).toBe(250);
    expect(delayAfterTick(500, 600)).toBe(125);
  });

  it('keeps an immediate tick immediate', () => {
    expect(delayAfterTick(0, 300)).toBe(0);
  });

  it('over a run of slow ticks, starts one tick per interval', () => {
    let clock = 0;
    const starts: number[] = [];
    for (let i = 0; i < 10; i++) {
      starts.push(clock);
      const took = 780;
      clock += took + delayAfterTick(1000, took);
    }
    expect(starts.at(-1)).toBe(9 * 1030);
    expect(starts.at(-1)! / 9).toBeLessThan(1100);
  });
});
