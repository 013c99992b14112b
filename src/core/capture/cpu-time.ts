// CPU use from /proc/PID/stat tick counters: exact over any window, whatever the sampling rate,
// because the kernel counts the ticks; sampling only decides how finely peaks are resolved.
import { CLOCK_TICKS_PER_SECOND } from '../daemon/proc-parse.js';

export interface CpuReading {
  /** Epoch ms when read. */
  t: number;
  /** utime + stime, in clock ticks since the process started. */
  ticks: number;
}

/** % of one core between two readings of the same process; null when no time passed. */
export function cpuPercentBetween(a: CpuReading, b: CpuReading): number | null {
  const seconds = (b.t - a.t) / 1000;
  if (seconds <= 0) return null;
  return Math.max(0, ((b.ticks - a.ticks) / CLOCK_TICKS_PER_SECOND / seconds) * 100);
}

/** A reading that also knows how many threads the process had: what caps its CPU %. */
export interface ThreadedReading extends CpuReading {
  threads: number;
}

export interface PeakResult {
  /** Highest interval, % of one core; null when no interval of a full period was covered. */
  peak: number | null;
  /** The intervals it was chosen from, each at least `periodMs` long (the last may be merged). */
  intervals: { from: number; to: number; percent: number }[];
}

/**
 * The peak CPU of a series that starts at the process start (ticks 0 then). An interval shorter
 * than the sampling period is merged into the next (a trailing one into the previous), because a
 * few ticks over a few ms read as 200 %; no interval can exceed 100 % per thread the process had.
 */
export function peakPercent(startTime: number, readings: readonly ThreadedReading[], periodMs: number): PeakResult {
  const intervals: PeakResult['intervals'] = [];
  const bounds: { from: CpuReading; to: ThreadedReading; threads: number }[] = [];
  let from: CpuReading = { t: startTime, ticks: 0 };
  let threads = 1;
  for (const r of readings) {
    threads = Math.max(threads, r.threads);
    if (r.t - from.t < periodMs) continue;
    bounds.push({ from, to: r, threads });
    from = r;
    threads = r.threads;
  }
  const last = readings[readings.length - 1];
  if (last && last.t > from.t && bounds.length > 0) {
    const merged = bounds.pop()!;
    bounds.push({ from: merged.from, to: last, threads: Math.max(merged.threads, threads) });
  }
  for (const b of bounds) {
    const percent = cpuPercentBetween(b.from, b.to);
    if (percent !== null) intervals.push({ from: b.from.t, to: b.to.t, percent: Math.min(percent, b.threads * 100) });
  }
  return { peak: intervals.length ? Math.max(...intervals.map((i) => i.percent)) : null, intervals };
}
