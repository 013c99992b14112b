// `exatop report --html`: one self-contained page (inline SVG and CSS, no script, nothing
// fetched) drawing what the Markdown report says: RSS with its 24 h windows and the +10 % line,
// CPU with its hourly averages, each neighbor's state over time with flaps, restarts and alerts
// marked, and the checklist with its evidence. Pure: the report, its series and the checklist in.
import { formatDuration } from '../format.js';
import type { ChecklistItem } from '../record/checklist.js';
import type { Report } from '../record/report.js';
import { polylines } from './downsample.js';
import { escapeHtml } from './escape.js';
import { HTML_STYLE, page } from './page.js';
import type { Mark, ReportSeries, Timeline } from './series.js';
import { axes, frameAttributes, niceTop, px, timeTicks, xOf, yOf, type Frame } from './svg.js';

const MB = 1024 * 1024;
const WIDTH = 1000;
const VERDICT_TEXT: Record<ChecklistItem['verdict'], string> = { pass: '✓ pass', fail: '✗ fail', 'not-enough-data': '… not enough data', person: 'a person decides' };
const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');

export interface ReportHtmlInput {
  title: string;
  files: readonly string[];
  report: Report;
  series: ReportSeries;
  checklist: readonly ChecklistItem[] | null;
}

function frame(series: ReportSeries, v1: number, height = 220): Frame {
  return { width: WIDTH, height, left: 64, right: 16, top: 12, bottom: 28, t0: series.start ?? 0, t1: Math.max(series.end ?? 0, (series.start ?? 0) + 1), v0: 0, v1 };
}

function seriesPaths(f: Frame, name: string, s: ReportSeries['rss'], scale: number): string {
  return polylines(s.buckets())
    .map((run) => `<polyline class="series ${name}" data-series="${name}" points="${run.map((p) => `${px(xOf(f, p.t))},${px(yOf(f, p.v / scale))}`).join(' ')}"/>`)
    .join('');
}

/** Restarts as a vertical line across a chart, with what happened as a tooltip. */
function restartLines(f: Frame, marks: readonly Mark[]): string {
  return marks
    .filter((m) => m.kind === 'restart' || m.kind === 'gap' || m.kind === 'lost')
    .map((m) => `<line class="mark ${m.kind}" data-mark="${m.kind}" data-t="${m.t}" x1="${px(xOf(f, m.t))}" x2="${px(xOf(f, m.t))}" y1="${f.top}" y2="${f.height - f.bottom}"><title>${escapeHtml(`${iso(m.t)} ${m.label}`)}</title></line>`)
    .join('');
}

function rssChart(r: Report, s: ReportSeries): string {
  const rss = r.rss;
  if (!rss) return '<p class="none">No RSS sample in the recording: nothing to draw.</p>';
  const limitTop = Math.max(rss.maxMB, ...rss.windows.map((w) => w.firstHourMB * 1.1));
  const f = frame(s, niceTop(limitTop * 1.05));
  const windows = rss.windows.map((w, i) => {
    const limit = w.firstHourMB * 1.1;
    const x0 = xOf(f, w.start);
    const x1 = xOf(f, w.end);
    const hour = (3_600_000 / Math.max(1, f.t1 - f.t0)) * (f.width - f.left - f.right);
    return [
      `<rect class="window-hour" x="${px(x0)}" width="${px(hour)}" y="${f.top}" height="${px(f.height - f.top - f.bottom)}"><title>first hour of the 24 h window from ${iso(w.start)}: median ${w.firstHourMB.toFixed(1)} MB</title></rect>`,
      `<rect class="window-hour" x="${px(x1 - hour)}" width="${px(hour)}" y="${f.top}" height="${px(f.height - f.top - f.bottom)}"><title>last hour: median ${w.lastHourMB.toFixed(1)} MB (${w.growthPct >= 0 ? '+' : ''}${w.growthPct.toFixed(1)}%)</title></rect>`,
      `<line class="limit" data-window="${i}" data-limit-mb="${limit.toFixed(3)}" x1="${px(x0)}" x2="${px(x1)}" y1="${px(yOf(f, limit))}" y2="${px(yOf(f, limit))}"><title>+10 % of the first hour's median: ${limit.toFixed(1)} MB</title></line>`,
      `<text class="limit-label" x="${px(x1 - 4)}" y="${px(yOf(f, limit) - 4)}" text-anchor="end">+10 %: ${limit.toFixed(1)} MB</text>`,
    ].join('');
  });
  const caption = rss.windows.length
    ? `24 h windows: ${rss.windows.map((w) => `from ${iso(w.start)} ${w.growthPct >= 0 ? '+' : ''}${w.growthPct.toFixed(1)}%`).join('; ')} (median of the first hour against the last; shaded)`
    : 'No 24 h window yet: the +10 % line needs a full day of samples.';
  return `<svg class="chart" id="rss" viewBox="0 0 ${f.width} ${f.height}" ${frameAttributes(f)} data-scale="${MB}" role="img" aria-label="RSS over time">
${axes(f, (v) => `${v.toFixed(v >= 10 ? 0 : 1)} MB`)}${windows.join('')}${seriesPaths(f, 'rss', s.rss, MB)}${restartLines(f, s.marks)}</svg>
<p class="caption">VmRSS, ${rss.firstMB.toFixed(1)} → ${rss.lastMB.toFixed(1)} MB (min ${rss.minMB.toFixed(1)}, max ${rss.maxMB.toFixed(1)}), trend ${rss.slopeMBPerHour === null ? '—' : `${rss.slopeMBPerHour.toFixed(3)} MB/h`}. ${escapeHtml(caption)} Each point is the lowest and highest sample of ${formatDuration(s.rss.resolutionMs() / 1000)}.</p>`;
}

function cpuChart(r: Report, s: ReportSeries): string {
  if (!r.cpu) return '<p class="none">No CPU sample in the recording: nothing to draw.</p>';
  const top = Math.max(r.cpu.peak, ...s.cpuHours.map((h) => h.avg));
  const f = frame(s, niceTop(top * 1.05));
  const hours = s.cpuHours
    .map((h) => `<line class="hour-avg" data-avg="${h.avg.toFixed(3)}" data-start="${h.start}" data-end="${h.end}" x1="${px(xOf(f, h.start))}" x2="${px(xOf(f, h.end))}" y1="${px(yOf(f, h.avg))}" y2="${px(yOf(f, h.avg))}"><title>${iso(h.start)}: average ${h.avg.toFixed(2)}% over ${h.samples} samples</title></line>`)
    .join('');
  return `<svg class="chart" id="cpu" viewBox="0 0 ${f.width} ${f.height}" ${frameAttributes(f)} data-scale="1" role="img" aria-label="CPU over time">
${axes(f, (v) => `${v.toFixed(v >= 10 ? 0 : 1)}%`)}${seriesPaths(f, 'cpu', s.cpu, 1)}${hours}${restartLines(f, s.marks)}</svg>
<p class="caption">CPU, % of one core: average ${r.cpu.avg.toFixed(2)}%, peak ${r.cpu.peak.toFixed(1)}%${r.cpu.lastHourAvg !== null ? `, last hour ${r.cpu.lastHourAvg.toFixed(2)}%` : ''}. Thick segments: the average of each hour from the first sample (the last one may be partial).</p>`;
}

const ROW = 18;

function timelineRow(f: Frame, line: Timeline, y: number): string {
  const byState = new Map<string, string[]>();
  for (const run of line.runs) {
    const x0 = xOf(f, run.from);
    const w = Math.max(0.5, xOf(f, run.to) - x0);
    const list = byState.get(run.state) ?? [];
    list.push(`M${px(x0)} ${y}h${px(w)}v${ROW - 4}h-${px(w)}z`);
    byState.set(run.state, list);
  }
  return [...byState].map(([state, d]) => `<path class="state ${state}" data-state="${state}" d="${d.join('')}"/>`).join('');
}

function neighborChart(s: ReportSeries): string {
  if (s.timelines.length === 0) return '<p class="none">No neighbor in the recording.</p>';
  const height = s.timelines.length * ROW + 40;
  const f: Frame = { width: WIDTH, height, left: 140, right: 16, top: 12, bottom: 28, t0: s.start ?? 0, t1: Math.max(s.end ?? 0, (s.start ?? 0) + 1), v0: 0, v1: 1 };
  const rows = s.timelines.map((line, i) => {
    const y = f.top + i * ROW;
    const flaps = s.marks.filter((m) => m.kind === 'flap' && m.subject === line.address);
    const alerts = s.marks.filter((m) => m.kind === 'alert' && m.subject === line.address);
    return `<g class="neighbor" data-address="${escapeHtml(line.address)}"><text class="name" x="${f.left - 6}" y="${y + ROW / 2}" text-anchor="end" dominant-baseline="middle">${escapeHtml(line.address)}</text>${timelineRow(f, line, y)}${flaps
      .map((m) => `<path class="mark flap" data-mark="flap" data-t="${m.t}" d="M${px(xOf(f, m.t))} ${y - 1}l-4 -5h8z"><title>${escapeHtml(`${iso(m.t)} flap ${line.address}`)}</title></path>`)
      .join('')}${alerts
      .map((m) => `<circle class="mark alert" data-mark="alert" data-t="${m.t}" cx="${px(xOf(f, m.t))}" cy="${y + ROW / 2 - 2}" r="4"><title>${escapeHtml(`${iso(m.t)} ${m.label}`)}</title></circle>`)
      .join('')}</g>`;
  });
  const others = s.marks.filter((m) => m.kind === 'alert' && !s.timelines.some((l) => l.address === m.subject));
  const otherMarks = others
    .map((m) => `<circle class="mark alert" data-mark="alert" data-t="${m.t}" cx="${px(xOf(f, m.t))}" cy="${f.height - f.bottom + 2}" r="4"><title>${escapeHtml(`${iso(m.t)} ${m.label}`)}</title></circle>`)
    .join('');
  return `<svg class="chart" id="neighbors" viewBox="0 0 ${f.width} ${f.height}" ${frameAttributes(f)} role="img" aria-label="neighbor states over time">
${rows.join('')}${restartLines({ ...f, top: f.top, bottom: f.bottom }, s.marks)}${otherMarks}${timeTicks(f, f.height - f.bottom + 18).join('')}</svg>
<p class="caption"><span class="key established"></span> established <span class="key down"></span> not established <span class="key unknown"></span> unknown (no daemon or no answer); ▼ flap, ● alert, │ restart or gap.${s.marksDropped ? ` ${s.marksDropped} more marks not drawn.` : ''}</p>`;
}

function summary(r: Report): string {
  const rows: [string, string][] = [
    ['Recorded', r.span ? `${iso(r.span.start)} → ${iso(r.span.end)} (${formatDuration(r.span.seconds)}, ${r.samples} samples${r.skipped ? `, ${r.skipped} unreadable lines skipped` : ''})` : 'no sample'],
    ['Restarts', `${r.restarts}; longest daemon life ${formatDuration(r.longestLifeS)}`],
    ['Sessions at the end', r.establishedAtEnd ? `${r.establishedAtEnd.established}/${r.establishedAtEnd.total} established` : '—'],
    ['Flaps', `${r.flaps.total}${r.flaps.total ? ` (${Object.entries(r.flaps.byNeighbor).map(([a, n]) => `${a} ${n}`).join(', ')})` : ''}`],
    ['NOTIFICATIONs, tracebacks', `${r.notifications}, ${r.tracebacks}`],
    ['Control channel', r.control ? `p50 ${r.control.p50Ms} ms, p99 ${r.control.p99Ms} ms over ${r.control.polls} polls, ${r.control.failed} failed` : '—'],
    ['Gaps', r.gaps.length ? r.gaps.map((g) => `${iso(g.from)} for ${formatDuration(g.seconds)}`).join(', ') : 'none'],
  ];
  return `<table class="summary">${rows.map(([k, v]) => `<tr><th>${k}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`;
}

function checklistTable(items: readonly ChecklistItem[] | null): string {
  if (!items) return '<p class="none">Add --checklist for the runbook\'s items.</p>';
  return `<table class="checklist"><tr><th>stage</th><th>item</th><th>verdict</th><th>evidence</th></tr>${items
    .map((i) => `<tr class="${i.verdict}" data-verdict="${i.verdict}"><td>${escapeHtml(i.stage)}</td><td>${escapeHtml(i.item)}</td><td>${VERDICT_TEXT[i.verdict]}</td><td>${escapeHtml(i.evidence)}</td></tr>`)
    .join('')}</table>`;
}

function alertList(r: Report): string {
  if (r.alerts.length === 0) return '<p>No alert recorded.</p>';
  return `<ul class="alerts">${r.alerts.map((a) => `<li>${escapeHtml(`${iso(a.t)} ${String(a.detail['rule'] ?? '')} ${String(a.detail['message'] ?? '')}`)}</li>`).join('')}</ul>`;
}

export function reportHtml(input: ReportHtmlInput): string {
  const { report: r, series: s } = input;
  return page(
    input.title,
    `<h1>${escapeHtml(input.title)}</h1>
<p class="files">${input.files.map((f) => `<code>${escapeHtml(f)}</code>`).join(' ')}</p>
${summary(r)}
<h2>Memory (RSS)</h2>
${rssChart(r, s)}
<h2>CPU</h2>
${cpuChart(r, s)}
<h2>Neighbors</h2>
${neighborChart(s)}
<h2>Alerts</h2>
${alertList(r)}
<h2>Checklist</h2>
${checklistTable(input.checklist)}`,
    HTML_STYLE,
  );
}
