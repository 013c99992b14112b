// Everything a capture needs to know about the daemon before it measures: which life it is,
// what the run file should say about it, and which sessions must come back after a restart.
import { findHelpers, locate } from '../../io/daemon/discover.js';
import { type Target, type DaemonInfo } from '../../core/model/daemon.js';
import { describeDaemon } from '../../io/daemon/identity.js';
import type { ProcFs } from '../../io/procfs.js';
import type { ExabgpInfo } from '../../core/compare/run-schema.js';
import type { ControlPoll } from '../../core/control/client.js';
import { dialectFor } from '../../core/control/commands.js';
import { fromOverride, locateControl } from '../../io/control/locate.js';
import { openPollSource } from '../poll-source.js';
import type { ControlSharing } from '../shared-control.js';
import { lineageOf, locateNext } from '../../io/daemon/lineage.js';
import { expectedNeighbors } from './establishment.js';
import { EXIT, ExitError } from '../../core/exit-codes.js';

export class CaptureError extends ExitError {
  override name = 'CaptureError';
  constructor(message: string) {
    super(message, EXIT.failed, 'exatop capture');
  }
}

export async function attachOnce(proc: ProcFs, target: Target): Promise<DaemonInfo> {
  const found = await locate(proc, target);
  if (found.status === 'several') throw new CaptureError(`several ExaBGP daemons run (${found.candidates.map((c) => c.pid).join(', ')}): choose one with --pid N or --pidfile FILE`);
  if (found.status === 'none') throw new CaptureError(found.message);
  return describeDaemon(proc, found.daemon);
}

/** The life after `previous` (its successor), or `previous` itself when it did not restart. */
export async function attachNext(proc: ProcFs, target: Target, previous: DaemonInfo): Promise<DaemonInfo> {
  const next = await locateNext(proc, target, lineageOf(previous));
  if (next.status === 'found') return describeDaemon(proc, next.daemon);
  const stat = await proc.stat(previous.pid);
  if (stat && stat.startTicks === previous.startTicks) return previous;
  throw new CaptureError(next.status === 'several' ? `several ExaBGP daemons could succeed pid ${previous.pid} (${next.candidates.map((c) => c.pid).join(', ')}): name its pid file with --pidfile` : next.message);
}

export function exabgpInfo(daemon: DaemonInfo): ExabgpInfo {
  return { version: daemon.version?.version ?? null, reactor: daemon.reactor.mode, reactorSource: daemon.reactor.source, config: daemon.config };
}

export interface ExpectedOptions {
  controlPath?: string | undefined;
  /** --neighbors: the operator's list, taken as is. */
  neighbors?: readonly string[] | null | undefined;
  attempts?: number;
  retryMs?: number;
  sharing?: ControlSharing | null;
}

/**
 * The sessions up right now, asked over the control channel: the ones a restart must bring back.
 * A failed poll is asked again; it never widens the set to every configured neighbor, because a
 * configured neighbor that was down before (a ghost) would hold every run to its timeout.
 */
export async function sessionsToWaitFor(proc: ProcFs, daemon: DaemonInfo, options: ExpectedOptions = {}): Promise<string[]> {
  if (options.neighbors && options.neighbors.length > 0) return [...options.neighbors];
  const helpers = await findHelpers(proc, daemon.pid);
  const location = options.controlPath ? await fromOverride(options.controlPath) : await locateControl(proc, daemon, helpers, null);
  if (!location) throw new CaptureError('no control channel found to ask which sessions are up: give --control PATH or --neighbors A,B');
  const retryMs = options.retryMs ?? 1000;
  const source = await openPollSource({ pid: daemon.pid, startTicks: daemon.startTicks }, location, dialectFor(daemon.version, daemon.environ), {
    sharing: options.sharing ?? null, wantMs: retryMs, timeoutMs: 2000, version: daemon.version?.version ?? null,
  });
  let up: Awaited<ReturnType<typeof establishedWithRetries>>;
  try {
    up = await establishedWithRetries(() => source.pollNeighbors(Date.now), options.attempts ?? 5, retryMs);
  } finally {
    source.close();
  }
  if (!up.ok) throw new CaptureError(`could not ask the daemon which sessions are up (${up.error}): try again, or give --neighbors A,B`);
  if (up.addresses.length === 0) throw new CaptureError('no session is ESTABLISHED now, so none can be timed coming back: give --neighbors A,B');
  return up.addresses;
}

export async function establishedWithRetries(
  poll: () => Promise<ControlPoll>, attempts: number, retryMs: number, sleep = defaultSleep,
): Promise<{ ok: true; addresses: string[] } | { ok: false; error: string }> {
  let error = 'not asked';
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await sleep(retryMs);
    const answer = await poll();
    if (answer.ok && answer.neighbors) return { ok: true, addresses: expectedNeighbors(answer.neighbors) };
    error = `${attempts} polls failed, last: ${answer.error ?? 'no answer'}`;
  }
  return { ok: false, error };
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
