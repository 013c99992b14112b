// The edge loop: finds the daemon, samples it every interval, notices when it dies and
// re-attaches to its successor. All I/O goes through the injected ProcFs and CpuMeter.
import { findHelpers, locate, type Target } from '../attach/discover.js';
import { describeDaemon } from '../attach/identity.js';
import type { ProcFs } from '../attach/procfs.js';
import type { Store } from '../core/store.js';
import { sampleVitals, type CpuMeter } from '../probes/vitals.js';

/** How often exatop looks for a successor once the daemon is gone: re-attach within 2 s. */
export const LOST_RETRY_MS = 500;
/** How often it looks for a daemon when none has been seen yet (a /proc scan costs). */
export const SEARCH_RETRY_MS = 1500;

export interface MonitorDeps {
  proc: ProcFs;
  cpu: CpuMeter;
  now: () => number;
}

export class Monitor {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private running: Promise<void> | null = null;
  private lastConfigs: string[] | undefined;

  constructor(
    private readonly store: Store,
    private target: Target,
    private readonly deps: MonitorDeps,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.deps.cpu.close();
  }

  /** The user picked one of several daemons. */
  choose(pid: number): void {
    this.target = { kind: 'pid', pid };
    this.poke();
  }

  /** Run a tick now (after an interval change or a pick) instead of waiting. */
  poke(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.schedule(0);
  }

  /** One tick; exposed so tests and headless commands can drive the loop themselves. */
  async tick(): Promise<number> {
    const state = this.store.getState();
    if (state.phase === 'attached' && state.daemon) return this.sample(state.daemon.pid, state.daemon.startTicks);
    return this.attach();
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((error: unknown) => {
          this.store.dispatch({ type: 'none', message: `monitor error: ${error instanceof Error ? error.message : String(error)}` });
          return LOST_RETRY_MS;
        })
        .then((next) => this.schedule(next));
    }, delay);
  }

  async settled(): Promise<void> {
    await this.running;
  }

  private async attach(): Promise<number> {
    const { proc } = this.deps;
    const located = await locate(proc, this.target, this.lastConfigs);
    const hadDaemon = this.store.getState().daemon !== null;
    if (located.status === 'none') {
      this.store.dispatch({ type: 'none', message: located.message });
      return hadDaemon ? LOST_RETRY_MS : SEARCH_RETRY_MS;
    }
    if (located.status === 'several') {
      this.store.dispatch({ type: 'several', candidates: located.candidates });
      return SEARCH_RETRY_MS;
    }
    const daemon = await describeDaemon(proc, located.daemon);
    const helpers = await findHelpers(proc, daemon.pid);
    this.lastConfigs = located.daemon.configs;
    this.deps.cpu.forget(daemon.pid);
    this.store.dispatch({ type: 'attached', daemon, helpers });
    return this.sample(daemon.pid, daemon.startTicks);
  }

  private async sample(pid: number, startTicks: number): Promise<number> {
    const { proc, cpu, now } = this.deps;
    const stat = await proc.stat(pid);
    if (!stat || stat.startTicks !== startTicks || stat.state === 'Z') {
      this.store.dispatch({ type: 'lost', t: now(), reason: `daemon pid ${pid} is gone; waiting for it to come back` });
      // --pid names one process: its successor is found by its configuration instead.
      if (this.target.kind === 'pid') this.target = { kind: 'auto' };
      return 0;
    }
    const helpers = await findHelpers(proc, pid);
    const previous = this.store.getState().helpers;
    if (helpers.map((h) => h.pid).join() !== previous.map((h) => h.pid).join()) this.store.dispatch({ type: 'helpers', helpers });
    const state = this.store.getState();
    if (!state.paused) {
      const sample = await sampleVitals(proc, pid, helpers.map((h) => h.pid), cpu, now);
      if (sample) this.store.dispatch({ type: 'sample', sample });
    }
    return this.store.getState().intervalMs;
  }
}
