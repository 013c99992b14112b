// Where this user's feed sockets live: $XDG_RUNTIME_DIR/exatop, /run/exatop for root without one,
// else the state folder. The folder is 0700 and the user's own: a feed is private to its user.
import { lstat, mkdir, readdir, unlink } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { stateHome } from '../config/paths.js';

export function runtimeDirFor(env: NodeJS.ProcessEnv, uid: number): string {
  const xdg = env['XDG_RUNTIME_DIR'];
  if (xdg && isAbsolute(xdg)) return join(xdg, 'exatop');
  if (uid === 0) return '/run/exatop';
  return join(stateHome(env), 'exatop', 'run');
}

/** Makes the folder (0700) and checks it is a real folder of this user that nobody else can enter. */
export async function ensurePrivateDir(dir: string, uid: number): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const st = await lstat(dir);
  if (!st.isDirectory() || st.uid !== uid || (st.mode & 0o077) !== 0) {
    throw new Error(`${dir} must be a folder of uid ${uid} with mode 0700 (it is ${st.isDirectory() ? `uid ${st.uid} mode ${(st.mode & 0o777).toString(8)}` : 'not a folder'}): remove it or set XDG_RUNTIME_DIR`);
  }
  return dir;
}

/** Feed files of exatop processes that died without closing them (kill -9): removed on sight. */
export async function sweepDeadFeeds(dir: string): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const owner = /^feed-\d+-\d+-(\d+)-\d+\.sock$/.exec(name)?.[1];
    if (!owner || isAlive(Number(owner))) continue;
    await unlink(join(dir, name)).then(() => removed++, () => undefined);
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
