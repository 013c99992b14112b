// The alert engine: pure. Observations carry the time; nothing here reads a clock or does I/O.
import { AlertBook } from './book.js';
import { RULE_NAMES, type AlertConfig, type RuleName } from './config.js';
import { CounterDeltas } from './counters.js';
import { RssHistory, type GrowthReading } from './rss-history.js';
import { RULES, type Deltas, type RuleInput } from './rules.js';
import { RuleTracker } from './tracker.js';
import type { Alert, Observation } from './types.js';

export const DEFAULT_MAX_EVENTS = 1000;

export interface AlertFootprint {
  events: number;
  active: number;
  /** Alerts started or ended and not yet taken. */
  fresh: number;
  /** Subjects pending or firing, over all rules. */
  watched: number;
  /** Counter baselines (four daemon-wide, one per neighbor). */
  counters: number;
  rssMinutes: number;
  rssMinuteCapacity: number;
  rssCurrentSamples: number;
}

export class AlertEngine {
  private readonly book: AlertBook;
  private readonly counters = new CounterDeltas();
  private readonly rss: RssHistory | null;
  private readonly trackers: { name: RuleName; tracker: RuleTracker }[];
  private lastT = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly config: AlertConfig,
    options: { maxEvents?: number } = {},
  ) {
    this.book = new AlertBook(options.maxEvents ?? DEFAULT_MAX_EVENTS);
    const growth = config.rules['rss-growth'];
    this.rss = growth.enabled ? new RssHistory(growth.spanMs, growth.windowMs) : null;
    this.trackers = RULE_NAMES.filter((name) => config.rules[name].enabled).map((name) => ({
      name,
      tracker: new RuleTracker(name, config.rules[name].minDurationMs, this.book),
    }));
  }

  observe(o: Observation): void {
    // Time never goes back: a late observation would reopen what a later one closed.
    if (!Number.isFinite(o.t) || o.t < this.lastT) return;
    this.lastT = o.t;
    const d = this.deltas(o);
    if (this.rss) {
      if (d.lives > 0) this.rss.clear();
      this.rss.add(o.t, o.daemonUp ? o.rssBytes : null);
    }
    const input: RuleInput = { o, d, growth: this.rssGrowth() };
    for (const { name, tracker } of this.trackers) this.run(name, tracker, input);
  }

  active(): Alert[] {
    return this.book.active();
  }

  /** Every alert fired, newest last, the oldest dropped beyond maxEvents. */
  events(): Alert[] {
    return this.book.events();
  }

  /** Alerts started or ended since the last call (an alert both started and ended appears once, ended). */
  takeNew(): Alert[] {
    return this.book.takeNew();
  }

  /** Where RSS growth stands, including "not enough data" while the span is not covered. */
  rssGrowth(): GrowthReading {
    return this.rss ? this.rss.growth() : { ready: false, message: 'rss-growth is disabled' };
  }

  /** Sizes of everything the engine keeps, to show it stays bounded. */
  footprint(): AlertFootprint {
    const rss = this.rss?.footprint() ?? { minutes: 0, minuteCapacity: 0, currentSamples: 0 };
    return {
      ...this.book.footprint(),
      watched: this.trackers.reduce((sum, { tracker }) => sum + tracker.size, 0),
      counters: this.counters.size,
      rssMinutes: rss.minutes,
      rssMinuteCapacity: rss.minuteCapacity,
      rssCurrentSamples: rss.currentSamples,
    };
  }

  private run<N extends RuleName>(name: N, tracker: RuleTracker, input: RuleInput): void {
    const signals = RULES[name](input, this.config.rules[name]);
    tracker.step(input.o.t, signals.conditions, signals.hits);
  }

  private deltas(o: Observation): Deltas {
    const c = this.counters;
    const flaps = new Map<string, number>();
    const present = new Set<string>();
    for (const n of o.neighbors) {
      const key = `flap:${n.address}`;
      present.add(key);
      const increments = c.delta(key, n.flaps);
      if (increments > 0) flaps.set(n.address, increments);
    }
    c.forget('flap:', present);
    return {
      restarts: c.delta('restarts', o.restarts - o.plannedRestarts),
      lives: c.delta('lives', o.restarts),
      tracebacks: c.delta('tracebacks', o.logs?.tracebacks ?? null),
      notifications: c.delta('notifications', o.logs?.notifications ?? null),
      timeouts: c.delta('timeouts', o.control.timeouts),
      flaps,
    };
  }
}
