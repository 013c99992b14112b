// The runbook's "CPU usage (average over 1 hour)", without pidstat: the daemon's CPU ticks
// over the window divided by the window, plus the 1 Hz interval series for min/max/stddev.
import type { DaemonIdentity } from '../../core/model/daemon.js';
import type { ProcFs } from '../../io/procfs.js';
import { cpuPercentBetween, type CpuReading } from '../../core/capture/cpu-time.js';
import type { CpuAverageResult } from '../../core/model/capture.js';

export interface CpuAverageOptions {
  proc: ProcFs;
  daemon: DaemonIdentity;
  durationMs: number;
  everyMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  onProgress?: (doneMs: number, totalMs: number, lastPercent: number | null) => void;
  /** Resolves to stop early: the result then states the shorter window. */
  signal?: AbortSignal;
}

export async function measureCpuAverage(options: CpuAverageOptions): Promise<CpuAverageResult> {
  const { proc, daemon, durationMs } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const every = options.everyMs ?? 1000;
  const read = async (): Promise<CpuReading | null> => {
    const stat = await proc.stat(daemon.pid);
    return stat && stat.startTicks === daemon.startTicks ? { t: now(), ticks: stat.utimeTicks + stat.stimeTicks } : null;
  };
  const first = await read();
  if (!first) return { ok: false, average: null, samples: [], windowStart: now(), windowEnd: now(), error: `daemon pid ${daemon.pid} is not running` };
  const samples: number[] = [];
  let previous = first;
  let error: string | null = null;
  while (previous.t - first.t < durationMs && !options.signal?.aborted) {
    await sleep(Math.min(every, durationMs - (previous.t - first.t)));
    const reading = await read();
    if (!reading) {
      error = `the daemon (pid ${daemon.pid}) stopped ${((now() - first.t) / 1000).toFixed(0)} s into the window`;
      break;
    }
    const percent = cpuPercentBetween(previous, reading);
    if (percent !== null) samples.push(percent);
    previous = reading;
    options.onProgress?.(reading.t - first.t, durationMs, percent);
  }
  const average = cpuPercentBetween(first, previous);
  return { ok: error === null && average !== null, average, samples, windowStart: first.t, windowEnd: previous.t, error };
}
