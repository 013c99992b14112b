// The glances-style life of one rule's alerts: a condition must hold for minDurationMs before
// its alert fires, and counter increments close together are merged into one alert.
import type { AlertLevel, RuleName } from './config.js';
import type { AlertBook } from './book.js';
import type { Alert } from './types.js';

/** Something that holds while it lasts: a neighbor down, CPU over its bound. */
export interface Condition {
  /** Tells this rule's subjects apart ('' for a rule with one subject); the alert id is `rule:key`. */
  key: string;
  subject: string | null;
  level: AlertLevel;
  /** Tracked for the alert's peak; 'duration' tracks how long it has held, in seconds. */
  value: number | null | 'duration';
  /** When it began, if the source knows better than "the first observation that saw it". */
  since?: number | null;
  message: (onset: number, t: number, peak: number | null) => string;
}

/** A counter went up: increments of one key are merged until quietMs pass without a new one. */
export interface Hit {
  key: string;
  subject: string | null;
  level: AlertLevel;
  increments: number;
  quietMs: number;
  message: (count: number, start: number, last: number) => string;
}

interface Holding {
  onset: number;
  peak: number | null;
  level: AlertLevel;
  alert: Alert | null;
}

interface Burst {
  start: number;
  last: number;
  count: number;
  hit: Hit;
  alert: Alert | null;
}

export class RuleTracker {
  private readonly holding = new Map<string, Holding>();
  private readonly bursts = new Map<string, Burst>();

  constructor(
    private readonly rule: RuleName,
    private readonly minDurationMs: number,
    private readonly book: AlertBook,
  ) {}

  step(t: number, conditions: readonly Condition[], hits: readonly Hit[]): void {
    this.stepConditions(t, conditions);
    this.stepBursts(t, hits);
  }

  /** Subjects being watched (pending or firing): bounded by the subjects of the last observation. */
  get size(): number {
    return this.holding.size + this.bursts.size;
  }

  private stepConditions(t: number, conditions: readonly Condition[]): void {
    const seen = new Set<string>();
    for (const c of conditions) {
      seen.add(c.key);
      let h = this.holding.get(c.key);
      if (!h) {
        h = { onset: Math.min(c.since ?? t, t), peak: null, level: c.level, alert: null };
        this.holding.set(c.key, h);
      }
      h.peak = maxOf(h.peak, c.value === 'duration' ? (t - h.onset) / 1000 : c.value);
      h.level = higher(h.level, c.level);
      if (!h.alert && t - h.onset >= this.minDurationMs) h.alert = this.open(c.key, c.subject, h.onset, h.level);
      if (h.alert) {
        h.alert.level = h.level;
        h.alert.peak = h.peak;
        h.alert.message = c.message(h.onset, t, h.peak);
      }
    }
    for (const [key, h] of this.holding) {
      if (seen.has(key)) continue;
      if (h.alert) this.book.close(h.alert, t);
      this.holding.delete(key);
    }
  }

  private stepBursts(t: number, hits: readonly Hit[]): void {
    for (const hit of hits) {
      if (hit.increments <= 0) continue;
      let b = this.bursts.get(hit.key);
      if (b && t - b.last > b.hit.quietMs) b = this.finish(hit.key, b);
      if (!b) {
        b = { start: t, last: t, count: 0, hit, alert: null };
        this.bursts.set(hit.key, b);
      }
      b.count += hit.increments;
      b.last = t;
      b.hit = hit;
    }
    for (const [key, b] of this.bursts) {
      if (!b.alert && t - b.start >= this.minDurationMs) b.alert = this.open(key, b.hit.subject, b.start, b.hit.level);
      if (b.alert) {
        b.alert.count = b.count;
        b.alert.message = b.hit.message(b.count, b.start, b.last);
      }
      if (t - b.last >= b.hit.quietMs) this.finish(key, b);
    }
  }

  /** Ends a burst at the moment it went quiet, which may be before `t` when samples are sparse. */
  private finish(key: string, b: Burst): undefined {
    if (b.alert) this.book.close(b.alert, b.last + b.hit.quietMs);
    this.bursts.delete(key);
    return undefined;
  }

  private open(key: string, subject: string | null, start: number, level: AlertLevel): Alert {
    const id = key ? `${this.rule}:${key}` : this.rule;
    return this.book.open({ id, rule: this.rule, level, subject, message: '', start, end: null, peak: null, count: 1 });
  }
}

function maxOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

const higher = (a: AlertLevel, b: AlertLevel): AlertLevel => (a === 'critical' || b === 'critical' ? 'critical' : 'warning');
