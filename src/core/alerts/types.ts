import type { AlertLevel, RuleName } from './config.js';

/** What the monitor saw at one instant; the engine's only input, and its only clock. */
export interface Observation {
  /** Epoch ms. */
  t: number;
  /** A daemon is attached. */
  daemonUp: boolean;
  /** Cumulative restarts seen by exatop. */
  restarts: number;
  /** Of those, announced beforehand: recorded and shown, never an alert. */
  plannedRestarts: number;
  rssBytes: number | null;
  /** % of one core. */
  cpuPercent: number | null;
  fds: number | null;
  fdLimit: number | null;
  neighbors: { address: string; established: boolean; since: number | null; flaps: number }[];
  /** `missing`: why no control channel is found for the attached daemon (null when one is, or none is looked for). */
  control: { ok: boolean | null; latencyMs: number | null; timeouts: number; missing: string | null };
  /** Cumulative counters; null while no log is followed. */
  logs: { tracebacks: number; notifications: number } | null;
}

export interface Alert {
  /** Stable per rule and subject, e.g. `neighbor-down:127.0.0.2`. */
  id: string;
  rule: RuleName;
  level: AlertLevel;
  /** Neighbor address etc. */
  subject: string | null;
  /** What and by how much (and, for RSS growth, which windows were compared). */
  message: string;
  start: number;
  /** null while ongoing. */
  end: number | null;
  /** Peak value seen while active, in the unit the message uses. */
  peak: number | null;
  /** Occurrences merged into this alert (tracebacks in a storm, flaps, …). */
  count: number;
}
