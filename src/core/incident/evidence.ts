// What an issue report is made from, the same shape whether it comes from the live monitor's
// rings or from a recording: the entry, the environment, the daemon's figures and the neighbor
// state changes around it, the restarts, and the load to reproduce it with.
import type { EnvironmentFacts } from './environment.js';

export type IncidentKind = 'traceback' | 'notification' | 'flap';

export interface IncidentEntry {
  kind: IncidentKind;
  summary: string;
  /** The whole traceback or banner; the line itself for a NOTIFICATION or a session drop. */
  lines: string[];
  first: number;
  last: number;
  count: number;
  neighbors: string[];
  exception: { type: string; message: string; origin: string | null } | null;
  signature: string;
  /** How first/last were timed: from the log lines' own dates, or when exatop read them. */
  timing: string;
}

export interface EvidenceSample {
  t: number;
  pid: number | null;
  rss: number | null;
  cpu: number | null;
  fds: number | null;
}

export interface NeighborChange {
  t: number;
  address: string;
  from: string;
  to: string;
}

export interface Evidence {
  source: 'live' | 'recording';
  /** The recording's file, or the daemon watched. */
  from: string;
  entry: IncidentEntry;
  environment: EnvironmentFacts;
  /** Samples of the daemon (every interval), neighbor changes and restarts, over what the source holds. */
  samples: EvidenceSample[];
  neighborChanges: NeighborChange[];
  restarts: { t: number; pid: number | null }[];
  /** Time span the source covers, and whether a daemon ran at its end. */
  span: { start: number; end: number };
  daemonAtEnd: boolean;
  /** What the load looked like: for `exatop lab up --peers N --churn R --flap F`. */
  load: { neighbors: number; updatesPerSecond: number | null; flaps: number; version: string | null };
}
