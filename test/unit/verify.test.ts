// The rollback validation over states replayed from recordings of a real 4.2.21 lab
// (fixtures/recordings), and over the log of a real 4.2 daemon whose generator loop logs "async |".
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deriveReactor, makeVersion } from '../../src/core/daemon/version.js';
import { LogPipeline } from '../../src/core/logs/pipeline.js';
import type { LogEntry } from '../../src/core/logs/types.js';
import { initialState, reduce, type MonitorState } from '../../src/core/model/state.js';
import { parseRecording } from '../../src/core/record/format.js';
import { applySample } from '../../src/core/replay/feed.js';
import { impossibleExpectation, verifyExit, VerifyWatch, type VerifyOptions } from '../../src/core/verify/verify.js';
import { feed, FIXTURES } from '../support/log-captures.js';

const PEERS = ['127.0.149.2', '127.0.149.3'];
const following = [{ kind: 'file' as const, name: 'exabgp.log', how: 'test', state: 'following' as const, message: null }];

function withLogs(state: MonitorState, entries: LogEntry[] = []): MonitorState {
  const counters = { lines: 0, errors: 0, warnings: 0, tracebacks: 0, notifications: 0, sessionsUp: 0, sessionsDown: 0, apiCommands: 0, apiRejected: 0, configErrors: 0, connectFailures: 0, lastError: null };
  return reduce(state, { type: 'logs', entries, counters, sources: following, facts: [] });
}

/** Replays a recording into VerifyWatch, one state per sample, as the live watch sees them. */
function watch(name: string, options: Partial<VerifyOptions>, entries: LogEntry[] = []) {
  const rec = parseRecording(readFileSync(`${FIXTURES}recordings/${name}`, 'utf8'));
  const w = new VerifyWatch({ expect: 'generator', neighbors: PEERS, logsFrom: 0, ...options }, rec.samples[0]!.t);
  let state = initialState({ capacity: 60 });
  for (const s of rec.samples) {
    state = withLogs(applySample(state, s), entries);
    w.observe(state, s.t);
  }
  return w;
}

describe('exatop verify, decided', () => {
  it('a healthy lab: generator, both peers ESTABLISHED throughout, no traceback, no restart: exit 0', () => {
    const c = watch('v2-4.2-clean.jsonl', {}).conditions();
    expect(c.map((x) => [x.name, x.ok])).toEqual([['reactor', true], ['sessions', true], ['restarts', true], ['tracebacks', true], ['asyncio in the log', true]]);
    expect(verifyExit(c)).toBe(0);
  });

  it('a peer stopped during the window: sessions fail and name the neighbor and when', () => {
    const w = watch('v2-4.2-traceback.jsonl', {});
    expect(w.failed()).toBe(true);
    const sessions = w.conditions().find((x) => x.name === 'sessions')!;
    expect(sessions.ok).toBe(false);
    expect(sessions.detail).toMatch(/^127\.0\.149\.2 left ESTABLISHED at 2026-12-04T04:03:4\dZ \(IDLE\)$/);
    expect(verifyExit(w.conditions())).toBe(1);
  });

  it('the daemon restarted during the window: restarts fail', () => {
    const c = watch('v1-4.2-3peer.jsonl', { neighbors: ['127.0.149.3'] }).conditions();
    expect(c.find((x) => x.name === 'restarts')).toMatchObject({ ok: false, detail: expect.stringContaining('restarted') });
  });

  it('a neighbor that never came up (the lab\'s ghost) fails only at the end; while watching it is waited for', () => {
    const w = watch('v2-4.2-clean.jsonl', { neighbors: [...PEERS, '127.0.149.4'] });
    expect(w.failed()).toBe(false);
    expect(w.conditions(false).find((x) => x.name === 'sessions')!.ok).toBeNull();
    expect(w.conditions(true).find((x) => x.name === 'sessions')).toMatchObject({ ok: false, detail: 'never ESTABLISHED: 127.0.149.4' });
  });

  it('expecting asyncio of a 4.2 daemon fails on the reactor, with how it was derived', () => {
    const r = watch('v2-4.2-clean.jsonl', { expect: 'asyncio' }).conditions()[0]!;
    expect(r).toMatchObject({ name: 'reactor', ok: false });
    expect(r.detail).toContain('expected asyncio');
  });

  it('4.2\'s own "async | … problem with function" lines are not asyncio; a line naming asyncio fails', () => {
    const pipeline = new LogPipeline();
    feed(pipeline, 'log-samples/v4.2/log-destination-file.txt', 'exabgp.log', Date.UTC(2026, 10, 22));
    const real = pipeline.entries().map((e) => ({ ...e }));
    expect(real.some((e) => /async \|/.test(e.summary))).toBe(true);
    expect(watch('v2-4.2-clean.jsonl', {}, real).conditions().find((x) => x.name === 'asyncio in the log')!.ok).toBe(true);
    const line = { ...real[0]!, id: 99_999, class: 'info' as const, summary: 'reactor asyncio event loop started' };
    expect(watch('v2-4.2-clean.jsonl', {}, [...real, line]).conditions().find((x) => x.name === 'asyncio in the log')).toMatchObject({ ok: false, detail: expect.stringContaining('asyncio event loop') });
  });

  it('no log followed or no control answer: undecided (exit 3), never a pass', () => {
    const w = new VerifyWatch({ expect: 'generator', neighbors: null, logsFrom: 0 }, 0);
    w.observe(initialState(), 1000);
    expect(verifyExit(w.conditions())).toBe(3);
  });

  it('on 6.0, where asyncio is the only reactor, --expect generator is refused at once', () => {
    const version = makeVersion('6.0.0', 'test');
    const daemon = { pid: 1, startTicks: 1, startTime: 0, startTimeResolutionMs: 10, argv: [], config: null, configs: [], envFile: null, pidFile: null, root: null, environ: {}, environError: null, version, reactor: deriveReactor(version, {}), own: null };
    const state = reduce(initialState(), { type: 'attached', daemon, helpers: [] });
    expect(impossibleExpectation(state, 'generator')).toMatch(/^ExaBGP 6\.0\.0 runs asyncio only/);
    expect(impossibleExpectation(state, 'asyncio')).toBeNull();
  });
});
