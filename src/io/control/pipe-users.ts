// Who else has the daemon's pipes open (/proc/*/fd): exabgpcli, `exabgp cli`, a script. The
// pipe pair is shared and answers are not addressed, so a query sent while one of them waits
// for its answer would take its bytes or hand it ours: exatop names it and waits.
import { readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';

export interface PipeUser {
  pid: number;
  /** Its command line, shortened, as ps shows it. */
  command: string;
}

const MAX_COMMAND_CHARS = 80;

/**
 * Processes that hold `paths` open, except those in `exclude` (the daemon, its helpers, us) and
 * the children of `parents` (the daemon's children are its helpers, by definition: a new life's
 * CLI helper opens the pipe before exatop has listed it among the helpers).
 */
export async function findPipeUsers(paths: readonly string[], exclude: ReadonlySet<number>, procRoot = '/proc', parents: ReadonlySet<number> = new Set()): Promise<PipeUser[]> {
  const wanted = new Set(paths);
  const users: PipeUser[] = [];
  let entries: string[];
  try {
    entries = await readdir(procRoot);
  } catch {
    return users;
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid <= 0 || exclude.has(pid)) continue;
    if (!(await holdsAny(join(procRoot, entry, 'fd'), wanted))) continue;
    if (parents.size > 0 && parents.has((await parentOf(procRoot, pid)) ?? -1)) continue;
    users.push({ pid, command: await commandOf(procRoot, pid) });
  }
  return users;
}

async function holdsAny(fdDir: string, wanted: ReadonlySet<string>): Promise<boolean> {
  let fds: string[];
  try {
    fds = await readdir(fdDir);
  } catch {
    return false; // gone, or not ours to read
  }
  for (const fd of fds) {
    const target = await readlink(join(fdDir, fd)).catch(() => null);
    if (target !== null && wanted.has(target)) return true;
  }
  return false;
}

/** Field 4 of /proc/PID/stat, after the command name in parentheses (which may hold spaces). */
async function parentOf(procRoot: string, pid: number): Promise<number | null> {
  const raw = await readFile(join(procRoot, String(pid), 'stat'), 'utf8').catch(() => '');
  const ppid = Number(raw.slice(raw.lastIndexOf(')') + 2).split(' ')[1]);
  return Number.isInteger(ppid) ? ppid : null;
}

async function commandOf(procRoot: string, pid: number): Promise<string> {
  const raw = await readFile(join(procRoot, String(pid), 'cmdline'), 'utf8').catch(() => '');
  const command = raw.split('\0').filter(Boolean).join(' ') || '?';
  return command.length > MAX_COMMAND_CHARS ? `${command.slice(0, MAX_COMMAND_CHARS - 1)}…` : command;
}

/** `exabgpcli show neighbor (pid 4242)`: the control line's words. */
export function describePipeUsers(users: readonly PipeUser[]): string {
  const named = users.slice(0, 2).map((u) => `${u.command} (pid ${u.pid})`).join(', ');
  return users.length > 2 ? `${named} and ${users.length - 2} more` : named;
}
