// Figures typed by hand (the runbook's "capturing baseline numbers by hand"): validated numbers
// with units, stored marked as manual.
import { METRIC_UNITS, type MetricName, type MetricOf } from './run-schema.js';

const SCALE: Record<MetricName, Record<string, number>> = {
  establishment: { '': 1, s: 1, sec: 1, seconds: 1, ms: 0.001 },
  rss24h: { '': 1, mb: 1, mib: 1, kb: 1 / 1024, kib: 1 / 1024, gb: 1024, gib: 1024 },
  cpuAvg: { '': 1, '%': 1 },
  cpuPeak: { '': 1, '%': 1 },
};

/** "0.42", "420ms", "31.5 MB", "1.2GiB", "12%" → the template's unit; errors say what is accepted. */
export function parseManualValue(metric: MetricName, text: string): { ok: true; value: number } | { ok: false; error: string } {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z%]*)\s*$/i.exec(text);
  const units = Object.keys(SCALE[metric]).filter(Boolean);
  if (!match) return { ok: false, error: `type a number, optionally with a unit (${units.join(', ')})` };
  const factor = SCALE[metric][match[2]!.toLowerCase()];
  if (factor === undefined) return { ok: false, error: `unknown unit "${match[2]}" for ${metric}: use ${units.join(', ')}` };
  const value = Number(match[1]) * factor;
  if ((metric === 'cpuAvg' || metric === 'cpuPeak') && value > 100 * 1024) return { ok: false, error: `${value}% of one core is not believable` };
  return { ok: true, value: Number(value.toPrecision(6)) };
}

export function manualFigure<N extends MetricName>(metric: N, value: number, at: Date): MetricOf<N> {
  const base = {
    value,
    unit: METRIC_UNITS[metric],
    method: 'typed by hand in exatop',
    source: 'manual' as const,
    window: null,
    samples: 1,
    raw: [value],
    stats: null,
    meetsTarget: true,
    note: null,
    recordedAt: at.toISOString(),
  };
  return (metric === 'rss24h' ? { ...base, bytes: null } : base) as unknown as MetricOf<N>;
}
