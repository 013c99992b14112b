// The log entries an issue report is made from (tracebacks, NOTIFICATIONs, session drops), as
// recording events: the whole entry once, then its count as it grows (at most every 10 s per
// entry), so `exatop incident FILE` has the traceback's text, first/last seen and count.
import { signatureOf } from '../incident/signature.js';
import type { LogEntry } from '../logs/types.js';
import type { RecordedEvent, RecordedLogEntry } from './format.js';

export const INCIDENT_CLASSES: ReadonlySet<LogEntry['class']> = new Set(['traceback', 'notification', 'session-down']);
const MAX_LINES = 120;
const UPDATE_EVERY_MS = 10_000;


export class LogEventTracker {
  private written = new Map<number, { count: number; at: number }>();

  constructor(private readonly session: number) {}

  /** Events for entries that are new, or whose count grew (rate-limited unless `flush`). */
  events(entries: readonly LogEntry[], now: number, flush = false): RecordedEvent[] {
    const out: RecordedEvent[] = [];
    const present = new Set<number>();
    for (const entry of entries) {
      if (!INCIDENT_CLASSES.has(entry.class)) continue;
      present.add(entry.id);
      const seen = this.written.get(entry.id);
      if (seen && (seen.count === entry.count || (!flush && now - seen.at < UPDATE_EVERY_MS))) continue;
      const detail: RecordedLogEntry = {
        session: this.session, id: entry.id, class: entry.class, summary: entry.summary, first: entry.first, last: entry.last,
        count: entry.count, neighbor: entry.neighbor, signature: signatureOf(entry),
      };
      if (!seen) {
        detail.exception = entry.exception;
        detail.lines = entry.lines.length > MAX_LINES ? [...entry.lines.slice(0, MAX_LINES / 2), `… ${entry.lines.length - MAX_LINES} lines omitted …`, ...entry.lines.slice(-MAX_LINES / 2)] : entry.lines;
      }
      this.written.set(entry.id, { count: entry.count, at: now });
      out.push({ type: 'event', t: entry.last, kind: 'log', detail: { ...detail } });
    }
    for (const id of this.written.keys()) if (!present.has(id)) this.written.delete(id);
    return out;
  }
}
