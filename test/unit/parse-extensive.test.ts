import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binaryStrings400 } from '../support/fast-check.js';
import { answer, counters, fixture as read, ok } from '../support/fixtures.js';
import { splitAnswer } from '../../src/core/control/framing.js';
import { parseExtensive } from '../../src/core/control/parse-extensive.js';
import type { NeighborReport, Parsed } from '../../src/core/model/control.js';


function peers(path: string): Record<string, NeighborReport> {
  return Object.fromEntries(ok(parseExtensive(answer(path))).map((n) => [n.address, n]));
}

const c = counters;
const zero = c(0, 0, 0, 0, 0, 0);
const capabilityNames = ['asn4', 'route-refresh', 'multi-session', 'operational', 'add-path', 'extended-message', 'graceful-restart'];

describe('parseExtensive on 4.2.21', () => {
  it('reads all three peers of the 3-peer capture, the down ghost included', () => {
    const all = ok(parseExtensive(answer('v4.2/pipe-show-neighbor-extensive-3peer-up.txt')));
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
      // 4.2 prints its own router-id in the Remote column (BIRD's is 127.0.1.2): reported as given.
      peerId: '127.0.1.1',
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

  it('gives the never-connected ghost n/a remote values as null', () => {
    const ghost = peers('v4.2/pipe-show-neighbor-extensive-3peer-up.txt')['127.0.1.4'];
    expect(ghost?.peerId).toBeNull();
    expect(ghost?.holdTime).toEqual({ local: 30, remote: null });
    expect(ghost?.capabilities.map((x) => x.remote)).toEqual(capabilityNames.map(() => null));
    expect(ghost?.capabilities.find((x) => x.name === 'asn4')?.local).toBe(true);
    expect(ghost?.families).toEqual([{ name: 'ipv4 unicast', local: true, remote: null, addPath: 'disabled' }]);
    expect(ghost?.messages).toEqual({ sent: zero, received: zero });
  });

  it('sees gobgp IDLE with zeroed counters once gobgpd was killed', () => {
    const p = peers('v4.2/pipe-show-neighbor-extensive-gobgp-killed.txt');
    expect(p['127.0.1.3']).toMatchObject({ fsm: 'IDLE', durationS: 8, peerId: null, messages: { sent: zero, received: zero } });
    expect(p['127.0.1.2']).toMatchObject({ fsm: 'ESTABLISHED', durationS: 8 });
    expect(p['127.0.1.4']).toMatchObject({ fsm: 'IDLE', durationS: 6 });
  });

  it('trusts `state ESTABLISHED` even when the new session still prints `down for`', () => {
    const bird = peers('v4.2/pipe-show-neighbor-extensive-just-after-teardown.txt')['127.0.1.2'];
    expect(bird).toMatchObject({ fsm: 'ESTABLISHED', durationS: 8 });
    expect(bird?.messages).toEqual({ sent: c(1, 0, 1, 1, 0, 3), received: c(1, 0, 1, 1, 0, 3) });
  });

  it('reads the re-established bird after the teardown, notification counters 0', () => {
    const p = peers('v4.2/pipe-show-neighbor-extensive-after-teardown.txt');
    expect(p['127.0.1.2']).toMatchObject({ fsm: 'ESTABLISHED', durationS: 1 });
    expect(p['127.0.1.2']?.messages.sent.notification).toBe(0);
    expect(p['127.0.1.3']).toMatchObject({ fsm: 'IDLE', durationS: 8 });
    expect(p['127.0.1.4']).toMatchObject({ fsm: 'IDLE', durationS: 10 });
  });
});

describe('parseExtensive on 5.0.15', () => {
  it('reads the 3-peer capture (other indentation, real remote IDs)', () => {
    const p = peers('v5.0.15/pipe-show-neighbor-extensive-3peer-up.txt');
    expect(Object.keys(p)).toEqual(['127.0.1.2', '127.0.1.3', '127.0.1.4']);
    expect(p['127.0.1.2']).toMatchObject({ fsm: 'ESTABLISHED', peerAs: 65002, localAs: 65001, peerId: '127.0.1.2', durationS: 4 });
    expect(p['127.0.1.3']).toMatchObject({ fsm: 'ESTABLISHED', peerAs: 65003, peerId: '127.0.1.3', localAddress: '127.0.1.1' });
    expect(p['127.0.1.3']?.messages).toEqual({ sent: c(1, 0, 1, 1, 0, 3), received: c(1, 0, 1, 0, 0, 2) });
    expect(p['127.0.1.4']).toMatchObject({ fsm: 'IDLE', peerAs: 65004, peerId: null, durationS: 3 });
    expect(p['127.0.1.2']?.families).toEqual([{ name: 'ipv4 unicast', local: true, remote: true, addPath: 'disabled' }]);
  });

  it('sees gobgp IDLE after the kill while bird keeps counting', () => {
    const p = peers('v5.0.15/pipe-show-neighbor-extensive-gobgp-killed.txt');
    expect(p['127.0.1.3']).toMatchObject({ fsm: 'IDLE', durationS: 8, messages: { sent: zero, received: zero } });
    expect(p['127.0.1.2']?.messages).toEqual({ sent: c(1, 0, 1, 1, 0, 3), received: c(1, 0, 2, 1, 0, 4) });
  });

  it('reads the just-after and after-teardown captures', () => {
    expect(peers('v5.0.15/pipe-show-neighbor-extensive-just-after-teardown.txt')['127.0.1.2']).toMatchObject({
      fsm: 'ESTABLISHED',
      durationS: 9,
    });
    const after = peers('v5.0.15/pipe-show-neighbor-extensive-after-teardown.txt');
    expect(after['127.0.1.2']).toMatchObject({ fsm: 'ESTABLISHED', durationS: 1, messages: { sent: c(1, 0, 1, 1, 0, 3) } });
    expect(after['127.0.1.4']?.durationS).toBe(10);
  });
});

describe('parseExtensive on 6.0-dev with exabgp_api_version=4', () => {
  for (const transport of ['socket', 'pipe']) {
    it(`reads the 3-peer ${transport} capture with its Prefix Statistic`, () => {
      const p = peers(`v6.0-dev-api4/3peer-${transport}-show-neighbor-extensive.raw`);
      expect(Object.keys(p)).toEqual(['127.0.2.2', '127.0.2.3', '127.0.2.4']);
      expect(p['127.0.2.2']).toMatchObject({ fsm: 'ESTABLISHED', peerAs: 65002, peerId: '127.0.2.2', localId: '127.0.2.1' });
      expect(p['127.0.2.2']?.messages).toEqual({ sent: c(1, 0, 1, 1, 0, 3), received: c(1, 0, 1, 0, 0, 2) });
      expect(p['127.0.2.3']).toMatchObject({ fsm: 'ESTABLISHED', peerAs: 65003 });
      expect(p['127.0.2.4']).toMatchObject({ fsm: 'IDLE', peerAs: 65004, durationS: 0 });
      expect(p['127.0.2.2']?.prefixes).toEqual({ received: 0, withdrawn: 0 });
    });
  }

  it('durations differ between the socket and pipe captures as in the files', () => {
    expect(peers('v6.0-dev-api4/3peer-socket-show-neighbor-extensive.raw')['127.0.2.2']?.durationS).toBe(3);
    expect(peers('v6.0-dev-api4/3peer-pipe-show-neighbor-extensive.raw')['127.0.2.2']?.durationS).toBe(4);
  });

  it('does not believe the `enabled` printed for capabilities of a peer that sent no OPEN', () => {
    // The file says `enabled` in the Remote column for the ghost; its JSON twin says -1 (unknown).
    expect(read('v6.0-dev-api4/3peer-socket-show-neighbor-extensive.raw')).toMatch(/multi-session:\s+disabled\s+enabled/);
    const ghost = peers('v6.0-dev-api4/3peer-socket-show-neighbor-extensive.raw')['127.0.2.4'];
    expect(ghost?.capabilities.map((x) => x.remote)).toEqual(capabilityNames.map(() => null));
    expect(ghost?.families[0]?.remote).toBeNull();
  });

  it('sees gobgp IDLE after the kill, on both transports', () => {
    const sock = peers('v6.0-dev-api4/gobgp-killed-socket-show-neighbor-extensive.raw');
    expect(sock['127.0.2.3']).toMatchObject({ fsm: 'IDLE', durationS: 13, peerId: null, messages: { sent: zero } });
    expect(sock['127.0.2.2']).toMatchObject({ fsm: 'ESTABLISHED', durationS: 17 });
    expect(sock['127.0.2.2']?.messages).toEqual({ sent: c(1, 0, 2, 1, 0, 4), received: c(1, 0, 2, 0, 0, 3) });
    const pipe = peers('v6.0-dev-api4/gobgp-killed-pipe-show-neighbor-extensive.raw');
    expect(pipe['127.0.2.3']?.fsm).toBe('IDLE');
    expect(pipe['127.0.2.2']?.durationS).toBe(18);
  });
});

describe('parseExtensive refuses what is not an extensive answer', () => {
  it.each([
    ['the v6 API rejecting the legacy command (empty answer)', 'v6.0-dev/3peer-socket-legacy-show-neighbor-extensive.raw', /empty/],
    ['a summary table', 'v5.0.15/pipe-show-neighbor-summary-3peer-up.txt', /before the first Neighbor/],
    ['a JSON answer', 'v5.0.15/pipe-show-neighbor-json-3peer-up.txt', /before the first Neighbor/],
    ['a stray `done` (API v4 socket, reconnect)', 'v6.0-dev-api4/socket-back-to-back-second-connection.raw', /empty/],
  ])('%s', (_what, path, reason) => {
    const text = splitAnswer(read(path)).lines.join('\n');
    const result = parseExtensive(text);
    expect(result).toMatchObject({ ok: false, raw: text });
    expect(!result.ok && result.error).toMatch(reason);
  });

  it('names the neighbor and row when a used row is malformed', () => {
    const text = answer('v4.2/pipe-show-neighbor-extensive-3peer-up.txt').replace(/(keepalive:\s+)1/, '$1x');
    const result = parseExtensive(text);
    expect(!result.ok && result.error).toBe('neighbor 127.0.1.2: row "keepalive": expected a number, got "x"');
  });
});

const CAPTURES = [
  'v4.2/pipe-show-neighbor-extensive-3peer-up.txt',
  'v4.2/pipe-show-neighbor-extensive-just-after-teardown.txt',
  'v5.0.15/pipe-show-neighbor-extensive-3peer-up.txt',
  'v5.0.15/pipe-show-neighbor-extensive-gobgp-killed.txt',
  'v6.0-dev-api4/3peer-socket-show-neighbor-extensive.raw',
  'v6.0-dev-api4/gobgp-killed-pipe-show-neighbor-extensive.raw',
];

describe('parseExtensive never throws', () => {
  it.each(CAPTURES)('every prefix of %s is refused or the leading neighbors of the full answer', (path) => {
    const text = answer(path);
    const full = ok(parseExtensive(text));
    let accepted = 0;
    for (let end = 0; end < text.length; end++) {
      const result = parseExtensive(text.slice(0, end));
      if (!result.ok) continue;
      accepted++;
      // A cut inside 6.0's trailing Prefix Statistic block can only lose that block.
      const lost = result.value.map((n, i) => (n.prefixes === null ? { ...n, prefixes: full[i]?.prefixes ?? null } : n));
      expect(lost).toEqual(full.slice(0, result.value.length));
    }
    // Text has no end-of-block marker: only cuts between blocks (or in trailing blanks) pass.
    expect(accepted).toBeLessThan(text.length / 10);
  });

  it('random strings and random UTF-8 bytes', () => {
    const valid = (r: Parsed<NeighborReport[]>) => (r.ok ? Array.isArray(r.value) : typeof r.error === 'string');
    fc.assert(fc.property(binaryStrings400, (s) => valid(parseExtensive(s))));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => valid(parseExtensive(Buffer.from(bytes).toString('utf8')))),
    );
    // Random edits of a real answer, so that the parser's deeper paths are reached too.
    const text = answer('v5.0.15/pipe-show-neighbor-extensive-3peer-up.txt');
    fc.assert(
      fc.property(fc.nat(text.length), fc.string({ maxLength: 8 }), (at, insert) =>
        valid(parseExtensive(text.slice(0, at) + insert + text.slice(at))),
      ),
    );
  });
});
