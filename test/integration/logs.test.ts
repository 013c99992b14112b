// Real daemons logging through their own file logger: classified entries, and a log that is
// rotated by rename, copied and truncated, deleted and recreated under the monitor.
import { copyFile, rename, truncate, unlink, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcFs } from '../../src/io/procfs.js';
import type { LogEntry } from '../../src/core/logs/types.js';
import { initialState } from '../../src/core/model/state.js';
import { Store } from '../../src/core/store.js';
import { Monitor } from '../../src/session/monitor.js';
import { pidusageMeter } from '../../src/io/vitals.js';
import { writeCommands } from '../support/churn.js';
import { startTestLab, until, type TestLab } from '../support/lab.js';

const markers = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `show exatop-marker-${from + i}`);

for (const [line, slot] of [['4.2', 22], ['5.0', 23]] as const) {
  describe(`the log of a real ExaBGP ${line}`, () => {
    let lab: TestLab;
    let store: Store;
    let monitor: Monitor;
    const entries = (): LogEntry[] => store.getState().logs.entries;
    const markerCount = () => entries().filter((e) => e.class === 'api-rejected' && e.summary.includes('exatop-marker-')).reduce((n, e) => n + e.count, 0);

    beforeAll(async () => {
      lab = await startTestLab(line, slot, ['exabgp'], 'file');
      store = new Store(initialState({ intervalMs: 250 }));
      monitor = new Monitor(store, { kind: 'pidfile', path: lab.plan.pidFile }, { proc: new ProcFs(), cpu: pidusageMeter(), now: Date.now });
      monitor.start();
      await until('the log file to be followed', async () => store.getState().logs.sources.some((s) => s.name === lab.plan.logFile && s.state === 'following'), 15_000);
      // The CLI helper reads the pipe only once it is up: exatop's first good poll says so.
      await until('the control channel', async () => store.getState().control.ok === true, 15_000);
    });
    afterAll(async () => {
      monitor?.stop();
      await lab?.stop();
    });

    it('finds the file by itself from exabgp_log_destination', () => {
      const source = store.getState().logs.sources.find((s) => s.name === lab.plan.logFile);
      expect(source).toMatchObject({ kind: 'file', how: 'exabgp_log_destination', state: 'following' });
    });

    it('a rejected API command and a bad route become classified entries', async () => {
      writeCommands(lab.plan, ['show nonsense', 'announce route 300.1.2.0/24 next-hop self']);
      const rejected = await until('the rejected command', async () => entries().find((e) => e.class === 'api-rejected' && e.summary.includes('show nonsense')), 10_000);
      expect(rejected.source).not.toBeNull();
      expect(store.getState().logs.counters!.apiRejected).toBeGreaterThanOrEqual(1);
      if (line === '4.2') {
        // 4.2 logs the failed address parse (not the route itself); 5.0.15 only answers `error`
        // on the pipe and logs nothing about a bad route at INFO.
        const bad = await until('the bad route', async () => entries().find((e) => /illegal IP address/i.test(`${e.summary}\n${e.lines.join('\n')}`)), 10_000);
        expect(bad.class).toBe('error');
        expect(store.getState().logs.counters!.lastError).not.toBeNull();
      }
    });

    it('loses and repeats no line across copytruncate and rotation by rename', async () => {
      const path = lab.plan.logFile!;
      writeCommands(lab.plan, markers(0, 40));
      await until('the first markers', async () => markerCount() === 40, 10_000);
      // copytruncate: the daemon's file logger appends, so it goes on at the start of the file.
      await copyFile(path, `${path}.copied`);
      await truncate(path, 0);
      writeCommands(lab.plan, markers(40, 80));
      await until('markers after copytruncate', async () => markerCount() >= 80, 10_000);
      // logrotate without a signal: the daemon keeps writing the renamed file.
      await rename(path, `${path}.1`);
      await writeFile(path, '');
      writeCommands(lab.plan, markers(80, 120));
      await until('markers after the rename', async () => markerCount() >= 120, 10_000);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(markerCount()).toBe(120);
    });

    it('a deleted log says "log source missing" and recovers when the file returns', async () => {
      const path = lab.plan.logFile!;
      await unlink(path);
      const missing = await until('missing status', async () => store.getState().logs.sources.find((s) => s.name === path && s.state === 'missing'), 5000);
      expect(missing.message).toContain('missing');
      await writeFile(path, '');
      await until('following again', async () => store.getState().logs.sources.find((s) => s.name === path && s.state === 'following'), 5000);
    });
  });
}
