// RSS over the growth span in bounded memory: one median per minute (a ring of spanMinutes
// values), and the current minute's samples until it closes. Growth compares the median of the
// minute medians in the span's first window with that of its last window, so neither noise nor a
// spike moves it the way comparing two samples would.
import { formatBytes } from '../format.js';

const MINUTE = 60_000;
/** Samples kept for the minute in progress: 10 per second; faster sampling keeps the first ones. */
export const MAX_SAMPLES_PER_MINUTE = 600;

export interface WindowMedian {
  /** Epoch ms, start inclusive, end exclusive. */
  from: number;
  to: number;
  medianBytes: number;
}

export type GrowthReading =
  | { ready: false; message: string }
  | { ready: true; percent: number; early: WindowMedian; late: WindowMedian; message: string };

export class RssHistory {
  private readonly minutes: Float64Array;
  /** Minute number (epoch minutes) of the newest closed minute. */
  private newest: number | null = null;
  private count = 0;
  private currentMinute: number | null = null;
  private current: number[] = [];
  private reading: GrowthReading;

  constructor(
    private readonly spanMs: number,
    private readonly windowMs: number,
  ) {
    this.minutes = new Float64Array(Math.round(spanMs / MINUTE));
    this.reading = this.notReady();
  }

  /** The growth as of the last closed minute. */
  growth(): GrowthReading {
    return this.reading;
  }

  add(t: number, rssBytes: number | null): void {
    const minute = Math.floor(t / MINUTE);
    if (this.currentMinute !== null && minute > this.currentMinute) {
      this.close(this.currentMinute, median(this.current));
      this.current = [];
      this.reading = this.evaluate();
    }
    this.currentMinute = minute;
    if (rssBytes !== null && Number.isFinite(rssBytes) && this.current.length < MAX_SAMPLES_PER_MINUTE) this.current.push(rssBytes);
  }

  /** A new daemon life: its memory is not comparable with the last one's. */
  clear(): void {
    this.newest = null;
    this.count = 0;
    this.currentMinute = null;
    this.current = [];
    this.reading = this.notReady();
  }

  footprint(): { minutes: number; minuteCapacity: number; currentSamples: number } {
    return { minutes: this.count, minuteCapacity: this.minutes.length, currentSamples: this.current.length };
  }

  private close(minute: number, value: number): void {
    const capacity = this.minutes.length;
    if (this.newest !== null && minute - this.newest > 1) {
      const gap = Math.min(minute - this.newest - 1, capacity);
      for (let i = 1; i <= gap; i++) this.minutes[(minute - i) % capacity] = Number.NaN;
      this.count = Math.min(capacity, this.count + minute - this.newest - 1);
    }
    this.minutes[minute % capacity] = value;
    this.newest = minute;
    this.count = Math.min(capacity, this.count + 1);
  }

  private at(minute: number): number {
    if (this.newest === null || minute > this.newest || minute <= this.newest - this.count) return Number.NaN;
    return this.minutes[minute % this.minutes.length] ?? Number.NaN;
  }

  private evaluate(): GrowthReading {
    const span = this.minutes.length;
    if (this.newest === null || this.count < span) return this.notReady();
    const w = Math.round(this.windowMs / MINUTE);
    const first = this.newest - span + 1;
    const early = this.window(first, w);
    const late = this.window(this.newest - w + 1, w);
    if (!early || !late) return { ready: false, message: `not enough RSS data: under half of the ${spanText(this.windowMs)} windows at either end of the ${spanText(this.spanMs)} span` };
    const percent = ((late.medianBytes - early.medianBytes) / early.medianBytes) * 100;
    const message =
      `RSS ${percent >= 0 ? 'grew' : 'shrank'} ${Math.abs(percent).toFixed(1)}% over ${spanText(this.spanMs)}: ` +
      `median ${formatBytes(early.medianBytes)} in the first ${spanText(this.windowMs)} (${range(early)}) → ` +
      `median ${formatBytes(late.medianBytes)} in the last ${spanText(this.windowMs)} (${range(late)})`;
    return { ready: true, percent, early, late, message };
  }

  /** Median of the minute medians in [firstMinute, firstMinute + minutes); null under half covered. */
  private window(firstMinute: number, minutes: number): WindowMedian | null {
    const values: number[] = [];
    for (let m = firstMinute; m < firstMinute + minutes; m++) {
      const v = this.at(m);
      if (!Number.isNaN(v)) values.push(v);
    }
    if (values.length * 2 < minutes) return null;
    return { from: firstMinute * MINUTE, to: (firstMinute + minutes) * MINUTE, medianBytes: median(values) };
  }

  private notReady(): GrowthReading {
    const have = this.count * MINUTE;
    return { ready: false, message: `not enough RSS data: ${spanText(have)} of the ${spanText(this.spanMs)} span` };
  }
}

/** Median of the values; NaN for none. Sorts its argument. */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

/** 86_400_000 → "24 h", 300_000 → "5 min", 30_000 → "30 s". */
export function spanText(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms >= MINUTE && ms % MINUTE === 0) return `${ms / MINUTE} min`;
  if (ms >= MINUTE) return `${(ms / MINUTE).toFixed(1)} min`;
  return `${Math.round(ms / 1000)} s`;
}

/** "2026-11-23 14:00Z–15:00Z" (the date repeated only when it changes). */
function range(w: WindowMedian): string {
  const a = stamp(w.from);
  const b = stamp(w.to);
  return `${a}–${a.slice(0, 10) === b.slice(0, 10) ? b.slice(11) : b}`;
}

function stamp(t: number): string {
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')}Z`;
}
