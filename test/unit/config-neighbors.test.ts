// The neighbors a configuration declares (src/core/daemon/config-neighbors.ts), read from the exact
// configs the fixture labs ran with and from the config exatop's own lab generates.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { neighborsFromConfig, type ConfiguredNeighbor } from '../../src/core/daemon/config-neighbors.js';
import { daemonConfig, peerExabgpConfig, planLab } from '../../src/core/lab/plan.js';

const read = (path: string): string => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');

const lab = (net: string): ConfiguredNeighbor[] => [
  { address: `${net}.2`, description: 'bird', peerAs: 65002 },
  { address: `${net}.3`, description: 'gobgp', peerAs: 65003 },
  { address: `${net}.4`, description: 'ghost', peerAs: 65004 },
];

describe('neighborsFromConfig over the fixture labs’ real configs', () => {
  it('4.2: three neighbors inheriting a template; the template itself is not a neighbor', () => {
    const text = read('v4.2/exabgp-3peer.conf');
    expect(text).toContain('neighbor common {');
    expect(neighborsFromConfig(text)).toEqual(lab('127.0.1'));
  });

  it('5.0.15: the same lab', () => {
    expect(neighborsFromConfig(read('v5.0.15/exabgp-3peer.conf'))).toEqual(lab('127.0.1'));
  });

  it('6.0-dev: its own addresses', () => {
    expect(neighborsFromConfig(read('v6.0-dev/exabgp-3peer.conf'))).toEqual(lab('127.0.2'));
  });

  it('the same neighbors written one statement a line, with comments around them', () => {
    const text = [
      '# exatop test: the 4.2 lab, spelt out',
      ...read('v4.2/exabgp-3peer.conf').split('\n').slice(0, 19),
      '# neighbor 127.0.1.9 { description "retired"; peer-as 65009; }',
      'neighbor 127.0.1.2 {  # bird { the first }',
      '    inherit common;',
      '    description "bird";  # description "not-this"',
      '    peer-as 65002;  # peer-as 65099;',
      '    connect 18902;',
      '}',
      '#neighbor 127.0.1.3 {',
      'neighbor 127.0.1.3 {',
      '    inherit common;',
      '    # } a closing brace in a comment does not end the block',
      '    description "gobgp";',
      '    peer-as 65003;',
      '}',
      'neighbor 127.0.1.4 { inherit common; description "ghost"; peer-as 65004; } # ghost',
      '',
    ].join('\n');
    expect(text).toContain('template {');
    expect(neighborsFromConfig(text)).toEqual(lab('127.0.1'));
  });

  it('a neighbor with no description or peer-as of its own has null ones (names are per neighbor)', () => {
    const text = `${read('v5.0.15/exabgp-3peer.conf')}neighbor 127.0.1.5 { inherit common; connect 18905; }\n`;
    const found = neighborsFromConfig(text);
    expect(found).toHaveLength(4);
    expect(found[3]).toEqual({ address: '127.0.1.5', description: null, peerAs: null });
  });

  it('only the neighbor’s own level counts: a description inside a nested block is not its name', () => {
    const text = 'neighbor 10.0.0.1 {\n    api { description "inner"; }\n    peer-as 64512;\n}\nneighbor 10.0.0.2 {\n    description edge-2;\n    peer-as 64513;\n}\n';
    expect(neighborsFromConfig(text)).toEqual([
      { address: '10.0.0.1', description: null, peerAs: 64512 },
      { address: '10.0.0.2', description: 'edge-2', peerAs: 64513 },
    ]);
  });

  it('IPv6 neighbors', () => {
    expect(neighborsFromConfig('neighbor 2001:db8::2 {\n  description "v6 peer";\n  peer-as 65100;\n}\n')).toEqual([
      { address: '2001:db8::2', description: 'v6 peer', peerAs: 65100 },
    ]);
  });

  it('nothing configured, nothing found', () => {
    expect(neighborsFromConfig('')).toEqual([]);
    expect(neighborsFromConfig('process monitor {\n    run /usr/bin/python3 /tmp/x.py;\n    encoder json;\n}\n')).toEqual([]);
  });

  it('a template whose name happens to be made of hex digits is still not a neighbor', () => {
    // `dc1` is a plain template name (ExaBGP takes any word); only neighbor blocks at top level
    // (or inside a group) name peers.
    const text = read('v4.2/exabgp-3peer.conf').replaceAll('common', 'dc1');
    expect(text).toContain('neighbor dc1 {');
    expect(neighborsFromConfig(text)).toEqual(lab('127.0.1'));
  });
});

describe("neighborsFromConfig over exatop's own lab config", () => {
  const plan = planLab({ dir: '/x', slot: 3, peers: ['bird', 'exabgp'], user: 'u' });

  it('gives back the plan’s neighbors with their names and AS numbers', () => {
    const text = daemonConfig(plan, '/usr/bin/python3');
    const found = neighborsFromConfig(text);
    expect(found).toEqual([
      { address: '127.0.103.2', description: 'bird', peerAs: 65002 },
      { address: '127.0.103.3', description: 'exabgp-peer', peerAs: 65003 },
      { address: '127.0.103.4', description: 'ghost', peerAs: 65004 },
    ]);
    expect(found).toEqual(plan.neighbors.map((n) => ({ address: n.address, description: n.name, peerAs: n.asn })));
  });

  it('two peers of a kind keep their distinct names', () => {
    const twice = planLab({ dir: '/x', slot: 0, peers: ['bird', 'bird', 'exabgp'], user: 'u' });
    expect(neighborsFromConfig(daemonConfig(twice, '/usr/bin/python3')).map((n) => [n.address, n.description])).toEqual([
      ['127.0.100.2', 'bird'],
      ['127.0.100.3', 'bird2'],
      ['127.0.100.4', 'exabgp-peer'],
      ['127.0.100.5', 'ghost'],
    ]);
  });

  it("a peer ExaBGP's config names the lab daemon", () => {
    const peer = plan.neighbors[1]!;
    expect(neighborsFromConfig(peerExabgpConfig(plan, peer))).toEqual([{ address: '127.0.103.1', description: 'lab-daemon', peerAs: 65001 }]);
  });
});
