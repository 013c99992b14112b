// Reads the "Environment" of an issue report from the machine: the daemon's interpreter
// (/proc/PID/exe, the venv's pyvenv.cfg, or the interpreter's own answer), ExaBGP's commit (the
// version string, or the source tree's git HEAD), the OS (/etc/os-release). Read-only; the only
// process started is the daemon's own interpreter asked for `--version`, never the daemon.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import type { DaemonInfo } from '../../core/model/daemon.js';
import type { ProcFs } from '../procfs.js';
import {
  commitFromGitHead, commitFromVersion, osFromOsRelease, pythonFromPyvenv, pythonFromVersionAnswer, type Fact,
} from '../../core/incident/environment.js';

export interface ProbedEnvironment {
  python: Fact;
  exabgpCommit: Fact;
  os: Fact;
}

async function text(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

async function pythonOf(proc: ProcFs, daemon: DaemonInfo): Promise<Fact> {
  const exe = await proc.exe(daemon.pid);
  const interpreter = daemon.argv[0] ?? '';
  const venvs = [daemon.environ['VIRTUAL_ENV'], interpreter.startsWith('/') ? dirname(dirname(interpreter)) : undefined];
  for (const venv of venvs) {
    if (!venv) continue;
    const cfg = await text(join(venv, 'pyvenv.cfg'));
    const version = cfg ? pythonFromPyvenv(cfg) : null;
    if (version) return { value: version, source: `${join(venv, 'pyvenv.cfg')} (interpreter ${exe ?? interpreter})` };
  }
  if (!exe) return { value: null, source: `/proc/${daemon.pid}/exe is not readable (another user's daemon needs root)` };
  const binary = exe.replace(/ \(deleted\)$/, '');
  try {
    const answer = await execa(binary, ['--version'], { timeout: 2000, reject: false, all: true });
    const version = pythonFromVersionAnswer(answer.all ?? '');
    if (version) return { value: version, source: `${binary} --version (/proc/${daemon.pid}/exe${binary !== exe ? ', since replaced on disk' : ''})` };
    return { value: null, source: `${binary} --version answered no version` };
  } catch (error) {
    return { value: null, source: `${binary} --version failed: ${(error as Error).message}` };
  }
}

async function commitOf(daemon: DaemonInfo): Promise<Fact> {
  const version = daemon.version?.version ?? null;
  const fromVersion = version ? commitFromVersion(version) : null;
  if (fromVersion) return { value: fromVersion, source: `the version string ${version}` };
  const root = daemon.environ['EXABGP_ROOT'] ?? daemon.root;
  for (const dir of root ? [root, dirname(root)] : []) {
    const head = await text(join(dir, '.git', 'HEAD'));
    if (head === null) continue;
    const refs = new Map<string, string | null>();
    for (const ref of [/^ref:\s*(\S+)/.exec(head)?.[1], 'packed-refs']) if (ref) refs.set(ref, await text(join(dir, '.git', ref)));
    const commit = commitFromGitHead(head, (ref) => refs.get(ref) ?? null);
    if (commit) return { value: commit, source: `git HEAD of ${dir}` };
  }
  return { value: null, source: version ? `none: the version string ${version} carries no commit and no source tree was found` : 'version unknown' };
}

async function osOf(etc: string): Promise<Fact> {
  for (const path of [join(etc, 'os-release'), '/usr/lib/os-release']) {
    const found = await text(path);
    const name = found ? osFromOsRelease(found) : null;
    if (name) {
      const kernel = (await text('/proc/sys/kernel/osrelease'))?.trim();
      return { value: kernel ? `${name}, Linux ${kernel}` : name, source: `${path}${kernel ? ', /proc/sys/kernel/osrelease' : ''}` };
    }
  }
  return { value: null, source: `no ${join(etc, 'os-release')}` };
}

export async function probeEnvironment(proc: ProcFs, daemon: DaemonInfo, etc = '/etc'): Promise<ProbedEnvironment> {
  const [python, exabgpCommit, os] = await Promise.all([pythonOf(proc, daemon), commitOf(daemon), osOf(etc)]);
  return { python, exabgpCommit, os };
}
