// Recordings: the line format, a writer that survives crashes and rotates, and the report.
import { appendFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checklist, checklistMarkdown } from '../../src/core/record/checklist.js';
import { eventsBetween, headerLine, parseRecording, type RecordedSample } from '../../src/core/record/format.js';
import { ReportBuilder } from '../../src/core/record/report.js';
import { RecordingWriter } from '../../src/io/record/writer.js';

const MB = 1024 * 1024;
const T0 = Date.UTC(2026, 10, 1);

function sample(t: number, over: Partial<RecordedSample> = {}): RecordedSample {
  return {
    type: 'sample', t, pid: 100, up: Math.round((t - T0) / 1000), rss: 30 * MB, cpu: 1, fds: 10, fdmax: 1024, thr: 1, hrss: 20 * MB,
    restarts: 0, ctl: 3, ctlok: true, nb: [{ a: '127.0.0.2', e: true, s: 'ESTABLISHED', f: 0, ni: 0, no: 0, ui: 1, uo: 1 }], log: { err: 0, tb: 0, ntf: 0, up: 1, down: 0, api: 0 },
    ...over,
  };
}

function report(samples: RecordedSample[]) {
  const b = new ReportBuilder();
  let prev: RecordedSample | null = null;
  for (const s of samples) {
    for (const e of eventsBetween(prev, s)) b.event(e);
    b.sample(s);
    prev = s;
  }
  return b.result();
}

/** One sample a minute for `hours`, RSS from `fromMB` rising linearly to `toMB`, with ±noise. */
function series(hours: number, fromMB: number, toMB: number, noise = 0): RecordedSample[] {
  const n = hours * 60;
  return Array.from({ length: n }, (_, i) => sample(T0 + i * 60_000, { rss: Math.round((fromMB + ((toMB - fromMB) * i) / n + (i % 2 ? noise : -noise)) * MB) }));
}

describe('recording lines', () => {
  it('events between samples: restart, lost daemon, flap, traceback and NOTIFICATION counts', () => {
    const a = sample(T0);
    const b = sample(T0 + 1000, { restarts: 1, pid: 200, nb: [{ ...a.nb[0]!, f: 1, e: false, s: 'ACTIVE' }], log: { ...a.log!, tb: 3, ntf: 1 } });
    expect(eventsBetween(a, b).map((e) => e.kind)).toEqual(['restart', 'flap', 'traceback', 'notification']);
    expect(eventsBetween(a, b).find((e) => e.kind === 'traceback')!.detail).toEqual({ count: 3 });
    expect(eventsBetween(b, sample(T0 + 2000, { pid: null, up: null, restarts: 1 })).map((e) => e.kind)).toContain('lost');
  });

  it('marks when another exatop process takes over the polling, and when this recorder does', () => {
    const a = sample(T0, { by: 4242 });
    const b = sample(T0 + 1000, { by: null });
    expect(eventsBetween(a, b)).toEqual([{ type: 'event', t: T0 + 1000, kind: 'poller', detail: { by: 'this recorder', before: 4242 } }]);
    expect(eventsBetween(b, sample(T0 + 2000, { by: 5151 }))[0]!.detail).toEqual({ by: 5151, before: 'this recorder' });
    expect(eventsBetween(b, sample(T0 + 2000))).toEqual([]);
  });

  it('the first daemon life is an attach event too, with its pid; no daemon at the start is none', () => {
    expect(eventsBetween(null, sample(T0))).toEqual([{ type: 'event', t: T0, kind: 'attach', detail: { pid: 100 } }]);
    expect(eventsBetween(null, sample(T0, { pid: null, up: null }))).toEqual([]);
  });

  it('a torn last line and garbage are skipped and counted, the rest reads', () => {
    const text = [JSON.stringify(headerLine(T0, 'h', '0.1.0')), JSON.stringify(sample(T0)), 'not json', '{"type":"sample","t":1', JSON.stringify(sample(T0 + 1000)).slice(0, 40)].join('\n');
    const r = parseRecording(text);
    expect(r.headers).toHaveLength(1);
    expect(r.samples).toHaveLength(1);
    expect(r.skipped).toBe(3);
  });
});

describe('RecordingWriter', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'exatop-rec-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const writer = (path: string, maxBytes = 1 << 20, keep = 2) => new RecordingWriter(path, () => headerLine(T0, 'h', '0.1.0'), { maxBytes, keep, syncEveryMs: 0, now: () => T0 });

  it('resumes a recording whose last line was torn on a fresh line, losing nothing before it', async () => {
    const path = join(dir, 'r.jsonl');
    const w = writer(path);
    expect(await w.open()).toBe(false);
    await w.write(sample(T0));
    await w.close();
    await appendFile(path, JSON.stringify(sample(T0 + 1000)).slice(0, 30));
    const again = writer(path);
    expect(await again.open()).toBe(true);
    await again.write(sample(T0 + 2000));
    await again.close();
    const r = parseRecording(await readFile(path, 'utf8'));
    expect(r.samples.map((s) => s.t)).toEqual([T0, T0 + 2000]);
    expect(r.skipped).toBe(1);
  });

  it('rotates by size, keeps N old files, each starting with its header', async () => {
    const path = join(dir, 'r.jsonl');
    const w = writer(path, 4096, 2);
    await w.open();
    for (let i = 0; i < 60; i++) await w.write(sample(T0 + i * 1000));
    await w.close();
    expect((await readdir(dir)).sort()).toEqual(['r.jsonl', 'r.jsonl.1', 'r.jsonl.2']);
    for (const f of ['r.jsonl', 'r.jsonl.1', 'r.jsonl.2']) {
      const text = await readFile(join(dir, f), 'utf8');
      expect(text.length).toBeLessThanOrEqual(4096);
      expect(parseRecording(text).headers).toHaveLength(1);
    }
  });

  it('opening an existing non-recording file appends after it without clobbering it', async () => {
    const path = join(dir, 'notes.txt');
    await writeFile(path, 'my notes');
    const w = writer(path);
    await w.open();
    await w.write(sample(T0));
    await w.close();
    expect((await readFile(path, 'utf8')).startsWith('my notes\n')).toBe(true);
  });
});

describe('ReportBuilder', () => {
  it('a flat RSS with noise over 48 h: two windows, no growth, a near-zero trend', () => {
    const r = report(series(48, 30, 30, 1));
    expect(r.rss!.windows).toHaveLength(2);
    for (const w of r.rss!.windows) expect(Math.abs(w.growthPct)).toBeLessThan(1);
    expect(Math.abs(r.rss!.slopeMBPerHour!)).toBeLessThan(0.01);
  });

  it('RSS rising 15% over 24 h: the window says +15%, the trend 0.1875 MB/h', () => {
    const r = report(series(25, 30, 30 * (1 + 0.15 * 25 / 24)));
    expect(r.rss!.windows[0]!.growthPct).toBeGreaterThan(13);
    expect(r.rss!.windows[0]!.growthPct).toBeLessThan(16);
    expect(r.rss!.slopeMBPerHour!).toBeCloseTo(0.1875, 2);
  });

  it('restarts, flaps per neighbor, tracebacks, CPU, latency percentiles and RSS at 24 h of uptime', () => {
    const s = series(25, 30, 31);
    s[100] = { ...s[100]!, nb: [{ ...s[100]!.nb[0]!, f: 1, e: false, s: 'ACTIVE' }] };
    for (let i = 101; i < s.length; i++) s[i] = { ...s[i]!, nb: [{ ...s[i]!.nb[0]!, f: 1 }] };
    s[200] = { ...s[200]!, restarts: 1, log: { ...s[200]!.log!, tb: 2 } };
    for (let i = 201; i < s.length; i++) s[i] = { ...s[i]!, restarts: 1, log: { ...s[i]!.log!, tb: 2 } };
    s[300] = { ...s[300]!, cpu: 95, ctl: 40 };
    const r = report(s);
    expect(r.restarts).toBe(1);
    expect(r.flaps).toEqual({ total: 1, byNeighbor: { '127.0.0.2': 1 } });
    expect(r.tracebacks).toBe(2);
    expect(r.cpu!.peak).toBe(95);
    expect(r.control!.p50Ms).toBe(3);
    expect(r.control!.p99Ms).toBe(3);
    expect(r.rssAt24h!.uptimeS).toBe(86_400);
  });
});

describe('checklist', () => {
  it('6 hours of a clean recording: not enough data for 48 h and 30 days, zero flaps passes', () => {
    const items = checklist(report(series(6, 30, 30)), null);
    const by = (name: string) => items.find((i) => i.item.startsWith(name))!;
    expect(by('Memory leak test')).toMatchObject({ verdict: 'not-enough-data' });
    expect(by('Memory leak test').evidence).toBe('not enough data yet (have 5h 59m 0s of 2d 0h 0m)');
    expect(by('30+ days uptime')).toMatchObject({ verdict: 'not-enough-data' });
    expect(by('BGP sessions stable')).toMatchObject({ verdict: 'pass' });
    expect(by('All unit tests pass')).toMatchObject({ verdict: 'person' });
    expect(checklistMarkdown(items)).toContain('- ⏳ Memory leak test: No growth over 48h (not enough data yet): not enough data yet');
  });

  it('growth over 48 h fails the leak test with the windows as evidence', () => {
    const items = checklist(report(series(49, 30, 40)), null);
    const leak = items.find((i) => i.item.startsWith('Memory leak test'))!;
    expect(leak.verdict).toBe('fail');
    expect(leak.evidence).toMatch(/2 windows of 24 h, median of the first vs the last hour: \+\d+\.\d%, \+\d+\.\d%/);
  });
});
