// openSession: the one factory every watching command uses (src/session/session.ts), run on the
// in-memory daemon of test/support/fake-daemon.ts.
import { describe, expect, it } from 'vitest';
import { alertConfigSchema } from '../../src/core/alerts/config.js';
import { openSession } from '../../src/session/session.js';
import type { CpuMeter } from '../../src/io/vitals.js';
import { answersOf, CONFIG, FakeChannels, FakeLogs, FakeProc, fakeFiles, life2, lives, PID_FILE, SOCKET, startOf } from '../support/fake-daemon.js';

function io(cpuPercent: number) {
  const clock = startOf(life2()) + 60_000;
  const proc = new FakeProc(() => clock);
  proc.add(life2());
  const channels = new FakeChannels();
  channels.socket = { path: SOCKET, answers: answersOf(9938) };
  let closed = 0;
  const cpu: CpuMeter = { percent: async () => cpuPercent, forget: () => undefined, close: () => void closed++ };
  const files = fakeFiles(new Map([[CONFIG, lives('exabgp.conf')], [PID_FILE, '9938\n']]));
  return { deps: { proc, cpu, now: () => clock, plannedBy: async () => null, control: channels, logs: new FakeLogs(), files }, closed: () => closed };
}

describe('openSession', () => {
  it('builds the store as asked and a monitor on the given I/O; stop() stops it and closes the CPU meter once', async () => {
    const { deps, closed } = io(2);
    const session = openSession({ target: { kind: 'auto' }, capacity: 4, intervalMs: 5000, sharing: false, io: deps });
    expect(session.store.getState().intervalMs).toBe(5000);
    expect(session.store.getState().series.rss.capacity).toBe(4);
    expect(session.proc).toBe(deps.proc);
    expect(session.sharing).toBeNull();
    expect(session.alerting).toBeNull();
    await session.monitor.tick();
    expect(session.store.getState().phase).toBe('attached');
    session.stop();
    session.stop();
    expect(closed()).toBe(1);
  });

  it('with alerts, the monitor observes them after each sample and the session hands the engine back', async () => {
    const { deps } = io(95);
    const config = alertConfigSchema.parse({ rules: { 'cpu-high': { percent: 50, minDurationMs: 0 } } });
    const said: string[] = [];
    const session = openSession({ target: { kind: 'auto' }, sharing: false, io: deps, alerts: { config, hook: null, say: (line) => said.push(line) } });
    await session.monitor.tick();
    expect(session.store.getState().alerts.active.map((a) => a.id)).toContain('cpu-high');
    expect(session.alerting.take().map((a) => a.id)).toContain('cpu-high');
    session.stop();
  });
});
