// Cumulative counters → increments since the last observation. The first value seen is a
// baseline, not news (a log read from its start already holds old tracebacks), and a counter
// that goes back (its source was reset) is a new baseline.

export class CounterDeltas {
  private readonly last = new Map<string, number>();

  /** Increments of `key` since its last value; 0 when unknown (null) or first seen. */
  delta(key: string, value: number | null): number {
    if (value === null || !Number.isFinite(value)) return 0;
    const before = this.last.get(key);
    this.last.set(key, value);
    return before === undefined || value < before ? 0 : value - before;
  }

  /** Forget keys starting with `prefix` that are not in `keep` (neighbors gone from the list). */
  forget(prefix: string, keep: ReadonlySet<string>): void {
    for (const key of this.last.keys()) if (key.startsWith(prefix) && !keep.has(key)) this.last.delete(key);
  }

  get size(): number {
    return this.last.size;
  }
}
