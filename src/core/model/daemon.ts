// A daemon as exatop knows it: how it was found (candidate, helpers, target) and one life of it
// (pid + start ticks, version, reactor and where each came from).
import type { ReactorInfo, VersionInfo } from '../daemon/version.js';

export interface Helper {
  pid: number;
  role: string;
}

export interface DaemonCandidate {
  pid: number;
  startTicks: number;
  argv: string[];
  configs: string[];
  envFile: string | null;
  root: string | null;
}

export type Target =
  | { kind: 'auto' }
  | { kind: 'pid'; pid: number }
  | { kind: 'pidfile'; path: string };

export interface DaemonIdentity {
  pid: number;
  startTicks: number;
}

/** What 6.0's `daemon status` says of the life it answers for (null before, and on 4.2/5.0). */
export interface DaemonOwnWord {
  /** Changes with every daemon start, also one /proc cannot see (same pid). */
  uuid: string;
  /** Epoch ms the daemon's reactor started (~1.4 s after the process start seen in /proc). */
  startedAt: number | null;
}

export interface DaemonInfo extends DaemonIdentity {
  /** Epoch milliseconds. */
  startTime: number;
  /** How finely startTime is known: 10 ms from /proc/uptime, 1000 ms from btime's whole seconds. */
  startTimeResolutionMs: number;
  argv: string[];
  config: string | null;
  /** Every configuration argument: the successor of this life runs with the same ones. */
  configs: string[];
  envFile: string | null;
  /** exabgp_daemon_pid: the successor writes its pid there. */
  pidFile: string | null;
  root: string | null;
  environ: Record<string, string>;
  environError: string | null;
  version: VersionInfo | null;
  reactor: ReactorInfo;
  /** The identity's third part on 6.0: pid + start time + the daemon's uuid. */
  own: DaemonOwnWord | null;
}

export const NO_DAEMON_HELP =
  'No ExaBGP daemon found on this host. Point exatop at one with --pid N or --pidfile FILE ' +
  '(the path of exabgp_daemon_pid), or start the embedded lab with `exatop lab`.';
