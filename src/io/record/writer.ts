// Appends a recording, one line per write, so a crash can at worst tear the last line (which
// the reader skips). Rotates by size, keeping N old files. Resumes appending to an existing
// recording, starting on a fresh line if the last one was torn.
import { open, rename, stat, type FileHandle } from 'node:fs/promises';

export interface WriterOptions {
  maxBytes: number;
  keep: number;
  /** fsync at most this often: a power cut loses at most this much. */
  syncEveryMs: number;
  now: () => number;
}

export class RecordingWriter {
  private handle: FileHandle | null = null;
  private size = 0;
  private lastSync = 0;

  constructor(readonly path: string, private readonly header: () => object, private readonly options: WriterOptions) {}

  /** Opens the file; returns true when an existing recording is resumed. */
  async open(): Promise<boolean> {
    const existing = await stat(this.path).catch(() => null);
    this.handle = await open(this.path, 'a+');
    this.size = existing?.size ?? 0;
    if (this.size > 0) {
      const last = Buffer.alloc(1);
      await this.handle.read(last, 0, 1, this.size - 1);
      if (last[0] !== 0x0a) await this.append('\n');
      return true;
    }
    await this.append(`${JSON.stringify(this.header())}\n`);
    return false;
  }

  /** A record, or a function of whether it starts a new file (after the header a rotation wrote). */
  async write(record: object | ((fresh: boolean) => object)): Promise<void> {
    const make = typeof record === 'function' ? record : () => record;
    let line = `${JSON.stringify(make(false))}\n`;
    if (this.size + line.length > this.options.maxBytes && this.size > 0) {
      await this.rotate();
      line = `${JSON.stringify(make(true))}\n`;
    }
    await this.append(line);
    const now = this.options.now();
    if (now - this.lastSync >= this.options.syncEveryMs) {
      this.lastSync = now;
      await this.handle!.sync();
    }
  }

  private async append(text: string): Promise<void> {
    if (!this.handle) throw new Error(`${this.path} is not open`);
    await this.handle.write(text);
    this.size += Buffer.byteLength(text);
  }

  /** FILE → FILE.1 → … → FILE.keep (the oldest is dropped), then a new FILE with its header. */
  private async rotate(): Promise<void> {
    await this.handle?.sync();
    await this.handle?.close();
    this.handle = null;
    for (let i = this.options.keep - 1; i >= 1; i--) await rename(`${this.path}.${i}`, `${this.path}.${i + 1}`).catch(() => undefined);
    if (this.options.keep > 0) await rename(this.path, `${this.path}.1`);
    this.handle = await open(this.path, 'a+');
    this.size = 0;
    await this.append(`${JSON.stringify(this.header())}\n`);
  }

  async close(): Promise<void> {
    await this.handle?.sync().catch(() => undefined);
    await this.handle?.close();
    this.handle = null;
  }
}
