// What the views may ask of the rest of exatop: the only doors out of the UI. Views never do
// I/O themselves; the commands (watch, replay) implement these over the monitor and the disk.
import type { ModeGuidance } from '../core/daemon/mode-guidance.js';
import type { ListedRun, MetricName } from '../core/compare/run-schema.js';
import type { CaptureKind } from '../core/model/capture.js';
import type { ReplayPosition } from '../core/model/replay.js';
import type { LogEntry } from '../core/logs/types.js';

export interface MonitorControl {
  choose(pid: number): void;
  poke(): void;
  /** The neighbor details view opened or closed: it needs the full answer each tick. */
  wantFull?(on: boolean): void;
  /** Writes text to a new file (atomically) and says where. */
  saveText(prefix: string, text: string): Promise<string>;
  /** Writes the issue report of a Logs entry and says where; absent where it cannot (replay). */
  saveIncident?(entry: LogEntry): Promise<string>;
  /** The comparison tab's I/O; absent where runs cannot be kept. */
  runs?: RunsControl;
}

export interface RunsControl {
  dir: string;
  /** What restarts the daemon for establishment captures; null: wait for restarts that happen. */
  restartCommand: string[] | null;
  list(): Promise<ListedRun[]>;
  fileFor(label: string): string;
  capture(kind: CaptureKind, label: string, file: string): boolean;
  cancelCapture(): void;
  saveManual(file: string, label: string, metric: MetricName, value: number): Promise<void>;
  exportMarkdown(baseline: string, candidate: string): Promise<string>;
  guidance(): Promise<ModeGuidance | null>;
}

export type { ReplayPosition };

/** A recording played back: the panels show it, this drives its clock. */
export interface ReplayControl {
  position(): ReplayPosition;
  now(): number;
  onChange(listener: () => void): () => void;
  toggle(): void;
  step(by: number): void;
  seek(index: number): void;
  faster(): void;
  slower(): void;
}
