// The one state object every output reads, and the pure reducer that applies probe events to it.
// Rings are mutated in place (bounded memory); every event yields a new top-level object so
// React's useSyncExternalStore sees the change.
import type { DaemonCandidate, Helper } from '../attach/discover.js';
import type { DaemonInfo } from '../attach/identity.js';
import type { VitalsSample } from '../probes/vitals.js';
import { Ring } from './ring.js';

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

export interface MonitorState {
  phase: Phase;
  message: string | null;
  daemon: DaemonInfo | null;
  helpers: Helper[];
  candidates: DaemonCandidate[];
  restarts: number;
  lives: Life[];
  latest: VitalsSample | null;
  series: SeriesSet;
  intervalMs: number;
  paused: boolean;
  /** Bumped on every change so views re-read the rings. */
  revision: number;
}

export type MonitorEvent =
  | { type: 'searching' }
  | { type: 'none'; message: string }
  | { type: 'several'; candidates: DaemonCandidate[] }
  | { type: 'attached'; daemon: DaemonInfo; helpers: Helper[] }
  | { type: 'helpers'; helpers: Helper[] }
  | { type: 'lost'; t: number; reason: string }
  | { type: 'sample'; sample: VitalsSample }
  | { type: 'interval'; ms: number }
  | { type: 'paused'; paused: boolean };

export const MAX_LIVES_KEPT = 50;
export const MIN_INTERVAL_MS = 250;
export const MAX_INTERVAL_MS = 60_000;

export function initialState(options: { capacity?: number; intervalMs?: number } = {}): MonitorState {
  const capacity = options.capacity ?? 3600;
  return {
    phase: 'searching',
    message: null,
    daemon: null,
    helpers: [],
    candidates: [],
    restarts: 0,
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
    paused: false,
    revision: 0,
  };
}

export function clampInterval(ms: number): number {
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
        lives: lives.slice(-MAX_LIVES_KEPT),
        latest: previous ? null : state.latest,
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
    case 'interval':
      return { ...next, intervalMs: clampInterval(event.ms) };
    case 'paused':
      return { ...next, paused: event.paused };
  }
}

/** Daemon uptime in seconds at `now`, or null when not attached. */
export function uptimeSeconds(state: MonitorState, now: number): number | null {
  if (!state.daemon || state.phase !== 'attached') return null;
  return Math.max(0, (now - state.daemon.startTime) / 1000);
}
