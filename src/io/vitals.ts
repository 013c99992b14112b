// Process vitals of the daemon and of its helpers, read from /proc, with CPU % from pidusage.
import pidusage from 'pidusage';
import { CLOCK_TICKS_PER_SECOND } from '../core/daemon/proc-parse.js';
import type { ProcFs } from './procfs.js';
import type { ProcessVitals, VitalsSample } from '../core/model/vitals.js';

/** CPU % of one core since the previous call for the same pid (pidusage keeps that history). */
export interface CpuMeter {
  percent(pid: number): Promise<number | null>;
  forget(pid: number): void;
  close(): void;
}

/**
 * pidusage's first reading of a pid has no earlier one to difference against: it is not a
 * measurement of the last interval, so it is reported as unknown instead of a false 0 %.
 */
export function pidusageMeter(): CpuMeter {
  const primed = new Set<number>();
  return {
    async percent(pid) {
      try {
        const stats = await pidusage(pid);
        if (!primed.has(pid)) {
          primed.add(pid);
          return null;
        }
        return Number.isFinite(stats.cpu) ? Math.max(0, stats.cpu) : null;
      } catch {
        primed.delete(pid);
        return null;
      }
    },
    forget() {
      // pidusage has no per-pid forget; clear() drops every history, which is what a restart wants.
      primed.clear();
      pidusage.clear();
    },
    close() {
      primed.clear();
      pidusage.clear();
    },
  };
}

async function processVitals(proc: ProcFs, pid: number, cpu: CpuMeter): Promise<{ vitals: ProcessVitals; fdError: string | null } | null> {
  const [status, fds, cpuPercent] = await Promise.all([proc.status(pid), proc.fdCount(pid), cpu.percent(pid)]);
  if (!status) return null;
  return {
    vitals: { rssBytes: status.rssBytes, cpuPercent, fds: fds.ok ? fds.value : null, threads: status.threads },
    fdError: fds.ok ? null : fds.reason,
  };
}

function add(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return a + b;
}

/** One sample; null when the daemon itself is gone. Helpers that vanished are skipped. */
export async function sampleVitals(
  proc: ProcFs,
  pid: number,
  helperPids: readonly number[],
  cpu: CpuMeter,
  now: () => number,
): Promise<VitalsSample | null> {
  const [main, fdLimit, stat, ...helpers] = await Promise.all([
    processVitals(proc, pid, cpu),
    proc.openFilesLimit(pid),
    proc.stat(pid),
    ...helperPids.map((h) => processVitals(proc, h, cpu)),
  ]);
  if (!main) return null;
  const total: ProcessVitals & { count: number } = { rssBytes: null, cpuPercent: null, fds: null, threads: null, count: 0 };
  for (const helper of helpers) {
    if (!helper) continue;
    total.count++;
    total.rssBytes = add(total.rssBytes, helper.vitals.rssBytes);
    total.cpuPercent = add(total.cpuPercent, helper.vitals.cpuPercent);
    total.fds = add(total.fds, helper.vitals.fds);
    total.threads = add(total.threads, helper.vitals.threads);
  }
  const cpuSeconds = stat ? (stat.utimeTicks + stat.stimeTicks) / CLOCK_TICKS_PER_SECOND : null;
  return { t: now(), ...main.vitals, fdLimit: fdLimit as number | null, fdError: main.fdError, helpers: total, cpuSeconds };
}
