// What a Monitor reaches the daemon through besides /proc and the CPU meter: the control channel
// (where it is, a client on it), the log follower, and the optional files it reads. The host's
// are the defaults; unit tests hand in a fake transport, a fake follower and captured files
// (test/unit/monitor-*.test.ts), so attach, lost, relocate and re-location run without a daemon.
import { ControlClient } from '../core/control/client.js';
import type { Dialect } from '../core/control/commands.js';
import type { DaemonInfo, Helper } from '../core/model/daemon.js';
import { fromOverride, locateControl, transportFor, type ControlLocation } from '../io/control/locate.js';
import type { PipeTransportOptions } from '../io/control/pipe.js';
import { findLogSources, type LogSourceSpec } from '../io/logs/discover-logs.js';
import type { ProcFs } from '../io/procfs.js';
import { LogMonitor, type LogMonitorOptions } from './log-monitor.js';

export interface LocateRequest {
  proc: ProcFs;
  daemon: DaemonInfo;
  helpers: Helper[];
  /** The daemon's uid (its standard folders depend on it). */
  uid: number | null;
  /** --control PATH, when given: that location or none. */
  override: string | null;
}

export interface ChannelOptions {
  dialect: Dialect | null;
  timeoutMs: number;
  /** A 6.0 multi-client socket: one connection kept across queries. */
  persistent: boolean;
  /** The pipe's view of its users and of the life reading it. */
  pipe: PipeTransportOptions;
}

export interface ControlChannels {
  locate(request: LocateRequest): Promise<ControlLocation | null>;
  /** A client on a location found (the one door to the daemon: ControlClient's allowlist). */
  open(location: ControlLocation, options: ChannelOptions): ControlClient;
}

/** The host's channels: the daemon's helpers and ExaBGP's folders, real pipes and sockets. */
export const hostChannels: ControlChannels = {
  locate: ({ proc, daemon, helpers, uid, override }) => (override ? fromOverride(override) : locateControl(proc, daemon, helpers, uid)),
  open: (location, options) => new ControlClient(transportFor(location, options.pipe, { persistent: options.persistent }), options.dialect, options.timeoutMs),
};

/** What the monitor asks of a log follower. */
export type LogFollower = Pick<LogMonitor, 'configure' | 'poll' | 'newLife' | 'close'>;

export interface LogFollowers {
  /** Where the daemon's log goes (its stdout and stderr, its environment, its systemd unit). */
  find(proc: ProcFs, daemon: DaemonInfo, envFile: Record<string, string>): Promise<LogSourceSpec[]>;
  open(options: LogMonitorOptions): LogFollower;
}

export const hostLogs: LogFollowers = {
  find: findLogSources,
  open: (options) => new LogMonitor(options),
};
