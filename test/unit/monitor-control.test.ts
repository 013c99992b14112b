// The Monitor's control channel on a fake transport (test/support/fake-daemon.ts, captures of a
// real 6.0-dev in fixtures/v6.0-dev-lives): five failed polls in a row and the channel is looked
// for again; waiting for another client is no failure; a channel that moved is found at its new
// place; one missing at attach is looked for until it appears.
import { afterEach, describe, expect, it } from 'vitest';
import { SINGLE_CLIENT_POLL_MS } from '../../src/core/control/commands.js';
import type { FailureKind } from '../../src/core/control/transport.js';
import { initialState } from '../../src/core/model/state.js';
import { Store } from '../../src/core/store.js';
import { Monitor } from '../../src/session/monitor.js';
import { answersOf, CONFIG, FakeChannels, FakeLogs, FakeProc, fakeFiles, fixedCpu, life2, lives, PID_FILE, SOCKET, startOf } from '../support/fake-daemon.js';

let monitor: Monitor | null = null;
afterEach(() => {
  monitor?.stop();
  monitor = null;
});

function setup() {
  let clock = startOf(life2()) + 60_000;
  const proc = new FakeProc(() => clock);
  proc.add(life2());
  const channels = new FakeChannels();
  channels.socket = { path: SOCKET, answers: answersOf(9938) };
  const store = new Store(initialState({ capacity: 16 }));
  const files = fakeFiles(new Map([[CONFIG, lives('exabgp.conf')], [PID_FILE, '9938\n']]));
  monitor = new Monitor(store, { kind: 'auto' }, { proc, cpu: fixedCpu(1), now: () => clock, plannedBy: async () => null, control: channels, logs: new FakeLogs(), files });
  // The captured daemon's socket serves one client at a time: exatop asks it at most every
  // SINGLE_CLIENT_POLL_MS while it answers. Ticks that far apart poll every time.
  const tick = async () => {
    clock += SINGLE_CLIENT_POLL_MS;
    await monitor!.tick();
  };
  return { store, channels, monitor, tick };
}

/** How many times the channel was looked for after each of `n` ticks whose polls fail with `kind`. */
async function locatedAfterFailures(kind: FailureKind, n: number) {
  const { channels, tick } = setup();
  await tick();
  channels.transport!.failing = kind;
  const located: number[] = [];
  for (let i = 0; i < n; i++) {
    await tick();
    located.push(channels.located.length);
  }
  return { located, channels };
}

describe('Monitor: the control channel looked for again after five failed polls', () => {
  it('four failures keep the channel; the fifth in a row looks for it again and opens a new one', async () => {
    const { located, channels } = await locatedAfterFailures('closed', 6);
    expect(located).toEqual([1, 1, 1, 1, 2, 2]);
    expect(channels.opened).toHaveLength(2);
    // the first transport is closed when the new one is opened
    expect(channels.opened[0]!.transport.closed).toBe(true);
  });

  it.each<FailureKind>(['missing', 'timeout', 'no-daemon', 'io'])('a %s failure counts', async (kind) => {
    const { located } = await locatedAfterFailures(kind, 5);
    expect(located.at(-1)).toBe(2);
  });

  it.each<FailureKind>(['foreign', 'busy'])('waiting (%s: another client on the channel, a late answer read on) is no failure: never relocated', async (kind) => {
    const { located } = await locatedAfterFailures(kind, 8);
    expect(located).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('a poll that answers in between starts the count again', async () => {
    const { channels, tick } = setup();
    await tick();
    const transport = channels.transport!;
    for (const failing of ['closed', 'closed', 'closed', 'closed', null, 'closed', 'closed', 'closed', 'closed'] as const) {
      transport.failing = failing;
      await tick();
    }
    expect(channels.located).toHaveLength(1);
    transport.failing = 'closed';
    await tick();
    expect(channels.located).toHaveLength(2);
  });
});

describe('Monitor: control re-location', () => {
  it('the channel moved: after five failures the new place is found, polled at once with the full answer, and the store says where', async () => {
    const { store, channels, tick } = setup();
    await tick();
    channels.transport!.failing = 'missing';
    const moved = '/tmp/lives47/run2/exabgp.sock';
    channels.socket = { path: moved, answers: answersOf(9938) };
    for (let i = 0; i < 5; i++) await tick();
    expect(store.getState().control.path).toBe(moved);
    expect(store.getState().control.ok).toBe(false);
    await tick();
    const state = store.getState();
    expect(channels.transport!.path).toBe(moved);
    expect(channels.transport!.sent[0]).toBe('peer show');
    expect(state.control).toMatchObject({ path: moved, ok: true, error: null });
    expect(state.neighbors).toHaveLength(2);
  });

  it('no channel at attach (6.0\'s socket comes after the daemon): it is said, looked for again, and polled once it appears', async () => {
    const { store, channels, monitor, tick } = setup();
    channels.socket = null;
    await tick();
    expect(store.getState().control.error).toMatch(/control channel not found/);
    expect(channels.opened).toHaveLength(0);
    channels.socket = { path: SOCKET, answers: answersOf(9938) };
    // the search's timer looks again 0.1 s after the first look; found, the monitor polls at once
    const until = Date.now() + 2000;
    while (!channels.transport?.sent.includes('daemon status') && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    await monitor.settled();
    expect(channels.located.length).toBeGreaterThanOrEqual(2);
    expect(channels.opened).toHaveLength(1);
    expect(channels.transport!.sent).toEqual(['peer show', 'daemon status']);
    expect(store.getState().control).toMatchObject({ path: SOCKET, ok: true, error: null });
    expect(store.getState().neighbors).toHaveLength(2);
  });
});
