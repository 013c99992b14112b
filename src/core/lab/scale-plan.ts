// The scale lab, computed without side effects: N neighbors of the daemon on 127.0.(100+slot).2…
// all answered by ONE BIRD holding N `protocol bgp` blocks (runbook Stage 1: "100+ peers").

/** .1 is the daemon and one address after the peers is the ghost neighbor: 240 peers reach .242. */
export const MAX_SCALE_PEERS = 240;

/** The BIRD process of a scale lab: its name in lab.json and `exatop lab peer bird stop|start`. */
export const SCALE_BIRD = 'bird';

/** Why `count` is not a scale lab size, or null when it is one. */
export function scalePeersProblem(count: number): string | null {
  if (Number.isInteger(count) && count >= 1 && count <= MAX_SCALE_PEERS) return null;
  return `--peers takes a neighbor count 1..${MAX_SCALE_PEERS} (they and a ghost neighbor share 127.0.(100+slot).0/24 with the daemon at .1), or a list of peer kinds bird,exabgp; got ${count}`;
}

/** p002, p003, …: named after the last octet, so a name in a log says which address it is. */
export function scaleNeighborName(octet: number): string {
  return `p${String(octet).padStart(3, '0')}`;
}

export interface ScaleBirdNeighbor {
  name: string;
  address: string;
  port: number;
  asn: number;
}

export interface ScaleBirdDaemon {
  address: string;
  asn: number;
  holdTime: number;
}

/**
 * BIRD's nominal port for the daemon in protocol `octet`. BIRD locks (neighbor address, neighbor
 * port) per BGP protocol: N protocols naming the daemon's real 127.0.S.1:17900 would run one at
 * a time, the others waiting in Idle. The protocols are passive and never connect, so each
 * names its own port; the daemon connects to the protocol's `local` address and port.
 */
export function nominalDaemonPort(octet: number): number {
  return 20000 + octet;
}

export function scaleBirdConfig(daemon: ScaleBirdDaemon, neighbors: readonly ScaleBirdNeighbor[]): string {
  const lines = [
    `# ${neighbors.length} BGP sessions of one BIRD, each on its own loopback address and port,`,
    '# passive: the ExaBGP under test connects to them.',
    'router id 10.255.255.1;',
    'log stderr all;',
    'protocol device { scan time 10; }',
    '',
  ];
  for (const n of neighbors) {
    const octet = Number(n.address.split('.').at(-1));
    lines.push(
      `protocol bgp ${n.name} {`,
      `  local ${n.address} port ${n.port} as ${n.asn};`,
      `  neighbor ${daemon.address} port ${nominalDaemonPort(octet)} as ${daemon.asn};`,
      '  strict bind on;',
      '  multihop 2;',
      '  passive on;',
      `  hold time ${daemon.holdTime};`,
      '  graceful restart off;',
      '  ipv4 { import all; export none; };',
      '}',
      '',
    );
  }
  return lines.join('\n');
}
