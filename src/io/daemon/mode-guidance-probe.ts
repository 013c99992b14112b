// Reads what the mode guidance needs from this host: the env file and the systemd unit files.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProcFs } from '../procfs.js';
import type { DaemonInfo } from '../../core/model/daemon.js';
import { modeGuidance, type ModeGuidance } from '../../core/daemon/mode-guidance.js';
import { parseEnvFile } from '../../core/daemon/version.js';
import { unitFromCgroup } from '../logs/discover-logs.js';

const UNIT_DIRS = ['/etc/systemd/system', '/run/systemd/system', '/usr/lib/systemd/system', '/lib/systemd/system'];

async function text(path: string): Promise<string | null> {
  return readFile(path, 'utf8').catch(() => null);
}

async function unitFiles(unit: string): Promise<{ path: string; text: string }[]> {
  const found: { path: string; text: string }[] = [];
  for (const dir of UNIT_DIRS) {
    const main = await text(join(dir, unit));
    if (main !== null) found.push({ path: join(dir, unit), text: main });
    const dropins = join(dir, `${unit}.d`);
    for (const name of (await readdir(dropins).catch(() => [] as string[])).filter((n) => n.endsWith('.conf')).sort()) {
      const t = await text(join(dropins, name));
      if (t !== null) found.push({ path: join(dropins, name), text: t });
    }
  }
  return found;
}

export async function probeModeGuidance(proc: ProcFs, daemon: DaemonInfo): Promise<ModeGuidance> {
  const envFilePath = daemon.envFile ?? (daemon.environ['EXABGP_ENVFILE'] ?? null);
  const envFile = envFilePath ? parseEnvFile((await text(envFilePath)) ?? '') : {};
  const cgroup = await text(join(proc.root, String(daemon.pid), 'cgroup'));
  const unit = cgroup ? unitFromCgroup(cgroup) : null;
  return modeGuidance({ environ: daemon.environ, envFilePath, envFile, unit, unitFiles: unit ? await unitFiles(unit) : [] });
}
