// Log lines and the entries an operator sees: the same shapes for every ExaBGP line and source.

export type LogLevel = 'debug' | 'info' | 'warning' | 'error' | 'critical';

/** How a line was written, which decides how it is cut into fields. */
export type LineShape =
  | '4.2-stdout' // `HH:MM:SS | PID | source | message`
  | '4.2-file' // `Sun, 22 Nov 2026 22:36:12 PID source message`
  | 'short' // 5.0/6.0 stdout: `source          message`
  | 'long' // 5.0/6.0 with exabgp_log_short=false, or 5.0's file: `HH:MM:SS PID source message`
  | 'syslog'
  | 'journal' // a `journalctl -o json` record
  | 'raw'; // not recognised: kept whole, never dropped

export interface LogLine {
  /** Epoch ms: from the line when it carries a full date, else when exatop read it. */
  time: number;
  pid: number | null;
  source: string | null;
  level: LogLevel | null;
  /** ANSI codes stripped. */
  message: string;
  /** 6.0 `event.name key=value …` messages: the event name and its fields. */
  event: { name: string; fields: Record<string, string> } | null;
  shape: LineShape;
  /** Which source it came from (file path, journal unit, lab child). */
  origin: string;
}

export type LogClass =
  | 'traceback'
  | 'error'
  | 'warning'
  | 'notification'
  | 'session-up'
  | 'session-down'
  | 'config-error'
  | 'api-command'
  | 'api-rejected'
  | 'connect-failed' // an attempt to reach a peer that does not answer (6.0 DEBUG `connection.failed`)
  | 'startup'
  | 'shutdown'
  | 'statistics'
  | 'info';

/** One thing that happened, as the log panel shows it: a line, a whole traceback, or a fold of repeats. */
export interface LogEntry {
  /** Increasing, unique within one pipeline. */
  id: number;
  class: LogClass;
  /** Epoch ms of the first and the last occurrence. */
  first: number;
  last: number;
  /** Occurrences folded into this entry (1 for a single line). */
  count: number;
  /** One line to show: for a traceback `ExceptionType: message`. */
  summary: string;
  level: LogLevel | null;
  source: string | null;
  pid: number | null;
  origin: string;
  /** A traceback's or banner's own lines (bounded), for the expanded view. */
  lines: string[];
  exception: { type: string; message: string; origin: string | null } | null;
  /** Neighbor address the entry is about, when the line names one. */
  neighbor: string | null;
}

export interface LogCounters {
  lines: number;
  errors: number;
  warnings: number;
  tracebacks: number;
  notifications: number;
  sessionsUp: number;
  sessionsDown: number;
  apiCommands: number;
  apiRejected: number;
  configErrors: number;
  /** Failed connection attempts to peers (not errors: ExaBGP retries them every second or so). */
  connectFailures: number;
  lastError: { time: number; message: string } | null;
}

/** A fact from the log the neighbor table uses: a session down, a NOTIFICATION, a down counter. */
export type NeighborFact =
  /** `flap`: a drop no other source had reported already, told by a line written after exatop
   *  followed the source: `after-up` when the source had told the session up (a flap, however
   *  soon it came back), `first-seen` when it is the first the source tells of this neighbor (a
   *  flap if the session was up: the neighbor table knows from its last poll). */
  | { kind: 'down'; address: string; time: number; reason: string | null; flap?: 'after-up' | 'first-seen' }
  | { kind: 'notification'; address: string | null; time: number; direction: 'sent' | 'received' | null; text: string }
  | { kind: 'down-counter'; address: string | null; time: number; counter: number };
