// One capture of the comparison template, for the CLI and the TUI alike: measures, then stores
// the figures in the run file. Progress is reported as it goes; confirming a restart is the
// caller's job.
import { announceRestart } from '../../io/planned-restarts.js';
import { runCommand } from '../../io/run-command.js';
import type { Target } from '../../core/model/daemon.js';
import type { ProcFs } from '../../io/procfs.js';
import type { MetricName, MetricOf } from '../../core/compare/run-schema.js';
import { formatDuration } from '../../core/format.js';
import { saveMetric } from '../../io/runs/store.js';
import { measureCpuAverage } from './cpu-average.js';
import { timeEstablishment } from './establishment.js';
import { describeWaiting } from '../../core/capture/waiting.js';
import { cpuAverageFigure, establishmentFigure, peakFigure, rssFigure } from '../../core/capture/figures.js';
import { readRssAtUptime } from './rss.js';
import { attachNext, attachOnce, CaptureError, exabgpInfo, sessionsToWaitFor } from './attach-once.js';
import { lineageOf } from '../../io/daemon/lineage.js';
import type { CaptureKind, EstablishmentRun } from '../../core/model/capture.js';
import type { ControlSharing } from '../shared-control.js';

export interface CaptureRequest {
  kind: CaptureKind;
  label: string;
  file: string;
  target: Target;
  controlPath?: string | undefined;
  runs: number;
  timeoutMs: number;
  durationMs: number;
  targetUptimeMs: number;
  wait: boolean;
  restartCommand: readonly string[] | null;
  /** --neighbors: the sessions to wait for, instead of those up before the first restart. */
  neighbors?: readonly string[] | null;
  signal?: AbortSignal;
  /** The host's one-poller-per-life sharing: the capture's polls go through the life's poller. */
  sharing?: ControlSharing | null;
}

export interface CaptureProgress {
  /** 0..1 */
  fraction: number;
  message: string;
}

export interface CaptureResult {
  file: string;
  stored: { name: MetricName; figure: MetricOf<MetricName> }[];
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });

async function establishmentRuns(request: CaptureRequest, proc: ProcFs, progress: (p: CaptureProgress) => void): Promise<{ runs: EstablishmentRun[]; expected: string[] }> {
  const runs: EstablishmentRun[] = [];
  // A restart gives the daemon a new pid: each run follows the life before it (its configuration
  // and pid file), as the TUI does, whatever other daemons run on the host.
  // Asked once, before the first restart: a run whose session stayed down must not shrink the set.
  const first = await attachOnce(proc, request.target);
  const expected = await sessionsToWaitFor(proc, first, { controlPath: request.controlPath, neighbors: request.neighbors, sharing: request.sharing ?? null });
  let daemon = first;
  for (let i = 0; i < request.runs && !request.signal?.aborted; i++) {
    if (i > 0) daemon = await attachNext(proc, request.target, daemon);
    const waitForStart = request.restartCommand ? 60_000 : 365 * 86_400_000;
    const stop = new AbortController();
    request.signal?.addEventListener('abort', () => stop.abort(), { once: true });
    const timing = timeEstablishment({
      proc, target: request.target, expected, previous: daemon, lineage: lineageOf(daemon), controlPath: request.controlPath, timeoutMs: request.timeoutMs + waitForStart, signal: stop.signal, sharing: request.sharing ?? null,
      onWaiting: (w) => progress({ fraction: i / request.runs, message: `run ${i + 1}/${request.runs}: ${describeWaiting(w)}` }),
    });
    if (request.restartCommand) {
      // Announced first: a monitor watching this daemon records the restart as planned, no page.
      await announceRestart({ pid: daemon.pid, startTicks: daemon.startTicks, until: Date.now() + waitForStart + request.timeoutMs, by: `exatop capture ${request.kind}` }, Date.now());
      const [program, ...rest] = request.restartCommand;
      const restart = await runCommand(program!, rest, { timeoutMs: 60_000 });
      if (restart.failed) {
        // No restart is coming: stop waiting for one now, not after the timeout.
        stop.abort();
        await timing;
        throw new CaptureError(`the restart command failed: ${restart.failure}`);
      }
    } else {
      progress({ fraction: i / request.runs, message: `waiting for the daemon (pid ${daemon.pid}) to restart on its own` });
    }
    const run = await timing;
    runs.push(run);
    progress({ fraction: (i + 1) / request.runs, message: `run ${i + 1}/${request.runs}: ${run.ok ? `${run.seconds!.toFixed(2)} s, peak CPU ${run.peakCpuPercent?.toFixed(0) ?? '—'}%` : `FAILED: ${run.error}`}` });
  }
  return { runs, expected };
}

export async function performCapture(request: CaptureRequest, proc: ProcFs, progress: (p: CaptureProgress) => void = () => undefined): Promise<CaptureResult> {
  const daemon = await attachOnce(proc, request.target);
  const info = exabgpInfo(daemon);
  const stored: CaptureResult['stored'] = [];
  const started = Date.now();

  if (request.kind === 'establishment' || request.kind === 'peak') {
    const { runs, expected } = await establishmentRuns(request, proc, progress);
    const context = { expected, restartCommand: request.restartCommand, recordedAt: Date.now() };
    const establishment = request.kind === 'establishment' ? establishmentFigure(runs, context) : null;
    const peak = peakFigure(runs, context);
    if (establishment) stored.push({ name: 'establishment', figure: establishment });
    if (peak) stored.push({ name: 'cpuPeak', figure: peak });
  } else if (request.kind === 'cpu') {
    const result = await measureCpuAverage({
      proc,
      daemon,
      durationMs: request.durationMs,
      signal: request.signal,
      onProgress: (done, total, last) => progress({ fraction: done / total, message: `${formatDuration(done / 1000)} of ${formatDuration(total / 1000)}, last ${last?.toFixed(1) ?? '—'}%, ETA ${formatDuration((total - done) / 1000)}` }),
    });
    if (result.error) progress({ fraction: 1, message: result.error });
    const figure = cpuAverageFigure(result, request.durationMs, started);
    if (figure) stored.push({ name: 'cpuAvg', figure });
  } else {
    const uptimeMs = Date.now() - daemon.startTime;
    if (request.wait && uptimeMs < request.targetUptimeMs) {
      progress({ fraction: uptimeMs / request.targetUptimeMs, message: `waiting ${formatDuration((request.targetUptimeMs - uptimeMs) / 1000)} for uptime ${formatDuration(request.targetUptimeMs / 1000)}` });
      await sleep(request.targetUptimeMs - uptimeMs, request.signal);
    }
    const figure = rssFigure(await readRssAtUptime(proc, daemon, request.targetUptimeMs / 1000), daemon.startTime);
    if (figure) stored.push({ name: 'rss24h', figure });
  }
  for (const { name, figure } of stored) await saveMetric(request.file, request.label, name, figure, info);
  return { file: request.file, stored };
}
