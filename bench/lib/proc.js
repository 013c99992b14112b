// What the benchmark reads from /proc about the processes it measures, and small helpers shared
// by the runner and its parts. Everything is measured from the outside: the measured program's
// own /proc figures (stat ticks, VmRSS), never what the program says about itself.
import { readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

let clockTicks = 100;
try {
  clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  // 100 on every Linux ABI this runs on
}
export const CLK_TCK = clockTicks;

/** Fields of /proc/PID/stat after the command (which may hold spaces and parentheses). */
export function readStat(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state); field N is rest[N - 3]
  return {
    state: rest[0],
    ppid: Number(rest[1]),
    utime: Number(rest[11]),
    stime: Number(rest[12]),
    cutime: Number(rest[13]),
    cstime: Number(rest[14]),
    startTicks: Number(rest[19]),
  };
}

export function vmRssBytes(pid) {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export function fdCount(pid) {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return null;
  }
}

export function children(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export function descendants(pid) {
  const out = [];
  const todo = [pid];
  while (todo.length > 0) {
    for (const child of children(todo.pop())) {
      out.push(child);
      todo.push(child);
    }
  }
  return out;
}

/**
 * CPU ticks of a process and everything under it: its own utime+stime, its reaped children
 * (cutime+cstime) and the ticks of its live descendants. The difference of two readings is
 * exact over the window even when short-lived children (exabgpcli) come and go within it.
 */
export function treeTicks(pid) {
  const own = readStat(pid);
  if (!own) return null;
  let ticks = own.utime + own.stime + own.cutime + own.cstime;
  for (const child of descendants(pid)) {
    const s = readStat(child);
    if (s) ticks += s.utime + s.stime + s.cutime + s.cstime;
  }
  return ticks;
}

export function isAlive(pid) {
  const s = readStat(pid);
  return !!s && s.state !== 'Z';
}

export const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {ReadonlyArray<number | null | undefined>} values @param {number} p @returns {number | null} */
export function percentile(values, p) {
  const sorted = finiteOf(values).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

/** @param {ReadonlyArray<number | null | undefined>} values @returns {number | null} */
export function median(values) {
  const sorted = finiteOf(values).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The finite numbers of a list that may hold null (a reading that failed). */
const finiteOf = (/** @type {ReadonlyArray<number | null | undefined>} */ values) => /** @type {number[]} */ (values.filter((v) => Number.isFinite(v)));

/** @param {ReadonlyArray<number | null | undefined>} values */
export function summary(values) {
  const finite = finiteOf(values);
  if (finite.length === 0) return { n: 0, p50: null, p99: null, max: null, mean: null };
  return {
    n: finite.length,
    p50: round(percentile(finite, 50), 3),
    p99: round(percentile(finite, 99), 3),
    max: round(Math.max(...finite), 3),
    mean: round(finite.reduce((a, b) => a + b, 0) / finite.length, 3),
  };
}

/** @param {number | null | undefined} value @returns {number | null} */
export function round(value, digits = 2) {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Kills one process we started, by pid: SIGTERM, then SIGKILL after graceMs. */
/** @param {number | null | undefined} pid @param {number | null} [startTicks] */
export async function stopPid(pid, graceMs = 3000, startTicks = null) {
  const mine = () => {
    const s = readStat(pid);
    return !!s && s.state !== 'Z' && (startTicks === null || s.startTicks === startTicks);
  };
  if (!pid || !mine()) return false;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return false;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!mine()) return true;
    await sleep(50);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone meanwhile
  }
  return true;
}
