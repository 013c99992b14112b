// A tiny external store: the monitor dispatches events, views subscribe (useSyncExternalStore).
import { reduce, type MonitorEvent, type MonitorState } from './model/state.js';

/** What views need of a store: read, hear changes, send what a key asks for. */
export interface StoreView {
  getState(): MonitorState;
  subscribe(listener: () => void): () => void;
  dispatch(event: MonitorEvent): void;
}

export class Store implements StoreView {
  private listeners = new Set<() => void>();

  constructor(private state: MonitorState) {}

  getState = (): MonitorState => this.state;

  dispatch = (event: MonitorEvent): void => {
    const next = reduce(this.state, event);
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  };

  /**
   * Several events, one notification: a monitor tick (vitals, neighbors, logs) becomes one
   * frame on screen instead of one per probe, which is most of what the TUI costs.
   */
  dispatchAll = (events: readonly MonitorEvent[]): void => {
    const next = events.reduce(reduce, this.state);
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  };

  /** Replaces the whole state (replay jumps in time); listeners hear it like any change. */
  replace = (state: MonitorState): void => {
    this.state = state;
    for (const listener of this.listeners) listener();
  };

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}
