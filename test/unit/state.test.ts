import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DaemonCandidate, Helper, DaemonInfo } from '../../src/core/model/daemon.js';
import { parseEnviron, parseNulList, parseStat } from '../../src/core/daemon/proc-parse.js';
import { deriveReactor, versionFromEnviron } from '../../src/core/daemon/version.js';
import {
  clampInterval, initialState, MAX_INTERVAL_MS, MAX_LIVES_KEPT, MIN_INTERVAL_MS, reduce, uptimeSeconds,
  type MonitorEvent, type MonitorState,
} from '../../src/core/model/state.js';
import type { VitalsSample } from '../../src/core/model/vitals.js';
import { neighborReports } from '../support/fixtures.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const fixture = (path: string): string => readFileSync(FIXTURES + path, 'utf8');

const BOOT_MS = 1_795_440_000_000;

/** A DaemonInfo for one daemon life; pid/startTicks/argv/environ default to the captured 6.0-dev daemon. */
function daemon(overrides: Partial<DaemonInfo> = {}): DaemonInfo {
  const stat = parseStat(fixture('v6.0-dev/proc-daemon-stat'))!;
  const environ = parseEnviron(fixture('v6.0-dev/proc-daemon-environ'));
  const argv = parseNulList(fixture('v6.0-dev/proc-daemon-cmdline'));
  const version = versionFromEnviron(environ);
  const pid = overrides.pid ?? stat.pid;
  const startTicks = overrides.startTicks ?? stat.startTicks;
  return {
    pid,
    startTicks,
    startTime: BOOT_MS + startTicks * 10,
    startTimeResolutionMs: 10,
    argv,
    config: argv[argv.length - 1] ?? null,
    configs: argv.slice(-1),
    envFile: null,
    pidFile: null,
    root: null,
    environ,
    environError: null,
    version,
    reactor: deriveReactor(version, environ),
    own: null,
    ...overrides,
  };
}

const HELPERS: Helper[] = [
  { pid: 4668, role: 'cli-helper (pipe)' },
  { pid: 4669, role: 'cli-helper (socket)' },
  { pid: 4672, role: 'api: api-logger.py' },
];

/** A sample with the captured 6.0-dev daemon's RSS and fd count; each field can be overridden or nulled. */
function sample(t: number, overrides: Partial<VitalsSample> = {}): VitalsSample {
  return {
    t,
    rssBytes: 40704 * 1024,
    cpuPercent: 98.5,
    fds: 17,
    threads: 1,
    fdLimit: 20000,
    fdError: null,
    helpers: { rssBytes: (36776 + 36720 + 9648) * 1024, cpuPercent: 0.5, fds: 12, threads: 3, count: 3 },
    ...overrides,
  };
}

function run(state: MonitorState, events: MonitorEvent[]): MonitorState {
  return events.reduce(reduce, state);
}

describe('initialState', () => {
  it('starts searching, with empty rings of the requested capacity', () => {
    const s = initialState({ capacity: 7 });
    expect(s.phase).toBe('searching');
    expect(s.daemon).toBeNull();
    expect(s.restarts).toBe(0);
    expect(s.lives).toEqual([]);
    for (const ring of Object.values(s.series)) {
      expect(ring.capacity).toBe(7);
      expect(ring.length).toBe(0);
    }
  });

  it('clamps the initial interval too', () => {
    expect(initialState({ intervalMs: 10 }).intervalMs).toBe(MIN_INTERVAL_MS);
    expect(initialState({ intervalMs: 3_600_000 }).intervalMs).toBe(MAX_INTERVAL_MS);
    expect(initialState({ intervalMs: 2000 }).intervalMs).toBe(2000);
  });
});

describe('reduce: one daemon life', () => {
  it('attached: phase attached, one running life, no restart', () => {
    const d = daemon();
    const s = reduce(initialState(), { type: 'attached', daemon: d, helpers: HELPERS });
    expect(s.phase).toBe('attached');
    expect(s.daemon).toBe(d);
    expect(s.helpers).toEqual(HELPERS);
    expect(s.restarts).toBe(0);
    expect(s.lives).toEqual([{ pid: 4519, startTime: d.startTime, endTime: null }]);
  });

  it('sample: every series gets the sample\'s value and latest is set', () => {
    let s = reduce(initialState(), { type: 'attached', daemon: daemon(), helpers: HELPERS });
    const first = sample(1000);
    s = reduce(s, { type: 'sample', sample: first });
    s = reduce(s, { type: 'sample', sample: sample(2000, { rssBytes: 41000 * 1024, fds: 18 }) });
    expect(s.latest?.t).toBe(2000);
    expect(s.series.rss.toArray()).toEqual([40704 * 1024, 41000 * 1024]);
    expect(s.series.fds.toArray()).toEqual([17, 18]);
    expect(s.series.cpu.toArray()).toEqual([98.5, 98.5]);
    expect(s.series.helpersRss.last()).toBe((36776 + 36720 + 9648) * 1024);
    expect(s.series.helpersCpu.last()).toBe(0.5);
  });

  it('a value that could not be read is a gap (NaN) in its own series only', () => {
    let s = reduce(initialState(), { type: 'attached', daemon: daemon(), helpers: [] });
    s = reduce(s, { type: 'sample', sample: sample(1000, { fds: null, cpuPercent: null, fdError: 'EACCES' }) });
    expect(s.series.fds.last()).toBeNaN();
    expect(s.series.cpu.last()).toBeNaN();
    expect(s.series.rss.last()).toBe(40704 * 1024);
  });

  it('lost: phase lost, a gap in every series, the running life ends at t', () => {
    let s = run(initialState(), [
      { type: 'attached', daemon: daemon(), helpers: HELPERS },
      { type: 'sample', sample: sample(1000) },
    ]);
    s = reduce(s, { type: 'lost', t: 5000, reason: 'daemon pid 4519 is gone' });
    expect(s.phase).toBe('lost');
    expect(s.message).toBe('daemon pid 4519 is gone');
    expect(s.lives).toHaveLength(1);
    expect(s.lives[0]!.endTime).toBe(5000);
    for (const ring of Object.values(s.series)) {
      expect(ring.length).toBe(2);
      expect(ring.last()).toBeNaN();
    }
  });

  it('a second lost while already lost changes nothing (no second gap, same state)', () => {
    const lost = run(initialState(), [
      { type: 'attached', daemon: daemon(), helpers: [] },
      { type: 'sample', sample: sample(1000) },
      { type: 'lost', t: 5000, reason: 'gone' },
    ]);
    const again = reduce(lost, { type: 'lost', t: 6000, reason: 'still gone' });
    expect(again).toBe(lost);
    expect(again.series.rss.length).toBe(2);
    expect(again.lives[0]!.endTime).toBe(5000);
  });

  it('attached twice with the same identity is not a restart', () => {
    const d = daemon();
    const s = run(initialState(), [
      { type: 'attached', daemon: d, helpers: [] },
      { type: 'sample', sample: sample(1000) },
      { type: 'attached', daemon: daemon(), helpers: HELPERS },
    ]);
    expect(s.restarts).toBe(0);
    expect(s.lives).toHaveLength(1);
    expect(s.lives[0]!.endTime).toBeNull();
    expect(s.helpers).toEqual(HELPERS);
    expect(s.latest?.t).toBe(1000);
    // no gap was pushed: the series is continuous
    expect(s.series.rss.toArray()).toEqual([40704 * 1024]);
  });

  it('none while a daemon was known keeps phase lost (it is gone, not absent)', () => {
    const s = run(initialState(), [
      { type: 'attached', daemon: daemon(), helpers: [] },
      { type: 'lost', t: 5000, reason: 'gone' },
      { type: 'none', message: 'No ExaBGP daemon found on this host.' },
    ]);
    expect(s.phase).toBe('lost');
    expect(s.message).toBe('No ExaBGP daemon found on this host.');
    expect(s.daemon?.pid).toBe(4519);
  });

  it('none before any daemon was seen is phase none', () => {
    const s = reduce(initialState(), { type: 'none', message: 'No ExaBGP daemon found' });
    expect(s.phase).toBe('none');
    expect(s.message).toBe('No ExaBGP daemon found');
  });

  it('several: phase several with the candidates', () => {
    const candidates: DaemonCandidate[] = [
      { pid: 17477, startTicks: 42737, argv: parseNulList(fixture('v4.2/proc-daemon-cmdline')), configs: ['/tmp/fx-lab-42/exabgp-3peer.conf'], envFile: '/tmp/fx-lab-42/exabgp.env', root: '/tmp/fx-lab-42' },
      { pid: 18387, startTicks: 45730, argv: parseNulList(fixture('v5.0.15/proc-daemon-cmdline')), configs: ['/tmp/fx-lab-50/exabgp-3peer.conf'], envFile: '/tmp/fx-lab-50/exabgp.env', root: null },
    ];
    const s = reduce(initialState(), { type: 'several', candidates });
    expect(s.phase).toBe('several');
    expect(s.candidates).toEqual(candidates);
  });
});

describe('reduce: restarts', () => {
  it('attached → sample → lost → attached with a new pid: restarts 1, lives 2, earlier samples kept', () => {
    const first = daemon();
    const second = daemon({ pid: 4800, startTicks: first.startTicks + 700 });
    let s = run(initialState({ capacity: 100 }), [
      { type: 'attached', daemon: first, helpers: HELPERS },
      { type: 'sample', sample: sample(1000, { rssBytes: 111 }) },
      { type: 'sample', sample: sample(2000, { rssBytes: 222 }) },
      { type: 'lost', t: 3000, reason: 'gone' },
    ]);
    s = reduce(s, { type: 'attached', daemon: second, helpers: [] });
    expect(s.phase).toBe('attached');
    expect(s.daemon).toBe(second);
    expect(s.restarts).toBe(1);
    expect(s.lives).toEqual([
      { pid: 4519, startTime: first.startTime, endTime: 3000 },
      { pid: 4800, startTime: second.startTime, endTime: null },
    ]);
    // the earlier life's samples are still there, followed by at least one gap
    const rss = s.series.rss.toArray();
    expect(rss.slice(0, 2)).toEqual([111, 222]);
    expect(rss.slice(2).length).toBeGreaterThan(0);
    expect(rss.slice(2).every(Number.isNaN)).toBe(true);
    // the previous life's latest sample is not shown as the new one's
    expect(s.latest).toBeNull();
    s = reduce(s, { type: 'sample', sample: sample(4000, { rssBytes: 333 }) });
    expect(s.series.rss.last()).toBe(333);
    expect(s.series.rss.at(0)).toBe(111);
  });

  it('a restart seen without a lost event (new pid on the next attach) ends the old life at the new start', () => {
    const first = daemon();
    const second = daemon({ pid: 4900, startTicks: first.startTicks + 500 });
    const s = run(initialState(), [
      { type: 'attached', daemon: first, helpers: [] },
      { type: 'sample', sample: sample(1000, { rssBytes: 5 }) },
      { type: 'attached', daemon: second, helpers: [] },
    ]);
    expect(s.restarts).toBe(1);
    expect(s.lives).toEqual([
      { pid: first.pid, startTime: first.startTime, endTime: second.startTime },
      { pid: 4900, startTime: second.startTime, endTime: null },
    ]);
    // the two lives are not joined by a line: a gap separates them
    expect(s.series.rss.toArray()[0]).toBe(5);
    expect(s.series.rss.last()).toBeNaN();
  });

  it('the same pid with another start time is a new life (pid reuse)', () => {
    const first = daemon();
    const reused = daemon({ startTicks: first.startTicks + 1 });
    const s = run(initialState(), [
      { type: 'attached', daemon: first, helpers: [] },
      { type: 'lost', t: 2000, reason: 'gone' },
      { type: 'attached', daemon: reused, helpers: [] },
    ]);
    expect(s.restarts).toBe(1);
    expect(s.lives).toHaveLength(2);
  });

  it('keeps only the last MAX_LIVES_KEPT lives, newest last, while restarts keeps counting', () => {
    let s = initialState();
    const total = MAX_LIVES_KEPT + 10;
    for (let i = 0; i < total; i++) {
      s = reduce(s, { type: 'attached', daemon: daemon({ pid: 10_000 + i, startTicks: 1000 + i }), helpers: [] });
      s = reduce(s, { type: 'lost', t: 1000 + i, reason: 'gone' });
    }
    expect(s.restarts).toBe(total - 1);
    expect(s.lives).toHaveLength(MAX_LIVES_KEPT);
    expect(s.lives[s.lives.length - 1]!.pid).toBe(10_000 + total - 1);
    expect(s.lives[0]!.pid).toBe(10_000 + total - MAX_LIVES_KEPT);
  });

  it('does not modify the lives of an earlier state (each event yields a new object)', () => {
    const attached = reduce(initialState(), { type: 'attached', daemon: daemon(), helpers: [] });
    const lost = reduce(attached, { type: 'lost', t: 9000, reason: 'gone' });
    expect(lost).not.toBe(attached);
    expect(attached.lives[0]!.endTime).toBeNull();
    expect(attached.phase).toBe('attached');
    expect(lost.revision).toBeGreaterThan(attached.revision);
  });
});

describe('reduce: interval and pause', () => {
  it.each([
    [100, MIN_INTERVAL_MS],
    [0, MIN_INTERVAL_MS],
    [-5, MIN_INTERVAL_MS],
    [250, 250],
    [1234.4, 1234],
    [60_000, 60_000],
    [1_000_000, MAX_INTERVAL_MS],
  ])('interval %d ms → %d ms', (ms, expected) => {
    expect(reduce(initialState(), { type: 'interval', ms }).intervalMs).toBe(expected);
    expect(clampInterval(ms)).toBe(expected);
  });

  it('halving or doubling forever stays inside 250..60000 (the + and - keys)', () => {
    let s = initialState();
    for (let i = 0; i < 20; i++) s = reduce(s, { type: 'interval', ms: s.intervalMs / 2 });
    expect(s.intervalMs).toBe(250);
    for (let i = 0; i < 20; i++) s = reduce(s, { type: 'interval', ms: s.intervalMs * 2 });
    expect(s.intervalMs).toBe(60_000);
  });

  it('paused toggles without touching the series', () => {
    const attached = run(initialState(), [
      { type: 'attached', daemon: daemon(), helpers: [] },
      { type: 'sample', sample: sample(1) },
    ]);
    const paused = reduce(attached, { type: 'paused', paused: true });
    expect(paused.paused).toBe(true);
    expect(paused.series.rss.length).toBe(1);
    expect(reduce(paused, { type: 'paused', paused: false }).paused).toBe(false);
  });
});

describe('uptimeSeconds', () => {
  it('is the time since the daemon started while attached, null otherwise', () => {
    const d = daemon();
    const attached = reduce(initialState(), { type: 'attached', daemon: d, helpers: [] });
    expect(uptimeSeconds(attached, d.startTime + 90_500)).toBe(90.5);
    expect(uptimeSeconds(attached, d.startTime - 1000)).toBe(0);
    expect(uptimeSeconds(initialState(), d.startTime + 1000)).toBeNull();
    expect(uptimeSeconds(reduce(attached, { type: 'lost', t: 0, reason: 'x' }), d.startTime + 1000)).toBeNull();
  });
});

describe('reduce: property', () => {
  const pids = fc.constantFrom(4519, 4800, 16814);
  const event: fc.Arbitrary<MonitorEvent> = fc.oneof(
    fc.constant<MonitorEvent>({ type: 'searching' }),
    fc.constant<MonitorEvent>({ type: 'none', message: 'none' }),
    fc.constant<MonitorEvent>({ type: 'several', candidates: [] }),
    fc.record({ pid: pids, ticks: fc.integer({ min: 1, max: 3 }) }).map(({ pid, ticks }): MonitorEvent => ({
      type: 'attached', daemon: daemon({ pid, startTicks: ticks }), helpers: [],
    })),
    fc.constant<MonitorEvent>({ type: 'helpers', helpers: HELPERS }),
    fc.integer({ min: 0, max: 1e6 }).map((t): MonitorEvent => ({ type: 'lost', t, reason: 'gone' })),
    fc.record({ t: fc.integer({ min: 0, max: 1e6 }), rss: fc.option(fc.integer({ min: 0, max: 1e9 })) }).map(({ t, rss }): MonitorEvent => ({
      type: 'sample', sample: sample(t, { rssBytes: rss }),
    })),
    fc.double({ min: -1e9, max: 1e9, noNaN: true }).map((ms): MonitorEvent => ({ type: 'interval', ms })),
    fc.boolean().map((paused): MonitorEvent => ({ type: 'paused', paused })),
  );

  it('after any sequence of events the rings never exceed capacity and the bookkeeping stays consistent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(event, { maxLength: 150 }), (capacity, events) => {
        let s = initialState({ capacity });
        let restarts = 0;
        let previous: { pid: number; startTicks: number } | null = null;
        for (const e of events) {
          s = reduce(s, e);
          if (e.type === 'attached') {
            if (previous && (previous.pid !== e.daemon.pid || previous.startTicks !== e.daemon.startTicks)) restarts++;
            previous = { pid: e.daemon.pid, startTicks: e.daemon.startTicks };
          }
          for (const ring of Object.values(s.series)) {
            expect(ring.length).toBeLessThanOrEqual(capacity);
            expect(ring.toArray()).toHaveLength(ring.length);
          }
          expect(s.lives.length).toBeLessThanOrEqual(MAX_LIVES_KEPT);
          expect(s.lives.filter((l) => l.endTime === null).length).toBeLessThanOrEqual(1);
          expect(s.intervalMs).toBeGreaterThanOrEqual(MIN_INTERVAL_MS);
          expect(s.intervalMs).toBeLessThanOrEqual(MAX_INTERVAL_MS);
          expect(s.restarts).toBe(restarts);
        }
      }),
    );
  });
});

describe('6.0 daemon status as a second restart signal', () => {
  const status = (uuid: string) => ({ pid: 4242, uuid, uptimeS: 10, startTime: 1795447201, version: '6.0.0-dev' });

  it('counts a restart when the uuid changes under the same pid, not when it repeats', () => {
    let state = reduce(initialState(), { type: 'attached', daemon: daemon(), helpers: [] });
    state = reduce(state, { type: 'daemon-status', status: status('8ae0f89a-5c6c-4a62-abae-e4eca21d9931') });
    state = reduce(state, { type: 'daemon-status', status: status('8ae0f89a-5c6c-4a62-abae-e4eca21d9931') });
    expect(state.restarts).toBe(0);
    state = reduce(state, { type: 'daemon-status', status: status('11111111-2222-3333-4444-555555555555') });
    expect(state.restarts).toBe(1);
    expect(state.control.status?.uuid).toBe('11111111-2222-3333-4444-555555555555');
  });
});

describe('neighbor history across daemon lives', () => {
  const UP = neighborReports('v6.0-dev/3peer-socket-peer-show.raw');
  const KILLED = neighborReports('v6.0-dev/gobgp-killed-socket-peer-show.raw');
  const poll = (t: number, neighbors: typeof UP): MonitorEvent => ({
    type: 'control-poll',
    poll: { t, transport: 'socket', path: '/run/exabgp.sock', latencyMs: 1, ok: true, timedOut: false, error: null, raw: null, neighbors, status: null },
  });
  const first = daemon();
  const second = daemon({ pid: 4800, startTicks: first.startTicks + 7000 });
  const gobgp = (s: MonitorState) => s.neighbors.find((n) => n.address === '127.0.2.3')!;
  const ghost = (s: MonitorState) => s.neighbors.find((n) => n.address === '127.0.2.4')!;

  it('flaps start at 0 with each life and add up in the total', () => {
    let s = run(initialState(), [{ type: 'attached', daemon: first, helpers: [] }, poll(first.startTime + 60_000, UP), poll(first.startTime + 70_000, KILLED)]);
    expect([gobgp(s).flaps, gobgp(s).flapsTotal]).toEqual([1, 1]);
    s = run(s, [{ type: 'lost', t: first.startTime + 80_000, reason: 'gone' }, { type: 'attached', daemon: second, helpers: [] }, poll(second.startTime + 5000, UP)]);
    expect([gobgp(s).flaps, gobgp(s).flapsTotal]).toEqual([0, 1]);
    s = run(s, [poll(second.startTime + 9000, KILLED)]);
    expect([gobgp(s).flaps, gobgp(s).flapsTotal]).toEqual([1, 2]);
  });

  it('down at first attach: not dated; in a life exatop saw begin: down since its start; the log dates it better', () => {
    let s = run(initialState(), [{ type: 'attached', daemon: first, helpers: [] }, poll(first.startTime + 60_000, UP)]);
    expect([ghost(s).since, ghost(s).sinceFrom]).toEqual([null, 'unknown']);
    s = run(s, [{ type: 'lost', t: first.startTime + 80_000, reason: 'gone' }, { type: 'attached', daemon: second, helpers: [] }, poll(second.startTime + 5000, UP)]);
    expect([ghost(s).since, ghost(s).sinceFrom]).toEqual([second.startTime, 'daemon-start']);
    // A TUI started before the daemon saw the life begin too; a down line of this life dates the row.
    s = run(initialState(), [{ type: 'attached', daemon: first, helpers: [], witnessed: true }]);
    const counters = { lines: 1, errors: 0, warnings: 0, tracebacks: 0, notifications: 0, sessionsUp: 0, sessionsDown: 1, apiCommands: 0, apiRejected: 0, configErrors: 0, connectFailures: 0, lastError: null };
    const down = (time: number) => ({ type: 'logs' as const, entries: [], counters, sources: [], facts: [{ kind: 'down' as const, address: '127.0.2.4', time, reason: null }] });
    s = run(s, [down(first.startTime - 5000), down(first.startTime + 2000), poll(first.startTime + 4000, UP)]);
    expect([ghost(s).since, ghost(s).sinceFrom]).toEqual([first.startTime + 2000, 'log']);
  });
});
