// Run files and figures for the comparison tests, built the way a measurement would store them.
import { sampleStats } from '../../src/core/compare/stats.js';
import {
  METRIC_UNITS, RUN_FORMAT, RUN_VERSION,
  type ExabgpInfo, type MetricName, type MetricOf, type Run,
} from '../../src/core/compare/run-schema.js';

export const GENERATOR_421: ExabgpInfo = {
  version: '4.2.21',
  reactor: 'generator',
  reactorSource: 'ExaBGP 4.2.21: the 4.2 line has only the generator reactor',
  config: '/etc/exabgp/exabgp.conf',
};
export const ASYNC_60: ExabgpInfo = {
  version: '6.0.0-dev',
  reactor: 'asyncio',
  reactorSource: 'ExaBGP 6.0.0-dev: the 6.0 line runs asyncio',
  config: '/etc/exabgp/exabgp.conf',
};

/** A measured figure whose value is the mean of `raw` (one value: a single reading). */
export function measured<N extends MetricName>(name: N, raw: number[], extra: Partial<MetricOf<N>> = {}): MetricOf<N> {
  const stats = sampleStats(raw)!;
  const base = {
    value: stats.mean,
    unit: METRIC_UNITS[name],
    method: `test method for ${name}`,
    source: 'measured' as const,
    window: { start: '2026-11-23T10:00:00.000Z', end: '2026-11-23T11:00:00.000Z', seconds: 3600 },
    samples: raw.length,
    raw,
    stats,
    meetsTarget: true,
    note: null,
    recordedAt: '2026-11-23T11:00:00.000Z',
    ...(name === 'rss24h' ? { bytes: Math.round(stats.mean * 1024 * 1024) } : {}),
  };
  return { ...base, ...extra } as unknown as MetricOf<N>;
}

/** A figure typed by hand: one value, no samples, no window. */
export function manual<N extends MetricName>(name: N, value: number, extra: Partial<MetricOf<N>> = {}): MetricOf<N> {
  const base = {
    value,
    unit: METRIC_UNITS[name],
    method: `read by a person for ${name}`,
    source: 'manual' as const,
    window: null,
    samples: 0,
    stats: null,
    meetsTarget: true,
    note: null,
    recordedAt: '2026-11-23T12:00:00.000Z',
    ...(name === 'rss24h' ? { bytes: null } : {}),
  };
  return { ...base, ...extra } as unknown as MetricOf<N>;
}

export function makeRun(label: string, metrics: Run['metrics'], exabgp: ExabgpInfo = label === 'async' ? ASYNC_60 : GENERATOR_421): Run {
  return {
    format: RUN_FORMAT,
    version: RUN_VERSION,
    label,
    host: 'lab-host',
    exabgp,
    createdAt: '2026-11-23T09:00:00.000Z',
    updatedAt: '2026-11-23T12:00:00.000Z',
    metrics,
  };
}

/** One single-reading figure per metric, from plain values. */
export function runOf(label: string, values: Partial<Record<MetricName, number>>): Run {
  const metrics: Run['metrics'] = {};
  for (const [name, value] of Object.entries(values) as [MetricName, number][]) {
    (metrics as Record<MetricName, unknown>)[name] = measured(name, [value]);
  }
  return makeRun(label, metrics);
}
