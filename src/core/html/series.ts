// What the HTML report draws, collected in one pass over a recording beside ReportBuilder:
// RSS and CPU as min/max series, CPU averaged per hour, each neighbor's state over time, and
// the events to mark (restarts, flaps, alerts). Bounded: series and timelines are bucketed.
import type { RecordedEvent, RecordedSample } from '../record/format.js';
import { MinMaxSeries } from './downsample.js';

export type TimelineState = 'established' | 'down' | 'unknown';

/** One neighbor's state as runs of equal state (short ones merged into the worse state). */
export interface Timeline {
  address: string;
  runs: { from: number; to: number; state: TimelineState }[];
}

export interface Mark {
  t: number;
  kind: 'restart' | 'flap' | 'alert' | 'gap' | 'lost';
  label: string;
  subject: string | null;
}

export interface HourAverage {
  start: number;
  end: number;
  avg: number;
  samples: number;
}

export interface ReportSeries {
  start: number | null;
  end: number | null;
  rss: MinMaxSeries;
  cpu: MinMaxSeries;
  cpuHours: HourAverage[];
  timelines: Timeline[];
  marks: Mark[];
  marksDropped: number;
}

const HOUR_MS = 3_600_000;
const MAX_MARKS = 2000;
const MAX_RUNS_PER_NEIGHBOR = 800;
const WORSE: Record<TimelineState, number> = { established: 0, unknown: 1, down: 2 };

export class SeriesBuilder {
  private start: number | null = null;
  private end: number | null = null;
  private readonly rss = new MinMaxSeries();
  private readonly cpu = new MinMaxSeries();
  private readonly hours: HourAverage[] = [];
  private hour: { start: number; sum: number; n: number } | null = null;
  private readonly timelines = new Map<string, Timeline>();
  private readonly marks: Mark[] = [];
  private dropped = 0;

  sample(s: RecordedSample): void {
    this.start ??= s.t;
    this.end = s.t;
    this.rss.add(s.t, s.rss);
    this.cpu.add(s.t, s.cpu);
    this.cpuHour(s.t, s.cpu);
    const seen = new Set<string>();
    for (const n of s.nb) {
      seen.add(n.a);
      this.extend(n.a, s.t, n.e ? 'established' : 'down');
    }
    // A neighbor not in this sample (no daemon, no answer) is unknown then, not up or down.
    for (const [address] of this.timelines) if (!seen.has(address)) this.extend(address, s.t, 'unknown');
  }

  event(e: RecordedEvent): void {
    if (e.kind !== 'restart' && e.kind !== 'flap' && e.kind !== 'alert' && e.kind !== 'gap' && e.kind !== 'lost') return;
    if (this.marks.length >= MAX_MARKS) {
      this.dropped++;
      return;
    }
    const d = e.detail;
    const text = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : typeof d[k] === 'number' ? String(d[k]) : null);
    const subject = text('neighbor') ?? text('address') ?? text('subject');
    const label = e.kind === 'alert' ? [text('rule'), text('message')].filter(Boolean).join(': ') : e.kind === 'restart' ? `restart: pid ${text('pid') ?? '?'}` : e.kind;
    this.marks.push({ t: e.t, kind: e.kind, label, subject });
  }

  private cpuHour(t: number, cpu: number | null): void {
    if (this.hour && t - this.hour.start >= HOUR_MS) {
      if (this.hour.n > 0) this.hours.push({ start: this.hour.start, end: this.hour.start + HOUR_MS, avg: this.hour.sum / this.hour.n, samples: this.hour.n });
      this.hour = null;
    }
    this.hour ??= { start: t, sum: 0, n: 0 };
    if (cpu !== null) {
      this.hour.sum += cpu;
      this.hour.n++;
    }
  }

  private extend(address: string, t: number, state: TimelineState): void {
    let line = this.timelines.get(address);
    if (!line) {
      line = { address, runs: [] };
      this.timelines.set(address, line);
    }
    const last = line.runs[line.runs.length - 1];
    if (last && last.state === state) last.to = t;
    else {
      if (last) last.to = t;
      line.runs.push({ from: t, to: t, state });
    }
    if (line.runs.length > MAX_RUNS_PER_NEIGHBOR) line.runs = mergeShortest(line.runs);
  }

  result(): ReportSeries {
    const hours = [...this.hours];
    // The last, partial hour is drawn too, with its own length: it says so by its width.
    if (this.hour && this.hour.n > 0 && this.end !== null) hours.push({ start: this.hour.start, end: this.end, avg: this.hour.sum / this.hour.n, samples: this.hour.n });
    return {
      start: this.start, end: this.end, rss: this.rss, cpu: this.cpu, cpuHours: hours,
      timelines: [...this.timelines.values()].sort((a, b) => a.address.localeCompare(b.address)),
      marks: this.marks, marksDropped: this.dropped,
    };
  }
}

/** Halves a timeline: each pair of neighbouring runs becomes one, of the worse state. */
function mergeShortest(runs: Timeline['runs']): Timeline['runs'] {
  const out: Timeline['runs'] = [];
  for (let i = 0; i < runs.length; i += 2) {
    const a = runs[i]!;
    const b = runs[i + 1];
    const run = b ? { from: a.from, to: b.to, state: WORSE[b.state] > WORSE[a.state] ? b.state : a.state } : { ...a };
    const last = out[out.length - 1];
    if (last && last.state === run.state) last.to = run.to;
    else out.push(run);
  }
  return out;
}
