// Pure parsers for the /proc files exatop reads. They never throw: a file that does not have
// the expected shape yields null, because a process can vanish or change between two reads.

export interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  utimeTicks: number;
  stimeTicks: number;
  threads: number;
  /** Clock ticks after boot at which the process started: with the pid, one daemon life. */
  startTicks: number;
  rssPages: number;
}

export function parseStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 1 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  const rest = text.slice(close + 2).trim().split(/\s+/);
  if (!Number.isInteger(pid) || rest.length < 22) return null;
  const num = (i: number): number => Number(rest[i]);
  const stat: ProcStat = {
    pid,
    comm: text.slice(open + 1, close),
    state: rest[0] ?? '?',
    ppid: num(1),
    utimeTicks: num(11),
    stimeTicks: num(12),
    threads: num(17),
    startTicks: num(19),
    rssPages: num(21),
  };
  const numbers = [stat.ppid, stat.utimeTicks, stat.stimeTicks, stat.threads, stat.startTicks, stat.rssPages];
  return numbers.every(Number.isFinite) ? stat : null;
}

export interface ProcStatus {
  name: string | null;
  rssBytes: number | null;
  threads: number | null;
  uid: number | null;
}

export function parseStatus(text: string): ProcStatus {
  const field = (key: string): string | null => {
    const match = new RegExp(`^${key}:[ \\t]*(.*)$`, 'm').exec(text);
    const value = match?.[1]?.trim();
    return value ? value : null;
  };
  const rssKb = integer(field('VmRSS')?.replace(/\s*kB$/, ''));
  return {
    name: field('Name'),
    rssBytes: rssKb === null ? null : rssKb * 1024,
    threads: integer(field('Threads')),
    uid: integer(field('Uid')?.split(/\s+/)[0]),
  };
}

/** A decimal integer, or null for anything else (an empty field is not 0). */
function integer(text: string | undefined | null): number | null {
  return text && /^\d+$/.test(text) ? Number(text) : null;
}

/** The soft "Max open files" limit; null when unlimited or unreadable. */
export function parseOpenFilesLimit(text: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith('Max open files'));
  if (!line) return null;
  return integer(line.slice('Max open files'.length).trim().split(/\s+/)[0]);
}

export function parseNulList(text: string): string[] {
  const parts = text.split('\0');
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

export function parseEnviron(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of parseNulList(text)) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

/** `btime` from /proc/stat: boot time in epoch seconds. */
export function parseBootTime(text: string): number | null {
  const match = /^btime\s+(\d+)$/m.exec(text);
  return match ? Number(match[1]) : null;
}

/** The first field of /proc/uptime: seconds since boot, to the centisecond the kernel prints. */
export function parseUptime(text: string): number | null {
  const match = /^(\d+\.\d+)\s/.exec(text);
  return match ? Number(match[1]) : null;
}

export function parseChildren(text: string): number[] {
  return text
    .trim()
    .split(/\s+/)
    .filter((s) => s !== '')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
}

/** USER_HZ: the unit of /proc/PID/stat times. It is 100 on every Linux ABI exatop runs on. */
export const CLOCK_TICKS_PER_SECOND = 100;
