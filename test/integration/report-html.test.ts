// `report --html` and `compare --html` opened in a real browser (Debian's chromium, headless):
// a recording of a real ExaBGP 4.2 with a BIRD peer stopped and started (a flap) and a daemon
// restart, drawn, then read back from the DOM the browser built and checked against the
// recording itself; and a screenshot. EXATOP_DOCS_SCREENSHOT=docs/report.png keeps it.
import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeRun } from '../../src/core/compare/run-schema.js';
import type { RecordedEvent, RecordedSample } from '../../src/core/record/format.js';
import { dumpDom, elements, screenshot } from '../support/chromium.js';
import { sleep, startTestLab, type TestLab } from '../support/lab.js';
import { makeRun, measured } from '../support/runs.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const CLI = join(ROOT, 'bin/exatop.js');
const exatop = (...args: string[]) => execa('node', [CLI, ...args], { reject: false, stdin: 'ignore' });
const MB = 1024 * 1024;

interface Chart {
  t0: number;
  t1: number;
  v0: number;
  v1: number;
  px0: number;
  px1: number;
  py0: number;
  py1: number;
}

function chartOf(dom: string, id: string): Chart {
  const [svg] = elements(dom, 'svg', (a) => a['id'] === id);
  expect(svg, `svg#${id}`).toBeDefined();
  const n = (k: string) => Number(svg![`data-${k}`]);
  return { t0: n('t0'), t1: n('t1'), v0: n('v0'), v1: n('v1'), px0: n('px0'), px1: n('px1'), py0: n('py0'), py1: n('py1') };
}

/** The drawn points of a series, mapped back from pixels to time and value. */
function drawn(dom: string, chart: Chart, series: string): { t: number; v: number }[] {
  return elements(dom, 'polyline', (a) => a['data-series'] === series).flatMap((p) =>
    p['points']!.split(' ').map((xy) => {
      const [x, y] = xy.split(',').map(Number) as [number, number];
      return {
        t: chart.t0 + ((x - chart.px0) / (chart.px1 - chart.px0)) * (chart.t1 - chart.t0),
        v: chart.v0 + ((chart.py0 - y) / (chart.py0 - chart.py1)) * (chart.v1 - chart.v0),
      };
    }),
  );
}

const perPixel = (c: Chart) => ({ t: (c.t1 - c.t0) / (c.px1 - c.px0), v: (c.v1 - c.v0) / (c.py0 - c.py1) });

describe('report --html in headless chromium, from a real recording', () => {
  let lab: TestLab;
  let dir: string;
  let samples: RecordedSample[];
  let events: RecordedEvent[];
  let dom: string;
  let html: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'exatop-html-'));
    lab = await startTestLab('4.2', 28, ['bird']);
    const recording = join(dir, 'canary.jsonl');
    const record = exatop('record', '--out', recording, '--pidfile', lab.plan.pidFile, '--interval', '0.5', '--duration', '26s');
    await sleep(4000);
    await exatop('lab', 'peer', 'bird', 'stop', '--slot', String(lab.slot));
    await sleep(4000);
    await exatop('lab', 'peer', 'bird', 'start', '--slot', String(lab.slot));
    await sleep(7000);
    await exatop('lab', 'restart', '--slot', String(lab.slot));
    expect((await record).exitCode).toBe(0);
    const lines = (await readFile(recording, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as RecordedSample | RecordedEvent | { type: 'header' });
    samples = lines.filter((l): l is RecordedSample => l.type === 'sample');
    events = lines.filter((l): l is RecordedEvent => l.type === 'event');
    html = join(dir, 'canary.html');
    const report = await exatop('report', recording, '--checklist', '--html', html);
    // The recording has a flap and a restart: decidable checklist items fail (exit 1), the page is written all the same.
    expect(report.exitCode, report.stderr).toBe(1);
    expect(report.stderr).toContain(`wrote ${html}`);
    expect(report.stdout).toContain('## exatop report');
    dom = await dumpDom(html);
  }, 180_000);
  afterAll(async () => {
    await lab?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is one self-contained file: no script, nothing fetched', async () => {
    const text = await readFile(html, 'utf8');
    expect(text).not.toMatch(/<script|<link|<img|@import|url\(|https?:\/\//i);
    expect(dom).toContain('<svg class="chart" id="rss"');
  });

  it('draws RSS as recorded: its first and last time, its lowest and highest value, within a pixel', () => {
    const chart = chartOf(dom, 'rss');
    const points = drawn(dom, chart, 'rss');
    const rss = samples.filter((s) => s.rss !== null);
    const res = perPixel(chart);
    expect(points.length).toBeGreaterThan(10);
    expect(Math.abs(points[0]!.t - rss[0]!.t)).toBeLessThanOrEqual(res.t);
    expect(Math.abs(points[points.length - 1]!.t - rss[rss.length - 1]!.t)).toBeLessThanOrEqual(res.t);
    const mb = rss.map((s) => s.rss! / MB);
    expect(Math.abs(Math.max(...points.map((p) => p.v)) - Math.max(...mb))).toBeLessThanOrEqual(res.v);
    expect(Math.abs(Math.min(...points.map((p) => p.v)) - Math.min(...mb))).toBeLessThanOrEqual(res.v);
    // Every drawn point is a recorded value at its time.
    for (const p of points) {
      const near = rss.filter((s) => Math.abs(s.t - p.t) <= res.t);
      expect(near.some((s) => Math.abs(s.rss! / MB - p.v) <= res.v), `point at ${p.t}`).toBe(true);
    }
  });

  it('draws CPU with its hourly average, and the daemon restart as a mark on both charts', () => {
    const chart = chartOf(dom, 'cpu');
    expect(drawn(dom, chart, 'cpu').length).toBeGreaterThan(5);
    const [hour] = elements(dom, 'line', (a) => a['class'] === 'hour-avg');
    const cpu = samples.filter((s) => s.cpu !== null).map((s) => s.cpu!);
    expect(Number(hour!['data-avg'])).toBeCloseTo(cpu.reduce((a, b) => a + b, 0) / cpu.length, 2);
    const restarts = samples.filter((s, i) => i > 0 && s.restarts > samples[i - 1]!.restarts);
    expect(restarts.length).toBe(1);
    for (const id of ['rss', 'cpu']) {
      const svg = dom.slice(dom.indexOf(`id="${id}"`), dom.indexOf('</svg>', dom.indexOf(`id="${id}"`)));
      expect(elements(svg, 'line', (a) => a['data-mark'] === 'restart').map((a) => Number(a['data-t']))).toEqual([restarts[0]!.t]);
    }
  });

  it('draws each neighbor\'s state over time: bird down then up again with its flap, the ghost never up', () => {
    const addresses = [...new Set(samples.flatMap((s) => s.nb.map((n) => n.a)))].sort();
    const rows = elements(dom, 'g', (a) => a['class'] === 'neighbor').map((a) => a['data-address']);
    expect(rows).toEqual(addresses);
    const bird = lab.plan.neighbors.find((n) => n.name === 'bird')!.address;
    const ghost = lab.plan.neighbors.find((n) => n.name === 'ghost')!.address;
    const rowOf = (address: string) => {
      const start = dom.indexOf(`data-address="${address}"`);
      return dom.slice(start, dom.indexOf('</g>', start));
    };
    expect(elements(rowOf(bird), 'path', (a) => a['data-state'] !== undefined).map((a) => a['data-state']).sort()).toEqual(expect.arrayContaining(['down', 'established']));
    // One mark per flap event the recording holds for bird (the daemon's own count restarts with it).
    const flaps = events.filter((e) => e.kind === 'flap' && e.detail['neighbor'] === bird).map((e) => e.t);
    expect(flaps.length).toBeGreaterThanOrEqual(1);
    expect(elements(rowOf(bird), 'path', (a) => a['data-mark'] === 'flap').map((a) => Number(a['data-t']))).toEqual(flaps);
    expect(elements(rowOf(ghost), 'path', (a) => a['data-state'] !== undefined).map((a) => a['data-state'])).not.toContain('established');
  });

  it('lists the checklist as report --json --checklist decides it, with the evidence', async () => {
    const json = JSON.parse((await exatop('report', join(dir, 'canary.jsonl'), '--checklist', '--json')).stdout) as { checklist: { verdict: string; evidence: string }[] };
    const rows = elements(dom, 'tr', (a) => a['data-verdict'] !== undefined).map((a) => a['data-verdict']);
    expect(rows).toEqual(json.checklist.map((i) => i.verdict));
    expect(dom).toContain(json.checklist.find((i) => i.verdict === 'not-enough-data')!.evidence.replace(/&/g, '&amp;'));
  });

  it('renders to a screenshot', async () => {
    const png = join(dir, 'report.png');
    await screenshot(html, png);
    const bytes = await readFile(png);
    expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect((await stat(png)).size).toBeGreaterThan(20_000);
    if (process.env['EXATOP_DOCS_SCREENSHOT']) await copyFile(png, join(ROOT, process.env['EXATOP_DOCS_SCREENSHOT']));
  });
});

describe('compare --html in headless chromium', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'exatop-compare-html-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('draws every run\'s value of each figure, baseline lane beside candidate lane, in value order', async () => {
    const generator = makeRun('generator', { establishment: measured('establishment', [1.2, 1.31, 1.18, 1.25]), cpuAvg: measured('cpuAvg', [2.4, 2.6, 2.5]) });
    const async = makeRun('async', { establishment: measured('establishment', [1.1, 1.4, 1.22, 1.3]), cpuAvg: measured('cpuAvg', [3.1, 3.3]) });
    await writeFile(join(dir, 'generator.json'), serializeRun(generator));
    await writeFile(join(dir, 'async.json'), serializeRun(async));
    const out = join(dir, 'compare.html');
    const r = await exatop('compare', join(dir, 'generator.json'), join(dir, 'async.json'), '--html', out);
    expect(r.exitCode).toBe(1); // CPU avg +28 %
    const dom = await dumpDom(out);
    const rows = elements(dom, 'tr', (a) => a['data-metric'] !== undefined);
    expect(rows.map((a) => [a['data-metric'], a['data-status']])).toEqual([['establishment', 'pass'], ['rss24h', 'incomplete'], ['cpuAvg', 'fail'], ['cpuPeak', 'incomplete']]);
    for (const [metric, base, cand] of [['establishment', generator, async], ['cpuAvg', generator, async]] as const) {
      const row = dom.slice(dom.indexOf(`data-metric="${metric}"`), dom.indexOf('</tr>', dom.indexOf(`data-metric="${metric}"`)));
      for (const [lane, run] of [['base', base], ['cand', cand]] as const) {
        const dots = elements(row, 'circle', (a) => a['class'] === lane).map((a) => ({ v: Number(a['data-value']), x: Number(a['cx']) }));
        expect(dots.map((d) => d.v)).toEqual(run.metrics[metric]!.raw);
        const byValue = [...dots].sort((a, b) => a.v - b.v);
        expect(byValue.map((d) => d.x)).toEqual([...byValue.map((d) => d.x)].sort((a, b) => a - b));
      }
    }
  });
});
