// The files a daemon's API processes write (its event stream, when one is written to a file):
// each child's fds that name a regular file, read at their end for the life's `up` events.
import { open, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { upTimesFrom } from '../../core/capture/api-up.js';
import type { ProcFs } from '../procfs.js';

/** How much of the end of such a file is read: ample for a life's first events. */
const TAIL_BYTES = 1024 * 1024;

/** Regular files held open by the daemon's children (API processes, helpers). */
export async function childFiles(proc: ProcFs, daemonPid: number): Promise<string[]> {
  const files = new Set<string>();
  for (const child of await proc.children(daemonPid)) {
    const dir = join(proc.root, String(child), 'fd');
    for (const fd of await readdir(dir).catch(() => [] as string[])) {
      const target = await readlink(join(dir, fd)).catch(() => null);
      if (target?.startsWith('/') && !/^\/(dev|proc|sys)\//.test(target) && !target.endsWith(' (deleted)')) files.add(target);
    }
  }
  return [...files];
}

async function tail(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}

/** The first `up` of each neighbor of daemon `pid` since `since`, from the files its children write, and which file said so. */
export async function apiUpTimes(proc: ProcFs, pid: number, since: number): Promise<{ up: Map<string, number>; file: string | null }> {
  for (const file of await childFiles(proc, pid)) {
    const text = await tail(file).catch(() => '');
    const up = upTimesFrom(text, pid, since);
    if (up.size > 0) return { up, file };
  }
  return { up: new Map(), file: null };
}
