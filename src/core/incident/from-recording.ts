// Evidence from a recording, read in two passes: the first gathers the log entries, lives,
// restarts, neighbor changes and load; the second, once the entry is chosen, the samples around it.
import type { RecordedEvent, RecordedLife, RecordedLogEntry, RecordedNeighbor, RecordedSample } from '../record/format.js';
import type { BaselineRecording } from './async-specific.js';
import type { EnvironmentFacts } from './environment.js';
import type { Evidence, EvidenceSample, IncidentEntry, NeighborChange } from './evidence.js';
import { incidentKindOf } from './pick.js';

/** Samples further apart than this are not counted as covered time (a gap, a stopped recorder). */
const MAX_STEP_MS = 10_000;

export interface GroupedEntry {
  class: RecordedLogEntry['class'];
  signature: string;
  summary: string;
  first: number;
  last: number;
  count: number;
  neighbors: string[];
  lines: string[];
  exception: RecordedLogEntry['exception'] | null;
}

export class RecordingScan {
  private entries = new Map<string, RecordedLogEntry>();
  private lives: { t: number; life: RecordedLife }[] = [];
  readonly restarts: { t: number; pid: number | null }[] = [];
  readonly changes: NeighborChange[] = [];
  private prev: RecordedSample | null = null;
  first: number | null = null;
  last: RecordedSample | null = null;
  private maxNeighbors = 0;
  private updates = 0;
  private updateSpanMs = 0;
  private flaps = 0;
  private generatorMs = 0;
  private otherMs = 0;
  private countedTracebacks = 0;

  event(e: RecordedEvent): void {
    if (e.kind === 'log') {
      const d = e.detail as unknown as RecordedLogEntry;
      const key = `${d.session}:${d.id}`;
      const seen = this.entries.get(key);
      this.entries.set(key, seen ? { ...seen, count: Math.max(seen.count, d.count), last: Math.max(seen.last, d.last) } : d);
    } else if (e.kind === 'life') this.lives.push({ t: e.t, life: e.detail as unknown as RecordedLife });
    else if (e.kind === 'restart') this.restarts.push({ t: e.t, pid: typeof e.detail['pid'] === 'number' ? e.detail['pid'] : null });
    else if (e.kind === 'traceback') this.countedTracebacks += Number(e.detail['count'] ?? 1);
  }

  sample(s: RecordedSample): void {
    this.first ??= s.t;
    const prev = this.prev;
    this.prev = s;
    this.last = s;
    this.maxNeighbors = Math.max(this.maxNeighbors, s.nb.length);
    if (!prev) return;
    const step = s.t - prev.t;
    if (step <= MAX_STEP_MS && s.pid !== null) {
      if (s.rx === 'generator' && s.log !== null) this.generatorMs += step;
      else this.otherMs += step;
    }
    if (prev.pid === null || s.pid === null || prev.pid !== s.pid) return;
    const before = new Map<string, RecordedNeighbor>(prev.nb.map((n) => [n.a, n]));
    let counted = false;
    for (const n of s.nb) {
      const p = before.get(n.a);
      if (!p) continue;
      if (p.s !== n.s && (p.e || n.e)) this.changes.push({ t: s.t, address: n.a, from: p.s, to: n.s });
      else if (n.f > p.f && n.e) this.changes.push({ t: s.t, address: n.a, from: 'ESTABLISHED', to: 'reset (down and up again between two samples)' });
      if (n.f > p.f) this.flaps += n.f - p.f;
      if (n.uo !== null && p.uo !== null) {
        this.updates += n.uo >= p.uo ? n.uo - p.uo : n.uo;
        counted = true;
      }
    }
    if (counted && step <= MAX_STEP_MS) this.updateSpanMs += step;
  }

  /** Entries of one kind of fault, one per signature, over the whole recording. */
  grouped(): GroupedEntry[] {
    const groups = new Map<string, GroupedEntry>();
    for (const e of this.entries.values()) {
      const key = `${e.class}\u0001${e.signature}`;
      const g = groups.get(key);
      if (!g) {
        groups.set(key, { class: e.class, signature: e.signature, summary: e.summary, first: e.first, last: e.last, count: e.count, neighbors: e.neighbor ? [e.neighbor] : [], lines: e.lines ?? [], exception: e.exception ?? null });
        continue;
      }
      g.first = Math.min(g.first, e.first);
      g.count += e.count;
      if (e.neighbor && !g.neighbors.includes(e.neighbor)) g.neighbors.push(e.neighbor);
      if (e.last >= g.last) {
        g.last = e.last;
        g.summary = e.summary;
        if (e.lines?.length) g.lines = e.lines;
      }
    }
    return [...groups.values()];
  }

  /** Tracebacks counted in the recording without their text (recorded by exatop before version 2). */
  unsignedTracebacks(): number {
    const signed = [...this.entries.values()].filter((e) => e.class === 'traceback').reduce((n, e) => n + e.count, 0);
    return Math.max(0, this.countedTracebacks - signed);
  }

  asBaseline(file: string): BaselineRecording {
    const signatures = new Set([...this.entries.values()].filter((e) => e.class === 'traceback').map((e) => e.signature));
    return { file, generatorHours: this.generatorMs / 3_600_000, otherHours: this.otherMs / 3_600_000, signatures, unsigned: this.unsignedTracebacks() };
  }

  /** The daemon life the entry happened in: the last life event before it, else the first. */
  lifeAt(t: number): RecordedLife | null {
    let found: RecordedLife | null = null;
    for (const l of this.lives) if (l.t <= t + 5000) found = l.life;
    return found ?? this.lives[0]?.life ?? null;
  }

  environmentAt(t: number): EnvironmentFacts {
    const life = this.lifeAt(t);
    const last = this.last;
    const missing = (what: string) => ({ value: null, source: `${what} not in the recording (no life event: recorded by exatop before recording version 2)` });
    const established = last ? last.nb.filter((n) => n.e).length : null;
    const peers = {
      configured: life?.configured ?? null,
      established,
      source: `${life?.configured != null ? `neighbors in ${life.config ?? 'the configuration'}` : 'configured count not recorded'}; established at the end of the recording (${this.maxNeighbors} neighbors seen)`,
    };
    if (!life) {
      return {
        python: missing('the interpreter'),
        exabgpVersion: last?.ver ? { value: last.ver, source: 'the recording\'s samples' } : missing('the version'),
        exabgpCommit: missing('the commit'),
        os: missing('the OS'),
        reactor: { mode: last?.rx === 'generator' || last?.rx === 'asyncio' ? last.rx : 'unknown', source: 'the recording\'s samples (how it was derived was not recorded)' },
        peers,
      };
    }
    return {
      python: { value: life.python, source: life.pythonSource },
      exabgpVersion: { value: life.version, source: life.versionSource },
      exabgpCommit: { value: life.commit, source: life.commitSource },
      os: { value: life.os, source: life.osSource },
      reactor: { mode: life.reactor, source: life.reactorSource },
      peers,
    };
  }

  evidence(file: string, g: GroupedEntry, samples: EvidenceSample[]): Evidence {
    const kind = incidentKindOf(g)!;
    const neighbors = [...g.neighbors];
    if (kind === 'flap') for (const c of this.changes) if (c.t >= g.first - 60_000 && c.t <= g.last + 60_000 && !neighbors.includes(c.address)) neighbors.push(c.address);
    const entry: IncidentEntry = {
      kind, summary: g.summary, lines: g.lines.length ? g.lines : [g.summary], first: g.first, last: g.last, count: g.count, neighbors,
      exception: g.exception ?? null, signature: g.signature, timing: 'as recorded: the log lines\' own time, or when exatop read them',
    };
    const start = this.first ?? g.first;
    const end = this.last?.t ?? g.last;
    return {
      source: 'recording',
      from: file,
      entry,
      environment: this.environmentAt(g.first),
      samples,
      neighborChanges: this.changes,
      restarts: this.restarts,
      span: { start, end },
      daemonAtEnd: this.last?.pid != null,
      load: {
        neighbors: this.maxNeighbors,
        updatesPerSecond: this.updateSpanMs > 0 ? this.updates / (this.updateSpanMs / 1000) : null,
        flaps: this.flaps,
        version: this.lifeAt(g.first)?.version ?? this.last?.ver ?? null,
      },
    };
  }
}

export function evidenceSampleOf(s: RecordedSample): EvidenceSample {
  return { t: s.t, pid: s.pid, rss: s.rss, cpu: s.cpu, fds: s.fds };
}
