// Sampling and drawing apart: the monitor updates the store every sample (the runbook's
// `pidstat 1`), the TUI draws at most once per redraw period (`state.redrawMs`, 2 s by default as
// in glances and btop). Every Ink frame redraws the whole screen, so frames are what the TUI
// costs; a key press still draws at once, since the person is waiting for it.
import type { MonitorEvent, MonitorState } from '../core/model/state.js';
import type { Store, StoreView } from '../core/store.js';

export interface GateClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const SYSTEM_CLOCK: GateClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class RedrawGate implements StoreView {
  private shown: MonitorState;
  private shownAt = Number.NEGATIVE_INFINITY;
  private pending: unknown = null;
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    private readonly clock: GateClock = SYSTEM_CLOCK,
  ) {
    this.shown = store.getState();
    this.unsubscribe = store.subscribe(() => this.changed());
  }

  getState = (): MonitorState => this.shown;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** What a key asks for reaches the monitor's store and is drawn now. */
  dispatch = (event: MonitorEvent): void => {
    this.store.dispatch(event);
    this.publish();
  };

  close(): void {
    this.unsubscribe();
    if (this.pending !== null) this.clock.clearTimeout(this.pending);
    this.pending = null;
  }

  private changed(): void {
    if (this.pending !== null) return;
    const wait = this.shownAt + this.store.getState().redrawMs - this.clock.now();
    if (wait <= 0) this.publish();
    else this.pending = this.clock.setTimeout(() => this.publish(), wait);
  }

  private publish(): void {
    if (this.pending !== null) this.clock.clearTimeout(this.pending);
    this.pending = null;
    const latest = this.store.getState();
    if (latest === this.shown) return;
    this.shown = latest;
    this.shownAt = this.clock.now();
    for (const listener of this.listeners) listener();
  }
}
