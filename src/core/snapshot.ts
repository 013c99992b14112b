// The snapshot document: what `exatop snapshot --json` prints, and what the TUI prints when
// stdout is not a terminal. Later features add their sections here.
import type { MessageCounters } from './model/control.js';
import { establishedCount } from './model/neighbors.js';
import type { MonitorState } from './model/state.js';
import { neighborsStale, uptimeSeconds } from './model/state.js';

type Counters = { open: number | null; notification: number | null; keepalive: number | null; update: number | null; refresh: number | null; total: number | null };

export interface NeighborDocument {
  address: string;
  description: string | null;
  peer_as: number | null;
  local_as: number | null;
  state: 'up' | 'down';
  fsm: string;
  since: string | null;
  since_exact: boolean;
  /** poll | log | daemon-start | unknown (down before exatop attached: since and for_s null). */
  since_from: string;
  for_s: number | null;
  /** This daemon life; flaps_total: every life exatop followed. */
  flaps: number;
  flaps_total: number;
  messages: { sent: Counters; received: Counters };
  rates: { messages_in: number; messages_out: number; updates_in: number; updates_out: number } | null;
  prefixes: { received: number | null; withdrawn: number | null } | null;
  last_error: { time: string; message: string } | null;
}

export interface SnapshotDocument {
  exatop: { version: string; time: string };
  daemon: {
    pid: number;
    start_time: string;
    uptime_s: number | null;
    version: string | null;
    version_source: string | null;
    /** 6.0 `daemon status`: the uuid of this daemon start, with pid and start_time its identity. */
    uuid: string | null;
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
  neighbors: NeighborDocument[];
  /** null, not 0/0, when the control channel never answered: no count is not a count of zero. */
  neighbors_summary: { established: number | null; total: number | null; configured: number; stale: boolean };
  /** The parts that could not be read (control channel, a log source), each with why: a snapshot
   *  with any is incomplete (exit 3), not a clean bill of health. */
  incomplete: { part: string; reason: string }[];
  logs: {
    sources: {
      kind: string; name: string; found_by: string; state: string; message: string | null; lost_lines: number; lost_bytes: number; truncated_without_copy: number;
      /** Files: bytes of the current file read, and there but not read (0: read to its end); null for the journal. */
      read_bytes: number | null;
      unread_bytes: number | null;
      /** --since: lines of the history with no time of their own and no dated line inside the window before them: not counted. */
      undated_lines: number;
    }[];
    lines: number;
    errors: number;
    warnings: number;
    tracebacks: number;
    notifications: number;
    sessions_up: number;
    sessions_down: number;
    api_commands: number;
    api_rejected: number;
    config_errors: number;
    connect_failures: number;
    last_error: { time: string; message: string } | null;
  };
  control: {
    transport: string | null;
    path: string | null;
    found_by: string | null;
    dialect: string | null;
    latency_ms: number | null;
    ok: boolean | null;
    error: string | null;
    polls: number;
    errors: number;
    timeouts: number;
    backoffs: number;
    cleared_bytes: number;
  };
}

export function incompleteParts(state: MonitorState): SnapshotDocument['incomplete'] {
  const parts: SnapshotDocument['incomplete'] = [];
  if (state.control.ok !== true) {
    parts.push({ part: 'control', reason: state.control.error ?? 'no control channel answered (give --control PATH)' });
  }
  for (const s of state.logs.sources) {
    if (s.state === 'error' || s.state === 'missing') parts.push({ part: `log ${s.name}`, reason: s.message ?? s.state });
  }
  return parts;
}

function logsDocument(state: MonitorState): SnapshotDocument['logs'] {
  const c = state.logs.counters;
  return {
    sources: state.logs.sources.map((s) => ({
      kind: s.kind, name: s.name, found_by: s.how, state: s.state, message: s.message, lost_lines: s.lost?.lines ?? 0, lost_bytes: s.lost?.bytes ?? 0, truncated_without_copy: s.lost?.withoutCopy ?? 0,
      read_bytes: s.read?.bytes ?? null, unread_bytes: s.read?.unreadBytes ?? null, undated_lines: s.read?.undatedLines ?? 0,
    })),
    lines: c?.lines ?? 0,
    errors: c?.errors ?? 0,
    warnings: c?.warnings ?? 0,
    tracebacks: c?.tracebacks ?? 0,
    notifications: c?.notifications ?? 0,
    sessions_up: c?.sessionsUp ?? 0,
    sessions_down: c?.sessionsDown ?? 0,
    api_commands: c?.apiCommands ?? 0,
    api_rejected: c?.apiRejected ?? 0,
    config_errors: c?.configErrors ?? 0,
    connect_failures: c?.connectFailures ?? 0,
    last_error: c?.lastError ? { time: new Date(c.lastError.time).toISOString(), message: c.lastError.message } : null,
  };
}

const counters = (c: MessageCounters): Counters => ({ open: c.open, notification: c.notification, keepalive: c.keepalive, update: c.update, refresh: c.refresh, total: c.total });

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
      uuid: d.own?.uuid ?? null,
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
    neighbors: state.neighbors.map((n) => ({
      address: n.address,
      description: n.description,
      peer_as: n.peerAs,
      local_as: n.localAs,
      state: n.established ? 'up' : 'down',
      fsm: n.fsm,
      since: n.since === null ? null : new Date(n.since).toISOString(),
      since_exact: n.sinceExact,
      since_from: n.sinceFrom,
      for_s: n.since === null ? null : round((now - n.since) / 1000, 1),
      flaps: n.flaps,
      flaps_total: n.flapsTotal,
      messages: { sent: counters(n.report.messages.sent), received: counters(n.report.messages.received) },
      rates: n.rates ? { messages_in: round(n.rates.messagesIn)!, messages_out: round(n.rates.messagesOut)!, updates_in: round(n.rates.updatesIn)!, updates_out: round(n.rates.updatesOut)! } : null,
      prefixes: n.report.prefixes,
      last_error: n.lastError ? { time: new Date(n.lastError.t).toISOString(), message: n.lastError.message } : null,
    })),
    neighbors_summary: {
      ...(state.neighbors.length === 0 && state.control.ok !== true ? { established: null, total: null } : establishedCount(state.neighbors)),
      configured: state.configured.length,
      stale: neighborsStale(state),
    },
    incomplete: incompleteParts(state),
    logs: logsDocument(state),
    control: {
      transport: state.control.transport,
      path: state.control.path,
      found_by: state.control.how,
      dialect: state.control.dialect,
      latency_ms: state.control.lastLatencyMs,
      ok: state.control.ok,
      error: state.control.error,
      polls: state.control.polls,
      errors: state.control.errors,
      timeouts: state.control.timeouts,
      backoffs: state.control.backoffs,
      cleared_bytes: state.control.clearedBytes,
    },
  };
}
