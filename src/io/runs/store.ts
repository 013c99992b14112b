// Run files on disk: where they live, atomic writes, reading, listing, and adding one metric
// to a run. A file that does not parse is reported and never written over.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, link, mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { homedir, hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import {
  metricSchemas, parseRun, RUN_FORMAT, RUN_VERSION, runSchema, serializeRun,
} from '../../core/compare/run-schema.js';
import { stateHome } from '../config/paths.js';
import { EXIT, ExitError } from '../../core/exit-codes.js';
import type { ListedRun,
  ExabgpInfo, MetricName, MetricOf, Run } from '../../core/compare/run-schema.js';

/** A run file that cannot be read, parsed or extended; `field` names the offending field. */
export class RunStoreError extends ExitError {
  override name = 'RunStoreError';
  constructor(readonly file: string, readonly field: string | null, message: string) {
    // A run file that is corrupt or foreign: bad input, left as it is.
    super(message, EXIT.usage);
  }
}

/** `$XDG_STATE_HOME/exatop/runs`, or `~/.local/state/exatop/runs` (a relative XDG path is ignored, as the spec says). */
export function defaultRunsDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  return join(stateHome(env, home), 'exatop', 'runs');
}

/** A path that exists is taken as it is; a bare name is looked up in the runs folder (`.json` added). */
export async function resolveRunFile(nameOrPath: string, runsDir: string): Promise<string> {
  if (await exists(nameOrPath)) return nameOrPath;
  if (nameOrPath.includes('/')) return nameOrPath;
  return join(runsDir, nameOrPath.endsWith('.json') ? nameOrPath : `${nameOrPath}.json`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

const tempPath = (dir: string, name: string) => join(dir, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);

/** A new file with its text on disk (fsync), before it is given its name; `mode` when the file
 *  it replaces had one the owner chose (open() applies the umask, which must not change it). */
async function writeSynced(path: string, text: string, mode: number | null = null): Promise<void> {
  const handle = await open(path, 'wx', mode ?? 0o644);
  try {
    if (mode !== null) await handle.chmod(mode);
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Temp file in the same folder, fsync, rename over the target, fsync the folder. A file that
 *  exists keeps its permissions (a run kept 0600 stays 0600); a new one is 0644. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = tempPath(dir, basename(path));
  const kept = await stat(path).then((s) => s.mode & 0o7777, () => null);
  try {
    await writeSynced(temp, text, kept);
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
}

/**
 * Saves a new file `DIR/STEM.EXT` (or STEM-2.EXT, STEM-3.EXT … when taken), never replacing one:
 * temp file, fsync, then a hard link, which fails when the name exists, where a rename would not.
 */
export async function saveNewFile(dir: string, stem: string, extension: string, text: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const temp = tempPath(dir, stem);
  try {
    await writeSynced(temp, text);
    for (let n = 1; n < 1000; n++) {
      const path = join(dir, `${stem}${n === 1 ? '' : `-${n}`}${extension}`);
      try {
        await link(temp, path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw error;
      }
      await syncDirectory(dir);
      return path;
    }
    throw new Error(`${dir}: 999 files named ${stem}-N${extension} already`);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

// Makes the rename itself durable; some file systems refuse to fsync a directory.
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync().catch(() => undefined);
  } finally {
    await handle.close();
  }
}

export async function readRunText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new RunStoreError(file, null, `${file}: cannot read (${(error as Error).message})`);
  }
}

export async function readRun(file: string): Promise<Run> {
  const text = await readRunText(file);
  if (text === null) throw new RunStoreError(file, null, `${file}: no such run file`);
  const parsed = parseRun(text, file);
  if (!parsed.ok) throw new RunStoreError(file, parsed.field, parsed.message);
  return parsed.value;
}

/** Every `*.json` in the folder, sorted by name; unreadable ones listed with their error. */
export async function listRuns(dir: string): Promise<ListedRun[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files = names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort().map((n) => join(dir, n));
  return Promise.all(
    files.map(async (file): Promise<ListedRun> => {
      try {
        return { file, run: await readRun(file) };
      } catch (error) {
        return { file, error: (error as Error).message };
      }
    }),
  );
}

export interface SaveOptions {
  now?: Date;
  host?: string;
}

/**
 * Creates the run file or adds (replaces) one metric in it, atomically. Refuses, leaving the
 * file as it is, when it does not parse or holds another label or another daemon version or
 * reactor: a run is one daemon in one mode. Concurrent writers to one file: the last wins.
 */
export async function saveMetric<N extends MetricName>(
  runFile: string, label: string, metricName: N, metric: MetricOf<N>, exabgp: ExabgpInfo, options: SaveOptions = {},
): Promise<Run> {
  const checked = metricSchemas[metricName].safeParse(metric);
  if (!checked.success) throw new RunStoreError(runFile, `metrics.${metricName}`, `${metricName}: not a valid figure (${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
  const now = (options.now ?? new Date()).toISOString();
  const text = await readRunText(runFile);
  let run: Run;
  if (text === null) {
    run = { format: RUN_FORMAT, version: RUN_VERSION, label, host: options.host ?? hostname(), exabgp, createdAt: now, updatedAt: now, metrics: {} };
  } else {
    const parsed = parseRun(text, runFile);
    if (!parsed.ok) throw new RunStoreError(runFile, parsed.field, `${parsed.message} (left as it is)`);
    run = { ...parsed.value, exabgp: mergeExabgp(runFile, parsed.value, label, exabgp), updatedAt: now };
  }
  run.metrics = { ...run.metrics, [metricName]: checked.data };
  await writeFileAtomic(runFile, serializeRun(runSchema.parse(run)));
  return run;
}

function mergeExabgp(file: string, run: Run, label: string, info: ExabgpInfo): ExabgpInfo {
  if (run.label !== label) throw new RunStoreError(file, 'label', `${file}: holds run "${run.label}", not "${label}"`);
  const old = run.exabgp;
  if (old.version !== null && info.version !== null && old.version !== info.version) {
    throw new RunStoreError(file, 'exabgp.version', `${file}: holds figures of ExaBGP ${old.version}, not ${info.version}`);
  }
  if (old.reactor !== 'unknown' && info.reactor !== 'unknown' && old.reactor !== info.reactor) {
    throw new RunStoreError(file, 'exabgp.reactor', `${file}: holds figures of the ${old.reactor} reactor, not ${info.reactor}`);
  }
  return {
    version: old.version ?? info.version,
    reactor: old.reactor === 'unknown' ? info.reactor : old.reactor,
    reactorSource: old.reactorSource ?? info.reactorSource,
    config: old.config ?? info.config,
  };
}
