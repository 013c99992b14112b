// Restarts announced before they happen: exatop's own capture writes one before each restart it
// makes, and an operator can announce one (`exatop announce-restart`). A monitor that sees the
// announced daemon life end records the restart as planned: shown, not paged.
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { defaultRunsDir, writeFileAtomic } from './runs/store.js';
import type { DaemonIdentity } from '../core/model/daemon.js';

export interface PlannedRestart extends DaemonIdentity {
  /** Epoch ms after which the announcement no longer holds. */
  until: number;
  /** Who announced it, shown with the restart. */
  by: string;
}

/** Beside the runs folder: `$XDG_STATE_HOME/exatop/planned-restarts.json`. */
export function plannedRestartsFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(dirname(defaultRunsDir(env)), 'planned-restarts.json');
}

async function readAll(file: string): Promise<PlannedRestart[]> {
  try {
    const doc: unknown = JSON.parse(await readFile(file, 'utf8'));
    return Array.isArray(doc) ? doc.filter((e): e is PlannedRestart => typeof e?.pid === 'number' && typeof e?.until === 'number') : [];
  } catch {
    return [];
  }
}

export async function announceRestart(entry: PlannedRestart, now: number, file = plannedRestartsFile()): Promise<void> {
  const kept = (await readAll(file)).filter((e) => e.until > now && !(e.pid === entry.pid && e.startTicks === entry.startTicks));
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify([...kept, entry], null, 2)}\n`);
}

/** Who announced the end of this daemon life, if anyone did and it still holds. */
export async function plannedBy(life: DaemonIdentity, now: number, file = plannedRestartsFile()): Promise<string | null> {
  const found = (await readAll(file)).find((e) => e.pid === life.pid && e.startTicks === life.startTicks && e.until >= now);
  return found?.by ?? null;
}
