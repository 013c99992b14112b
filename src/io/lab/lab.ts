// The embedded lab: one real ExaBGP on loopback with real peers (BIRD and/or a second ExaBGP, or
// in scale mode one BIRD answering N neighbors) and one neighbor nobody answers, optionally
// loaded with route churn and flapping sessions. Everything lives in one folder; lab.json
// records what was started so `down` stops exactly that, by pid and start time.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { z } from 'zod';
import { ProcFs } from '../procfs.js';
import { isInstalledPackage, stateHome } from '../config/paths.js';
import { LAB_ROLE_VARIABLE } from '../daemon/discover.js';
import { LabError, resolveInstall, systemPython } from './install.js';
import {
  API_EVENTS_SCRIPT, birdConfigFor, birdControlSocket, daemonArguments, daemonConfig, daemonEnvironment, peerExabgpConfig, peerExabgpEnvironment, planLab,
  type LabPlan, type PeerKind, type PeerSpec,
} from '../../core/lab/plan.js';
import { isRunning, spawnDetached, stopProcess, waitFor, type StartedProcess } from './processes.js';
import { BIRDC, CHURN_SCRIPT, describeLoad, FLAP_SCRIPT, flapArguments, flapProblem, flapsDone } from '../../core/lab/stress.js';

export { LabError };

const BIRD = '/usr/sbin/bird';

const processSchema = z.object({
  name: z.string(),
  role: z.enum(['daemon', 'peer', 'flapper']),
  pid: z.number().int(),
  startTicks: z.number(),
  argv: z.array(z.string()),
  log: z.string(),
});
const stateSchema = z.object({
  format: z.literal('exatop-lab/1'),
  line: z.enum(['4.2', '5.0']),
  program: z.string(),
  version: z.string(),
  slot: z.number().int(),
  /** Peer kinds, one neighbor each; or a neighbor count served by one BIRD (scale mode). */
  peers: z.union([z.array(z.enum(['bird', 'exabgp'])), z.number().int()]),
  logTo: z.enum(['stdout', 'file']).default('stdout'),
  /** UPDATEs per second from the daemon's churn API process (0: none). */
  churn: z.number().default(0),
  /** One BIRD session disabled and enabled again every so many ms (0: none). */
  flapEveryMs: z.number().default(0),
  processes: z.array(processSchema),
});
export type LabState = z.infer<typeof stateSchema>;

export interface LabRequest {
  root?: string;
  slot?: number;
  exabgp?: string;
  /** Peer kinds (default bird,exabgp), or a neighbor count for the scale lab (one BIRD for all). */
  peers?: PeerSpec;
  logTo?: 'stdout' | 'file';
  /** UPDATEs per second through an API process of the daemon (default 0: none). */
  churn?: number;
  /** Every so many ms one BIRD session, round robin, is disabled then enabled (default 0: none). */
  flapEveryMs?: number;
  progress?: (line: string) => void;
}

/**
 * EXATOP_LAB_DIR when set; from a checkout `.lab/` beside package.json (where the tests and
 * bench keep theirs); installed by npm, the user's state folder: an install folder such as
 * /usr/lib/node_modules is not the user's to write, and is replaced by the next upgrade.
 */
export function defaultLabRoot(env: NodeJS.ProcessEnv = process.env, root = packageRoot(dirname(fileURLToPath(import.meta.url)))): string {
  if (env['EXATOP_LAB_DIR']) return resolve(env['EXATOP_LAB_DIR']);
  if (isInstalledPackage(root)) return join(stateHome(env), 'exatop', 'lab');
  return join(root, '.lab');
}

/** The folder holding package.json above `from`: the source (src/io/lab) and the bundle
 *  (dist/bundle) sit at different depths, and the tests and the CLI must find the same lab. */
function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return resolve(from, '..', '..');
  }
}

export function labDir(root: string, slot: number): string {
  return join(root, `lab${slot}`);
}

export async function readLabState(dir: string): Promise<LabState | null> {
  let text: string;
  try {
    text = await readFile(join(dir, 'lab.json'), 'utf8');
  } catch {
    return null;
  }
  const parsed = stateSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new LabError(`${join(dir, 'lab.json')} is not a lab state file (${parsed.error.issues[0]?.message}); remove it once its processes are stopped`);
  return parsed.data;
}

async function writeLabState(dir: string, state: LabState): Promise<void> {
  const path = join(dir, 'lab.json');
  await writeFile(`${path}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}

async function defaultPeers(): Promise<PeerKind[]> {
  return existsSync(BIRD) ? ['bird', 'exabgp'] : ['exabgp'];
}

async function mkfifo(path: string): Promise<void> {
  await rm(path, { force: true });
  await execa('mkfifo', ['-m', '0600', path]);
}

async function logTail(path: string, lines = 8): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export interface LabHandle {
  dir: string;
  plan: LabPlan;
  state: LabState;
}

function planFor(dir: string, state: Pick<LabState, 'slot' | 'peers' | 'logTo' | 'churn'>): LabPlan {
  return planLab({ dir, slot: state.slot, peers: state.peers, user: userInfo().username, logTo: state.logTo, churn: state.churn });
}

async function startDaemon(proc: ProcFs, plan: LabPlan, state: Pick<LabState, 'line' | 'program'>): Promise<StartedProcess> {
  await mkfifo(join(plan.runDir, `${plan.pipeName}.in`));
  await mkfifo(join(plan.runDir, `${plan.pipeName}.out`));
  await rm(plan.pidFile, { force: true });
  const log = join(plan.logDir, 'exabgp.log');
  const started = await spawnDetached(
    proc, 'exabgp', 'daemon', state.program, daemonArguments(plan, state.line),
    daemonEnvironment(plan, userInfo().username), log, plan.dir,
  );
  const ready = await waitFor(async () => {
    if (!(await isRunning(proc, started))) return false;
    try {
      return Number((await readFile(plan.pidFile, 'utf8')).trim()) === started.pid ? true : null;
    } catch {
      return null;
    }
  }, 20_000);
  if (ready !== true) {
    await stopProcess(proc, started, 1000);
    throw new LabError(`ExaBGP did not start (no pid file ${plan.pidFile}). Last lines of ${log}:\n${await logTail(log)}`);
  }
  return started;
}

async function startPeer(proc: ProcFs, plan: LabPlan, name: string, line: LabState['line'], program: string): Promise<StartedProcess> {
  const peer = plan.peerProcesses.find((p) => p.name === name);
  if (!peer) throw new LabError(`no lab peer named ${name}`);
  const log = join(plan.logDir, `${name}.log`);
  const conf = join(plan.dir, `${name}.conf`);
  if (peer.kind === 'bird') {
    await writeFile(conf, birdConfigFor(plan, name));
    const ctl = birdControlSocket(plan, name);
    await rm(ctl, { force: true });
    const started = await spawnDetached(proc, name, 'peer', BIRD, ['-f', '-c', conf, '-s', ctl, '-P', join(plan.runDir, `${name}.pid`)], {}, log, plan.dir);
    // BIRD answers on its control socket once its config is read and its protocols are started
    const ready = await waitFor(async () => (!(await isRunning(proc, started)) ? false : existsSync(ctl) ? true : null), 20_000);
    if (ready !== true) {
      await stopProcess(proc, started, 1000);
      throw new LabError(`BIRD (${name}) did not start. Last lines of ${log}:\n${await logTail(log)}`);
    }
    return started;
  }
  const n = plan.neighbors.find((x) => x.process === name);
  if (!n) throw new LabError(`no lab peer named ${name}`);
  await writeFile(conf, peerExabgpConfig(plan, n));
  const env = { ...peerExabgpEnvironment(plan, n, userInfo().username), [LAB_ROLE_VARIABLE]: 'peer' };
  const args = line === '4.2' ? ['--env', join(plan.dir, 'peer.env'), conf] : [conf];
  return spawnDetached(proc, n.name, 'peer', program, args, env, log, plan.dir);
}

/** Starts the flapper detached: it outlives `exatop lab up` and is stopped by `lab down`. */
async function startFlapper(proc: ProcFs, plan: LabPlan, everyMs: number): Promise<StartedProcess> {
  await writeFile(plan.flapScript, FLAP_SCRIPT);
  await writeFile(plan.flapLog, ''); // `lab status` counts the flaps of this lab, not of earlier ones
  return spawnDetached(proc, 'flapper', 'flapper', await systemPython(), flapArguments(plan, everyMs), {}, plan.flapLog, plan.dir);
}

function checkPeersInstalled(plan: LabPlan, flapEveryMs: number): void {
  if (plan.peerProcesses.some((p) => p.kind === 'bird') && !existsSync(BIRD)) {
    throw new LabError(plan.scale !== null
      ? `the scale lab (--peers ${plan.scale}) needs BIRD 2, which answers every neighbor, and ${BIRD} is missing: apt-get install -y bird2`
      : 'BIRD is not installed: apt-get install -y bird2, or --peers exabgp');
  }
  if (flapEveryMs > 0 && !existsSync(BIRDC)) throw new LabError(`--flap drives BIRD with ${BIRDC}, which is missing: apt-get install -y bird2`);
}

export async function labUp(request: LabRequest = {}): Promise<LabHandle> {
  const proc = new ProcFs();
  const root = request.root ?? defaultLabRoot();
  const slot = request.slot ?? 0;
  const dir = labDir(root, slot);
  const progress = request.progress ?? (() => undefined);
  const existing = await readLabState(dir);
  if (existing) {
    const alive = await Promise.all(existing.processes.map((p) => isRunning(proc, p)));
    if (alive.some(Boolean)) throw new LabError(`a lab already runs in ${dir} (exatop lab status); stop it with exatop lab down`);
  }
  if (dir.includes(' ')) throw new LabError(`the lab folder ${dir} contains a space, which ExaBGP's process "run" line cannot quote: set EXATOP_LAB_DIR`);
  const peers = request.peers ?? (await defaultPeers());
  const logTo = request.logTo ?? 'stdout';
  const churn = request.churn ?? 0;
  const flapEveryMs = request.flapEveryMs ?? 0;
  const flapWrong = flapProblem(flapEveryMs);
  if (flapWrong) throw new LabError(flapWrong);
  let plan: LabPlan;
  try {
    plan = planLab({ dir, slot, peers, user: userInfo().username, logTo, churn });
    if (flapEveryMs > 0) flapArguments(plan, flapEveryMs);
  } catch (error) {
    if (error instanceof RangeError) throw new LabError(error.message);
    throw error;
  }
  checkPeersInstalled(plan, flapEveryMs);
  const install = await resolveInstall(request.exabgp, root, progress);
  await mkdir(plan.runDir, { recursive: true });
  await mkdir(plan.logDir, { recursive: true });
  const python = await systemPython();
  await writeFile(plan.configFile, daemonConfig(plan, python));
  await writeFile(plan.envFile, '');
  await writeFile(join(dir, 'peer.env'), '');
  await writeFile(plan.apiScript, API_EVENTS_SCRIPT);
  if (churn > 0) await writeFile(plan.churnScript, CHURN_SCRIPT);
  const state: LabState = { format: 'exatop-lab/1', line: install.line, program: install.program, version: install.version, slot, peers, logTo, churn, flapEveryMs, processes: [] };
  progress(`lab: ExaBGP ${install.version} (${install.source}) on ${plan.daemonAddress}:${plan.daemonPort}, ${describeLoad(plan, flapEveryMs)}`);
  try {
    for (const p of plan.peerProcesses) state.processes.push(await startPeer(proc, plan, p.name, install.line, install.program));
    state.processes.push(await startDaemon(proc, plan, install));
    if (flapEveryMs > 0) state.processes.push(await startFlapper(proc, plan, flapEveryMs));
  } catch (error) {
    for (const p of state.processes.reverse()) await stopProcess(proc, p, 2000);
    throw error;
  }
  await writeLabState(dir, state);
  return { dir, plan, state };
}

export async function openLab(root: string, slot: number): Promise<LabHandle> {
  const dir = labDir(root, slot);
  const state = await readLabState(dir);
  if (!state) throw new LabError(`no lab in ${dir}: start one with exatop lab up`);
  return { dir, plan: planFor(dir, state), state };
}

async function stopWithChildren(proc: ProcFs, p: StartedProcess): Promise<void> {
  const children: StartedProcess[] = [];
  for (const pid of await proc.children(p.pid)) {
    const stat = await proc.stat(pid);
    if (stat) children.push({ ...p, pid, startTicks: stat.startTicks });
  }
  await stopProcess(proc, p);
  for (const child of children) await stopProcess(proc, child, 2000);
}

/** Restarts the lab's ExaBGP daemon (a dead one is simply started again). */
export async function labRestartDaemon(handle: LabHandle): Promise<StartedProcess> {
  const proc = new ProcFs();
  const old = handle.state.processes.find((p) => p.role === 'daemon');
  if (old) await stopWithChildren(proc, old);
  const started = await startDaemon(proc, handle.plan, handle.state);
  handle.state.processes = [...handle.state.processes.filter((p) => p.role !== 'daemon'), started];
  await writeLabState(handle.dir, handle.state);
  return started;
}

/**
 * Stops one peer process (its sessions go down for the daemon) or starts it again; in a scale lab
 * a neighbor's name (p002) disables or enables that one BIRD session instead.
 */
export async function labPeer(handle: LabHandle, name: string, action: 'stop' | 'start'): Promise<void> {
  const proc = new ProcFs();
  if (!handle.plan.peerProcesses.some((p) => p.name === name)) {
    const n = handle.plan.neighbors.find((x) => x.name === name);
    if (!n?.process || !n.birdProtocol) throw new LabError(`no lab peer named ${name}: ${handle.plan.peerProcesses.map((p) => p.name).join(', ')}`);
    const result = await execa(BIRDC, ['-s', birdControlSocket(handle.plan, n.process), action === 'stop' ? 'disable' : 'enable', n.birdProtocol], { reject: false, timeout: 10_000 });
    if (result.exitCode !== 0) throw new LabError(`birdc ${action === 'stop' ? 'disable' : 'enable'} ${n.birdProtocol} failed: ${(result.stderr || result.stdout).trim()}`);
    return;
  }
  const current = handle.state.processes.find((p) => p.name === name);
  if (action === 'stop') {
    if (current) await stopProcess(proc, current);
    return;
  }
  if (current && (await isRunning(proc, current))) return;
  const started = await startPeer(proc, handle.plan, name, handle.state.line, handle.state.program);
  handle.state.processes = [...handle.state.processes.filter((p) => p.name !== name), started];
  await writeLabState(handle.dir, handle.state);
}

export async function labDown(root: string, slot: number): Promise<string[]> {
  const proc = new ProcFs();
  const dir = labDir(root, slot);
  const state = await readLabState(dir);
  if (!state) return [];
  const stopped: string[] = [];
  for (const p of [...state.processes].reverse()) {
    const wasRunning = await isRunning(proc, p);
    if (p.role === 'daemon') await stopWithChildren(proc, p);
    else await stopProcess(proc, p);
    if (wasRunning) stopped.push(`${p.name} (pid ${p.pid})`);
  }
  await rm(join(dir, 'lab.json'), { force: true });
  return stopped;
}

export interface LabProcessStatus {
  name: string;
  role: string;
  pid: number;
  running: boolean;
}

export interface LabLoad {
  /** Neighbors the daemon has (ghost included) and how many a peer answers. */
  neighbors: number;
  answered: number;
  /** Scale mode: the neighbor count served by one BIRD; null for a list of peer kinds. */
  scale: number | null;
  churnPerSecond: number;
  flapEveryMs: number;
  /** Sessions the flapper has disabled so far (from its log). */
  flapsDone: number;
}

export async function labStatus(root: string, slot: number): Promise<{ handle: LabHandle; processes: LabProcessStatus[]; load: LabLoad } | null> {
  const proc = new ProcFs();
  const dir = labDir(root, slot);
  const state = await readLabState(dir);
  if (!state) return null;
  const processes = await Promise.all(state.processes.map(async (p) => ({ name: p.name, role: p.role, pid: p.pid, running: await isRunning(proc, p) })));
  const plan = planFor(dir, state);
  const flapLog = state.flapEveryMs > 0 ? await readFile(plan.flapLog, 'utf8').catch(() => '') : '';
  const load: LabLoad = {
    neighbors: plan.neighbors.length,
    answered: plan.neighbors.filter((n) => n.kind !== 'ghost').length,
    scale: plan.scale,
    churnPerSecond: state.churn,
    flapEveryMs: state.flapEveryMs,
    flapsDone: flapsDone(flapLog),
  };
  return { handle: { dir, plan, state }, processes, load };
}
