// exatop record against a real daemon that is killed and restarted, with a peer that flaps,
// and exatop itself killed mid-write; then report and the checklist over the recording.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labPeer, labRestartDaemon } from '../../src/io/lab/lab.js';
import { parseRecording } from '../../src/core/record/format.js';
import { sleep, startTestLab, until, type TestLab } from '../support/lab.js';

const CLI = new URL('../../bin/exatop.js', import.meta.url).pathname;

describe('exatop record on a real ExaBGP 4.2', () => {
  let lab: TestLab;
  let dir: string;
  let recorder: ResultPromise | null = null;
  beforeAll(async () => {
    lab = await startTestLab('4.2', 27, ['bird']);
    dir = await mkdtemp(join(tmpdir(), 'exatop-record-'));
  });
  afterAll(async () => {
    if (recorder?.pid) process.kill(recorder.pid, 'SIGKILL');
    await lab?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the restart and the flap, no gap longer than the outage, and reads after exatop is killed', async () => {
    const out = join(dir, 'canary.jsonl');
    recorder = execa('node', [CLI, 'record', '--out', out, '--pidfile', lab.plan.pidFile, '--interval', '0.25'], { reject: false });
    const bird = lab.plan.neighbors.find((n) => n.name === 'bird')!.address;
    const established = async () => parseRecording(await readFile(out, 'utf8').catch(() => '')).samples.some((s) => s.nb.some((n) => n.a === bird && n.e));
    await until('bird established in the recording', established, 20_000, 200);

    const firstPid = await lab.daemonPid();
    process.kill(firstPid, 'SIGKILL');
    const outageStart = Date.now();
    await sleep(1000);
    await labRestartDaemon(lab);
    const outage = Date.now() - outageStart;
    await until('the new daemon recorded', async () => parseRecording(await readFile(out, 'utf8')).events.some((e) => e.kind === 'restart'), 10_000, 200);
    await until('bird up again', async () => parseRecording(await readFile(out, 'utf8')).samples.slice(-1)[0]?.nb.some((n) => n.a === bird && n.e), 20_000, 200);

    await labPeer(lab, 'bird', 'stop');
    await until('the flap recorded', async () => parseRecording(await readFile(out, 'utf8')).events.some((e) => e.kind === 'flap'), 15_000, 200);
    await labPeer(lab, 'bird', 'start');
    await sleep(1500);

    process.kill(recorder.pid!, 'SIGKILL');
    await recorder;
    recorder = null;
    const rec = parseRecording(await readFile(out, 'utf8'));
    expect(rec.headers).toHaveLength(1);
    expect(rec.skipped).toBeLessThanOrEqual(1);
    const kinds = rec.events.map((e) => e.kind);
    // The first daemon life is recorded like the others: attach, with its pid, before anything else.
    expect(rec.events[0]).toMatchObject({ kind: 'attach', detail: { pid: firstPid } });
    expect(kinds).toContain('restart');
    expect(kinds).toContain('lost');
    expect(rec.events.find((e) => e.kind === 'flap')!.detail).toMatchObject({ neighbor: bird, flaps: 1 });
    const times = rec.samples.map((s) => s.t);
    const longest = Math.max(...times.slice(1).map((t, i) => t - times[i]!));
    expect(longest).toBeLessThan(outage + 1000);
    expect(rec.samples.some((s) => s.pid === null)).toBe(true);

    const report = await execa('node', [CLI, 'report', out, '--json', '--checklist'], { reject: false });
    // a restart and a flap fail decidable items: exit 1 (README's exit-code table, #13)
    expect(report.exitCode, report.stderr).toBe(1);
    const { report: r, checklist } = JSON.parse(report.stdout);
    expect(r.restarts).toBe(1);
    expect(r.flaps.byNeighbor[bird]).toBe(1);
    expect(r.samples).toBe(rec.samples.length);
    const stable = checklist.find((i: { item: string }) => i.item.startsWith('BGP sessions stable'));
    expect(stable.verdict).toBe('fail');
    const uptime = checklist.find((i: { item: string }) => i.item.startsWith('30+ days uptime'));
    expect(uptime).toMatchObject({ verdict: 'fail', evidence: '1 restart(s) recorded' });

    const markdown = await execa('node', [CLI, 'report', out, '--checklist'], { reject: false });
    expect(markdown.exitCode, markdown.stderr).toBe(1);
    expect(markdown.stdout).toContain('## Phase 2 checklist');
    expect(markdown.stdout).toMatch(/- Flaps: 1 \(127\.0\.\d+\.2 1\)/);

    // Restarted on the same file, it appends and says so.
    recorder = execa('node', [CLI, 'record', '--out', out, '--pidfile', lab.plan.pidFile, '--interval', '0.25', '--duration', '2s'], { reject: false });
    const again = await recorder;
    recorder = null;
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toContain('appending to');
    const resumed = parseRecording(await readFile(out, 'utf8'));
    expect(resumed.events.some((e) => e.kind === 'resume')).toBe(true);
    expect(resumed.samples.length).toBeGreaterThan(rec.samples.length);
  });
});
