import { describe, expect, it } from 'vitest';
import { labRequest, parseLabArgs, parsePeers } from '../../src/commands/lab.js';
import { UsageError } from '../../src/commands/common.js';

describe('exatop lab --peers', () => {
  it('a list of peer kinds, as before', () => {
    expect(parsePeers('bird,exabgp')).toEqual(['bird', 'exabgp']);
    expect(parsePeers(' exabgp ')).toEqual(['exabgp']);
  });

  it('a number: the scale lab', () => {
    expect(parsePeers('100')).toBe(100);
    expect(parsePeers('1')).toBe(1);
    expect(parsePeers('240')).toBe(240);
  });

  it.each(['0', '241', '1000'])('%s neighbors do not fit the lab /24', (text) => {
    expect(() => parsePeers(text)).toThrow(UsageError);
    expect(() => parsePeers(text)).toThrow(/--peers takes a neighbor count 1\.\.240/);
  });

  it.each(['gobgp', 'bird,frr', '', ',', '-3', '2.5'])('%j is refused with what it takes', (text) => {
    expect(() => parsePeers(text)).toThrow(UsageError);
  });
});

describe('exatop lab --churn and --flap', () => {
  it('default: no churn, no flaps', () => {
    const args = parseLabArgs(['up']);
    expect(args).toMatchObject({ action: 'up', churn: 0, flapEveryMs: 0, peers: undefined });
  });

  it('the scale lab of the runbook: --peers 100 --churn 50 --flap 30s', () => {
    const args = parseLabArgs(['up', '--peers', '100', '--churn', '50', '--flap', '30s', '--slot', '31']);
    expect(args).toMatchObject({ peers: 100, churn: 50, flapEveryMs: 30_000, slot: 31 });
    expect(labRequest(args)).toMatchObject({ peers: 100, churn: 50, flapEveryMs: 30_000, slot: 31, root: args.root });
  });

  it('durations as operators type them; churn with any lab', () => {
    expect(parseLabArgs(['up', '--flap', '2m']).flapEveryMs).toBe(120_000);
    expect(parseLabArgs(['up', '--flap', '0']).flapEveryMs).toBe(0);
    expect(parseLabArgs(['up', '--peers', 'bird,exabgp', '--churn', '2.5']).churn).toBe(2.5);
  });

  it.each([
    [['--churn', 'lots'], /--churn takes UPDATEs per second/],
    [['--churn', ''], /--churn takes UPDATEs per second/],
    [['--churn=-1'], /--churn takes UPDATEs per second/],
    [['--flap', 'often'], /--flap takes an interval such as 30s or 2m/],
    [['--flap', '500ms'], /at least 1s/],
    [['--peers', 'exabgp', '--flap', '5s'], /--flap takes BIRD sessions down and up: add bird to --peers/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseLabArgs(['up', ...argv])).toThrow(UsageError);
    expect(() => parseLabArgs(['up', ...argv])).toThrow(message);
  });
});
