// The benchmark's labs are the product's own (`exatop lab up` of the built CLI): this file starts
// one, reads back where its daemon, pipes and logs are (`exatop lab status --json`), and waits
// for its sessions with exatop's own control client. Nothing here writes a config or a process.
import { execFile } from 'node:child_process';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sleep } from './proc.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(root, 'bin', 'exatop.js');
const execFileP = promisify(execFile);

/** Runs the built `exatop` with these arguments; resolves to its stdout. */
export async function exatop(...args) {
  const { stdout } = await execFileP(process.execPath, [CLI, ...args], { cwd: root, timeout: 180_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, CI: 'false' } });
  return stdout;
}

/** Where a running lab's daemon, pipes and logs are, from `exatop lab status --json`. */
export async function labPlan(slot) {
  const status = JSON.parse(await exatop('lab', 'status', '--slot', String(slot), '--json'));
  const pipe = status.pipes.replace(/\.\{in,out\}$/, '');
  return {
    slot,
    dir: status.dir,
    pidFile: status.pid_file,
    inPipe: `${pipe}.in`,
    outPipe: `${pipe}.out`,
    pipeName: pipe.slice(pipe.lastIndexOf('/') + 1),
    envFile: join(status.dir, 'exabgp.env'),
    daemonLog: join(status.dir, 'log', 'exabgp.log'),
    neighbors: status.neighbors,
    load: status.load,
    processes: status.processes,
  };
}

/** @typedef {(message: string) => void} Progress */

/**
 * `exatop lab up --peers N --churn R --flap Fs --slot S [--exabgp 4.2|5.0]` (a lab a crashed run left in that slot is
 * stopped first); returns the plan and stop(). The lab is detached: stop() is `exatop lab down`.
 */
/** @param {{ slot: number, peers: number, churn: number, flapSeconds: number, exabgp?: string | null, progress?: Progress }} options */
export async function startScaleLab({ slot, peers, churn, flapSeconds, exabgp = null, progress = () => undefined }) {
  await exatop('lab', 'down', '--slot', String(slot)).catch(() => undefined);
  const args = ['lab', 'up', '--slot', String(slot), '--peers', String(peers), '--churn', String(churn)];
  if (exabgp) args.push('--exabgp', exabgp);
  if (flapSeconds > 0) args.push('--flap', `${flapSeconds}s`);
  progress(`scale lab: exatop ${args.join(' ')}`);
  await exatop(...args);
  const plan = await labPlan(slot);
  let stopped = null;
  return {
    plan,
    daemonPid: () => plan.processes.find((p) => p.role === 'daemon')?.pid ?? null,
    /** Sessions the lab's flapper has taken down so far. */
    flaps: async () => (await labPlan(slot)).load.flaps_done,
    stop: () => (stopped ??= exatop('lab', 'down', '--slot', String(slot)).catch(() => undefined)),
  };
}

/** exabgpcli against a lab daemon: 4.2 finds the pipes under --root, named by exabgp_api_pipename. */
export function exabgpcliCommand(plan, command = ['show', 'neighbor', 'extensive']) {
  return { program: '/usr/sbin/exabgpcli', args: ['--root', plan.dir, '--env', plan.envFile, ...command], env: { exabgp_api_pipename: plan.pipeName } };
}

/** Polls the daemon with exatop's own client (4.2 or 5.0 dialect) until `min` neighbors are ESTABLISHED (or timeout). */
/** @param {Progress} [progress] @param {'4.2' | '5.0'} [dialect] */
export async function waitEstablished(plan, min, timeoutMs, progress = () => undefined, dialect = '4.2') {
  const { PipeTransport } = await import('../../dist/io/control/pipe.js');
  const { ControlClient } = await import('../../dist/core/control/client.js');
  // exatop holds .out open between queries; closed at the end, or the watchers measured next name
  // this process as a foreign client on the pipe and back off
  const transport = new PipeTransport(plan.inPipe, plan.outPipe);
  try {
    return await pollUntil(new ControlClient(transport, dialect, 10_000), min, timeoutMs, progress);
  } finally {
    transport.close();
  }
}

async function pollUntil(client, min, timeoutMs, progress) {
  const deadline = Date.now() + timeoutMs;
  /** @type {{ established: number, total: number, error: string | null }} */
  let last = { established: 0, total: 0, error: null };
  let lastSaid = 0;
  while (Date.now() < deadline) {
    const poll = await client.pollNeighbors(Date.now);
    if (poll.ok && poll.neighbors) last = { established: poll.neighbors.filter((n) => n.fsm === 'ESTABLISHED').length, total: poll.neighbors.length, error: null };
    else last = { ...last, error: poll.error };
    if (last.established >= min) return last;
    if (Date.now() - lastSaid > 5000) {
      progress(`lab: ${last.established}/${last.total} established${last.error ? ` (${last.error})` : ''}`);
      lastSaid = Date.now();
    }
    await sleep(1000);
  }
  return last;
}
