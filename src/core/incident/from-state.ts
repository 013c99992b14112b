// Evidence from the live monitor: the chosen log entry, the rings, the neighbor events and the
// daemon lives exatop saw. The ring holds values one interval apart, newest last.
import type { MonitorState } from '../model/state.js';
import type { LogEntry } from '../logs/types.js';
import type { EnvironmentFacts, Fact } from './environment.js';
import type { Evidence, EvidenceSample, IncidentEntry, NeighborChange } from './evidence.js';
import { incidentKindOf } from './pick.js';
import { signatureOf } from './signature.js';

export function entryOf(e: LogEntry, timing: string): IncidentEntry | null {
  const kind = incidentKindOf(e);
  if (!kind) return null;
  return {
    kind, summary: e.summary, lines: e.lines.length ? e.lines : [e.summary], first: e.first, last: e.last, count: e.count,
    neighbors: e.neighbor ? [e.neighbor] : [], exception: e.exception, signature: signatureOf(e), timing,
  };
}

function samplesOf(state: MonitorState): EvidenceSample[] {
  const latest = state.latest;
  if (!latest) return [];
  const { rss, cpu, fds } = state.series;
  const n = rss.length;
  const out: EvidenceSample[] = [];
  for (let i = 0; i < n; i++) {
    const value = (x: number) => (Number.isNaN(x) ? null : x);
    const r = value(rss.at(i));
    out.push({ t: latest.t - (n - 1 - i) * state.intervalMs, pid: r === null ? null : (state.daemon?.pid ?? null), rss: r, cpu: value(cpu.at(i)), fds: value(fds.at(i)) });
  }
  return out;
}

function changesOf(state: MonitorState): NeighborChange[] {
  return state.neighborEvents.flatMap((e): NeighborChange[] => {
    if (e.type === 'up') return [{ t: e.t, address: e.address, from: 'down', to: 'ESTABLISHED' }];
    if (e.type === 'down') return [{ t: e.t, address: e.address, from: 'ESTABLISHED', to: e.fsm }];
    if (e.type === 'reset') return [{ t: e.t, address: e.address, from: 'ESTABLISHED', to: 'reset (down and up again between two polls)' }];
    return [];
  });
}

export interface LiveExtras {
  python: Fact;
  exabgpCommit: Fact;
  os: Fact;
  /** When exatop started watching: the flaps and UPDATE rates it knows are since then. */
  watchStart: number;
  now: number;
}

export function environmentOf(state: MonitorState, extras: Pick<LiveExtras, 'python' | 'exabgpCommit' | 'os'>): EnvironmentFacts {
  const d = state.daemon;
  const configured = state.configured.length || null;
  return {
    python: extras.python,
    exabgpVersion: d?.version ? { value: d.version.version, source: d.version.source } : { value: null, source: 'not known' },
    exabgpCommit: extras.exabgpCommit,
    os: extras.os,
    reactor: d ? { mode: d.reactor.mode, source: d.reactor.source } : { mode: 'unknown', source: 'no daemon' },
    peers: {
      configured,
      established: state.control.ok === null ? null : state.neighbors.filter((n) => n.established).length,
      source: `${configured === null ? 'configuration not read' : `neighbors in ${d?.config ?? 'the configuration'}`}; established from the control channel${state.control.ok === false ? ' (last poll failed: stale)' : ''}`,
    },
  };
}

export function evidenceFromState(state: MonitorState, logEntry: LogEntry, extras: LiveExtras): Evidence | null {
  // Lines with no date of their own take the time exatop read them: history read at start is "now".
  const timing = logEntry.first >= extras.watchStart - 1000 && extras.now - extras.watchStart < 10_000
    ? 'when exatop read the lines: a line that carries no date of its own (4.2\'s stdout, a traceback) reads as read now'
    : 'the log lines\' own time, or when exatop read them for lines that carry none';
  const entry = entryOf(logEntry, timing);
  if (!entry) return null;
  if (entry.kind === 'flap') {
    const drops = state.neighborEvents.filter((e) => e.type !== 'up' && e.type !== 'notification' && Math.abs(e.t - logEntry.last) < 120_000);
    entry.neighbors = [...new Set([...entry.neighbors, ...drops.map((e) => e.address)])];
  }
  const rates = state.neighbors.map((n) => n.rates?.updatesOut ?? null);
  const known = rates.filter((r): r is number => r !== null);
  return {
    source: 'live',
    from: state.daemon ? `pid ${state.daemon.pid}${state.daemon.config ? ` (${state.daemon.config})` : ''}` : 'no daemon',
    entry,
    environment: environmentOf(state, extras),
    samples: samplesOf(state),
    neighborChanges: changesOf(state),
    restarts: state.lives.slice(1).map((l) => ({ t: l.startTime, pid: l.pid })),
    span: { start: extras.watchStart, end: extras.now },
    daemonAtEnd: state.phase === 'attached',
    load: {
      neighbors: state.neighbors.length || state.configured.length,
      updatesPerSecond: known.length ? known.reduce((a, b) => a + b, 0) : null,
      flaps: state.neighbors.reduce((sum, n) => sum + n.flaps, 0),
      version: state.daemon?.version?.version ?? null,
    },
  };
}
