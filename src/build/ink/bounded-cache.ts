/**
 * A memo table that forgets: two generations of at most `limit` entries each. A hit in the old
 * generation moves the entry to the new one; when the new one is full the old is dropped. So
 * the strings a frame keeps drawing stay cached, and the ones that changed (a counter, a clock,
 * a sparkline) are released within two generations instead of being kept for the process's
 * life, as Ink 6's own caches do (vadimdemedes/ink#986, fixed only in Ink 7).
 */
export class BoundedCache<V> {
  private current = new Map<string, V>();
  private previous = new Map<string, V>();

  constructor(private readonly limit = 4096) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`cache limit must be a positive integer, got ${limit}`);
  }

  get(key: string): V | undefined {
    const hit = this.current.get(key);
    if (hit !== undefined) return hit;
    const old = this.previous.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: string, value: V): this {
    if (this.current.size >= this.limit && !this.current.has(key)) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, value);
    return this;
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }
}
