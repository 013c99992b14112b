// Measurements → the run file's figures: value, unit, method, window, samples, stats. Pure.
import { BYTES_PER_MB, MAX_RAW_SAMPLES, type MetricOf } from '../compare/run-schema.js';
import { sampleStats } from '../compare/stats.js';
import type { CpuAverageResult, EstablishmentRun, RssReading } from '../model/capture.js';

const iso = (t: number) => new Date(t).toISOString();
const windowOf = (start: number, end: number) => ({ start: iso(start), end: iso(end), seconds: Math.max(0, (end - start) / 1000) });
const rawOf = (values: number[]) => (values.length <= MAX_RAW_SAMPLES ? { raw: values } : {});
const round = (n: number, digits = 3) => Number(n.toFixed(digits));


export interface EstablishmentContext {
  expected: readonly string[];
  restartCommand: readonly string[] | null;
  recordedAt: number;
}

function describeRestarts(runs: readonly EstablishmentRun[], context: EstablishmentContext): string {
  const how = context.restartCommand ? `restarted with \`${context.restartCommand.join(' ')}\`` : 'restarts that happened on their own (passive)';
  return `${runs.length} ${how}; expected neighbors ${context.expected.join(', ')}`;
}

function failures(runs: readonly EstablishmentRun[]): string | null {
  const failed = runs.filter((r) => !r.ok);
  return failed.length ? `${failed.length} of ${runs.length} runs failed: ${failed.map((r) => r.error).join('; ')}` : null;
}

const resolutionOf = (runs: readonly EstablishmentRun[]) => Math.max(...runs.map((r) => r.startResolutionMs ?? 1000));

/** The control channel's own blind spot per run, stated with the figure rather than hidden in it. */
function uncertaintyOf(runs: readonly EstablishmentRun[]): string {
  const widths = runs.map((r) => r.uncertaintyS).filter((u): u is number => typeof u === 'number');
  if (widths.length === 0) return '';
  return `; the channel bounds each moment only to ${widths.map((u) => `${u.toFixed(2)}`).join(', ')} s ` +
    '(from its last "not yet" answer, or the start, to the ESTABLISHED one)';
}

const BY_POLL = 'the control-channel poll (every 50 ms, resolution ± half its round trip) that saw every expected neighbor ESTABLISHED';
const byApi = (files: readonly string[]) =>
  `the last expected neighbor's \`up\` state event in the daemon's API event stream (its \`time\`, the daemon's own clock, µs; ` +
  `written by its API process to ${files.join(', ')})`;

/** What dated the end of the runs: the daemon's `up` events where an API process wrote them to a file, else the polls. */
function endOf(runs: readonly EstablishmentRun[]): string {
  const files = [...new Set(runs.filter((r) => r.establishedBy?.kind === 'api-event').map((r) => r.establishedBy!.file ?? '?'))];
  const byApiRuns = runs.filter((r) => r.establishedBy?.kind === 'api-event').length;
  if (byApiRuns === 0) return BY_POLL;
  if (byApiRuns === runs.length) return byApi(files);
  return `${byApi(files)} in ${byApiRuns} of ${runs.length} runs, else ${BY_POLL}`;
}

export function establishmentFigure(runs: readonly EstablishmentRun[], context: EstablishmentContext): MetricOf<'establishment'> | null {
  const ok = runs.filter((r) => r.ok && r.seconds !== null);
  if (ok.length === 0) return null;
  const seconds = ok.map((r) => round(r.seconds!));
  const stats = sampleStats(seconds);
  return {
    value: round(stats!.mean),
    unit: 's',
    method: `mean time from the daemon's process start (start ticks of /proc/PID/stat against /proc/uptime, ` +
      `resolution ${resolutionOf(ok)} ms) to ${endOf(ok)}, over ${describeRestarts(runs, context)}${uncertaintyOf(ok)}`,
    source: 'measured',
    window: windowOf(ok[0]!.startTime!, ok[ok.length - 1]!.establishedAt!),
    samples: seconds.length,
    ...rawOf(seconds),
    stats,
    meetsTarget: ok.length === runs.length,
    note: failures(runs),
    recordedAt: iso(context.recordedAt),
  };
}

export function peakFigure(runs: readonly EstablishmentRun[], context: EstablishmentContext): MetricOf<'cpuPeak'> | null {
  const ok = runs.filter((r) => r.ok && r.peakCpuPercent !== null);
  if (ok.length === 0) return null;
  const peaks = ok.map((r) => round(r.peakCpuPercent!, 1));
  const stats = sampleStats(peaks)!;
  return {
    value: round(stats.median, 1),
    unit: '%',
    method: `median of the per-run peaks (${peaks.map((p) => `${p}%`).join(', ')}); a run's peak is its highest CPU interval ` +
      `of at least 100 ms (kernel tick counters, % of one core, capped at 100% per thread; resolution 1 tick = 10 ms ` +
      `of CPU, ±10 points per 100 ms interval) from process start until every expected neighbor was ESTABLISHED, ` +
      `over ${describeRestarts(runs, context)}`,
    source: 'measured',
    window: windowOf(ok[0]!.startTime!, ok[ok.length - 1]!.establishedAt!),
    samples: peaks.length,
    ...rawOf(peaks),
    stats,
    meetsTarget: ok.length === runs.length,
    note: failures(runs),
    recordedAt: iso(context.recordedAt),
  };
}

export function cpuAverageFigure(result: CpuAverageResult, requestedMs: number, recordedAt: number): MetricOf<'cpuAvg'> | null {
  if (result.average === null) return null;
  const covered = result.windowEnd - result.windowStart;
  return {
    value: round(result.average, 2),
    unit: '%',
    method: 'CPU ticks (utime+stime) of the daemon over the window ÷ the window, % of one core (what pidstat averages); 1 Hz intervals for min/max/stddev',
    source: 'measured',
    window: windowOf(result.windowStart, result.windowEnd),
    samples: result.samples.length,
    ...rawOf(result.samples.map((s) => round(s, 2))),
    stats: sampleStats(result.samples),
    meetsTarget: covered >= requestedMs - 1500,
    note: result.error ?? (covered < requestedMs - 1500 ? `covered ${(covered / 1000).toFixed(0)} s of the ${(requestedMs / 1000).toFixed(0)} s asked` : null),
    recordedAt: iso(recordedAt),
  };
}

export function rssFigure(reading: RssReading, startTime: number): MetricOf<'rss24h'> | null {
  if (!reading.ok || reading.rssBytes === null) return null;
  const hours = (s: number) => `${(s / 3600).toFixed(1)} h`;
  return {
    value: round(reading.rssBytes / BYTES_PER_MB, 1),
    unit: 'MB',
    bytes: reading.rssBytes,
    method: `VmRSS of the daemon (/proc/PID/status) at uptime ${hours(reading.uptimeS)}`,
    source: 'measured',
    window: windowOf(startTime, reading.at),
    samples: 1,
    raw: [round(reading.rssBytes / BYTES_PER_MB, 1)],
    stats: null,
    meetsTarget: reading.meetsTarget,
    note: reading.meetsTarget ? null : `read at uptime ${hours(reading.uptimeS)}, before the ${hours(reading.targetS)} the template asks for`,
    recordedAt: iso(reading.at),
  };
}
