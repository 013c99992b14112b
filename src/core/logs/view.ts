// What the log panel shows of the entries: filtered by level and by a regex, one line each.
import { ratePerSecond } from './pipeline.js';
import type { LogClass, LogEntry } from './types.js';

/** Classes shown when the panel is set to "errors only". */
export const TROUBLE_CLASSES: ReadonlySet<LogClass> = new Set(['traceback', 'error', 'warning', 'notification', 'session-down', 'config-error', 'api-rejected']);

export interface LogFilter {
  pattern: string;
  errorsOnly: boolean;
}

/** A case-insensitive regex from what the user typed; text that is no regex is matched literally. */
export function filterRegex(pattern: string): { regex: RegExp | null; error: string | null } {
  if (pattern === '') return { regex: null, error: null };
  try {
    return { regex: new RegExp(pattern, 'i'), error: null };
  } catch (error) {
    const literal = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
    return { regex: literal, error: `not a regex (${error instanceof Error ? error.message : String(error)}): matched as text` };
  }
}

export function visibleEntries(entries: readonly LogEntry[], filter: LogFilter): LogEntry[] {
  const { regex } = filterRegex(filter.pattern);
  return entries.filter((e) => (!filter.errorsOnly || TROUBLE_CLASSES.has(e.class)) && (!regex || regex.test(e.summary) || regex.test(e.source ?? '')));
}

const LABELS: Record<LogClass, string> = {
  traceback: 'TRACEBACK',
  error: 'ERROR',
  warning: 'WARN',
  notification: 'NOTIFY',
  'session-up': 'UP',
  'session-down': 'DOWN',
  'config-error': 'CONFIG',
  'api-command': 'API',
  'api-rejected': 'API-REJ',
  'connect-failed': 'NOCONN',
  startup: 'START',
  shutdown: 'STOP',
  statistics: 'STATS',
  info: 'info',
};

export function classLabel(c: LogClass): string {
  return LABELS[c];
}

function clock(t: number): string {
  return new Date(t).toISOString().slice(11, 19);
}

/**
 * `12:00:01 TRACEBACK ×412 7.0/s to 12:01:00  AttributeError: 'EOR' object has no attribute 'data'`.
 * The time is the first occurrence's, as the list is ordered: a fold keeps its place and says
 * until when it went on, so the times down the list never go back.
 */
export function entryLine(entry: LogEntry, showTime: boolean): string {
  const until = showTime && clock(entry.last) !== clock(entry.first) ? ` to ${clock(entry.last)}` : '';
  const repeat = entry.count > 1 ? ` ×${entry.count} ${ratePerSecond(entry).toFixed(1)}/s${until}` : '';
  return `${showTime ? `${clock(entry.first)} ` : ''}${classLabel(entry.class).padEnd(9)}${repeat}  ${entry.summary}`;
}

/** Plain text of entries for saving: tracebacks with their lines. */
export function entriesAsText(entries: readonly LogEntry[]): string {
  const out: string[] = [];
  for (const e of entries) {
    out.push(`${new Date(e.first).toISOString()} ${entryLine(e, false)}${e.count > 1 ? ` (last ${new Date(e.last).toISOString()})` : ''}`);
    for (const line of e.lines) out.push(`    ${line}`);
  }
  return `${out.join('\n')}\n`;
}
