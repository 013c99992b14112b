// The alert engine on a fake clock: the clock is the `t` each observation carries.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AlertEngine, alertConfigSchema, DEFAULT_ALERT_CONFIG, RULE_NAMES,
  type Alert, type AlertConfig, type Observation, type RuleName,
} from '../../src/core/alerts/index.js';
import { captureLines } from '../support/log-captures.js';

const T0 = Date.UTC(2026, 10, 23, 0, 0, 0);
const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;
const MiB = 1024 * 1024;

/** A healthy attached daemon; `over` changes what the test is about. */
function obs(t: number, over: Partial<Observation> = {}): Observation {
  return {
    t,
    daemonUp: true,
    restarts: 0,
    plannedRestarts: 0,
    rssBytes: 40 * MiB,
    cpuPercent: 2,
    fds: 17,
    fdLimit: 1024,
    neighbors: [],
    control: { ok: true, latencyMs: 3, timeouts: 0, missing: null },
    logs: { tracebacks: 0, notifications: 0 },
    ...over,
  };
}

type RuleSettings = Record<string, unknown>;

/** An engine with only the given rules enabled (their other settings default). */
function engineWith(rules: Partial<Record<RuleName, RuleSettings>>, options?: { maxEvents?: number }): AlertEngine {
  const all = Object.fromEntries(RULE_NAMES.map((name) => [name, { enabled: false }])) as Record<string, RuleSettings>;
  for (const [name, settings] of Object.entries(rules)) all[name] = { ...settings, enabled: true };
  const config: AlertConfig = alertConfigSchema.parse({ rules: all });
  return new AlertEngine(config, options);
}

const of = (engine: AlertEngine, rule: RuleName): Alert[] => engine.events().filter((a) => a.rule === rule);

/** Deterministic noise in [-1, 1) (mulberry32), so a failure replays. */
function noise(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return (((x ^ (x >>> 14)) >>> 0) / 2 ** 32) * 2 - 1;
  };
}

/** Feeds one observation a second over [from, to) with RSS from `rss(t)`. */
function feedRss(engine: AlertEngine, from: number, to: number, rss: (t: number) => number, step = S): void {
  for (let t = from; t < to; t += step) engine.observe(obs(t, { rssBytes: rss(t) }));
}

describe('rss-growth', () => {
  const BASE = 40 * MiB;

  it('±3% noise around a flat line never fires over 48 h, and the comparison did run', () => {
    const engine = engineWith({ 'rss-growth': {} });
    const r = noise(1);
    feedRss(engine, T0, T0 + 48 * HOUR, () => BASE * (1 + 0.03 * r()));
    expect(of(engine, 'rss-growth')).toEqual([]);
    const reading = engine.rssGrowth();
    expect(reading.ready).toBe(true);
    if (reading.ready) expect(Math.abs(reading.percent)).toBeLessThan(1);
  });

  it('±8% noise never fires either, though two single samples 24 h apart differ by more than 10%', () => {
    const engine = engineWith({ 'rss-growth': {} });
    const r = noise(2);
    const values: number[] = [];
    feedRss(engine, T0, T0 + 48 * HOUR, () => {
      const v = BASE * (1 + 0.08 * r());
      values.push(v);
      return v;
    });
    expect(of(engine, 'rss-growth')).toEqual([]);
    // What a two-sample comparison would have seen: it would have fired.
    const worst = Math.max(...values.slice(86_400).map((v, i) => v / values[i]!));
    expect(worst).toBeGreaterThan(1.1);
  });

  it('a steady 15% rise over 24 h (with ±3% noise) fires once the span is covered, naming both windows', () => {
    const engine = engineWith({ 'rss-growth': {} });
    const r = noise(3);
    const rising = (t: number) => BASE * (1 + (0.15 * (t - T0)) / (24 * HOUR)) * (1 + 0.03 * r());
    feedRss(engine, T0, T0 + 24 * HOUR, rising);
    expect(of(engine, 'rss-growth')).toEqual([]);
    const early = engine.rssGrowth();
    expect(early.ready).toBe(false);
    expect(early.message).toBe('not enough RSS data: 1439 min of the 24 h span');

    feedRss(engine, T0 + 24 * HOUR, T0 + 24 * HOUR + 10 * MIN, rising);
    const [alert, ...more] = of(engine, 'rss-growth');
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ id: 'rss-growth', level: 'warning', subject: null, start: T0 + 24 * HOUR, end: null, count: 1 });
    // Medians of the first and last hour: ≈ 0.3% and ≈ 14.7% above BASE.
    expect(alert!.peak).toBeGreaterThan(13.5);
    expect(alert!.peak).toBeLessThan(15);
    expect(alert!.message).toMatch(/^RSS grew 1\d\.\d% over 24 h: /);
    // The message follows the latest comparison: at 00:10 on day 2, the hours ending 01:09 and 00:09.
    expect(alert!.message).toContain('in the first 1 h (2026-11-23 00:09Z–01:09Z)');
    expect(alert!.message).toContain('in the last 1 h (2026-11-23 23:09Z–2026-11-24 00:09Z)');
    expect(alert!.message).toContain('bound 10%');
    expect(engine.active().map((a) => a.id)).toEqual(['rss-growth']);
  });

  it('a single spike, and a 10-minute one, in the latest hour do not fire', () => {
    const engine = engineWith({ 'rss-growth': {} });
    const spikeAt = T0 + 24 * HOUR + 30 * MIN;
    feedRss(engine, T0, T0 + 25 * HOUR, (t) => (t === spikeAt ? BASE * 3 : BASE));
    feedRss(engine, T0 + 25 * HOUR, T0 + 26 * HOUR, (t) => (t < T0 + 25 * HOUR + 10 * MIN ? BASE * 1.5 : BASE));
    expect(of(engine, 'rss-growth')).toEqual([]);
    expect(engine.rssGrowth()).toMatchObject({ ready: true, percent: 0 });
  });

  it('a 50% rise within 12 h does not fire before 24 h of data exist', () => {
    const engine = engineWith({ 'rss-growth': {} });
    feedRss(engine, T0, T0 + 23 * HOUR, (t) => BASE * (1 + Math.min(0.5, (0.5 * (t - T0)) / (12 * HOUR))));
    expect(of(engine, 'rss-growth')).toEqual([]);
    expect(engine.rssGrowth()).toEqual({ ready: false, message: 'not enough RSS data: 1379 min of the 24 h span' });
    feedRss(engine, T0 + 23 * HOUR, T0 + 24 * HOUR + MIN, () => BASE * 1.5);
    expect(of(engine, 'rss-growth')).toHaveLength(1);
  });

  it('a restart starts the history afresh: the new life is not compared with the old one', () => {
    const engine = engineWith({ 'rss-growth': {} });
    const restartAt = T0 + 20 * HOUR;
    for (let t = T0; t < T0 + 30 * HOUR; t += 10 * S) {
      engine.observe(obs(t, { rssBytes: BASE * (1 + (0.15 * (t - T0)) / (24 * HOUR)), restarts: t < restartAt ? 0 : 1 }));
    }
    expect(of(engine, 'rss-growth')).toEqual([]);
    expect(engine.rssGrowth().ready).toBe(false);
  });

  it('the window sizes come from the config', () => {
    const engine = engineWith({ 'rss-growth': { spanMs: 2 * HOUR, windowMs: 10 * MIN, percent: 5 } });
    feedRss(engine, T0, T0 + 2 * HOUR + MIN, (t) => BASE * (1 + (0.1 * (t - T0)) / (2 * HOUR)), 5 * S);
    const [alert] = of(engine, 'rss-growth');
    expect(alert?.message).toContain('over 2 h');
    expect(alert?.message).toContain('in the first 10 min (2026-11-23 00:00Z–00:10Z)');
    expect(alert?.message).toContain('in the last 10 min (2026-11-23 01:50Z–02:00Z)');
  });

  it('memory stays bounded: one value per minute of the span, at most 600 samples of the current minute', () => {
    const engine = engineWith({ 'rss-growth': {} });
    feedRss(engine, T0, T0 + 48 * HOUR, () => BASE, 10 * S);
    expect(engine.footprint()).toMatchObject({ rssMinutes: 1440, rssMinuteCapacity: 1440 });
    for (let t = T0 + 48 * HOUR; t < T0 + 48 * HOUR + 59 * S; t += 10) engine.observe(obs(t));
    expect(engine.footprint().rssCurrentSamples).toBe(600);
  });
});

describe('restart', () => {
  it('each restart is one critical alert that ends as it starts', () => {
    const engine = engineWith({ restart: {} });
    engine.observe(obs(T0));
    engine.observe(obs(T0 + S, { restarts: 1 }));
    engine.observe(obs(T0 + 2 * S, { restarts: 1 }));
    expect(engine.takeNew()).toEqual([
      { id: 'restart:1', rule: 'restart', level: 'critical', subject: null, message: 'daemon restarted at 00:00:01Z (unplanned restart 1 seen by exatop)', start: T0 + S, end: T0 + S, peak: null, count: 1 },
    ]);
    expect(engine.active()).toEqual([]);
    engine.observe(obs(T0 + 3 * S, { restarts: 3 }));
    expect(of(engine, 'restart').map((a) => a.id)).toEqual(['restart:1', 'restart:2', 'restart:3']);
  });

  it('a planned restart (announced by exatop capture or the operator) raises no alert; an unplanned one still does', () => {
    const engine = engineWith({ restart: {} });
    engine.observe(obs(T0));
    engine.observe(obs(T0 + S, { restarts: 1, plannedRestarts: 1 }));
    engine.observe(obs(T0 + 2 * S, { restarts: 2, plannedRestarts: 2 }));
    expect(engine.events()).toEqual([]);
    engine.observe(obs(T0 + 3 * S, { restarts: 3, plannedRestarts: 2 }));
    expect(of(engine, 'restart').map((a) => a.id)).toEqual(['restart:1']);
  });

  it('restarts before the first observation are not news', () => {
    const engine = engineWith({ restart: {} });
    engine.observe(obs(T0, { restarts: 4 }));
    expect(engine.events()).toEqual([]);
  });

  it('holdMs keeps it active that long', () => {
    const engine = engineWith({ restart: { holdMs: MIN } });
    engine.observe(obs(T0));
    engine.observe(obs(T0 + S, { restarts: 1 }));
    engine.observe(obs(T0 + 60 * S, { restarts: 1 }));
    expect(engine.active().map((a) => a.id)).toEqual(['restart:1']);
    engine.observe(obs(T0 + 61 * S, { restarts: 1 }));
    expect(engine.active()).toEqual([]);
    expect(of(engine, 'restart')[0]).toMatchObject({ start: T0 + S, end: T0 + 61 * S });
  });
});

describe('notification', () => {
  it('a NOTIFICATION logged is a warning; more of them close together are merged', () => {
    const engine = engineWith({ notification: {} });
    engine.observe(obs(T0));
    engine.observe(obs(T0 + S, { logs: { tracebacks: 0, notifications: 1 } }));
    engine.observe(obs(T0 + 10 * S, { logs: { tracebacks: 0, notifications: 3 } }));
    expect(engine.active()).toEqual([expect.objectContaining({ id: 'notification', level: 'warning', count: 3, start: T0 + S })]);
    expect(engine.active()[0]!.message).toBe('3 BGP NOTIFICATIONs logged in 9s (00:00:01Z–00:00:10Z)');
  });
});

describe('traceback', () => {
  it('a storm of 400 increments over a minute is ONE critical alert with count 400', () => {
    const engine = engineWith({ traceback: {} });
    engine.observe(obs(T0));
    for (let i = 1; i <= 400; i++) engine.observe(obs(T0 + i * 150, { logs: { tracebacks: i, notifications: 0 } }));
    const last = T0 + 400 * 150;
    expect(of(engine, 'traceback')).toEqual([expect.objectContaining({ id: 'traceback', level: 'critical', count: 400, start: T0 + 150, end: null })]);
    expect(engine.active()[0]!.message).toBe('400 Python tracebacks logged in 59s (00:00:00Z–00:01:00Z)');
    // Ends five minutes (quietMs) after the last one, even when the next sample comes later.
    engine.observe(obs(last + 4 * MIN, { logs: { tracebacks: 400, notifications: 0 } }));
    expect(engine.active()).toHaveLength(1);
    engine.observe(obs(last + 7 * MIN, { logs: { tracebacks: 400, notifications: 0 } }));
    expect(engine.active()).toEqual([]);
    expect(of(engine, 'traceback')).toEqual([expect.objectContaining({ count: 400, end: last + 5 * MIN })]);
  });

  it('a traceback after the quiet period is a new alert', () => {
    const engine = engineWith({ traceback: { quietMs: MIN } });
    engine.observe(obs(T0));
    engine.observe(obs(T0 + S, { logs: { tracebacks: 1, notifications: 0 } }));
    engine.observe(obs(T0 + 62 * S, { logs: { tracebacks: 2, notifications: 0 } }));
    expect(of(engine, 'traceback').map((a) => [a.count, a.start, a.end])).toEqual([
      [1, T0 + S, T0 + 61 * S],
      [1, T0 + 62 * S, null],
    ]);
  });

  it('the real 6.0-dev storm (42 tracebacks in 8.5 s, fixtures/v6.0-dev/log-traceback-storm.txt) is one alert of 42', () => {
    // Each traceback is stamped with the newest API event time logged before it.
    const times: number[] = [];
    let now: number | null = null;
    for (const line of captureLines('v6.0-dev/log-traceback-storm.txt')) {
      const stamp = /"time": (\d+\.\d+)/.exec(line);
      if (stamp) now = Math.round(Number(stamp[1]) * 1000);
      if (line.includes('Traceback (most recent call last)')) times.push(now!);
    }
    expect(times).toHaveLength(42);
    const engine = new AlertEngine(DEFAULT_ALERT_CONFIG);
    engine.observe(obs(times[0]! - S));
    times.forEach((t, i) => engine.observe(obs(t, { logs: { tracebacks: i + 1, notifications: 0 } })));
    const storm = of(engine, 'traceback');
    expect(storm).toEqual([expect.objectContaining({ count: 42, start: times[0], end: null })]);
    expect(times.at(-1)! - times[0]!).toBeGreaterThan(8000);
    expect(storm[0]!.message).toBe('42 Python tracebacks logged in 8s (15:23:38Z–15:23:47Z)');
  });
});

describe('flap', () => {
  const peer = (address: string, flaps: number, established = true) => ({ address, established, since: null, flaps });

  it('a flap storm is one alert per neighbor, with its count', () => {
    const engine = engineWith({ flap: {} });
    let a = 0;
    let b = 0;
    for (let i = 0; i <= 120; i++) {
      if (i > 0) a++;
      if (i > 0 && i % 24 === 0) b++;
      engine.observe(obs(T0 + i * S, { neighbors: [peer('127.0.0.2', a), peer('127.0.0.3', b)] }));
    }
    expect(engine.active().map((x) => [x.id, x.subject, x.level, x.count])).toEqual([
      ['flap:127.0.0.2', '127.0.0.2', 'warning', 120],
      ['flap:127.0.0.3', '127.0.0.3', 'warning', 5],
    ]);
  });

  it('a neighbor first seen with flaps, or starting again from 0, is not a flap', () => {
    const engine = engineWith({ flap: {} });
    engine.observe(obs(T0, { neighbors: [peer('127.0.0.2', 7)] }));
    engine.observe(obs(T0 + S, { neighbors: [] }));
    engine.observe(obs(T0 + 2 * S, { neighbors: [peer('127.0.0.2', 0)] }));
    expect(engine.events()).toEqual([]);
  });

  it('the real 6.0-dev storm (fixtures/v6.0-dev/api-events-traceback-storm.log): one flap alert of 42, no neighbor-down', () => {
    const engine = new AlertEngine(DEFAULT_ALERT_CONFIG);
    let flaps = 0;
    let first: number | null = null;
    for (const line of captureLines('v6.0-dev/api-events-traceback-storm.log')) {
      const event = JSON.parse(line) as { time: number; neighbor: { address: { peer: string }; state: string } };
      const t = Math.round(event.time * 1000);
      first ??= t;
      if (event.neighbor.state === 'down') flaps++;
      engine.observe(obs(t, { neighbors: [peer(event.neighbor.address.peer, flaps, event.neighbor.state === 'up')] }));
    }
    expect(flaps).toBe(42);
    expect(engine.events().map((a) => [a.id, a.count])).toEqual([['flap:127.0.2.2', 42]]);
    expect(engine.events()[0]!.message).toMatch(/^127\.0\.2\.2 flapped 42 times in 8s \(15:23:38Z–15:23:47Z\)$/);
  });
});

describe('neighbor-down', () => {
  const down = (since: number) => ({ address: '127.0.0.2', established: false, since, flaps: 0 });
  const up = (since: number) => ({ address: '127.0.0.2', established: true, since, flaps: 0 });

  it('fires only after 30 s down, starts when it went down and ends when it is back', () => {
    const engine = engineWith({ 'neighbor-down': {} });
    engine.observe(obs(T0, { neighbors: [up(T0 - HOUR)] }));
    const wentDown = T0 + 5 * S;
    for (let t = wentDown; t < wentDown + 30 * S; t += S) engine.observe(obs(t, { neighbors: [down(wentDown)] }));
    expect(engine.events()).toEqual([]);
    engine.observe(obs(wentDown + 30 * S, { neighbors: [down(wentDown)] }));
    expect(engine.takeNew()).toEqual([
      { id: 'neighbor-down:127.0.0.2', rule: 'neighbor-down', level: 'critical', subject: '127.0.0.2', message: '127.0.0.2 not ESTABLISHED for 30s (since 00:00:05Z)', start: wentDown, end: null, peak: 30, count: 1 },
    ]);
    for (let t = wentDown + 31 * S; t < wentDown + 50 * S; t += S) engine.observe(obs(t, { neighbors: [down(wentDown)] }));
    engine.observe(obs(wentDown + 50 * S, { neighbors: [up(wentDown + 50 * S)] }));
    expect(engine.takeNew()).toEqual([expect.objectContaining({ id: 'neighbor-down:127.0.0.2', start: wentDown, end: wentDown + 50 * S, peak: 49 })]);
    expect(engine.active()).toEqual([]);
  });

  it('a 29 s outage never fires', () => {
    const engine = engineWith({ 'neighbor-down': {} });
    for (let t = T0; t < T0 + 29 * S; t += S) engine.observe(obs(t, { neighbors: [down(T0)] }));
    engine.observe(obs(T0 + 29 * S, { neighbors: [up(T0 + 29 * S)] }));
    engine.observe(obs(T0 + 60 * S, { neighbors: [up(T0 + 29 * S)] }));
    expect(engine.events()).toEqual([]);
  });

  it('a neighbor already down when first seen counts from when it went down, not from first sight', () => {
    const engine = engineWith({ 'neighbor-down': {} });
    engine.observe(obs(T0, { neighbors: [down(T0 - 20 * S)] }));
    engine.observe(obs(T0 + 9 * S, { neighbors: [down(T0 - 20 * S)] }));
    expect(engine.events()).toEqual([]);
    engine.observe(obs(T0 + 10 * S, { neighbors: [down(T0 - 20 * S)] }));
    expect(engine.active()).toEqual([expect.objectContaining({ start: T0 - 20 * S, peak: 30 })]);
  });

  it('one alert per neighbor', () => {
    const engine = engineWith({ 'neighbor-down': { minDurationMs: 0 } });
    engine.observe(obs(T0, { neighbors: [down(T0), { ...down(T0), address: '127.0.0.3' }, { ...up(T0), address: '127.0.0.4' }] }));
    expect(engine.active().map((a) => a.subject)).toEqual(['127.0.0.2', '127.0.0.3']);
  });
});

describe('minimum duration', () => {
  it('an alert fires iff its condition held minDurationMs, and starts when the condition began', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 1, max: 150 }), (minSeconds, heldSeconds) => {
        const engine = engineWith({ 'daemon-down': { minDurationMs: minSeconds * S } });
        engine.observe(obs(T0));
        for (let s = 1; s <= heldSeconds; s++) engine.observe(obs(T0 + s * S, { daemonUp: false }));
        engine.observe(obs(T0 + (heldSeconds + 1) * S));
        const fired = heldSeconds - 1 >= minSeconds;
        expect(engine.events()).toEqual(fired ? [expect.objectContaining({ start: T0 + S, end: T0 + (heldSeconds + 1) * S })] : []);
      }),
    );
  });

  it('counter rules too: with minDurationMs 10 s, a lone traceback does not fire, a 20 s storm does', () => {
    const engine = engineWith({ traceback: { minDurationMs: 10 * S, quietMs: 5 * S } });
    let n = 0;
    engine.observe(obs(T0));
    engine.observe(obs(T0 + S, { logs: { tracebacks: ++n, notifications: 0 } }));
    for (let t = T0 + 2 * S; t < T0 + MIN; t += S) engine.observe(obs(t, { logs: { tracebacks: n, notifications: 0 } }));
    expect(engine.events()).toEqual([]);
    for (let t = T0 + MIN; t <= T0 + MIN + 20 * S; t += 2 * S) engine.observe(obs(t, { logs: { tracebacks: ++n, notifications: 0 } }));
    expect(engine.events()).toEqual([expect.objectContaining({ start: T0 + MIN, count: 11 })]);
  });
});

describe('fd-usage', () => {
  it('warning over 80% of the limit, the same alert critical over 95%, ends below', () => {
    const engine = engineWith({ 'fd-usage': {} });
    const at = (s: number, fds: number) => engine.observe(obs(T0 + s * S, { fds, fdLimit: 1000 }));
    at(0, 700);
    at(1, 800);
    expect(engine.events()).toEqual([]);
    at(2, 850);
    expect(engine.active()).toEqual([expect.objectContaining({ id: 'fd-usage', level: 'warning', peak: 85 })]);
    expect(engine.active()[0]!.message).toBe('850 of 1000 file descriptors in use (85.0%, peak 85.0%; warning over 80%, critical over 95%)');
    at(3, 960);
    expect(engine.active()).toEqual([expect.objectContaining({ id: 'fd-usage', level: 'critical', peak: 96, start: T0 + 2 * S })]);
    at(4, 820);
    expect(engine.active()).toEqual([expect.objectContaining({ level: 'critical', peak: 96 })]);
    at(5, 500);
    expect(engine.active()).toEqual([]);
    expect(engine.events()).toEqual([expect.objectContaining({ start: T0 + 2 * S, end: T0 + 5 * S })]);
  });

  it('straight to critical; no limit known, no alert', () => {
    const engine = engineWith({ 'fd-usage': {} });
    engine.observe(obs(T0, { fds: 1020, fdLimit: 1024 }));
    expect(engine.active()[0]?.level).toBe('critical');
    const blind = engineWith({ 'fd-usage': {} });
    blind.observe(obs(T0, { fds: 1020, fdLimit: null }));
    expect(blind.events()).toEqual([]);
  });
});

describe('cpu-high', () => {
  it('fires after 5 min over 80%, with the peak; a dip restarts the count', () => {
    const engine = engineWith({ 'cpu-high': {} });
    const cpu = (s: number): number => (s === 120 ? 50 : s === 400 ? 97 : 90);
    for (let s = 0; s <= 420; s++) engine.observe(obs(T0 + s * S, { cpuPercent: cpu(s) }));
    expect(engine.events()).toEqual([]);
    engine.observe(obs(T0 + 421 * S, { cpuPercent: 90 }));
    expect(engine.active()).toEqual([expect.objectContaining({ id: 'cpu-high', level: 'warning', start: T0 + 121 * S, peak: 97 })]);
    expect(engine.active()[0]!.message).toBe('CPU 90.0% of one core, over 80% for 5m 0s (peak 97.0%)');
    engine.observe(obs(T0 + 422 * S, { cpuPercent: 10 }));
    expect(engine.events()).toEqual([expect.objectContaining({ end: T0 + 422 * S })]);
  });
});

describe('daemon-down', () => {
  it('no daemon for longer than 10 s is critical; it ends when one is attached', () => {
    const engine = engineWith({ 'daemon-down': {} });
    engine.observe(obs(T0));
    for (let s = 1; s <= 10; s++) engine.observe(obs(T0 + s * S, { daemonUp: false, rssBytes: null, cpuPercent: null, fds: null }));
    expect(engine.events()).toEqual([]);
    engine.observe(obs(T0 + 11 * S, { daemonUp: false }));
    expect(engine.active()).toEqual([expect.objectContaining({ id: 'daemon-down', level: 'critical', start: T0 + S, peak: 10 })]);
    expect(engine.active()[0]!.message).toBe('no ExaBGP daemon attached for 10s (since 00:00:01Z)');
    engine.observe(obs(T0 + 12 * S));
    expect(engine.events()).toEqual([expect.objectContaining({ end: T0 + 12 * S })]);
  });
});

describe('control', () => {
  it('a timeout is a warning after minDurationMs; a slow channel is one while it stays slow', () => {
    const engine = engineWith({ control: {} });
    const c = (timeouts: number, latencyMs: number) => ({ ok: true, latencyMs, timeouts, missing: null });
    engine.observe(obs(T0, { control: c(0, 3) }));
    engine.observe(obs(T0 + S, { control: c(1, 3) }));
    engine.observe(obs(T0 + 10 * S, { control: c(1, 3) }));
    expect(engine.events()).toEqual([]);
    engine.observe(obs(T0 + 11 * S, { control: c(2, 3) }));
    expect(engine.active()).toEqual([expect.objectContaining({ id: 'control:timeouts', level: 'warning', count: 2, start: T0 + S })]);
    for (let s = 20; s <= 30; s++) engine.observe(obs(T0 + s * S, { control: c(2, s === 25 ? 2500 : 1500) }));
    expect(engine.active().map((a) => [a.id, a.start, a.peak])).toEqual([
      ['control:timeouts', T0 + S, null],
      ['control:latency', T0 + 20 * S, 2500],
    ]);
    engine.observe(obs(T0 + 31 * S, { control: c(2, 900) }));
    expect(engine.active().map((a) => a.id)).toEqual(['control:timeouts']);
  });

  it('a control channel still missing past minDurationMs is a warning, ended when it is found', () => {
    const engine = engineWith({ control: {} });
    const missing = (t: number, why: string | null) => engine.observe(obs(t, { control: { ok: null, latencyMs: null, timeouts: 0, missing: why } }));
    for (let s = 0; s <= 9; s++) missing(T0 + s * S, 'control channel not found');
    expect(engine.active()).toEqual([]);
    missing(T0 + 10 * S, 'control channel not found');
    expect(engine.active()).toEqual([expect.objectContaining({ id: 'control:missing', level: 'warning', start: T0 })]);
    expect(engine.active()[0]!.message).toMatch(/^control channel not found, for 10s .*still looking$/);
    missing(T0 + 11 * S, null);
    expect(engine.active()).toEqual([]);
    expect(engine.events().at(-1)).toEqual(expect.objectContaining({ id: 'control:missing', end: T0 + 11 * S }));
  });
});

describe('the engine as a whole', () => {
  it('an hour of a healthy daemon with every rule at its defaults raises nothing', () => {
    const engine = new AlertEngine(DEFAULT_ALERT_CONFIG);
    const r = noise(4);
    const neighbors = [{ address: '127.0.2.2', established: true, since: T0 - HOUR, flaps: 0 }];
    for (let t = T0; t < T0 + HOUR; t += S) engine.observe(obs(t, { neighbors, cpuPercent: 3 + 2 * r(), rssBytes: 40 * MiB * (1 + 0.01 * r()) }));
    expect(engine.events()).toEqual([]);
    expect(engine.rssGrowth().ready).toBe(false);
  });

  it('a disabled rule never fires', () => {
    const config = alertConfigSchema.parse({ rules: { 'daemon-down': { enabled: false } } });
    const engine = new AlertEngine(config);
    for (let s = 0; s < 60; s++) engine.observe(obs(T0 + s * S, { daemonUp: false }));
    expect(engine.events()).toEqual([]);
  });

  it('takeNew gives what started or ended once; an alert started and ended in between appears once, ended', () => {
    const engine = engineWith({ 'daemon-down': { minDurationMs: 0 }, restart: {} });
    engine.observe(obs(T0, { daemonUp: false }));
    expect(engine.takeNew().map((a) => [a.id, a.end])).toEqual([['daemon-down', null]]);
    expect(engine.takeNew()).toEqual([]);
    engine.observe(obs(T0 + S, { restarts: 1 }));
    expect(engine.takeNew().map((a) => [a.id, a.end]).sort()).toEqual([
      ['daemon-down', T0 + S],
      ['restart:1', T0 + S],
    ]);
  });

  it('an observation older than the last one is ignored', () => {
    const engine = engineWith({ restart: {} });
    engine.observe(obs(T0 + MIN));
    engine.observe(obs(T0, { restarts: 5 }));
    expect(engine.events()).toEqual([]);
  });

  it('after 100k observations the events and every internal structure stay bounded', () => {
    const engine = engineWith(
      { traceback: { quietMs: 0 }, flap: { quietMs: 0 }, 'neighbor-down': { minDurationMs: 0 }, 'rss-growth': {} },
      { maxEvents: 1000 },
    );
    for (let i = 0; i < 100_000; i++) {
      // A new neighbor address every 100 observations, each flapping and down half the time.
      const address = `10.${(i / 25_600) | 0}.${((i / 100) | 0) % 256}.1`;
      engine.observe(
        obs(T0 + i * S, {
          logs: { tracebacks: i, notifications: 0 },
          neighbors: [{ address, established: i % 2 === 0, since: T0 + i * S, flaps: i % 100 }],
        }),
      );
    }
    const events = engine.events();
    expect(events).toHaveLength(1000);
    expect(events.at(-1)!.start).toBe(T0 + 99_999 * S);
    const size = engine.footprint();
    expect(size.events).toBe(1000);
    expect(size.fresh).toBeLessThanOrEqual(1000);
    expect(size.watched).toBeLessThanOrEqual(3);
    expect(size.counters).toBeLessThanOrEqual(6);
    expect(size.rssMinutes).toBe(1440);
    expect(size.rssCurrentSamples).toBeLessThanOrEqual(60);
  });
});

describe('invariants over random observation sequences', () => {
  const step = fc.record({
    dt: fc.integer({ min: 0, max: 120_000 }),
    daemonUp: fc.boolean(),
    restart: fc.boolean(),
    tracebacks: fc.nat({ max: 3 }),
    cpuPercent: fc.option(fc.integer({ min: 0, max: 200 })),
    fds: fc.integer({ min: 0, max: 1024 }),
    latencyMs: fc.option(fc.integer({ min: 0, max: 3000 })),
    established: fc.array(fc.boolean(), { minLength: 0, maxLength: 3 }),
  });

  it('ids are unique among active alerts, ends are after starts, active = events not ended', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
        const engine = new AlertEngine(DEFAULT_ALERT_CONFIG);
        let t = T0;
        let restarts = 0;
        let tracebacks = 0;
        for (const s of steps) {
          t += s.dt;
          restarts += s.restart ? 1 : 0;
          tracebacks += s.tracebacks;
          const neighbors = s.established.map((established, i) => ({ address: `127.0.0.${i + 2}`, established, since: null, flaps: 0 }));
          engine.observe(obs(t, { daemonUp: s.daemonUp, restarts, cpuPercent: s.cpuPercent, fds: s.fds, neighbors, logs: { tracebacks, notifications: 0 }, control: { ok: true, latencyMs: s.latencyMs, timeouts: 0, missing: null } }));
          const active = engine.active();
          expect(new Set(active.map((a) => a.id)).size).toBe(active.length);
          for (const a of engine.events()) {
            if (a.end !== null) expect(a.end).toBeGreaterThanOrEqual(a.start);
            expect(a.start).toBeLessThanOrEqual(t);
          }
          expect(active).toEqual(engine.events().filter((a) => a.end === null));
        }
      }),
      { numRuns: 200 },
    );
  });
});
