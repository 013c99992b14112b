// What a recording keeps of each neighbor, so that `replay` shows what the live table showed:
// names, AS numbers and message counters, from the real 5.0.15 answer (fixtures/v5.0.15).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNeighborJson } from '../../src/core/control/parse-neighbor-json.js';
import { answerText } from '../../src/core/control/framing.js';
import { neighborsFromConfig } from '../../src/core/daemon/config-neighbors.js';
import { initialState, reduce } from '../../src/core/model/state.js';
import { parseRecording, sampleOf } from '../../src/core/record/format.js';
import { stateAt } from '../../src/core/replay/feed.js';
import { daemonInfo } from '../support/builders.js';

const read = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');
const T = 1_795_447_437_388;

function liveState() {
  const parsed = parseNeighborJson(answerText(read('v5.0.15/pipe-show-neighbor-json-3peer-up.txt')));
  if (!parsed.ok) throw new Error(parsed.error);
  let state = reduce(initialState(), { type: 'attached', daemon: daemonInfo({ startTime: T - 60_000 }), helpers: [] });
  state = reduce(state, { type: 'configured', neighbors: neighborsFromConfig(read('v5.0.15/exabgp-3peer.conf')) });
  return reduce(state, { type: 'control-poll', poll: { t: T, transport: 'pipe', path: '/run/x.in', latencyMs: 2, ok: true, timedOut: false, error: null, raw: null, neighbors: parsed.value, status: null } });
}

const table = (rows: ReturnType<typeof liveState>['neighbors']) =>
  rows.map((r) => ({ address: r.address, name: r.description, peerAs: r.peerAs, in: r.report.messages.received.total, out: r.report.messages.sent.total }));

describe('neighbors through a recording', () => {
  it('replay shows the names, AS numbers and message totals the live table showed', () => {
    const live = liveState();
    expect(table(live.neighbors).map((r) => r.name)).toEqual(['bird', 'gobgp', 'ghost']);
    const line = JSON.stringify(sampleOf(live, T));
    const { samples } = parseRecording(`${line}\n`);
    const replayed = stateAt(samples, [], 0, 60);
    expect(table(replayed.neighbors)).toEqual(table(live.neighbors));
    expect(replayed.neighbors.map((r) => r.peerAs)).toEqual([65002, 65003, 65004]);
  });

  it('a recording made before these fields still reads: the names and AS are unknown, not invented', () => {
    const live = liveState();
    const old = sampleOf(live, T);
    const stripped = { ...old, nb: old.nb.map(({ a, e, s, f, ni, no, ui, uo }) => ({ a, e, s, f, ni, no, ui, uo })) };
    const { samples, skipped } = parseRecording(`${JSON.stringify(stripped)}\n`);
    expect(skipped).toBe(0);
    const replayed = stateAt(samples, [], 0, 60);
    expect(replayed.neighbors.map((r) => [r.description, r.peerAs, r.report.messages.received.total])).toEqual([[null, null, null], [null, null, null], [null, null, null]]);
  });
});
