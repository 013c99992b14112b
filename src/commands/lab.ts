import { parseArgs } from 'node:util';
import { parseDuration } from '../core/duration.js';
import { EXIT } from '../core/exit-codes.js';
import { defaultLabRoot, labDir, labDown, labPeer, labRestartDaemon, labStatus, labUp, openLab, type LabRequest } from '../io/lab/lab.js';
import type { LabNeighbor, LabPlan, PeerKind, PeerSpec } from '../core/lab/plan.js';
import { scalePeersProblem } from '../core/lab/scale-plan.js';
import { describeLoad, flapProblem } from '../core/lab/stress.js';
import { UsageError } from './common.js';

export const LAB_USAGE = `Usage: exatop lab [up|down|status|restart|peer NAME stop|start] [options]

The embedded lab: a real ExaBGP on loopback (127.0.(100+slot).1:17900) with real peers
(BIRD when installed, a second ExaBGP) and one neighbor nobody answers, all in the lab folder
(.lab/ of a checkout; installed, $XDG_STATE_HOME/exatop/lab).
With no action: start the lab, watch it in the TUI, stop it on exit.

Scale lab (the runbook's Stage 1 stress environment, "100+ peers, route churn"):
  exatop lab up --peers 100 --churn 50 --flap 30s
one ExaBGP with 100 neighbors 127.0.(100+slot).2…101, all answered by one BIRD (100 passive
\`protocol bgp\` blocks, each on its own address and port 17902…), 50 announce/withdraw
UPDATEs a second from an API process of the daemon, and every 30 s one established BIRD
session (round robin) disabled, then enabled again (half the interval later, at most 5 s),
by a flapper that runs detached until \`exatop lab down\` (log/flap.log says what it did).

Options:
  --exabgp 4.2|5.0|PATH  Debian's 4.2 (default when installed), PyPI's 5.0.15 in a venv made
                         on first use, or an ExaBGP executable
  --peers LIST|N         comma-separated peer kinds: bird,exabgp (default: bird,exabgp); or a
                         number 1..240: the scale lab, N neighbors served by one BIRD
  --churn RATE           UPDATEs per second (announce or withdraw, round robin over the peers)
                         through an API process of the daemon; any lab (default 0: none)
  --flap EVERY           every EVERY (30s, 2m; at least 1s) one BIRD session is disabled and
                         enabled again; needs BIRD peers (default: none)
  --slot N               0..150, so several labs can run side by side (default 0)
  --dir DIR              lab root folder (default: EXATOP_LAB_DIR, else .lab beside package.json
                         in a checkout, $XDG_STATE_HOME/exatop/lab when installed by npm)
  --log-to stdout|file   the daemon logs to its stdout (log/exabgp.log, default) or through
                         its own file logger (exabgp_log_destination=log/exabgp-file.log)
  --json                 up, down and status answer in JSON on stdout

Peers: \`exatop lab peer bird stop|start\` stops or starts a peer process (in the scale lab, the
BIRD of every neighbor); \`exatop lab peer p002 stop|start\` disables or enables one session of
the scale lab's BIRD.
`;

const OPTIONS = {
  exabgp: { type: 'string' },
  peers: { type: 'string' },
  slot: { type: 'string' },
  dir: { type: 'string' },
  json: { type: 'boolean' },
  'log-to': { type: 'string' },
  churn: { type: 'string' },
  flap: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface LabArgs {
  action: string;
  rest: string[];
  root: string;
  slot: number;
  exabgp: string | undefined;
  peers: PeerSpec | undefined;
  churn: number;
  flapEveryMs: number;
  logTo: 'stdout' | 'file' | undefined;
  json: boolean;
  help: boolean;
}

export function parseLabArgs(argv: string[]): LabArgs {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const slot = values.slot === undefined ? 0 : Number(values.slot);
  if (!Number.isInteger(slot) || slot < 0 || slot > 150) throw new UsageError(`--slot takes 0..150, got ${values.slot}`);
  const peers = values.peers === undefined ? undefined : parsePeers(values.peers);
  const churn = values.churn === undefined ? 0 : Number(values.churn);
  if (values.churn !== undefined && (values.churn.trim() === '' || !Number.isFinite(churn) || churn < 0)) {
    throw new UsageError(`--churn takes UPDATEs per second, a number ≥ 0, got ${values.churn}`);
  }
  const flapEveryMs = values.flap === undefined ? 0 : parseDuration(values.flap);
  if (flapEveryMs === null) throw new UsageError(`--flap takes an interval such as 30s or 2m, got ${values.flap}`);
  const flapWrong = flapProblem(flapEveryMs);
  if (flapWrong) throw new UsageError(flapWrong);
  if (flapEveryMs > 0 && Array.isArray(peers) && !peers.includes('bird')) {
    throw new UsageError('--flap takes BIRD sessions down and up: add bird to --peers, or use --peers N (the scale lab)');
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
    churn,
    flapEveryMs,
    json: values.json ?? false,
    help: values.help ?? false,
  };
}

/** `bird,exabgp` (peer kinds) or `100` (the scale lab's neighbor count). */
export function parsePeers(text: string): PeerSpec {
  if (/^\s*\d+\s*$/.test(text)) {
    const count = Number(text);
    const problem = scalePeersProblem(count);
    if (problem) throw new UsageError(problem);
    return count;
  }
  const list = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const p of list) if (p !== 'bird' && p !== 'exabgp') throw new UsageError(`--peers takes bird and/or exabgp, or a neighbor count 1..240, got ${p}`);
  if (list.length === 0) throw new UsageError('--peers needs at least one peer kind, or a neighbor count');
  return list as PeerKind[];
}

/** What `lab up` and `exatop lab` start, from the command line. */
export function labRequest(args: LabArgs): LabRequest & { root: string; slot: number } {
  return { root: args.root, slot: args.slot, exabgp: args.exabgp, peers: args.peers, logTo: args.logTo, churn: args.churn, flapEveryMs: args.flapEveryMs };
}

const say = (line: string) => process.stderr.write(`${line}\n`);

export async function runLabAction(args: LabArgs): Promise<number> {
  switch (args.action) {
    case 'up': {
      const lab = await labUp({ ...labRequest(args), progress: say });
      const daemon = lab.state.processes.find((p) => p.role === 'daemon');
      if (args.json) {
        const status = await labStatus(args.root, args.slot);
        process.stdout.write(`${JSON.stringify(status ? statusJson(status) : null, null, 2)}\n`);
        return status ? EXIT.ok : EXIT.failed;
      }
      process.stdout.write(`lab up in ${lab.dir}: ExaBGP ${lab.state.version} pid ${daemon?.pid}, pid file ${lab.plan.pidFile}\n`);
      process.stdout.write(`watch it: exatop --pidfile ${lab.plan.pidFile}    stop it: exatop lab down${args.slot ? ` --slot ${args.slot}` : ''}\n`);
      return 0;
    }
    case 'down': {
      const stopped = await labDown(args.root, args.slot);
      if (args.json) {
        process.stdout.write(`${JSON.stringify({ dir: labDir(args.root, args.slot), stopped })}\n`);
        return EXIT.ok;
      }
      process.stdout.write(stopped.length ? `stopped ${stopped.join(', ')}\n` : 'no lab was running\n');
      return 0;
    }
    case 'status': {
      const status = await labStatus(args.root, args.slot);
      if (args.json) {
        process.stdout.write(`${JSON.stringify(status ? statusJson(status) : null, null, 2)}\n`);
        return status ? 0 : 1;
      }
      if (!status) {
        process.stdout.write('no lab (start one with exatop lab up)\n');
        return 1;
      }
      const { handle, processes, load } = status;
      process.stdout.write(`lab ${handle.dir}: ExaBGP ${handle.state.version} (${handle.state.line})\n`);
      process.stdout.write(`  ${describeLoad(handle.plan, load.flapEveryMs)}${load.flapEveryMs > 0 ? ` (${load.flapsDone} so far, log ${handle.plan.flapLog})` : ''}\n`);
      for (const p of processes) process.stdout.write(`  ${p.running ? 'running' : 'stopped'}  ${p.name.padEnd(12)} pid ${p.pid}\n`);
      for (const line of neighborLines(handle.plan)) process.stdout.write(`  ${line}\n`);
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

/** Every neighbor, or in a scale lab the first, the last and the ghost. */
function neighborLines(plan: LabPlan): string[] {
  const line = (n: LabNeighbor) => `neighbor ${n.address}:${n.port} AS${n.asn} ${n.name}${n.kind === 'ghost' ? ' (nobody listens: stays down)' : ''}`;
  if (plan.scale === null || plan.scale <= 3) return plan.neighbors.map(line);
  return [line(plan.neighbors[0]!), `… ${plan.scale - 2} more, each a session of the same BIRD`, line(plan.neighbors[plan.scale - 1]!), line(plan.neighbors[plan.scale]!)];
}

type Status = NonNullable<Awaited<ReturnType<typeof labStatus>>>;

function statusJson({ handle, processes, load }: Status) {
  return {
    dir: handle.dir,
    line: handle.state.line,
    version: handle.state.version,
    pid_file: handle.plan.pidFile,
    pipes: `${handle.plan.runDir}/${handle.plan.pipeName}.{in,out}`,
    scale: handle.plan.scale,
    load: {
      neighbors: load.neighbors,
      answered: load.answered,
      churn_per_second: load.churnPerSecond,
      flap_every_seconds: load.flapEveryMs / 1000,
      flaps_done: load.flapsDone,
      flap_log: load.flapEveryMs > 0 ? handle.plan.flapLog : null,
    },
    neighbors: handle.plan.neighbors,
    processes,
  };
}
