// `exatop report FILE…`: what a recording says, and the runbook's checklist it can decide.
import { access } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { compareRuns, TEMPLATE_RULE, type Comparison } from '../core/compare/compare.js';
import { BYTES_PER_MB, type MetricOf } from '../core/compare/run-schema.js';
import { formatDuration } from '../core/format.js';
import { reportHtml } from '../core/html/report-html.js';
import { SeriesBuilder } from '../core/html/series.js';
import { readRecordingFile } from '../io/record/read-files.js';
import { checklist, checklistExitCode, checklistMarkdown } from '../core/record/checklist.js';
import { ReportBuilder, type Report } from '../core/record/report.js';
import { defaultRunsDir, readRun, resolveRunFile, saveMetric, writeFileAtomic } from '../io/runs/store.js';
import { printable, printableBlock, printableJson } from '../core/text/printable.js';
import { EXIT, recordingVerdict, type RecordingRead } from '../core/exit-codes.js';
import { UsageError } from './common.js';

export const REPORT_USAGE = `Usage: exatop report FILE… [--json] [--checklist] [--baseline RUN --run RUN]
                     [--fill-run RUN --label LABEL] [--runs-dir DIR] [--html OUT]

Reads recordings made by \`exatop record\` (rotated FILE.1 … FILE.N are read too, oldest first)
and prints uptime, restarts, flaps, NOTIFICATIONs, tracebacks, the RSS trend (MB/h and growth per
24 h window), CPU average and peak, control-channel latency p50/p99, gaps and alerts; Markdown,
or --json. --checklist adds the runbook's Stage 1/2 items a recording can decide (✅ ❌, or
"not enough data yet", with the evidence): never ✅ on missing data (failed polls, no log).
Exit 0; with --checklist 1 when a decidable item fails, else 3 when one lacks data; 2 bad usage. --fill-run stores RSS after 24 h and the CPU average
of the last hour into a comparison run. A torn or garbage line is skipped and counted.

  --html OUT   also write one self-contained HTML page (inline SVG, no script, nothing fetched):
               RSS with its 24 h windows and +10 % line, CPU with hourly averages, each
               neighbor's state over time with flaps, restarts and alerts, and the checklist
               (with --checklist). Long recordings are downsampled keeping each span's min and max.
`;

const OPTIONS = {
  json: { type: 'boolean' },
  checklist: { type: 'boolean' },
  baseline: { type: 'string' },
  run: { type: 'string' },
  'fill-run': { type: 'string' },
  label: { type: 'string' },
  'runs-dir': { type: 'string' },
  html: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseReportArgs(argv: string[]) {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const help = values.help ?? false;
  if (!help && positionals.length === 0) throw new UsageError('report needs at least one recording FILE');
  if (values['fill-run'] && !values.label) throw new UsageError('--fill-run needs --label (generator, async, …)');
  if ((values.baseline === undefined) !== (values.run === undefined)) throw new UsageError('--baseline and --run go together');
  return {
    files: positionals,
    json: values.json ?? false,
    checklist: values.checklist ?? false,
    baseline: values.baseline,
    run: values.run,
    fillRun: values['fill-run'],
    label: values.label,
    runsDir: values['runs-dir'] ?? defaultRunsDir(),
    html: values.html,
    help,
  };
}

/** The report of the recordings, and what was read of them (for the exit rule). */
export async function buildReport(files: readonly string[], series?: SeriesBuilder): Promise<Report & { read: RecordingRead }> {
  const builder = new ReportBuilder();
  let readable = 0;
  for (const given of files) {
    await access(given).catch(() => {
      throw new UsageError(`cannot read recording ${given}`);
    });
    const skipped = await readRecordingFile(given, (item) => {
      readable++;
      if (item.type === 'sample') {
        builder.sample(item);
        series?.sample(item);
      } else if (item.type === 'event') {
        builder.event(item);
        series?.event(item);
      }
    });
    builder.skipped(skipped);
  }
  const report = builder.result();
  return { ...report, read: { file: files.join(', '), readable, samples: report.samples, skipped: report.skipped } };
}

const iso = (t: number) => new Date(t).toISOString();

export function reportMarkdown(r: Report): string {
  const lines = ['## exatop report', ''];
  if (!r.span) return `${lines.join('\n')}No sample in the recording (${r.skipped} unreadable lines).\n`;
  lines.push(
    `- Recorded: ${iso(r.span.start)} → ${iso(r.span.end)} (${formatDuration(r.span.seconds)}, ${r.samples} samples${r.skipped ? `, ${r.skipped} unreadable lines skipped` : ''})`,
    `- Longest daemon life: ${formatDuration(r.longestLifeS)}; uptime at the end: ${formatDuration(r.currentUptimeS)}; restarts: ${r.restarts}${r.plannedRestarts ? ` (${r.plannedRestarts} planned)` : ''}`,
    `- Sessions at the end: ${r.establishedAtEnd ? `${r.establishedAtEnd.established}/${r.establishedAtEnd.total} established (last answered poll)` : '— (no neighbor poll was answered)'}; most neighbors: ${r.maxNeighbors}`,
    `- Flaps: ${r.flaps.total}${r.flaps.total ? ` (${Object.entries(r.flaps.byNeighbor).map(([a, n]) => `${a} ${n}`).join(', ')})` : ''}`,
    `- NOTIFICATIONs: ${r.notifications}; tracebacks: ${r.tracebacks}`,
  );
  if (r.rss) {
    lines.push(`- RSS: ${r.rss.firstMB.toFixed(1)} → ${r.rss.lastMB.toFixed(1)} MB (min ${r.rss.minMB.toFixed(1)}, max ${r.rss.maxMB.toFixed(1)}), trend ${r.rss.slopeMBPerHour === null ? '—' : `${r.rss.slopeMBPerHour.toFixed(3)} MB/h`}`);
    for (const w of r.rss.windows) lines.push(`  - 24 h from ${iso(w.start)}: median of the first hour ${w.firstHourMB.toFixed(1)} MB, of the last hour ${w.lastHourMB.toFixed(1)} MB, ${w.growthPct >= 0 ? '+' : ''}${w.growthPct.toFixed(1)}%`);
    if (r.rssAt24h) lines.push(`- RSS at 24 h of uptime: ${r.rssAt24h.mb.toFixed(1)} MB (${iso(r.rssAt24h.t)})`);
  }
  if (r.cpu) lines.push(`- CPU: average ${r.cpu.avg.toFixed(2)}%, peak ${r.cpu.peak.toFixed(1)}% of one core${r.cpu.lastHourAvg !== null ? `; last hour ${r.cpu.lastHourAvg.toFixed(2)}%` : ''}`);
  if (r.control) lines.push(`- Control channel: p50 ${r.control.p50Ms} ms, p99 ${r.control.p99Ms} ms over ${r.control.polls} polls, ${r.control.failed} failed`);
  lines.push(`- Gaps (no sample for over 3 intervals): ${r.gaps.length ? r.gaps.map((g) => `${iso(g.from)} for ${formatDuration(g.seconds)}`).join(', ') : 'none'}`);
  lines.push(`- Alerts: ${r.alerts.length ? r.alerts.map((a) => `${iso(a.t)} ${String(a.detail['rule'] ?? '')} ${String(a.detail['message'] ?? '')}`).join('; ') : 'none recorded'}`);
  return `${lines.join('\n')}\n`;
}

async function fillRun(r: Report, file: string, label: string): Promise<string[]> {
  const stored: string[] = [];
  const info = { version: null, reactor: 'unknown' as const, reactorSource: null, config: null };
  if (r.rssAt24h) {
    const figure: MetricOf<'rss24h'> = {
      value: Number(r.rssAt24h.mb.toFixed(1)), unit: 'MB', bytes: r.rssAt24h.bytes,
      method: `VmRSS from the recording, first sample at uptime ≥ 24 h (${formatDuration(r.rssAt24h.uptimeS)})`,
      source: 'measured', window: { start: iso(r.rssAt24h.t), end: iso(r.rssAt24h.t), seconds: 0 }, samples: 1, raw: [Number((r.rssAt24h.bytes / BYTES_PER_MB).toFixed(1))],
      stats: null, meetsTarget: true, note: null, recordedAt: new Date().toISOString(),
    };
    await saveMetric(file, label, 'rss24h', figure, info);
    stored.push(`rss24h ${figure.value} MB`);
  }
  if (r.cpu?.lastHourAvg != null && r.cpu.lastHourWindow) {
    const w = r.cpu.lastHourWindow;
    const figure: MetricOf<'cpuAvg'> = {
      value: Number(r.cpu.lastHourAvg.toFixed(2)), unit: '%', method: 'mean of the recording\'s 1 Hz CPU samples over its last hour',
      source: 'measured', window: { start: iso(w.start), end: iso(w.end), seconds: (w.end - w.start) / 1000 }, samples: 0, stats: null,
      meetsTarget: w.end - w.start >= 3_590_000, note: null, recordedAt: new Date().toISOString(),
    };
    await saveMetric(file, label, 'cpuAvg', figure, info);
    stored.push(`cpuAvg ${figure.value} %`);
  }
  return stored;
}

export async function runReport(args: ReturnType<typeof parseReportArgs>): Promise<number> {
  const series = args.html ? new SeriesBuilder() : undefined;
  const { read, ...report } = await buildReport(args.files, series);
  const verdict = recordingVerdict(read);
  if (verdict?.exitCode === EXIT.usage) throw verdict;
  let performance: Comparison | null = null;
  if (args.baseline && args.run) {
    const [b, c] = await Promise.all([resolveRunFile(args.baseline, args.runsDir), resolveRunFile(args.run, args.runsDir)]);
    performance = compareRuns(await readRun(b), await readRun(c), TEMPLATE_RULE);
  }
  const items = args.checklist ? checklist(report, performance) : null;
  if (args.html && series) {
    const title = `exatop report: ${args.files.map((f) => basename(f)).join(', ')}`;
    await writeFileAtomic(args.html, reportHtml({ title, files: args.files, report, series: series.result(), checklist: items }));
    process.stderr.write(`exatop report: wrote ${args.html}\n`);
  }
  if (args.json) process.stdout.write(`${printableJson({ report, checklist: items }, 2)}\n`);
  else process.stdout.write(printableBlock(`${reportMarkdown(report)}${items ? `\n## Phase 2 checklist\n\n${checklistMarkdown(items)}` : ''}`));
  if (args.fillRun && args.label) {
    const file = await resolveRunFile(args.fillRun, args.runsDir);
    const stored = await fillRun(report, file, args.label);
    process.stderr.write(stored.length ? `stored ${stored.join(', ')} in ${file}\n` : `nothing to store in ${file}: the recording has no 24 h of uptime and no full hour\n`);
  }
  if (verdict) {
    process.stderr.write(`exatop report: ${printable(verdict.message)}\n`);
    return verdict.exitCode;
  }
  return items ? checklistExitCode(items) : 0;
}
