// The Monitor over daemon lives, on captures of a real ExaBGP 6.0-dev (fixtures/v6.0-dev-lives)
// held in memory (test/support/fake-daemon.ts): attach, the life lost, its successor attached,
// with the control channel, the log follower and the files all taken from the Monitor's deps.
import { afterEach, describe, expect, it } from 'vitest';
import type { Target } from '../../src/core/model/daemon.js';
import { initialState } from '../../src/core/model/state.js';
import { Store } from '../../src/core/store.js';
import { Monitor, type MonitorDeps } from '../../src/session/monitor.js';
import {
  answersOf, CONFIG, FakeChannels, FakeLogs, FakeProc, fakeFiles, fixedCpu, life2, life3, lives, PID_FILE, SOCKET, socketHelper, startOf,
} from '../support/fake-daemon.js';

let monitor: Monitor | null = null;
afterEach(() => {
  monitor?.stop();
  monitor = null;
});

function setup(target: Target = { kind: 'auto' }) {
  // a minute into the second life: past the first seconds in which a silent channel is asked again sooner
  let clock = startOf(life2()) + 60_000;
  const proc = new FakeProc(() => clock);
  proc.add(life2());
  const files = new Map([[CONFIG, lives('exabgp.conf')], [PID_FILE, '9938\n']]);
  const reader = fakeFiles(files);
  const channels = new FakeChannels();
  channels.socket = { path: SOCKET, answers: answersOf(9938) };
  const logs = new FakeLogs();
  const store = new Store(initialState({ capacity: 16 }));
  const deps: MonitorDeps = { proc, cpu: fixedCpu(1.5), now: () => clock, plannedBy: async () => null, control: channels, logs, files: reader };
  monitor = new Monitor(store, target, deps);
  return { store, proc, files, reader, channels, logs, monitor, advance: (ms: number) => (clock += ms), now: () => clock };
}

describe('Monitor: attach', () => {
  it('attaches to the daemon /proc shows, reads its config through the file reader, and polls the channel it was handed', async () => {
    const { store, reader, channels, logs, monitor } = setup();
    await monitor.tick();
    const state = store.getState();
    expect(state.phase).toBe('attached');
    expect(state.daemon).toMatchObject({ pid: 9938, startTicks: 47447, config: CONFIG, pidFile: PID_FILE });
    expect(state.daemon!.version?.version).toBe('6.0.0-20261204+main-4460078e00');
    // the configuration names two neighbors: read from the files given, nothing of the host
    expect(state.configured.map((n) => n.address)).toEqual(['127.0.147.2', '127.0.147.4']);
    expect(reader.read).toContain(CONFIG);
    // one channel located and opened, in the 6.0 dialect; the full answer first, then the life's status
    expect(channels.located).toHaveLength(1);
    expect(channels.opened.map((o) => [o.location, o.options.dialect])).toEqual([[{ kind: 'socket', path: SOCKET, how: 'fake' }, '6.0']]);
    expect(channels.transport!.sent).toEqual(['peer show', 'daemon status']);
    expect(state.control).toMatchObject({ transport: 'socket', path: SOCKET, ok: true, error: null });
    expect(state.neighbors.map((n) => [n.address, n.fsm])).toEqual([['127.0.147.2', 'ESTABLISHED'], ['127.0.147.4', 'IDLE']]);
    expect(state.daemon!.own?.uuid).toBe('5434f84c-426b-4f5f-8ded-da7c4eccc81f');
    // and sampled: VmRSS of the capture, the meter's CPU
    expect(state.latest).toMatchObject({ rssBytes: 40728 * 1024, cpuPercent: 1.5 });
    expect(logs.calls).toEqual(['configure']);
    expect(logs.configured[0]).toEqual([{ kind: 'file', path: '/tmp/lives47/exabgp.log', how: 'fake stdout' }]);
  });

  it('with no daemon, says none and opens no channel', async () => {
    const { store, proc, channels, monitor } = setup();
    proc.kill(9938);
    await monitor.tick();
    expect(store.getState().phase).not.toBe('attached');
    expect(store.getState().message).toMatch(/No ExaBGP daemon/);
    expect(channels.located).toHaveLength(0);
  });
});

describe('Monitor: the life lost, its successor attached', () => {
  it('a query the dying daemon never answers does not hold the tick: the death is seen while it is in flight', async () => {
    const { store, proc, channels, monitor, advance } = setup();
    await monitor.tick();
    channels.transport!.hanging = true;
    const asked = channels.transport!.sent.length;
    // past the single-client socket's 5 s between polls: this tick asks
    advance(6000);
    const tick = monitor.tick();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(channels.transport!.sent.length).toBeGreaterThan(asked);
    proc.kill(9938);
    const started = Date.now();
    await tick;
    // within a few of the monitor's 100 ms looks at /proc, not the query's 2 s timeout (or never)
    expect(Date.now() - started).toBeLessThan(1000);
    await monitor.tick();
    expect(store.getState().phase).toBe('lost');
  });

  it('a life gone is lost (channel closed, the log follower told), then the daemon the pid file names is attached with a new channel', async () => {
    const { store, proc, files, channels, logs, monitor, advance, now } = setup();
    await monitor.tick();
    const first = channels.transport!;
    proc.kill(9938);
    advance(1000);
    await monitor.tick();
    expect(store.getState().phase).toBe('lost');
    expect(store.getState().message).toMatch(/daemon pid 9938 is gone/);
    expect(first.closed).toBe(true);
    expect(logs.calls).toEqual(['configure', 'newLife']);

    // the successor: another life of the same configuration, which writes its pid file
    const next = life3();
    proc.add(next, socketHelper());
    files.set(PID_FILE, '12716\n');
    channels.socket = { path: SOCKET, answers: answersOf(12716) };
    advance(startOf(next) + 60_000 - now());
    await monitor.tick();
    const state = store.getState();
    expect(state.phase).toBe('attached');
    expect(state.daemon).toMatchObject({ pid: 12716, startTicks: 56275 });
    expect(state.restarts).toBe(1);
    expect(state.helpers).toEqual([{ pid: 12777, role: 'cli-helper (socket)' }]);
    expect(channels.opened).toHaveLength(2);
    expect(channels.transport).not.toBe(first);
    expect(channels.transport!.sent).toEqual(['peer show', 'daemon status']);
    expect(first.sent).toEqual(['peer show', 'daemon status']);
    expect(state.daemon!.own?.uuid).not.toBe('5434f84c-426b-4f5f-8ded-da7c4eccc81f');
  });

  it('--pid: a daemon of another configuration is no successor: it waits, and attaches nothing', async () => {
    const { store, proc, files, channels, monitor, advance } = setup({ kind: 'pid', pid: 9938 });
    await monitor.tick();
    proc.kill(9938);
    advance(1000);
    await monitor.tick();
    const [pid, other] = life3();
    proc.add([pid, { ...other, cmdline: other.cmdline.replace(CONFIG, '/tmp/other/exabgp.conf') }]);
    files.delete(PID_FILE);
    advance(1000);
    await monitor.tick();
    expect(store.getState().phase).toBe('lost');
    expect(store.getState().message).toMatch(/waiting for the successor of pid 9938/);
    expect(channels.opened).toHaveLength(1);
  });
});
