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
  /** Files: bytes read of the current file, bytes there and not read yet, and (--since) lines of
   *  its history that carry no time and follow no dated line inside the window: not counted. */
  read: { bytes: number; unreadBytes: number; undatedLines: number } | null;
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

interface PendingLines {
  lines: readonly string[];
  origin: string;
  backlog: boolean;
  /** Read back --since (a file from its start), not as written. */
  history: boolean;
  /** When they were read: the time of a line that has none of its own. */
  at: number;
}

export interface LogMonitorOptions {
  now: () => number;
  /** --since: read history back this far (ms): files from their start, the journal with --since. */
  sinceMs?: number | null;
  /** Without --since: the last lines of each source shown when it is first followed (tail -n), not counted. */
  backlogLines?: number;
  maxEntries?: number;
  /** With sinceMs: each poll reads what files hold to their end (in bounded reads), however long
   *  they are, instead of MAX_READ_PER_POLL at most (snapshot, which polls only twice). */
  readToEnd?: boolean;
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
  private readonly undated = new Map<string, number>();
  /** Lines read since the last poll(), not yet in the pipeline. */
  private readonly pending: PendingLines[] = [];
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
      const status: LogSourceStatus = { kind: spec.kind, name, how: spec.how, state: 'following', message: null, lost: null, read: null };
      const source: Source = { spec, status };
      if (spec.kind === 'file') {
        source.file = new FileFollower(spec.path, (lines, backlog, history) => this.take(lines, name, backlog, history), this.options.sinceMs ? 'start' : this.backlogLines);
      } else {
        source.journal = new JournalFollower(spec.unit, { sinceMs: this.options.sinceMs ?? null, backlogLines: this.backlogLines });
        source.journal.start();
      }
      this.sources.set(key, source);
      this.sourceChanges++;
    }
  }

  /**
   * Lines as a follower reads them: at a poll, or between polls when its watch wakes it. They
   * reach the pipeline at the next poll(), so that a daemon life's end, seen by the monitor's
   * tick, comes between the lines the old life wrote before it and the successor's (5.0's lines
   * carry neither a time nor a pid): read at wake-up, the successor's startup lines used to fold
   * into the old life's entries before the tick had seen the restart.
   */
  private take(lines: readonly string[], origin: string, backlog: boolean, history: boolean): void {
    this.pending.push({ lines, origin, backlog, history, at: this.options.now() });
  }

  private flushPending(): void {
    for (const batch of this.pending.splice(0)) this.push(batch);
  }

  private push({ lines, origin, backlog, history, at: now }: PendingLines): void {
    const cutoff = this.options.sinceMs ? now - this.options.sinceMs : null;
    for (const raw of lines) {
      const event = apiEventLine(raw, now, origin);
      const line = event ?? parseLine(raw, now, origin);
      // Its own time: a date or a time of day in the line, an API event's `time`.
      const dated = event ? event.time !== now : line.shape !== 'raw' && line.shape !== 'short';
      if (dated) this.lastDated.set(origin, line.time);
      if (cutoff === null || !history) {
        // Read as it was written: its time is when it was read.
        this.pipeline.push(line, !backlog);
        continue;
      }
      // History read back --since. A line with no time of its own (6.0's and 5.0's short format,
      // a traceback on stderr) was written after the dated line before it in the file: inside the
      // window when that one is. With none before it, or one before the window, nothing says when
      // it was written: never counted as inside the window (`undated`). A file with no date at
      // all is still shown, as the last lines on open are (entries, not counted, no neighbor
      // fact): the Logs tab and verify (which reads such a log whole) see it.
      const t = dated ? line.time : this.lastDated.get(origin);
      if (t !== undefined && t >= cutoff) this.pipeline.push(line, true);
      else if (!dated) {
        this.undated.set(origin, (this.undated.get(origin) ?? 0) + 1);
        // (after a dated line before the window, it belongs to that older part: not shown)
        if (t === undefined) this.pipeline.push(line, false, false);
      }
    }
  }

  /** Reads every source once; returns an update when anything changed. */
  async poll(): Promise<LogsUpdate | null> {
    for (const source of this.sources.values()) {
      const before = `${source.status.state}${source.status.message}${JSON.stringify(source.status.lost)}${JSON.stringify(source.status.read)}`;
      if (source.file) {
        let status = await source.file.poll();
        // --since in one go: read on to what the file held at the first read (a writer faster
        // than the reading does not keep it going), a bounded read at a time.
        const target = status.size;
        while (this.options.readToEnd && this.options.sinceMs && status.state === 'following' && status.position < target) {
          const before = status.position;
          status = await source.file.poll();
          if (status.position <= before) break;
        }
        // what was read (this poll, and at wake-ups since the last) is grouped now, before the
        // source's counts are told
        this.flushPending();
        source.status.state = status.state;
        source.status.message = status.message;
        const { lines, bytes, events, withoutCopy } = status.lost;
        source.status.lost = events > 0 || withoutCopy > 0 ? { lines, bytes, withoutCopy } : null;
        source.status.read = { bytes: status.position, unreadBytes: Math.max(0, status.size - status.position), undatedLines: this.undated.get(source.status.name) ?? 0 };
      } else if (source.journal) {
        for (const record of source.journal.drain()) {
          const line = parseJournalRecord(record, source.status.name);
          // A backlog record (journalctl -n N) predates following: shown, not counted (--since history is).
          if (line) this.pipeline.push(line, !!this.options.sinceMs || line.time >= this.followedFrom);
        }
        source.status.state = source.journal.status.state;
        source.status.message = source.journal.status.message;
      }
      if (before !== `${source.status.state}${source.status.message}${JSON.stringify(source.status.lost)}${JSON.stringify(source.status.read)}`) this.sourceChanges++;
    }
    this.flushPending();
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
