// Session establishment time, measured rather than stopwatched: from the daemon's process
// start (/proc/uptime with the start ticks, 10 ms) to the poll that sees every expected neighbor
// ESTABLISHED, with CPU sampled every 100 ms over the same window for the runbook's "peak CPU
// during session setup".
import { findHelpers, locate } from '../../io/daemon/discover.js';
import { type DaemonCandidate, type Target, type DaemonIdentity } from '../../core/model/daemon.js';
import { describeDaemon } from '../../io/daemon/identity.js';
import type { ProcFs } from '../../io/procfs.js';
import { dialectFor } from '../../core/control/commands.js';
import { fromOverride, locateControl } from '../../io/control/locate.js';
import { openPollSource, type PollSource } from '../poll-source.js';
import type { ControlSharing } from '../shared-control.js';
import type { NeighborReport } from '../../core/model/control.js';
import { peakPercent, type ThreadedReading } from '../../core/capture/cpu-time.js';
import type { EstablishmentRun } from '../../core/model/capture.js';
import type { WaitingFor } from '../../core/capture/waiting.js';
import { locateNext, type Lineage } from '../../io/daemon/lineage.js';
import { apiUpTimes } from '../../io/daemon/api-stream.js';

export interface EstablishmentOptions {
  proc: ProcFs;
  target: Target;
  /** Addresses that must be ESTABLISHED; see expectedNeighbors. */
  expected: readonly string[];
  controlPath?: string;
  /** The daemon life before the restart: the run waits for a different one. */
  previous: DaemonIdentity | null;
  /** How that life's successor is told from other daemons on the host (--pid, or no target). */
  lineage?: Lineage | null;
  timeoutMs: number;
  pollMs?: number;
  cpuEveryMs?: number;
  pollTimeoutMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Told whenever the set of neighbors still awaited changes, and at least once a second. */
  onWaiting?: (waiting: WaitingFor) => void;
  /** Stops the wait at its next poll (the restart it waited for will not come). */
  signal?: AbortSignal;
  /** One poller per daemon life: the run's polls go through it when another exatop process holds it. */
  sharing?: ControlSharing | null;
}

/** The sessions that were up before the restart are the ones that must come back. */
export function expectedNeighbors(reports: readonly NeighborReport[]): string[] {
  return reports.filter((r) => r.fsm === 'ESTABLISHED').map((r) => r.address);
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function failed(error: string, partial: Partial<EstablishmentRun> = {}): EstablishmentRun {
  return {
    ok: false, pid: null, startTime: null, startResolutionMs: null, establishedAt: null, seconds: null,
    peakCpuPercent: null, cpuSamples: 0, error, lastStates: {}, ...partial,
  };
}

/** Waits for a daemon life other than `previous`, then times its sessions. The channel it opened
 *  (and the life's poller lock, when it took it) is given back when the run ends, however it ends. */
export async function timeEstablishment(options: EstablishmentOptions): Promise<EstablishmentRun> {
  const opened: { source: PollSource | null } = { source: null };
  try {
    return await timeRun(options, opened);
  } finally {
    opened.source?.close();
  }
}

async function timeRun(options: EstablishmentOptions, opened: { source: PollSource | null }): Promise<EstablishmentRun> {
  const { proc, expected, timeoutMs } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const pollMs = options.pollMs ?? 50;
  const cpuEveryMs = options.cpuEveryMs ?? 100;
  const pollTimeoutMs = options.pollTimeoutMs ?? 1000;
  const deadline = now() + timeoutMs;
  if (expected.length === 0) return failed('no neighbor to wait for: none was ESTABLISHED before the restart (name them with --neighbors)');

  let candidate: DaemonCandidate | null = null;
  while (!candidate) {
    if (options.signal?.aborted) return failed('stopped: the restart it waited for did not happen');
    const found = options.lineage ? await locateNext(proc, options.target, options.lineage) : await locate(proc, options.target);
    if (found.status === 'found' && !(options.previous && found.daemon.pid === options.previous.pid && found.daemon.startTicks === options.previous.startTicks)) {
      candidate = found.daemon;
      break;
    }
    if (found.status === 'several') return failed(`several ExaBGP daemons could be the new one (${found.candidates.map((c) => c.pid).join(', ')}): name its pid file with --pidfile`);
    if (now() > deadline) return failed(`no new daemon appeared within ${timeoutMs / 1000} s`);
    await sleep(pollMs);
  }
  const daemon = await describeDaemon(proc, candidate);
  const base = { pid: daemon.pid, startTime: daemon.startTime, startResolutionMs: daemon.startTimeResolutionMs };
  const readings: ThreadedReading[] = [];
  const cores = proc.cpuCount();
  let lastCpuAt = 0;
  const sampleCpu = async () => {
    const stat = await proc.stat(daemon.pid);
    const t = now();
    if (stat && stat.startTicks === daemon.startTicks) {
      readings.push({ t, ticks: stat.utimeTicks + stat.stimeTicks, threads: Math.min(stat.threads, cores) });
    }
    lastCpuAt = t;
  };
  await sampleCpu();

  let client: PollSource | null = null;
  const lastStates: Record<string, string> = Object.fromEntries(expected.map((a) => [a, 'not reported']));
  let told = { pending: '', at: 0 };
  const tell = () => {
    const pending = expected.filter((a) => lastStates[a] !== 'ESTABLISHED').map((address) => ({ address, state: lastStates[address]! }));
    const key = pending.map((p) => `${p.address}=${p.state}`).join(',');
    if (!options.onWaiting || (key === told.pending && now() - told.at < 1000)) return;
    told = { pending: key, at: now() };
    options.onWaiting({ pending, established: expected.length - pending.length, expected: expected.length, elapsedMs: now() - daemon.startTime });
  };
  let lastNotYetAt = daemon.startTime;
  while (now() <= deadline) {
    if (options.signal?.aborted) return failed('stopped', { ...base, lastStates });
    if (now() - lastCpuAt >= cpuEveryMs) await sampleCpu();
    const stat = await proc.stat(daemon.pid);
    if (!stat || stat.startTicks !== daemon.startTicks) return failed(`the daemon (pid ${daemon.pid}) died before its sessions came up`, { ...base, lastStates });
    if (!client) {
      const helpers = await findHelpers(proc, daemon.pid);
      const location = options.controlPath ? await fromOverride(options.controlPath) : await locateControl(proc, daemon, helpers, null);
      if (location) {
        client = await openPollSource({ pid: daemon.pid, startTicks: daemon.startTicks }, location, dialectFor(daemon.version, daemon.environ), {
          sharing: options.sharing ?? null, wantMs: pollMs, timeoutMs: pollTimeoutMs, version: daemon.version?.version ?? null,
        });
        opened.source = client;
      }
    }
    if (client) {
      const poll = await client.pollNeighbors(now);
      // The poll's own times: when it was sent and answered, by this process or by the life's poller.
      const sentAt = poll.t;
      if (poll.ok && poll.neighbors && !expected.every((a) => poll.neighbors!.some((r) => r.address === a && r.fsm === 'ESTABLISHED'))) {
        lastNotYetAt = poll.t + poll.latencyMs;
      }
      if (poll.ok && poll.neighbors) {
        for (const r of poll.neighbors) if (r.address in lastStates) lastStates[r.address] = r.fsm;
        if (expected.every((a) => lastStates[a] === 'ESTABLISHED')) {
          // Established somewhere between the previous poll and this answer: the send time bounds it.
          const polledAt = Math.min(now(), sentAt + Math.round(poll.latencyMs / 2));
          // The daemon's own word, where an API process writes its event stream to a file: the
          // `up` events' time (its clock, µs). A restarting 4.2 opens its pipe after its sessions
          // are up, so the first poll that answers already says ESTABLISHED.
          const api = await upFromApiStream(proc, daemon.pid, daemon.startTime, expected, polledAt, sleep, pollMs);
          const establishedAt = api ? api.at : polledAt;
          await sampleCpu();
          const window = readings.filter((r) => r.t <= establishedAt + cpuEveryMs);
          const cpu = peakPercent(daemon.startTime, window, cpuEveryMs);
          return {
            ok: true,
            ...base,
            establishedAt,
            seconds: (establishedAt - daemon.startTime) / 1000,
            // The channel saw "not yet" last at lastNotYetAt (or never: the start bounds it).
            uncertaintyS: api ? null : (now() - lastNotYetAt) / 1000,
            establishedBy: api ? { kind: 'api-event', file: api.file } : { kind: 'control-poll', file: null },
            peakCpuPercent: cpu.peak,
            cpuSamples: cpu.intervals.length,
            error: null,
            lastStates,
          };
        }
      }
    }
    tell();
    await sleep(pollMs);
  }
  const missing = expected.filter((a) => lastStates[a] !== 'ESTABLISHED').map((a) => `${a} (${lastStates[a]})`);
  return failed(`not ESTABLISHED within ${timeoutMs / 1000} s: ${missing.join(', ')}`, { ...base, lastStates });
}

/** How long the stream is read again for the last `up` events after the poll saw them all (the API process writes as it is told). */
const API_STREAM_WAIT_MS = 500;

/**
 * When the last expected session came up by the daemon's `up` events, when a file its API
 * processes write holds one for every expected neighbor of this life, else null.
 */
async function upFromApiStream(
  proc: ProcFs, pid: number, startTime: number, expected: readonly string[], polledAt: number,
  sleep: (ms: number) => Promise<void>, pollMs: number,
): Promise<{ at: number; file: string } | null> {
  // A clock tick of slack on the start; never after the poll that saw them all (plus a second: clocks and buffering).
  for (let waited = 0; ; waited += pollMs) {
    const { up, file } = await apiUpTimes(proc, pid, startTime - 10).catch(() => ({ up: new Map<string, number>(), file: null }));
    if (file && expected.every((a) => up.has(a))) {
      const at = Math.round(Math.max(...expected.map((a) => up.get(a)!)));
      return at <= polledAt + 1000 ? { at, file } : null;
    }
    if (!file || waited >= API_STREAM_WAIT_MS) return null;
    await sleep(pollMs);
  }
}
