// Finds ExaBGP daemons by scanning /proc, and resolves --pid / --pidfile targets.
import { readFile } from 'node:fs/promises';
import { classifyInvocation, exabgpProgramIndex } from '../../core/daemon/classify.js';
import type { ProcFs } from '../procfs.js';
import { NO_DAEMON_HELP, type DaemonCandidate, type Helper, type Target } from '../../core/model/daemon.js';

/** Processes the lab starts as BGP peers carry this in their environment: never attach to them. */
export const LAB_ROLE_VARIABLE = 'EXATOP_LAB_ROLE';

export type Located =
  | { status: 'found'; daemon: DaemonCandidate }
  | { status: 'none'; message: string }
  | { status: 'several'; candidates: DaemonCandidate[] };

export async function inspectDaemon(proc: ProcFs, pid: number): Promise<DaemonCandidate | null> {
  const argv = await proc.cmdline(pid);
  if (!argv) return null;
  const invocation = classifyInvocation(argv);
  if (invocation?.role !== 'daemon') return null;
  const stat = await proc.stat(pid);
  if (!stat) return null;
  return { pid, startTicks: stat.startTicks, argv, configs: invocation.configs, envFile: invocation.envFile, root: invocation.root };
}

export async function scanDaemons(proc: ProcFs): Promise<DaemonCandidate[]> {
  const found: DaemonCandidate[] = [];
  for (const pid of await proc.pids()) {
    if (pid === process.pid) continue;
    const argv = await proc.cmdline(pid);
    if (!argv || exabgpProgramIndex(argv) < 0) continue;
    const daemon = await inspectDaemon(proc, pid);
    if (!daemon) continue;
    const environ = await proc.environ(pid);
    if (environ.ok && environ.value[LAB_ROLE_VARIABLE] === 'peer') continue;
    found.push(daemon);
  }
  return found.sort((a, b) => a.pid - b.pid);
}

export async function locate(proc: ProcFs, target: Target, preferConfig?: readonly string[]): Promise<Located> {
  if (target.kind === 'pid') {
    const daemon = await inspectDaemon(proc, target.pid);
    if (daemon) return { status: 'found', daemon };
    const argv = await proc.cmdline(target.pid);
    if (!argv) return { status: 'none', message: `No process with pid ${target.pid}: is the daemon running? (--pid follows one process; use --pidfile to follow restarts)` };
    return { status: 'none', message: `pid ${target.pid} is not an ExaBGP daemon (${argv.join(' ') || 'no command line'}): ExaBGP's helpers and CLI have no configuration argument` };
  }
  if (target.kind === 'pidfile') {
    let text: string;
    try {
      text = await readFile(target.path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { status: 'none', message: `Cannot read pid file ${target.path} (${code ?? error}): is the daemon running, and is this its exabgp_daemon_pid?` };
    }
    const pid = Number(text.trim());
    if (!Number.isInteger(pid) || pid <= 0) return { status: 'none', message: `Pid file ${target.path} holds no pid (${JSON.stringify(text.slice(0, 40))})` };
    const daemon = await inspectDaemon(proc, pid);
    return daemon
      ? { status: 'found', daemon }
      : { status: 'none', message: `Pid file ${target.path} names pid ${pid}, which is not a running ExaBGP daemon (stale pid file?)` };
  }
  const all = await scanDaemons(proc);
  if (all.length === 0) return { status: 'none', message: NO_DAEMON_HELP };
  if (all.length === 1) return { status: 'found', daemon: all[0]! };
  if (preferConfig && preferConfig.length > 0) {
    const same = all.filter((d) => d.configs.join('\0') === preferConfig.join('\0'));
    if (same.length === 1) return { status: 'found', daemon: same[0]! };
  }
  return { status: 'several', candidates: all };
}

/** The daemon's children: CLI helpers (the same program with no arguments) and API processes. */
export async function findHelpers(proc: ProcFs, daemonPid: number): Promise<Helper[]> {
  const helpers: Helper[] = [];
  for (const pid of await proc.children(daemonPid)) {
    const argv = (await proc.cmdline(pid)) ?? [];
    const invocation = classifyInvocation(argv);
    if (invocation?.role === 'helper') {
      const environ = await proc.environ(pid);
      const mode = environ.ok ? environ.value['exabgp_api_cli_mode'] : undefined;
      helpers.push({ pid, role: mode ? `cli-helper (${mode})` : 'cli-helper' });
    } else {
      const program = argv.find((arg, i) => i > 0 && !arg.startsWith('-')) ?? argv[0] ?? '?';
      helpers.push({ pid, role: `api: ${program.split('/').pop()}` });
    }
  }
  return helpers;
}
