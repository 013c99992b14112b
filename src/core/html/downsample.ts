// Streaming min/max downsampling: a series of any length kept in at most 2 × `buckets` buckets,
// each holding the lowest and the highest value of its time span with their times, so a peak
// or a dip that lasted one sample is still drawn. Buckets start 1 s wide and double (merging
// pairs) whenever there are too many; memory does not grow with the recording. A null value
// is a gap: it ends the bucket, and the line is not drawn across it.

export interface Bucket {
  /** Start of the bucket's span, epoch ms. */
  t0: number;
  /** Its first and last samples: the line starts and ends where the recording does, even flat. */
  firstT: number;
  first: number;
  lastT: number;
  last: number;
  minT: number;
  min: number;
  maxT: number;
  max: number;
  count: number;
  /** A gap (a null sample) follows this bucket: the line is broken after it. */
  gapAfter: boolean;
}

export class MinMaxSeries {
  private width = 1000;
  private readonly list: Bucket[] = [];
  private pendingGap = false;

  constructor(private readonly maxBuckets = 1200) {}

  add(t: number, value: number | null): void {
    if (value === null || !Number.isFinite(value)) {
      this.pendingGap = true;
      return;
    }
    const t0 = Math.floor(t / this.width) * this.width;
    const last = this.list[this.list.length - 1];
    if (this.pendingGap && last) last.gapAfter = true;
    if (last && last.t0 === t0 && !this.pendingGap) {
      if (value < last.min) [last.min, last.minT] = [value, t];
      if (value > last.max) [last.max, last.maxT] = [value, t];
      [last.last, last.lastT] = [value, t];
      last.count++;
    } else {
      this.list.push({ t0, firstT: t, first: value, lastT: t, last: value, minT: t, min: value, maxT: t, max: value, count: 1, gapAfter: false });
    }
    this.pendingGap = false;
    if (this.list.length > 2 * this.maxBuckets) this.coarsen();
  }

  private coarsen(): void {
    this.width *= 2;
    const merged: Bucket[] = [];
    for (const b of this.list) {
      const t0 = Math.floor(b.t0 / this.width) * this.width;
      const last = merged[merged.length - 1];
      if (last && last.t0 === t0 && !last.gapAfter) {
        if (b.min < last.min) [last.min, last.minT] = [b.min, b.minT];
        if (b.max > last.max) [last.max, last.maxT] = [b.max, b.maxT];
        [last.last, last.lastT] = [b.last, b.lastT];
        last.count += b.count;
        last.gapAfter = b.gapAfter;
      } else merged.push({ ...b, t0 });
    }
    this.list.splice(0, this.list.length, ...merged);
  }

  buckets(): readonly Bucket[] {
    return this.list;
  }

  /** How wide a bucket is now, in ms: the drawing's time resolution. */
  resolutionMs(): number {
    return this.width;
  }
}

/** The points to draw, in time order, split into runs where the series has gaps. */
export function polylines(buckets: readonly Bucket[]): { t: number; v: number }[][] {
  const runs: { t: number; v: number }[][] = [];
  let run: { t: number; v: number }[] = [];
  for (const b of buckets) {
    // first, lowest, highest and last, in time order, each time once
    const points = [{ t: b.firstT, v: b.first }, { t: b.minT, v: b.min }, { t: b.maxT, v: b.max }, { t: b.lastT, v: b.last }].sort((x, y) => x.t - y.t);
    for (const p of points) if (run.at(-1)?.t !== p.t) run.push(p);
    if (b.gapAfter) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length) runs.push(run);
  return runs;
}
