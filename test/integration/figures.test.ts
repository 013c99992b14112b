// The figures that go into the comparison table, checked on real daemons against what the test
// observes itself: the spawn time of a daemon it starts, the sessions a capture waits for.
import { once } from 'node:events';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locate } from '../../src/io/daemon/discover.js';
import { describeDaemon } from '../../src/io/daemon/identity.js';
import { ProcFs } from '../../src/io/procfs.js';
import { sleep, startTestLab, until, untilEstablished, type TestLab } from '../support/lab.js';
import { parseRecording } from '../../src/core/record/format.js';

const CLI = new URL('../../bin/exatop.js', import.meta.url).pathname;
const exatop = (...args: string[]) => execa('node', [CLI, ...args], { reject: false, stdin: 'ignore' });
const SLOT = 25;

describe('the daemon start time', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'exatop-start-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('agrees with the spawn time of a daemon the test starts itself, to 10 ms (btime is whole seconds)', async () => {
    const conf = join(dir, 'exabgp.conf');
    // Passive and bound to nothing: the daemon only runs, it opens no session.
    await writeFile(conf, `neighbor 127.0.1${SLOT}.9 {\n  router-id 127.0.1${SLOT}.1;\n  local-address 127.0.1${SLOT}.1;\n` +
      '  local-as 65000;\n  peer-as 65009;\n  passive;\n}\n');
    const env = { exabgp_tcp_bind: '', exabgp_daemon_daemonize: 'false', exabgp_daemon_user: 'root', exabgp_log_destination: 'stdout' };
    for (let run = 0; run < 3; run++) {
      const before = Date.now();
      const child = execa('/usr/sbin/exabgp', [conf], { env, stdin: 'ignore', stdout: 'ignore', stderr: 'ignore', reject: false });
      await once(child, 'spawn');
      const after = Date.now();
      try {
        const proc = new ProcFs();
        const found = await until('the daemon', async () => {
          const f = await locate(proc, { kind: 'pid', pid: child.pid! });
          return f.status === 'found' ? f.daemon : null;
        }, 10_000, 50);
        const daemon = await describeDaemon(proc, found);
        expect(daemon.startTimeResolutionMs).toBe(10);
        // The fork lies between `before` and `after`; both /proc counters truncate to 10 ms.
        expect(daemon.startTime).toBeGreaterThanOrEqual(before - 20);
        expect(daemon.startTime).toBeLessThanOrEqual(after + 20);
      } finally {
        child.kill('SIGKILL');
        await child;
      }
    }
  });
});

describe('exatop capture establishment waits for the sessions that were up', () => {
  let lab: TestLab;
  let dir: string;
  let bird: string;
  let ghost: string;
  beforeAll(async () => {
    lab = await startTestLab('4.2', SLOT, ['bird']);
    dir = await mkdtemp(join(tmpdir(), 'exatop-figures-'));
    bird = lab.plan.neighbors.find((n) => n.name === 'bird')!.address;
    ghost = lab.plan.neighbors.find((n) => n.kind === 'ghost')!.address;
    await untilEstablished(lab, 1);
  });
  afterAll(async () => {
    await lab?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const restart = () => ['--restart-cmd', 'node', CLI, 'lab', 'restart', '--slot', String(SLOT)];

  /** `exatop record` of the lab every 0.25 s with its own state folder and an --on-alert hook that appends what it is given to hookOut. */
  const recordWithHook = async (name: string, duration: string) => {
    const env = { XDG_STATE_HOME: join(dir, `state-${name}`) };
    const hookOut = join(dir, `${name}-hook.jsonl`);
    const hook = join(dir, `${name}-hook.mjs`);
    await writeFile(hook, `#!/usr/bin/env node\nimport { appendFileSync } from 'node:fs';\nlet s = '';\n` +
      `process.stdin.on('data', (d) => (s += d)).on('end', () => appendFileSync(${JSON.stringify(hookOut)}, s));\n`);
    await chmod(hook, 0o755);
    const out = join(dir, `${name}.jsonl`);
    const recorder = execa('node', [CLI, 'record', '--out', out, '--pidfile', lab.plan.pidFile, '--interval', '0.25', '--on-alert', hook,
      '--duration', duration], { reject: false, stdin: 'ignore', env });
    return { env, hookOut, out, recorder };
  };

  it('a control channel that does not answer fails the capture fast instead of waiting for the ghost', async () => {
    const started = Date.now();
    const r = await exatop('capture', 'establishment', '--label', 'g', '--out', join(dir, 'nocontrol.json'), '--pidfile', lab.plan.pidFile,
      '--control', join(dir, 'no-such-pipe'), '--runs', '1', '--timeout', '60', '--yes', ...restart());
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('--neighbors');
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('with --neighbors it waits for those, says live whom it waits for, and stores the median peak', async () => {
    const out = join(dir, 'run.json');
    const r = await exatop('capture', 'establishment', '--label', 'g', '--out', out, '--pidfile', lab.plan.pidFile,
      '--neighbors', bird, '--runs', '3', '--yes', ...restart());
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`run 1/3: waiting for ${bird.replace(/\./g, '\\.')} \\(`));
    expect(r.stderr).not.toContain(ghost);
    const { establishment, cpuPeak } = JSON.parse(await readFile(out, 'utf8')).metrics;
    expect(establishment.method).toContain(`expected neighbors ${bird}`);
    expect(establishment.method).toContain('resolution 10 ms');
    const sorted = [...cpuPeak.raw].sort((a: number, b: number) => a - b);
    expect(cpuPeak.value).toBe(sorted[1]);
    for (const peak of cpuPeak.raw) expect(peak).toBeLessThanOrEqual(100);
  });

  it('snapshot with a control channel that does not answer prints its JSON, says what is missing and exits 3', async () => {
    const r = await exatop('snapshot', '--json', '--pidfile', lab.plan.pidFile, '--control', join(dir, 'no-such-pipe'));
    expect(r.exitCode).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc.vitals.rss_bytes).toBeGreaterThan(0);
    expect(doc.incomplete.map((p: { part: string }) => p.part)).toContain('control');
    expect(doc.neighbors_summary).toMatchObject({ established: null, total: null });
    expect(r.stderr).toContain('incomplete: control');
  });

  it('report --checklist on a recording whose polls all failed: no ✅ for zero flaps, exit 3', async () => {
    const out = join(dir, 'failed-polls.jsonl');
    const rec = await execa('node', [CLI, 'record', '--out', out, '--pidfile', lab.plan.pidFile, '--control', join(dir, 'no-such-pipe'),
      '--interval', '0.25', '--duration', '2s'], { reject: false, stdin: 'ignore' });
    expect(rec.exitCode, rec.stderr).not.toBe(2);
    const r = await exatop('report', out, '--checklist');
    expect(r.exitCode, r.stdout).toBe(3);
    const flaps = r.stdout.split('\n').find((l) => l.includes('BGP sessions stable (zero flaps)'))!;
    expect(flaps).not.toContain('✅');
    expect(flaps).toContain('no neighbor poll was answered');
    expect(r.stdout).not.toContain('0/0 established');
  });

  it('a restart made by exatop capture is recorded as planned: no restart alert, no hook run', async () => {
    const { env, hookOut, out, recorder } = await recordWithHook('planned', '60s');
    try {
      await until('the recorder attached', async () => (await readFile(out, 'utf8').catch(() => '')).includes('"sample"'), 15_000, 200);
      const cap = await execa('node', [CLI, 'capture', 'establishment', '--label', 'g', '--out', join(dir, 'planned-run.json'), '--pidfile',
        lab.plan.pidFile, '--neighbors', bird, '--runs', '2', '--yes', ...restart()], { reject: false, stdin: 'ignore', env });
      expect(cap.exitCode, cap.stderr).toBe(0);
      await until('both restarts recorded', async () =>
        parseRecording(await readFile(out, 'utf8')).events.filter((e) => e.kind === 'restart').length >= 2, 15_000, 200);
      await sleep(1500);
    } finally {
      process.kill(recorder.pid!, 'SIGTERM');
      await recorder;
    }
    const rec = parseRecording(await readFile(out, 'utf8'));
    const restarts = rec.events.filter((e) => e.kind === 'restart');
    expect(restarts.length).toBeGreaterThanOrEqual(2);
    for (const e of restarts) expect(e.detail['planned']).toBe(true);
    expect(rec.events.filter((e) => e.kind === 'alert' && e.detail['rule'] === 'restart')).toEqual([]);
    expect(await readFile(hookOut, 'utf8').catch(() => '')).not.toContain('"restart"');
    const report = await exatop('report', out);
    expect(report.stdout).toMatch(/restarts: \d+ \(\d+ planned\)/);
  });
  it('a restart the operator announced is planned too; the next one, unannounced, pages', async () => {
    const { env, hookOut, out, recorder } = await recordWithHook('announced', '90s');
    const restartsIn = async () => parseRecording(await readFile(out, 'utf8')).events.filter((e) => e.kind === 'restart');
    try {
      await until('the recorder attached', async () => (await readFile(out, 'utf8').catch(() => '')).includes('"sample"'), 15_000, 200);
      const said = await execa('node', [CLI, 'announce-restart', '--pidfile', lab.plan.pidFile, '--within', '5m', '--by', 'deploy 42', '--json'], { reject: false, stdin: 'ignore', env });
      expect(said.exitCode, said.stderr).toBe(0);
      expect(JSON.parse(said.stdout)).toMatchObject({ pid: await lab.daemonPid(), by: 'deploy 42' });
      expect((await exatop('lab', 'restart', '--slot', String(SLOT))).exitCode).toBe(0);
      await until('the announced restart recorded', async () => (await restartsIn()).length >= 1, 15_000, 200);
      await untilEstablished(lab, 1, 30_000);
      // the announcement held for the life it named only
      expect((await exatop('lab', 'restart', '--slot', String(SLOT))).exitCode).toBe(0);
      await until('the unannounced restart recorded', async () => (await restartsIn()).length >= 2, 15_000, 200);
      await until('its restart alert', async () => parseRecording(await readFile(out, 'utf8')).events.some((e) => e.kind === 'alert' && e.detail['rule'] === 'restart'), 10_000, 200);
      await sleep(1500);
    } finally {
      process.kill(recorder.pid!, 'SIGTERM');
      await recorder;
    }
    const [announced, unannounced] = await restartsIn();
    expect(announced!.detail['planned']).toBe(true);
    expect(unannounced!.detail['planned']).toBe(false);
    const alerts = parseRecording(await readFile(out, 'utf8')).events.filter((e) => e.kind === 'alert' && e.detail['rule'] === 'restart');
    expect(alerts.length).toBeGreaterThanOrEqual(1);
    expect(alerts.every((a) => a.t >= unannounced!.t)).toBe(true);
    expect(await readFile(hookOut, 'utf8')).toContain('"restart"');
  });
});
