// What an operator meets first: no daemon at all (the lab fallback of `npm start`), or several.
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanDaemons } from '../../src/io/daemon/discover.js';
import { ProcFs } from '../../src/io/procfs.js';
import { defaultLabRoot, labDown } from '../../src/io/lab/lab.js';
import { startTestLab, type TestLab } from '../support/lab.js';
import { Tmux } from '../support/tmux.js';

const CLI = new URL('../../bin/exatop.js', import.meta.url).pathname;
const SPARK = /[▁▂▃▄▅▆▇█]/;
const othersRunning = (await scanDaemons(new ProcFs())).length > 0;

describe('no daemon on the host', () => {
  const term = new Tmux();
  beforeAll(async () => {
    await term.start(110, 32);
  });
  afterAll(async () => {
    await term.stop();
    await labDown(defaultLabRoot(), 0);
  });

  it.skipIf(othersRunning)('--or-lab (npm start) starts the embedded lab, watches it, and stops it on q', async () => {
    await term.type(`node ${CLI} --or-lab; echo "exit=$?"`, true);
    const screen = await term.waitFor((s) => SPARK.test(s) && s.includes('2/3 established'), 'the lab in the TUI', 40_000);
    expect(screen).toMatch(/127\.0\.100\.2\s+bird/);
    const lab = (await scanDaemons(new ProcFs())).find((d) => d.configs[0]?.includes('/lab0/'));
    expect(lab).toBeDefined();
    await term.type('q');
    const after = await term.waitFor((s) => s.includes('exit=0'), 'exit', 20_000);
    expect(after).toContain('lab stopped');
    expect((await scanDaemons(new ProcFs())).some((d) => d.pid === lab!.pid)).toBe(false);
  });

  it.skipIf(othersRunning)('without --or-lab it says how to point exatop at a daemon, and keeps looking', async () => {
    const snapshot = await execa('node', [CLI, 'snapshot', '--json'], { reject: false });
    expect(snapshot.exitCode).toBe(1);
    expect(JSON.parse(snapshot.stdout).error.message).toContain('exatop lab');
    await term.type('clear', true);
    await term.type(`node ${CLI}; echo "exit=$?"`, true);
    const screen = await term.waitFor((s) => s.includes('No ExaBGP daemon'), 'the no-daemon screen');
    expect(screen).toContain('--pidfile FILE');
    expect(screen).toContain('keeps looking');
    await term.type('q');
    await term.waitFor((s) => s.includes('exit=0'), 'exit');
  });
});

describe('several daemons on the host', () => {
  let first: TestLab;
  let second: TestLab;
  const term = new Tmux();
  beforeAll(async () => {
    first = await startTestLab('4.2', 20, ['exabgp']);
    second = await startTestLab('4.2', 21, ['exabgp']);
    await term.start(110, 32);
  });
  afterAll(async () => {
    await term.stop();
    await first?.stop();
    await second?.stop();
  });

  it('headless: exit 1 with both candidates and a request for --pid', async () => {
    const r = await execa('node', [CLI, 'snapshot', '--json'], { reject: false });
    expect(r.exitCode).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.error.code).toBe('several_daemons');
    expect(doc.error.message).toContain('--pid');
    const pids = doc.error.candidates.map((c: { pid: number }) => c.pid);
    expect(pids).toContain(await first.daemonPid());
    expect(pids).toContain(await second.daemonPid());
  });

  it('the TUI offers a picker and watches the daemon chosen', async () => {
    await term.type(`node ${CLI}; echo "exit=$?"`, true);
    const picker = await term.waitFor((s) => s.includes('Several ExaBGP daemons'), 'the picker');
    const wanted = await second.daemonPid();
    const lines = picker.split('\n').filter((l) => /pid \d+/.test(l));
    const index = lines.findIndex((l) => l.includes(`pid ${wanted} `));
    expect(index).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < index; i++) await term.key('Down');
    await term.key('Enter');
    const screen = await term.waitFor((s) => s.includes(`pid ${wanted}`) && SPARK.test(s), 'the chosen daemon');
    expect(screen).toContain(second.plan.configFile);
    await term.type('q');
    await term.waitFor((s) => s.includes('exit=0'), 'exit');
  });
});
