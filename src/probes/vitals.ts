// Process vitals of the daemon and of its helpers, read from /proc, with CPU % from pidusage.
import pidusage from 'pidusage';
import type { ProcFs } from '../attach/procfs.js';

export interface ProcessVitals {
  rssBytes: number | null;
  cpuPercent: number | null;
  fds: number | null;
  threads: number | null;
}

export interface VitalsSample extends ProcessVitals {
  /** Epoch milliseconds. */
  t: number;
  fdLimit: number | null;
  /** Why fds is null, e.g. permission denied. */
  fdError: string | null;
  helpers: ProcessVitals & { count: number };
}

/** CPU % of one core since the previous call for the same pid (pidusage keeps that history). */
export interface CpuMeter {
  percent(pid: number): Promise<number | null>;
  forget(pid: number): void;
  close(): void;
}

export function pidusageMeter(): CpuMeter {
  return {
    async percent(pid) {
      try {
        const stats = await pidusage(pid);
        return Number.isFinite(stats.cpu) ? stats.cpu : null;
      } catch {
        return null;
      }
    },
    forget(pid) {
      // pidusage has no per-pid forget; clear() drops every history, which is what a restart wants.
      void pid;
      pidusage.clear();
    },
    close() {
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
  const [main, fdLimit, ...helpers] = await Promise.all([
    processVitals(proc, pid, cpu),
    proc.openFilesLimit(pid),
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
  return { t: now(), ...main.vitals, fdLimit: fdLimit as number | null, fdError: main.fdError, helpers: total };
}
