// Plays a recording into a store: real time or faster, paused, stepped, jumped. The panels
// read the store as they do live; only this clock is the recording's.
import type { Store } from '../core/store.js';
import type { RecordedEvent, RecordedSample } from '../core/record/format.js';
import { alertsAt, applySample, stateAt } from '../core/replay/feed.js';
import type { ReplayPosition } from '../core/model/replay.js';

export const SPEEDS = [1, 2, 5, 10, 30, 60, 300, 900, 3600] as const;

export type { ReplayPosition };

export class ReplayPlayer {
  private index = 0;
  private playing = false;
  private speedIndex = 0;
  private timer: NodeJS.Timeout | null = null;
  private clock = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly store: Store,
    private readonly samples: readonly RecordedSample[],
    private readonly events: readonly RecordedEvent[],
    private readonly history = 3600,
  ) {
    this.seek(0);
  }

  position(): ReplayPosition {
    return { index: this.index, total: this.samples.length, t: this.samples[this.index]?.t ?? 0, playing: this.playing, speed: SPEEDS[this.speedIndex]! };
  }

  /** The recording's time at the current position: the panels' "now". */
  now = (): number => this.samples[this.index]?.t ?? 0;

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  seek(index: number): void {
    this.index = Math.max(0, Math.min(this.samples.length - 1, index));
    this.store.replace(stateAt(this.samples, this.events, this.index, this.history));
    this.clock = this.now();
    this.changed();
  }

  /** Forward steps are applied one sample at a time; backward ones rebuild from the history. */
  step(by: number): void {
    if (by <= 0 || this.index + by >= this.samples.length) return this.seek(this.index + by);
    let state = this.store.getState();
    for (let i = 0; i < by; i++) state = applySample(state, this.samples[++this.index]!);
    this.store.replace({ ...state, alerts: alertsAt(this.events, this.now()) });
    this.clock = this.now();
    this.changed();
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  play(): void {
    if (this.playing || this.samples.length === 0) return;
    this.playing = true;
    let last = Date.now();
    this.timer = setInterval(() => {
      const wall = Date.now();
      this.clock += (wall - last) * SPEEDS[this.speedIndex]!;
      last = wall;
      let to = this.index;
      while (to + 1 < this.samples.length && this.samples[to + 1]!.t <= this.clock) to++;
      if (to > this.index) this.step(to - this.index);
      if (this.index >= this.samples.length - 1) this.pause();
    }, 100);
    this.changed();
  }

  pause(): void {
    this.playing = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.changed();
  }

  faster(): void {
    this.speedIndex = Math.min(SPEEDS.length - 1, this.speedIndex + 1);
    this.changed();
  }

  slower(): void {
    this.speedIndex = Math.max(0, this.speedIndex - 1);
    this.changed();
  }

  stop(): void {
    this.pause();
    this.listeners.clear();
  }
}
