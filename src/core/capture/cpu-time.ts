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

/** Interval CPU % of a series of readings that starts at the process start (ticks 0 then). */
export function intervalPercents(startTime: number, readings: readonly CpuReading[]): number[] {
  const out: number[] = [];
  let previous: CpuReading = { t: startTime, ticks: 0 };
  for (const r of readings) {
    const p = cpuPercentBetween(previous, r);
    if (p !== null) out.push(p);
    previous = r;
  }
  return out;
}
