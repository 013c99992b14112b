// A fixed-capacity ring of numbers: memory is allocated once, so a monitor left running for
// weeks holds the same number of samples on its last day as on its first. NaN marks a gap.

export class Ring {
  private readonly values: Float64Array;
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
    this.values = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  push(value: number): void {
    const end = (this.start + this.count) % this.capacity;
    this.values[end] = value;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  pushGap(): void {
    this.push(Number.NaN);
  }

  /** i-th value from the oldest (0) to the newest (length - 1). */
  at(i: number): number {
    if (i < 0 || i >= this.count) return Number.NaN;
    return this.values[(this.start + i) % this.capacity] ?? Number.NaN;
  }

  last(): number {
    return this.at(this.count - 1);
  }

  /** The newest n values, oldest first. */
  tail(n: number): number[] {
    const take = Math.max(0, Math.min(n, this.count));
    const out = new Array<number>(take);
    for (let i = 0; i < take; i++) out[i] = this.at(this.count - take + i);
    return out;
  }

  toArray(): number[] {
    return this.tail(this.count);
  }
}
