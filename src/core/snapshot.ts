// The snapshot document: what `exatop snapshot --json` prints, and what the TUI prints when
// stdout is not a terminal. Later features add their sections here.
import type { MonitorState } from './state.js';
import { uptimeSeconds } from './state.js';

export interface SnapshotDocument {
  exatop: { version: string; time: string };
  daemon: {
    pid: number;
    start_time: string;
    uptime_s: number | null;
    version: string | null;
    version_source: string | null;
    reactor: string;
    reactor_source: string;
    config: string | null;
    restarts: number;
    helpers: { pid: number; role: string }[];
    environ_error: string | null;
  };
  vitals: {
    rss_bytes: number | null;
    cpu_percent: number | null;
    fds: number | null;
    fd_limit: number | null;
    fd_error: string | null;
    threads: number | null;
    helpers_rss_bytes: number | null;
    helpers_cpu_percent: number | null;
    helpers_fds: number | null;
    window_s: number;
  } | null;
}

const round = (n: number | null, digits = 2): number | null => (n === null ? null : Number(n.toFixed(digits)));

export function buildSnapshot(state: MonitorState, now: number, exatopVersion: string, windowSeconds: number): SnapshotDocument | null {
  const d = state.daemon;
  if (!d) return null;
  const v = state.latest;
  return {
    exatop: { version: exatopVersion, time: new Date(now).toISOString() },
    daemon: {
      pid: d.pid,
      start_time: new Date(d.startTime).toISOString(),
      uptime_s: round(uptimeSeconds(state, now), 1),
      version: d.version?.version ?? null,
      version_source: d.version?.source ?? null,
      reactor: d.reactor.mode,
      reactor_source: d.reactor.source,
      config: d.config,
      restarts: state.restarts,
      helpers: state.helpers.map((h) => ({ pid: h.pid, role: h.role })),
      environ_error: d.environError,
    },
    vitals: v
      ? {
          rss_bytes: v.rssBytes,
          cpu_percent: round(v.cpuPercent),
          fds: v.fds,
          fd_limit: v.fdLimit,
          fd_error: v.fdError,
          threads: v.threads,
          helpers_rss_bytes: v.helpers.rssBytes,
          helpers_cpu_percent: round(v.helpers.cpuPercent),
          helpers_fds: v.helpers.fds,
          window_s: windowSeconds,
        }
      : null,
  };
}
