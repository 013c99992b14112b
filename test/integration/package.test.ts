// The package as an operator installs it: `npm pack`, then `npm install -g` of the tarball into a
// temporary prefix, offline (it must need nothing from a registry), and the installed command
// run for real: version, shell completion, man page, and a lab that lives in the user's state
// folder, driven and recorded with --json.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const SLOT = 29;
const MAX_INSTALLED_BYTES = 5 * 1024 * 1024;

async function treeBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await treeBytes(path) : (await stat(path)).size;
  }
  return total;
}

describe('npm pack + npm install -g of the tarball', () => {
  let dir: string;
  let prefix: string;
  let env: NodeJS.ProcessEnv;
  const installed = () => join(prefix, 'lib', 'node_modules', 'exatop');
  const exatop = (...args: string[]) => execa(join(prefix, 'bin', 'exatop'), args, { env, reject: false, stdin: 'ignore' });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'exatop-package-'));
    prefix = join(dir, 'prefix');
    // The cwd's .lab must not be what the installed copy finds: it is run from elsewhere.
    env = { ...process.env, XDG_STATE_HOME: join(dir, 'state'), EXATOP_LAB_DIR: undefined, npm_config_cache: join(dir, 'npm-cache') };
    const packed = await execa('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, env });
    const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
    await execa('npm', ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, join(dir, filename)], { cwd: dir, env });
  }, 300_000);
  afterAll(async () => {
    if (prefix) await exatop('lab', 'down', '--slot', String(SLOT));
    await rm(dir, { recursive: true, force: true });
  });

  it('installs no dependency, within 5 MB', async () => {
    expect(existsSync(join(installed(), 'node_modules'))).toBe(false);
    expect(Object.keys((await import(join(installed(), 'package.json'), { with: { type: 'json' } })).default.dependencies ?? {})).toEqual([]);
    const bytes = await treeBytes(installed());
    process.stderr.write(`installed package: ${(bytes / 1024 / 1024).toFixed(2)} MB\n`);
    expect(bytes).toBeLessThanOrEqual(MAX_INSTALLED_BYTES);
  });

  it('runs: --version, completion bash in a real bash, the man page where man looks', async () => {
    const version = await exatop('--version');
    expect(version.exitCode).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(execFileSync('cat', [join(ROOT, 'package.json')], { encoding: 'utf8' })).version);
    const completion = await exatop('completion', 'bash');
    expect(completion.exitCode).toBe(0);
    const offered = execFileSync('bash', ['--norc', '--noprofile', '-c', `${completion.stdout}\nCOMP_WORDS=(exatop com); COMP_CWORD=1; _exatop; echo "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
    expect(offered.trim()).toBe('compare completion');
    expect((await exatop('completion', 'fish')).exitCode).toBe(2);
    const page = join(prefix, 'share', 'man', 'man1', 'exatop.1');
    expect(existsSync(page)).toBe(true);
    const man = await execa('man', ['-l', page], { env: { ...env, MANWIDTH: '100', MAN_KEEP_FORMATTING: '' }, reject: false });
    if (man.exitCode === 0) expect(man.stdout).toMatch(/EXIT STATUS[\s\S]*3\s+the command ran, but part/);
  });

  it('keeps its lab under $XDG_STATE_HOME/exatop/lab, and lab up/down, record and replay answer in JSON', async () => {
    const up = await exatop('lab', 'up', '--slot', String(SLOT), '--peers', 'bird', '--json');
    expect(up.exitCode, up.stderr).toBe(0);
    const lab = JSON.parse(up.stdout) as { dir: string; pid_file: string; processes: { role: string; pid: number; running: boolean }[] };
    expect(lab.dir).toBe(join(dir, 'state', 'exatop', 'lab', `lab${SLOT}`));
    expect(existsSync(join(installed(), '.lab'))).toBe(false);
    const daemon = lab.processes.find((p) => p.role === 'daemon')!;
    expect(daemon.running).toBe(true);

    const recording = join(dir, 'r.jsonl');
    const record = await exatop('record', '--out', recording, '--pidfile', lab.pid_file, '--interval', '0.5', '--duration', '4s');
    expect(record.exitCode, record.stderr).toBe(0);
    const replay = await exatop('replay', recording, '--json');
    expect(replay.exitCode, replay.stderr).toBe(0);
    const doc = JSON.parse(replay.stdout);
    expect(doc).toMatchObject({ format: 'exatop-replay', file: recording, snapshot: { daemon: { pid: daemon.pid, version: expect.stringMatching(/^4\.2\./) } } });
    expect(doc.samples).toBeGreaterThanOrEqual(4);

    const down = await exatop('lab', 'down', '--slot', String(SLOT), '--json');
    expect(down.exitCode).toBe(0);
    expect(JSON.parse(down.stdout)).toMatchObject({ dir: lab.dir, stopped: expect.arrayContaining([expect.stringMatching(/daemon|exabgp/)]) });
  });
});
