import { describe, expect, it } from 'vitest';
import { formatAge, formatBytes, formatCount, formatDuration, formatInterval, formatPercent } from '../../src/core/format.js';

describe('formatBytes', () => {
  it('prints whole bytes below 1 KiB', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1023)).toBe('1023 B');
  });

  it('switches unit at every power of 1024 with one decimal', () => {
    expect(formatBytes(1024)).toBe('1.0 KiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(1024 ** 2)).toBe('1.0 MiB');
    expect(formatBytes(1024 ** 3 * 2.25)).toBe('2.3 GiB');
    expect(formatBytes(1024 ** 4)).toBe('1.0 TiB');
  });

  it('an RSS read from /proc (24912 kB, the captured 4.2 daemon) reads as MiB', () => {
    expect(formatBytes(24912 * 1024)).toBe('24.3 MiB');
  });

  it('stays in TiB beyond the last unit instead of running off the table', () => {
    expect(formatBytes(1024 ** 5)).toBe('1024.0 TiB');
  });

  it('scales negative values by magnitude (a shrinking delta)', () => {
    expect(formatBytes(-2048)).toBe('-2.0 KiB');
  });

  it('null, undefined and NaN are an em dash, not "0 B"', () => {
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(undefined)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});

describe('formatPercent', () => {
  it('uses one decimal by default and honours digits', () => {
    expect(formatPercent(12.345)).toBe('12.3%');
    expect(formatPercent(0)).toBe('0.0%');
    expect(formatPercent(99.96)).toBe('100.0%');
    expect(formatPercent(7.5, 0)).toBe('8%');
    expect(formatPercent(3.14159, 2)).toBe('3.14%');
  });

  it('CPU above one core is not capped', () => {
    expect(formatPercent(180.25)).toBe('180.3%');
  });

  it('null, undefined and NaN are an em dash', () => {
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(undefined)).toBe('—');
    expect(formatPercent(Number.NaN)).toBe('—');
  });
});

describe('formatCount', () => {
  it('rounds to an integer', () => {
    expect(formatCount(10)).toBe('10');
    expect(formatCount(9.6)).toBe('10');
    expect(formatCount(0)).toBe('0');
  });

  it('null, undefined and NaN are an em dash', () => {
    expect(formatCount(null)).toBe('—');
    expect(formatCount(undefined)).toBe('—');
    expect(formatCount(Number.NaN)).toBe('—');
  });
});

describe('formatDuration', () => {
  it('follows the documented examples', () => {
    expect(formatDuration(93784)).toBe('1d 2h 3m');
    expect(formatDuration(125)).toBe('2m 5s');
    expect(formatDuration(4)).toBe('4s');
  });

  it('shows hours with minutes and seconds below a day', () => {
    expect(formatDuration(3600)).toBe('1h 0m 0s');
    expect(formatDuration(3661)).toBe('1h 1m 1s');
    expect(formatDuration(86399)).toBe('23h 59m 59s');
  });

  it('drops seconds from a day on, and keeps zero parts in the middle', () => {
    expect(formatDuration(86400)).toBe('1d 0h 0m');
    expect(formatDuration(86400 * 3 + 59)).toBe('3d 0h 0m');
  });

  it('truncates fractions of a second', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(59.99)).toBe('59s');
    expect(formatDuration(60)).toBe('1m 0s');
  });

  it('negative, null, undefined and NaN are an em dash', () => {
    expect(formatDuration(-1)).toBe('—');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
  });
});

describe('formatInterval', () => {
  it('prints milliseconds below one second', () => {
    expect(formatInterval(250)).toBe('250ms');
    expect(formatInterval(500)).toBe('500ms');
    expect(formatInterval(999)).toBe('999ms');
  });

  it('prints whole seconds without a decimal and others with one', () => {
    expect(formatInterval(1000)).toBe('1s');
    expect(formatInterval(60_000)).toBe('60s');
    expect(formatInterval(1500)).toBe('1.5s');
    expect(formatInterval(2250)).toBe('2.3s');
  });
});

describe('formatAge: the resolution people read an age at', () => {
  it('seconds under two minutes, then ever coarser steps', () => {
    expect(formatAge(0)).toBe('0s');
    expect(formatAge(95.7)).toBe('95s');
    expect(formatAge(330)).toBe('5m30s');
    expect(formatAge(600)).toBe('10m');
    expect(formatAge(7199)).toBe('119m');
    expect(formatAge(3 * 3600 + 120)).toBe('3h2m');
    expect(formatAge(36000)).toBe('10h');
    expect(formatAge(200000)).toBe('2d7h');
    expect(formatAge(30 * 86400)).toBe('30d');
    expect(formatAge(-1)).toBe('—');
    expect(formatAge(null)).toBe('—');
  });

  it('an hour-old session draws the same text for a whole minute', () => {
    const shown = new Set<string>();
    for (let s = 3600; s < 3660; s++) shown.add(formatAge(s));
    expect([...shown]).toEqual(['60m']);
  });
});
