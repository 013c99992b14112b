import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/runs/store.js';

/** Saves into the current folder, or the temp folder when that is not writable; says where. */
export async function saveTextFile(prefix: string, text: string, now: Date = new Date(), extension = '.txt'): Promise<string> {
  const name = `${prefix}-${now.toISOString().replace(/[:.]/g, '-')}${extension}`;
  for (const dir of [process.cwd(), tmpdir()]) {
    try {
      await writeFileAtomic(join(dir, name), text);
      return join(dir, name);
    } catch {
      // try the next folder
    }
  }
  throw new Error(`neither ${process.cwd()} nor ${tmpdir()} is writable`);
}
