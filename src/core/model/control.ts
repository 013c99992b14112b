// What exatop takes from the daemon's control channel, the same shape for every ExaBGP line.

export const FSM_STATES = ['IDLE', 'ACTIVE', 'CONNECT', 'OPENSENT', 'OPENCONFIRM', 'ESTABLISHED'] as const;
export type FsmState = (typeof FSM_STATES)[number] | 'UNKNOWN';

export interface MessageCounters {
  open: number | null;
  notification: number | null;
  keepalive: number | null;
  update: number | null;
  refresh: number | null;
  total: number | null;
}

export interface CapabilityReport {
  name: string;
  /** true/false as advertised; null when unknown (peer down, or the daemon said null / -1). */
  local: boolean | null;
  remote: boolean | null;
}

export interface FamilyReport {
  name: string;
  local: boolean | null;
  remote: boolean | null;
  addPath: string | null;
}

/** One neighbor as the daemon reports it in one answer. */
export interface NeighborReport {
  address: string;
  localAddress: string | null;
  peerAs: number | null;
  localAs: number | null;
  peerId: string | null;
  localId: string | null;
  description: string | null;
  fsm: FsmState;
  /**
   * Seconds the daemon gives with the state ("up for", "down for", `duration`). For a down peer
   * this is NOT time since down (FACTS.md): exatop tracks down-since itself.
   */
  durationS: number | null;
  holdTime: { local: number | null; remote: number | null };
  messages: { sent: MessageCounters; received: MessageCounters };
  /** 6.0 `peer show` only. */
  prefixes: { received: number | null; withdrawn: number | null } | null;
  capabilities: CapabilityReport[];
  families: FamilyReport[];
}

/** 6.0 `daemon status`. */
export interface DaemonStatusReport {
  pid: number | null;
  uuid: string | null;
  uptimeS: number | null;
  /** Epoch seconds. */
  startTime: number | null;
  version: string | null;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string; raw: string };
