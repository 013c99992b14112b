// The comparison figures a capture stores: start time, peak CPU, the sessions a run waits for.
import { describe, expect, it } from 'vitest';
import { startTimeFromUptime } from '../../src/io/daemon/identity.js';
import { parseUptime } from '../../src/core/daemon/proc-parse.js';
import { peakPercent, type ThreadedReading } from '../../src/core/capture/cpu-time.js';
import { describeWaiting } from '../../src/core/capture/waiting.js';
import type { EstablishmentRun } from '../../src/core/model/capture.js';
import { establishmentFigure, peakFigure } from '../../src/core/capture/figures.js';
import { establishedWithRetries } from '../../src/session/capture/attach-once.js';
import type { ControlPoll } from '../../src/core/control/client.js';
import { neighborReport } from '../support/builders.js';

describe('process start from /proc/uptime', () => {
  it('keeps the centiseconds btime drops', () => {
    expect(parseUptime('12345.67 23456.78\n')).toBe(12345.67);
    // Read at epoch 1_000_000.000 s with uptime 100.25 s: a process started 50.13 s after boot
    // started 50.12 s before the read.
    expect(startTimeFromUptime({ seconds: 100.25, at: 1_000_000_000 }, 5013)).toBe(1_000_000_000 - 50_120);
  });
});

const reading = (t: number, ticks: number, threads = 1): ThreadedReading => ({ t, ticks, threads });

describe('peak CPU during session setup', () => {
  it('a last interval of a few ms is merged, not read as 200 %', () => {
    // 100 ms periods at 50 %, then 2 ticks in the last 5 ms before ESTABLISHED.
    const readings = [reading(100, 5), reading(200, 10), reading(300, 15), reading(305, 17)];
    const { peak, intervals } = peakPercent(0, readings, 100);
    expect(intervals.every((i) => i.to - i.from >= 100)).toBe(true);
    expect(peak).toBeCloseTo((7 / 100 / 0.105) * 100, 5);
    expect(peak!).toBeLessThan(100);
  });

  it('never exceeds 100 % per thread the process has', () => {
    const { peak } = peakPercent(0, [reading(100, 15, 1), reading(200, 30, 1)], 100);
    expect(peak).toBe(100);
    expect(peakPercent(0, [reading(100, 15, 2)], 100).peak).toBeCloseTo(150, 9);
  });

  it('no interval of a full period: no figure', () => {
    expect(peakPercent(0, [reading(40, 3)], 100).peak).toBeNull();
  });

  it('the stored figure is the median of the per-run peaks, each listed in the method', () => {
    const run = (peak: number): EstablishmentRun => ({
      ok: true, pid: 1, startTime: 1000, startResolutionMs: 10, establishedAt: 2000, seconds: 1, peakCpuPercent: peak,
      cpuSamples: 10, error: null, lastStates: {},
    });
    const figure = peakFigure([run(40), run(95), run(42)], { expected: ['10.0.0.1'], restartCommand: ['true'], recordedAt: 0 })!;
    expect(figure.value).toBe(42);
    expect(figure.raw).toEqual([40, 95, 42]);
    expect(figure.method).toContain('40%, 95%, 42%');
    expect(figure.method).toContain('median');
  });
});

describe('establishment time: what dated the end of each run', () => {
  const run = (by: EstablishmentRun['establishedBy'], uncertaintyS: number | null): EstablishmentRun => ({
    ok: true, pid: 1, startTime: 1000, startResolutionMs: 10, establishedAt: 1500, seconds: 0.5, peakCpuPercent: 50,
    cpuSamples: 5, error: null, lastStates: {}, uncertaintyS, ...(by ? { establishedBy: by } : {}),
  });
  const context = { expected: ['10.0.0.1'], restartCommand: ['true'], recordedAt: 0 };

  it('the daemon\'s up events, with the file its API process writes, when every run had them', () => {
    const api = { kind: 'api-event' as const, file: '/var/log/exabgp/events.log' };
    const figure = establishmentFigure([run(api, null), run(api, null)], context)!;
    expect(figure.method).toContain("`up` state event in the daemon's API event stream");
    expect(figure.method).toContain('µs');
    expect(figure.method).toContain('/var/log/exabgp/events.log');
    expect(figure.method).not.toContain('control-channel poll');
  });

  it('the control channel\'s polls otherwise, with their blind spot; a mix says how many runs each', () => {
    const polled = establishmentFigure([run({ kind: 'control-poll', file: null }, 0.4)], context)!;
    expect(polled.method).toContain('control-channel poll');
    expect(polled.method).toContain('0.40 s');
    const mixed = establishmentFigure([run({ kind: 'api-event', file: '/tmp/e.log' }, null), run(undefined, 0.3)], context)!;
    expect(mixed.method).toContain('in 1 of 2 runs, else the control-channel poll');
  });
});

describe('the sessions an establishment run waits for', () => {
  const failed: ControlPoll = { t: 0, transport: 'pipe', path: '/run/exabgp', latencyMs: 5, ok: false, timedOut: true, error: 'timed out', raw: null, neighbors: null, status: null };
  const answered: ControlPoll = {
    ...failed, ok: true, timedOut: false, error: null,
    neighbors: [neighborReport({ address: '10.0.0.1', fsm: 'ESTABLISHED' }), neighborReport({ address: '10.0.0.9', fsm: 'ACTIVE' })],
  };

  it('a failed poll is asked again, and the set stays the established ones (not every configured)', async () => {
    const answers = [failed, failed, answered];
    const result = await establishedWithRetries(async () => answers.shift()!, 5, 1, async () => undefined);
    expect(result).toEqual({ ok: true, addresses: ['10.0.0.1'] });
  });

  it('polls that keep failing fail the capture instead of widening the set', async () => {
    const result = await establishedWithRetries(async () => failed, 3, 1, async () => undefined);
    expect(result).toEqual({ ok: false, error: '3 polls failed, last: timed out' });
  });

  it('says live which neighbor it waits for', () => {
    expect(describeWaiting({ pending: [{ address: '10.0.0.9', state: 'ACTIVE' }], established: 2, expected: 3, elapsedMs: 1420 }))
      .toBe('waiting for 10.0.0.9 (ACTIVE), 2/3 ESTABLISHED after 1.4 s');
  });
});
