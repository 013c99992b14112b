// Everything a capture needs to know about the daemon before it measures: which life it is,
// what the run file should say about it, and which sessions must come back after a restart.
import { neighborsFromConfig } from '../../core/daemon/config-neighbors.js';
import { findHelpers, locate } from '../../io/daemon/discover.js';
import { type Target, type DaemonInfo } from '../../core/model/daemon.js';
import { describeDaemon } from '../../io/daemon/identity.js';
import type { ProcFs } from '../../io/procfs.js';
import { readTextOrNull } from '../../io/files.js';
import type { ExabgpInfo } from '../../core/compare/run-schema.js';
import { ControlClient } from '../../core/control/client.js';
import { dialectFor } from '../../core/control/commands.js';
import { fromOverride, locateControl, transportFor } from '../../io/control/locate.js';
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

export function exabgpInfo(daemon: DaemonInfo): ExabgpInfo {
  return { version: daemon.version?.version ?? null, reactor: daemon.reactor.mode, reactorSource: daemon.reactor.source, config: daemon.config };
}

/** The sessions up right now (asked over the control channel), else every configured neighbor. */
export async function sessionsToWaitFor(proc: ProcFs, daemon: DaemonInfo, controlPath?: string): Promise<string[]> {
  const configured = daemon.config ? neighborsFromConfig((await readTextOrNull(daemon.config)) ?? '').map((n) => n.address) : [];
  const helpers = await findHelpers(proc, daemon.pid);
  const location = controlPath ? await fromOverride(controlPath) : await locateControl(proc, daemon, helpers, null);
  if (!location) return configured;
  const client = new ControlClient(transportFor(location), dialectFor(daemon.version, daemon.environ));
  const poll = await client.pollNeighbors(Date.now);
  return expectedNeighbors(poll.ok ? poll.neighbors : null, configured);
}
