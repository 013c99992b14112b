// Churn and flaps: the pure plan. The two python programs, run for real, are in
// test/integration/lab-programs.test.ts.
import { describe, expect, it } from 'vitest';
import { daemonConfig, planLab, type LabOptions } from '../../src/core/lab/plan.js';
import { BIRDC, describeLoad, flapArguments, flapDownMs, flapProblem, flapsDone, flapTargets } from '../../src/core/lab/stress.js';

const DIR = '/tmp/exatop-test-lab/lab31';
const options = (overrides: Partial<LabOptions> = {}): LabOptions => ({ dir: DIR, slot: 31, peers: 30, user: 'tester', ...overrides });
const PYTHON = '/usr/bin/python3';

describe('churn in the daemon config', () => {
  it('an API process writing RATE commands a second over the answered neighbors, named by each of them', () => {
    const plan = planLab(options({ churn: 50 }));
    const config = daemonConfig(plan, PYTHON);
    expect(config).toContain(`process churn {\n    run ${PYTHON} ${DIR}/churn.py 50 127.0.131 2 30;\n    encoder text;\n}`);
    const blocks = config.split(/^neighbor /m).slice(1);
    for (const block of blocks.slice(0, 30)) expect(block).toContain('api { processes [ events churn ];');
    // the ghost never answers: no churn is aimed at it
    expect(blocks[30]).toContain('api { processes [ events ];');
  });

  it('works for a small lab too: the peers at .2 and .3', () => {
    const plan = planLab(options({ peers: ['bird', 'exabgp'], churn: 2.5 }));
    expect(daemonConfig(plan, PYTHON)).toContain(`run ${PYTHON} ${DIR}/churn.py 2.5 127.0.131 2 2;`);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('churn %s is refused', (churn) => {
    expect(() => planLab(options({ churn }))).toThrow(/churn must be a number of UPDATEs per second/);
  });
});

describe('flap plan', () => {
  it('targets every BIRD session in address order, through the BIRD that answers it', () => {
    const plan = planLab(options({ peers: 3 }));
    expect(flapTargets(plan)).toEqual([
      { neighbor: 'p002', controlSocket: `${DIR}/run/bird.ctl`, protocol: 'p002' },
      { neighbor: 'p003', controlSocket: `${DIR}/run/bird.ctl`, protocol: 'p003' },
      { neighbor: 'p004', controlSocket: `${DIR}/run/bird.ctl`, protocol: 'p004' },
    ]);
    const small = planLab(options({ peers: ['exabgp', 'bird', 'bird'] }));
    expect(flapTargets(small)).toEqual([
      { neighbor: 'bird', controlSocket: `${DIR}/run/bird.ctl`, protocol: 'exa' },
      { neighbor: 'bird2', controlSocket: `${DIR}/run/bird2.ctl`, protocol: 'exa' },
    ]);
  });

  it('the flapper argv: interval and down time in seconds, birdc, its log, then socket/protocol pairs', () => {
    const plan = planLab(options({ peers: 2 }));
    expect(flapArguments(plan, 30_000)).toEqual([
      plan.flapScript, '30', '5', BIRDC, plan.flapLog, `${DIR}/run/bird.ctl`, 'p002', `${DIR}/run/bird.ctl`, 'p003',
    ]);
    expect(flapArguments(plan, 5000).slice(1, 3)).toEqual(['5', '2.5']);
  });

  it('a lab with no BIRD cannot flap: the message says what to do', () => {
    expect(() => flapArguments(planLab(options({ peers: ['exabgp'] })), 5000)).toThrow('--flap takes BIRD sessions down and up: the lab needs BIRD peers (--peers N, or bird in --peers LIST)');
  });

  it('down for half the interval, at most 5 s', () => {
    expect(flapDownMs(1000)).toBe(500);
    expect(flapDownMs(5000)).toBe(2500);
    expect(flapDownMs(10_000)).toBe(5000);
    expect(flapDownMs(120_000)).toBe(5000);
  });

  it('intervals: 0 (none) or at least 1 s', () => {
    expect(flapProblem(0)).toBeNull();
    expect(flapProblem(1000)).toBeNull();
    expect(flapProblem(30_000)).toBeNull();
    expect(flapProblem(500)).toBe('--flap takes an interval of at least 1s such as 30s or 2m (0: no flapping), got 500 ms');
    expect(flapProblem(-1000)).not.toBeNull();
    expect(flapProblem(Number.NaN)).not.toBeNull();
  });

  it('counts the flaps in the log: disables only, failed ones not', () => {
    const log = [
      '2026-11-23T17:36:13.537Z start every 5s down 2.5s over 30 sessions',
      '2026-11-23T17:36:18.540Z disable p002',
      '2026-11-23T17:36:21.043Z enable p002',
      '2026-11-23T17:36:23.546Z idle no established session to flap',
      '2026-11-23T17:36:28.542Z disable p004',
      '2026-11-23T17:36:29.542Z disable p005 failed',
      '',
    ].join('\n');
    expect(flapsDone(log)).toBe(2);
    expect(flapsDone('')).toBe(0);
  });
});

describe('describeLoad', () => {
  it('scale lab: the neighbor range, the ghost, churn and flaps in one line', () => {
    expect(describeLoad(planLab(options({ peers: 100, churn: 50 })), 30_000)).toBe(
      '100 neighbors 127.0.131.2…127.0.131.101 on one BIRD, ghost 127.0.131.102; churn 50 UPDATE/s; one BIRD session flapped every 30s',
    );
  });

  it('small lab: every peer by name', () => {
    expect(describeLoad(planLab(options({ peers: ['bird', 'exabgp'] })), 0)).toBe(
      'peers bird@127.0.131.2, exabgp-peer@127.0.131.3, ghost@127.0.131.4; no churn; no flaps',
    );
  });
});
