// What a lab is made of, computed without side effects: addresses, ports, file paths and the
// configuration texts of the daemon and its peers. src/lab/lab.ts carries the plan out.
import { join } from 'node:path';

export type PeerKind = 'bird' | 'exabgp';

export interface LabOptions {
  /** Folder holding this lab's configs, pipes, pid files and logs. */
  dir: string;
  /** 0..150: the lab uses 127.0.(100+slot).0/24 so several labs can run side by side. */
  slot: number;
  peers: PeerKind[];
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
}

export const DAEMON_PORT = 17900;

export function planLab(options: LabOptions): LabPlan {
  if (!Number.isInteger(options.slot) || options.slot < 0 || options.slot > 150) {
    throw new RangeError(`lab slot must be an integer 0..150, got ${options.slot}`);
  }
  const net = `127.0.${100 + options.slot}`;
  const seen: Record<string, number> = {};
  const neighbors: LabNeighbor[] = options.peers.map((kind, i) => ({
    name: uniqueName(kind === 'bird' ? 'bird' : 'exabgp-peer', seen),
    kind,
    address: `${net}.${i + 2}`,
    port: DAEMON_PORT + i + 2,
    asn: 65002 + i,
  }));
  const ghostIndex = options.peers.length;
  neighbors.push({ name: 'ghost', kind: 'ghost', address: `${net}.${ghostIndex + 2}`, port: DAEMON_PORT + ghostIndex + 2, asn: 65002 + ghostIndex });
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
  };
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
  for (const n of plan.neighbors) {
    lines.push(
      `neighbor ${n.address} {`,
      `    description "${n.name}";`,
      `    router-id ${plan.daemonAddress};`,
      `    local-address ${plan.daemonAddress};`,
      `    local-as ${plan.daemonAsn};`,
      `    peer-as ${n.asn};`,
      `    connect ${n.port};`,
      '    hold-time 30;',
      '    family { ipv4 unicast; }',
      '    api { processes [ events ]; neighbor-changes; receive { parsed; notification; } }',
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

export function birdConfig(plan: LabPlan, n: LabNeighbor): string {
  return [
    `router id ${n.address};`,
    'log stderr all;',
    'protocol device { scan time 10; }',
    'protocol bgp exa {',
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
