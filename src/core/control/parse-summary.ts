// The small answers asked every tick (README "Polling schedule"):
//
// 4.2, 5.0 and 6.0 on API v4 `show neighbor summary`, a table of UPDATE counts:
//   Peer            AS        up/down state       |     #sent     #recvd
//   127.0.1.2       65002     0:00:04 established           1          1
//   127.0.1.4       65004        down idle                  0          0
// 4.2 lists only established peers, 5.0 and 6.0-api4 list them all; 6.0-api4 adds `#pfx_in`.
// `up/down` is Python's timedelta (`1 day, 2:03:04`) or `down` when the duration is 0 (also an
// established session's first second). The AS is `n/a` when not known.
//
// 6.0 `peer list`: `[{"peer-address": …, "peer-as": …, "state": "ESTABLISHED"}, …]`.
import { z } from 'zod';
import { fail, parseJsonAnswer, safely, toFsm } from './framing.js';
import type { FsmState, Parsed } from '../model/control.js';

/** One peer as a small answer gives it: what a summary poll may update on a neighbor row. */
export interface SummaryReport {
  address: string;
  peerAs: number | null;
  fsm: FsmState;
  /** Seconds up (established peers of a text summary); null when the answer does not say. */
  durationS: number | null;
  /** UPDATE messages sent and received (text summaries); null for `peer list`. */
  updates: { sent: number; received: number } | null;
}

export interface Summary {
  peers: SummaryReport[];
  /** false: peers that are not established are left out (4.2), so a missing peer is not gone. */
  listsDown: boolean;
}

const HEADER = /^\s*Peer\s+AS\s+up\/down\s+state\s+\|\s+#sent\s+#recvd(\s+#pfx_in)?\s*$/;

function secondsOf(text: string): number | null {
  const m = /^(?:(\d+) days?, )?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text);
  return m ? Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]) : null;
}

/** `show neighbor summary` of 4.2 (`listsDown` false), 5.0 and 6.0-api4 (true). */
export function parseSummaryTable(text: string, listsDown: boolean): Parsed<Summary> {
  return safely(text, () => {
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    const header = lines.shift();
    if (header === undefined) return fail('empty answer', text);
    const m = HEADER.exec(header);
    if (!m) return fail(`no summary header: "${header.trim().slice(0, 60)}"`, text);
    const numbers = m[1] ? 3 : 2;
    const peers: SummaryReport[] = [];
    for (const line of lines) {
      const words = line.trim().split(/\s+/);
      if (words.length < 4 + numbers) return fail(`short summary row: "${line.trim().slice(0, 60)}"`, text);
      const [address, as] = words as [string, string];
      const counts = words.slice(-numbers);
      const state = words[words.length - numbers - 1]!;
      const upDown = words.slice(2, words.length - numbers - 1).join(' ');
      if (!counts.every((c) => /^\d+$/.test(c))) return fail(`summary row "${line.trim().slice(0, 60)}": counters are not numbers`, text);
      if (as !== 'n/a' && !/^\d+$/.test(as)) return fail(`summary row "${line.trim().slice(0, 60)}": bad AS "${as}"`, text);
      const seconds = upDown === 'down' ? 0 : secondsOf(upDown);
      if (seconds === null) return fail(`summary row "${line.trim().slice(0, 60)}": bad up/down "${upDown}"`, text);
      const fsm = toFsm(state);
      peers.push({
        address,
        peerAs: as === 'n/a' ? null : Number(as),
        fsm,
        // a peer that is down shows `down` or the frozen duration of its last session: not kept
        durationS: fsm === 'ESTABLISHED' ? seconds : null,
        updates: { sent: Number(counts[0]), received: Number(counts[1]) },
      });
    }
    return { ok: true, value: { peers, listsDown } };
  });
}

const listed = z.array(z.looseObject({ 'peer-address': z.string().min(1), 'peer-as': z.number().int().nonnegative().nullish(), state: z.string() }));

/** 6.0 `peer list`: every configured peer, with its FSM state. */
export function parsePeerList(text: string): Parsed<Summary> {
  return safely(text, () => {
    const parsed = parseJsonAnswer(text, listed);
    if (!parsed.ok) return parsed;
    const peers = parsed.value.map((p): SummaryReport => ({ address: p['peer-address'], peerAs: p['peer-as'] ?? null, fsm: toFsm(p.state), durationS: null, updates: null }));
    return { ok: true, value: { peers, listsDown: true } };
  });
}
