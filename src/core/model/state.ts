// The one state object every output reads, and the pure reducer that applies probe events to it.
// Rings are mutated in place (bounded memory); every event yields a new top-level object so
// React's useSyncExternalStore sees the change.
import type { DaemonCandidate, DaemonInfo, Helper } from './daemon.js';
import type { ConfiguredNeighbor } from '../daemon/config-neighbors.js';
import type { ControlPoll } from '../control/client.js';
import type { Dialect } from '../control/commands.js';
import type { DaemonStatusReport } from './control.js';
import type { VitalsSample } from './vitals.js';
import type { Alert } from '../alerts/types.js';
import type { LogCounters, LogEntry, NeighborFact } from '../logs/types.js';
import type { FailureKind } from '../control/transport.js';
import { applyNeighborPoll, mergeSummary, noteNeighborDown, noteNeighborError, noteNeighborFlaps, type NeighborEvent, type NeighborRow } from './neighbors.js';
import { Ring } from '../ring.js';

export type Phase = 'searching' | 'attached' | 'lost' | 'none' | 'several';

export interface Life {
  pid: number;
  startTime: number;
  /** When exatop saw it gone; null while it runs. */
  endTime: number | null;
}

export interface SeriesSet {
  rss: Ring;
  cpu: Ring;
  fds: Ring;
  helpersRss: Ring;
  helpersCpu: Ring;
}

export interface ControlState {
  transport: 'pipe' | 'socket' | null;
  path: string | null;
  /** How the channel was found (helper environ, search folder, --control). */
  how: string | null;
  /** The pid of the other exatop process whose polls this one reads (one poller per life); null: this one asks. */
  polledBy: number | null;
  dialect: Dialect | null;
  /** null before the first poll. */
  ok: boolean | null;
  error: string | null;
  /** The last answer that could not be used, for the "bad answer" view. */
  raw: string | null;
  latency: Ring;
  lastLatencyMs: number | null;
  polls: number;
  errors: number;
  timeouts: number;
  lastOkAt: number | null;
  status: DaemonStatusReport | null;
  /** What kind of failure the last poll was, when the transport said. */
  failure: FailureKind | null;
  /** Polls skipped because another client used the pipe, or a late answer was still read. */
  backoffs: number;
  /** Bytes of other clients' (or late) answers read and dropped so none was taken for ours. */
  clearedBytes: number;
  /** Good answers by kind (README "Polling schedule"): small ones each tick, full ones when needed. */
  summaries: number;
  fulls: number;
  /** When the last full answer was read (the fields only it carries are that old). */
  lastFullAt: number | null;
}

export interface LogSourceState {
  kind: 'file' | 'journal';
  name: string;
  how: string;
  state: 'following' | 'missing' | 'error' | 'stopped';
  message: string | null;
  /** Lines a truncation took before they were read (files only; ≈ from the bytes). */
  lost?: { lines: number; bytes: number; withoutCopy: number } | null;
  /** Files only: bytes read and not read yet of the current file; --since lines with no time not counted. */
  read?: { bytes: number; unreadBytes: number; undatedLines: number } | null;
}

export interface LogsState {
  entries: LogEntry[];
  counters: LogCounters | null;
  sources: LogSourceState[];
}

/** A comparison capture running in the background (it goes on while other tabs are shown). */
export interface CaptureJob {
  kind: 'establishment' | 'peak' | 'cpu' | 'rss';
  label: string;
  file: string;
  startedAt: number;
  fraction: number;
  message: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
}

export interface MonitorState {
  phase: Phase;
  message: string | null;
  daemon: DaemonInfo | null;
  helpers: Helper[];
  candidates: DaemonCandidate[];
  restarts: number;
  /** Of those, the ones announced beforehand (exatop's own capture, the operator): not paged. */
  plannedRestarts: number;
  lives: Life[];
  latest: VitalsSample | null;
  series: SeriesSet;
  intervalMs: number;
  /** How often the TUI draws, apart from sampling: the field's 2 s (glances, btop); + and - change it. */
  redrawMs: number;
  paused: boolean;
  control: ControlState;
  neighbors: NeighborRow[];
  /** Neighbors the configuration declares: names, and who should be ESTABLISHED. */
  configured: ConfiguredNeighbor[];
  /** History across lives: flaps of earlier lives, and this life's session drops the log or the API stream told. */
  history: NeighborHistory;
  /** Recent neighbor transitions, newest last (bounded). */
  neighborEvents: NeighborEvent[];
  logs: LogsState;
  capture: CaptureJob | null;
  /** Alerts firing now, and the recent ones (started or ended), newest last. */
  alerts: { active: Alert[]; events: Alert[] };
  /** Bumped on every change so views re-read the rings. */
  revision: number;
}

export interface NeighborHistory {
  /** Flaps counted in earlier daemon lives, by address. */
  flapsBefore: Record<string, number>;
  /** This life: when the log or API stream last said a session went down, by address. */
  lastDown: Record<string, number>;
  /** This life: flaps the log or API stream told (down lines of sessions they saw up), by address. */
  logFlaps: Record<string, number>;
  /** This life: the last error the log or API stream told (NOTIFICATION, down reason), by address,
   *  for rows the polls have not shown yet (the log is read before the first answer). */
  lastError: Record<string, { t: number; message: string }>;
  /** exatop was watching before this life began (the TUI started first, or it followed a restart). */
  witnessed: boolean;
}

const MAX_HISTORY_ADDRESSES = 10_000;

export type MonitorEvent =
  | { type: 'searching' }
  | { type: 'none'; message: string }
  | { type: 'several'; candidates: DaemonCandidate[] }
  /** `witnessed`: exatop was watching before this life began (so a neighbor first seen down has been down since its start). */
  | { type: 'attached'; daemon: DaemonInfo; helpers: Helper[]; witnessed?: boolean; plannedBy?: string | null }
  | { type: 'helpers'; helpers: Helper[] }
  | { type: 'lost'; t: number; reason: string }
  | { type: 'sample'; sample: VitalsSample }
  | { type: 'control-location'; transport: 'pipe' | 'socket' | null; path: string | null; how: string | null; dialect: Dialect | null; error: string | null; polledBy?: number | null }
  | { type: 'control-poll'; poll: ControlPoll }
  | { type: 'daemon-status'; status: DaemonStatusReport }
  | { type: 'version'; version: NonNullable<DaemonInfo['version']>; reactor: DaemonInfo['reactor']; dialect: Dialect | null }
  | { type: 'configured'; neighbors: ConfiguredNeighbor[] }
  | { type: 'logs'; entries: LogEntry[]; counters: LogCounters; sources: LogSourceState[]; facts: NeighborFact[] }
  | { type: 'capture'; job: CaptureJob }
  | { type: 'alerts'; active: Alert[]; events: Alert[] }
  | { type: 'interval'; ms: number }
  | { type: 'redraw'; ms: number }
  | { type: 'paused'; paused: boolean };

export const MAX_LIVES_KEPT = 50;
export const MAX_NEIGHBOR_EVENTS = 500;

export function initialControl(capacity: number): ControlState {
  return { transport: null, path: null, how: null, polledBy: null, dialect: null, ok: null, error: null, raw: null, latency: new Ring(capacity), lastLatencyMs: null, polls: 0, errors: 0, timeouts: 0, lastOkAt: null, status: null, failure: null, backoffs: 0, clearedBytes: 0, summaries: 0, fulls: 0, lastFullAt: null };
}
export const MIN_INTERVAL_MS = 250;
export const MAX_INTERVAL_MS = 60_000;

export const DEFAULT_REDRAW_MS = 2000;

export function initialState(options: { capacity?: number; intervalMs?: number; redrawMs?: number } = {}): MonitorState {
  const capacity = options.capacity ?? 3600;
  return {
    phase: 'searching',
    message: null,
    daemon: null,
    helpers: [],
    candidates: [],
    restarts: 0,
    plannedRestarts: 0,
    lives: [],
    latest: null,
    series: {
      rss: new Ring(capacity),
      cpu: new Ring(capacity),
      fds: new Ring(capacity),
      helpersRss: new Ring(capacity),
      helpersCpu: new Ring(capacity),
    },
    intervalMs: clampInterval(options.intervalMs ?? 1000),
    redrawMs: clampInterval(options.redrawMs ?? DEFAULT_REDRAW_MS),
    paused: false,
    control: initialControl(capacity),
    neighbors: [],
    configured: [],
    neighborEvents: [],
    history: { flapsBefore: {}, lastDown: {}, logFlaps: {}, lastError: {}, witnessed: false },
    logs: { entries: [], counters: null, sources: [] },
    capture: null,
    alerts: { active: [], events: [] },
    revision: 0,
  };
}

export function clampInterval(ms: number): number {
  if (!Number.isFinite(ms)) return 1000;
  return Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, Math.round(ms)));
}

function pushGap(series: SeriesSet): void {
  for (const ring of Object.values(series)) ring.pushGap();
}

export function reduce(state: MonitorState, event: MonitorEvent): MonitorState {
  const next = { ...state, revision: state.revision + 1 };
  switch (event.type) {
    case 'searching':
      return { ...next, phase: 'searching', message: null };
    case 'none':
      return { ...next, phase: state.daemon ? 'lost' : 'none', message: event.message };
    case 'several':
      return { ...next, phase: 'several', candidates: event.candidates, message: null };
    case 'attached': {
      const previous = state.daemon;
      const isNewLife = !previous || previous.pid !== event.daemon.pid || previous.startTicks !== event.daemon.startTicks;
      if (!isNewLife) return { ...next, phase: 'attached', daemon: event.daemon, helpers: event.helpers, message: null };
      const lives = state.lives.map((life) =>
        life.endTime === null && previous && life.pid === previous.pid ? { ...life, endTime: event.daemon.startTime } : life,
      );
      lives.push({ pid: event.daemon.pid, startTime: event.daemon.startTime, endTime: null });
      if (previous) pushGap(state.series);
      return {
        ...next,
        phase: 'attached',
        daemon: event.daemon,
        helpers: event.helpers,
        candidates: [],
        message: null,
        restarts: previous ? state.restarts + 1 : state.restarts,
        plannedRestarts: previous && event.plannedBy ? state.plannedRestarts + 1 : state.plannedRestarts,
        lives: lives.slice(-MAX_LIVES_KEPT),
        latest: previous ? null : state.latest,
        // Sessions of a new daemon life start afresh; its restart is counted, not its peers' resets.
        neighbors: [],
        history: {
          flapsBefore: { ...state.history.flapsBefore, ...Object.fromEntries(state.neighbors.map((n) => [n.address, n.flapsTotal])) },
          lastDown: {},
          logFlaps: {},
          lastError: {},
          witnessed: previous !== null || (event.witnessed ?? false),
        },
        control: { ...initialControl(state.control.latency.capacity), latency: state.control.latency },
      };
    }
    case 'helpers':
      return { ...next, helpers: event.helpers };
    case 'lost': {
      if (state.phase === 'lost') return state;
      pushGap(state.series);
      const lives = state.lives.map((life) => (life.endTime === null ? { ...life, endTime: event.t } : life));
      return { ...next, phase: 'lost', message: event.reason, lives };
    }
    case 'sample': {
      const s = event.sample;
      state.series.rss.push(s.rssBytes ?? Number.NaN);
      state.series.cpu.push(s.cpuPercent ?? Number.NaN);
      state.series.fds.push(s.fds ?? Number.NaN);
      state.series.helpersRss.push(s.helpers.rssBytes ?? Number.NaN);
      state.series.helpersCpu.push(s.helpers.cpuPercent ?? Number.NaN);
      return { ...next, latest: s };
    }
    case 'control-location':
      return {
        ...next,
        control: { ...state.control, transport: event.transport, path: event.path, how: event.how, polledBy: event.polledBy ?? null, dialect: event.dialect, error: event.error, ok: event.error ? false : state.control.ok },
      };
    case 'control-poll':
      return applyPoll(next, event.poll);
    case 'daemon-status': {
      // 6.0 gives each daemon start a uuid: a new one under the same pid is a restart /proc cannot see.
      const before = state.control.status?.uuid;
      const restarted = !!before && !!event.status.uuid && before !== event.status.uuid;
      const daemon = state.daemon && event.status.pid === state.daemon.pid && event.status.uuid
        ? { ...state.daemon, own: { uuid: event.status.uuid, startedAt: event.status.startTime === null ? null : Math.round(event.status.startTime * 1000) } }
        : state.daemon;
      return { ...next, daemon, control: { ...state.control, status: event.status }, restarts: restarted ? state.restarts + 1 : state.restarts };
    }
    case 'version':
      if (!state.daemon) return state;
      return { ...next, daemon: { ...state.daemon, version: event.version, reactor: event.reactor }, control: { ...state.control, dialect: event.dialect } };
    case 'configured':
      return { ...next, configured: event.neighbors };
    case 'logs': {
      const history = noteDowns(state.history, event.facts, state.daemon?.startTime ?? null, state.neighbors);
      const neighbors = applyFacts(state.neighbors, event.facts, state.daemon?.startTime ?? null);
      return {
        ...next,
        logs: { entries: event.entries, counters: event.counters, sources: event.sources },
        neighbors: history.logFlaps === state.history.logFlaps ? neighbors : noteNeighborFlaps(neighbors, history.logFlaps),
        history,
      };
    }
    case 'capture':
      return { ...next, capture: event.job };
    case 'alerts':
      return { ...next, alerts: { active: event.active, events: event.events } };
    case 'interval':
      return { ...next, intervalMs: clampInterval(event.ms) };
    case 'redraw':
      return { ...next, redrawMs: clampInterval(event.ms) };
    case 'paused':
      return { ...next, paused: event.paused };
  }
}

function applyPoll(state: MonitorState, poll: ControlPoll): MonitorState {
  const c = state.control;
  const control: ControlState = {
    ...c,
    transport: poll.transport,
    path: poll.path,
    polls: c.polls + 1,
    lastLatencyMs: poll.latencyMs,
    ok: poll.ok,
    error: poll.error,
    raw: poll.ok ? null : poll.raw,
    errors: poll.ok ? c.errors : c.errors + 1,
    timeouts: poll.timedOut ? c.timeouts + 1 : c.timeouts,
    lastOkAt: poll.ok ? poll.t : c.lastOkAt,
    failure: poll.ok ? null : (poll.failure ?? null),
    backoffs: poll.failure === 'foreign' || poll.failure === 'busy' ? c.backoffs + 1 : c.backoffs,
    clearedBytes: c.clearedBytes + (poll.clearedBytes ?? 0),
  };
  if (poll.ok) c.latency.push(poll.latencyMs);
  else c.latency.pushGap();
  const summary = poll.ok && !poll.neighbors ? poll.summary : null;
  if (poll.ok && (poll.neighbors || summary)) {
    control.summaries += summary ? 1 : 0;
    control.fulls += summary ? 0 : 1;
    if (!summary) control.lastFullAt = poll.t;
  }
  if (!poll.ok || !(poll.neighbors ?? summary)) return { ...state, control };
  const descriptions = Object.fromEntries(state.configured.filter((n) => n.description).map((n) => [n.address, n.description!]));
  const { history, daemon } = state;
  const context = { lastDown: history.lastDown, flapsBefore: history.flapsBefore, logFlaps: history.logFlaps, lastError: history.lastError, witnessedStart: history.witnessed && daemon ? daemon.startTime : null };
  // a small answer updates what it carries on the rows of the last full one, and drops none
  const reports = summary ? mergeSummary(state.neighbors.map((r) => r.report), summary) : poll.neighbors!;
  const counters = !summary ? 'all' : summary.peers.some((p) => p.updates) ? 'updates' : 'none';
  const { rows, events } = applyNeighborPoll(state.neighbors, reports, poll.t, descriptions, context, counters);
  const neighborEvents = events.length === 0 ? state.neighborEvents : [...state.neighborEvents, ...events].slice(-MAX_NEIGHBOR_EVENTS);
  return { ...state, control, neighbors: rows, neighborEvents };
}

/**
 * What the log knows and the control channel does not: why a session went down. The daemon's
 * `statistics for down counter N` is not used for flaps: it also counts every failed attempt
 * to reach a peer that is down (seen on a real 5.0.15: 2 after one stop of BIRD).
 */
/** Session drops of this life the log or API stream told (older ones belong to an earlier life). */
function noteDowns(history: NeighborHistory, facts: readonly NeighborFact[], lifeStart: number | null, rows: readonly NeighborRow[]): NeighborHistory {
  const bounded = <V>(r: Record<string, V>): Record<string, V> => (Object.keys(r).length > MAX_HISTORY_ADDRESSES ? {} : { ...r });
  let out = history;
  const downs = facts.filter((f): f is Extract<NeighborFact, { kind: 'down' }> => f.kind === 'down' && (lifeStart === null || f.time >= lifeStart));
  if (downs.length > 0) {
    const lastDown = bounded(history.lastDown);
    for (const f of downs) if (f.address) lastDown[f.address] = Math.max(lastDown[f.address] ?? 0, f.time);
    out = { ...out, lastDown };
    // A drop that is the first thing a source tells of a session is a flap when the last poll saw it up.
    const up = new Set(rows.filter((r) => r.established).map((r) => r.address));
    const flaps = downs.filter((f) => f.flap === 'after-up' || (f.flap === 'first-seen' && up.has(f.address)));
    if (flaps.length > 0) {
      const logFlaps = bounded(history.logFlaps);
      for (const f of flaps) logFlaps[f.address] = (logFlaps[f.address] ?? 0) + 1;
      out = { ...out, logFlaps };
    }
  }
  const errors = facts.filter((f) => f.address && (f.kind === 'notification' || (f.kind === 'down' && f.reason)));
  if (errors.length > 0) {
    const lastError = bounded(history.lastError);
    for (const f of errors) {
      const message = factError(f);
      if (f.address && message && (lastError[f.address]?.t ?? -Infinity) <= f.time) lastError[f.address] = { t: f.time, message };
    }
    out = { ...out, lastError };
  }
  return out;
}

/** The last-error text of a fact, as the neighbor row shows it. */
function factError(fact: NeighborFact): string | null {
  if (fact.kind === 'down') return fact.reason ? `down: ${fact.reason}` : null;
  if (fact.kind === 'notification') return `NOTIFICATION${fact.direction ? ` ${fact.direction}` : ''}: ${fact.text}`;
  return null;
}

function applyFacts(rows: NeighborRow[], facts: readonly NeighborFact[], lifeStart: number | null): NeighborRow[] {
  let out = rows;
  for (const fact of facts) {
    if (!fact.address) continue;
    if (fact.kind === 'down' && (lifeStart === null || fact.time >= lifeStart)) out = noteNeighborDown(out, fact.address, fact.time);
    const message = factError(fact);
    if (message) out = noteNeighborError(out, fact.address, fact.time, message);
  }
  return out;
}

/** True when the neighbor rows on screen are older than the last failed poll. */
export function neighborsStale(state: MonitorState): boolean {
  return state.control.ok === false && state.neighbors.length > 0;
}

/** Daemon uptime in seconds at `now`, or null when not attached. */
export function uptimeSeconds(state: MonitorState, now: number): number | null {
  if (!state.daemon || state.phase !== 'attached') return null;
  return Math.max(0, (now - state.daemon.startTime) / 1000);
}
