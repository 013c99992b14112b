// The daemon's own `up` events as the end of an establishment run, from event streams captured on
// real 4.2.21 and 5.0.15 daemons (an API process with neighbor-changes, lines after a receive time).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { upTimesFrom } from '../../src/core/capture/api-up.js';

const v42 = readFileSync(new URL('../../fixtures/v4.2/api-events-3peer.txt', import.meta.url), 'utf8');
const v50 = readFileSync(new URL('../../fixtures/v5.0.15/api-events-3peer.txt', import.meta.url), 'utf8');

describe('upTimesFrom', () => {
  it('gives the first up of each neighbor of the life, at the event\'s own time (µs), not the receive time', () => {
    const up = upTimesFrom(v42, 17477, 0);
    expect([...up.keys()].sort()).toEqual(['127.0.1.2', '127.0.1.3']);
    expect(up.get('127.0.1.3')).toBeCloseTo(1795447402627.658, 3);
    // 127.0.1.2 came up twice (a flap at +9 s): the first is the establishment
    expect(up.get('127.0.1.2')).toBeCloseTo(1795447402630.868, 3);
  });

  it('reads 5.0\'s stream the same way', () => {
    const up = upTimesFrom(v50, 18387, 0);
    expect(up.get('127.0.1.2')).toBeCloseTo(1795447432580.793, 2);
    expect(up.get('127.0.1.3')).toBeCloseTo(1795447432581.187, 3);
  });

  it('ignores another daemon\'s events and the ups before the life began', () => {
    expect(upTimesFrom(v42, 17478, 0).size).toBe(0);
    const later = upTimesFrom(v42, 17477, 1795447403000);
    expect([...later.entries()]).toEqual([['127.0.1.2', 1795447411633.672]].map(([a, t]) => [a, expect.closeTo(t as number, 2)]));
  });

  it('skips lines that are not state events, and garbage', () => {
    expect(upTimesFrom('{"up" "state" not json}\nplain "up" "state" line\n', 1, 0).size).toBe(0);
  });
});
