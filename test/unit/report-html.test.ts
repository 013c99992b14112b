// The HTML report's pure parts: min/max downsampling, the size bound on a day at 1 s with 100
// neighbors, and escaping of everything that comes from the recording.
import { describe, expect, it } from 'vitest';
import { MinMaxSeries, polylines } from '../../src/core/html/downsample.js';
import { reportHtml } from '../../src/core/html/report-html.js';
import { SeriesBuilder } from '../../src/core/html/series.js';
import type { RecordedEvent, RecordedSample } from '../../src/core/record/format.js';
import { ReportBuilder } from '../../src/core/record/report.js';
import { checklist } from '../../src/core/record/checklist.js';

const T0 = Date.UTC(2026, 10, 23, 0, 0, 0);

function sample(i: number, neighbors: number, down: (n: number, i: number) => boolean): RecordedSample {
  return {
    type: 'sample', t: T0 + i * 1000, pid: 4242, up: i, rss: 30_000_000 + (i % 977) * 1000 + (i === 50_000 ? 9_000_000 : 0),
    cpu: (i % 13) / 2, fds: 20, fdmax: 1024, thr: 1, hrss: null, ver: '4.2.21', rx: 'generator', restarts: i >= 40_000 ? 1 : 0, ctl: 4, ctlok: true,
    nb: Array.from({ length: neighbors }, (_, n) => ({ a: `127.0.100.${n + 2}`, e: !down(n, i), s: down(n, i) ? 'ACTIVE' : 'ESTABLISHED', f: 0, ni: 0, no: 0, ui: 0, uo: 0 })),
    log: null,
  };
}

function render(samples: Iterable<RecordedSample>, events: RecordedEvent[] = []) {
  const report = new ReportBuilder();
  const series = new SeriesBuilder();
  for (const s of samples) {
    report.sample(s);
    series.sample(s);
  }
  for (const e of events) {
    report.event(e);
    series.event(e);
  }
  const r = report.result();
  return reportHtml({ title: 'test', files: ['r.jsonl'], report: r, series: series.result(), checklist: checklist(r, null) });
}

describe('MinMaxSeries', () => {
  it('keeps each span\'s lowest and highest value with their times, in bounded buckets', () => {
    const s = new MinMaxSeries(100);
    for (let i = 0; i < 100_000; i++) s.add(T0 + i * 1000, i === 77_777 ? 1e9 : i === 12_345 ? -5 : i % 10);
    expect(s.buckets().length).toBeLessThanOrEqual(200);
    const points = polylines(s.buckets()).flat();
    expect(Math.max(...points.map((p) => p.v))).toBe(1e9);
    expect(points.find((p) => p.v === 1e9)!.t).toBe(T0 + 77_777_000);
    expect(Math.min(...points.map((p) => p.v))).toBe(-5);
    expect(points.every((p, i) => i === 0 || p.t >= points[i - 1]!.t)).toBe(true);
  });

  it('starts and ends where the recording does, a flat line included (its last sample is no new min or max)', () => {
    const s = new MinMaxSeries();
    // two samples a second in 1 s buckets: the first of the first bucket is no extreme, the last one repeats a value
    [7, 5, 9, 9, 9, 9].forEach((v, i) => s.add(T0 + i * 500, v));
    const points = polylines(s.buckets()).flat();
    expect(points[0]).toEqual({ t: T0, v: 7 });
    expect(points.at(-1)).toEqual({ t: T0 + 2500, v: 9 });
    expect(points.every((p, i) => i === 0 || p.t > points[i - 1]!.t)).toBe(true);
  });

  it('breaks the line at a gap instead of drawing across it', () => {
    const s = new MinMaxSeries();
    [1, 2, null, null, 3, 4].forEach((v, i) => s.add(T0 + i * 5000, v));
    expect(polylines(s.buckets()).map((run) => run.map((p) => p.v))).toEqual([[1, 2], [3, 4]]);
  });
});

describe('reportHtml', () => {
  it('a day at 1 s with 100 neighbors, ten of them flapping all day, stays within 2 MB', () => {
    function* day() {
      for (let i = 0; i < 86_400; i++) yield sample(i, 100, (n, t) => n < 10 && Math.floor(t / (30 + n)) % 2 === 1);
    }
    const html = render(day());
    const bytes = Buffer.byteLength(html);
    expect(bytes).toBeLessThanOrEqual(2 * 1024 * 1024);
    // The single-sample RSS spike survives the downsampling.
    expect(html).toMatch(/data-series="rss"/);
    expect((html.match(/<g class="neighbor"/g) ?? []).length).toBe(100);
  }, 60_000);

  it('escapes what comes from the recording: addresses and alert messages cannot add markup', () => {
    const evil = '<script>alert(1)</script>"\'&';
    const s = sample(0, 0, () => false);
    const samples = [0, 1, 2].map((i) => ({ ...sample(i, 0, () => false), t: T0 + i * 1000, nb: [{ ...s.nb[0]!, a: evil, e: true, s: 'ESTABLISHED', f: 0, ni: 0, no: 0, ui: 0, uo: 0 }] }));
    const html = render(samples, [{ type: 'event', t: T0 + 1000, kind: 'alert', detail: { rule: 'flap', message: `</title></svg><img src=x onerror=alert(1)>`, subject: evil } }]);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'/);
    expect(html).not.toMatch(/https?:\/\//);
  });
});
