// Alerts from a real daemon: a BIRD peer stopped past the rule's delay raises neighbor-down,
// the --on-alert program gets it as JSON on stdin, and the recording keeps it as an event.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labPeer } from '../../src/io/lab/lab.js';
import { parseRecording } from '../../src/core/record/format.js';
import { startTestLab, until, type TestLab } from '../support/lab.js';

const CLI = new URL('../../bin/exatop.js', import.meta.url).pathname;

describe('alerts on a real ExaBGP 5.0.15', () => {
  let lab: TestLab;
  let dir: string;
  beforeAll(async () => {
    lab = await startTestLab('5.0', 28, ['bird']);
    dir = await mkdtemp(join(tmpdir(), 'exatop-alerts-'));
  });
  afterAll(async () => {
    await lab?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('a config error names the file and the field, exit 2', async () => {
    const config = join(dir, 'bad.json');
    await writeFile(config, JSON.stringify({ rules: { 'neighbor-down': { minDurationMs: 'soon' } } }));
    const r = await execa('node', [CLI, 'record', '--out', join(dir, 'x.jsonl'), '--pidfile', lab.plan.pidFile, '--config', config, '--duration', '1s'], { reject: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(config);
    expect(r.stderr).toContain('rules.neighbor-down.minDurationMs');
  });

  it('neighbor-down fires after its delay, runs the hook with the alert on stdin, and is recorded', async () => {
    const config = join(dir, 'config.json');
    await writeFile(config, JSON.stringify({ rules: { 'neighbor-down': { minDurationMs: 2000 } } }));
    const hookOut = join(dir, 'hook.jsonl');
    const hook = join(dir, 'hook.mjs');
    await writeFile(hook, `#!/usr/bin/env node\nimport { appendFileSync } from 'node:fs';\nlet s = '';\nprocess.stdin.on('data', (d) => (s += d)).on('end', () => appendFileSync(${JSON.stringify(hookOut)}, s));\n`);
    await chmod(hook, 0o755);
    const out = join(dir, 'canary.jsonl');
    const recorder = execa('node', [CLI, 'record', '--out', out, '--pidfile', lab.plan.pidFile, '--interval', '0.5', '--config', config, '--on-alert', hook, '--duration', '25s'], { reject: false });
    const bird = lab.plan.neighbors.find((n) => n.name === 'bird')!.address;
    await until('bird established', async () => parseRecording(await readFile(out, 'utf8').catch(() => '')).samples.some((s) => s.nb.some((n) => n.a === bird && n.e)), 20_000, 200);
    await labPeer(lab, 'bird', 'stop');
    const alert = await until('the hook to receive the alert', async () => {
      const lines = (await readFile(hookOut, 'utf8').catch(() => '')).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
      return lines.find((a) => a.rule === 'neighbor-down' && a.subject === bird);
    }, 15_000, 200);
    expect(alert).toMatchObject({ end: null, id: `neighbor-down:${bird}` });
    expect(alert.message).toContain(bird);
    await labPeer(lab, 'bird', 'start');
    await until('the alert to end', async () => (await readFile(hookOut, 'utf8')).trim().split('\n').map((l) => JSON.parse(l)).some((a) => a.rule === 'neighbor-down' && a.end !== null), 25_000, 200);
    process.kill(recorder.pid!, 'SIGTERM');
    await recorder;
    const rec = parseRecording(await readFile(out, 'utf8'));
    const recorded = rec.events.filter((e) => e.kind === 'alert' && e.detail['rule'] === 'neighbor-down');
    expect(recorded.length).toBeGreaterThanOrEqual(2);
    const report = JSON.parse((await execa('node', [CLI, 'report', out, '--json'])).stdout);
    expect(report.report.alerts.length).toBeGreaterThanOrEqual(2);
  });
});
