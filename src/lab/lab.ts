// The embedded lab: one real ExaBGP on loopback with real peers (BIRD and/or a second ExaBGP)
// and one neighbor nobody answers. Everything lives in one folder; lab.json records what was
// started so `down` stops exactly that, by pid and start time.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { z } from 'zod';
import { ProcFs } from '../attach/procfs.js';
import { LAB_ROLE_VARIABLE } from '../attach/discover.js';
import { LabError, resolveInstall, systemPython } from './install.js';
import {
  API_EVENTS_SCRIPT, birdConfig, daemonArguments, daemonConfig, daemonEnvironment, peerExabgpConfig, peerExabgpEnvironment, planLab,
  type LabPlan, type PeerKind,
} from './plan.js';
import { isRunning, spawnDetached, stopProcess, waitFor, type StartedProcess } from './processes.js';

export { LabError };

const BIRD = '/usr/sbin/bird';

const processSchema = z.object({
  name: z.string(),
  role: z.enum(['daemon', 'peer']),
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
  peers: z.array(z.enum(['bird', 'exabgp'])),
  logTo: z.enum(['stdout', 'file']).default('stdout'),
  processes: z.array(processSchema),
});
export type LabState = z.infer<typeof stateSchema>;

export interface LabRequest {
  root?: string;
  slot?: number;
  exabgp?: string;
  peers?: PeerKind[];
  logTo?: 'stdout' | 'file';
  progress?: (line: string) => void;
}

/** Project-local by default (`.lab/` beside package.json); EXATOP_LAB_DIR overrides. */
export function defaultLabRoot(): string {
  if (process.env['EXATOP_LAB_DIR']) return resolve(process.env['EXATOP_LAB_DIR']);
  const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  return join(packageRoot, '.lab');
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

function planFor(dir: string, state: Pick<LabState, 'slot' | 'peers' | 'logTo'>): LabPlan {
  return planLab({ dir, slot: state.slot, peers: state.peers, user: userInfo().username, logTo: state.logTo });
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
  const n = plan.neighbors.find((x) => x.name === name);
  if (!n || n.kind === 'ghost') throw new LabError(`no lab peer named ${name}`);
  const log = join(plan.logDir, `${n.name}.log`);
  if (n.kind === 'bird') {
    const conf = join(plan.dir, `${n.name}.conf`);
    await writeFile(conf, birdConfig(plan, n));
    return spawnDetached(proc, n.name, 'peer', BIRD, ['-f', '-c', conf, '-s', join(plan.runDir, `${n.name}.ctl`), '-P', join(plan.runDir, `${n.name}.pid`)], {}, log, plan.dir);
  }
  const conf = join(plan.dir, `${n.name}.conf`);
  await writeFile(conf, peerExabgpConfig(plan, n));
  const env = { ...peerExabgpEnvironment(plan, n, userInfo().username), [LAB_ROLE_VARIABLE]: 'peer' };
  const args = line === '4.2' ? ['--env', join(plan.dir, 'peer.env'), conf] : [conf];
  return spawnDetached(proc, n.name, 'peer', program, args, env, log, plan.dir);
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
  const install = await resolveInstall(request.exabgp, root, progress);
  const peers = request.peers ?? (await defaultPeers());
  if (peers.includes('bird') && !existsSync(BIRD)) throw new LabError('BIRD is not installed: apt-get install -y bird2, or --peers exabgp');
  const logTo = request.logTo ?? 'stdout';
  const plan = planLab({ dir, slot, peers, user: userInfo().username, logTo });
  await mkdir(plan.runDir, { recursive: true });
  await mkdir(plan.logDir, { recursive: true });
  const python = await systemPython();
  await writeFile(plan.configFile, daemonConfig(plan, python));
  await writeFile(plan.envFile, '');
  await writeFile(join(dir, 'peer.env'), '');
  await writeFile(plan.apiScript, API_EVENTS_SCRIPT);
  const state: LabState = { format: 'exatop-lab/1', line: install.line, program: install.program, version: install.version, slot, peers, logTo, processes: [] };
  progress(`lab: ExaBGP ${install.version} (${install.source}) on ${plan.daemonAddress}:${plan.daemonPort}, peers ${plan.neighbors.map((n) => `${n.name}@${n.address}`).join(', ')}`);
  try {
    for (const n of plan.neighbors) {
      if (n.kind === 'ghost') continue;
      state.processes.push(await startPeer(proc, plan, n.name, install.line, install.program));
    }
    state.processes.push(await startDaemon(proc, plan, install));
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

/** Stops one peer (it goes down for the daemon) or starts it again. */
export async function labPeer(handle: LabHandle, name: string, action: 'stop' | 'start'): Promise<void> {
  const proc = new ProcFs();
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

export async function labStatus(root: string, slot: number): Promise<{ handle: LabHandle; processes: LabProcessStatus[] } | null> {
  const proc = new ProcFs();
  const dir = labDir(root, slot);
  const state = await readLabState(dir);
  if (!state) return null;
  const processes = await Promise.all(state.processes.map(async (p) => ({ name: p.name, role: p.role, pid: p.pid, running: await isRunning(proc, p) })));
  return { handle: { dir, plan: planFor(dir, state), state }, processes };
}
