import { isIPv4 } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neighborsFromConfig } from '../../src/core/daemon/config-neighbors.js';
import { birdConfigFor, daemonConfig, planLab, type LabOptions } from '../../src/core/lab/plan.js';
import { MAX_SCALE_PEERS, nominalDaemonPort, scalePeersProblem } from '../../src/core/lab/scale-plan.js';

const options = (overrides: Partial<LabOptions> = {}): LabOptions => ({ dir: '/tmp/exatop-test-lab/lab31', slot: 31, peers: 100, user: 'tester', ...overrides });
const countArb = fc.integer({ min: 1, max: MAX_SCALE_PEERS });
const slotArb = fc.integer({ min: 0, max: 150 });

/** The `protocol bgp NAME { … }` blocks of a BIRD config, by name. */
function protocols(config: string): Map<string, string> {
  return new Map([...config.matchAll(/^protocol bgp (\S+) \{\n([\s\S]*?)^\}/gm)].map((m) => [m[1]!, m[2]!]));
}

describe('planLab in scale mode (--peers N)', () => {
  it('N neighbors answered by one BIRD process, then the ghost, all inside 127.0.(100+slot).0/24', () => {
    fc.assert(
      fc.property(slotArb, countArb, (slot, count) => {
        const plan = planLab(options({ slot, peers: count }));
        expect(plan.scale).toBe(count);
        expect(plan.neighbors).toHaveLength(count + 1);
        expect(plan.peerProcesses).toEqual([{ name: 'bird', kind: 'bird' }]);
        expect(plan.neighbors.slice(0, count).every((n) => n.kind === 'bird' && n.process === 'bird' && n.birdProtocol === n.name)).toBe(true);
        expect(plan.neighbors.at(-1)).toMatchObject({ name: 'ghost', kind: 'ghost', process: null, birdProtocol: null });
        for (const address of [plan.daemonAddress, ...plan.neighbors.map((n) => n.address)]) {
          const [a, b, c, d] = address.split('.').map(Number);
          expect(isIPv4(address) && a === 127 && b === 0 && c === 100 + slot && d! >= 1 && d! <= 254, address).toBe(true);
        }
      }),
    );
  });

  it('every address, port, AS number and name only once; ports above 1024', () => {
    fc.assert(
      fc.property(slotArb, countArb, (slot, count) => {
        const plan = planLab(options({ slot, peers: count }));
        const unique = (list: unknown[]) => expect(new Set(list).size).toBe(list.length);
        unique([plan.daemonAddress, ...plan.neighbors.map((n) => n.address)]);
        const ports = [plan.daemonPort, ...plan.neighbors.map((n) => n.port), ...plan.neighbors.map((n) => nominalDaemonPort(Number(n.address.split('.')[3])))];
        unique(ports);
        for (const port of ports) expect(port).toBeGreaterThan(1024);
        unique([plan.daemonAsn, ...plan.neighbors.map((n) => n.asn)]);
        for (const n of plan.neighbors) expect(n.asn >= 64512 && n.asn <= 65534).toBe(true);
        unique(plan.neighbors.map((n) => n.name));
      }),
    );
  });

  it('names neighbors after their last octet: p002 … and the ghost after the last peer', () => {
    const plan = planLab(options({ peers: 3 }));
    expect(plan.neighbors.map((n) => [n.name, n.address, n.port, n.asn])).toEqual([
      ['p002', '127.0.131.2', 17902, 65002],
      ['p003', '127.0.131.3', 17903, 65003],
      ['p004', '127.0.131.4', 17904, 65004],
      ['ghost', '127.0.131.5', 17905, 65005],
    ]);
    expect(planLab(options({ peers: MAX_SCALE_PEERS })).neighbors.at(-1)!.address).toBe('127.0.131.242');
  });

  it.each([0, -1, 241, 1000, 2.5, Number.NaN])('%s neighbors: a RangeError that says what fits', (count) => {
    expect(() => planLab(options({ peers: count }))).toThrow(RangeError);
    expect(() => planLab(options({ peers: count }))).toThrow(/1\.\.240 .*127\.0\.\(100\+slot\)\.0\/24.*daemon at \.1/);
  });

  it('scalePeersProblem accepts 1..240 and explains everything else', () => {
    expect(scalePeersProblem(1)).toBeNull();
    expect(scalePeersProblem(100)).toBeNull();
    expect(scalePeersProblem(240)).toBeNull();
    expect(scalePeersProblem(241)).toBe('--peers takes a neighbor count 1..240 (they and a ghost neighbor share 127.0.(100+slot).0/24 with the daemon at .1), or a list of peer kinds bird,exabgp; got 241');
    expect(scalePeersProblem(0)).toContain('got 0');
  });

  it('a list of more peer kinds than fit the /24 is refused too', () => {
    expect(() => planLab(options({ peers: Array.from({ length: 241 }, () => 'exabgp' as const) }))).toThrow(/at most 240/);
  });

  it('a longer hold time than the small lab (100 sessions under churn on a small machine)', () => {
    expect(planLab(options()).holdTime).toBe(90);
    expect(planLab(options({ peers: ['bird'] })).holdTime).toBe(30);
  });
});

describe("the scale lab's daemon config", () => {
  it('one neighbor block per neighbor, connecting to its own BIRD session port, readable by exatop', () => {
    fc.assert(
      fc.property(countArb, (count) => {
        const plan = planLab(options({ peers: count }));
        const config = daemonConfig(plan, '/usr/bin/python3');
        expect(neighborsFromConfig(config)).toEqual(plan.neighbors.map((n) => ({ address: n.address, description: n.name, peerAs: n.asn })));
        const blocks = config.split(/^neighbor /m).slice(1);
        plan.neighbors.forEach((n, i) => {
          expect(blocks[i]).toContain(`    connect ${n.port};`);
          expect(blocks[i]).toContain('    hold-time 90;');
        });
        expect(config.split('{').length).toBe(config.split('}').length);
      }),
      { numRuns: 20 },
    );
  });

  it('100 neighbors: 101 blocks (ghost included), no churn process without --churn', () => {
    const config = daemonConfig(planLab(options({ peers: 100 })), '/usr/bin/python3');
    expect(config.match(/^neighbor /gm)).toHaveLength(101);
    expect(config).not.toContain('process churn');
    expect(config).not.toContain('churn ]');
  });
});

describe("the scale lab's BIRD config", () => {
  it('one passive protocol per answered neighbor on its own address and port, none for the ghost', () => {
    fc.assert(
      fc.property(slotArb, countArb, (slot, count) => {
        const plan = planLab(options({ slot, peers: count }));
        const found = protocols(birdConfigFor(plan, 'bird'));
        expect([...found.keys()]).toEqual(plan.neighbors.slice(0, count).map((n) => n.name));
        for (const n of plan.neighbors.slice(0, count)) {
          const body = found.get(n.name)!;
          expect(body).toContain(`  local ${n.address} port ${n.port} as ${n.asn};`);
          expect(body).toContain(`  neighbor ${plan.daemonAddress} port ${nominalDaemonPort(Number(n.address.split('.')[3]))} as ${plan.daemonAsn};`);
          expect(body).toContain('  passive on;');
          expect(body).toContain('  strict bind on;');
          expect(body).toContain('  multihop 2;');
        }
      }),
      { numRuns: 30 },
    );
  });

  it('gives each protocol its own (neighbor address, neighbor port): BIRD locks that pair and would run them one at a time', () => {
    const config = birdConfigFor(planLab(options({ peers: MAX_SCALE_PEERS })), 'bird');
    const pairs = [...config.matchAll(/^ {2}neighbor (\S+) port (\d+) as/gm)].map((m) => `${m[1]}:${m[2]}`);
    expect(pairs).toHaveLength(MAX_SCALE_PEERS);
    expect(new Set(pairs).size).toBe(MAX_SCALE_PEERS);
    expect(config.split('{').length).toBe(config.split('}').length);
  });

  it('a small lab keeps one BIRD per peer with its single protocol `exa`', () => {
    const plan = planLab(options({ peers: ['bird', 'exabgp', 'bird'] }));
    expect(plan.peerProcesses).toEqual([{ name: 'bird', kind: 'bird' }, { name: 'exabgp-peer', kind: 'exabgp' }, { name: 'bird2', kind: 'bird' }]);
    expect([...protocols(birdConfigFor(plan, 'bird2')).keys()]).toEqual(['exa']);
    expect(birdConfigFor(plan, 'bird2')).toContain(`local ${plan.neighbors[2]!.address} port ${plan.neighbors[2]!.port}`);
    expect(() => birdConfigFor(plan, 'exabgp-peer')).toThrow(RangeError);
  });
});
