// The Monitor on a 6.0-dev socket (fake transport over captures of a real 6.0-dev daemon,
// fixtures/v6.0-dev-lives): the captured daemon runs the default single-client socket, so it is
// asked at most every 5 s and the control line says how to enable multi-client mode; with
// exabgp_api_multi_client=true in its environment the connection is kept and every tick polls;
// the details view open makes every poll the full answer.
import { afterEach, describe, expect, it } from 'vitest';
import { SINGLE_CLIENT_POLL_MS } from '../../src/core/control/commands.js';
import { initialState } from '../../src/core/model/state.js';
import { Store } from '../../src/core/store.js';
import { Monitor } from '../../src/session/monitor.js';
import { answersOf, CONFIG, FakeChannels, FakeLogs, FakeProc, fakeFiles, fixedCpu, life2, lives, PID_FILE, SOCKET, startOf } from '../support/fake-daemon.js';

let monitor: Monitor | null = null;
afterEach(() => {
  monitor?.stop();
  monitor = null;
});

function setup(extraEnviron: string, extraFiles: [string, string][] = []) {
  let clock = startOf(life2()) + 60_000;
  const proc = new FakeProc(() => clock);
  const [pid, life] = life2();
  proc.add([pid, { ...life, environ: life.environ + extraEnviron }]);
  const channels = new FakeChannels();
  channels.socket = { path: SOCKET, answers: answersOf(9938) };
  const store = new Store(initialState({ capacity: 16 }));
  const files = fakeFiles(new Map([[CONFIG, lives('exabgp.conf')], [PID_FILE, '9938\n'], ...extraFiles]));
  monitor = new Monitor(store, { kind: 'auto' }, { proc, cpu: fixedCpu(1), now: () => clock, plannedBy: async () => null, control: channels, logs: new FakeLogs(), files });
  /** Ticks a second apart; the neighbor polls each one made. */
  const ticks = async (n: number) => {
    const polls: number[] = [];
    for (let i = 0; i < n; i++) {
      const before = channels.transport?.sent.filter((c) => c.startsWith('peer ')).length ?? 0;
      await monitor!.tick();
      polls.push((channels.transport?.sent.filter((c) => c.startsWith('peer ')).length ?? 0) - before);
      clock += 1000;
    }
    return polls;
  };
  return { store, channels, monitor, ticks };
}

describe('Monitor on a 6.0 socket', () => {
  it('single-client (the captured daemon): one poll per 5 s, one connection each, and the control line says why', async () => {
    const { store, channels, monitor: m, ticks } = setup('');
    // every poll the full answer: the captures of this life have no `peer list` (README there)
    m.wantFull(true);
    const polls = await ticks(2 * SINGLE_CLIENT_POLL_MS / 1000);
    expect(polls.reduce((a, b) => a + b, 0)).toBe(2);
    expect(polls[0]).toBe(1);
    expect(channels.opened[0]!.options.persistent).toBe(false);
    expect(store.getState().control.how).toContain('single-client socket: polled every 5 s');
    expect(store.getState().control.how).toContain('exabgp_api_multi_client=true');
    expect(store.getState().neighbors.length).toBeGreaterThan(0);
  });

  it('multi-client set in the daemon\'s env file ([exabgp.api] multi_client = true): the connection is kept too', async () => {
    const env = '/tmp/lives47/exabgp.env';
    const { channels, ticks } = setup(`EXABGP_ENVFILE=${env}\0`, [[env, '[exabgp.api]\nmulti_client = true\n']]);
    expect(await ticks(3)).toEqual([1, 1, 1]);
    expect(channels.opened[0]!.options.persistent).toBe(true);
  });

  it('multi-client (exabgp_api_multi_client=true in its environment): the connection is kept and every tick polls', async () => {
    const { store, channels, ticks } = setup('exabgp_api_multi_client=true\0');
    const polls = await ticks(6);
    expect(polls).toEqual([1, 1, 1, 1, 1, 1]);
    expect(channels.opened[0]!.options.persistent).toBe(true);
    expect(store.getState().control.how).toContain('multi-client socket: one connection kept open');
  });

  it('the details view open: every poll is the full answer (`peer show`); closed again, the small one comes back', async () => {
    const { channels, monitor: m, ticks } = setup('exabgp_api_multi_client=true\0');
    await ticks(1);
    m.wantFull(true);
    const from = channels.transport!.sent.length;
    await ticks(4);
    expect(channels.transport!.sent.slice(from).filter((c) => c.startsWith('peer '))).toEqual(['peer show', 'peer show', 'peer show', 'peer show']);
    m.wantFull(false);
    const after = channels.transport!.sent.length;
    await ticks(1);
    expect(channels.transport!.sent.slice(after).filter((c) => c.startsWith('peer '))).toEqual(['peer list']);
  });
});
