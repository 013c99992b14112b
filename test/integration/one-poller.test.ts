// One poller per daemon life, on real 4.2.21 and 5.0.15 daemons: `exatop record` takes the
// life's lock and asks the daemon; two monitors and a snapshot beside it follow its feed and ask
// nothing; after kill -9 of the poller one follower takes over within 2 s and the other follows it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialState } from '../../src/core/model/state.js';
import { lockName } from '../../src/core/poller/feed-protocol.js';
import { askHolder } from '../../src/io/poller/lock.js';
import { SETTLE_LONG_QUIET_MS } from '../../src/io/control/pipe.js';
import { ProcFs } from '../../src/io/procfs.js';
import { pidusageMeter } from '../../src/io/vitals.js';
import { Store } from '../../src/core/store.js';
import { Monitor } from '../../src/session/monitor.js';
import { hostSharing } from '../../src/session/shared-control.js';
import { attachOnce, sessionsToWaitFor } from '../../src/session/capture/attach-once.js';
import { startTestLab, until, untilEstablished, type TestLab } from '../support/lab.js';

const CLI = new URL('../../bin/exatop.js', import.meta.url).pathname;
const proc = new ProcFs();

for (const [line, slot] of [['4.2', 24], ['5.0', 25]] as const) {
  describe(`one poller for a real ExaBGP ${line}`, () => {
    let lab: TestLab;
    let runtime: string;
    let env: NodeJS.ProcessEnv;
    const monitors: Monitor[] = [];
    let record: ResultPromise | null = null;
    beforeAll(async () => {
      lab = await startTestLab(line, slot, ['bird']);
      await untilEstablished(lab, 1, 60_000);
      runtime = await mkdtemp(join(tmpdir(), 'exatop-runtime-'));
      env = { ...process.env, XDG_RUNTIME_DIR: runtime };
    }, 120_000);
    afterAll(async () => {
      for (const m of monitors) m.stop();
      record?.kill('SIGKILL');
      await lab?.stop();
      await rm(runtime, { recursive: true, force: true });
    });

    const follow = (pid: number): { store: Store; monitor: Monitor } => {
      const store = new Store(initialState({ intervalMs: 1000 }));
      const monitor = new Monitor(store, { kind: 'pid', pid }, { proc, cpu: pidusageMeter(), now: Date.now, sharing: hostSharing(env) }, { logs: false });
      monitors.push(monitor);
      monitor.start();
      return { store, monitor };
    };
    const shows = (store: Store, count: number) => store.getState().control.ok === true && store.getState().neighbors.length === count;

    it('record, two monitors, a snapshot and a capture share one poller; kill -9 of it is taken over within 2 s', async () => {
      const pid = await lab.daemonPid();
      const stat = (await proc.stat(pid))!;
      const lock = lockName({ pid, startTicks: stat.startTicks });
      const out = join(runtime, 'rec.jsonl');
      record = execa('node', [CLI, 'record', '--pid', String(pid), '--out', out], { env, reject: false, stdin: 'ignore' });
      const poller = await until('exatop record to take the life\'s lock', () => askHolder(lock), 20_000, 50);
      expect(poller.command).toContain('record');
      const neighbors = lab.plan.neighbors.length;

      const a = follow(pid);
      const b = follow(pid);
      await until('both monitors to show the neighbors from the feed', async () => shows(a.store, neighbors) && shows(b.store, neighbors), 20_000, 20);
      for (const m of [a, b]) {
        expect(m.monitor.role).toBe('follower');
        // a follower never makes a control client: nothing of it reaches the daemon
        expect(m.monitor.control).toBeNull();
        expect(m.store.getState().control.how).toMatch(new RegExp(`^polled by exatop pid ${poller.pid} \\(exatop record`));
        expect(m.store.getState().control.polledBy).toBe(poller.pid);
      }
      // the same answers: the poller's polls, with the poller's timestamps
      await until('a second poll on both', async () => a.store.getState().control.polls >= 2 && b.store.getState().control.polls >= 2, 10_000, 20);

      const snap = await execa('node', [CLI, 'snapshot', '--pid', String(pid)], { env, reject: false, stdin: 'ignore' });
      const doc = JSON.parse(snap.stdout);
      expect(doc.control.found_by).toMatch(new RegExp(`^polled by exatop pid ${poller.pid} `));
      expect(doc.control.ok).toBe(true);
      expect(doc.neighbors).toHaveLength(neighbors);

      // The capture's "which sessions are up" goes through the poller too.
      const expected = await sessionsToWaitFor(proc, await attachOnce(proc, { kind: 'pid', pid }), { sharing: hostSharing(env) });
      expect(expected.length).toBeGreaterThan(0);
      expect((await askHolder(lock))?.pid).toBe(poller.pid);

      // killed right after an answer, between two queries: its feed said it had none in flight
      const polls = a.store.getState().control.polls;
      await until('a fresh answer from the poller', async () => a.store.getState().control.polls > polls, 5_000, 2);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const lastBefore = Math.max(a.store.getState().control.lastOkAt ?? 0, b.store.getState().control.lastOkAt ?? 0);
      process.kill(poller.pid, 'SIGKILL');
      const killedAt = Date.now();
      await until('a follower to take over', async () => a.monitor.role === 'poller' || b.monitor.role === 'poller', 5_000, 10);
      const [next, other] = a.monitor.role === 'poller' ? [a, b] : [b, a];
      const firstAfter = async (store: Store) => until('a good poll after the kill', async () => {
        const t = store.getState().control.lastOkAt;
        return t !== null && t > killedAt ? { t, at: Date.now(), latencyMs: store.getState().control.lastLatencyMs } : null;
      }, 5_000, 5);
      const [seenByPoller, seenByFollower] = await Promise.all([firstAfter(next.store), firstAfter(other.store)]);
      // the follower got the new poller's first answer, and its time is the poller's
      expect(seenByFollower.t).toBe(seenByPoller.t);
      // neighbors again on both within 2 s of the kill; the recording's gap is at most that
      expect(Math.max(seenByPoller.at, seenByFollower.at) - killedAt).toBeLessThan(2000);
      expect(seenByPoller.t - lastBefore).toBeLessThan(2000 + 1000);
      // so the new poller's first query did not wait for the pipe to be quiet 1.1 s first
      expect(seenByPoller.latencyMs).toBeLessThan(SETTLE_LONG_QUIET_MS);
      expect(other.monitor.role).toBe('follower');
      expect(other.monitor.control).toBeNull();
      expect(other.store.getState().control.polledBy).toBe(process.pid);
      expect(next.monitor.control).not.toBeNull();
      expect(next.store.getState().control.polledBy).toBeNull();
      expect(next.store.getState().control.how).toMatch(/polled here for 1 other exatop process too/);
      expect(shows(other.store, neighbors)).toBe(true);
    });
  });
}
