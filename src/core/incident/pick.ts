// Which log entry an issue report is about: the one the person chose in the Logs tab, or, for
// `exatop incident`, the newest of the kind asked for (traceback first), optionally matching a regex.
import type { LogEntry } from '../logs/types.js';
import type { IncidentKind } from './evidence.js';

export function incidentKindOf(entry: Pick<LogEntry, 'class'>): IncidentKind | null {
  if (entry.class === 'traceback') return 'traceback';
  if (entry.class === 'notification') return 'notification';
  if (entry.class === 'session-down') return 'flap';
  return null;
}

export interface PickOptions {
  kind: IncidentKind | null;
  match: RegExp | null;
}

const ORDER: IncidentKind[] = ['traceback', 'notification', 'flap'];

/** The newest entry of the first kind (in ORDER, or the one asked for) that has one. */
export function pickEntry<T extends { class: LogEntry['class']; summary: string; last: number; lines?: readonly string[] }>(
  entries: readonly T[], options: PickOptions,
): T | null {
  for (const kind of options.kind ? [options.kind] : ORDER) {
    let best: T | null = null;
    for (const e of entries) {
      if (incidentKindOf(e) !== kind) continue;
      if (options.match && !options.match.test(`${e.summary}\n${(e.lines ?? []).join('\n')}`)) continue;
      if (!best || e.last >= best.last) best = e;
    }
    if (best) return best;
  }
  return null;
}
