// The monitor's state as the alert engine sees it at one instant. Pure.
import type { MonitorState } from '../model/state.js';
import type { Observation } from './types.js';

export function observationOf(state: MonitorState, t: number): Observation {
  const up = state.phase === 'attached' && state.daemon !== null;
  const v = up ? state.latest : null;
  const c = state.logs.counters;
  return {
    t,
    daemonUp: up,
    restarts: state.restarts,
    plannedRestarts: state.plannedRestarts,
    rssBytes: v?.rssBytes ?? null,
    cpuPercent: v?.cpuPercent ?? null,
    fds: v?.fds ?? null,
    fdLimit: v?.fdLimit ?? null,
    neighbors: state.neighbors.map((n) => ({ address: n.address, established: n.established, since: n.since, flaps: n.flaps })),
    control: {
      ok: state.control.ok,
      latencyMs: state.control.lastLatencyMs,
      timeouts: state.control.timeouts,
      missing: up && state.control.transport === null && state.control.error !== null ? state.control.error : null,
    },
    logs: c ? { tracebacks: c.tracebacks, notifications: c.notifications } : null,
  };
}
