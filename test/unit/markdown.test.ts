// The Markdown export against the template itself: every expected line below is taken from
// the "Performance Comparison Template" section of the reference runbook, never retyped (the
// section copied verbatim in test/fixtures/runbook/, which names its source).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRuns, TEMPLATE_RULE, type Rule } from '../../src/core/compare/compare.js';
import { formatNumber, runsMarkdown } from '../../src/core/compare/markdown.js';
import type { Run } from '../../src/core/compare/run-schema.js';
import { makeRun, manual, measured, runOf } from '../support/runs.js';

const REFERENCE = new URL('../fixtures/runbook/performance-comparison-template.md', import.meta.url);

function templateSection(): string[] {
  const lines = readFileSync(REFERENCE, 'utf8').split('\n');
  const start = lines.indexOf('## Performance Comparison Template');
  const end = lines.indexOf('---', start);
  expect(start).toBeGreaterThan(-1);
  return lines.slice(start, end);
}

const section = templateSection();
const after = (marker: string, count: number, from = 0): string[] => {
  const at = section.indexOf(marker, from);
  expect(at, marker).toBeGreaterThan(-1);
  return section.slice(at + 1, at + 1 + count);
};
const firstRecord = section.indexOf('**Record:**');
const TEMPLATE = {
  baselineRecord: after('**Record:**', 4),
  asyncRecord: after('**Record:**', 4, firstRecord + 1),
  table: section.slice(section.findIndex((l) => l.startsWith('| Metric |')), section.findIndex((l) => l.startsWith('| CPU peak |')) + 1),
  acceptance: section.find((l) => l.startsWith('**Acceptance:**'))!,
  headings: section.filter((l) => l.startsWith('### ')),
};

function exportOf(base: Run, cand: Run, rule: Rule = TEMPLATE_RULE): string[] {
  return runsMarkdown({ file: 'base.json', run: base }, { file: 'cand.json', run: cand }, compareRuns(base, cand, rule)).split('\n');
}

/** The lines after the export's n-th "**Record:**". */
function recordOf(lines: string[], n: 0 | 1): string[] {
  const starts = lines.flatMap((l, i) => (l === '**Record:**' ? [i] : []));
  return lines.slice(starts[n]! + 1, starts[n]! + 5);
}
function tableOf(lines: string[]): string[] {
  const at = lines.findIndex((l) => l.startsWith('| Metric |'));
  return lines.slice(at, at + 6);
}
/** Fills the template's `_____` slots of a line one after the other. */
function fill(line: string, placeholder: string, ...values: string[]): string {
  return values.reduce((text, value) => text.replace(placeholder, value), line);
}
const signedPct = (b: number, c: number) => {
  const pct = (((c - b) / b) * 100).toFixed(1);
  return c > b ? `+${pct}%` : `${pct}%`;
};

describe('the template as read from the runbook', () => {
  it('has what the export reproduces: two Record lists of 4, a table of 6 lines, the acceptance line', () => {
    expect(TEMPLATE.baselineRecord).toHaveLength(4);
    expect(TEMPLATE.asyncRecord).toEqual(TEMPLATE.baselineRecord);
    expect(TEMPLATE.table).toHaveLength(6);
    expect(TEMPLATE.acceptance).toBe('**Acceptance:** Async within ±10% of generator mode');
  });
});

describe('runsMarkdown with no figures: the template itself, line by line', () => {
  const lines = exportOf(runOf('generator', {}), runOf('async', {}));

  it('both Record lists equal the template\'s, placeholders included', () => {
    expect(recordOf(lines, 0)).toEqual(TEMPLATE.baselineRecord);
    expect(recordOf(lines, 1)).toEqual(TEMPLATE.asyncRecord);
  });

  it('the comparison table equals the template\'s: header, separator, labels, ___ slots, ✅/❌', () => {
    expect(tableOf(lines)).toEqual(TEMPLATE.table);
  });

  it('the acceptance line and the section headings are the template\'s', () => {
    expect(lines).toContain(TEMPLATE.acceptance);
    const headings = lines.filter((l) => l.startsWith('### '));
    expect(headings.slice(0, TEMPLATE.headings.length)).toEqual(TEMPLATE.headings);
  });
});

describe('runsMarkdown with figures', () => {
  // Values already at three significant digits, so the filled slot is the value as written.
  const b = { establishment: 0.42, rss24h: 45.2, cpuAvg: 2.5, cpuPeak: 35 };
  const c = { establishment: 0.44, rss24h: 47.9, cpuAvg: 3.1, cpuPeak: 33 };
  const lines = exportOf(runOf('generator', b), runOf('async', c));

  it('Record lines: the template\'s with each _____ replaced by the figure', () => {
    const order = ['establishment', 'rss24h', 'cpuAvg', 'cpuPeak'] as const;
    expect(recordOf(lines, 0)).toEqual(TEMPLATE.baselineRecord.map((l, i) => fill(l, '_____', String(b[order[i]!]))));
    expect(recordOf(lines, 1)).toEqual(TEMPLATE.asyncRecord.map((l, i) => fill(l, '_____', String(c[order[i]!]))));
    expect(recordOf(lines, 0)[0]).toBe('- Session establishment time: 0.42 seconds');
  });

  it('table rows: the template\'s with values, Δ and the mark in the slots', () => {
    const order = ['establishment', 'rss24h', 'cpuAvg', 'cpuPeak'] as const;
    const rebuilt = TEMPLATE.table.slice(2).map((row, i) => {
      const m = order[i]!;
      const cells = row.split(' | ');
      const unit = cells[1]!.replace('___', '');
      const mark = Math.abs((c[m] - b[m]) / b[m]) <= 0.1 ? '✅' : '❌';
      return [cells[0], `${b[m]}${unit}`, `${c[m]}${unit}`, signedPct(b[m], c[m]), `${mark} |`].join(' | ');
    });
    expect(tableOf(lines).slice(0, 2)).toEqual(TEMPLATE.table.slice(0, 2));
    expect(tableOf(lines).slice(2)).toEqual(rebuilt);
  });

  it('a missing figure keeps the template\'s placeholders in its Record line and table row', () => {
    const { cpuPeak: _gone, ...partial } = b;
    const partialLines = exportOf(runOf('generator', partial), runOf('async', c));
    expect(recordOf(partialLines, 0)[3]).toBe(TEMPLATE.baselineRecord[3]);
    const row = tableOf(partialLines)[5]!.split(' | ');
    const templateRow = TEMPLATE.table[5]!.split(' | ');
    expect(row[1]).toBe(templateRow[1]); // ___%
    expect(row[2]).toBe(`${c.cpuPeak}%`);
    expect(row[3]).toBe(templateRow[3]); // ___%
    expect(row[4]).toBe(templateRow[4]); // ✅/❌ |
  });

  it('a zero baseline says the Δ is undefined, never Infinity or NaN', () => {
    const zero = exportOf(runOf('generator', { ...b, cpuAvg: 0 }), runOf('async', c));
    expect(tableOf(zero)[4]).toContain('| undefined (baseline 0) | ❌ |');
    expect(zero.join('\n')).not.toMatch(/Infinity|NaN/);
  });

  it('the acceptance line follows --threshold and --fail-on', () => {
    expect(exportOf(runOf('generator', b), runOf('async', c), { threshold: 0.05, failOn: 'any' })).toContain(TEMPLATE.acceptance.replace('10', '5'));
    const regression = exportOf(runOf('generator', b), runOf('async', c), { threshold: 0.1, failOn: 'regression' });
    expect(regression.find((l) => l.startsWith('**Acceptance:**'))).toBe('**Acceptance:** Async at most 10% above generator mode (lower is better: a lower figure always passes)');
  });

  it('free-text labels become the column names; the separator follows their width; | is escaped', () => {
    const table = tableOf(exportOf(runOf('v4 | before', b), runOf('after', c)));
    expect(table[0]).toBe('| Metric | v4 \\| before | after | Delta | Status |');
    expect(table[1]).toBe(`|--------|${'-'.repeat('v4 \\| before'.length + 2)}|-------|-------|--------|`);
  });
});

describe('the Method section says how each figure was obtained', () => {
  const base = makeRun('generator', {
    establishment: measured('establishment', [0.41, 0.39, 0.46, 0.42], { method: 'restart, then time until every neighbor is ESTABLISHED' }),
    rss24h: manual('rss24h', 45.2, { method: 'ps -o rss= after 24 h' }),
    cpuAvg: measured('cpuAvg', [2.5], { meetsTarget: false, note: 'one hour was not reached' }),
  });
  const lines = exportOf(base, runOf('async', {}));
  const method = lines.slice(lines.indexOf('### Method'));

  it('comes after the table and has one line per figure and run', () => {
    expect(lines.indexOf('### Method')).toBeGreaterThan(lines.indexOf(TEMPLATE.acceptance));
    expect(method.filter((l) => l.startsWith('- '))).toHaveLength(8);
  });

  it('measured: the method, samples, statistics and raw values; manual: "typed by hand"', () => {
    const est = method.find((l) => l.startsWith('- Establishment time, Generator: '))!;
    expect(est).toContain('restart, then time until every neighbor is ESTABLISHED; 4 samples: mean 0.42, median 0.415');
    expect(est).toContain('raw: 0.41, 0.39, 0.46, 0.42');
    expect(est).toContain('window 2026-11-23T10:00:00.000Z to 2026-11-23T11:00:00.000Z (3600 s)');
    expect(method.find((l) => l.startsWith('- Memory (24h), Generator: '))).toContain('ps -o rss= after 24 h (typed by hand)');
    const cpu = method.find((l) => l.startsWith('- CPU avg, Generator: '))!;
    expect(cpu).toContain('test method for cpuAvg; 1 sample; window');
    expect(cpu).toContain("does not meet the template's condition");
    expect(cpu).toContain('note: one hour was not reached');
    expect(method).toContain('- CPU peak, Async: no figure.');
  });
});

describe('formatNumber', () => {
  it.each([[0.42, '0.42'], [45.2, '45.2'], [35, '35'], [1234.5, '1235'], [0.004123, '0.00412'], [0, '0'], [12.0, '12'], [99.96, '100']])('%d → %s', (v, text) => {
    expect(formatNumber(v)).toBe(text);
  });

  it('keeps three significant digits (all integer digits) and never uses exponents', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-4, max: 1e9, noNaN: true }), (v) => {
        const text = formatNumber(v);
        expect(text).not.toMatch(/e/i);
        const step = v >= 100 ? 1 : 10 ** (Math.floor(Math.log10(v)) - 2);
        expect(Math.abs(Number(text) - v)).toBeLessThanOrEqual(step / 2 + v * 1e-12);
      }),
    );
  });
});

describe('a figure taken out of its condition is marked in its cell', () => {
  const early = 'read at uptime 0.0 h, before the 24.0 h the template asks for';
  const base = runOf('generator', { establishment: 0.42, rss24h: 24.1, cpuAvg: 2, cpuPeak: 30 });
  const cand = makeRun('async', {
    ...runOf('async', { establishment: 0.43, cpuAvg: 2, cpuPeak: 30 }).metrics,
    rss24h: measured('rss24h', [24.2], { meetsTarget: false, note: early }),
  });
  const lines = exportOf(base, cand);

  it('`24.2MB*` in the table, a footnote under it, and the result provisional', () => {
    expect(lines).toContain('| Memory (24h) | 24.1MB | 24.2MB* | +0.4% | ⏳ provisional |');
    expect(lines).toContain(`\\* Memory (24h), Async: ${early}`);
    expect(lines.find((l) => l.startsWith('**Result:**'))).toMatch(/provisional/);
    expect(lines.join('\n')).not.toContain('✅ every row passes');
  });
});
