// `exatop compare … --html`: the template's comparison table, each figure's per-run values drawn
// as a strip plot (one dot per run, the mean as a bar), baseline above candidate on one axis.
import type { Comparison, Outcome, Status } from '../compare/compare.js';
import { formatDelta, formatNumber, TABLE_ROWS } from '../compare/markdown.js';
import type { Metric, Run } from '../compare/run-schema.js';
import { escapeHtml } from './escape.js';
import { HTML_STYLE, page } from './page.js';
import { px } from './svg.js';

const MARKS: Record<Status | Outcome, string> = { pass: '✓ pass', fail: '✗ fail', incomplete: '… incomplete', provisional: '… provisional (a figure out of its condition)' };
const W = 420;
const LANE = 22;
const LEFT = 80;
const RIGHT = 16;

/** Every value a figure was computed from; a typed-in figure is its one value. */
const valuesOf = (m: Metric | undefined): number[] => (m ? (m.raw?.length ? m.raw : [m.value]) : []);

function strip(base: Metric | undefined, cand: Metric | undefined, labels: [string, string]): string {
  const all = [...valuesOf(base), ...valuesOf(cand)];
  if (all.length === 0) return '<span class="none">no values</span>';
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (hi === lo) [lo, hi] = [lo * 0.9, hi * 1.1 || 1];
  const x = (v: number) => LEFT + ((v - lo) / (hi - lo)) * (W - LEFT - RIGHT);
  const lane = (m: Metric | undefined, i: number, cls: 'base' | 'cand', label: string) => {
    const y = 8 + i * LANE + LANE / 2;
    const values = valuesOf(m);
    const mean = m?.value;
    return `<g class="lane ${cls}" data-lane="${cls}" data-values="${values.join(' ')}"><text class="tick" x="${LEFT - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${escapeHtml(label)}</text>${values
      .map((v) => `<circle class="${cls}" data-value="${v}" cx="${px(x(v))}" cy="${y}" r="4"><title>${formatNumber(v)}</title></circle>`)
      .join('')}${mean === undefined ? '' : `<line class="mean" data-mean="${mean}" x1="${px(x(mean))}" x2="${px(x(mean))}" y1="${y - 8}" y2="${y + 8}"/>`}</g>`;
  };
  const height = 2 * LANE + 30;
  return `<svg class="strip" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" data-lo="${lo}" data-hi="${hi}">${lane(base, 0, 'base', labels[0])}${lane(cand, 1, 'cand', labels[1])}<text class="tick" x="${LEFT}" y="${height - 4}">${formatNumber(lo)}</text><text class="tick" x="${W - RIGHT}" y="${height - 4}" text-anchor="end">${formatNumber(hi)}</text></svg>`;
}

export interface CompareHtmlInput {
  title: string;
  baseline: { file: string; run: Run };
  candidate: { file: string; run: Run };
  comparison: Comparison;
}

export function compareHtml({ title, baseline, candidate, comparison }: CompareHtmlInput): string {
  const labels: [string, string] = [baseline.run.label, candidate.run.label];
  const rows = comparison.rows.map((r) => {
    const { label, unit } = TABLE_ROWS[r.metric];
    const b = baseline.run.metrics[r.metric];
    const c = candidate.run.metrics[r.metric];
    const cell = (m: Metric | undefined) => (m ? `${formatNumber(m.value)}${unit} <span class="none">(${valuesOf(m).length} ${m.source === 'manual' ? 'typed' : 'runs'})</span>` : `___${unit}`);
    return `<tr class="${r.status}" data-metric="${r.metric}" data-status="${r.status}"><td>${label}</td><td>${cell(b)}</td><td>${cell(c)}</td><td>${escapeHtml(formatDelta(r))}</td><td>${MARKS[r.status]}</td><td>${strip(b, c, labels)}</td></tr>`;
  });
  const side = (s: { file: string; run: Run }) => `${escapeHtml(s.run.label)}: <code>${escapeHtml(s.file)}</code> (ExaBGP ${escapeHtml(s.run.exabgp.version ?? '?')}, ${escapeHtml(s.run.exabgp.reactor)}, ${escapeHtml(s.run.host)})`;
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p class="files">baseline ${side(baseline)}<br>candidate ${side(candidate)}</p>
<table class="checklist compare"><tr><th>Metric</th><th>${escapeHtml(labels[0])}</th><th>${escapeHtml(labels[1])}</th><th>Delta</th><th>Status</th><th>per run</th></tr>${rows.join('')}</table>
<p class="caption">Acceptance: within ${(comparison.rule.threshold * 100).toFixed(0)}% (${comparison.rule.failOn === 'any' ? 'either direction' : 'regressions only'}). Result: ${MARKS[comparison.outcome]}. Dots: each run's value (blue ${escapeHtml(labels[0])}, orange ${escapeHtml(labels[1])}); bar: the figure's mean.</p>`,
    HTML_STYLE,
  );
}
