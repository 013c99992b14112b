// A real systemd-journald for a test on a machine where systemd is not PID 1 (a container),
// and an ExaBGP daemon that runs "in a unit" the way journald sees one. What this takes,
// found by hand on Debian 12 (systemd 252):
// - journald starts by hand with NOTIFY_SOCKET unset: it creates /run/systemd/journal/{socket,
//   stdout,dev-log,io.systemd.journal} itself and writes /run/log/journal/<machine-id>/ (the
//   volatile journal, as long as /run/systemd/journal/flushed does not exist). It does not
//   create /dev/log (systemd's socket unit makes that symlink); stop() still checks it.
// - journald names the unit from the cgroup of the process that connected: `_SYSTEMD_UNIT` is
//   the `.service` component of its path in the hierarchy systemd uses, which is cgroup2 when
//   there is one. On a hybrid host (tmpfs /sys/fs/cgroup, cgroup2 at /sys/fs/cgroup/unified,
//   `name=systemd` v1 at /sys/fs/cgroup/systemd) that is `unified`: a process moved only in the
//   v1 `name=systemd` hierarchy gets no unit at all.
// - The process must be in the cgroup before it connects (journald reads /proc/PID/cgroup when
//   the stream opens), and alive when it logs (a process that exited is read as no unit).
// - The daemon's stdout and stderr go to journald as systemd does it, a stream connection to
//   /run/systemd/journal/stdout: `systemd-cat -- PROGRAM` connects and execs PROGRAM (same pid).
// - A journald that is stopped takes its stream connections with it (systemd keeps them in its
//   fd store; nothing does here): a daemon started before a journald restart logs to nowhere.
// Everything started or created is written to a state file first, so a run that was killed is
// cleaned up by the next one (processes by pid and start time, never by name).
import { createWriteStream, existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, statfsSync } from 'node:fs';
import { access, appendFile, constants, mkdir, readFile, rename, rm, rmdir, symlink, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { ProcFs } from '../../src/io/procfs.js';
import { DEBIAN_EXABGP } from '../../src/io/lab/install.js';
import { API_EVENTS_SCRIPT, daemonArguments, daemonConfig, daemonEnvironment, planLab, type LabPlan } from '../../src/core/lab/plan.js';
import { isRunning, stopProcess } from '../../src/io/lab/processes.js';
import { sleep, until } from './lab.js';

export const JOURNALD = '/lib/systemd/systemd-journald';
const JOURNALCTL = '/usr/bin/journalctl';
const SYSTEMD_CAT = '/usr/bin/systemd-cat';
const SOCKET_DIR = '/run/systemd/journal';
const RUNTIME_JOURNAL = '/run/log/journal';
const PERSISTENT_JOURNAL = '/var/log/journal';
const DEV_LOG = '/dev/log';
const MACHINE_ID = '/etc/machine-id';

const CGROUP2_SUPER_MAGIC = 0x63677270;
const CGROUP_SUPER_MAGIC = 0x27e0eb;

const proc = new ProcFs();

interface Pid {
  pid: number;
  startTicks: number;
}

type DevLog = { kind: 'missing' } | { kind: 'symlink'; target: string } | { kind: 'other'; ino: number };

/** What a run started and created, kept on disk so a killed run is undone by the next one. */
interface State {
  journald: Pid | null;
  daemons: Pid[];
  /** Paths that did not exist before (removed whole afterwards). */
  created: string[];
  /** cgroups made for units, deepest first (emptied, then removed). */
  cgroups: string[];
  devLog: DevLog;
}

/** The cgroup hierarchy journald derives units from: cgroup2 when mounted, else v1 `name=systemd`. */
export function systemdHierarchy(): { path: string; version: 1 | 2 } | null {
  const type = (path: string) => {
    try {
      return Number(statfsSync(path).type);
    } catch {
      return null;
    }
  };
  if (type('/sys/fs/cgroup') === CGROUP2_SUPER_MAGIC) return { path: '/sys/fs/cgroup', version: 2 };
  if (type('/sys/fs/cgroup/unified') === CGROUP2_SUPER_MAGIC) return { path: '/sys/fs/cgroup/unified', version: 2 };
  if (type('/sys/fs/cgroup/systemd') === CGROUP_SUPER_MAGIC) return { path: '/sys/fs/cgroup/systemd', version: 1 };
  return null;
}

/** pids whose command is journald, from /proc (comm is cut to 15 characters). */
function runningJournalds(except: number | null): number[] {
  const found: number[] = [];
  for (const entry of readdirSafe('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === except) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'systemd-journal') continue;
      // A zombie is a journald that stopped and was not reaped yet.
      const state = /\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
      if (state !== 'Z') found.push(pid);
    } catch {
      // gone
    }
  }
  return found;
}

function readdirSafe(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

/** Why the journal test cannot run here, or null when it can. */
export function journalSkipReason(stateFile: string): string | null {
  if (process.platform !== 'linux') return 'systemd-journald runs on Linux only';
  if (process.getuid?.() !== 0) return 'needs root: it starts systemd-journald and moves processes between cgroups';
  for (const program of [JOURNALD, JOURNALCTL, SYSTEMD_CAT]) if (!existsSync(program)) return `${program} is missing (apt-get install -y systemd)`;
  if (!existsSync(DEBIAN_EXABGP)) return `Debian's ExaBGP 4.2 is missing (${DEBIAN_EXABGP}): apt-get install -y exabgp`;
  if (!existsSync(MACHINE_ID)) return `${MACHINE_ID} is missing: journald names its folder after it (systemd-machine-id-setup)`;
  if (!systemdHierarchy()) return 'no cgroup hierarchy journald could read a unit from (neither cgroup2 nor a name=systemd v1 mount)';
  const ours = leftoverJournald(stateFile);
  const others = runningJournalds(ours);
  if (others.length > 0) return `a systemd-journald already runs here (pid ${others.join(', ')}): this test starts its own and leaves a running one alone`;
  return null;
}

/** The journald a killed run left (its state file names it; same pid and start time), or null. */
function leftoverJournald(stateFile: string): number | null {
  try {
    const journald = (JSON.parse(readFileSync(stateFile, 'utf8')) as State).journald;
    if (!journald) return null;
    const stat = readFileSync(`/proc/${journald.pid}/stat`, 'utf8');
    // Field 22 (start time), counted from the state after the command in parentheses (field 3).
    const startTicks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    return startTicks === journald.startTicks ? journald.pid : null;
  } catch {
    return null;
  }
}

async function pidOf(pid: number | undefined): Promise<Pid> {
  if (pid === undefined) throw new Error('the process did not start');
  const stat = await proc.stat(pid);
  if (!stat) throw new Error(`process ${pid} exited at once`);
  return { pid, startTicks: stat.startTicks };
}

/** The topmost missing folder on the way to `path` (what creating `path` would create), or null. */
function firstMissing(path: string): string | null {
  let missing: string | null = null;
  for (let p = path; p !== dirname(p); p = dirname(p)) {
    if (existsSync(p)) break;
    missing = p;
  }
  return missing;
}

function devLogNow(): DevLog {
  try {
    const st = lstatSync(DEV_LOG);
    return st.isSymbolicLink() ? { kind: 'symlink', target: readlinkSync(DEV_LOG) } : { kind: 'other', ino: st.ino };
  } catch {
    return { kind: 'missing' };
  }
}

/** The process's own cgroup in `hierarchy` (where processes go back to before a unit is removed). */
async function ownCgroup(hierarchy: { path: string; version: 1 | 2 }): Promise<string> {
  const text = await readFile('/proc/self/cgroup', 'utf8');
  for (const line of text.split('\n')) {
    const [id, controllers, ...rest] = line.split(':');
    const path = rest.join(':');
    if (hierarchy.version === 2 ? id === '0' && controllers === '' : controllers === 'name=systemd') return join(hierarchy.path, path);
  }
  return hierarchy.path;
}

export interface Unit {
  name: string;
  cgroup: string;
}

export interface DaemonInUnit {
  plan: LabPlan;
  pid: number;
  stop(): Promise<void>;
}

export class TestJournald {
  private state: State;
  private log = '';

  private constructor(private readonly stateFile: string, readonly pid: number, state: State) {
    this.state = state;
  }

  /** Undoes what a killed run left (its state file), then starts journald and waits for it. */
  static async start(stateFile: string): Promise<TestJournald> {
    await undo(stateFile);
    const hierarchy = systemdHierarchy();
    if (!hierarchy) throw new Error('no cgroup hierarchy for units');
    const machineId = (await readFile(MACHINE_ID, 'utf8')).trim();
    // The persistent folder too: journald writes there once flushed (it is not told to; checked).
    const created = [SOCKET_DIR, join(RUNTIME_JOURNAL, machineId), join(PERSISTENT_JOURNAL, machineId)]
      .map(firstMissing).filter((p): p is string => p !== null);
    const state: State = { journald: null, daemons: [], created, cgroups: [], devLog: devLogNow() };
    await mkdir(dirname(stateFile), { recursive: true });
    await save(stateFile, state);
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NOTIFY_SOCKET' && k !== 'LISTEN_FDS' && k !== 'LISTEN_PID'));
    // Not detached: should the test process die, execa's cleanup and the process group take journald along.
    const child = execa(JOURNALD, [], { env, extendEnv: false, stdin: 'ignore', stdout: 'ignore', stderr: 'pipe', buffer: false, reject: false, cleanup: true });
    void child.catch(() => undefined);
    state.journald = await pidOf(child.pid);
    await save(stateFile, state);
    const journald = new TestJournald(stateFile, child.pid!, state);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      if (journald.log.length < 4000) journald.log += chunk;
    });
    try {
      await until('journald to listen and write its journal', async () => {
        if (!(await isRunning(proc, state.journald!))) throw new Error(`journald exited: ${journald.log.trim()}`);
        if (!existsSync(join(SOCKET_DIR, 'stdout')) || !existsSync(join(RUNTIME_JOURNAL, machineId, 'system.journal'))) return false;
        const r = await execa(JOURNALCTL, ['--quiet', '--no-pager', '--output', 'json', '_PID=' + String(child.pid)], { reject: false });
        return r.exitCode === 0 && r.stdout.includes('Journal started');
      }, 15_000);
    } catch (error) {
      await journald.stop();
      throw error;
    }
    return journald;
  }

  /** A cgroup that journald reads as `name` (e.g. exatop-test-30.service) under system.slice. */
  async unit(name: string): Promise<Unit> {
    const hierarchy = systemdHierarchy()!;
    const slice = join(hierarchy.path, 'system.slice');
    const cgroup = join(slice, name);
    if (!existsSync(slice)) this.state.cgroups.unshift(slice);
    if (existsSync(cgroup)) await emptyAndRemove(cgroup);
    this.state.cgroups.unshift(cgroup);
    await save(this.stateFile, this.state);
    await mkdir(cgroup, { recursive: true });
    await access(join(cgroup, 'cgroup.procs'), constants.W_OK);
    return { name, cgroup };
  }

  /**
   * The lab's ExaBGP 4.2 (its plan for `slot`, loopback only) started in `unit` with stdout and
   * stderr on a journald stream: a constant `sh -c` moves itself into the cgroup and execs
   * systemd-cat, which connects and execs ExaBGP; the paths are arguments, never shell text.
   */
  async startDaemon(unit: Unit, labDir: string, slot: number): Promise<DaemonInUnit> {
    const plan = planLab({ dir: labDir, slot, peers: [], user: userInfo().username, logTo: 'stdout' });
    await rm(labDir, { recursive: true, force: true });
    await mkdir(plan.runDir, { recursive: true });
    await mkdir(plan.logDir, { recursive: true });
    await writeFile(plan.configFile, daemonConfig(plan, '/usr/bin/python3'));
    await writeFile(plan.envFile, '');
    await writeFile(plan.apiScript, API_EVENTS_SCRIPT);
    for (const end of ['in', 'out']) await execa('mkfifo', ['-m', '0600', join(plan.runDir, `${plan.pipeName}.${end}`)]);
    const wrapperLog = join(plan.logDir, 'wrapper.log');
    // Only what goes wrong before systemd-cat takes over stdout lands here.
    const out = createWriteStream(wrapperLog, { flags: 'a' });
    await once(out, 'open');
    const args = ['-c', 'echo $$ > "$0" && exec "$@"', join(unit.cgroup, 'cgroup.procs'), SYSTEMD_CAT, '--identifier=exabgp', '--', DEBIAN_EXABGP, ...daemonArguments(plan, '4.2')];
    const child = execa('/bin/sh', args, {
      env: daemonEnvironment(plan, userInfo().username), extendEnv: true, cwd: plan.dir,
      detached: true, cleanup: false, reject: false, stdin: 'ignore', stdout: out, stderr: out,
    });
    out.close();
    child.unref();
    void child.catch(() => undefined);
    const daemon = await pidOf(child.pid);
    this.state.daemons.push(daemon);
    await save(this.stateFile, this.state);
    const stop = async () => {
      const children = await Promise.all((await proc.children(daemon.pid)).map((pid) => pidOf(pid).catch(() => null)));
      await stopProcess(proc, daemon);
      for (const c of children) if (c) await stopProcess(proc, c, 2000);
    };
    try {
      await until('ExaBGP to write its pid file', async () => {
        if (!(await isRunning(proc, daemon))) throw new Error(`ExaBGP exited: ${await readFile(wrapperLog, 'utf8').catch(() => '')}`);
        return Number((await readFile(plan.pidFile, 'utf8').catch(() => '')).trim()) === daemon.pid;
      }, 20_000);
    } catch (error) {
      await stop();
      throw error;
    }
    return { plan, pid: daemon.pid, stop };
  }

  /** Stops everything started, removes every cgroup and path created, puts /dev/log back. */
  async stop(): Promise<void> {
    await undo(this.stateFile, this.state);
  }
}

async function save(stateFile: string, state: State): Promise<void> {
  await writeFile(`${stateFile}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  await rename(`${stateFile}.tmp`, stateFile);
}

/** Moves whatever is left in a cgroup back to the test's own cgroup, then removes it. */
async function emptyAndRemove(cgroup: string): Promise<void> {
  const hierarchy = systemdHierarchy();
  const home = hierarchy ? await ownCgroup(hierarchy) : null;
  for (let attempt = 0; attempt < 50; attempt++) {
    const pids = (await readFile(join(cgroup, 'cgroup.procs'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
    for (const pid of pids) if (home) await appendFile(join(home, 'cgroup.procs'), `${pid}\n`).catch(() => undefined);
    try {
      await rmdir(cgroup);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      await sleep(100); // EBUSY while an exiting process still counts
    }
  }
  throw new Error(`could not remove the cgroup ${cgroup}`);
}

async function undo(stateFile: string, known?: State): Promise<void> {
  let state = known;
  if (!state) {
    try {
      state = JSON.parse(await readFile(stateFile, 'utf8')) as State;
    } catch {
      return;
    }
  }
  const problems: string[] = [];
  for (const daemon of state.daemons) {
    const children = await Promise.all((await proc.children(daemon.pid).catch(() => [])).map((pid) => pidOf(pid).catch(() => null)));
    if (await isRunning(proc, daemon)) await stopProcess(proc, daemon);
    for (const c of children) if (c) await stopProcess(proc, c, 2000);
  }
  for (const cgroup of state.cgroups) await emptyAndRemove(cgroup).catch((e: unknown) => problems.push(String(e)));
  if (state.journald && (await isRunning(proc, state.journald))) {
    await stopProcess(proc, state.journald);
    await until('journald to exit', async () => !(await isRunning(proc, state.journald!)), 10_000).catch((e: unknown) => problems.push(String(e)));
  }
  for (const path of state.created) await rm(path, { recursive: true, force: true });
  const devLog = devLogNow();
  if (JSON.stringify(devLog) !== JSON.stringify(state.devLog)) {
    if (state.devLog.kind === 'other') problems.push(`${DEV_LOG} was replaced and cannot be put back (it was no symlink)`);
    else {
      await rm(DEV_LOG, { force: true });
      if (state.devLog.kind === 'symlink') await symlink(state.devLog.target, DEV_LOG);
    }
  }
  await rm(stateFile, { force: true });
  if (problems.length > 0) throw new Error(`journald test clean-up: ${problems.join('; ')}`);
}

/** `journalctl -u UNIT -o json` now, parsed (what the journal holds, independent of exatop). */
export async function journalRecords(unit: string): Promise<Record<string, unknown>[]> {
  const r = await execa(JOURNALCTL, ['--unit', unit, '--output', 'json', '--all', '--no-pager', '--quiet'], { reject: false });
  return r.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}
