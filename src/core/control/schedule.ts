// Which answer a tick asks for (README "Polling schedule"): the small one (`show neighbor
// summary`, 6.0 `peer list`) each tick, the full one (`show neighbor extensive`/`json`, `peer
// show`) every FULL_EVERY_TICKS ticks, every tick while the details view is open, and at the next
// tick whenever the small one showed a change or a configured peer is not known yet.
import type { NeighborRow } from '../model/neighbors.js';
import type { Summary } from './parse-summary.js';

/**
 * One full answer in this many ticks when nothing changes. At 100 neighbors on 4.2.21 the full
 * answer is 177 kB and 58 ms of the daemon's CPU, the summary 7 kB and 3 ms (bench/schedule.js,
 * README "Polling schedule"): at 10 the daemon spends 8.7 ms/s instead of 58; 10 keeps the fields only the full answer has (message totals,
 * capabilities, hold times) at most 10 s old at the default interval, and any change is fetched
 * at the next tick anyway.
 */
export const FULL_EVERY_TICKS = 10;

export interface ScheduleState {
  /** The dialect has a small answer (every dialect exatop knows today). */
  hasSummary: boolean;
  /** The tick of the last full answer that parsed; null before the first. */
  lastFullTick: number | null;
  /** The last small answer showed a change (or failed): ask the full one now. */
  fullDue: boolean;
  /** The details view of a neighbor is open: it shows fields only the full answer has. */
  wantFull: boolean;
  fullEvery: number;
}

export type NextQuery = 'summary' | 'full';

export function nextQuery(state: ScheduleState, tick: number): NextQuery {
  if (!state.hasSummary || state.lastFullTick === null || state.fullDue || state.wantFull) return 'full';
  return tick - state.lastFullTick >= state.fullEvery ? 'full' : 'summary';
}

/**
 * Why a small answer calls for the full one, or null when it shows nothing new: a peer it lists
 * that no row knows, a known peer that went up or down, an established peer it no longer lists, an
 * up/down time or an UPDATE counter that went back (the session reset between two polls), or a
 * configured peer that no row knows.
 */
export function summaryChange(rows: readonly NeighborRow[], summary: Summary, configured: readonly string[] = []): string | null {
  const byAddress = new Map(rows.map((r) => [r.address, r]));
  const listed = new Set<string>();
  for (const peer of summary.peers) {
    listed.add(peer.address);
    const row = byAddress.get(peer.address);
    if (!row) return `new peer ${peer.address}`;
    // a peer that is down moves between IDLE, ACTIVE and CONNECT as it retries: no news
    if ((peer.fsm === 'ESTABLISHED') !== row.established) return `${peer.address} ${row.fsm} → ${peer.fsm}`;
    const before = row.report;
    if (peer.durationS !== null && before.durationS !== null && row.established && peer.durationS < before.durationS) return `${peer.address} up/down went back`;
    const sent = before.messages.sent.update;
    const received = before.messages.received.update;
    if (peer.updates && ((sent !== null && peer.updates.sent < sent) || (received !== null && peer.updates.received < received))) return `${peer.address} UPDATE counters reset`;
  }
  for (const row of rows) if (!listed.has(row.address) && (row.established || summary.listsDown)) return `${row.address} no longer listed`;
  for (const address of configured) if (!byAddress.has(address)) return `configured peer ${address} not known yet`;
  return null;
}
