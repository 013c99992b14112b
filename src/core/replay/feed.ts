// A recording turned back into the monitor's events, so the same panels show it. Pure.
import type { DaemonInfo } from '../model/daemon.js';
import type { Alert } from '../alerts/types.js';
import { initialState, reduce, type MonitorState } from '../model/state.js';
import type { FsmState, MessageCounters, NeighborReport } from '../model/control.js';
import type { RecordedEvent, RecordedSample } from '../record/format.js';

const counters = (notification: number | null, update: number | null, total: number | null = null): MessageCounters => ({ open: null, notification, keepalive: null, update, refresh: null, total });

function daemonOf(s: RecordedSample): DaemonInfo {
  const version = s.ver ? { version: s.ver, line: s.ver.startsWith('4.') ? '4.2' as const : s.ver.startsWith('5.0') ? '5.0' as const : s.ver.startsWith('6.0') ? '6.0' as const : 'unknown' as const, source: 'recording' } : null;
  const mode = s.rx === 'generator' || s.rx === 'asyncio' ? s.rx : 'unknown';
  return {
    pid: s.pid!,
    startTicks: s.t - (s.up ?? 0) * 1000,
    startTime: s.t - (s.up ?? 0) * 1000,
    startTimeResolutionMs: 1000,
    argv: [],
    config: null,
    configs: [],
    envFile: null,
    pidFile: null,
    root: null,
    environ: {},
    environError: null,
    version,
    reactor: { mode, source: 'as recorded' },
    own: null,
  };
}

function reportOf(n: RecordedSample['nb'][number]): NeighborReport {
  return {
    address: n.a, localAddress: null, peerAs: n.pa ?? null, localAs: null, peerId: null, localId: null, description: n.d ?? null,
    fsm: n.s as FsmState, durationS: null, holdTime: { local: null, remote: null },
    messages: { sent: counters(n.no, n.uo, n.mo), received: counters(n.ni, n.ui, n.mi) }, prefixes: null, capabilities: [], families: [],
  };
}

/** Applies one recorded sample to a state, as the live monitor would have. */
export function applySample(state: MonitorState, s: RecordedSample): MonitorState {
  let next = state;
  if (s.pid === null) {
    if (next.phase === 'attached') next = reduce(next, { type: 'lost', t: s.t, reason: 'no daemon (as recorded)' });
  } else if (!next.daemon || next.daemon.pid !== s.pid || next.phase !== 'attached') {
    next = reduce(next, { type: 'attached', daemon: daemonOf(s), helpers: [] });
    // The recorded count is the truth, whatever this replay started from.
    next = { ...next, restarts: s.restarts };
  }
  if (s.pid !== null) {
    next = reduce(next, { type: 'control-poll', poll: { t: s.t, transport: 'pipe', path: 'recording', latencyMs: s.ctl ?? 0, ok: s.ctlok ?? true, timedOut: false, error: s.ctlok === false ? 'failed poll (as recorded)' : null, raw: null, neighbors: s.nb.map(reportOf), status: null } });
    const flaps = new Map(s.nb.map((n) => [n.a, n.f]));
    next = { ...next, neighbors: next.neighbors.map((r) => ({ ...r, flaps: flaps.get(r.address) ?? r.flaps })) };
    next = reduce(next, {
      type: 'sample',
      sample: { t: s.t, rssBytes: s.rss, cpuPercent: s.cpu, fds: s.fds, fdLimit: s.fdmax, fdError: null, threads: s.thr, helpers: { count: s.hrss === null ? 0 : 1, rssBytes: s.hrss, cpuPercent: null, fds: null, threads: null } },
    });
  }
  if (s.log) {
    const c = s.log;
    next = { ...next, logs: { ...next.logs, counters: { lines: 0, errors: c.err, warnings: 0, tracebacks: c.tb, notifications: c.ntf, sessionsUp: c.up, sessionsDown: c.down, apiCommands: c.api, apiRejected: 0, configErrors: 0, connectFailures: c.nc ?? 0, lastError: null } } };
  }
  return next;
}

/** Alerts as they stood at `t`, from the recorded alert events. */
export function alertsAt(events: readonly RecordedEvent[], t: number): { active: Alert[]; events: Alert[] } {
  const latest = new Map<string, Alert>();
  const seen: Alert[] = [];
  for (const e of events) {
    if (e.kind !== 'alert' || e.t > t) continue;
    const a = e.detail as unknown as Alert;
    latest.set(`${a.id}@${a.start}`, a);
    seen.push(a);
  }
  const active = [...latest.values()].filter((a) => a.end === null || a.end > t);
  return { active, events: seen.slice(-200) };
}

/** The state at sample `index`, with the charts' history (the `history` samples before it). */
export function stateAt(samples: readonly RecordedSample[], events: readonly RecordedEvent[], index: number, history: number): MonitorState {
  let state = initialState({ capacity: history });
  for (let i = Math.max(0, index - history + 1); i <= index && i < samples.length; i++) state = applySample(state, samples[i]!);
  const t = samples[index]?.t ?? 0;
  return { ...state, alerts: alertsAt(events, t) };
}
