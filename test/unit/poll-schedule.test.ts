// The polling schedule (README "Polling schedule"): the small answers of real daemons parsed
// (4.2.21 and 5.0.15 `show neighbor summary`, 6.0-dev `peer list` and its API-v4 summary), merged
// into the rows of the last full answer without losing what only the full answer carries, and the
// pure decision of what each tick asks.
import { describe, expect, it } from 'vitest';
import { answer, fixture, neighborReports, ok } from '../support/fixtures.js';
import { ControlClient, type ControlPoll } from '../../src/core/control/client.js';
import { socketModeNote, socketMultiClient } from '../../src/core/control/commands.js';
import { parseExtensive } from '../../src/core/control/parse-extensive.js';
import { parsePeerList, parseSummaryTable, type Summary } from '../../src/core/control/parse-summary.js';
import { FULL_EVERY_TICKS, nextQuery, summaryChange, type ScheduleState } from '../../src/core/control/schedule.js';
import type { QueryOutcome, Transport } from '../../src/core/control/transport.js';
import { parseEnviron } from '../../src/core/daemon/proc-parse.js';
import type { NeighborReport } from '../../src/core/model/control.js';
import { initialState, reduce, type MonitorState } from '../../src/core/model/state.js';

const summary42 = (name: string) => ok(parseSummaryTable(answer(`v4.2/pipe-show-neighbor-summary-${name}.txt`), false));
const summary50 = (name: string) => ok(parseSummaryTable(answer(`v5.0.15/pipe-show-neighbor-summary-${name}.txt`), true));
const extensive42 = (name: string) => ok(parseExtensive(answer(`v4.2/pipe-show-neighbor-extensive-${name}.txt`)));
const rowsOf = (s: Summary) => s.peers.map((p) => [p.address, p.peerAs, p.fsm, p.durationS, p.updates?.sent ?? null, p.updates?.received ?? null]);

describe('small answers of real daemons', () => {
  it('4.2.21 `show neighbor summary` lists the established peers only, with UPDATE counts', () => {
    expect(rowsOf(summary42('3peer-up'))).toEqual([
      ['127.0.1.3', 65003, 'ESTABLISHED', 4, 1, 0],
      ['127.0.1.2', 65002, 'ESTABLISHED', 4, 1, 1],
    ]);
    // GoBGP killed: it is left out, not listed down (the ghost never was)
    expect(rowsOf(summary42('gobgp-killed'))).toEqual([['127.0.1.2', 65002, 'ESTABLISHED', 8, 1, 1]]);
    expect(summary42('gobgp-killed').listsDown).toBe(false);
  });

  it('5.0.15 lists every peer, down ones with `down idle`; UPDATE counts match its JSON answer', () => {
    const small = summary50('3peer-up');
    expect(rowsOf(small)).toEqual([
      ['127.0.1.2', 65002, 'ESTABLISHED', 4, 1, 1],
      ['127.0.1.3', 65003, 'ESTABLISHED', 4, 1, 0],
      ['127.0.1.4', 65004, 'IDLE', null, 0, 0],
    ]);
    const full = neighborReports('v5.0.15/pipe-show-neighbor-json-3peer-up.txt');
    for (const peer of small.peers) {
      const report = full.find((n) => n.address === peer.address)!;
      expect([peer.updates?.sent, peer.updates?.received], peer.address).toEqual([report.messages.sent.update, report.messages.received.update]);
    }
    expect(rowsOf(summary50('gobgp-killed')).map((r) => r[2])).toEqual(['ESTABLISHED', 'IDLE', 'IDLE']);
  });

  it('6.0-dev on API v4: the summary has a #pfx_in column and lists down peers', () => {
    const small = ok(parseSummaryTable(answer('v6.0-dev-socket-2026-12/api4-socket-show-neighbor-summary.raw'), true));
    expect(rowsOf(small)).toEqual([
      ['127.0.160.2', 65002, 'ESTABLISHED', 33, 1, 1],
      ['127.0.160.6', 65006, 'ESTABLISHED', 54, 1, 0],
      ['127.0.160.3', 65003, 'ESTABLISHED', 51, 1, 0],
      ['127.0.160.4', 65004, 'IDLE', null, 0, 0],
    ]);
  });

  it('6.0-dev `peer list`: address, AS and state of every peer, no counter; a fraction of `peer show`', () => {
    const list = ok(parsePeerList(answer('v6.0-dev-socket-2026-12/3est-socket-peer-list.raw')));
    expect(rowsOf(list)).toEqual([
      ['127.0.160.2', 65002, 'ESTABLISHED', null, null, null],
      ['127.0.160.6', 65006, 'ESTABLISHED', null, null, null],
      ['127.0.160.3', 65003, 'ESTABLISHED', null, null, null],
      ['127.0.160.4', 65004, 'IDLE', null, null, null],
    ]);
    expect(fixture('v6.0-dev-socket-2026-12/3est-socket-peer-list.raw').length * 10).toBeLessThan(fixture('v6.0-dev-socket-2026-12/3est-socket-peer-show.raw').length);
    expect(rowsOf(ok(parsePeerList(answer('v6.0-dev/gobgp-killed-socket-peer-list.raw')))).map((r) => r[2])).toEqual(['ESTABLISHED', 'IDLE', 'IDLE']);
  });

  it('refuses what is not a summary: an extensive answer, a cut row, a peer list that is not JSON', () => {
    expect(parseSummaryTable(answer('v4.2/pipe-show-neighbor-extensive-3peer-up.txt'), false)).toMatchObject({ ok: false, error: expect.stringContaining('no summary header') });
    const text = answer('v5.0.15/pipe-show-neighbor-summary-3peer-up.txt');
    expect(parseSummaryTable(text.slice(0, text.lastIndexOf(' ')), true).ok).toBe(false);
    expect(parsePeerList(answer('v4.2/pipe-show-neighbor-summary-3peer-up.txt')).ok).toBe(false);
  });

  it('reads longer up/down times (Python timedelta) and an unknown AS', () => {
    const header = answer('v4.2/pipe-show-neighbor-summary-3peer-up.txt').split('\n')[0];
    const text = `${header}\n127.0.1.2       n/a       1 day, 2:03:04 established      12         34\n`;
    expect(rowsOf(ok(parseSummaryTable(text, false)))).toEqual([['127.0.1.2', null, 'ESTABLISHED', 93784, 12, 34]]);
  });
});

/** A transport answering from a table of raw daemon bytes, recording what it was asked. */
class Answers implements Transport {
  readonly asked: string[] = [];
  constructor(readonly kind: 'pipe' | 'socket', private readonly answers: Record<string, string>) {}
  readonly path = '/fixture';
  async query(command: string): Promise<QueryOutcome> {
    this.asked.push(command);
    return { ok: true, raw: this.answers[command]!, latencyMs: 1 };
  }
  close(): void {}
}

describe('ControlClient.pollSummary', () => {
  it('asks each dialect its small answer and returns it as a summary poll', async () => {
    const cases = [
      ['4.2', 'show neighbor summary', fixture('v4.2/pipe-show-neighbor-summary-3peer-up.txt'), 2],
      ['5.0', 'show neighbor summary', fixture('v5.0.15/pipe-show-neighbor-summary-3peer-up.txt'), 3],
      ['6.0', 'peer list', fixture('v6.0-dev-socket-2026-12/3est-socket-peer-list.raw'), 4],
      ['6.0-api4', 'show neighbor summary', fixture('v6.0-dev-socket-2026-12/api4-socket-show-neighbor-summary.raw'), 4],
    ] as const;
    for (const [dialect, command, raw, peers] of cases) {
      const transport = new Answers(dialect.startsWith('6') ? 'socket' : 'pipe', { [command]: raw });
      const poll = await new ControlClient(transport, dialect).pollSummary(() => 1000);
      expect(transport.asked, dialect).toEqual([command]);
      expect(poll, dialect).toMatchObject({ ok: true, kind: 'summary', neighbors: null, bytes: raw.length, summary: { listsDown: dialect !== '4.2' } });
      expect(poll.summary!.peers, dialect).toHaveLength(peers);
    }
  });
});

// Polls as the reducer gets them, at given times.
const full = (t: number, neighbors: NeighborReport[]): ControlPoll => ({ t, transport: 'pipe', path: '/p', latencyMs: 1, ok: true, timedOut: false, error: null, raw: null, neighbors, status: null, kind: 'full' });
const small = (t: number, summary: Summary): ControlPoll => ({ ...full(t, []), neighbors: null, summary, kind: 'summary' });
const apply = (state: MonitorState, ...polls: ControlPoll[]) => polls.reduce((s, poll) => reduce(s, { type: 'control-poll', poll }), state);
const row = (state: MonitorState, address: string) => state.neighbors.find((n) => n.address === address)!;
/** The summary with one peer's UPDATE counters moved by (sent, received). */
function bumped(s: Summary, address: string, sent: number, received: number): Summary {
  return { ...s, peers: s.peers.map((p) => (p.address === address && p.updates ? { ...p, updates: { sent: p.updates.sent + sent, received: p.updates.received + received } } : p)) };
}

describe('a summary poll merged into the last full answer', () => {
  const T0 = 1_795_000_000_000;

  it('4.2: a peer the summary leaves out is kept; an established one it leaves out is down from that poll', () => {
    const before = apply(initialState(), full(T0, extensive42('3peer-up')));
    const after = apply(before, small(T0 + 1000, summary42('gobgp-killed')));
    expect(after.neighbors.map((n) => [n.address, n.established])).toEqual([['127.0.1.2', true], ['127.0.1.3', false], ['127.0.1.4', false]]);
    expect(row(after, '127.0.1.3')).toMatchObject({ since: T0 + 1000, sinceExact: true, sinceFrom: 'poll', flaps: 1 });
    expect(after.neighborEvents.map((e) => [e.type, e.address])).toEqual([['down', '127.0.1.3']]);
    // what only the full answer carries stays: hold times, capabilities, the ghost's state
    expect(row(after, '127.0.1.2').report.holdTime).toEqual(row(before, '127.0.1.2').report.holdTime);
    expect(row(after, '127.0.1.2').report.capabilities).toEqual(row(before, '127.0.1.2').report.capabilities);
    expect(row(after, '127.0.1.4').fsm).toBe('IDLE');
    // the full answer at the next tick gives the state and counts no second flap
    const next = apply(after, full(T0 + 2000, extensive42('gobgp-killed')));
    expect(row(next, '127.0.1.3')).toMatchObject({ established: false, since: T0 + 1000, flaps: 1 });
    expect(row(next, '127.0.1.3').fsm).not.toBe('UNKNOWN');
    expect(next.control).toMatchObject({ fulls: 2, summaries: 1, lastFullAt: T0 + 2000 });
  });

  it('UPDATE rates come from the summary counters; message rates from the full answers, over their own span', () => {
    const reports = neighborReports('v5.0.15/pipe-show-neighbor-json-3peer-up.txt');
    const base = summary50('3peer-up');
    let state = apply(initialState(), full(T0, reports));
    state = apply(state, small(T0 + 1000, bumped(base, '127.0.1.2', 2, 4)));
    expect(row(state, '127.0.1.2').rates).toMatchObject({ updatesOut: 2, updatesIn: 4, messagesIn: 0, messagesOut: 0 });
    state = apply(state, small(T0 + 2000, bumped(base, '127.0.1.2', 2, 6)));
    expect(row(state, '127.0.1.2').rates).toMatchObject({ updatesOut: 0, updatesIn: 2 });
    // totals +10 received in the 3 s since the last full answer (not in the 1 s since the last poll)
    const later = reports.map((n) => (n.address === '127.0.1.2'
      ? { ...n, messages: { sent: { ...n.messages.sent, update: 3, total: (n.messages.sent.total ?? 0) + 3 }, received: { ...n.messages.received, update: 8, total: (n.messages.received.total ?? 0) + 10 } } }
      : n));
    state = apply(state, full(T0 + 3000, later));
    expect(row(state, '127.0.1.2').rates!.messagesIn).toBeCloseTo(10 / 3, 6);
    expect(row(state, '127.0.1.2').rates!.updatesIn).toBe(1);
    expect(row(state, '127.0.1.2').flaps).toBe(0);
  });

  it('a reset the summary shows (UPDATE counters back) is one flap, not one more at the next full answer', () => {
    const reports = neighborReports('v5.0.15/pipe-show-neighbor-json-3peer-up.txt');
    const grown = reports.map((n) => (n.address === '127.0.1.2' ? { ...n, messages: { sent: { ...n.messages.sent, update: 5, total: 40 }, received: { ...n.messages.received, update: 5, total: 40 } } } : n));
    let state = apply(initialState(), full(T0, grown));
    state = apply(state, small(T0 + 1000, summary50('3peer-up')));
    // as with full answers: the reset happened after the last poll, never before it
    expect(row(state, '127.0.1.2')).toMatchObject({ flaps: 1, since: T0, sinceFrom: 'poll', established: true });
    expect(row(state, '127.0.1.2').report.messages.received.total).toBeNull();
    state = apply(state, full(T0 + 2000, reports));
    expect(row(state, '127.0.1.2').flaps).toBe(1);
    expect(state.neighborEvents.filter((e) => e.type === 'reset')).toHaveLength(1);
  });

  it('6.0 `peer list`: states move, counters and rates stay as the last full answer left them', () => {
    const reports = neighborReports('v6.0-dev/3peer-socket-peer-show.raw');
    let state = apply(initialState(), full(T0, reports));
    const bird = '127.0.2.2';
    const before = row(state, bird);
    state = apply(state, small(T0 + 1000, ok(parsePeerList(answer('v6.0-dev/gobgp-killed-socket-peer-list.raw')))));
    expect(row(state, '127.0.2.3')).toMatchObject({ established: false, fsm: 'IDLE', since: T0 + 1000 });
    expect(row(state, bird).report.messages).toEqual(before.report.messages);
    expect(state.neighbors).toHaveLength(3);
  });
});

describe('summaryChange: when the small answer calls for the full one', () => {
  const T0 = 1_795_000_000_000;
  const rows42 = apply(initialState(), full(T0, extensive42('3peer-up'))).neighbors;
  const rows50 = apply(initialState(), full(T0, neighborReports('v5.0.15/pipe-show-neighbor-json-3peer-up.txt'))).neighbors;

  it('nothing new: the same peers in the same states (4.2 leaving its down ghost out is no change)', () => {
    expect(summaryChange(rows42, summary42('3peer-up'))).toBeNull();
    expect(summaryChange(rows50, summary50('3peer-up'))).toBeNull();
    expect(summaryChange(rows42, summary42('3peer-up'), ['127.0.1.2', '127.0.1.3', '127.0.1.4'])).toBeNull();
    // the down ghost retrying (IDLE → ACTIVE) is no news either
    const retrying = summary50('3peer-up');
    expect(summaryChange(rows50, { ...retrying, peers: retrying.peers.map((p) => (p.fsm === 'IDLE' ? { ...p, fsm: 'ACTIVE' as const } : p)) })).toBeNull();
  });

  it('a change: an established peer left out, a state change, a new peer, counters back, a configured peer not known', () => {
    expect(summaryChange(rows42, summary42('gobgp-killed'))).toBe('127.0.1.3 no longer listed');
    expect(summaryChange(rows50, summary50('gobgp-killed'))).toBe('127.0.1.3 ESTABLISHED → IDLE');
    expect(summaryChange(rows42.slice(1), summary42('3peer-up'))).toBe('new peer 127.0.1.2');
    expect(summaryChange(rows50, bumped(summary50('3peer-up'), '127.0.1.2', -1, 0))).toBe('127.0.1.2 UPDATE counters reset');
    expect(summaryChange(rows42, summary42('3peer-up'), ['127.0.1.9'])).toBe('configured peer 127.0.1.9 not known yet');
  });
});

describe('nextQuery', () => {
  const idle: ScheduleState = { hasSummary: true, lastFullTick: 1, fullDue: false, wantFull: false, fullEvery: FULL_EVERY_TICKS };

  it('full first, then the small answer until N ticks passed, then full again', () => {
    expect(nextQuery({ ...idle, lastFullTick: null }, 1)).toBe('full');
    const asked = Array.from({ length: 2 * FULL_EVERY_TICKS }, (_, i) => i + 2).map((tick) => nextQuery(idle, tick));
    expect(asked.slice(0, FULL_EVERY_TICKS - 1).every((q) => q === 'summary')).toBe(true);
    expect(asked[FULL_EVERY_TICKS - 1]).toBe('full');
  });

  it('full whenever a change was seen, while the details view is open, or where there is no small answer', () => {
    expect(nextQuery({ ...idle, fullDue: true }, 2)).toBe('full');
    expect(nextQuery({ ...idle, wantFull: true }, 2)).toBe('full');
    expect(nextQuery({ ...idle, hasSummary: false }, 2)).toBe('full');
    expect(nextQuery(idle, 2)).toBe('summary');
  });
});

describe('6.0 socket mode', () => {
  it('the captured 6.0-dev daemon runs the default single-client socket; exabgp_api_multi_client=true is multi-client', () => {
    const environ = parseEnviron(fixture('v6.0-dev/proc-daemon-environ'));
    expect(socketMultiClient(environ)).toBe(false);
    expect(socketMultiClient({ ...environ, exabgp_api_multi_client: 'true' })).toBe(true);
    expect(socketMultiClient({ ...environ, 'exabgp.api.multi_client': 'True' })).toBe(true);
    expect(socketMultiClient({ ...environ, exabgp_api_multi_client: 'false' })).toBe(false);
    expect(socketModeNote(false)).toContain('exabgp_api_multi_client=true');
  });
});
