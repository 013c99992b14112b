// Where a daemon's log goes, found from what it was started with: exabgp_log_destination (a
// path), stdout/stderr redirected to a file (a lab, `exabgp … > file`), or the systemd
// journal when it runs in a unit whose stdout is journald's socket.
import { readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { DaemonInfo } from '../../core/model/daemon.js';
import type { ProcFs } from '../procfs.js';

export type LogSourceSpec =
  | { kind: 'file'; path: string; how: string }
  | { kind: 'journal'; unit: string; how: string };

export interface LogClues {
  environ: Record<string, string>;
  envFile: Record<string, string>;
  /** readlink of /proc/PID/fd/1 and fd/2 (null when unreadable). */
  stdout: string | null;
  stderr: string | null;
  /** /proc/PID/cgroup text. */
  cgroup: string | null;
}

const isRegularPath = (target: string | null): target is string =>
  !!target && target.startsWith('/') && !target.startsWith('/dev/') && !target.endsWith(' (deleted)');

/** The systemd service a process runs in, from its cgroup path. */
export function unitFromCgroup(cgroup: string): string | null {
  for (const line of cgroup.split('\n')) {
    const path = line.split(':').slice(2).join(':');
    const match = /\/([^/]+\.service)(\/|$)/.exec(path);
    if (match?.[1]) return match[1];
  }
  return null;
}

export function logSourcesFrom(clues: LogClues): LogSourceSpec[] {
  const found: LogSourceSpec[] = [];
  const destination = clues.environ['exabgp.log.destination'] ?? clues.environ['exabgp_log_destination'] ?? clues.envFile['exabgp.log.destination'];
  if (destination?.startsWith('/')) found.push({ kind: 'file', path: destination, how: 'exabgp_log_destination' });
  for (const [fd, target] of [['stdout', clues.stdout], ['stderr', clues.stderr]] as const) {
    if (isRegularPath(target) && !found.some((s) => s.kind === 'file' && s.path === target)) {
      found.push({ kind: 'file', path: target, how: `daemon ${fd} is redirected to this file` });
    }
  }
  const unit = clues.cgroup ? unitFromCgroup(clues.cgroup) : null;
  const toJournal = [clues.stdout, clues.stderr].some((t) => t?.startsWith('socket:'));
  if (unit && (toJournal || destination === 'syslog')) found.push({ kind: 'journal', unit, how: `runs in systemd unit ${unit}` });
  return found;
}

export async function findLogSources(proc: ProcFs, daemon: DaemonInfo, envFile: Record<string, string>): Promise<LogSourceSpec[]> {
  const fd = async (n: number) => readlink(join(proc.root, String(daemon.pid), 'fd', String(n))).catch(() => null);
  const cgroup = await readFile(join(proc.root, String(daemon.pid), 'cgroup'), 'utf8').catch(() => null);
  return logSourcesFrom({ environ: daemon.environ, envFile, stdout: await fd(1), stderr: await fd(2), cgroup });
}
