// `exatop compare` as CI would call it: the built CLI, real files, exit codes 0/1/2. No daemon.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeRun } from '../../src/core/compare/run-schema.js';
import { saveMetric } from '../../src/io/runs/store.js';
import { ASYNC_60, GENERATOR_421, manual, measured, runOf } from '../support/runs.js';

const CLI = new URL('../../bin/exatop.js', import.meta.url).pathname;
const BENCH = new URL('../../fixtures/pytest-benchmark/', import.meta.url).pathname;
const exatop = (...args: string[]) => execa('node', [CLI, ...args], { reject: false, env: { XDG_STATE_HOME: '/nonexistent/state' } });

const BASE = { establishment: 0.42, rss24h: 45.2, cpuAvg: 2.5, cpuPeak: 35 };
let dir: string;
const at = (name: string) => join(dir, name);

async function writeRun(name: string, label: string, values: Partial<typeof BASE>): Promise<string> {
  await writeFile(at(name), serializeRun(runOf(label, values)));
  return at(name);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'exatop-compare-'));
  await writeRun('generator.json', 'generator', BASE);
  await writeRun('async-ok.json', 'async', { establishment: 0.44, rss24h: 47.9, cpuAvg: 2.6, cpuPeak: 33 });
  await writeRun('async-worse.json', 'async', { ...BASE, cpuAvg: 3.1 }); // +24 %
  await writeRun('async-better.json', 'async', { ...BASE, cpuAvg: 1.5 }); // −40 %
  await writeRun('async-partial.json', 'async', { establishment: 0.43, rss24h: 46 });
  await writeFile(at('corrupt.json'), serializeRun(runOf('async', BASE)).replace('"value": 2.5', '"value": "2.5"'));
  await writeFile(at('newer.json'), JSON.stringify({ format: 'exatop-run', version: 2, label: 'async' }));
  await writeFile(at('truncated.json'), serializeRun(runOf('async', BASE)).slice(0, 200));
  await writeFile(at('other.json'), JSON.stringify({ name: 'some-package', version: '1.0.0' }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('exatop compare: runs', () => {
  it('every figure within ±10 %: exit 0, the template\'s table on stdout', async () => {
    const r = await exatop('compare', at('generator.json'), at('async-ok.json'));
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('| Metric | Generator | Async | Delta | Status |');
    expect(r.stdout).toContain('| Establishment time | 0.42s | 0.44s | +4.8% | ✅ |');
    expect(r.stdout).toContain('**Acceptance:** Async within ±10% of generator mode');
    expect(r.stderr).toBe('');
  });

  it('one figure beyond ±10 %: exit 1, its row marked ❌', async () => {
    const r = await exatop('compare', at('generator.json'), at('async-worse.json'), '--markdown');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('| CPU avg | 2.5% | 3.1% | +24.0% | ❌ |');
  });

  it('--threshold widens the rule: the same files pass at 25 %', async () => {
    const r = await exatop('compare', at('generator.json'), at('async-worse.json'), '--threshold', '25');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('**Acceptance:** Async within ±25% of generator mode');
  });

  it('--fail-on regression: a better figure passes where --fail-on any fails it', async () => {
    expect((await exatop('compare', at('generator.json'), at('async-better.json'))).exitCode).toBe(1);
    expect((await exatop('compare', at('generator.json'), at('async-better.json'), '--fail-on', 'regression')).exitCode).toBe(0);
    expect((await exatop('compare', at('generator.json'), at('async-worse.json'), '--fail-on', 'regression')).exitCode).toBe(1);
  });

  it('missing figures: ___ in the table, exit 3, stderr says incomplete', async () => {
    const r = await exatop('compare', at('generator.json'), at('async-partial.json'));
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toContain('| CPU avg | 2.5% | ___% | ___% | ✅/❌ |');
    expect(r.stderr).toContain('incomplete');
  });

  it('--json: rows with both figures, their methods, Δ, status, outcome and exit code', async () => {
    const r = await exatop('compare', at('generator.json'), at('async-worse.json'), '--json');
    expect(r.exitCode).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ format: 'exatop-comparison', kind: 'runs', outcome: 'fail', exitCode: 1, rule: { thresholdPercent: 10, failOn: 'any' } });
    const cpu = doc.rows.find((row: { metric: string }) => row.metric === 'cpuAvg');
    expect(cpu).toMatchObject({ status: 'fail', baseline: { value: 2.5, unit: '%', source: 'measured' }, candidate: { value: 3.1 } });
    expect(cpu.delta).toBeCloseTo(0.24, 12);
    expect(cpu.baseline.method).toBe('test method for cpuAvg');
    expect(doc.baseline).toMatchObject({ file: at('generator.json'), label: 'generator', exabgp: GENERATOR_421 });
  });

  it('names in the runs folder (--runs-dir), files written by saveMetric', async () => {
    await saveMetric(at('store/generator.json'), 'generator', 'cpuAvg', measured('cpuAvg', [2.4, 2.6]), GENERATOR_421);
    await saveMetric(at('store/async.json'), 'async', 'cpuAvg', measured('cpuAvg', [2.5, 2.7]), ASYNC_60);
    await saveMetric(at('store/async.json'), 'async', 'rss24h', manual('rss24h', 50), ASYNC_60);
    const r = await exatop('compare', 'generator', 'async', '--runs-dir', at('store'));
    expect(r.exitCode, r.stderr).toBe(3);
    expect(r.stdout).toContain('| CPU avg | 2.5% | 2.6% | +4.0% | ✅ |');
    expect(r.stdout).toContain('- Memory (24h), Async: read by a person for rss24h (typed by hand)');
  });
});

describe('exatop compare: bad input, exit 2', () => {
  it.each([
    ['a corrupt run', 'corrupt.json', /corrupt\.json: metrics\.cpuAvg\.value: /],
    ['a run from a newer exatop', 'newer.json', /newer\.json: made by a newer exatop/],
    ['a truncated file', 'truncated.json', /truncated\.json: not valid JSON/],
    ['JSON of another tool', 'other.json', /other\.json: neither an exatop run/],
    ['a missing file', 'absent.json', /absent\.json: cannot read/],
  ])('%s: the message names the file (and field), stdout stays empty', async (_what, name, message) => {
    const before = await readFile(at(name), 'utf8').catch(() => null);
    const r = await exatop('compare', at('generator.json'), at(name));
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(await readFile(at(name), 'utf8').catch(() => null)).toBe(before);
  });

  it('a run and a pytest-benchmark file: two kinds, exit 2', async () => {
    const r = await exatop('compare', at('generator.json'), join(BENCH, '0002_cand.json'));
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('is an exatop run but');
    expect(r.stderr).toContain('compare two of a kind');
  });

  it.each([
    [['compare', 'only-one.json'], /compare takes two files/],
    [['compare', 'a', 'b', '--threshold', 'tight'], /--threshold takes a percentage/],
    [['compare', 'a', 'b', '--threshold=-5'], /--threshold takes a percentage/],
    [['compare', 'a', 'b', '--fail-on', 'sometimes'], /--fail-on takes any or regression/],
    [['compare', 'a', 'b', '--markdown', '--json'], /--markdown or --json, not both/],
    [['compare', 'a', 'b', '--frobnicate'], /Unknown option '--frobnicate'/],
  ])('usage error %j: exit 2 with a hint', async (args, message) => {
    const r = await exatop(...args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain("Try 'exatop --help'");
  });

  it('--help documents the exit codes, incomplete comparisons included', async () => {
    const r = await exatop('compare', '--help');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('3 incomplete or provisional');
    expect((await exatop('--help')).stdout).toContain('exatop compare BASE CAND');
  });
});

describe('exatop compare: pytest-benchmark files', () => {
  const base = join(BENCH, '0001_base.json');
  const cand = join(BENCH, '0002_cand.json');
  const load = async (f: string) => JSON.parse(await readFile(f, 'utf8'));

  it('per test mean/median/stddev deltas; exit code from the means by pytest-benchmark\'s check', async () => {
    const [b, c] = [await load(base), await load(cand)];
    const means = new Map(c.benchmarks.map((t: any) => [t.fullname, t.stats.mean]));
    const shared = b.benchmarks.filter((t: any) => means.has(t.fullname));
    const anyFails = shared.some((t: any) => (means.get(t.fullname) as number) / t.stats.mean * 100 - 100 > 10);
    const r = await exatop('compare', base, cand);
    expect(r.exitCode).toBe(anyFails ? 1 : 3);
    for (const t of shared) expect(r.stdout).toContain(`| ${t.name} | mean | `);
    for (const stat of ['median', 'stddev']) expect(r.stdout).toContain(`|  | ${stat} | `);
  });

  it('--json lists the tests found in only one file', async () => {
    const r = await exatop('compare', base, cand, '--json');
    const doc = JSON.parse(r.stdout);
    expect(doc.kind).toBe('pytest-benchmark');
    expect(doc.onlyInBaseline).toEqual(['bench_module.py::test_parse_keepalive_only']);
    expect(doc.onlyInCandidate).toEqual(['bench_module.py::test_parse_single_update']);
    expect(doc.exitCode).toBe(r.exitCode);
  });

  it('--fail-on regression: exit code from the means that got slower only', async () => {
    const [b, c] = [await load(base), await load(cand)];
    const means = new Map(c.benchmarks.map((t: any) => [t.fullname, t.stats.mean]));
    const slower = b.benchmarks.some((t: any) => means.has(t.fullname) && (means.get(t.fullname) as number) / t.stats.mean - 1 > 0.1);
    expect((await exatop('compare', base, cand, '--fail-on', 'regression')).exitCode).toBe(slower ? 1 : 0);
  });

  it('a test more than 10 % faster passes by default, as --benchmark-compare-fail=mean:10% lets it; --symmetric fails it', async () => {
    // The fixture's test_parse_header got about 30 % faster; both files cut down to that test.
    const only = async (f: string, name: string) => {
      const doc = await load(f);
      doc.benchmarks = doc.benchmarks.filter((t: any) => t.name === 'test_parse_header');
      await writeFile(at(name), JSON.stringify(doc));
      return at(name);
    };
    const [b, c] = [await only(base, 'header-base.json'), await only(cand, 'header-cand.json')];
    const [bm, cm] = [(await load(b)).benchmarks[0].stats.mean, (await load(c)).benchmarks[0].stats.mean];
    expect(cm / bm).toBeLessThan(0.9);
    const r = await exatop('compare', b, c);
    expect(r.exitCode, r.stdout).toBe(0);
    expect(r.stdout).toContain('--benchmark-compare-fail=mean:10%');
    expect((await exatop('compare', b, c, '--symmetric')).exitCode).toBe(1);
  });

  it('a file compared with itself: exit 0', async () => {
    const copy = at('bench-copy.json');
    await copyFile(base, copy);
    const r = await exatop('compare', base, copy);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('**Result:** ✅ every row passes');
  });

  it('a broken pytest-benchmark file: exit 2 naming the file and field', async () => {
    const doc = await load(base);
    doc.benchmarks[0].stats.rounds = 'many';
    await writeFile(at('bench-broken.json'), JSON.stringify(doc));
    const r = await exatop('compare', at('bench-broken.json'), cand);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('bench-broken.json: benchmarks[0].stats.rounds: ');
  });
});
