import { describe, expect, it } from 'vitest';
import { manualFigure, parseManualValue } from '../../src/core/compare/manual.js';
import { metricSchemas } from '../../src/core/compare/run-schema.js';

describe('parseManualValue', () => {
  it.each([
    ['establishment', '0.42', 0.42], ['establishment', '420ms', 0.42], ['establishment', '1.5 s', 1.5],
    ['rss24h', '31.5', 31.5], ['rss24h', '31.5 MB', 31.5], ['rss24h', '1GiB', 1024], ['rss24h', '2048kB', 2],
    ['cpuAvg', '12%', 12], ['cpuPeak', '85.5', 85.5],
  ] as const)('%s %j → %d in the template unit', (metric, text, value) => {
    expect(parseManualValue(metric, text)).toEqual({ ok: true, value });
  });

  it.each([
    ['establishment', 'fast', 'type a number'], ['rss24h', '31 apples', 'unknown unit "apples"'], ['cpuAvg', '-3%', 'type a number'], ['cpuAvg', '12 s', 'unknown unit'],
  ] as const)('%s %j is refused: %s', (metric, text, error) => {
    const r = parseManualValue(metric, text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(error);
  });
});

describe('manualFigure', () => {
  it('is a valid figure of its metric, marked manual', () => {
    for (const metric of ['establishment', 'rss24h', 'cpuAvg', 'cpuPeak'] as const) {
      const figure = manualFigure(metric, 12.5, new Date('2026-11-23T12:00:00Z'));
      expect(metricSchemas[metric].safeParse(figure).success).toBe(true);
      expect(figure).toMatchObject({ source: 'manual', value: 12.5, recordedAt: '2026-11-23T12:00:00.000Z' });
    }
  });
});
