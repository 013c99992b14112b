// Recording version 2 (neighbor rows only when they change) against version 1: a real version 1
// recording still reads, reports and replays as exatop a75c4ae read it, and the same samples
// written as version 2 read back to exactly the same samples, in a third of the bytes.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/commands/report.js';
import { checklist } from '../../src/core/record/checklist.js';
import { headerLine, parseRecording, SampleEncoder, type RecordedSample } from '../../src/core/record/format.js';
import { ReportBuilder } from '../../src/core/record/report.js';
import { stateAt } from '../../src/core/replay/feed.js';
import { RecordingWriter } from '../../src/io/record/writer.js';
import { FIXTURES } from '../support/log-captures.js';

const V1 = `${FIXTURES}recordings/v1-4.2-3peer.jsonl`;
const expected = JSON.parse(readFileSync(`${FIXTURES}recordings/v1-4.2-3peer.report.json`, 'utf8')) as { report: unknown; checklist: unknown };

/** Writes the samples and events of a recording again, as `exatop record` now does. */
function asVersion2(text: string, fullEveryMs = 60_000): string {
  const encoder = new SampleEncoder(fullEveryMs);
  const rec = parseRecording(text);
  const lines = [JSON.stringify(headerLine(rec.headers[0]!.started, 'h', '0.1.0'))];
  let previousPid: number | null | undefined;
  for (const line of text.split('\n')) {
    const item = parseRecording(line);
    for (const e of item.events) lines.push(JSON.stringify(e));
    for (const s of item.samples) {
      if (s.pid !== previousPid) encoder.forceFull();
      previousPid = s.pid;
      lines.push(JSON.stringify(encoder.encode(s)));
    }
  }
  return `${lines.join('\n')}\n`;
}

describe('a version 1 recording of a real 4.2.21 lab', () => {
  it('reports every figure exactly as exatop a75c4ae reported it (fields added since come on top)', async () => {
    const report = await buildReport([V1]);
    expect(JSON.parse(JSON.stringify(report))).toMatchObject(expected.report as object);
  });

  it('written as version 2 it reads back to the same samples, reports the same and replays the same states', () => {
    const text = readFileSync(V1, 'utf8');
    const v1 = parseRecording(text);
    const v2text = asVersion2(text);
    const v2 = parseRecording(v2text);
    expect(v2text).toContain('"d":1');
    expect(v2.samples).toEqual(v1.samples);
    const reportOf = (samples: RecordedSample[], events = v1.events) => {
      const b = new ReportBuilder();
      for (const e of events) b.event(e);
      for (const s of samples) b.sample(s);
      return b.result();
    };
    expect(reportOf(v2.samples)).toEqual(reportOf(v1.samples));
    expect(checklist(reportOf(v2.samples), null)).toEqual(checklist(reportOf(v1.samples), null));
    for (let i = 0; i < v1.samples.length; i += 7) {
      const a = stateAt(v1.samples, v1.events, i, 60);
      const b = stateAt(v2.samples, v2.events, i, 60);
      expect({ ...b, series: null }).toEqual({ ...a, series: null });
      expect(b.series.rss.toArray()).toEqual(a.series.rss.toArray());
    }
    expect(v2text.length).toBeLessThan(text.length * 0.8);
  });
});

describe('SampleEncoder', () => {
  const row = (a: string, over: object = {}) => ({ a, e: true, s: 'ESTABLISHED', f: 0, ni: 0, no: 0, ui: 1, uo: 1, ...over });
  const sample = (t: number, nb: ReturnType<typeof row>[], pid = 1): RecordedSample => ({
    type: 'sample', t, pid, up: 1, rss: 1, cpu: 1, fds: 1, fdmax: 1, thr: 1, hrss: 1, restarts: 0, ctl: 1, ctlok: true, nb, log: null,
  });

  it('the first sample is full, then only changed rows, a full one every fullEveryMs, after forceFull and when the list changes', () => {
    const enc = new SampleEncoder(10_000);
    const a = [row('1'), row('2'), row('3')];
    expect(enc.encode(sample(0, a))).not.toHaveProperty('d');
    const d = enc.encode(sample(1000, [a[0]!, row('2', { uo: 2 }), a[2]!]));
    expect(d).toMatchObject({ d: 1, nb: [{ a: '2', uo: 2 }] });
    expect(enc.encode(sample(2000, [a[0]!, row('2', { uo: 2 }), a[2]!]))).toMatchObject({ d: 1, nb: [] });
    // A keepalive moves only the message totals: that row is written too.
    expect(enc.encode(sample(2500, [a[0]!, row('2', { uo: 2, mo: 7 }), a[2]!]))).toMatchObject({ d: 1, nb: [{ a: '2', mo: 7 }] });
    expect(enc.encode(sample(3000, [a[0]!, a[1]!]))).not.toHaveProperty('d');
    expect(enc.encode(sample(4000, [a[0]!, a[1]!]))).toHaveProperty('d', 1);
    enc.forceFull();
    expect(enc.encode(sample(5000, [a[0]!, a[1]!]))).not.toHaveProperty('d');
    expect(enc.encode(sample(10_000, [a[0]!, a[1]!]))).toHaveProperty('d', 1);
    expect(enc.encode(sample(15_000, [a[0]!, a[1]!]))).not.toHaveProperty('d');
  });

  it('a rotated file starts with a full sample, so each file reads on its own', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'exatop-rec2-'));
    try {
      const path = join(dir, 'r.jsonl');
      const enc = new SampleEncoder(3_600_000);
      const w = new RecordingWriter(path, () => headerLine(0, 'h', '0.1.0'), { maxBytes: 4096, keep: 3, syncEveryMs: 0, now: () => 0 });
      await w.open();
      const rows = Array.from({ length: 20 }, (_, i) => row(`127.0.0.${i}`));
      for (let i = 0; i < 40; i++) {
        rows[i % 20] = row(`127.0.0.${i % 20}`, { uo: i });
        const s = sample(i * 1000, [...rows]);
        await w.write((fresh) => {
          if (fresh) enc.forceFull();
          return enc.encode(s);
        });
      }
      await w.close();
      for (const f of ['r.jsonl', 'r.jsonl.1']) {
        const r = parseRecording(await readFile(join(dir, f), 'utf8'));
        expect(r.samples[0]!.nb).toHaveLength(20);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
