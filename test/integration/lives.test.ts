// Every daemon life on real 4.2.21 and 5.0.15 daemons: a clean restart (SIGTERM + start), a
// monitor started before its daemon, the log's backlog on open and a new life's lines at once,
// and capture/record given --pid following restarts while an unrelated daemon runs beside.
import { mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { labRestartDaemon } from '../../src/io/lab/lab.js';
import { stopProcess } from '../../src/io/lab/processes.js';
import { ProcFs } from '../../src/io/procfs.js';
import { pidusageMeter } from '../../src/io/vitals.js';
import { initialState } from '../../src/core/model/state.js';
import type { Target } from '../../src/core/model/daemon.js';
import { Store } from '../../src/core/store.js';
import { Monitor } from '../../src/session/monitor.js';
import { startTestLab, until, type TestLab } from '../support/lab.js';

const CLI = new URL('../../bin/exatop.js', import.meta.url).pathname;
const proc = new ProcFs();

/**
 * When the new daemon's control channel appears: its CLI helper (a child of the daemon) opens
 * the lab's `.in` pipe. Polled every 10 ms from the moment the restart begins.
 */
async function channelAppears(lab: TestLab, oldPid: number | null): Promise<{ pid: number; at: number }> {
  const pipe = join(lab.plan.runDir, `${lab.plan.pipeName}.in`);
  return until('the new daemon\'s CLI helper to open its pipe', async () => {
    const pid = Number((await readFile(lab.plan.pidFile, 'utf8').catch(() => '')).trim());
    if (!pid || pid === oldPid) return null;
    for (const child of await proc.children(pid)) {
      const fds = await readdir(`/proc/${child}/fd`).catch(() => []);
      for (const fd of fds) if ((await readlink(`/proc/${child}/fd/${fd}`).catch(() => '')) === pipe) return { pid, at: Date.now() };
    }
    return null;
  }, 30_000, 10);
}

/** When the monitor first shows the new life's neighbors from a good poll. */
async function neighborsShown(store: Store, pid: number, count: number): Promise<number> {
  await until(`neighbors of pid ${pid}`, async () => {
    const s = store.getState();
    return s.daemon?.pid === pid && s.control.ok === true && s.neighbors.length === count;
  }, 30_000, 10);
  return Date.now();
}

const startMonitor = (target: Target, intervalMs = 1000, logBacklogLines?: number): { store: Store; monitor: Monitor } => {
  const store = new Store(initialState({ intervalMs }));
  const monitor = new Monitor(store, target, { proc, cpu: pidusageMeter(), now: Date.now }, logBacklogLines === undefined ? {} : { logBacklogLines });
  monitor.start();
  return { store, monitor };
};

let other: TestLab;
beforeAll(async () => {
  // An unrelated daemon on the same host, as production runs one per service or family.
  other = await startTestLab('4.2', 31, ['bird']);
}, 120_000);
afterAll(async () => {
  await other?.stop();
});

for (const [line, slot] of [['4.2', 29], ['5.0', 30]] as const) {
  describe(`every life of a real ExaBGP ${line}`, () => {
    let lab: TestLab;
    let monitor: Monitor | null = null;
    const neighborCount = () => lab.plan.neighbors.length;
    beforeAll(async () => {
      lab = await startTestLab(line, slot, ['bird']);
    }, 120_000);
    afterAll(async () => {
      await lab?.stop();
    });
    afterEach(() => {
      monitor?.stop();
      monitor = null;
    });

    it('SIGTERM + start: the successor\'s neighbors within 2 s of its control channel appearing, its log lines at once', async () => {
      const oldPid = await lab.daemonPid();
      const started = startMonitor({ kind: 'pid', pid: oldPid });
      monitor = started.monitor;
      const { store } = started;
      await neighborsShown(store, oldPid, neighborCount());
      const before = store.getState().logs.entries.length;
      const appeared = channelAppears(lab, oldPid);
      await labRestartDaemon(lab);
      const channel = await appeared;
      const shown = await neighborsShown(store, channel.pid, neighborCount());
      expect(shown - channel.at).toBeLessThan(2000);
      expect(store.getState().restarts).toBe(1);
      // The successor's startup lines are listed at once, after the old life's, not folded into them.
      const daemon = store.getState().daemon!;
      await until('the new life\'s startup lines', async () => store.getState().logs.entries.some((e) => e.class === 'startup' && e.first >= daemon.startTime - 1000 && e.count === 1), 3000, 20);
      const entries = store.getState().logs.entries;
      expect(entries.length).toBeGreaterThan(before);
      const fresh = entries.findIndex((e) => e.class === 'startup' && e.first >= daemon.startTime - 1000);
      // In time order: nothing of the old life is listed after the new life's startup line.
      expect(entries.slice(fresh).every((e) => e.first >= daemon.startTime - 1000)).toBe(true);
    }, 60_000);

    it('a monitor started before its daemon shows the neighbors within 2 s of the control channel appearing', async () => {
      const daemon = lab.state.processes.find((p) => p.role === 'daemon')!;
      const children = await proc.children(daemon.pid);
      await stopProcess(proc, daemon);
      for (const pid of children) {
        const stat = await proc.stat(pid);
        if (stat) await stopProcess(proc, { pid, startTicks: stat.startTicks }, 2000);
      }
      const started = startMonitor({ kind: 'pidfile', path: lab.plan.pidFile });
      monitor = started.monitor;
      const { store } = started;
      await until('no daemon', async () => store.getState().phase === 'none', 10_000, 20);
      const appeared = channelAppears(lab, daemon.pid);
      await labRestartDaemon(lab);
      const channel = await appeared;
      const shown = await neighborsShown(store, channel.pid, neighborCount());
      expect(shown - channel.at).toBeLessThan(2000);
      // exatop saw this life begin: the neighbors it found down are down since the daemon started.
      const ghost = store.getState().neighbors.find((n) => n.address === lab.plan.neighbors.find((x) => x.kind === 'ghost')!.address)!;
      expect(ghost.established).toBe(false);
      expect(['daemon-start', 'log']).toContain(ghost.sinceFrom);
      expect(ghost.since).toBeGreaterThanOrEqual(store.getState().daemon!.startTime);
    }, 60_000);

    it('the Logs tab opens with the last lines of the log, shown but not counted', async () => {
      const text = await readFile(join(lab.plan.logDir, 'exabgp.log'), 'utf8');
      const last = text.split('\n').filter((l) => l.trim() !== '').slice(-20);
      const started = startMonitor({ kind: 'pidfile', path: lab.plan.pidFile }, 1000, 20);
      monitor = started.monitor;
      const { store } = started;
      const first = await until('the backlog', async () => {
        const { logs } = store.getState();
        return logs.entries.length > 0 ? logs : null;
      }, 5000, 20);
      const entries = first.entries;
      expect(entries.length).toBeGreaterThan(0);
      expect(entries.length).toBeLessThanOrEqual(20);
      // Every entry shown on open is one of the file's last 20 lines (4.2 prefixes each with time | pid | source).
      for (const e of entries) expect(last.some((l) => l.includes(e.summary.slice(0, 60)))).toBe(true);
      // Counted since following began: the backlog is not (an old traceback must not raise an alert).
      expect(first.counters?.lines).toBe(0);
    }, 30_000);

    it('capture --pid follows its restarts (same configuration, same pid file) with an unrelated daemon running', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'exatop-lives-'));
      try {
        const pid = await lab.daemonPid();
        const otherPid = await other.daemonPid();
        expect(otherPid).not.toBe(pid);
        const capture = await execa('node', [CLI, 'capture', 'establishment', '--label', 'generator', '--out', join(dir, 'run.json'), '--pid', String(pid), '--runs', '2', '--yes',
          '--restart-cmd', 'node', CLI, 'lab', 'restart', '--slot', String(slot)], { reject: false, stdin: 'ignore', timeout: 120_000 });
        expect(capture.stderr).not.toContain('several ExaBGP daemons');
        expect(capture.exitCode, capture.stderr).toBe(0);
        expect(capture.stderr).toMatch(/run 2\/2: \d+\.\d\d s/);
        expect(await other.daemonPid()).toBe(otherPid);
        expect(await lab.daemonPid()).not.toBe(pid);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }, 150_000);

    it('record --pid follows the successor and never the unrelated daemon', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'exatop-lives-'));
      try {
        const pid = await lab.daemonPid();
        const out = join(dir, 'rec.jsonl');
        const recorder = execa('node', [CLI, 'record', '--out', out, '--pid', String(pid), '--interval', '0.5', '--duration', '14s'], { reject: false, stdin: 'ignore' });
        await until('recording', async () => (await readFile(out, 'utf8').catch(() => '')).includes(`"pid":${pid}`), 10_000, 100);
        // As the capture above, through the CLI: lab.json, not this test's handle, knows the daemon now.
        const restart = await execa('node', [CLI, 'lab', 'restart', '--slot', String(slot)], { reject: false, stdin: 'ignore' });
        expect(restart.exitCode, restart.stderr).toBe(0);
        const next = await lab.daemonPid();
        const result = await recorder;
        expect(result.exitCode, result.stderr).toBe(0);
        const pids = new Set((await readFile(out, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((l) => l.type === 'sample').map((l) => l.pid));
        expect(pids).toContain(pid);
        expect(pids).toContain(next);
        expect(pids).not.toContain(await other.daemonPid());
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }, 60_000);
  });
}
