// The runbook's Stage 1 and Stage 2 success criteria (reference 000, "Success Criteria
// Checklist") that a recording can decide, each with its evidence; the rest are listed as a
// person's call. Pure.
import type { Comparison } from '../compare/compare.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { formatDuration } from '../format.js';
import type { Report } from './report.js';

export type Verdict = 'pass' | 'fail' | 'not-enough-data' | 'person';

export interface ChecklistItem {
  stage: 'Stage 1: Development/QA' | 'Stage 2: Canary Production' | 'Monitoring';
  item: string;
  verdict: Verdict;
  evidence: string;
}

const DAY_S = 86_400;
const have = (s: number, need: number) => `have ${formatDuration(s)} of ${formatDuration(need)}`;

export function checklist(report: Report, performance: Comparison | null): ChecklistItem[] {
  const span = report.span?.seconds ?? 0;
  const items: ChecklistItem[] = [];
  const s1 = 'Stage 1: Development/QA' as const;
  const s2 = 'Stage 2: Canary Production' as const;

  items.push({ stage: s1, item: 'All functional tests pass (72/72)', verdict: 'person', evidence: 'ExaBGP\'s own test suite: run ./qa/bin/functional encoding' });
  items.push({ stage: s1, item: 'All unit tests pass (1376/1376)', verdict: 'person', evidence: 'ExaBGP\'s own test suite: run pytest ./tests/unit/' });
  const stress = report.maxNeighbors >= 100 && report.longestLifeS >= DAY_S;
  items.push({
    stage: s1,
    item: 'Stress test: 100+ peers, 24h+ uptime',
    verdict: stress ? 'pass' : report.longestLifeS < DAY_S ? 'not-enough-data' : 'fail',
    evidence: `${report.maxNeighbors} peers at most; longest daemon life ${formatDuration(report.longestLifeS)}${report.longestLifeS < DAY_S ? ` (${have(report.longestLifeS, DAY_S)})` : ''}`,
  });
  const windows = report.rss?.windows ?? [];
  const grew = windows.filter((w) => w.growthPct > 10);
  items.push({
    stage: s1,
    item: 'Memory leak test: No growth over 48h',
    verdict: span < 2 * DAY_S ? 'not-enough-data' : grew.length ? 'fail' : 'pass',
    evidence: span < 2 * DAY_S
      ? `not enough data yet (${have(span, 2 * DAY_S)})`
      : `${windows.length} windows of 24 h, median of the first vs the last hour: ${windows.map((w) => `${w.growthPct >= 0 ? '+' : ''}${w.growthPct.toFixed(1)}%`).join(', ')}${report.rss?.slopeMBPerHour != null ? `; trend ${report.rss.slopeMBPerHour.toFixed(3)} MB/h` : ''}`,
  });
  items.push({ stage: s1, item: 'API load test: 1000+ commands/second', verdict: 'person', evidence: 'a load test drives the API; a recording only watches' });
  items.push({
    stage: s1,
    item: 'Performance within 10% of generator',
    verdict: performance ? (performance.outcome === 'pass' ? 'pass' : performance.outcome === 'fail' ? 'fail' : 'not-enough-data') : 'not-enough-data',
    evidence: performance ? performance.rows.map((r) => `${r.metric} ${r.status}`).join(', ') : 'give --baseline RUN (and the candidate run with --run) to compare',
  });

  const restarted = report.restarts > 0;
  items.push({
    stage: s2,
    item: '30+ days uptime without restart',
    verdict: restarted ? 'fail' : report.longestLifeS >= 30 * DAY_S ? 'pass' : 'not-enough-data',
    evidence: restarted ? `${report.restarts} restart(s) recorded` : `no restart; ${have(report.longestLifeS, 30 * DAY_S)}`,
  });
  items.push({ stage: s2, item: 'Zero async-specific incidents', verdict: 'person', evidence: `${report.tracebacks} traceback(s) and ${report.notifications} NOTIFICATION(s) recorded: whether any is async-specific is a person's call` });
  items.push({ stage: s2, item: 'Metrics match generator instances', verdict: 'person', evidence: 'compare this recording\'s report with a generator instance\'s (exatop compare)' });
  const answered = report.control ? report.control.polls - report.control.failed : 0;
  const polls = report.control?.polls ?? 0;
  items.push({
    stage: s2,
    item: 'BGP sessions stable (zero flaps)',
    verdict: report.flaps.total > 0 ? 'fail' : answered === 0 ? 'not-enough-data' : 'pass',
    evidence: report.flaps.total > 0
      ? Object.entries(report.flaps.byNeighbor).map(([a, n]) => `${a}: ${n}`).join(', ')
      : answered === 0
        ? `no neighbor poll was answered (${polls} of ${polls} failed): no flap count`
        : `no flap over ${formatDuration(span)} (${answered} of ${polls} polls answered)`,
  });
  items.push({ stage: s2, item: 'No rollbacks required', verdict: 'person', evidence: 'an operator decision' });

  const fromLog = (count: number): Pick<ChecklistItem, 'verdict' | 'evidence'> =>
    count > 0 ? { verdict: 'fail', evidence: `${count} recorded` }
      : report.logSamples === 0 ? { verdict: 'not-enough-data', evidence: 'no log was read (give --log FILE or --journal UNIT to record)' }
        : { verdict: 'pass', evidence: `0 recorded over ${report.logSamples} samples with the log read` };
  items.push({ stage: 'Monitoring', item: 'NOTIFICATION errors (should be zero)', ...fromLog(report.notifications) });
  items.push({ stage: 'Monitoring', item: 'No Python tracebacks', ...fromLog(report.tracebacks) });
  return items;
}

/** 1 when a decidable item fails, 3 when one lacks data, else 0; a person's items decide nothing. */
export function checklistExitCode(items: readonly ChecklistItem[]): ExitCode {
  if (items.some((i) => i.verdict === 'fail')) return EXIT.failed;
  return items.some((i) => i.verdict === 'not-enough-data') ? EXIT.incomplete : EXIT.ok;
}

const MARK: Record<Verdict, string> = { pass: '✅', fail: '❌', 'not-enough-data': '⏳', person: '👤' };

export function checklistMarkdown(items: readonly ChecklistItem[]): string {
  const out: string[] = [];
  let stage = '';
  for (const i of items) {
    if (i.stage !== stage) {
      stage = i.stage;
      out.push('', `### ${stage}`, '');
    }
    const label = i.verdict === 'not-enough-data' ? 'not enough data yet' : i.verdict === 'person' ? 'a person decides' : '';
    out.push(`- ${MARK[i.verdict]} ${i.item}${label ? ` (${label})` : ''}: ${i.evidence}`);
  }
  return `${out.join('\n').trim()}\n`;
}
