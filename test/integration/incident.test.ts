// exatop incident and exatop verify against real daemons (Debian's 4.2.21, PyPI's 5.0.15) with a
// real BIRD and ExaBGP peer: a live traceback from an API process that crashes, the issue report
// live and from a recording with its Environment checked against this machine, and the rollback
// validation passing on a healthy lab and failing when a peer stops or the daemon restarts.
import { mkdtemp, readdir, readFile, readlink, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../src/core/incident/incident.js';
import { labPeer, labRestartDaemon } from '../../src/io/lab/lab.js';
import { writeCommands } from '../support/churn.js';
import { sleep, startTestLab, until, type TestLab } from '../support/lab.js';

const CLI = new URL('../../bin/exatop.js', import.meta.url).pathname;
const cli = (args: string[], timeout = 60_000) => execa('node', [CLI, ...args], { reject: false, timeout });

/**
 * The lab's API process, replaced by one that fails on the first event it is sent (as an API
 * program with a bug does) and works once ExaBGP has respawned it. Its traceback is written in
 * one piece: the daemon's own stderr lines would otherwise cut into it.
 */
const CRASHING_API = `import os, sys, traceback
marker = sys.argv[1] + '.crashed'
if not os.path.exists(marker):
    open(marker, 'w').close()
    def handle(line):
        return {}['neighbor'][line]
    try:
        for line in sys.stdin:
            handle(line)
    except Exception:
        os.write(2, traceback.format_exc().encode())
        os._exit(1)
with open(sys.argv[1], 'a', buffering=1) as out:
    for line in sys.stdin:
        out.write(line)
`;

async function apiProcessPid(daemon: number, script: string): Promise<number | null> {
  for (const pid of (await readFile(`/proc/${daemon}/task/${daemon}/children`, 'utf8')).trim().split(/\s+/).filter(Boolean)) {
    const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (argv.includes(script)) return Number(pid);
  }
  return null;
}

for (const [line, slot] of [['4.2', 26], ['5.0', 27]] as const) {
  describe(`exatop incident and verify on a real ExaBGP ${line}`, () => {
    let lab: TestLab;
    let dir: string;
    let recorder: ResultPromise | null = null;
    let peers: string[];
    const recording = () => join(dir, 'lab.jsonl');
    const target = () => ['--pidfile', lab.plan.pidFile];

    beforeAll(async () => {
      lab = await startTestLab(line, slot, ['bird', 'exabgp']);
      // The lab appends to its log across runs, and 5.0's lines carry no time to tell this run's
      // from the last one's: start from an empty file (the daemon writes it in append mode).
      await truncate(join(lab.plan.logDir, 'exabgp.log'), 0);
      dir = await mkdtemp(join(tmpdir(), 'exatop-incident-'));
      peers = lab.plan.neighbors.filter((n) => n.kind !== 'ghost').map((n) => n.address);
      recorder = execa('node', [CLI, 'record', '--out', recording(), ...target(), '--interval', '0.5'], { reject: false });
      await established();
    });
    const established = () => until('both sessions established', async () => {
      const snap = await cli(['snapshot', '--json', ...target()]);
      const doc = JSON.parse(snap.stdout || '{}') as { neighbors?: { address: string; state: string }[] };
      return peers.every((p) => doc.neighbors?.some((n) => n.address === p && n.state === 'up'));
    }, 30_000, 500);
    afterAll(async () => {
      if (recorder?.pid) process.kill(recorder.pid, 'SIGKILL');
      await lab?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('verify passes on a healthy lab: generator, the sessions kept, no traceback, no restart (exit 0)', async () => {
      const r = await cli(['verify', '--for', '5s', '--expect', 'generator', '--neighbors', peers.join(','), ...target()]);
      expect(r.stdout).toContain('verified over');
      expect(r.stdout).toMatch(/✅ reactor: generator \(ExaBGP /);
      expect(r.stdout).toContain('✅ sessions: 2/2 ESTABLISHED, none left it');
      expect(r.stdout).toContain('✅ asyncio in the log: no line mentions asyncio');
      expect(r.stderr).toMatch(/verify \d+s\/5s: reactor ✅/);
      expect(r.exitCode).toBe(0);
    });

    it('verify fails when the daemon restarts during the window', async () => {
      const watch = cli(['verify', '--for', '60s', '--neighbors', peers.join(','), ...target()]);
      await sleep(3000);
      await labRestartDaemon(lab);
      const r = await watch;
      expect(r.stdout).toMatch(/❌ restarts: the daemon (restarted|went away)/);
      expect(r.exitCode).toBe(1);
      await established();
    });

    it('verify fails when a peer stops during the window, naming it; the API process crashes on that event', async () => {
      await writeFile(lab.plan.apiScript, CRASHING_API);
      await rm(`${lab.plan.eventsLog}.crashed`, { force: true });
      const api = await apiProcessPid(await lab.daemonPid(), lab.plan.apiScript);
      expect(api).not.toBeNull();
      process.kill(api!, 'SIGTERM');
      await until('ExaBGP respawned its API process', async () => {
        const now = await apiProcessPid(await lab.daemonPid(), lab.plan.apiScript);
        return now !== null && now !== api;
      }, 10_000);
      const watch = cli(['verify', '--for', '60s', '--expect', 'generator', '--neighbors', peers.join(','), ...target()]);
      await sleep(4000);
      await labPeer(lab, 'bird', 'stop');
      const r = await watch;
      const bird = lab.plan.neighbors.find((n) => n.name === 'bird')!.address;
      expect(r.stdout).toMatch(new RegExp(`❌ (sessions: ${bird.replace(/\./g, '\\.')} left ESTABLISHED|tracebacks: .*KeyError)`));
      expect(r.stdout).toContain('FAILED after');
      expect(r.stdout).toContain('(stopped at the first failure)');
      expect(r.exitCode).toBe(1);
      await labPeer(lab, 'bird', 'start');
    });

    let live: Incident;
    it('incident from the live daemon: the whole traceback, with the Environment of this machine', async () => {
      const runs = join(dir, 'runs');
      const r = await until('the traceback in the log', async () => {
        const x = await cli(['incident', ...target(), '--kind', 'traceback', '--json', '--runs-dir', runs]);
        return x.exitCode === 0 ? x : null;
      }, 20_000, 1000);
      live = JSON.parse(r.stdout) as Incident;
      expect(live.entry.lines[0]).toBe('Traceback (most recent call last):');
      expect(live.entry.lines.at(-1)).toBe("KeyError: 'neighbor'");
      expect(live.entry.signature).toBe('KeyError @ api-events.py:<module> > api-events.py:handle');
      const pid = await lab.daemonPid();
      const exe = await readlink(`/proc/${pid}/exe`);
      const python = (await execa(exe, ['--version'])).stdout.replace('Python ', '').trim();
      const os = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(await readFile('/etc/os-release', 'utf8'))![1]!;
      const e = live.environment;
      expect(e.python.value).toBe(python);
      expect(e.exabgpVersion.value).toBe(line === '4.2' ? '4.2.21' : '5.0.15');
      expect(e.exabgpCommit.value).toBeNull();
      expect(e.os.value).toContain(os);
      expect(e.peers.configured).toBe(3);
      expect(e.peers.established).toBeGreaterThanOrEqual(1);
      expect(e.reactor.mode).toBe('generator');
      expect(e.reactor.source).toContain(`the ${line} line has only the generator reactor`);
      expect(live.asyncSpecific.answer).toBe('No');
      expect(r.stderr).toMatch(/saved .*\/runs\/incidents\/incident-.*-traceback\.json/);
      // Never over an earlier report: a second one is a second file.
      await cli(['incident', ...target(), '--kind', 'traceback', '--runs-dir', runs]);
      const files = await readdir(join(runs, 'incidents'));
      expect(files.filter((f) => f.endsWith('.md'))).toHaveLength(1);
      expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(1);
    });

    it('incident from the recording: the same traceback, the environment recorded, the session lost and the restart', async () => {
      if (line === '5.0') {
        // A rejected API command that kills 5.0.15 (FACTS.md): the daemon's own traceback.
        await until('the new daemon answers', async () => (await cli(['snapshot', '--json', ...target()])).exitCode === 0, 20_000, 500);
        writeCommands(lab.plan, ['version json']);
        await until('the daemon gone', async () => !(await readFile(`/proc/${await lab.daemonPid()}/stat`).then(() => true, () => false)), 10_000);
        await sleep(3000);
      } else await sleep(2000);
      process.kill(recorder!.pid!, 'SIGTERM');
      await recorder;
      recorder = null;
      const r = await cli(['incident', recording(), '--match', 'neighbor', '--baseline', recording(), '--runs-dir', join(dir, 'runs2')]);
      expect(r.exitCode).toBe(0);
      const md = r.stdout;
      expect(md).toContain("## Issue #N: Traceback: KeyError: 'neighbor'");
      expect(md).toMatch(/^- Python version: \d+\.\d+\.\d+ /m);
      expect(md).toContain(`- Peer count: 3 configured`);
      expect(md).toMatch(/- Restarts around it: .*\(new pid \d+\)/);
      expect(md).toContain('**Async-specific:** No — it happened under the generator reactor');
      // 5.0.15 was then killed by `version json` within the window: nothing ran at the end.
      expect(md).toMatch(line === '5.0' ? /^\*\*Severity:\*\* Critical — a suggestion by exatop \(no daemon ran/m : /^\*\*Severity:\*\* High — a suggestion by exatop/m);
      expect(md).toMatch(new RegExp(`exatop lab up --peers 3( --flap \\d+s)?${line === '5.0' ? ' --exabgp 5.0' : ''}\``));
      if (line === '5.0') {
        const crash = await cli(['incident', recording(), '--match', "KeyError: 'version'", '--json', '--runs-dir', join(dir, 'runs2')]);
        const incident = JSON.parse(crash.stdout) as Incident;
        expect(incident.entry.signature).toMatch(/^KeyError @ .*exabgp\/reactor\/loop\.py:run > exabgp\/reactor\/api\/__init__\.py:process > exabgp\/reactor\/api\/__init__\.py:response$/);
        expect(incident.severity.suggested).toBe('Critical');
      }
    });
  });
}
