// The log side of the monitor: follows every source found for the daemon (or named by the
// user), parses and groups what arrives, and hands the store one update per tick.
import { LogPipeline } from '../core/logs/pipeline.js';
import { apiEventLine } from '../core/logs/api-event.js';
import { parseJournalRecord, parseLine } from '../core/logs/parse-line.js';
import type { LogCounters, LogEntry, NeighborFact } from '../core/logs/types.js';
import type { LogSourceSpec } from '../io/logs/discover-logs.js';
import { FileFollower } from '../io/logs/follow-file.js';
import { JournalFollower } from '../io/logs/journal.js';

export interface LogSourceStatus {
  kind: 'file' | 'journal';
  name: string;
  how: string;
  state: 'following' | 'missing' | 'error' | 'stopped';
  message: string | null;
  lost: { lines: number; bytes: number; withoutCopy: number } | null;
}

export interface LogsUpdate {
  entries: LogEntry[];
  counters: LogCounters;
  sources: LogSourceStatus[];
  facts: NeighborFact[];
}

interface Source {
  spec: LogSourceSpec;
  file?: FileFollower;
  journal?: JournalFollower;
  status: LogSourceStatus;
}

export interface LogMonitorOptions {
  now: () => number;
  /** --since: read history back this far (ms): files from their start, the journal with --since. */
  sinceMs?: number | null;
  /** Without --since: the last lines of each source shown when it is first followed (tail -n), not counted. */
  backlogLines?: number;
  maxEntries?: number;
}

/** Lines of each source shown on open, as `journalctl -f` shows 10 and a log view wants a screenful. */
export const DEFAULT_BACKLOG_LINES = 50;

export class LogMonitor {
  private readonly pipeline: LogPipeline;
  private readonly sources = new Map<string, Source>();
  /** Pipeline revision and source changes already handed to the store. */
  private lastSeen = '';
  private sourceChanges = 0;
  private readonly lastDated = new Map<string, number>();
  /** Journal records older than this came as backlog. */
  private readonly followedFrom: number;

  constructor(private readonly options: LogMonitorOptions) {
    this.pipeline = new LogPipeline({ maxEntries: options.maxEntries ?? 2000 });
    this.followedFrom = options.now();
  }

  private get backlogLines(): number {
    return this.options.sinceMs ? 0 : (this.options.backlogLines ?? DEFAULT_BACKLOG_LINES);
  }

  /** A new daemon life: its lines never fold into the previous life's entries. */
  newLife(): void {
    this.pipeline.newLife();
  }

  private key(spec: LogSourceSpec): string {
    return spec.kind === 'file' ? `file:${spec.path}` : `journal:${spec.unit}`;
  }

  /** Adds sources not followed yet; the ones already followed go on (a restart keeps its log). */
  configure(specs: readonly LogSourceSpec[]): void {
    for (const spec of specs) {
      const key = this.key(spec);
      if (this.sources.has(key)) continue;
      const name = spec.kind === 'file' ? spec.path : spec.unit;
      const status: LogSourceStatus = { kind: spec.kind, name, how: spec.how, state: 'following', message: null, lost: null };
      const source: Source = { spec, status };
      if (spec.kind === 'file') {
        source.file = new FileFollower(spec.path, (lines, backlog) => this.take(lines, name, backlog), this.options.sinceMs ? 'start' : this.backlogLines);
      } else {
        source.journal = new JournalFollower(spec.unit, { sinceMs: this.options.sinceMs ?? null, backlogLines: this.backlogLines });
        source.journal.start();
      }
      this.sources.set(key, source);
      this.sourceChanges++;
    }
  }

  private take(lines: readonly string[], origin: string, backlog: boolean): void {
    const now = this.options.now();
    const cutoff = this.options.sinceMs ? now - this.options.sinceMs : null;
    for (const raw of lines) {
      const line = apiEventLine(raw, now, origin) ?? parseLine(raw, now, origin);
      // A line with no time of its own (a traceback on stderr) is as old as the line before it:
      // read back --since, an earlier daemon life's traceback is not "now".
      const dated = line.shape !== 'raw' && line.shape !== 'short';
      if (dated) this.lastDated.set(origin, line.time);
      const t = dated ? line.time : (this.lastDated.get(origin) ?? line.time);
      if (cutoff === null || t >= cutoff) this.pipeline.push(line, !backlog);
    }
  }

  /** Reads every source once; returns an update when anything changed. */
  async poll(): Promise<LogsUpdate | null> {
    for (const source of this.sources.values()) {
      const before = `${source.status.state}${source.status.message}${JSON.stringify(source.status.lost)}`;
      if (source.file) {
        const status = await source.file.poll();
        source.status.state = status.state;
        source.status.message = status.message;
        const { lines, bytes, events, withoutCopy } = status.lost;
        source.status.lost = events > 0 || withoutCopy > 0 ? { lines, bytes, withoutCopy } : null;
      } else if (source.journal) {
        for (const record of source.journal.drain()) {
          const line = parseJournalRecord(record, source.status.name);
          // A backlog record (journalctl -n N) predates following: shown, not counted (--since history is).
          if (line) this.pipeline.push(line, !!this.options.sinceMs || line.time >= this.followedFrom);
        }
        source.status.state = source.journal.status.state;
        source.status.message = source.journal.status.message;
      }
      if (before !== `${source.status.state}${source.status.message}${JSON.stringify(source.status.lost)}`) this.sourceChanges++;
    }
    this.pipeline.closeIdle(this.options.now());
    const facts = this.pipeline.takeFacts();
    const seen = `${this.pipeline.revision}/${this.sourceChanges}`;
    if (seen === this.lastSeen && facts.length === 0) return null;
    this.lastSeen = seen;
    return {
      // Copies: the pipeline folds repeats into its entries in place.
      entries: this.pipeline.entries().map((e) => ({ ...e })),
      counters: this.pipeline.counters(),
      sources: [...this.sources.values()].map((s) => ({ ...s.status })),
      facts,
    };
  }

  async close(): Promise<void> {
    for (const source of this.sources.values()) {
      await source.file?.close();
      source.journal?.stop();
    }
    this.sources.clear();
  }
}
