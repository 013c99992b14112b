import { parseArgs } from 'node:util';
import { defaultLabRoot, labDown, labPeer, labRestartDaemon, labStatus, labUp, openLab } from '../lab/lab.js';
import type { PeerKind } from '../lab/plan.js';
import { UsageError } from './common.js';

export const LAB_USAGE = `Usage: exatop lab [up|down|status|restart|peer NAME stop|start] [options]

The embedded lab: a real ExaBGP on loopback (127.0.(100+slot).1:17900) with real peers
(BIRD when installed, a second ExaBGP) and one neighbor nobody answers, all in .lab/.
With no action: start the lab, watch it in the TUI, stop it on exit.

Options:
  --exabgp 4.2|5.0|PATH  Debian's 4.2 (default when installed), PyPI's 5.0.15 in a venv made
                         on first use, or an ExaBGP executable
  --peers LIST           comma-separated peer kinds: bird,exabgp (default: bird,exabgp)
  --slot N               0..150, so several labs can run side by side (default 0)
  --dir DIR              lab root folder (default: .lab beside package.json, or EXATOP_LAB_DIR)
  --log-to stdout|file   the daemon logs to its stdout (log/exabgp.log, default) or through
                         its own file logger (exabgp_log_destination=log/exabgp-file.log)
  --json                 status as JSON
`;

const OPTIONS = {
  exabgp: { type: 'string' },
  peers: { type: 'string' },
  slot: { type: 'string' },
  dir: { type: 'string' },
  json: { type: 'boolean' },
  'log-to': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface LabArgs {
  action: string;
  rest: string[];
  root: string;
  slot: number;
  exabgp: string | undefined;
  peers: PeerKind[] | undefined;
  logTo: 'stdout' | 'file' | undefined;
  json: boolean;
  help: boolean;
}

export function parseLabArgs(argv: string[]): LabArgs {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const slot = values.slot === undefined ? 0 : Number(values.slot);
  if (!Number.isInteger(slot) || slot < 0 || slot > 150) throw new UsageError(`--slot takes 0..150, got ${values.slot}`);
  let peers: PeerKind[] | undefined;
  if (values.peers !== undefined) {
    const list = values.peers.split(',').map((s) => s.trim()).filter(Boolean);
    for (const p of list) if (p !== 'bird' && p !== 'exabgp') throw new UsageError(`--peers takes bird and/or exabgp, got ${p}`);
    if (list.length === 0) throw new UsageError('--peers needs at least one peer kind');
    peers = list as PeerKind[];
  }
  const logTo = values['log-to'];
  if (logTo !== undefined && logTo !== 'stdout' && logTo !== 'file') throw new UsageError(`--log-to takes stdout or file, got ${logTo}`);
  return {
    logTo,
    action: positionals[0] ?? '',
    rest: positionals.slice(1),
    root: values.dir ?? defaultLabRoot(),
    slot,
    exabgp: values.exabgp,
    peers,
    json: values.json ?? false,
    help: values.help ?? false,
  };
}

const say = (line: string) => process.stderr.write(`${line}\n`);

export async function runLabAction(args: LabArgs): Promise<number> {
  switch (args.action) {
    case 'up': {
      const lab = await labUp({ root: args.root, slot: args.slot, exabgp: args.exabgp, peers: args.peers, logTo: args.logTo, progress: say });
      const daemon = lab.state.processes.find((p) => p.role === 'daemon');
      process.stdout.write(`lab up in ${lab.dir}: ExaBGP ${lab.state.version} pid ${daemon?.pid}, pid file ${lab.plan.pidFile}\n`);
      process.stdout.write(`watch it: exatop --pidfile ${lab.plan.pidFile}    stop it: exatop lab down${args.slot ? ` --slot ${args.slot}` : ''}\n`);
      return 0;
    }
    case 'down': {
      const stopped = await labDown(args.root, args.slot);
      process.stdout.write(stopped.length ? `stopped ${stopped.join(', ')}\n` : 'no lab was running\n');
      return 0;
    }
    case 'status': {
      const status = await labStatus(args.root, args.slot);
      if (args.json) {
        process.stdout.write(`${JSON.stringify(status ? { dir: status.handle.dir, line: status.handle.state.line, version: status.handle.state.version, pid_file: status.handle.plan.pidFile, pipes: `${status.handle.plan.runDir}/${status.handle.plan.pipeName}.{in,out}`, neighbors: status.handle.plan.neighbors, processes: status.processes } : null, null, 2)}\n`);
        return status ? 0 : 1;
      }
      if (!status) {
        process.stdout.write('no lab (start one with exatop lab up)\n');
        return 1;
      }
      const { handle, processes } = status;
      process.stdout.write(`lab ${handle.dir}: ExaBGP ${handle.state.version} (${handle.state.line})\n`);
      for (const p of processes) process.stdout.write(`  ${p.running ? 'running' : 'stopped'}  ${p.name.padEnd(12)} pid ${p.pid}\n`);
      for (const n of handle.plan.neighbors) process.stdout.write(`  neighbor ${n.address}:${n.port} AS${n.asn} ${n.name}${n.kind === 'ghost' ? ' (nobody listens: stays down)' : ''}\n`);
      return 0;
    }
    case 'restart': {
      const started = await labRestartDaemon(await openLab(args.root, args.slot));
      process.stdout.write(`ExaBGP restarted: pid ${started.pid}\n`);
      return 0;
    }
    case 'peer': {
      const [name, action] = args.rest;
      if (!name || (action !== 'stop' && action !== 'start')) throw new UsageError('usage: exatop lab peer NAME stop|start');
      await labPeer(await openLab(args.root, args.slot), name, action);
      process.stdout.write(`peer ${name}: ${action === 'stop' ? 'stopped' : 'started'}\n`);
      return 0;
    }
    default:
      throw new UsageError(`unknown lab action ${JSON.stringify(args.action)}: up, down, status, restart or peer`);
  }
}
