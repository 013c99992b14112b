// Builds what exatop knows about one daemon life: pid + start time (its identity), version,
// reactor mode and where each came from.
import { dirname, join } from 'node:path';
import { exabgpProgramIndex } from '../../core/daemon/classify.js';
import type { DaemonCandidate, DaemonInfo } from '../../core/model/daemon.js';
import { type ProcFs } from '../procfs.js';
import { CLOCK_TICKS_PER_SECOND } from '../../core/daemon/proc-parse.js';
import {
  deriveReactor, parseEnvFile, versionFromDistInfo, versionFromEnviron, versionFromScript, versionFromVersionPy,
  type VersionInfo,
} from '../../core/daemon/version.js';
import { pidFileOf } from './lineage.js';
import { hostFiles, type FileReader } from '../files.js';

export function startTimeMs(bootTimeSeconds: number, startTicks: number): number {
  return Math.round((bootTimeSeconds + startTicks / CLOCK_TICKS_PER_SECOND) * 1000);
}

/** The process start as epoch ms from an uptime read at `at`: both in 10 ms units since boot. */
export function startTimeFromUptime(uptime: { seconds: number; at: number }, startTicks: number): number {
  return Math.round(uptime.at - (uptime.seconds - startTicks / CLOCK_TICKS_PER_SECOND) * 1000);
}

/** Start time to 10 ms from /proc/uptime; btime (whole seconds) only where uptime is unreadable. */
export async function processStartTime(proc: ProcFs, startTicks: number): Promise<{ startTime: number; resolutionMs: number }> {
  const uptime = await proc.uptime();
  if (uptime) return { startTime: startTimeFromUptime(uptime, startTicks), resolutionMs: 10 };
  return { startTime: startTimeMs((await proc.bootTime()) ?? 0, startTicks), resolutionMs: 1000 };
}

/** `files`: where the env file and the installed files (console script, dist-info, version.py) are read. */
export async function describeDaemon(proc: ProcFs, candidate: DaemonCandidate, files: FileReader = hostFiles): Promise<DaemonInfo> {
  const start = await processStartTime(proc, candidate.startTicks);
  const environResult = await proc.environ(candidate.pid);
  const environ = environResult.ok ? environResult.value : {};
  const envFilePath = candidate.envFile ?? environ['EXABGP_ENVFILE'] ?? null;
  const envFile = envFilePath ? parseEnvFile(await readText(files, envFilePath) ?? '') : {};
  const version = versionFromEnviron(environ) ?? (await versionFromInstall(files, candidate.argv, environ));
  return {
    pid: candidate.pid,
    startTicks: candidate.startTicks,
    startTime: start.startTime,
    startTimeResolutionMs: start.resolutionMs,
    argv: candidate.argv,
    config: candidate.configs[0] ?? null,
    configs: candidate.configs,
    envFile: envFilePath,
    pidFile: pidFileOf(environ, envFile),
    root: candidate.root,
    environ,
    environError: environResult.ok ? null : environResult.reason,
    version,
    reactor: deriveReactor(version, environ, envFile),
    own: null,
  };
}

async function readText(files: FileReader, path: string, limit = 64 * 1024): Promise<string | null> {
  return (await files.text(path))?.slice(0, limit) ?? null;
}

/** Version from the installed files the daemon runs from: console script, dist-info, version.py. */
async function versionFromInstall(files: FileReader, argv: readonly string[], environ: Record<string, string>): Promise<VersionInfo | null> {
  const program = argv[exabgpProgramIndex(argv)];
  if (program && program.startsWith('/')) {
    const script = await readText(files, program, 4096);
    const fromScript = script ? versionFromScript(script, program) : null;
    if (fromScript) return fromScript;
  }
  const python = argv[0] ?? '';
  const prefixes = [environ['VIRTUAL_ENV'], program?.startsWith('/') ? dirname(dirname(program)) : undefined, python.startsWith('/') ? dirname(dirname(python)) : undefined];
  for (const prefix of prefixes) {
    if (!prefix) continue;
    const libs = await files.list(join(prefix, 'lib'));
    for (const lib of libs.filter((name) => name.startsWith('python'))) {
      const dir = join(prefix, 'lib', lib, 'site-packages');
      const found = versionFromDistInfo(await files.list(dir), dir);
      if (found) return found;
    }
  }
  const root = environ['EXABGP_ROOT'];
  if (root) {
    const path = join(root, 'src', 'exabgp', 'version.py');
    const text = await readText(files, path);
    const found = text ? versionFromVersionPy(text, path) : null;
    if (found) return found;
  }
  return null;
}
