// One watching session: the store, the monitor that fills it, and what they run on (this host's
// /proc, the CPU meter, the one-poller sharing of shared-control.ts, the alert engine). Every
// command that watches a daemon (watch, record, serve, snapshot, incident, verify) opens one here;
// capture, which drives no monitor, takes the same host I/O from hostIo().
import type { AlertConfig } from '../core/alerts/config.js';
import type { Target } from '../core/model/daemon.js';
import { initialState } from '../core/model/state.js';
import { Store } from '../core/store.js';
import { ProcFs } from '../io/procfs.js';
import { pidusageMeter } from '../io/vitals.js';
import { Alerting, type AlertHook } from './alerting.js';
import { Monitor, type MonitorDeps, type MonitorOptions } from './monitor.js';
import { hostSharing } from './shared-control.js';

/** This host's I/O for a session: /proc, the CPU meter, the clock and, unless `sharing: false`, the one-poller sharing. */
export function hostIo(options: { sharing?: boolean } = {}): MonitorDeps & { sharing: MonitorDeps['sharing'] } {
  return { proc: new ProcFs(), cpu: pidusageMeter(), now: Date.now, sharing: options.sharing === false ? null : hostSharing() };
}

/** The alert rules and hook a command loaded (commands/common.ts loadAlertSetup), and where hook failures are told. */
export interface SessionAlerts {
  config: AlertConfig;
  hook: AlertHook | null;
  say: (line: string) => void;
}

export interface SessionOptions {
  target: Target;
  /** How often the daemon is sampled (the store's interval; default 1 s). */
  intervalMs?: number;
  /** Samples each series keeps (default 3600). */
  capacity?: number;
  redrawMs?: number;
  /** --control, --log, --journal, --since, --log-lines and what the monitor reads (MonitorOptions). */
  sources?: Omit<MonitorOptions, 'alerting'>;
  /** Alert rules observed after every sample; none: no alerts. */
  alerts?: SessionAlerts | null;
  /** One poller per daemon life across exatop processes (default true). */
  sharing?: boolean;
  /** The I/O to run on instead of the host's (or part of it: the rest is the host's). */
  io?: Partial<MonitorDeps>;
}

export interface Session {
  store: Store;
  monitor: Monitor;
  /** The /proc the monitor reads: commands that look at the daemon themselves use the same. */
  proc: ProcFs;
  sharing: MonitorDeps['sharing'];
  alerting: Alerting | null;
  /** Stops the monitor and its CPU meter; the store stays readable. Idempotent. */
  stop(): void;
}

export function openSession(options: SessionOptions & { alerts: SessionAlerts }): Session & { alerting: Alerting };
export function openSession(options: SessionOptions): Session;
export function openSession(options: SessionOptions): Session {
  const io: MonitorDeps = { ...hostIo({ sharing: options.sharing }), ...options.io };
  const store = new Store(initialState({ capacity: options.capacity, intervalMs: options.intervalMs, redrawMs: options.redrawMs }));
  const alerts = options.alerts ?? null;
  const alerting = alerts ? new Alerting(store, alerts.config, alerts.hook, alerts.say) : null;
  const monitor = new Monitor(store, options.target, io, { ...options.sources, alerting });
  let stopped = false;
  return {
    store, monitor, proc: io.proc, sharing: io.sharing ?? null, alerting,
    stop() {
      if (stopped) return;
      stopped = true;
      monitor.stop(); // closes the CPU meter too
    },
  };
}
