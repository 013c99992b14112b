// Starting and stopping the lab's processes. A process is only ever signalled when its pid
// still has the start time recorded when the lab started it: a recycled pid is left alone.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { execa } from 'execa';
import type { ProcFs } from '../procfs.js';

export interface StartedProcess {
  name: string;
  role: 'daemon' | 'peer' | 'flapper';
  pid: number;
  startTicks: number;
  argv: string[];
  log: string;
}

export async function spawnDetached(
  proc: ProcFs,
  name: string,
  role: StartedProcess['role'],
  program: string,
  args: string[],
  env: Record<string, string>,
  log: string,
  cwd: string,
): Promise<StartedProcess> {
  // A stream with a file descriptor is handed to the child as is: nothing flows through exatop,
  // so `exatop lab up` can exit while the daemon goes on writing its log.
  const out = createWriteStream(log, { flags: 'a' });
  await once(out, 'open');
  const child = execa(program, args, {
    detached: true,
    cleanup: false,
    reject: false,
    stdin: 'ignore',
    stdout: out,
    stderr: out,
    env,
    extendEnv: true,
    cwd,
  });
  out.close();
  child.unref();
  void child.catch(() => undefined);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${program}`);
  const stat = await proc.stat(pid);
  return { name, role, pid, startTicks: stat?.startTicks ?? -1, argv: [program, ...args], log };
}

export async function isRunning(proc: ProcFs, p: Pick<StartedProcess, 'pid' | 'startTicks'>): Promise<boolean> {
  const stat = await proc.stat(p.pid);
  return !!stat && stat.startTicks === p.startTicks && stat.state !== 'Z';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** SIGTERM, then SIGKILL after `graceMs`. Returns false when the pid was not ours any more. */
export async function stopProcess(proc: ProcFs, p: Pick<StartedProcess, 'pid' | 'startTicks'>, graceMs = 5000): Promise<boolean> {
  if (!(await isRunning(proc, p))) return false;
  try {
    process.kill(p.pid, 'SIGTERM');
  } catch {
    return false;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!(await isRunning(proc, p))) return true;
    await sleep(100);
  }
  try {
    process.kill(p.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  return true;
}

export async function waitFor<T>(probe: () => Promise<T | null>, timeoutMs: number, stepMs = 100): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() >= deadline) return null;
    await sleep(stepMs);
  }
}
