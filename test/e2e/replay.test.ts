// A recording of a real daemon played back in a real terminal, with time travel.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLab, type TestLab } from '../support/lab.js';
import { Tmux } from '../support/tmux.js';

const CLI = new URL('../../bin/exatop.js', import.meta.url).pathname;

describe('exatop replay in tmux', () => {
  let lab: TestLab;
  let dir: string;
  const term = new Tmux();
  beforeAll(async () => {
    lab = await startTestLab('4.2', 29, ['exabgp']);
    dir = await mkdtemp(join(tmpdir(), 'exatop-replay-'));
    // CI=true, as on CI: Ink must still draw live frames in a terminal.
    await term.start(120, 36, { CI: 'true' });
  });
  afterAll(async () => {
    await term.stop();
    await lab?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows the recorded daemon, steps, jumps and plays, and needs no daemon', async () => {
    const out = join(dir, 'r.jsonl');
    const pid = await lab.daemonPid();
    const rec = await execa('node', [CLI, 'record', '--out', out, '--pidfile', lab.plan.pidFile, '--interval', '0.25', '--duration', '4s'], { reject: false });
    expect(rec.exitCode, rec.stderr).toBe(0);
    await lab.stop();

    await term.type(`node ${CLI} replay ${out}; echo "exit=$?"`, true);
    const first = await term.waitFor((s) => s.includes('REPLAY') && s.includes(`pid ${pid}`), 'the replay');
    const position = (s: string) => Number(/\] (\d+)\/(\d+)/.exec(s)?.[1]);
    const total = Number(/\] \d+\/(\d+)/.exec(first)?.[1]);
    expect(total).toBeGreaterThanOrEqual(10);
    expect(position(first)).toBe(1);
    expect(first).toContain('ExaBGP 4.2.21');
    await term.key('Right');
    await term.waitFor((s) => position(s) === 2, 'one step forward');
    await term.type('>');
    const end = await term.waitFor((s) => position(s) === total, 'the end');
    expect(end).toMatch(/2\/3 established|1\/2 established/);
    // The recording kept the names, AS numbers and message totals the live table showed.
    expect(end).toMatch(/127\.0\.\d+\.\d+\s+exabgp-peer\s+6500\d ESTABLISHED\s+\S+\s+\d+\s+\d+\s+\d+/);
    await term.type('<');
    await term.waitFor((s) => position(s) === 1, 'the start');
    await term.type(']');
    await term.waitFor((s) => s.includes('×2'), 'double speed');
    await term.type(' ');
    await term.waitFor((s) => s.includes('▶') && position(s) > 1, 'playing');
    await term.type('q');
    await term.waitFor((s) => s.includes('exit=0'), 'exit');
  });
});
