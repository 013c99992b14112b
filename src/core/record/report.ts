// What a recording says, computed in one pass with bounded memory (per-minute RSS medians,
// running sums, a latency histogram), whatever the recording's length.
import type { RecordedEvent, RecordedSample } from './format.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MB = 1024 * 1024;

export interface Report {
  span: { start: number; end: number; seconds: number } | null;
  samples: number;
  skipped: number;
  gaps: { from: number; seconds: number }[];
  restarts: number;
  /** Of those, announced beforehand (exatop's capture, the operator). */
  plannedRestarts: number;
  longestLifeS: number;
  /** The daemon life running at the end, and its uptime. */
  currentUptimeS: number | null;
  flaps: { total: number; byNeighbor: Record<string, number> };
  notifications: number;
  tracebacks: number;
  maxNeighbors: number;
  /** From the last sample whose poll was answered: a failed poll is no count, not 0/0. */
  establishedAtEnd: { established: number; total: number } | null;
  /** Samples that carried log counters: 0 means no log was read, so no log count is data. */
  logSamples: number;
  rss: {
    firstMB: number;
    lastMB: number;
    minMB: number;
    maxMB: number;
    slopeMBPerHour: number | null;
    /** Consecutive 24 h windows: median of the first hour vs the last hour of each. */
    windows: { start: number; end: number; firstHourMB: number; lastHourMB: number; growthPct: number }[];
  } | null;
  cpu: { avg: number; peak: number; lastHourAvg: number | null; lastHourWindow: { start: number; end: number } | null } | null;
  control: { p50Ms: number; p99Ms: number; polls: number; failed: number } | null;
  rssAt24h: { mb: number; bytes: number; t: number; uptimeS: number } | null;
  alerts: RecordedEvent[];
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export class ReportBuilder {
  private first: RecordedSample | null = null;
  private last: RecordedSample | null = null;
  private lastAnswered: RecordedSample | null = null;
  private logSamples = 0;
  private count = 0;
  private skippedLines = 0;
  private restarts = 0;
  private plannedRestarts = 0;
  private longestLife = 0;
  private flapsBy = new Map<string, number>();
  private notifications = 0;
  private tracebacks = 0;
  private maxNeighbors = 0;
  private gaps: Report['gaps'] = [];
  private alerts: RecordedEvent[] = [];
  // RSS: one median per minute (a month is 43,200 numbers), and sums for the regression.
  private minute: number | null = null;
  private minuteValues: number[] = [];
  private minutes: { t: number; mb: number }[] = [];
  private reg = { n: 0, sx: 0, sy: 0, sxy: 0, sxx: 0 };
  private rssMin = Infinity;
  private rssMax = -Infinity;
  private cpuSum = 0;
  private cpuCount = 0;
  private cpuPeak = 0;
  /** The last hour of CPU samples from `cpuHead` on; compacted now and then, not shifted. */
  private cpuRecent: { t: number; cpu: number }[] = [];
  private cpuHead = 0;
  private latency = new Array<number>(1002).fill(0);
  private polls = 0;
  private failedPolls = 0;
  private at24h: Report['rssAt24h'] = null;

  skipped(n: number): void {
    this.skippedLines += n;
  }

  event(e: RecordedEvent): void {
    if (e.kind === 'restart') this.restarts++;
    if (e.kind === 'restart' && e.detail['planned'] === true) this.plannedRestarts++;
    if (e.kind === 'notification') this.notifications += Number(e.detail['count'] ?? 1);
    if (e.kind === 'traceback') this.tracebacks += Number(e.detail['count'] ?? 1);
    if (e.kind === 'gap') this.gaps.push({ from: Number(e.detail['from'] ?? e.t), seconds: Number(e.detail['seconds'] ?? 0) });
    if (e.kind === 'alert' && this.alerts.length < 1000) this.alerts.push(e);
  }

  sample(s: RecordedSample): void {
    if (!this.first) this.first = s;
    this.last = s;
    this.count++;
    if (s.log !== null) this.logSamples++;
    // Flaps between two answered polls: a failed poll in between carries no neighbor list.
    const prev = this.lastAnswered;
    if (s.ctlok === true) this.lastAnswered = s;
    if (s.up !== null) this.longestLife = Math.max(this.longestLife, s.up);
    this.maxNeighbors = Math.max(this.maxNeighbors, s.nb.length);
    if (prev && s.ctlok === true) {
      const before = new Map(prev.nb.map((n) => [n.a, n.f]));
      for (const n of s.nb) {
        const p = before.get(n.a);
        if (p !== undefined && n.f > p) this.flapsBy.set(n.a, (this.flapsBy.get(n.a) ?? 0) + (n.f - p));
      }
    }
    if (s.rss !== null) this.addRss(s.t, s.rss / MB);
    if (s.rss !== null && s.up !== null && s.up * 1000 >= DAY && !this.at24h) this.at24h = { mb: s.rss / MB, bytes: s.rss, t: s.t, uptimeS: s.up };
    if (s.cpu !== null) {
      this.cpuSum += s.cpu;
      this.cpuCount++;
      this.cpuPeak = Math.max(this.cpuPeak, s.cpu);
      this.cpuRecent.push({ t: s.t, cpu: s.cpu });
      while (this.cpuHead < this.cpuRecent.length && this.cpuRecent[this.cpuHead]!.t < s.t - HOUR) this.cpuHead++;
      if (this.cpuHead > 4096) {
        this.cpuRecent = this.cpuRecent.slice(this.cpuHead);
        this.cpuHead = 0;
      }
    }
    if (s.ctlok !== null && s.pid !== null) {
      this.polls++;
      if (!s.ctlok) this.failedPolls++;
      else if (s.ctl !== null) this.latency[Math.min(1001, Math.max(0, Math.round(s.ctl)))]!++;
    }
  }

  private addRss(t: number, mb: number): void {
    this.rssMin = Math.min(this.rssMin, mb);
    this.rssMax = Math.max(this.rssMax, mb);
    const x = t / HOUR;
    this.reg.n++;
    this.reg.sx += x;
    this.reg.sy += mb;
    this.reg.sxy += x * mb;
    this.reg.sxx += x * x;
    const minute = Math.floor(t / 60_000);
    if (this.minute !== null && minute !== this.minute) this.flushMinute();
    this.minute = minute;
    this.minuteValues.push(mb);
  }

  private flushMinute(): void {
    if (this.minute !== null && this.minuteValues.length) this.minutes.push({ t: this.minute * 60_000, mb: median(this.minuteValues) });
    this.minuteValues = [];
  }

  private percentile(p: number): number {
    const total = this.latency.reduce((a, b) => a + b, 0);
    let seen = 0;
    for (let ms = 0; ms < this.latency.length; ms++) {
      seen += this.latency[ms]!;
      if (seen >= p * total) return ms;
    }
    return this.latency.length - 1;
  }

  private rssWindows(): NonNullable<Report['rss']>['windows'] {
    const windows: NonNullable<Report['rss']>['windows'] = [];
    if (this.minutes.length === 0) return windows;
    for (let start = this.minutes[0]!.t; start + DAY <= this.minutes[this.minutes.length - 1]!.t + 60_000; start += DAY) {
      const inRange = (from: number, to: number) => this.minutes.filter((m) => m.t >= from && m.t < to).map((m) => m.mb);
      const head = inRange(start, start + HOUR);
      const tail = inRange(start + DAY - HOUR, start + DAY);
      if (!head.length || !tail.length) continue;
      const firstHourMB = median(head);
      const lastHourMB = median(tail);
      windows.push({ start, end: start + DAY, firstHourMB, lastHourMB, growthPct: ((lastHourMB - firstHourMB) / firstHourMB) * 100 });
    }
    return windows;
  }

  result(): Report {
    this.flushMinute();
    const first = this.first;
    const last = this.last;
    const r = this.reg;
    const denominator = r.n * r.sxx - r.sx * r.sx;
    const recent = this.cpuRecent.slice(this.cpuHead);
    const lastHour = recent.length && last && first && last.t - first.t >= HOUR - 2000 ? recent : null;
    return {
      span: first && last ? { start: first.t, end: last.t, seconds: (last.t - first.t) / 1000 } : null,
      samples: this.count,
      skipped: this.skippedLines,
      gaps: this.gaps,
      restarts: this.restarts,
      plannedRestarts: this.plannedRestarts,
      longestLifeS: this.longestLife,
      currentUptimeS: last?.up ?? null,
      flaps: { total: [...this.flapsBy.values()].reduce((a, b) => a + b, 0), byNeighbor: Object.fromEntries(this.flapsBy) },
      notifications: this.notifications,
      tracebacks: this.tracebacks,
      maxNeighbors: this.maxNeighbors,
      establishedAtEnd: this.lastAnswered ? { established: this.lastAnswered.nb.filter((n) => n.e).length, total: this.lastAnswered.nb.length } : null,
      logSamples: this.logSamples,
      rss: r.n
        ? {
            firstMB: this.minutes[0]?.mb ?? this.rssMin,
            lastMB: this.minutes[this.minutes.length - 1]?.mb ?? this.rssMax,
            minMB: this.rssMin,
            maxMB: this.rssMax,
            slopeMBPerHour: r.n > 1 && denominator !== 0 ? (r.n * r.sxy - r.sx * r.sy) / denominator : null,
            windows: this.rssWindows(),
          }
        : null,
      cpu: this.cpuCount
        ? {
            avg: this.cpuSum / this.cpuCount,
            peak: this.cpuPeak,
            lastHourAvg: lastHour ? lastHour.reduce((a, b) => a + b.cpu, 0) / lastHour.length : null,
            lastHourWindow: lastHour ? { start: lastHour[0]!.t, end: lastHour[lastHour.length - 1]!.t } : null,
          }
        : null,
      control: this.polls ? { p50Ms: this.percentile(0.5), p99Ms: this.percentile(0.99), polls: this.polls, failed: this.failedPolls } : null,
      rssAt24h: this.at24h,
      alerts: this.alerts,
    };
  }
}
