// Real ExaBGP daemons from the lab: exatop's figures against /proc, and following a restart.
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcFs } from '../../src/io/procfs.js';
import { initialState } from '../../src/core/model/state.js';
import { Store } from '../../src/core/store.js';
import { labRestartDaemon } from '../../src/io/lab/lab.js';
import { Monitor } from '../../src/session/monitor.js';
import { pidusageMeter } from '../../src/io/vitals.js';
import { procTruth, startTestLab, until, type TestLab } from '../support/lab.js';

const CLI = new URL('../../bin/exatop.js', import.meta.url).pathname;

for (const [line, slot] of [['4.2', 11], ['5.0', 12]] as const) {
  describe(`ExaBGP ${line} lab`, () => {
    let lab: TestLab;
    beforeAll(async () => {
      lab = await startTestLab(line, slot);
    });
    afterAll(async () => {
      await lab?.stop();
    });

    it('snapshot --json reports the daemon with figures matching /proc', async () => {
      const pid = await lab.daemonPid();
      const result = await execa('node', [CLI, 'snapshot', '--json', '--pidfile', lab.plan.pidFile], { reject: false });
      expect(result.exitCode, result.stderr).toBe(0);
      const doc = JSON.parse(result.stdout);
      const truth = await procTruth(pid);
      expect(doc.daemon.pid).toBe(pid);
      expect(doc.daemon.version).toMatch(line === '4.2' ? /^4\.2\./ : /^5\.0\.15/);
      expect(doc.daemon.reactor).toBe('generator');
      expect(doc.daemon.reactor_source).toContain(line);
      expect(doc.daemon.config).toBe(lab.plan.configFile);
      expect(doc.daemon.restarts).toBe(0);
      expect(doc.daemon.uptime_s).toBeGreaterThan(0);
      expect(Math.abs(doc.vitals.rss_bytes - truth.rssBytes) / truth.rssBytes).toBeLessThanOrEqual(0.05);
      expect(Math.abs(doc.vitals.fds - truth.fds)).toBeLessThanOrEqual(1);
      expect(doc.vitals.fd_limit).toBeGreaterThan(0);
      expect(doc.vitals.threads).toBeGreaterThanOrEqual(1);
      expect(doc.vitals.cpu_percent).toBeGreaterThanOrEqual(0);
      const roles = doc.daemon.helpers.map((h: { role: string }) => h.role);
      expect(roles).toContain('cli-helper');
      expect(roles.some((r: string) => r.startsWith('api'))).toBe(true);
      expect(doc.vitals.helpers_rss_bytes).toBeGreaterThan(0);
    });

    it('without a terminal on stdout the TUI prints one snapshot and exits 0', async () => {
      const result = await execa('node', [CLI, '--pidfile', lab.plan.pidFile], { reject: false, stdin: 'ignore' });
      expect(result.exitCode, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout).daemon.pid).toBe(await lab.daemonPid());
      expect(result.stderr).toContain('stdout is not a terminal');
    });

    it('auto-discovery finds the lab daemon and never the lab\'s ExaBGP peer', async () => {
      const { scanDaemons } = await import('../../src/io/daemon/discover.js');
      const found = await scanDaemons(new ProcFs());
      const pid = await lab.daemonPid();
      expect(found.map((d) => d.pid)).toContain(pid);
      const peer = lab.state.processes.find((p) => p.name === 'exabgp-peer');
      expect(peer).toBeDefined();
      expect(found.map((d) => d.pid)).not.toContain(peer!.pid);
    });

    it('follows the daemon across kill -9 and a restart: new pid, restarts 1, history kept', async () => {
      const store = new Store(initialState({ intervalMs: 250 }));
      const monitor = new Monitor(store, { kind: 'pidfile', path: lab.plan.pidFile }, { proc: new ProcFs(), cpu: pidusageMeter(), now: Date.now });
      monitor.start();
      try {
        const first = await lab.daemonPid();
        await until('attached with samples', async () => store.getState().phase === 'attached' && store.getState().series.rss.length >= 3);
        const samplesBefore = store.getState().series.rss.length;
        process.kill(first, 'SIGKILL');
        await until('exatop to notice the loss', async () => store.getState().phase === 'lost', 3000);
        const started = await labRestartDaemon(lab);
        const upAt = Date.now();
        await until('re-attach to the new daemon', async () => store.getState().daemon?.pid === started.pid && store.getState().phase === 'attached', 5000, 20);
        expect(Date.now() - upAt).toBeLessThan(2000);
        const state = store.getState();
        expect(state.daemon!.pid).not.toBe(first);
        expect(state.restarts).toBe(1);
        expect(state.lives.map((l) => l.pid)).toEqual([first, started.pid]);
        expect(state.lives[0]!.endTime).not.toBeNull();
        expect(state.series.rss.length).toBeGreaterThan(samplesBefore);
        expect(state.series.rss.toArray().some(Number.isNaN)).toBe(true);
      } finally {
        monitor.stop();
      }
    });

    it('a tick that samples vitals, neighbors and logs tells the screen once', async () => {
      const store = new Store(initialState({ intervalMs: 1000 }));
      const monitor = new Monitor(store, { kind: 'pidfile', path: lab.plan.pidFile }, { proc: new ProcFs(), cpu: pidusageMeter(), now: Date.now });
      await monitor.tick();
      expect(store.getState().phase).toBe('attached');
      let notified = 0;
      const unsubscribe = store.subscribe(() => notified++);
      try {
        for (let i = 1; i <= 3; i++) {
          await monitor.tick();
          expect(notified).toBe(i);
        }
        const state = store.getState();
        expect(state.series.rss.length).toBeGreaterThanOrEqual(3);
        expect(state.control.polls).toBeGreaterThanOrEqual(3);
        expect(state.logs.sources.length).toBeGreaterThan(0);
      } finally {
        unsubscribe();
        monitor.stop();
      }
    });
  });
}
