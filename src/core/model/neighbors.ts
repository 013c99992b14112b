// Facts the daemon does not give, derived across polls: how long a session has been up or
// down, how often it flapped, the last error seen, and message rates from counter deltas.
import type { MessageCounters, NeighborReport } from './control.js';
import type { Summary, SummaryReport } from '../control/parse-summary.js';

export interface Rates {
  messagesIn: number;
  messagesOut: number;
  updatesIn: number;
  updatesOut: number;
}

export interface NeighborRow {
  address: string;
  description: string | null;
  peerAs: number | null;
  localAs: number | null;
  fsm: NeighborReport['fsm'];
  established: boolean;
  /** Epoch ms the current state began. For a peer already down when exatop first saw it, the
   * time of that first sight, with `sinceExact` false: it has been down at least that long. */
  since: number | null;
  sinceExact: boolean;
  /** Where `since` came from: the polls, the log or API stream, the daemon's own start, or not known
   * (null since: down before exatop attached, and nothing says since when). */
  sinceFrom: SinceSource;
  /** Flaps in this daemon life (the daemon's counters and sessions restart with it): the most
   *  that the polls or the log and API stream saw (`pollFlaps`, `PollContext.logFlaps`). */
  flaps: number;
  /** Flaps the polls saw: ESTABLISHED then not, or counters that restarted between two polls. */
  pollFlaps: number;
  /** Flaps over every life exatop followed. */
  flapsTotal: number;
  lastError: { t: number; message: string } | null;
  rates: Rates | null;
  report: NeighborReport;
  /** Epoch ms of the poll this row comes from. */
  seenAt: number;
  /** When the report's counters were last read: message totals come with full answers only, UPDATE
   *  counters with 4.2/5.0 summaries too (a rate divides by the time since its own counter). */
  countersAt?: { totals: number; updates: number };
}

/** What a poll's reports carry: every counter (a full answer), UPDATE counters only (a text
 *  summary merged into the last full answer), or no counter (6.0 `peer list`). */
export type PollCounters = 'all' | 'updates' | 'none';

export type SinceSource = 'poll' | 'log' | 'daemon-start' | 'unknown';

/** What is known from outside the polls when a neighbor is first seen. */
export interface PollContext {
  /** The last time the log or the API stream said a session went down, by address (this life only). */
  lastDown?: Readonly<Record<string, number>>;
  /** Start of the daemon life when exatop saw it begin (it was watching before): a neighbor first
   * seen down has been down since then, unless the log says later. Null when exatop came later. */
  witnessedStart?: number | null;
  /** Flaps of earlier lives, by address. */
  flapsBefore?: Readonly<Record<string, number>>;
  /** This life's flaps the log or API stream told (a session seen up, then its down line), by address. */
  logFlaps?: Readonly<Record<string, number>>;
  /** The last error the log or API stream told (a NOTIFICATION, a down reason), by address. */
  lastError?: Readonly<Record<string, { t: number; message: string }>>;
}

/** How an operator reads `since` of a row that is not up. */
export function sinceText(row: Pick<NeighborRow, 'since' | 'sinceFrom'>): string | null {
  if (row.sinceFrom === 'unknown') return 'down before exatop attached';
  if (row.sinceFrom === 'daemon-start') return 'down since the daemon started';
  if (row.sinceFrom === 'log') return 'down since the log says';
  return null;
}

export type NeighborEvent =
  | { type: 'up'; address: string; t: number }
  | { type: 'down'; address: string; t: number; fsm: string }
  | { type: 'reset'; address: string; t: number }
  | { type: 'notification'; address: string; t: number; direction: 'sent' | 'received'; count: number };

const total = (c: MessageCounters): number | null => c.total;

function counterWentBack(prev: NeighborReport, next: NeighborReport): boolean {
  const pairs: [number | null, number | null][] = [
    [total(prev.messages.received), total(next.messages.received)],
    [total(prev.messages.sent), total(next.messages.sent)],
    [prev.messages.received.open, next.messages.received.open],
    [prev.messages.received.update, next.messages.received.update],
    [prev.messages.sent.update, next.messages.sent.update],
  ];
  return pairs.some(([a, b]) => a !== null && b !== null && b < a);
}

function rate(prev: number | null, next: number | null, seconds: number): number {
  return prev === null || next === null || next < prev ? 0 : (next - prev) / seconds;
}

/** Rates from each counter's own last reading; what this poll does not carry keeps its last rate. */
function ratesBetween(prevRow: NeighborRow, next: NeighborReport, t: number, counters: PollCounters): Rates | null {
  if (counters === 'none') return prevRow.rates;
  const prev = prevRow.report;
  const at = countersAtOf(prevRow);
  const totals = (t - at.totals) / 1000;
  const updates = (t - at.updates) / 1000;
  if (updates <= 0 || (counters === 'all' && totals <= 0)) return null;
  return {
    messagesIn: counters === 'all' ? rate(prev.messages.received.total, next.messages.received.total, totals) : (prevRow.rates?.messagesIn ?? 0),
    messagesOut: counters === 'all' ? rate(prev.messages.sent.total, next.messages.sent.total, totals) : (prevRow.rates?.messagesOut ?? 0),
    updatesIn: rate(prev.messages.received.update, next.messages.received.update, updates),
    updatesOut: rate(prev.messages.sent.update, next.messages.sent.update, updates),
  };
}

function countersAtOf(row: NeighborRow): { totals: number; updates: number } {
  return row.countersAt ?? { totals: row.seenAt, updates: row.seenAt };
}

function countersAfter(prevRow: NeighborRow, t: number, counters: PollCounters): { totals: number; updates: number } {
  const at = countersAtOf(prevRow);
  if (counters === 'all') return { totals: t, updates: t };
  return counters === 'updates' ? { totals: at.totals, updates: t } : at;
}

const NO_COUNTERS: MessageCounters = { open: null, notification: null, keepalive: null, update: null, refresh: null, total: null };

/** A peer first met in a small answer: what it says, the rest unknown until the full answer. */
function reportFromSummary(peer: SummaryReport): NeighborReport {
  return {
    address: peer.address, localAddress: null, peerAs: peer.peerAs, localAs: null, peerId: null, localId: null, description: null,
    fsm: peer.fsm, durationS: peer.durationS, holdTime: { local: null, remote: null },
    messages: { sent: { ...NO_COUNTERS, update: peer.updates?.sent ?? null }, received: { ...NO_COUNTERS, update: peer.updates?.received ?? null } },
    prefixes: null, capabilities: [], families: [],
  };
}

/**
 * The last full reports with what a small answer says on top: states, up/down time and UPDATE
 * counters where it carries them; everything else as the last full answer gave it. No peer is
 * dropped: a peer a 4.2 summary leaves out is not established (its state is UNKNOWN until the next
 * full answer), one a 5.0/6.0 summary leaves out keeps its report. When the UPDATE counters went
 * back the session restarted: the counters the summary does not carry are no longer this
 * session's and become unknown (so the next full answer does not count the same reset again).
 */
export function mergeSummary(reports: readonly NeighborReport[], summary: Summary): NeighborReport[] {
  const listed = new Map(summary.peers.map((p) => [p.address, p]));
  const merged = reports.map((report): NeighborReport => {
    const peer = listed.get(report.address);
    listed.delete(report.address);
    if (!peer) return !summary.listsDown && report.fsm === 'ESTABLISHED' ? { ...report, fsm: 'UNKNOWN', durationS: null } : report;
    const changed = peer.fsm !== report.fsm;
    const durationS = peer.durationS ?? (changed ? null : report.durationS);
    if (!peer.updates) return { ...report, fsm: peer.fsm, durationS, peerAs: peer.peerAs ?? report.peerAs };
    const { sent, received } = report.messages;
    const reset = (sent.update !== null && peer.updates.sent < sent.update) || (received.update !== null && peer.updates.received < received.update);
    const base = (c: MessageCounters): MessageCounters => (reset ? NO_COUNTERS : c);
    return {
      ...report,
      fsm: peer.fsm,
      durationS,
      peerAs: peer.peerAs ?? report.peerAs,
      messages: { sent: { ...base(sent), update: peer.updates.sent }, received: { ...base(received), update: peer.updates.received } },
    };
  });
  return [...merged, ...[...listed.values()].map(reportFromSummary)];
}

function downSince(address: string, t: number, context: PollContext): Pick<NeighborRow, 'since' | 'sinceExact' | 'sinceFrom'> {
  const logged = context.lastDown?.[address];
  const start = context.witnessedStart ?? null;
  if (logged !== undefined && logged <= t) return { since: logged, sinceExact: true, sinceFrom: 'log' };
  if (start !== null && start <= t) return { since: start, sinceExact: true, sinceFrom: 'daemon-start' };
  return { since: null, sinceExact: false, sinceFrom: 'unknown' };
}

function firstSight(report: NeighborReport, t: number, description: string | null, context: PollContext): NeighborRow {
  const established = report.fsm === 'ESTABLISHED';
  const duration = established && report.durationS !== null ? report.durationS * 1000 : null;
  const since = established
    ? { since: duration !== null ? t - duration : t, sinceExact: duration !== null, sinceFrom: 'poll' as const }
    : downSince(report.address, t, context);
  const before = context.flapsBefore?.[report.address] ?? 0;
  const logged = context.logFlaps?.[report.address] ?? 0;
  return {
    address: report.address,
    description: report.description ?? description,
    peerAs: report.peerAs,
    localAs: report.localAs,
    fsm: report.fsm,
    established,
    ...since,
    flaps: logged,
    pollFlaps: 0,
    flapsTotal: before + logged,
    lastError: context.lastError?.[report.address] ?? null,
    rates: null,
    report,
    seenAt: t,
    countersAt: { totals: t, updates: t },
  };
}

/**
 * Applies one poll's reports; rows of neighbors no longer reported are dropped. `counters` says
 * which counters the reports carry fresh (a summary merged by mergeSummary carries some only).
 */
export function applyNeighborPoll(
  rows: readonly NeighborRow[],
  reports: readonly NeighborReport[],
  t: number,
  descriptions: Readonly<Record<string, string>> = {},
  context: PollContext = {},
  counters: PollCounters = 'all',
): { rows: NeighborRow[]; events: NeighborEvent[] } {
  const previous = new Map(rows.map((r) => [r.address, r]));
  const events: NeighborEvent[] = [];
  const next = reports.map((report): NeighborRow => {
    const prev = previous.get(report.address);
    const description = descriptions[report.address] ?? null;
    if (!prev) return firstSight(report, t, description, context);
    const established = report.fsm === 'ESTABLISHED';
    const row: NeighborRow = {
      ...prev,
      description: report.description ?? prev.description ?? description,
      peerAs: report.peerAs ?? prev.peerAs,
      localAs: report.localAs ?? prev.localAs,
      fsm: report.fsm,
      established,
      rates: null,
      report,
      seenAt: t,
      countersAt: countersAfter(prev, t, counters),
    };
    for (const direction of ['sent', 'received'] as const) {
      const before = prev.report.messages[direction].notification;
      const now = report.messages[direction].notification;
      if (before !== null && now !== null && now > before) {
        row.lastError = { t, message: `NOTIFICATION ${direction} (counter ${before} → ${now})` };
        events.push({ type: 'notification', address: report.address, t, direction, count: now - before });
      }
    }
    if (prev.established && !established) {
      row.pollFlaps = prev.pollFlaps + 1;
      row.since = t;
      row.sinceExact = true;
      row.sinceFrom = 'poll';
      events.push({ type: 'down', address: report.address, t, fsm: report.fsm });
    } else if (!prev.established && established) {
      row.since = report.durationS !== null ? Math.max(prev.seenAt, t - report.durationS * 1000) : t;
      row.sinceExact = true;
      row.sinceFrom = 'poll';
      events.push({ type: 'up', address: report.address, t });
    } else if (established && counterWentBack(prev.report, report)) {
      // Down and up again between two polls: the counters restarted from zero. Just after a
      // reset the daemon may still report the old session's duration: never before that poll.
      row.pollFlaps = prev.pollFlaps + 1;
      row.since = report.durationS !== null ? Math.max(prev.seenAt, t - report.durationS * 1000) : t;
      row.sinceExact = true;
      row.sinceFrom = 'poll';
      events.push({ type: 'reset', address: report.address, t });
    } else if (established) {
      row.rates = ratesBetween(prev, report, t, counters);
    }
    return withFlaps(row, Math.max(row.pollFlaps, context.logFlaps?.[report.address] ?? 0));
  });
  return { rows: next, events };
}

/**
 * The log (or API stream) says when a session went down: a row that is down and does not know
 * since when better (first seen down, before the polls saw it go) takes that time.
 */
export function noteNeighborDown(rows: readonly NeighborRow[], address: string, t: number): NeighborRow[] {
  return rows.map((r) => (r.address === address && !r.established && r.sinceFrom !== 'poll' && t <= r.seenAt && (r.since === null || t > r.since)
    ? { ...r, since: t, sinceExact: true, sinceFrom: 'log' }
    : r));
}

/** The row with `flaps` this life (never fewer than it had), the total moving with it. */
function withFlaps(row: NeighborRow, flaps: number): NeighborRow {
  if (flaps <= row.flaps) return row;
  return { ...row, flaps, flapsTotal: row.flapsTotal + (flaps - row.flaps) };
}

/**
 * Flaps the log or API stream told (this life, by address): a session that went down and came
 * back between two polls is counted, however fast. The polls' own count stands where it is more.
 */
export function noteNeighborFlaps(rows: readonly NeighborRow[], logFlaps: Readonly<Record<string, number>>): NeighborRow[] {
  return rows.map((r) => withFlaps(r, logFlaps[r.address] ?? 0));
}

/** A flap or error learnt from elsewhere (the log), applied to the row it names. */
export function noteNeighborError(rows: readonly NeighborRow[], address: string, t: number, message: string): NeighborRow[] {
  return rows.map((r) => (r.address === address ? { ...r, lastError: { t, message } } : r));
}

export function establishedCount(rows: readonly NeighborRow[]): { established: number; total: number } {
  return { established: rows.filter((r) => r.established).length, total: rows.length };
}

export type SortKey = 'address' | 'state' | 'since' | 'flaps' | 'peer-as';
export const SORT_KEYS: readonly SortKey[] = ['address', 'state', 'since', 'flaps', 'peer-as'];

function addressKey(address: string): string {
  return address.includes(':') ? address : address.split('.').map((p) => p.padStart(3, '0')).join('.');
}

export function sortRows(rows: readonly NeighborRow[], key: SortKey, reverse = false): NeighborRow[] {
  const byAddress = (a: NeighborRow, b: NeighborRow) => addressKey(a.address).localeCompare(addressKey(b.address));
  const compare: Record<SortKey, (a: NeighborRow, b: NeighborRow) => number> = {
    address: byAddress,
    // Trouble first: not established before established.
    state: (a, b) => Number(a.established) - Number(b.established) || a.fsm.localeCompare(b.fsm) || byAddress(a, b),
    since: (a, b) => (b.since ?? 0) - (a.since ?? 0) || byAddress(a, b),
    flaps: (a, b) => b.flaps - a.flaps || byAddress(a, b),
    'peer-as': (a, b) => (a.peerAs ?? 0) - (b.peerAs ?? 0) || byAddress(a, b),
  };
  const order = compare[key];
  return [...rows].sort(reverse ? (a, b) => order(b, a) : order);
}

/**
 * Case-insensitive substring match over address, description, AS, state and last error;
 * `!TEXT` keeps the rows where TEXT is in none of them (`!ESTABLISHED`: every session not up).
 */
export function filterRows(rows: readonly NeighborRow[], text: string): NeighborRow[] {
  const trimmed = text.trim();
  const negated = trimmed.startsWith('!');
  const needle = (negated ? trimmed.slice(1).trim() : trimmed).toLowerCase();
  if (needle === '') return [...rows];
  const matches = (r: NeighborRow) =>
    [r.address, r.description ?? '', String(r.peerAs ?? ''), r.fsm, r.lastError?.message ?? ''].some((field) => field.toLowerCase().includes(needle));
  return rows.filter((r) => matches(r) !== negated);
}

export function notEstablished(rows: readonly NeighborRow[]): NeighborRow[] {
  return rows.filter((r) => !r.established);
}
