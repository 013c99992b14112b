// Measurements of the comparison template against real daemons, checked against the peer's own
// clock (BIRD) and against pidstat.
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locate } from '../../src/io/daemon/discover.js';
import { describeDaemon } from '../../src/io/daemon/identity.js';
import { ProcFs } from '../../src/io/procfs.js';
import { measureCpuAverage } from '../../src/session/capture/cpu-average.js';
import { timeEstablishment } from '../../src/session/capture/establishment.js';
import { labRestartDaemon } from '../../src/io/lab/lab.js';
import { startChurn } from '../support/churn.js';
import { startTestLab, until, type TestLab } from '../support/lab.js';

/** When BIRD says its session to the daemon became Established (its own clock), epoch ms. */
async function birdEstablishedAt(lab: TestLab): Promise<number | null> {
  const ctl = `${lab.plan.runDir}/bird.ctl`;
  const { stdout } = await execa('birdc', ['-s', ctl, 'show', 'protocols'], { reject: false });
  const match = /^exa\s+BGP\s+\S+\s+up\s+(\d\d):(\d\d):(\d\d)\.(\d+)\s+Established/m.exec(stdout);
  if (!match) return null;
  const [, h, m, s, frac] = match;
  const d = new Date();
  d.setHours(Number(h), Number(m), Number(s), Math.round(Number(`0.${frac}`) * 1000));
  return d.getTime();
}

for (const [line, slot] of [['4.2', 18], ['5.0', 19]] as const) {
  describe(`captures on a real ExaBGP ${line}`, () => {
    let lab: TestLab;
    const proc = new ProcFs();
    beforeAll(async () => {
      lab = await startTestLab(line, slot, ['bird']);
      await until('bird established', async () => (await birdEstablishedAt(lab)) !== null, 20_000, 200);
    });
    afterAll(async () => {
      await lab?.stop();
    });

    it('times 3 restarts from process start to ESTABLISHED, agreeing with BIRD\'s own clock', async () => {
      const bird = lab.plan.neighbors.find((n) => n.name === 'bird')!.address;
      for (let run = 0; run < 3; run++) {
        const before = await locate(proc, { kind: 'pidfile', path: lab.plan.pidFile });
        expect(before.status).toBe('found');
        const previous = before.status === 'found' ? before.daemon : null;
        const timing = timeEstablishment({ proc, target: { kind: 'pidfile', path: lab.plan.pidFile }, expected: [bird], previous, timeoutMs: 30_000 });
        await labRestartDaemon(lab);
        const result = await timing;
        expect(result.error).toBeNull();
        expect(result.ok).toBe(true);
        expect(result.seconds!).toBeGreaterThan(0);
        expect(result.seconds!).toBeLessThan(10);
        expect(result.peakCpuPercent!).toBeGreaterThan(0);
        expect(result.cpuSamples).toBeGreaterThanOrEqual(1);
        const birdSays = await birdEstablishedAt(lab);
        expect(birdSays).not.toBeNull();
        // BIRD's "since" and the daemon's own `up` event (its API process writes the event stream
        // to a file in the lab) date the same event from both ends of the session: within issue
        // #13's 0.2 s. The control channel could not: a restarting 4.2 opens its pipe after the
        // session is up (360-630 ms late on CI).
        expect(result.establishedBy).toMatchObject({ kind: 'api-event', file: join(lab.plan.logDir, 'api-events.log') });
        expect(Math.abs(result.establishedAt! - birdSays!)).toBeLessThan(200);
      }
    });

    it('a neighbor that never comes up fails the run visibly instead of hanging', async () => {
      const ghost = lab.plan.neighbors.find((n) => n.kind === 'ghost')!.address;
      const before = await locate(proc, { kind: 'pidfile', path: lab.plan.pidFile });
      const previous = before.status === 'found' ? before.daemon : null;
      const timing = timeEstablishment({ proc, target: { kind: 'pidfile', path: lab.plan.pidFile }, expected: [ghost], previous, timeoutMs: 4000 });
      await labRestartDaemon(lab);
      const started = Date.now();
      const result = await timing;
      expect(Date.now() - started).toBeLessThan(8000);
      expect(result.ok).toBe(false);
      expect(result.error).toContain(`${ghost} (`);
      expect(result.error).toContain('not ESTABLISHED within 4 s');
    });

    it('CPU average under API churn is within 1 percentage point of pidstat over the same window', async () => {
      const found = await locate(proc, { kind: 'pidfile', path: lab.plan.pidFile });
      if (found.status !== 'found') throw new Error('no lab daemon');
      const daemon = await describeDaemon(proc, found.daemon);
      const stop = startChurn(lab.plan, 200);
      try {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const pidstat = execa('pidstat', ['-p', String(daemon.pid), '1', '8'], { env: { LC_ALL: 'C' } });
        const ours = await measureCpuAverage({ proc, daemon, durationMs: 8000 });
        const { stdout } = await pidstat;
        const average = stdout.split('\n').find((l) => l.startsWith('Average:') && l.includes(String(daemon.pid)));
        const columns = stdout.split('\n').find((l) => /%CPU/.test(l))!.trim().split(/\s+/);
        const pidstatCpu = Number(average!.trim().split(/\s+/)[columns.indexOf('%CPU')]);
        expect(ours.ok).toBe(true);
        expect(ours.samples.length).toBeGreaterThanOrEqual(7);
        expect(ours.average!).toBeGreaterThan(0.5);
        expect(Math.abs(ours.average! - pidstatCpu)).toBeLessThanOrEqual(1);
      } finally {
        expect(stop()).toBeGreaterThan(100);
      }
    });
  });
}
