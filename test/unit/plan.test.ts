import { isIPv4 } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyInvocation } from '../../src/core/daemon/classify.js';
import {
  birdConfig, daemonArguments, daemonConfig, daemonEnvironment, peerExabgpConfig, peerExabgpEnvironment, planLab,
  type LabOptions, type PeerKind,
} from '../../src/core/lab/plan.js';

const DIR = '/tmp/exatop-test-lab/lab0';
const options = (overrides: Partial<LabOptions> = {}): LabOptions => ({ dir: DIR, slot: 0, peers: ['bird', 'exabgp'], user: 'tester', ...overrides });

const octets = (address: string): number[] => address.split('.').map(Number);
function inSlotNet(address: string, slot: number): boolean {
  const [a, b, c, d] = octets(address);
  return isIPv4(address) && a === 127 && b === 0 && c === 100 + slot && d! >= 1 && d! <= 254;
}
function allAddresses(plan: ReturnType<typeof planLab>): string[] {
  return [plan.daemonAddress, ...plan.neighbors.map((n) => n.address)];
}

const peersArb = fc.array(fc.constantFrom<PeerKind>('bird', 'exabgp'), { maxLength: 6 });

describe('planLab', () => {
  it('puts the daemon and every neighbor inside 127.0.(100+slot).0/24', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 150 }), peersArb, (slot, peers) => {
        const plan = planLab(options({ slot, peers }));
        for (const address of allAddresses(plan)) expect(inSlotNet(address, slot), address).toBe(true);
      }),
    );
  });

  it('gives every address and every port only once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 150 }), peersArb, (slot, peers) => {
        const plan = planLab(options({ slot, peers }));
        const addresses = allAddresses(plan);
        expect(new Set(addresses).size).toBe(addresses.length);
        const ports = [plan.daemonPort, ...plan.neighbors.map((n) => n.port)];
        expect(new Set(ports).size).toBe(ports.length);
        for (const port of ports) expect(port).toBeGreaterThan(1024);
      }),
    );
  });

  it('one neighbor per peer, in order, then the ghost, always last and never a peer kind', () => {
    fc.assert(
      fc.property(peersArb, (peers) => {
        const plan = planLab(options({ peers }));
        expect(plan.neighbors).toHaveLength(peers.length + 1);
        expect(plan.neighbors.map((n) => n.kind)).toEqual([...peers, 'ghost']);
        const ghost = plan.neighbors[plan.neighbors.length - 1]!;
        expect(ghost.kind).toBe('ghost');
        expect(ghost.name).toBe('ghost');
        expect(plan.neighbors.filter((n) => n.kind === 'ghost')).toHaveLength(1);
      }),
    );
  });

  it('with no peers the ghost is the only neighbor', () => {
    const plan = planLab(options({ peers: [] }));
    expect(plan.neighbors.map((n) => n.kind)).toEqual(['ghost']);
  });

  it('neighbors have their own AS numbers, distinct from the daemon\'s', () => {
    const plan = planLab(options({ peers: ['bird', 'exabgp', 'bird'] }));
    const asns = [plan.daemonAsn, ...plan.neighbors.map((n) => n.asn)];
    expect(new Set(asns).size).toBe(asns.length);
    for (const asn of asns) expect(asn >= 64512 && asn <= 65534).toBe(true); // private 16-bit ASNs
  });

  it('slots 0 and 1 share no address and no pipe name', () => {
    const a = planLab(options({ slot: 0, dir: '/tmp/l/lab0' }));
    const b = planLab(options({ slot: 1, dir: '/tmp/l/lab1' }));
    const shared = allAddresses(a).filter((x) => allAddresses(b).includes(x));
    expect(shared).toEqual([]);
    expect(a.pipeName).not.toBe(b.pipeName);
  });

  it('any two different slots share no address', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 150 }), fc.integer({ min: 0, max: 150 }), peersArb, (s1, s2, peers) => {
        fc.pre(s1 !== s2);
        const a = allAddresses(planLab(options({ slot: s1, peers })));
        const b = allAddresses(planLab(options({ slot: s2, peers })));
        expect(a.filter((x) => b.includes(x))).toEqual([]);
      }),
    );
  });

  it.each([-1, 151, 1.5, Number.NaN])('slot %s is out of range: RangeError', (slot) => {
    expect(() => planLab(options({ slot }))).toThrow(RangeError);
  });

  it('slots 0 and 150 are the accepted bounds', () => {
    expect(planLab(options({ slot: 0 })).daemonAddress).toBe('127.0.100.1');
    expect(planLab(options({ slot: 150 })).daemonAddress).toBe('127.0.250.1');
  });

  it('keeps every file inside the lab folder', () => {
    const plan = planLab(options());
    for (const path of [plan.runDir, plan.logDir, plan.pidFile, plan.configFile, plan.envFile, plan.apiScript, plan.eventsLog]) {
      expect(path.startsWith(`${DIR}/`), path).toBe(true);
    }
    expect(plan.pidFile.startsWith(`${plan.runDir}/`)).toBe(true);
    expect(plan.eventsLog.startsWith(`${plan.logDir}/`)).toBe(true);
  });

  it('gives each neighbor a distinct name (the lab finds peers by name and names their conf, pid and log files after it)', () => {
    const plan = planLab(options({ peers: ['bird', 'exabgp', 'exabgp'] }));
    const names = plan.neighbors.map((n) => n.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('daemonConfig', () => {
  const blocks = (config: string): string[] => config.split(/^neighbor /m).slice(1);

  it('has one neighbor block per neighbor (ghost included) with `connect <port>;`', () => {
    fc.assert(
      fc.property(peersArb, (peers) => {
        const plan = planLab(options({ peers }));
        const config = daemonConfig(plan, '/usr/bin/python3');
        const found = blocks(config);
        expect(found).toHaveLength(plan.neighbors.length);
        plan.neighbors.forEach((n, i) => {
          const block = found[i]!;
          expect(block.startsWith(`${n.address} {`)).toBe(true);
          expect(block).toContain(`    connect ${n.port};`);
          expect(block).toContain(`    peer-as ${n.asn};`);
          expect(block).toContain(`    local-address ${plan.daemonAddress};`);
          expect(block).toContain(`    local-as ${plan.daemonAsn};`);
          expect(block).toContain(`description "${n.name}";`);
        });
      }),
    );
  });

  it('braces balance', () => {
    const config = daemonConfig(planLab(options()), '/usr/bin/python3');
    expect(config.split('{').length).toBe(config.split('}').length);
  });

  it('runs the API script with the given python, writing to the events log', () => {
    const plan = planLab(options());
    const config = daemonConfig(plan, '/usr/bin/python3');
    expect(config).toContain(`run /usr/bin/python3 ${plan.apiScript} ${plan.eventsLog};`);
    expect(config).toMatch(/^process events \{/);
  });
});

describe('daemonEnvironment', () => {
  it('binds only the lab\'s loopback address, on the lab port', () => {
    for (const slot of [0, 1, 150]) {
      const plan = planLab(options({ slot }));
      const env = daemonEnvironment(plan, 'tester');
      expect(env['exabgp_tcp_bind']).toBe(plan.daemonAddress);
      expect(inSlotNet(env['exabgp_tcp_bind']!, slot)).toBe(true);
      expect(env['exabgp_tcp_port']).toBe(String(plan.daemonPort));
      // no other address-valued variable sneaks in a non-loopback bind
      for (const [key, value] of Object.entries(env)) {
        if (isIPv4(value)) expect(value.startsWith('127.'), key).toBe(true);
      }
    }
  });

  it('runs as the given user, stays in the foreground, writes its pid file and finds its pipes in the lab', () => {
    const plan = planLab(options());
    const env = daemonEnvironment(plan, 'tester');
    expect(env['exabgp_daemon_user']).toBe('tester');
    expect(env['exabgp_daemon_daemonize']).toBe('false');
    expect(env['exabgp_daemon_pid']).toBe(plan.pidFile);
    expect(env['exabgp_api_pipename']).toBe(plan.pipeName);
    expect(env['EXABGP_ROOT']).toBe(plan.dir);
    // exabgp_cli_pipe in the launch environment turns exabgp into the CLI helper (v5.0.15 README)
    expect(env['exabgp_cli_pipe']).toBeUndefined();
  });
});

describe('daemonArguments', () => {
  const plan = planLab(options());

  it('4.2 gets --root (where it looks for its pipes) and --env, config last', () => {
    const args = daemonArguments(plan, '4.2');
    expect(args).toEqual(['--root', plan.dir, '--env', plan.envFile, plan.configFile]);
  });

  it('5.0 has no --root option: only the config (pipes found through EXABGP_ROOT)', () => {
    const args = daemonArguments(plan, '5.0');
    expect(args).not.toContain('--root');
    expect(args).not.toContain('--env');
    expect(args[args.length - 1]).toBe(plan.configFile);
    expect(args).not.toEqual(daemonArguments(plan, '4.2'));
  });

  it('exatop recognises its own lab daemon as a daemon, with the lab config, root and env file', () => {
    expect(classifyInvocation(['/usr/bin/python3', '/usr/sbin/exabgp', ...daemonArguments(plan, '4.2')])).toEqual({
      role: 'daemon', configs: [plan.configFile], envFile: plan.envFile, root: plan.dir,
    });
    expect(classifyInvocation(['/venv/bin/python3', '/venv/bin/exabgp', ...daemonArguments(plan, '5.0')])).toEqual({
      role: 'daemon', configs: [plan.configFile], envFile: null, root: null,
    });
  });
});

describe('peer configurations', () => {
  const plan = planLab(options({ peers: ['bird', 'exabgp'] }));
  const bird = plan.neighbors.find((n) => n.kind === 'bird')!;
  const exa = plan.neighbors.find((n) => n.kind === 'exabgp')!;

  it('BIRD listens on its own address and port and points at the daemon', () => {
    const conf = birdConfig(plan, bird);
    expect(conf).toContain(`local ${bird.address} port ${bird.port} as ${bird.asn};`);
    expect(conf).toContain(`neighbor ${plan.daemonAddress} port ${plan.daemonPort} as ${plan.daemonAsn};`);
    expect(conf).toContain('multihop 2;'); // needed over loopback (FACTS.md)
  });

  it('the ExaBGP peer is passive, peers with the daemon and binds only its own loopback address', () => {
    const conf = peerExabgpConfig(plan, exa);
    expect(conf.startsWith(`neighbor ${plan.daemonAddress} {`)).toBe(true);
    expect(conf).toContain(`local-address ${exa.address};`);
    expect(conf).toContain(`peer-as ${plan.daemonAsn};`);
    expect(conf).toContain('passive;');
    const env = peerExabgpEnvironment(plan, exa, 'tester');
    expect(env['exabgp_tcp_bind']).toBe(exa.address);
    expect(env['exabgp_tcp_port']).toBe(String(exa.port));
    expect(env['exabgp_daemon_pid']).toBe(join(plan.runDir, `${exa.name}.pid`));
    expect(env['exabgp_daemon_pid']).not.toBe(plan.pidFile);
  });
});
