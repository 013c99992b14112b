import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/core/duration.js';

describe('parseDuration', () => {
  it.each([
    ['90', 90_000], ['90s', 90_000], ['15m', 900_000], ['2h', 7_200_000], ['1d', 86_400_000],
    ['1h30m', 5_400_000], ['1.5h', 5_400_000], ['250ms', 250], [' 2H ', 7_200_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'soon', '2 h', 'h', '1h-', '-1h', '1x'])('%j is no duration', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});
