// The comparison template filled from the command line against a real lab daemon.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLab, untilEstablished, type TestLab } from '../support/lab.js';

const CLI = new URL('../../bin/exatop.js', import.meta.url).pathname;
const exatop = (...args: string[]) => execa('node', [CLI, ...args], { reject: false, stdin: 'ignore' });

describe('exatop capture on a real ExaBGP 4.2', () => {
  let lab: TestLab;
  let dir: string;
  beforeAll(async () => {
    lab = await startTestLab('4.2', 24, ['bird']);
    dir = await mkdtemp(join(tmpdir(), 'exatop-runs-'));
    await untilEstablished(lab, 1);
  });
  afterAll(async () => {
    await lab?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const restart = () => ['--restart-cmd', 'node', CLI, 'lab', 'restart', '--slot', String(lab.slot)];

  it('refuses to restart the daemon without a terminal unless --yes says so', async () => {
    const r = await exatop('capture', 'establishment', '--label', 'generator', '--out', join(dir, 'refused.json'), '--pidfile', lab.plan.pidFile, '--runs', '2', ...restart());
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('add --yes');
  });

  it('a --restart-cmd that cannot be started says why (ENOENT) and stops at once, not after the 120 s wait', async () => {
    const started = Date.now();
    const r = await exatop('capture', 'establishment', '--label', 'generator', '--out', join(dir, 'never.json'), '--pidfile', lab.plan.pidFile, '--runs', '2', '--yes', '--restart-cmd', '/nonexistent/restart-exabgp', 'now');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('cannot start /nonexistent/restart-exabgp: ENOENT');
    expect(r.stderr).not.toContain('undefined');
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('fills one run with establishment, peak CPU, CPU average and RSS, each saying how it was measured', async () => {
    const out = join(dir, 'generator.json');
    const est = await exatop('capture', 'establishment', '--label', 'generator', '--out', out, '--pidfile', lab.plan.pidFile, '--runs', '3', '--yes', ...restart());
    expect(est.exitCode, est.stderr).toBe(0);
    expect(est.stderr).toMatch(/run 3\/3: \d+\.\d\d s, peak CPU \d+%/);
    const cpu = await exatop('capture', 'cpu', '--label', 'generator', '--out', out, '--pidfile', lab.plan.pidFile, '--duration', '3s');
    expect(cpu.exitCode, cpu.stderr).toBe(0);
    const rss = await exatop('capture', 'rss', '--label', 'generator', '--out', out, '--pidfile', lab.plan.pidFile, '--json');
    // Stored, but read before 24 h of uptime: incomplete (3), never a plain 0.
    expect(rss.exitCode, rss.stderr).toBe(3);
    expect(rss.stderr).toContain('before the 24.0 h the template asks for');
    const told = JSON.parse(rss.stdout);
    expect(told).toMatchObject({ format: 'exatop-capture', file: out, label: 'generator', what: 'rss', exitCode: 3 });
    expect(told.stored.rss24h).toMatchObject({ unit: 'MB', meetsTarget: false, samples: 1 });

    const run = JSON.parse(await readFile(out, 'utf8'));
    expect(run).toMatchObject({ format: 'exatop-run', label: 'generator', exabgp: { reactor: 'generator' } });
    expect(run.exabgp.version).toMatch(/^4\.2\./);
    const { establishment, cpuPeak, cpuAvg, rss24h } = run.metrics;
    expect(establishment).toMatchObject({ unit: 's', source: 'measured', samples: 3, meetsTarget: true });
    expect(establishment.raw).toHaveLength(3);
    expect(establishment.value).toBeCloseTo(establishment.raw.reduce((a: number, b: number) => a + b, 0) / 3, 2);
    expect(establishment.method).toContain('lab restart');
    expect(cpuPeak).toMatchObject({ unit: '%', samples: 3 });
    expect(cpuPeak.value).toBe([...cpuPeak.raw].sort((x: number, y: number) => x - y)[1]);
    expect(cpuAvg).toMatchObject({ unit: '%', meetsTarget: true });
    expect(cpuAvg.window.seconds).toBeGreaterThanOrEqual(2.9);
    expect(rss24h).toMatchObject({ unit: 'MB', meetsTarget: false, samples: 1 });
    expect(rss24h.bytes / 1024 / 1024).toBeCloseTo(rss24h.value, 0);
  });

  it('compare reads two captured runs into the template\'s table', async () => {
    const base = join(dir, 'generator.json');
    const cand = join(dir, 'async.json');
    const est = await exatop('capture', 'peak', '--label', 'async', '--out', cand, '--pidfile', lab.plan.pidFile, '--yes', ...restart());
    expect(est.exitCode, est.stderr).toBe(0);
    const md = await exatop('compare', base, cand, '--markdown');
    expect([1, 3]).toContain(md.exitCode); // establishment is missing on the async side: never 0
    expect(md.stdout).toContain('| Metric | Generator | Async | Delta | Status |');
    expect(md.stdout).toMatch(/\| Establishment time \| \d+(\.\d+)?s \| ___s \| ___% \|/);
    expect(md.stdout).toMatch(/\| CPU peak \| \d+(\.\d+)?% \| \d+(\.\d+)?% \| [+-]\d+(\.\d)?% \| (✅|❌) \|/);
  });
});
