// What a lab is made of, computed without side effects: addresses, ports, file paths and the
// configuration texts of the daemon and its peers. src/io/lab/lab.ts carries the plan out.
import { join } from 'node:path';
import { MAX_SCALE_PEERS, SCALE_BIRD, scaleBirdConfig, scaleNeighborName, scalePeersProblem } from './scale-plan.js';

export type PeerKind = 'bird' | 'exabgp';
/** A list of peer processes, one neighbor each; or a count: that many neighbors served by one BIRD (scale mode). */
export type PeerSpec = PeerKind[] | number;

export interface LabOptions {
  /** Folder holding this lab's configs, pipes, pid files and logs. */
  dir: string;
  /** 0..150: the lab uses 127.0.(100+slot).0/24 so several labs can run side by side. */
  slot: number;
  peers: PeerSpec;
  /** Route churn through an API process of the daemon, in UPDATEs (announce or withdraw) per second; 0: none. */
  churn?: number;
  /** User the daemon runs as: exatop's own user, so no privilege drop is needed. */
  user: string;
  /** Where the daemon logs: its stdout (redirected to log/exabgp.log) or its own file logger. */
  logTo?: 'stdout' | 'file';
}

export interface LabNeighbor {
  name: string;
  kind: PeerKind | 'ghost';
  address: string;
  port: number;
  asn: number;
  /** The lab process answering this neighbor (its name in lab.json), null for the ghost. */
  process: string | null;
  /** BIRD's protocol for this session (birdc disable/enable NAME), null when no BIRD answers. */
  birdProtocol: string | null;
}

/** One process the lab starts as a peer: a BIRD or an ExaBGP, for one neighbor or (scale) many. */
export interface PeerProcess {
  name: string;
  kind: PeerKind;
}

export interface LabPlan {
  dir: string;
  runDir: string;
  logDir: string;
  daemonAddress: string;
  daemonPort: number;
  daemonAsn: number;
  pipeName: string;
  pidFile: string;
  configFile: string;
  envFile: string;
  apiScript: string;
  eventsLog: string;
  /** The file the daemon's own logger writes when logTo is 'file', else null. */
  logFile: string | null;
  neighbors: LabNeighbor[];
  peerProcesses: PeerProcess[];
  /** Neighbor count in scale mode (one BIRD for all of them), null for a list of peer kinds. */
  scale: number | null;
  holdTime: number;
  /** UPDATEs per second written by the churn API process; 0: no such process. */
  churn: number;
  churnScript: string;
  flapScript: string;
  flapLog: string;
}

export const DAEMON_PORT = 17900;

export function planLab(options: LabOptions): LabPlan {
  if (!Number.isInteger(options.slot) || options.slot < 0 || options.slot > 150) {
    throw new RangeError(`lab slot must be an integer 0..150, got ${options.slot}`);
  }
  const churn = options.churn ?? 0;
  if (!Number.isFinite(churn) || churn < 0) throw new RangeError(`churn must be a number of UPDATEs per second ≥ 0, got ${churn}`);
  const net = `127.0.${100 + options.slot}`;
  const scale = typeof options.peers === 'number' ? options.peers : null;
  if (scale !== null) {
    const problem = scalePeersProblem(scale);
    if (problem) throw new RangeError(problem);
  }
  const neighbor = (i: number, name: string, kind: LabNeighbor['kind'], process: string | null, birdProtocol: string | null): LabNeighbor => ({
    name, kind, address: `${net}.${i + 2}`, port: DAEMON_PORT + i + 2, asn: 65002 + i, process, birdProtocol,
  });
  let neighbors: LabNeighbor[];
  let peerProcesses: PeerProcess[];
  if (scale !== null) {
    neighbors = Array.from({ length: scale }, (_, i) => {
      const name = scaleNeighborName(i + 2);
      return neighbor(i, name, 'bird', SCALE_BIRD, name);
    });
    peerProcesses = [{ name: SCALE_BIRD, kind: 'bird' }];
  } else {
    const kinds = options.peers as PeerKind[];
    if (kinds.length > MAX_SCALE_PEERS) throw new RangeError(`at most ${MAX_SCALE_PEERS} peers fit the lab's /24, got ${kinds.length}`);
    const seen: Record<string, number> = {};
    neighbors = kinds.map((kind, i) => {
      const name = uniqueName(kind === 'bird' ? 'bird' : 'exabgp-peer', seen);
      return neighbor(i, name, kind, name, kind === 'bird' ? BIRD_PROTOCOL : null);
    });
    peerProcesses = neighbors.map((n) => ({ name: n.name, kind: n.kind as PeerKind }));
  }
  neighbors.push(neighbor(neighbors.length, 'ghost', 'ghost', null, null));
  const runDir = join(options.dir, 'run');
  return {
    dir: options.dir,
    runDir,
    logDir: join(options.dir, 'log'),
    daemonAddress: `${net}.1`,
    daemonPort: DAEMON_PORT,
    daemonAsn: 65001,
    pipeName: `exatop-lab${options.slot}`,
    pidFile: join(runDir, 'exabgp.pid'),
    configFile: join(options.dir, 'exabgp.conf'),
    envFile: join(options.dir, 'exabgp.env'),
    apiScript: join(options.dir, 'api-events.py'),
    eventsLog: join(options.dir, 'log', 'api-events.log'),
    logFile: options.logTo === 'file' ? join(options.dir, 'log', 'exabgp-file.log') : null,
    neighbors,
    peerProcesses,
    scale,
    // 100 sessions under churn on a small machine: keepalives may wait behind the work
    holdTime: scale === null ? 30 : 90,
    churn,
    churnScript: join(options.dir, 'churn.py'),
    flapScript: join(options.dir, 'flap.py'),
    flapLog: join(options.dir, 'log', 'flap.log'),
  };
}

/** The BGP protocol's name in a one-session BIRD peer's config. */
export const BIRD_PROTOCOL = 'exa';

/** The control socket of a lab BIRD process (birdc -s). */
export function birdControlSocket(plan: Pick<LabPlan, 'runDir'>, processName: string): string {
  return join(plan.runDir, `${processName}.ctl`);
}

/** The neighbors with a real peer behind them (all but the ghost): .2 … in address order. */
export function answeredNeighbors(plan: Pick<LabPlan, 'neighbors'>): LabNeighbor[] {
  return plan.neighbors.filter((n) => n.kind !== 'ghost');
}

/** bird, bird2, …: names become file names and `lab peer NAME`, so they must differ. */
function uniqueName(base: string, seen: Record<string, number>): string {
  seen[base] = (seen[base] ?? 0) + 1;
  return seen[base] === 1 ? base : `${base}${seen[base]}`;
}

export function daemonConfig(plan: LabPlan, python: string): string {
  const lines = [
    'process events {',
    `    run ${python} ${plan.apiScript} ${plan.eventsLog};`,
    '    encoder json;',
    '}',
    '',
  ];
  const churned = plan.churn > 0 ? answeredNeighbors(plan) : [];
  if (churned.length > 0) {
    const first = churned[0]!.address;
    const prefix = first.slice(0, first.lastIndexOf('.'));
    const firstOctet = Number(first.slice(first.lastIndexOf('.') + 1));
    lines.push(
      'process churn {',
      `    run ${python} ${plan.churnScript} ${plan.churn} ${prefix} ${firstOctet} ${churned.length};`,
      '    encoder text;',
      '}',
      '',
    );
  }
  for (const n of plan.neighbors) {
    // 4.2 and 5.0 let an API process steer only the neighbors whose api block names it
    const processes = churned.includes(n) ? 'events churn' : 'events';
    lines.push(
      `neighbor ${n.address} {`,
      `    description "${n.name}";`,
      `    router-id ${plan.daemonAddress};`,
      `    local-address ${plan.daemonAddress};`,
      `    local-as ${plan.daemonAsn};`,
      `    peer-as ${n.asn};`,
      `    connect ${n.port};`,
      `    hold-time ${plan.holdTime};`,
      '    family { ipv4 unicast; }',
      `    api { processes [ ${processes} ]; neighbor-changes; receive { parsed; notification; } }`,
      '}',
      '',
    );
  }
  return lines.join('\n');
}

/** Environment of the lab daemon: loopback only, high ports, everything inside the lab folder. */
export function daemonEnvironment(plan: LabPlan, user: string): Record<string, string> {
  return {
    exabgp_tcp_bind: plan.daemonAddress,
    exabgp_tcp_port: String(plan.daemonPort),
    exabgp_daemon_user: user,
    exabgp_daemon_pid: plan.pidFile,
    exabgp_daemon_daemonize: 'false',
    exabgp_api_pipename: plan.pipeName,
    exabgp_log_destination: plan.logFile ?? 'stdout',
    EXABGP_ROOT: plan.dir,
  };
}

/** The daemon's argv after the program: 4.2 finds its pipes under --root, 5.0 under EXABGP_ROOT. */
export function daemonArguments(plan: LabPlan, line: '4.2' | '5.0'): string[] {
  return line === '4.2' ? ['--root', plan.dir, '--env', plan.envFile, plan.configFile] : [plan.configFile];
}

/** The config of one lab BIRD process: every neighbor it answers (scale mode), or its one neighbor. */
export function birdConfigFor(plan: LabPlan, processName: string): string {
  const served = plan.neighbors.filter((n) => n.process === processName && n.kind === 'bird');
  if (plan.scale !== null) {
    return scaleBirdConfig({ address: plan.daemonAddress, asn: plan.daemonAsn, holdTime: plan.holdTime }, served);
  }
  const n = served[0];
  if (!n) throw new RangeError(`no BIRD peer named ${processName}`);
  return birdConfig(plan, n);
}

export function birdConfig(plan: LabPlan, n: LabNeighbor): string {
  return [
    `router id ${n.address};`,
    'log stderr all;',
    'protocol device { scan time 10; }',
    `protocol bgp ${BIRD_PROTOCOL} {`,
    `  local ${n.address} port ${n.port} as ${n.asn};`,
    `  neighbor ${plan.daemonAddress} port ${plan.daemonPort} as ${plan.daemonAsn};`,
    '  strict bind on;',
    '  multihop 2;',
    '  hold time 30;',
    '  connect retry time 2;',
    '  graceful restart off;',
    '  ipv4 { import all; export none; };',
    '}',
    '',
  ].join('\n');
}

export function peerExabgpConfig(plan: LabPlan, n: LabNeighbor): string {
  return [
    `neighbor ${plan.daemonAddress} {`,
    `    description "lab-daemon";`,
    `    router-id ${n.address};`,
    `    local-address ${n.address};`,
    `    local-as ${n.asn};`,
    `    peer-as ${plan.daemonAsn};`,
    '    passive;',
    '    hold-time 30;',
    '    family { ipv4 unicast; }',
    '}',
    '',
  ].join('\n');
}

export function peerExabgpEnvironment(plan: LabPlan, n: LabNeighbor, user: string): Record<string, string> {
  return {
    exabgp_tcp_bind: n.address,
    exabgp_tcp_port: String(n.port),
    exabgp_daemon_user: user,
    exabgp_daemon_pid: join(plan.runDir, `${n.name}.pid`),
    exabgp_api_cli: 'false',
    exabgp_cli_enable: 'false',
    exabgp_log_destination: 'stdout',
  };
}

/** The API program: appends every event line ExaBGP sends it to a file, flushed per line. */
export const API_EVENTS_SCRIPT = `import sys
with open(sys.argv[1], 'a', buffering=1) as out:
    for line in sys.stdin:
        out.write(line)
`;
