// Where fired alerts live: the active ones, a bounded history, and what changed since the last take.
import type { Alert } from './types.js';

export class AlertBook {
  private readonly history: Alert[] = [];
  private readonly live = new Set<Alert>();
  private readonly fresh = new Set<Alert>();

  constructor(private readonly maxEvents: number) {}

  open(alert: Alert): Alert {
    this.history.push(alert);
    if (this.history.length > this.maxEvents) this.history.shift();
    this.live.add(alert);
    this.mark(alert);
    return alert;
  }

  close(alert: Alert, end: number): void {
    alert.end = end;
    this.live.delete(alert);
    this.mark(alert);
  }

  active(): Alert[] {
    return [...this.live].map(copy);
  }

  events(): Alert[] {
    return this.history.map(copy);
  }

  takeNew(): Alert[] {
    const out = [...this.fresh].map(copy);
    this.fresh.clear();
    return out;
  }

  footprint(): { events: number; active: number; fresh: number } {
    return { events: this.history.length, active: this.live.size, fresh: this.fresh.size };
  }

  // Nobody taking (no hook configured) must not grow memory: the oldest untaken are dropped.
  private mark(alert: Alert): void {
    this.fresh.add(alert);
    if (this.fresh.size > this.maxEvents) this.fresh.delete(this.fresh.values().next().value!);
  }
}

const copy = (a: Alert): Alert => ({ ...a });
