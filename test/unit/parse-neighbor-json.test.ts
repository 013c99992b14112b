import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binaryStrings400 } from '../support/fast-check.js';
import { answer, counters, fixture as read, ok } from '../support/fixtures.js';
import { splitAnswer } from '../../src/core/control/framing.js';
import { parseNeighborJson } from '../../src/core/control/parse-neighbor-json.js';
import type { NeighborReport, Parsed } from '../../src/core/model/control.js';


function peers(path: string): Record<string, NeighborReport> {
  return Object.fromEntries(ok(parseNeighborJson(answer(path))).map((n) => [n.address, n]));
}

const c = counters;
const zero = c(0, 0, 0, 0, 0, 0);
const unknownRemote = ['asn4', 'route-refresh', 'multi-session', 'operational', 'add-path', 'extended-message', 'graceful-restart'].map(
  (name) => ({ name, remote: null }),
);

describe('5.0.15 show neighbor json', () => {
  it('reads the 3-peer capture', () => {
    const all = ok(parseNeighborJson(answer('v5.0.15/pipe-show-neighbor-json-3peer-up.txt')));
    expect(all.map((n) => [n.address, n.fsm, n.peerAs, n.durationS])).toEqual([
      ['127.0.1.2', 'ESTABLISHED', 65002, 4],
      ['127.0.1.3', 'ESTABLISHED', 65003, 4],
      ['127.0.1.4', 'IDLE', 65004, 3],
    ]);
    expect(all[0]).toEqual({
      address: '127.0.1.2',
      localAddress: '127.0.1.1',
      peerAs: 65002,
      localAs: 65001,
      peerId: '127.0.1.2',
      localId: '127.0.1.1',
      description: null,
      fsm: 'ESTABLISHED',
      durationS: 4,
      holdTime: { local: 30, remote: 30 },
      messages: { sent: c(1, 0, 1, 1, 0, 3), received: c(1, 0, 1, 1, 0, 3) },
      prefixes: null,
      capabilities: [
        { name: 'asn4', local: true, remote: true },
        { name: 'route-refresh', local: false, remote: true },
        { name: 'multi-session', local: false, remote: false },
        { name: 'operational', local: false, remote: false },
        { name: 'add-path', local: false, remote: false },
        { name: 'extended-message', local: true, remote: false },
        { name: 'graceful-restart', local: false, remote: true },
      ],
      families: [{ name: 'ipv4 unicast', local: true, remote: true, addPath: 'disabled' }],
    });
    expect(all[1]?.messages).toEqual({ sent: c(1, 0, 1, 1, 0, 3), received: c(1, 0, 1, 0, 0, 2) });
  });

  it('maps the null `peer` fields of a down peer to null', () => {
    const ghost = peers('v5.0.15/pipe-show-neighbor-json-3peer-up.txt')['127.0.1.4'];
    expect(ghost).toMatchObject({ peerId: null, holdTime: { local: 30, remote: null }, peerAs: 65004, prefixes: null });
    expect(ghost?.capabilities).toMatchObject(unknownRemote);
    expect(ghost?.capabilities[0]?.local).toBe(true);
    expect(ghost?.families).toEqual([{ name: 'ipv4 unicast', local: true, remote: null, addPath: 'disabled' }]);
  });

  it('sees gobgp IDLE after the kill, its peer fields null and counters zero', () => {
    const p = peers('v5.0.15/pipe-show-neighbor-json-gobgp-killed.txt');
    expect(p['127.0.1.3']).toMatchObject({ fsm: 'IDLE', durationS: 8, peerId: null, holdTime: { remote: null } });
    expect(p['127.0.1.3']?.messages).toEqual({ sent: zero, received: zero });
    expect(p['127.0.1.2']?.messages).toEqual({ sent: c(1, 0, 1, 1, 0, 3), received: c(1, 0, 2, 1, 0, 4) });
  });

  it('trusts fsm ESTABLISHED although state says down just after the teardown', () => {
    expect(answer('v5.0.15/pipe-show-neighbor-json-just-after-teardown.txt')).toContain('"state": "down", "duration": 9, "fsm": "ESTABLISHED"');
    const bird = peers('v5.0.15/pipe-show-neighbor-json-just-after-teardown.txt')['127.0.1.2'];
    expect(bird).toMatchObject({ fsm: 'ESTABLISHED', durationS: 9, peerId: '127.0.1.2' });
  });

  it('reads the after-teardown capture', () => {
    const p = peers('v5.0.15/pipe-show-neighbor-json-after-teardown.txt');
    expect(p['127.0.1.2']).toMatchObject({ fsm: 'ESTABLISHED', durationS: 1, messages: { sent: c(1, 0, 1, 1, 0, 3) } });
    expect(p['127.0.1.4']?.durationS).toBe(10);
  });
});

describe('6.0-dev peer show', () => {
  for (const transport of ['socket', 'pipe']) {
    it(`reads the 3-peer ${transport} capture: 1/0/-1 flags and prefixes`, () => {
      const p = peers(`v6.0-dev/3peer-${transport}-peer-show.raw`);
      expect(Object.keys(p)).toEqual(['127.0.2.2', '127.0.2.3', '127.0.2.4']);
      expect(p['127.0.2.2']).toMatchObject({ fsm: 'ESTABLISHED', peerAs: 65002, localAs: 65001, peerId: '127.0.2.2' });
      expect(p['127.0.2.3']).toMatchObject({ fsm: 'ESTABLISHED', peerAs: 65003, peerId: '127.0.2.3' });
      expect(p['127.0.2.4']).toMatchObject({ fsm: 'IDLE', peerAs: 65004, peerId: null });
      expect(p['127.0.2.2']?.prefixes).toEqual({ received: 0, withdrawn: 0 });
      expect(p['127.0.2.2']?.capabilities.slice(0, 2)).toEqual([
        { name: 'asn4', local: true, remote: true },
        { name: 'route-refresh', local: false, remote: true },
      ]);
      expect(p['127.0.2.2']?.capabilities.find((x) => x.name === 'extended-message')).toEqual({
        name: 'extended-message',
        local: true,
        remote: false,
      });
      expect(p['127.0.2.4']?.capabilities).toMatchObject(unknownRemote);
      expect(p['127.0.2.4']?.families).toEqual([{ name: 'ipv4 unicast', local: true, remote: null, addPath: 'disabled' }]);
    });
  }

  it('has the counters of each capture', () => {
    expect(peers('v6.0-dev/3peer-socket-peer-show.raw')['127.0.2.2']).toMatchObject({
      durationS: 35,
      messages: { sent: c(1, 0, 4, 1, 0, 6), received: c(1, 0, 4, 0, 0, 5) },
    });
    expect(peers('v6.0-dev/3peer-pipe-peer-show.raw')['127.0.2.3']).toMatchObject({
      durationS: 39,
      messages: { sent: c(1, 0, 5, 1, 0, 7), received: c(1, 0, 4, 0, 0, 5) },
    });
  });

  it('sees gobgp IDLE after the kill', () => {
    const p = peers('v6.0-dev/gobgp-killed-socket-peer-show.raw');
    expect(p['127.0.2.3']).toMatchObject({ fsm: 'IDLE', durationS: 63, peerId: null, messages: { sent: zero, received: zero } });
    expect(p['127.0.2.3']?.capabilities).toMatchObject(unknownRemote);
    expect(p['127.0.2.2']).toMatchObject({ fsm: 'ESTABLISHED', durationS: 66 });
    expect(p['127.0.2.2']?.messages).toEqual({ sent: c(1, 0, 7, 1, 0, 9), received: c(1, 0, 8, 0, 0, 9) });
  });

  it('follows bird through the teardown captures', () => {
    const immediately = peers('v6.0-dev/teardown-immediately-socket-peer-show.raw')['127.0.2.2'];
    expect(immediately).toMatchObject({ fsm: 'ESTABLISHED', durationS: 72, messages: { sent: c(1, 0, 1, 1, 0, 3) } });
    const zeroed = peers('v6.0-dev/teardown2-persistent-peer-show-t0.0974-down-idle-zeroed.raw')['127.0.2.2'];
    expect(zeroed).toMatchObject({ fsm: 'IDLE', durationS: 114, peerId: null, messages: { sent: zero, received: zero } });
    const back = peers('v6.0-dev/teardown2-persistent-peer-show-t0.2023-down-established.raw')['127.0.2.2'];
    expect(back).toMatchObject({ fsm: 'ESTABLISHED', peerId: '127.0.2.2', messages: { sent: c(1, 0, 1, 0, 0, 2) } });
    const after = peers('v6.0-dev/after-teardown-socket-peer-show.raw')['127.0.2.2'];
    expect(after).toMatchObject({ fsm: 'ESTABLISHED', durationS: 1, messages: { sent: c(1, 0, 1, 1, 0, 3), received: c(1, 0, 1, 0, 0, 2) } });
  });

  it('reads 6.0 `show neighbor json` on API v4 (same objects)', () => {
    const p = peers('v6.0-dev-api4/3peer-socket-show-neighbor-json.raw');
    expect(p['127.0.2.2']).toMatchObject({ fsm: 'ESTABLISHED', durationS: 4, prefixes: { received: 0, withdrawn: 0 } });
    expect(p['127.0.2.4']).toMatchObject({ fsm: 'IDLE', durationS: 0 });
    const killed = peers('v6.0-dev-api4/gobgp-killed-pipe-show-neighbor-json.raw');
    expect(killed['127.0.2.3']).toMatchObject({ fsm: 'IDLE', durationS: 18, messages: { sent: zero } });
    expect(killed['127.0.2.2']?.messages).toEqual({ sent: c(1, 0, 2, 1, 0, 4), received: c(1, 0, 3, 0, 0, 4) });
  });
});

describe('parseNeighborJson refuses', () => {
  const refuse = (text: string) => {
    const result = parseNeighborJson(text);
    expect(result).toMatchObject({ ok: false, raw: text });
    return result.ok ? '' : result.error;
  };

  it('`peer list`, naming the missing field', () => {
    expect(refuse(answer('v6.0-dev/3peer-socket-peer-list.raw'))).toBe(
      'unexpected JSON at [0].fsm: Invalid input: expected string, received undefined',
    );
  });

  it('a wrong type deep inside, naming its path', () => {
    const text = answer('v5.0.15/pipe-show-neighbor-json-3peer-up.txt').replace('"as": 65004', '"as": "65004"');
    expect(refuse(text)).toMatch(/^unexpected JSON at \[2\]\.peer\.as: /);
  });

  it('a capability flag outside 1/0/-1', () => {
    const text = answer('v6.0-dev/3peer-socket-peer-show.raw').replace('"asn4": 1', '"asn4": 2');
    expect(refuse(text)).toMatch(/^unexpected JSON at \[0\]\.local\.capabilities\.asn4: /);
  });

  it('the text answers of other commands, and an empty answer', () => {
    expect(refuse(answer('v6.0-dev-api4/3peer-socket-peer-show.raw'))).toMatch(/^invalid JSON \(55 chars\): /);
    expect(refuse(splitAnswer(read('v6.0-dev/3peer-socket-bad-show-nonsense.raw')).lines.join('\n'))).toBe('empty answer');
    expect(refuse(answer('v6.0-dev/3peer-socket-daemon-status.raw'))).toMatch(/expected array, received object/);
  });
});

const CAPTURES = [
  'v5.0.15/pipe-show-neighbor-json-3peer-up.txt',
  'v5.0.15/pipe-show-neighbor-json-gobgp-killed.txt',
  'v6.0-dev/3peer-socket-peer-show.raw',
  'v6.0-dev/teardown-immediately-socket-peer-show.raw',
  'v6.0-dev-api4/gobgp-killed-socket-show-neighbor-json.raw',
];

describe('parseNeighborJson never throws', () => {
  it.each(CAPTURES)('every strict prefix of %s is refused, never a partial list', (path) => {
    const text = answer(path);
    expect(ok(parseNeighborJson(text))).toHaveLength(3);
    for (let end = 0; end < text.length; end++) {
      const result = parseNeighborJson(text.slice(0, end));
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error).toMatch(/^(empty answer|invalid JSON \(\d+ chars\): .+)$/);
    }
  });

  it('random strings, random UTF-8 bytes and random JSON', () => {
    const valid = (r: Parsed<NeighborReport[]>) => (r.ok ? Array.isArray(r.value) : typeof r.error === 'string');
    fc.assert(fc.property(binaryStrings400, (s) => valid(parseNeighborJson(s))));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => valid(parseNeighborJson(Buffer.from(bytes).toString('utf8')))),
    );
    fc.assert(fc.property(fc.json(), (json) => valid(parseNeighborJson(json))));
  });

  it('random values in place of each field of a real answer', () => {
    const objects = JSON.parse(answer('v6.0-dev/3peer-socket-peer-show.raw')) as Record<string, unknown>[];
    const keys = Object.keys(objects[0] ?? {});
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.jsonValue(), (key, value) => {
        const text = JSON.stringify(objects.map((o) => ({ ...o, [key]: value })));
        const result = parseNeighborJson(text);
        return result.ok ? result.value.length === 3 : result.error.startsWith('unexpected JSON at [0]');
      }),
    );
  });
});
