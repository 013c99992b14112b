// The comparison template filled in the TUI, in a real terminal, against a real lab daemon:
// a CPU capture, figures typed by hand, baseline and candidate marked, Markdown exported.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLab, type TestLab } from '../support/lab.js';
import { Tmux } from '../support/tmux.js';

const CLI = new URL('../../bin/exatop.js', import.meta.url).pathname;

describe('Compare tab in tmux', () => {
  let lab: TestLab;
  let dir: string;
  const term = new Tmux();
  beforeAll(async () => {
    lab = await startTestLab('4.2', 25, ['exabgp']);
    dir = await mkdtemp(join(tmpdir(), 'exatop-compare-'));
    await term.start(130, 40);
  });
  afterAll(async () => {
    await term.stop();
    await lab?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const keys = async (...sequence: string[]) => {
    for (const k of sequence) {
      if (k.length > 1 && !['Enter', 'Escape'].includes(k)) await term.type(k);
      else await term.key(k);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };

  it('captures, takes typed figures, compares and exports the template', async () => {
    await term.type(`cd ${dir} && node ${CLI} --pidfile ${lab.plan.pidFile} --runs-dir ${dir}/runs --capture-duration 3s; echo "exit=$?"`, true);
    await term.waitFor((s) => s.includes('restarts 0'), 'the monitor');
    await keys('3', 'n', 'generator', 'Enter', 'C');
    await term.waitFor((s) => /capture cpu → generator: done stored cpuAvg \d+(\.\d+)? %/.test(s), 'the CPU capture', 20_000);
    await keys('v', 'est 0.45s', 'Enter', 'b', 'n', 'async', 'Enter', 'v', 'est 600ms', 'Enter', 'v', 'avg 99', 'Enter', 'c');
    const screen = await term.waitFor((s) => s.includes('| Establishment time | 0.45s | 0.6s | +33.3% | ❌ |'), 'the comparison row');
    expect(screen).toMatch(/\| CPU avg \| \d+(\.\d+)?% \| 99% \| \+\d+(\.\d)?% \| ❌ \|/);
    expect(screen).toContain('**Acceptance:** Async within ±10% of generator mode');
    await keys('x');
    await term.waitFor((s) => s.includes('exported to'), 'the export');
    await keys('v', 'rss lots', 'Enter');
    await term.waitFor((s) => s.includes('type a number'), 'a refused value');
    await keys('q');
    await term.waitFor((s) => s.includes('exit=0'), 'exit');

    const exported = (await readdir(dir)).find((f) => f.startsWith('exatop-comparison-') && f.endsWith('.md'));
    expect(exported).toBeDefined();
    const md = await readFile(join(dir, exported!), 'utf8');
    expect(md).toContain('| Metric | Generator | Async | Delta | Status |');
    expect(md).toContain('| Establishment time | 0.45s | 0.6s | +33.3% | ❌ |');
    expect(md).toContain('| Memory (24h) | ___MB | ___MB | ___% | ✅/❌ |');
    expect(md).toContain('- Session establishment time: 0.45 seconds');
    expect(md).toMatch(/Establishment time, Generator: typed by hand in exatop \(typed by hand\)/);
    expect(md).toMatch(/CPU avg, Generator: CPU ticks/);
    const runs = await readdir(join(dir, 'runs'));
    expect(runs.sort()).toEqual(['async.json', 'generator.json']);
  });
});
