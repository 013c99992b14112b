// Which daemon comes after this one: a restart (systemctl restart, SIGTERM + start, kill -9 +
// start) gives a new pid, so a life is followed by what its successor shares with it, never by
// "the only daemon on the host" — production hosts run one daemon per service or family.
import type { DaemonCandidate, DaemonIdentity, DaemonInfo, Target } from '../../core/model/daemon.js';
import type { ProcFs } from '../procfs.js';
import { inspectDaemon, locate, scanDaemons, type Located } from './discover.js';
import { hostFiles, type FileReader } from '../files.js';

/** What a daemon's successor shares with it. */
export interface Lineage {
  /** The life that ended (or is about to): never its own successor. */
  previous: DaemonIdentity;
  configs: readonly string[];
  /** exabgp_daemon_pid: the successor writes its pid there. */
  pidFile: string | null;
}

/** The daemon's pid file, as ExaBGP reads its setting: environment (both spellings), else the env file. */
export function pidFileOf(environ: Readonly<Record<string, string>>, envFile: Readonly<Record<string, string>> = {}): string | null {
  return environ['exabgp.daemon.pid'] || environ['exabgp_daemon_pid'] || envFile['exabgp.daemon.pid'] || null;
}

export function lineageOf(daemon: Pick<DaemonInfo, 'pid' | 'startTicks' | 'configs' | 'pidFile'>): Lineage {
  return { previous: { pid: daemon.pid, startTicks: daemon.startTicks }, configs: daemon.configs, pidFile: daemon.pidFile };
}

const sameLife = (a: DaemonIdentity, b: DaemonIdentity): boolean => a.pid === b.pid && a.startTicks === b.startTicks;
const sameConfigs = (a: readonly string[], b: readonly string[]): boolean => a.join('\0') === b.join('\0');

async function fromPidFile(proc: ProcFs, lineage: Lineage, files: FileReader): Promise<DaemonCandidate | null> {
  if (!lineage.pidFile) return null;
  const text = await files.text(lineage.pidFile);
  const pid = Number(text?.trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const daemon = await inspectDaemon(proc, pid);
  return daemon && !sameLife(daemon, lineage.previous) && sameConfigs(daemon.configs, lineage.configs) ? daemon : null;
}

/**
 * The successor of `lineage`: the daemon its pid file names now, else the one daemon running
 * with the same configuration (several with it: the one writing the same pid file). Other
 * daemons on the host are not candidates.
 */
export async function findSuccessor(proc: ProcFs, lineage: Lineage, files: FileReader = hostFiles): Promise<Located> {
  const named = await fromPidFile(proc, lineage, files);
  if (named) return { status: 'found', daemon: named };
  const same = (await scanDaemons(proc)).filter((d) => !sameLife(d, lineage.previous) && sameConfigs(d.configs, lineage.configs));
  if (same.length === 1) return { status: 'found', daemon: same[0]! };
  if (same.length > 1 && lineage.pidFile) {
    const writers: DaemonCandidate[] = [];
    for (const d of same) {
      const environ = await proc.environ(d.pid);
      if (environ.ok && pidFileOf(environ.value) === lineage.pidFile) writers.push(d);
    }
    if (writers.length === 1) return { status: 'found', daemon: writers[0]! };
  }
  if (same.length > 1) return { status: 'several', candidates: same };
  const what = lineage.configs.length ? `configuration ${lineage.configs.join(' ')}` : 'no configuration argument';
  return { status: 'none', message: `waiting for the successor of pid ${lineage.previous.pid} (${what}${lineage.pidFile ? `, pid file ${lineage.pidFile}` : ''})` };
}

/**
 * The next life to attach to: a --pidfile target reads its file; anything else follows the
 * lineage; an automatic target with no successor falls back to looking at the whole host.
 */
export async function locateNext(proc: ProcFs, target: Target, lineage: Lineage | null, files: FileReader = hostFiles): Promise<Located> {
  if (!lineage || target.kind === 'pidfile') return locate(proc, target);
  const next = await findSuccessor(proc, lineage, files);
  if (next.status !== 'none' || target.kind !== 'auto') return next;
  const any = await locate(proc, target);
  return any.status === 'found' && sameLife(any.daemon, lineage.previous) ? next : any;
}
