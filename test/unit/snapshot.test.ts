// The snapshot document (src/core/snapshot.ts) built from a state the reducer made out of real
// probe results: the 5.0.15 lab's `show neighbor json` captures and its configuration.
import { describe, expect, it } from 'vitest';
import { neighborsFromConfig } from '../../src/core/daemon/config-neighbors.js';
import { makeVersion } from '../../src/core/daemon/version.js';
import { buildSnapshot } from '../../src/core/snapshot.js';
import { initialState, reduce, type MonitorEvent, type MonitorState } from '../../src/core/model/state.js';
import type { ControlPoll } from '../../src/core/control/client.js';
import type { NeighborReport } from '../../src/core/model/control.js';
import { daemonInfo, vitals } from '../support/builders.js';
import { fixture as read, neighborReports } from '../support/fixtures.js';

const reports = neighborReports;

// The 5.0.15 lab (fixtures/v5.0.15/README.md): daemon 18387, CLI helper 18440, API process 18443.
const START = Date.UTC(2026, 10, 23, 15, 23, 52, 0);
const T_UP = 1_795_447_437_388; // `show neighbor json` 3peer-up was sent
const T_KILLED = 1_795_447_441_702; // … gobgp-killed
const PIPE = '/tmp/fx-lab-50/run/fx50.in';
const CONFIG = '/tmp/fx-lab-50/exabgp-3peer.conf';
const VERSION_SOURCE = 'package metadata /tmp/fx-venv-50/lib/python3.11/site-packages/exabgp-5.0.15.dist-info';
const REACTOR_SOURCE = 'ExaBGP 5.0.15: the 5.0 line has only the generator reactor';

const daemon = daemonInfo({
  pid: 18387,
  startTime: START,
  argv: ['/tmp/fx-venv-50/bin/python3', '/tmp/fx-venv-50/bin/exabgp', '--env-file', '/tmp/fx-lab-50/exabgp.env', CONFIG],
  config: CONFIG,
  version: makeVersion('5.0.15', VERSION_SOURCE),
  reactor: { mode: 'generator', source: REACTOR_SOURCE },
});

function poll(t: number, neighbors: NeighborReport[] | null, overrides: Partial<ControlPoll> = {}): ControlPoll {
  return { t, transport: 'pipe', path: PIPE, latencyMs: 2, ok: true, timedOut: false, error: null, raw: null, neighbors, status: null, ...overrides };
}

function run(events: MonitorEvent[]): MonitorState {
  return events.reduce(reduce, initialState({ capacity: 60, intervalMs: 1000 }));
}

const BASE: MonitorEvent[] = [
  { type: 'attached', daemon, helpers: [{ pid: 18440, role: 'cli-helper' }, { pid: 18443, role: 'api: api-events.py' }] },
  { type: 'sample', sample: vitals(T_UP - 1000, { rssBytes: 28_000_000 }) },
  { type: 'sample', sample: vitals(T_UP, { rssBytes: 29044 * 1024, cpuPercent: 1.23456, fds: 10, fdLimit: 1024, threads: 1, helpers: { count: 2, rssBytes: (27856 + 8460) * 1024, cpuPercent: 0.333333, fds: 8, threads: 2 } }) },
  { type: 'control-location', transport: 'pipe', path: PIPE, how: 'helper 18440 environ exabgp_cli_pipe', dialect: '5.0', error: null },
  { type: 'configured', neighbors: neighborsFromConfig(read('v5.0.15/exabgp-3peer.conf')) },
  { type: 'control-poll', poll: poll(T_UP, reports('v5.0.15/pipe-show-neighbor-json-3peer-up.txt')) },
];

const counters = (open: number, notification: number, keepalive: number, update: number, refresh: number, total: number) => ({ open, notification, keepalive, update, refresh, total });
const ZERO = counters(0, 0, 0, 0, 0, 0);
const iso = (t: number) => new Date(t).toISOString();

describe('buildSnapshot', () => {
  it('is null before a daemon is attached', () => {
    expect(buildSnapshot(initialState(), T_UP, '0.1.0', 60)).toBeNull();
  });

  it('describes the daemon, its helpers and its latest vitals', () => {
    const now = T_UP + 500;
    const doc = buildSnapshot(run(BASE), now, '0.1.0', 60)!;
    expect(doc.exatop).toEqual({ version: '0.1.0', time: iso(now) });
    expect(doc.daemon).toEqual({
      pid: 18387,
      start_time: '2026-11-23T15:23:52.000Z',
      uptime_s: Number(((now - START) / 1000).toFixed(1)),
      version: '5.0.15',
      version_source: VERSION_SOURCE,
      uuid: null,
      reactor: 'generator',
      reactor_source: REACTOR_SOURCE,
      config: CONFIG,
      restarts: 0,
      helpers: [{ pid: 18440, role: 'cli-helper' }, { pid: 18443, role: 'api: api-events.py' }],
      environ_error: null,
    });
    expect(doc.daemon.uptime_s).toBe(5.9);
    expect(doc.vitals).toEqual({
      rss_bytes: 29044 * 1024,
      cpu_percent: 1.23,
      fds: 10,
      fd_limit: 1024,
      fd_error: null,
      threads: 1,
      helpers_rss_bytes: (27856 + 8460) * 1024,
      helpers_cpu_percent: 0.33,
      helpers_fds: 8,
      window_s: 60,
    });
  });

  it('has no vitals before the first sample', () => {
    const doc = buildSnapshot(run([BASE[0]!]), T_UP, '0.1.0', 60)!;
    expect(doc.vitals).toBeNull();
    expect(doc.neighbors).toEqual([]);
    expect(doc.neighbors_summary).toEqual({ established: null, total: null, configured: 0, stale: false });
    expect(doc.control).toEqual({ transport: null, path: null, found_by: null, dialect: null, latency_ms: null, ok: null, error: null, polls: 0, errors: 0, timeouts: 0, backoffs: 0, cleared_bytes: 0 });
  });

  it('lists every neighbor of the real 3-peer answer with names from the config', () => {
    const now = T_UP + 500;
    const doc = buildSnapshot(run(BASE), now, '0.1.0', 60)!;
    expect(doc.neighbors).toEqual([
      {
        address: '127.0.1.2',
        description: 'bird',
        peer_as: 65002,
        local_as: 65001,
        state: 'up',
        fsm: 'ESTABLISHED',
        since: iso(T_UP - 4000),
        since_exact: true,
        since_from: 'poll',
        for_s: 4.5,
        flaps: 0,
        flaps_total: 0,
        messages: { sent: counters(1, 0, 1, 1, 0, 3), received: counters(1, 0, 1, 1, 0, 3) },
        rates: null,
        prefixes: null,
        last_error: null,
      },
      {
        address: '127.0.1.3',
        description: 'gobgp',
        peer_as: 65003,
        local_as: 65001,
        state: 'up',
        fsm: 'ESTABLISHED',
        since: iso(T_UP - 4000),
        since_exact: true,
        since_from: 'poll',
        for_s: 4.5,
        flaps: 0,
        flaps_total: 0,
        messages: { sent: counters(1, 0, 1, 1, 0, 3), received: counters(1, 0, 1, 0, 0, 2) },
        rates: null,
        prefixes: null,
        last_error: null,
      },
      {
        address: '127.0.1.4',
        description: 'ghost',
        peer_as: 65004,
        local_as: 65001,
        state: 'down',
        fsm: 'IDLE',
        since: null,
        since_exact: false,
        since_from: 'unknown',
        for_s: null,
        flaps: 0,
        flaps_total: 0,
        messages: { sent: ZERO, received: ZERO },
        rates: null,
        prefixes: null,
        last_error: null,
      },
    ]);
    expect(doc.neighbors_summary).toEqual({ established: 2, total: 3, configured: 3, stale: false });
    expect(doc.control).toEqual({
      transport: 'pipe',
      path: PIPE,
      found_by: 'helper 18440 environ exabgp_cli_pipe',
      dialect: '5.0',
      latency_ms: 2,
      ok: true,
      error: null,
      polls: 1,
      errors: 0,
      timeouts: 0,
      backoffs: 0,
      cleared_bytes: 0,
    });
  });

  it('after gobgp was killed: its flap and down-since, and bird’s message rates', () => {
    const state = run([...BASE, { type: 'control-poll', poll: poll(T_KILLED, reports('v5.0.15/pipe-show-neighbor-json-gobgp-killed.txt'), { latencyMs: 7 }) }]);
    const doc = buildSnapshot(state, T_KILLED + 1000, '0.1.0', 60)!;
    const [bird, gobgp, ghost] = doc.neighbors;
    expect(gobgp).toMatchObject({ address: '127.0.1.3', state: 'down', fsm: 'IDLE', since: iso(T_KILLED), since_exact: true, for_s: 1, flaps: 1 });
    expect(gobgp!.messages).toEqual({ sent: ZERO, received: ZERO });
    // received total 3 → 4 over 4.314 s; nothing else moved.
    expect(bird!.rates).toEqual({ messages_in: 0.23, messages_out: 0, updates_in: 0, updates_out: 0 });
    expect(bird!.messages.received).toEqual(counters(1, 0, 2, 1, 0, 4));
    expect(ghost).toMatchObject({ state: 'down', since: null, since_exact: false, since_from: 'unknown', flaps: 0 });
    expect(doc.neighbors_summary).toEqual({ established: 1, total: 3, configured: 3, stale: false });
    expect(doc.control).toMatchObject({ latency_ms: 7, ok: true, polls: 2, errors: 0 });
  });

  it('a NOTIFICATION counter that moved shows as the last error, with its time', () => {
    const up = reports('v5.0.15/pipe-show-neighbor-json-3peer-up.txt');
    const moved = up.map((r) => (r.address === '127.0.1.2' ? { ...r, messages: { sent: r.messages.sent, received: { ...r.messages.received, notification: 1, total: 4 } } } : r));
    const doc = buildSnapshot(run([...BASE, { type: 'control-poll', poll: poll(T_UP + 1000, moved) }]), T_UP + 1000, '0.1.0', 60)!;
    expect(doc.neighbors[0]!.last_error).toEqual({ time: iso(T_UP + 1000), message: 'NOTIFICATION received (counter 0 → 1)' });
    expect(doc.neighbors[1]!.last_error).toBeNull();
  });

  it('after a failed poll the last neighbors are kept and marked stale, with the error', () => {
    const raw = `${read('v5.0.15/pipe-show-neighbor-json-gobgp-killed.txt').slice(0, 900)}\ndone\n`;
    const error = 'bad answer to "show neighbor json": invalid JSON (900 chars): Unterminated string in JSON at position 900';
    const state = run([...BASE, { type: 'control-poll', poll: poll(T_KILLED, null, { ok: false, error, raw, latencyMs: 5 }) }]);
    const doc = buildSnapshot(state, T_KILLED + 100, '0.1.0', 60)!;
    expect(doc.neighbors.map((n) => [n.address, n.state, n.fsm, n.flaps])).toEqual([
      ['127.0.1.2', 'up', 'ESTABLISHED', 0],
      ['127.0.1.3', 'up', 'ESTABLISHED', 0],
      ['127.0.1.4', 'down', 'IDLE', 0],
    ]);
    expect(doc.neighbors_summary).toEqual({ established: 2, total: 3, configured: 3, stale: true });
    expect(doc.control).toEqual({
      transport: 'pipe',
      path: PIPE,
      found_by: 'helper 18440 environ exabgp_cli_pipe',
      dialect: '5.0',
      latency_ms: 5,
      ok: false,
      error,
      polls: 2,
      errors: 1,
      timeouts: 0,
      backoffs: 0,
      cleared_bytes: 0,
    });
    expect(state.control.raw).toBe(raw);
  });

  it('a timeout counts as one, and the next good poll clears the staleness', () => {
    const timeout = poll(T_KILLED, null, { ok: false, timedOut: true, error: 'no complete answer to "show neighbor json" within 2000 ms', latencyMs: 2000 });
    const failed = run([...BASE, { type: 'control-poll', poll: timeout }]);
    expect(buildSnapshot(failed, T_KILLED, '0.1.0', 60)!.control).toMatchObject({ ok: false, errors: 1, timeouts: 1, latency_ms: 2000 });
    expect(buildSnapshot(failed, T_KILLED, '0.1.0', 60)!.neighbors_summary.stale).toBe(true);
    const back = reduce(failed, { type: 'control-poll', poll: poll(T_KILLED + 1000, reports('v5.0.15/pipe-show-neighbor-json-gobgp-killed.txt')) });
    const doc = buildSnapshot(back, T_KILLED + 1000, '0.1.0', 60)!;
    expect(doc.neighbors_summary).toEqual({ established: 1, total: 3, configured: 3, stale: false });
    expect(doc.control).toMatchObject({ ok: true, error: null, polls: 3, errors: 1, timeouts: 1 });
    expect(doc.neighbors[1]).toMatchObject({ address: '127.0.1.3', state: 'down', flaps: 1 });
  });

  it('a new daemon life starts with no neighbors and counts the restart', () => {
    const state = run([...BASE, { type: 'attached', daemon: { ...daemon, pid: 18882, startTicks: 99_999, startTime: START + 60_000 }, helpers: [] }]);
    const doc = buildSnapshot(state, START + 61_000, '0.1.0', 60)!;
    expect(doc.daemon).toMatchObject({ pid: 18882, restarts: 1, uptime_s: 1, helpers: [] });
    expect(doc.neighbors).toEqual([]);
    expect(doc.neighbors_summary).toEqual({ established: null, total: null, configured: 3, stale: false });
  });

  it('a lost daemon has no uptime', () => {
    const state = run([...BASE, { type: 'lost', t: T_KILLED, reason: 'daemon pid 18387 is gone' }]);
    expect(buildSnapshot(state, T_KILLED, '0.1.0', 60)!.daemon.uptime_s).toBeNull();
  });
});
