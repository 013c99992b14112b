// A fleet in migration, for real: two `exatop serve` processes (the built CLI) watching two real
// ExaBGP 4.2 daemons, scraped by a real Prometheus that evaluates monitoring/prometheus-fleet.yml.
// Both daemons are generator daemons (CI runs no 6.0): the second serve is told the reactor with
// `--reactor asyncio`, exactly what an operator does for a daemon whose reactor exatop cannot
// derive. What is under test is the rule pipeline over real scrapes: the join on exabgp_info's
// reactor label, the medians, the verdict, and the verdict vanishing when one side is gone.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { procTruth, startTestLab, until, type TestLab } from '../support/lab.js';
import { freePort, startPrometheus, type TestPrometheus } from '../support/prometheus.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const CLI = join(ROOT, 'bin/exatop.js');
const FLEET_RULES = join(ROOT, 'monitoring/prometheus-fleet.yml');
const FLEET_TESTS = join(ROOT, 'monitoring/prometheus-fleet.test.yml');
const DASHBOARD = join(ROOT, 'monitoring/grafana-dashboard.json');
const USER_HZ = 100;

interface Serve {
  target: string;
  process: ResultPromise;
  stderr: () => string;
}

async function serve(lab: TestLab, extra: string[]): Promise<Serve> {
  const port = await freePort();
  const child = execa('node', [CLI, 'serve', '--listen', `127.0.0.1:${port}`, '--pidfile', lab.plan.pidFile, '--interval', '0.5', ...extra], { reject: false, buffer: { stdout: false } });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await until(`serve on ${port} attached`, async () => {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`).catch(() => null))?.text();
    return text?.includes('\nexabgp_up 1\n') && text.includes('exabgp_peer_established{');
  }, 30_000, 200);
  return { target: `127.0.0.1:${port}`, process: child, stderr: () => stderr };
}

async function stopServe(s: Serve | undefined): Promise<void> {
  if (!s?.process.pid || s.process.exitCode !== null) return;
  s.process.kill('SIGTERM');
  await s.process;
}

const value = (r: { data: { result: { value: [number, string] }[] } }): number | null => (r.data.result[0] ? Number(r.data.result[0].value[1]) : null);

async function cpuSecondsOf(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
}

describe('fleet rules: generator vs asyncio instances, two exatop serve scraped by a real Prometheus', () => {
  let generatorLab: TestLab;
  let asyncLab: TestLab;
  let generator: Serve;
  let canary: Serve;
  let prometheus: TestPrometheus;
  const query = (promql: string) => prometheus.query(promql);

  beforeAll(async () => {
    [generatorLab, asyncLab] = await Promise.all([startTestLab('4.2', 30, ['bird']), startTestLab('4.2', 31, ['bird'])]);
    [generator, canary] = await Promise.all([serve(generatorLab, []), serve(asyncLab, ['--reactor', 'asyncio'])]);
    prometheus = await startPrometheus([generator.target, canary.target], [FLEET_RULES]);
  });
  afterAll(async () => {
    await prometheus?.stop();
    await Promise.all([stopServe(generator), stopServe(canary)]);
    await Promise.all([generatorLab?.stop(), asyncLab?.stop()]);
  });

  it('promtool: the rules check, and their unit tests pass (within, outside, one side missing)', async () => {
    const check = await execa('promtool', ['check', 'rules', FLEET_RULES], { reject: false });
    expect(check.exitCode, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain('SUCCESS: 18 rules found');
    const tests = await execa('promtool', ['test', 'rules', FLEET_TESTS], { reject: false });
    expect(tests.exitCode, tests.stdout + tests.stderr).toBe(0);
  });

  it('exports CPU as a counter that follows /proc/PID/stat, and the reactor label as told (with a warning)', async () => {
    const pid = await asyncLab.daemonPid();
    const text = await (await fetch(`http://${canary.target}/metrics`)).text();
    expect(text).toContain('# TYPE exabgp_process_cpu_seconds_total counter');
    const exported = Number(/^exabgp_process_cpu_seconds_total (\S+)$/m.exec(text)?.[1]);
    const truth = await cpuSecondsOf(pid);
    // Sampled at most one interval (0.5 s) before: behind /proc by what the daemon used since.
    expect(exported).toBeGreaterThan(0);
    expect(truth - exported).toBeGreaterThanOrEqual(0);
    expect(truth - exported).toBeLessThan(0.5);
    expect(text).toMatch(/^exabgp_info\{version="4\.2\.[^"]+",reactor="asyncio"\} 1$/m);
    expect(canary.stderr()).toMatch(/WARNING: --reactor asyncio, but pid \d+ looks like generator/);
    const plain = await (await fetch(`http://${generator.target}/metrics`)).text();
    expect(plain).toMatch(/^exabgp_info\{version="4\.2\.[^"]+",reactor="generator"\} 1$/m);
  });

  it('records per-reactor medians equal to each side\'s daemon, and a verdict that follows them', async () => {
    const verdicts = await until('five verdicts', async () => {
      const r = await query('exabgp_fleet:verdict');
      return r.data.result.length === 5 ? r.data.result : null;
    }, 60_000, 500);
    expect(verdicts.map((v) => v.metric['figure']).sort()).toEqual(['cpu', 'established_share', 'flaps', 'restarts', 'rss']);
    for (const v of verdicts) expect(['0', '1']).toContain(v.value[1]);

    for (const [reactor, lab] of [['generator', generatorLab], ['asyncio', asyncLab]] as const) {
      const median = value(await query(`exabgp_fleet:resident_memory_bytes:median{reactor="${reactor}"}`));
      const truth = (await procTruth(await lab.daemonPid())).rssBytes;
      expect(Math.abs(median! - truth) / truth, reactor).toBeLessThan(0.05);
      // bird up, the ghost never: one of two sessions.
      expect(value(await query(`exabgp_fleet:established:share{reactor="${reactor}"}`)), reactor).toBe(0.5);
      expect(value(await query(`exabgp_fleet:instances:count{reactor="${reactor}"}`)), reactor).toBe(1);
    }
    const instance = await query('exabgp_instance:resident_memory_bytes{reactor="asyncio"}');
    expect(instance.data.result.map((r) => r.metric['instance'])).toEqual([canary.target]);

    // The verdict is the rule applied to the ratio Prometheus holds at the same evaluation.
    const [ratio, rss] = await Promise.all([
      query('exabgp_fleet:resident_memory_bytes:async_vs_generator_ratio'),
      query('exabgp_fleet:verdict{figure="rss"}'),
    ]);
    expect(value(rss)).toBe(Math.abs(value(ratio)! - 1) <= 0.1 ? 1 : 0);
    expect(value(await query('exabgp_fleet:verdict{figure="established_share"}'))).toBe(1);
    expect(value(await query('exabgp_fleet:verdict{figure="restarts"}'))).toBe(1);
  });

  it('the dashboard\'s fleet row finds data for every panel', async () => {
    const dash = JSON.parse(await readFile(DASHBOARD, 'utf8')) as { panels: { title: string; type: string; targets?: { expr: string }[] }[] };
    const row = dash.panels.findIndex((p) => p.type === 'row' && p.title.startsWith('Fleet'));
    expect(row).toBeGreaterThan(0);
    const next = dash.panels.findIndex((p, i) => i > row && p.type === 'row');
    const panels = dash.panels.slice(row + 1, next < 0 ? undefined : next);
    expect(panels.length).toBeGreaterThanOrEqual(6);
    for (const p of panels) {
      for (const t of p.targets ?? []) {
        const r = await until(`${p.title}: ${t.expr}`, async () => ((await query(t.expr)).data.result.length > 0 ? true : null), 30_000, 500);
        expect(r, p.title).toBe(true);
      }
    }
  });

  it('with the asyncio instance gone, the verdict is gone: no data is never a pass', async () => {
    await stopServe(canary);
    await until('verdict gone', async () => ((await query('exabgp_fleet:verdict')).data.result.length === 0 ? true : null), 30_000, 500);
    expect((await query('exabgp_fleet:instances:count{reactor="asyncio"}')).data.result).toEqual([]);
    expect(value(await query('exabgp_fleet:instances:count{reactor="generator"}'))).toBe(1);
  });
});
