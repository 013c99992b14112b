// Facts derived across neighbor polls (src/core/model/neighbors.ts), driven by the real 5.0.15
// `show neighbor json` captures of fixtures/v5.0.15 (see its README for what each holds).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyNeighborPoll, establishedCount, filterRows, notEstablished, noteNeighborDown, noteNeighborError, sinceText, SORT_KEYS, sortRows,
  type NeighborEvent, type NeighborRow, type SortKey,
} from '../../src/core/model/neighbors.js';
import { answerText } from '../../src/core/control/framing.js';
import { parseNeighborJson } from '../../src/core/control/parse-neighbor-json.js';
import { FSM_STATES, type FsmState, type MessageCounters, type NeighborReport } from '../../src/core/model/control.js';

const read = (path: string): string => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');

function reports(path: string): NeighborReport[] {
  const parsed = parseNeighborJson(answerText(read(path)));
  if (!parsed.ok) throw new Error(`fixture ${path} did not parse: ${parsed.error}`);
  return parsed.value;
}

const UP = reports('v5.0.15/pipe-show-neighbor-json-3peer-up.txt');
const GOBGP_KILLED = reports('v5.0.15/pipe-show-neighbor-json-gobgp-killed.txt');
const JUST_AFTER_TEARDOWN = reports('v5.0.15/pipe-show-neighbor-json-just-after-teardown.txt');
const AFTER_TEARDOWN = reports('v5.0.15/pipe-show-neighbor-json-after-teardown.txt');

// When each capture was asked (`t_sent` in fixtures/v5.0.15/pipe-capture-log.jsonl), epoch ms.
const T_UP = 1_795_447_437_388;
const T_KILLED = 1_795_447_441_702;
const T_JUST_AFTER = 1_795_447_442_443;
const T_AFTER = 1_795_447_443_953;

const BIRD = '127.0.1.2';
const GOBGP = '127.0.1.3';
const GHOST = '127.0.1.4';
const NAMES = { [BIRD]: 'bird', [GOBGP]: 'gobgp', [GHOST]: 'ghost' };

const byAddress = (rows: readonly NeighborRow[]): Record<string, NeighborRow> => Object.fromEntries(rows.map((r) => [r.address, r]));
const find = (list: readonly NeighborReport[], address: string): NeighborReport => {
  const report = list.find((r) => r.address === address);
  if (!report) throw new Error(`no ${address} in fixture`);
  return report;
};

type CounterPatch = Partial<MessageCounters>;

/** A real report with some fields changed, for transitions the captures do not hold. */
function variant(
  report: NeighborReport,
  patch: { fsm?: FsmState; durationS?: number | null; sent?: CounterPatch; received?: CounterPatch; address?: string; peerAs?: number | null; description?: string | null } = {},
): NeighborReport {
  return {
    ...report,
    address: patch.address ?? report.address,
    peerAs: patch.peerAs === undefined ? report.peerAs : patch.peerAs,
    description: patch.description === undefined ? report.description : patch.description,
    fsm: patch.fsm ?? report.fsm,
    durationS: patch.durationS === undefined ? report.durationS : patch.durationS,
    messages: {
      sent: { ...report.messages.sent, ...patch.sent },
      received: { ...report.messages.received, ...patch.received },
    },
  };
}

describe('the real fixtures, as the tests below read them', () => {
  it('hold what the 5.0.15 README says', () => {
    expect(UP.map((r) => [r.address, r.fsm, r.durationS, r.messages.received.total])).toEqual([
      [BIRD, 'ESTABLISHED', 4, 3],
      [GOBGP, 'ESTABLISHED', 4, 2],
      [GHOST, 'IDLE', 3, 0],
    ]);
    expect(GOBGP_KILLED.map((r) => [r.address, r.fsm, r.durationS, r.messages.received.total])).toEqual([
      [BIRD, 'ESTABLISHED', 9, 4],
      [GOBGP, 'IDLE', 8, 0],
      [GHOST, 'IDLE', 6, 0],
    ]);
    expect(AFTER_TEARDOWN.map((r) => [r.address, r.fsm, r.durationS, r.messages.received.total])).toEqual([
      [BIRD, 'ESTABLISHED', 1, 3],
      [GOBGP, 'IDLE', 8, 0],
      [GHOST, 'IDLE', 10, 0],
    ]);
  });
});

describe('applyNeighborPoll: first sight', () => {
  const { rows, events } = applyNeighborPoll([], UP, T_UP, NAMES);
  const row = byAddress(rows);

  it('dates an established session back by its duration, exactly', () => {
    expect(row[BIRD]!.since).toBe(T_UP - 4000);
    expect(row[BIRD]!.sinceExact).toBe(true);
    expect(row[GOBGP]!.since).toBe(T_UP - 4000);
    expect(row[GOBGP]!.sinceExact).toBe(true);
  });

  it('a peer already down at attach: since when is not known (duration is not time since down), and it says so', () => {
    expect(row[GHOST]!.since).toBeNull();
    expect(row[GHOST]!.sinceExact).toBe(false);
    expect(row[GHOST]!.sinceFrom).toBe('unknown');
    expect(sinceText(row[GHOST]!)).toBe('down before exatop attached');
    expect(row[GHOST]!.established).toBe(false);
    expect(row[GHOST]!.fsm).toBe('IDLE');
  });

  it('a peer down at first sight takes since-when from the log, else from a daemon start exatop saw', () => {
    const logged = byAddress(applyNeighborPoll([], UP, T_UP, NAMES, { lastDown: { [GHOST]: T_UP - 7000 }, witnessedStart: T_UP - 9000 }).rows);
    expect([logged[GHOST]!.since, logged[GHOST]!.sinceExact, logged[GHOST]!.sinceFrom]).toEqual([T_UP - 7000, true, 'log']);
    const started = byAddress(applyNeighborPoll([], UP, T_UP, NAMES, { witnessedStart: T_UP - 9000 }).rows);
    expect([started[GHOST]!.since, started[GHOST]!.sinceFrom]).toEqual([T_UP - 9000, 'daemon-start']);
    expect(sinceText(started[GHOST]!)).toBe('down since the daemon started');
    // An established peer is dated by its own duration, whatever the log says.
    expect(logged[BIRD]!.sinceFrom).toBe('poll');
  });

  it('a later log line saying the session went down dates a row first seen down', () => {
    const dated = noteNeighborDown(rows, GHOST, T_UP - 3000);
    expect(byAddress(dated)[GHOST]).toMatchObject({ since: T_UP - 3000, sinceExact: true, sinceFrom: 'log' });
    // Not an up row, and not a time after the poll that saw it.
    expect(byAddress(noteNeighborDown(rows, BIRD, T_UP - 3000))[BIRD]!.sinceFrom).toBe('poll');
    expect(byAddress(noteNeighborDown(rows, GHOST, T_UP + 3000))[GHOST]!.since).toBeNull();
  });

  it('flaps of earlier lives make the total; this life starts at 0', () => {
    const next = byAddress(applyNeighborPoll([], UP, T_UP, NAMES, { flapsBefore: { [BIRD]: 3 } }).rows);
    expect([next[BIRD]!.flaps, next[BIRD]!.flapsTotal]).toEqual([0, 3]);
    expect([next[GHOST]!.flaps, next[GHOST]!.flapsTotal]).toEqual([0, 0]);
  });

  it('an established peer without a duration is dated at the poll, inexact', () => {
    const { rows: only } = applyNeighborPoll([], [variant(find(UP, BIRD), { durationS: null })], T_UP);
    expect(only[0]!.since).toBe(T_UP);
    expect(only[0]!.sinceExact).toBe(false);
  });

  it('copies identity, counts nothing and has no rates yet', () => {
    expect(rows.map((r) => [r.address, r.peerAs, r.localAs, r.established, r.flaps, r.rates, r.lastError, r.seenAt])).toEqual([
      [BIRD, 65002, 65001, true, 0, null, null, T_UP],
      [GOBGP, 65003, 65001, true, 0, null, null, T_UP],
      [GHOST, 65004, 65001, false, 0, null, null, T_UP],
    ]);
    expect(events).toEqual([]);
    expect(row[BIRD]!.report).toBe(find(UP, BIRD));
  });

  it('names each neighbor from the descriptions map, and leaves unnamed ones null', () => {
    expect(rows.map((r) => r.description)).toEqual(['bird', 'gobgp', 'ghost']);
    const { rows: partly } = applyNeighborPoll([], UP, T_UP, { [GOBGP]: 'gobgp' });
    expect(partly.map((r) => r.description)).toEqual([null, 'gobgp', null]);
  });

  it("prefers the daemon's own description over the map", () => {
    const { rows: named } = applyNeighborPoll([], [variant(find(UP, BIRD), { description: 'from-daemon' })], T_UP, NAMES);
    expect(named[0]!.description).toBe('from-daemon');
  });

  it('a name from the map given only on a later poll is picked up', () => {
    const first = applyNeighborPoll([], UP, T_UP).rows;
    expect(first.map((r) => r.description)).toEqual([null, null, null]);
    const second = applyNeighborPoll(first, UP, T_UP + 1000, NAMES).rows;
    expect(second.map((r) => r.description)).toEqual(['bird', 'gobgp', 'ghost']);
  });
});

describe('applyNeighborPoll: the real sequence 3peer-up → gobgp-killed → after-teardown', () => {
  const first = applyNeighborPoll([], UP, T_UP, NAMES);
  const second = applyNeighborPoll(first.rows, GOBGP_KILLED, T_KILLED, NAMES);
  const third = applyNeighborPoll(second.rows, AFTER_TEARDOWN, T_AFTER, NAMES);

  it('gobgp killed: one flap, down since the poll that saw it, a down event with the FSM', () => {
    const gobgp = byAddress(second.rows)[GOBGP]!;
    expect(gobgp.flaps).toBe(1);
    expect(gobgp.established).toBe(false);
    expect(gobgp.fsm).toBe('IDLE');
    expect(gobgp.since).toBe(T_KILLED);
    expect(gobgp.sinceExact).toBe(true);
    expect(gobgp.rates).toBeNull();
    expect(second.events).toEqual<NeighborEvent[]>([{ type: 'down', address: GOBGP, t: T_KILLED, fsm: 'IDLE' }]);
  });

  it('bird still up: no flap, its start unchanged, rates from the counter deltas', () => {
    const bird = byAddress(second.rows)[BIRD]!;
    expect(bird.flaps).toBe(0);
    expect(bird.since).toBe(T_UP - 4000);
    const seconds = (T_KILLED - T_UP) / 1000;
    // received total 3 → 4, sent total 3 → 3, updates 1 → 1 both ways.
    expect(bird.rates).not.toBeNull();
    expect(bird.rates!.messagesIn).toBeCloseTo(1 / seconds, 10);
    expect(bird.rates!.messagesOut).toBe(0);
    expect(bird.rates!.updatesIn).toBe(0);
    expect(bird.rates!.updatesOut).toBe(0);
    expect(bird.seenAt).toBe(T_KILLED);
    expect(bird.report).toBe(find(GOBGP_KILLED, BIRD));
  });

  it('the ghost stays down since before attach, still not dated', () => {
    const ghost = byAddress(second.rows)[GHOST]!;
    expect([ghost.flaps, ghost.since, ghost.sinceExact, ghost.sinceFrom]).toEqual([0, null, false, 'unknown']);
  });

  it('bird torn down and back between polls: its counters restarted, so one flap and a reset event', () => {
    const bird = byAddress(third.rows)[BIRD]!;
    expect(bird.established).toBe(true);
    expect(bird.flaps).toBe(1);
    expect(bird.since).toBe(T_AFTER - 1000);
    expect(bird.sinceExact).toBe(true);
    expect(bird.rates).toBeNull();
    expect(third.events).toEqual<NeighborEvent[]>([{ type: 'reset', address: BIRD, t: T_AFTER }]);
  });

  it('gobgp stays down: flap count and down-since kept', () => {
    const gobgp = byAddress(third.rows)[GOBGP]!;
    expect([gobgp.flaps, gobgp.since, gobgp.fsm]).toEqual([1, T_KILLED, 'IDLE']);
    expect(establishedCount(third.rows)).toEqual({ established: 1, total: 3 });
  });

  it('with the capture taken 0.74 s after the teardown in between, the reset is counted once', () => {
    const between = applyNeighborPoll(second.rows, JUST_AFTER_TEARDOWN, T_JUST_AFTER, NAMES);
    expect(between.events).toEqual<NeighborEvent[]>([{ type: 'reset', address: BIRD, t: T_JUST_AFTER }]);
    const after = applyNeighborPoll(between.rows, AFTER_TEARDOWN, T_AFTER, NAMES);
    expect(after.events).toEqual([]);
    expect(byAddress(after.rows)[BIRD]!.flaps).toBe(1);
    // Same counters in both captures: rates are zero, not absent.
    expect(byAddress(after.rows)[BIRD]!.rates).toEqual({ messagesIn: 0, messagesOut: 0, updatesIn: 0, updatesOut: 0 });
  });

  it('a session that reset after the previous poll did not start before that poll', () => {
    // Right after a reset the daemon still reports the old, frozen `duration` (9 s here:
    // creation → reset, FACTS.md) with the new session's counters. The previous poll saw the old
    // session up at T_KILLED, so the new one began after T_KILLED, as the down→up path assumes.
    const between = applyNeighborPoll(second.rows, JUST_AFTER_TEARDOWN, T_JUST_AFTER, NAMES);
    const bird = byAddress(between.rows)[BIRD]!;
    expect(find(JUST_AFTER_TEARDOWN, BIRD).durationS).toBe(9);
    expect(bird.since).not.toBeNull();
    expect(bird.since!).toBeGreaterThanOrEqual(T_KILLED);
    expect(bird.since!).toBeLessThanOrEqual(T_JUST_AFTER);
  });
});

describe('applyNeighborPoll: transitions the captures do not hold', () => {
  const t0 = T_UP;
  const bird = find(UP, BIRD);
  const ghost = find(UP, GHOST);

  it('down → established emits up, keeps the flap count and dates the session by its duration', () => {
    const a = applyNeighborPoll([], [bird], t0).rows;
    const b = applyNeighborPoll(a, [variant(bird, { fsm: 'ACTIVE', durationS: 4, sent: { total: 0 }, received: { total: 0, open: 0 } })], t0 + 10_000);
    expect(b.rows[0]!.flaps).toBe(1);
    const c = applyNeighborPoll(b.rows, [variant(bird, { durationS: 3 })], t0 + 20_000);
    expect(c.events).toEqual<NeighborEvent[]>([{ type: 'up', address: BIRD, t: t0 + 20_000 }]);
    expect(c.rows[0]!.flaps).toBe(1);
    expect(c.rows[0]!.established).toBe(true);
    expect(c.rows[0]!.since).toBe(t0 + 17_000);
    expect(c.rows[0]!.sinceExact).toBe(true);
    expect(c.rows[0]!.rates).toBeNull();
  });

  it('a peer first seen down that comes up gets an exact start, never before the poll that saw it down', () => {
    const a = applyNeighborPoll([], [ghost], t0).rows;
    // A duration longer than the gap would date the session before the previous poll.
    const b = applyNeighborPoll(a, [variant(ghost, { fsm: 'ESTABLISHED', durationS: 60 })], t0 + 2000);
    expect(b.events).toEqual<NeighborEvent[]>([{ type: 'up', address: GHOST, t: t0 + 2000 }]);
    expect(b.rows[0]!.since).toBe(t0);
    expect(b.rows[0]!.sinceExact).toBe(true);
    expect(b.rows[0]!.flaps).toBe(0);
  });

  it('down → up without a duration is dated at the poll', () => {
    const a = applyNeighborPoll([], [ghost], t0).rows;
    const b = applyNeighborPoll(a, [variant(ghost, { fsm: 'ESTABLISHED', durationS: null })], t0 + 5000);
    expect(b.rows[0]!.since).toBe(t0 + 5000);
  });

  it('established → each non-established FSM counts a flap and reports that FSM', () => {
    for (const fsm of ['IDLE', 'ACTIVE', 'CONNECT', 'OPENSENT', 'OPENCONFIRM', 'UNKNOWN'] as const) {
      const a = applyNeighborPoll([], [bird], t0).rows;
      const b = applyNeighborPoll(a, [variant(bird, { fsm })], t0 + 1000);
      expect(b.rows[0]!.flaps, fsm).toBe(1);
      expect(b.events, fsm).toEqual<NeighborEvent[]>([{ type: 'down', address: BIRD, t: t0 + 1000, fsm }]);
    }
  });

  it('a counter reset while ESTABLISHED (sent total went back) counts a flap and emits reset', () => {
    const a = applyNeighborPoll([], [bird], t0).rows; // sent total 3, received total 3
    const b = applyNeighborPoll(a, [variant(bird, { durationS: 0, sent: { total: 2 }, received: { total: 3 } })], t0 + 1000);
    expect(b.events).toEqual<NeighborEvent[]>([{ type: 'reset', address: BIRD, t: t0 + 1000 }]);
    expect(b.rows[0]!.flaps).toBe(1);
    expect(b.rows[0]!.since).toBe(t0 + 1000);
    expect(b.rows[0]!.rates).toBeNull();
  });

  it('a counter reset seen through the OPEN count alone is a reset too', () => {
    const big = variant(bird, { sent: { total: 50 }, received: { total: 50, open: 1 } });
    const a = applyNeighborPoll([], [big], t0).rows;
    const b = applyNeighborPoll(a, [variant(bird, { sent: { total: 60 }, received: { total: 60, open: 0 } })], t0 + 1000);
    expect(b.events.map((e) => e.type)).toEqual(['reset']);
    expect(b.rows[0]!.flaps).toBe(1);
  });

  it('counters that went back while the peer stays down are not a flap', () => {
    const a = applyNeighborPoll([], [variant(ghost, { received: { total: 9 } })], t0).rows;
    const b = applyNeighborPoll(a, [ghost], t0 + 1000);
    expect(b.events).toEqual([]);
    expect(b.rows[0]!.flaps).toBe(0);
  });

  it('a NOTIFICATION counter that moved sets the last error and emits the direction and count', () => {
    const a = applyNeighborPoll([], [bird], t0).rows;
    const b = applyNeighborPoll(a, [variant(bird, { received: { notification: 1, total: 4 } })], t0 + 1000);
    expect(b.events).toEqual<NeighborEvent[]>([{ type: 'notification', address: BIRD, t: t0 + 1000, direction: 'received', count: 1 }]);
    expect(b.rows[0]!.lastError).toEqual({ t: t0 + 1000, message: 'NOTIFICATION received (counter 0 → 1)' });
    expect(b.rows[0]!.flaps).toBe(0);
    const c = applyNeighborPoll(b.rows, [variant(bird, { received: { notification: 1, total: 5 }, sent: { notification: 2, total: 5 } })], t0 + 2000);
    expect(c.events).toEqual<NeighborEvent[]>([{ type: 'notification', address: BIRD, t: t0 + 2000, direction: 'sent', count: 2 }]);
    expect(c.rows[0]!.lastError).toEqual({ t: t0 + 2000, message: 'NOTIFICATION sent (counter 0 → 2)' });
    // Nothing moved: the last error stays.
    const d = applyNeighborPoll(c.rows, [variant(bird, { received: { notification: 1, total: 6 }, sent: { notification: 2, total: 6 } })], t0 + 3000);
    expect(d.events).toEqual([]);
    expect(d.rows[0]!.lastError).toEqual({ t: t0 + 2000, message: 'NOTIFICATION sent (counter 0 → 2)' });
  });

  it('a NOTIFICATION with the session going down gives both events, error first', () => {
    const a = applyNeighborPoll([], [bird], t0).rows;
    const b = applyNeighborPoll(a, [variant(bird, { fsm: 'IDLE', sent: { notification: 1, total: 4 } })], t0 + 1000);
    expect(b.events.map((e) => e.type)).toEqual(['notification', 'down']);
    expect(b.rows[0]!.lastError?.message).toBe('NOTIFICATION sent (counter 0 → 1)');
    expect(b.rows[0]!.flaps).toBe(1);
  });

  it('rates are counter deltas over the poll interval: update +10 over 2 s is 5/s', () => {
    const a = applyNeighborPoll([], [bird], t0).rows; // update sent 1 / received 1, totals 3 / 3
    const b = applyNeighborPoll(a, [variant(bird, { received: { update: 11, total: 13 }, sent: { update: 5, total: 10 } })], t0 + 2000);
    expect(b.rows[0]!.rates).toEqual({ messagesIn: 5, messagesOut: 3.5, updatesIn: 5, updatesOut: 2 });
  });

  it('no rates across a reset, nor for a peer that is down, nor for a zero interval', () => {
    const a = applyNeighborPoll([], [bird, ghost], t0).rows;
    const b = applyNeighborPoll(a, [variant(bird, { received: { total: 1 } }), variant(ghost, { received: { total: 5 } })], t0 + 2000);
    expect(b.rows.map((r) => r.rates)).toEqual([null, null]);
    const c = applyNeighborPoll(b.rows, [variant(bird, { received: { total: 7 } }), ghost], t0 + 2000);
    expect(c.rows[0]!.rates).toBeNull();
  });

  it('neighbors no longer reported are dropped; new ones are added', () => {
    const a = applyNeighborPoll([], UP, t0).rows;
    const b = applyNeighborPoll(a, [find(UP, GHOST), variant(bird, { address: '127.0.1.9' })], t0 + 1000);
    expect(b.rows.map((r) => r.address)).toEqual([GHOST, '127.0.1.9']);
    expect(b.rows[1]!.flaps).toBe(0);
    expect(b.rows[1]!.seenAt).toBe(t0 + 1000);
    expect(b.events).toEqual([]);
  });

  it('keeps the last known AS when a later report has none', () => {
    const a = applyNeighborPoll([], [bird], t0).rows;
    const b = applyNeighborPoll(a, [variant(bird, { peerAs: null })], t0 + 1000);
    expect(b.rows[0]!.peerAs).toBe(65002);
  });
});

describe('noteNeighborError', () => {
  it('sets the last error of the named row only', () => {
    const rows = applyNeighborPoll([], UP, T_UP).rows;
    const noted = noteNeighborError(rows, GOBGP, T_UP + 5, 'notification received (6,3)');
    expect(noted.map((r) => r.lastError)).toEqual([null, { t: T_UP + 5, message: 'notification received (6,3)' }, null]);
    expect(rows.map((r) => r.lastError)).toEqual([null, null, null]);
  });
});

describe('sortRows', () => {
  // bird up (since T_UP-4000, AS 65002), gobgp down after a flap (since T_KILLED, AS 65003), ghost
  // IDLE since T_UP (AS 65004), plus two addresses that sort wrong as plain text.
  const base = applyNeighborPoll(applyNeighborPoll([], UP, T_UP, NAMES).rows, GOBGP_KILLED, T_KILLED, NAMES).rows;
  const extra = applyNeighborPoll(
    [],
    [
      variant(find(UP, BIRD), { address: '127.0.1.10', peerAs: 64999, durationS: 100 }),
      variant(find(UP, GHOST), { address: '127.0.1.9', peerAs: 65010, fsm: 'ACTIVE' }),
    ],
    T_KILLED,
  ).rows;
  const rows = [...extra, ...base];
  const order = (key: SortKey) => sortRows(rows, key).map((r) => r.address);

  it('address: numerically per octet (127.0.1.10 after 127.0.1.9)', () => {
    expect(order('address')).toEqual([BIRD, GOBGP, GHOST, '127.0.1.9', '127.0.1.10']);
    const dotted = applyNeighborPoll([], ['127.0.0.10', '127.0.0.9', '10.0.0.1', '9.255.0.1'].map((address) => variant(find(UP, BIRD), { address })), T_UP).rows;
    expect(sortRows(dotted, 'address').map((r) => r.address)).toEqual(['9.255.0.1', '10.0.0.1', '127.0.0.9', '127.0.0.10']);
  });

  it('state: not established first (then by FSM name, then address)', () => {
    expect(order('state')).toEqual(['127.0.1.9', GOBGP, GHOST, BIRD, '127.0.1.10']);
  });

  it('since: the most recent change first; rows not dated (down before attach) last, by address', () => {
    // gobgp went down at T_KILLED; the ghost and 127.0.1.9 were down before exatop attached.
    expect(order('since')).toEqual([GOBGP, BIRD, '127.0.1.10', GHOST, '127.0.1.9']);
  });


  it('flaps: most first, ties by address', () => {
    expect(order('flaps')).toEqual([GOBGP, BIRD, GHOST, '127.0.1.9', '127.0.1.10']);
  });

  it('peer-as: ascending', () => {
    expect(order('peer-as')).toEqual(['127.0.1.10', BIRD, GOBGP, GHOST, '127.0.1.9']);
  });

  it('reversed: exactly the other way round, ties included', () => {
    for (const key of SORT_KEYS) expect(sortRows(rows, key, true).map((r) => r.address)).toEqual(order(key).reverse());
  });

  it('covers every sort key and never changes the input', () => {
    expect([...SORT_KEYS].sort()).toEqual(['address', 'flaps', 'peer-as', 'since', 'state']);
    const before = rows.map((r) => r.address);
    for (const key of SORT_KEYS) expect(sortRows(rows, key)).toHaveLength(rows.length);
    expect(rows.map((r) => r.address)).toEqual(before);
  });
});

describe('filterRows', () => {
  const rows = applyNeighborPoll(applyNeighborPoll([], UP, T_UP, NAMES).rows, GOBGP_KILLED, T_KILLED, NAMES).rows;
  const match = (text: string) => filterRows(rows, text).map((r) => r.address);

  it('matches address, description, AS and FSM, ignoring case and surrounding blanks', () => {
    expect(match('127.0.1.3')).toEqual([GOBGP]);
    expect(match('BIRD')).toEqual([BIRD]);
    expect(match('GoBgP')).toEqual([GOBGP]);
    expect(match('65004')).toEqual([GHOST]);
    expect(match('idle')).toEqual([GOBGP, GHOST]);
    expect(match('established')).toEqual([BIRD]);
    expect(match('  ghost ')).toEqual([GHOST]);
    expect(match('127.0.1')).toEqual([BIRD, GOBGP, GHOST]);
  });

  it('an empty filter keeps everything; a filter nothing matches keeps nothing', () => {
    expect(match('')).toEqual([BIRD, GOBGP, GHOST]);
    expect(match('   ')).toEqual([BIRD, GOBGP, GHOST]);
    expect(match('65009')).toEqual([]);
    expect(match('bgp4')).toEqual([]);
  });

  it('!TEXT keeps the rows TEXT is in none of: !ESTABLISHED is every session not up', () => {
    expect(match('!ESTABLISHED')).toEqual([GOBGP, GHOST]);
    expect(match('! bird')).toEqual([GOBGP, GHOST]);
    expect(match('!127.0.1')).toEqual([]);
    expect(match('!')).toEqual([BIRD, GOBGP, GHOST]);
  });

  it('notEstablished keeps the sessions that are not up', () => {
    expect(notEstablished(rows).map((r) => r.address)).toEqual([GOBGP, GHOST]);
  });

  it('matches the last error too', () => {
    const noted = noteNeighborError(rows, GHOST, T_KILLED, 'Connection Refused');
    expect(filterRows(noted, 'refused').map((r) => r.address)).toEqual([GHOST]);
  });
});

describe('applyNeighborPoll over random poll sequences', () => {
  const ADDRESSES = ['10.0.0.1', '10.0.0.2', '10.0.0.3'];
  const template = find(UP, BIRD);
  const step = fc.record({
    fsm: fc.constantFrom<FsmState>(...FSM_STATES, 'UNKNOWN'),
    reset: fc.boolean(),
    grow: fc.integer({ min: 1, max: 50 }),
    keep: fc.integer({ min: 0, max: 1000 }),
    gapMs: fc.integer({ min: 1, max: 10_000 }),
  });

  it('flaps never decrease and equal established→not-established transitions plus resets while established', () => {
    fc.assert(
      fc.property(fc.array(fc.array(step, { minLength: ADDRESSES.length, maxLength: ADDRESSES.length }), { minLength: 1, maxLength: 30 }), (polls) => {
        let rows: NeighborRow[] = [];
        let t = T_UP;
        const totals = ADDRESSES.map(() => 0);
        const wasUp = ADDRESSES.map(() => false);
        const expected = ADDRESSES.map(() => 0);
        for (const [p, poll] of polls.entries()) {
          t += poll[0]!.gapMs;
          const batch = ADDRESSES.map((address, i) => {
            const s = poll[i]!;
            // A reset restarts every counter below its previous value (when there was one).
            const restarted = p > 0 && s.reset && totals[i]! > 0;
            totals[i] = restarted ? s.keep % totals[i]! : totals[i]! + s.grow;
            const up = s.fsm === 'ESTABLISHED';
            if (p > 0 && wasUp[i] && !up) expected[i]!++;
            else if (p > 0 && wasUp[i] && up && restarted) expected[i]!++;
            wasUp[i] = up;
            const n = totals[i]!;
            return variant(template, { address, fsm: s.fsm, durationS: 1, sent: { total: n, update: n }, received: { total: n, update: n, open: restarted ? 0 : 1 } });
          });
          const before = new Map(rows.map((r) => [r.address, r.flaps]));
          const { rows: next, events } = applyNeighborPoll(rows, batch, t);
          for (const r of next) expect(r.flaps).toBeGreaterThanOrEqual(before.get(r.address) ?? 0);
          for (const r of next) if (r.rates) for (const v of Object.values(r.rates)) expect(v).toBeGreaterThanOrEqual(0);
          const flapEvents = events.filter((e) => e.type === 'down' || e.type === 'reset').length;
          const gained = next.reduce((sum, r) => sum + r.flaps - (before.get(r.address) ?? 0), 0);
          expect(gained).toBe(flapEvents);
          rows = next;
        }
        expect(rows.map((r) => r.flaps)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
