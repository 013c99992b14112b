// An issue report in the runbook's "Issue Tracking — Template for reporting", filled from
// evidence. Pure: figures over a window around the entry, a suggested severity and lab load.
import type { AsyncVerdict } from './async-specific.js';
import type { EnvironmentFacts } from './environment.js';
import type { Evidence, IncidentEntry, NeighborChange } from './evidence.js';

export interface Incident {
  format: 'exatop-incident';
  version: 1;
  title: string;
  source: Evidence['source'];
  from: string;
  entry: IncidentEntry & { ratePerMinute: number | null };
  window: { start: number; end: number; marginS: number };
  around: {
    samples: number;
    rssMB: { first: number; last: number; min: number; max: number } | null;
    cpuPercent: { avg: number; peak: number } | null;
    fds: { min: number; max: number } | null;
    neighborChanges: NeighborChange[];
    restarts: { t: number; pid: number | null }[];
  };
  restartsInSource: number;
  severity: { suggested: 'Critical' | 'High' | 'Medium' | 'Low'; why: string };
  asyncSpecific: AsyncVerdict;
  environment: EnvironmentFacts;
  reproduction: { labCommand: string; why: string };
}

const MB = 1024 * 1024;
const ESTABLISHED = 'ESTABLISHED';

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function flapEvery(spanMs: number, flaps: number): string | null {
  if (flaps <= 0 || spanMs <= 0) return null;
  const seconds = Math.max(1, Math.round(spanMs / flaps / 1000));
  return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}

export function labCommandFor(evidence: Evidence): { labCommand: string; why: string } {
  const { load, span } = evidence;
  const parts = ['exatop lab up', `--peers ${Math.max(1, load.neighbors)}`];
  const why = [`${load.neighbors} neighbor${load.neighbors === 1 ? '' : 's'}`];
  if (load.updatesPerSecond !== null && load.updatesPerSecond >= 0.5) {
    parts.push(`--churn ${Math.round(load.updatesPerSecond)}`);
    why.push(`${round(load.updatesPerSecond)} UPDATEs/s sent on average`);
  } else why.push(load.updatesPerSecond === null ? 'UPDATE rate unknown' : 'no churn');
  const flap = flapEvery(span.end - span.start, load.flaps);
  if (flap) {
    parts.push(`--flap ${flap}`);
    why.push(`${load.flaps} flap${load.flaps === 1 ? '' : 's'} over ${Math.round((span.end - span.start) / 1000)} s`);
  } else why.push('no flaps');
  if (load.version?.startsWith('5.0')) parts.push('--exabgp 5.0');
  return { labCommand: parts.join(' '), why: `${why.join(', ')}, as ${evidence.source === 'recording' ? 'recorded' : 'seen'}` };
}

function severityFor(evidence: Evidence, lost: NeighborChange[], restarts: number): Incident['severity'] {
  if (!evidence.daemonAtEnd) return { suggested: 'Critical', why: 'no daemon ran at the end of the evidence: it went away and did not come back' };
  if (restarts > 0) return { suggested: 'High', why: `the daemon restarted (${restarts}×) around it` };
  if (lost.length > 0) return { suggested: 'High', why: `${lost.length} session${lost.length === 1 ? '' : 's'} lost around it (${[...new Set(lost.map((c) => c.address))].join(', ')})` };
  if (evidence.entry.kind === 'traceback') return { suggested: 'Medium', why: 'a traceback, with no session lost and no restart around it' };
  return { suggested: 'Low', why: `a ${evidence.entry.kind} with no session lost and no restart around it` };
}

export function buildIncident(evidence: Evidence, verdict: AsyncVerdict, marginMs: number): Incident {
  const e = evidence.entry;
  const start = e.first - marginMs;
  const end = e.last + marginMs;
  const inside = <T extends { t: number }>(items: readonly T[]) => items.filter((x) => x.t >= start && x.t <= end);
  const samples = inside(evidence.samples).filter((s) => s.pid !== null);
  const rss = samples.flatMap((s) => (s.rss === null ? [] : [s.rss / MB]));
  const cpu = samples.flatMap((s) => (s.cpu === null ? [] : [s.cpu]));
  const fds = samples.flatMap((s) => (s.fds === null ? [] : [s.fds]));
  const changes = inside(evidence.neighborChanges);
  const restarts = inside(evidence.restarts);
  const lost = changes.filter((c) => c.from === ESTABLISHED && c.to !== ESTABLISHED);
  const spanMs = e.last - e.first;
  return {
    format: 'exatop-incident',
    version: 1,
    title: `${e.kind === 'traceback' ? 'Traceback' : e.kind === 'notification' ? 'NOTIFICATION' : 'Flapping'}: ${e.summary}${e.count > 1 ? ` (×${e.count})` : ''}`,
    source: evidence.source,
    from: evidence.from,
    entry: { ...e, ratePerMinute: e.count > 1 && spanMs >= 1000 ? round((e.count / spanMs) * 60_000, 2) : null },
    window: { start, end, marginS: marginMs / 1000 },
    around: {
      samples: samples.length,
      rssMB: rss.length ? { first: round(rss[0]!), last: round(rss[rss.length - 1]!), min: round(Math.min(...rss)), max: round(Math.max(...rss)) } : null,
      cpuPercent: cpu.length ? { avg: round(cpu.reduce((a, b) => a + b, 0) / cpu.length, 2), peak: round(Math.max(...cpu)) } : null,
      fds: fds.length ? { min: Math.min(...fds), max: Math.max(...fds) } : null,
      neighborChanges: changes,
      restarts,
    },
    restartsInSource: evidence.restarts.length,
    severity: severityFor(evidence, lost, restarts.length),
    asyncSpecific: verdict,
    environment: evidence.environment,
    reproduction: labCommandFor(evidence),
  };
}
