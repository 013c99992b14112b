// One event per daemon life: what ran (versions, interpreter, OS, reactor and how it was
// derived), so an issue report made from the recording has its Environment.
import type { DaemonInfo } from '../../core/model/daemon.js';
import type { ProcFs } from '../procfs.js';
import { probeEnvironment } from '../daemon/environment.js';
import type { RecordedEvent, RecordedLife } from '../../core/record/format.js';


export async function lifeEvent(proc: ProcFs, daemon: DaemonInfo, configured: number | null, t: number): Promise<RecordedEvent> {
  const env = await probeEnvironment(proc, daemon);
  const detail: RecordedLife = {
    pid: daemon.pid,
    start: daemon.startTime,
    config: daemon.config,
    configured,
    version: daemon.version?.version ?? null,
    versionSource: daemon.version?.source ?? 'unknown',
    commit: env.exabgpCommit.value,
    commitSource: env.exabgpCommit.source,
    python: env.python.value,
    pythonSource: env.python.source,
    os: env.os.value,
    osSource: env.os.source,
    reactor: daemon.reactor.mode,
    reactorSource: daemon.reactor.source,
  };
  return { type: 'event', t, kind: 'life', detail: { ...detail } };
}
