// The only code that reads /proc. Every function takes the proc root so tests can point it at
// a folder of files captured from real daemons.
import { readFile, readdir, readlink } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import {
  parseBootTime, parseChildren, parseUptime, parseEnviron, parseNulList, parseOpenFilesLimit, parseStat, parseStatus,
  type ProcStat, type ProcStatus,
} from '../core/daemon/proc-parse.js';

export type Readable<T> = { ok: true; value: T } | { ok: false; reason: string };

export class ProcFs {
  constructor(readonly root = '/proc') {}

  private path(...parts: (string | number)[]): string {
    return [this.root, ...parts].join('/');
  }

  private async text(...parts: (string | number)[]): Promise<string | null> {
    try {
      return await readFile(this.path(...parts), 'utf8');
    } catch {
      return null;
    }
  }

  async stat(pid: number): Promise<ProcStat | null> {
    const text = await this.text(pid, 'stat');
    return text === null ? null : parseStat(text);
  }

  async status(pid: number): Promise<ProcStatus | null> {
    const text = await this.text(pid, 'status');
    return text === null ? null : parseStatus(text);
  }

  async cmdline(pid: number): Promise<string[] | null> {
    const text = await this.text(pid, 'cmdline');
    return text === null ? null : parseNulList(text);
  }

  /** A process of another user hides its environment unless exatop runs as root. */
  async environ(pid: number): Promise<Readable<Record<string, string>>> {
    try {
      return { ok: true, value: parseEnviron(await readFile(this.path(pid, 'environ'), 'utf8')) };
    } catch (error) {
      return { ok: false, reason: describeError(error) };
    }
  }

  async openFilesLimit(pid: number): Promise<number | null> {
    const text = await this.text(pid, 'limits');
    return text === null ? null : parseOpenFilesLimit(text);
  }

  async fdCount(pid: number): Promise<Readable<number>> {
    try {
      return { ok: true, value: (await readdir(this.path(pid, 'fd'))).length };
    } catch (error) {
      return { ok: false, reason: describeError(error) };
    }
  }

  /** Direct children, from the kernel's own list when it has one, else by scanning ppids. */
  async children(pid: number): Promise<number[]> {
    const listed = await this.text(pid, 'task', pid, 'children');
    if (listed !== null) return parseChildren(listed);
    const found: number[] = [];
    for (const other of await this.pids()) {
      const stat = await this.stat(other);
      if (stat?.ppid === pid) found.push(other);
    }
    return found;
  }

  async pids(): Promise<number[]> {
    try {
      return (await readdir(this.root)).filter((name) => /^\d+$/.test(name)).map(Number);
    } catch {
      return [];
    }
  }

  async bootTime(): Promise<number | null> {
    const text = await this.text('stat');
    return text === null ? null : parseBootTime(text);
  }

  /** Seconds since boot (centiseconds), with the epoch ms it was read at: the pair that turns a
   *  process's start ticks into a wall-clock start to 10 ms, where btime's whole seconds cannot. */
  async uptime(now: () => number = Date.now): Promise<{ seconds: number; at: number } | null> {
    const before = now();
    const text = await this.text('uptime');
    const after = now();
    const seconds = text === null ? null : parseUptime(text);
    return seconds === null ? null : { seconds, at: (before + after) / 2 };
  }

  /** Cores this process may run on: no process's CPU can exceed 100 % per core. */
  cpuCount(): number {
    return availableParallelism();
  }

  async exe(pid: number): Promise<string | null> {
    try {
      return await readlink(this.path(pid, 'exe'));
    } catch {
      return null;
    }
  }
}

export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied (run exatop as root or as the daemon\'s user)';
  if (code === 'ENOENT' || code === 'ESRCH') return 'process is gone';
  return error instanceof Error ? error.message : String(error);
}
