// Over two real files saved by pytest-benchmark (fixtures/pytest-benchmark/README.md): every
// expected figure is recomputed here from the raw JSON.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_RULE } from '../../src/core/compare/compare.js';
import { benchmarksMarkdown, formatTime } from '../../src/core/compare/markdown.js';
import { BENCH_STATS, compareBenchmarks, isBenchmarkDocument, parseBenchmarkDocument, type BenchmarkFile } from '../../src/core/compare/pytest-benchmark.js';
import { isRunDocument } from '../../src/core/compare/run-schema.js';

const DIR = new URL('../../fixtures/pytest-benchmark/', import.meta.url);
const raw = (name: string): any => JSON.parse(readFileSync(new URL(name, DIR), 'utf8'));
const BASE_RAW = raw('0001_base.json');
const CAND_RAW = raw('0002_cand.json');

function parsed(doc: unknown, name = 'f.json'): BenchmarkFile {
  const result = parseBenchmarkDocument(doc, name);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}
const base = parsed(BASE_RAW);
const cand = parsed(CAND_RAW);
const statsOf = (doc: any, fullname: string) => doc.benchmarks.find((b: any) => b.fullname === fullname).stats;
const baseNames: string[] = BASE_RAW.benchmarks.map((b: any) => b.fullname);
const candNames: string[] = CAND_RAW.benchmarks.map((b: any) => b.fullname);
const common = baseNames.filter((n) => candNames.includes(n));

describe('the saved files', () => {
  it('are told apart from run files by their content', () => {
    for (const doc of [BASE_RAW, CAND_RAW]) {
      expect(isBenchmarkDocument(doc)).toBe(true);
      expect(isRunDocument(doc)).toBe(false);
    }
    expect(isBenchmarkDocument({ format: 'exatop-run', version: 1 })).toBe(false);
    expect(isBenchmarkDocument({ benchmarks: [] })).toBe(false);
  });

  it('parse with every benchmark and its stats as saved', () => {
    expect(base.benchmarks.map((b) => b.fullname)).toEqual(baseNames);
    expect(base.benchmarks[0]!.stats.mean).toBe(BASE_RAW.benchmarks[0].stats.mean);
    expect(cand.version).toBe(CAND_RAW.version);
  });

  it('hold what the fixture was made for: shared tests, one test only in each file, a slowed-down test', () => {
    expect(common.length).toBeGreaterThanOrEqual(2);
    expect(baseNames.filter((n) => !candNames.includes(n))).toHaveLength(1);
    expect(candNames.filter((n) => !baseNames.includes(n))).toHaveLength(1);
    const update = 'bench_module.py::test_parse_update';
    expect(statsOf(CAND_RAW, update).mean / statsOf(BASE_RAW, update).mean).toBeGreaterThan(1.1);
  });
});

describe('compareBenchmarks over the real files', () => {
  const c = compareBenchmarks(base, cand, TEMPLATE_RULE);

  it('compares the tests present in both files, in the baseline order, and lists the others', () => {
    expect(c.rows.map((r) => r.fullname)).toEqual(common);
    expect(c.onlyInBaseline).toEqual(baseNames.filter((n) => !candNames.includes(n)));
    expect(c.onlyInCandidate).toEqual(candNames.filter((n) => !baseNames.includes(n)));
  });

  it('mean, median and stddev Δ are (candidate − baseline) / baseline of the saved stats', () => {
    for (const row of c.rows) {
      for (const stat of BENCH_STATS) {
        const b = statsOf(BASE_RAW, row.fullname)[stat];
        const k = statsOf(CAND_RAW, row.fullname)[stat];
        expect(row.stats[stat]).toMatchObject({ baseline: b, candidate: k, delta: (k - b) / b });
        expect(row.stats[stat].status).toBe(Math.abs((k - b) / b) <= 0.1 ? 'pass' : 'fail');
      }
    }
  });

  it('the mean decides each test and the whole comparison', () => {
    const failing = common.filter((n) => Math.abs(statsOf(CAND_RAW, n).mean / statsOf(BASE_RAW, n).mean - 1) > 0.1);
    expect(c.rows.filter((r) => r.status === 'fail').map((r) => r.fullname)).toEqual(failing);
    expect(failing.length).toBeGreaterThan(0);
    expect(c.outcome).toBe('fail');
  });

  it('only the mean decides: a median or stddev beyond the rule does not fail a test', () => {
    const doc = structuredClone(BASE_RAW);
    const [first, second] = doc.benchmarks;
    first.stats.median *= 2;
    first.stats.stddev *= 3;
    second.stats.mean *= 1.5;
    const r = compareBenchmarks(base, parsed(doc), TEMPLATE_RULE);
    expect(r.rows[0]!.stats.median.status).toBe('fail');
    expect(r.rows[0]!.status).toBe('pass');
    expect(r.rows[1]!.stats.median.status).toBe('pass');
    expect(r.rows[1]!.status).toBe('fail');
  });

  it('--fail-on regression: only a slower mean fails; a faster one passes', () => {
    const r = compareBenchmarks(base, cand, { threshold: 0.1, failOn: 'regression' });
    for (const row of r.rows) {
      const ratio = statsOf(CAND_RAW, row.fullname).mean / statsOf(BASE_RAW, row.fullname).mean;
      expect(row.status, row.fullname).toBe(ratio - 1 > 0.1 ? 'fail' : 'pass');
    }
  });

  it('a file compared with itself passes every row; the only-in lists are then empty', () => {
    const same = compareBenchmarks(base, base, TEMPLATE_RULE);
    expect(same.rows.every((r) => r.status === 'pass' && r.stats.mean.delta === 0)).toBe(true);
    expect(same.outcome).toBe('pass');
  });

  it('tests in only one file make an otherwise passing comparison incomplete', () => {
    const wide = compareBenchmarks(base, cand, { threshold: 10, failOn: 'any' }); // ±1000 %
    expect(wide.rows.every((r) => r.status === 'pass')).toBe(true);
    expect(wide.outcome).toBe('incomplete');
  });
});

describe('benchmarksMarkdown', () => {
  const c = compareBenchmarks(base, cand, TEMPLATE_RULE);
  const lines = benchmarksMarkdown({ file: 'base.json', data: base }, { file: 'cand.json', data: cand }, c).split('\n');

  it('one table row per test and statistic, the test named on its first row', () => {
    const body = lines.filter((l) => l.startsWith('| ') && !l.startsWith('| Test'));
    expect(body).toHaveLength(common.length * 3);
    for (const [i, row] of c.rows.entries()) {
      expect(body[i * 3]).toMatch(new RegExp(`^\\| ${row.name} \\| mean \\| `));
      expect(body[i * 3 + 1]).toMatch(/^\|  \| median \| /);
      expect(body[i * 3 + 2]).toMatch(/^\|  \| stddev \| /);
    }
  });

  it('the mean row carries the status mark, the others theirs in parentheses', () => {
    const update = lines.findIndex((l) => l.startsWith('| test_parse_update | mean |'));
    const mean = c.rows.find((r) => r.name === 'test_parse_update')!.stats.mean;
    expect(lines[update]).toContain(`| ${mean.status === 'fail' ? '❌' : '✅'} |`);
    expect(lines[update + 2]).toMatch(/\| \((✅|❌)\) \|$/);
  });

  it('names the files, the tests found in only one of them, and the acceptance rule', () => {
    expect(lines).toContain(`- Baseline base.json: saved ${BASE_RAW.datetime} by pytest-benchmark ${BASE_RAW.version}, commit ${BASE_RAW.commit_info.id}`);
    for (const n of c.onlyInBaseline) expect(lines).toContain(`- only in the baseline: ${n}`);
    for (const n of c.onlyInCandidate) expect(lines).toContain(`- only in the candidate: ${n}`);
    expect(lines).toContain('**Acceptance:** Candidate mean within ±10% of baseline');
  });
});

describe('parseBenchmarkDocument errors name the file and field', () => {
  it('a stat of the wrong type', () => {
    const doc = structuredClone(BASE_RAW);
    doc.benchmarks[1].stats.mean = 'fast';
    const r = parseBenchmarkDocument(doc, 'b.json');
    expect(r).toMatchObject({ ok: false, field: 'benchmarks[1].stats.mean' });
    expect(!r.ok && r.message).toMatch(/^b\.json: benchmarks\[1\]\.stats\.mean: /);
  });

  it('the same test twice', () => {
    const doc = structuredClone(BASE_RAW);
    doc.benchmarks.push(structuredClone(doc.benchmarks[0]));
    expect(parseBenchmarkDocument(doc, 'b.json')).toMatchObject({ ok: false, field: `benchmarks[${doc.benchmarks.length - 1}].fullname` });
  });
});

describe('formatTime', () => {
  it.each([[2.2115e-4, '221.15 µs'], [6.162e-7, '616.20 ns'], [0.0123, '12.30 ms'], [1.5, '1.50 s']])('%d s → %s', (s, text) => {
    expect(formatTime(s)).toBe(text);
  });

  it('a row keeps the unit of its baseline mean', () => {
    expect(formatTime(1.2e-3, 5e-4)).toBe('1200.00 µs');
  });
});
