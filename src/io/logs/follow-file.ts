// Follows a log file the way an operator's `tail -F` should: across rotation by rename (the rest
// of the old file is read before the new one, and for a while after, since a daemon that is not
// told to reopen its log goes on writing the renamed file), across copytruncate (a file that
// shrank is read again from its start), and across the file disappearing and coming back.
// Nothing is read twice and, as long as the file is polled faster than it is rotated twice,
// nothing is lost.
import { open, stat, type FileHandle } from 'node:fs/promises';

export type FollowState = 'following' | 'missing' | 'error';

export interface FollowStatus {
  state: FollowState;
  message: string | null;
  path: string;
  /** Bytes read so far from the current file. */
  position: number;
  rotations: number;
  truncations: number;
}

/** Bytes read in one poll at most, so a huge backlog cannot stall the monitor's tick. */
export const MAX_READ_PER_POLL = 8 * 1024 * 1024;
/** A "line" longer than this is cut: a binary file must not exhaust memory. */
export const MAX_LINE_BYTES = 64 * 1024;
const CHUNK = 256 * 1024;
/** How far back the last lines of a file are looked for when following starts (tail -n). */
export const MAX_BACKLOG_BYTES = 1024 * 1024;
/** A renamed-away file is still read until it has not grown for this long. */
export const RETIRED_GRACE_MS = 30_000;

interface Retired {
  handle: FileHandle;
  position: number;
  partial: string;
  lastGrowth: number;
}

export class FileFollower {
  private handle: FileHandle | null = null;
  private inode: number | null = null;
  private position = 0;
  private partial = '';
  private status: FollowStatus;
  private opened = false;
  private readonly buffer = Buffer.allocUnsafe(CHUNK);
  private retired: Retired[] = [];

  constructor(
    readonly path: string,
    /** `backlog`: lines written before following began (the last lines shown on open, as tail -f does). */
    private readonly onLines: (lines: string[], backlog: boolean) => void,
    /** 'end': only lines written after exatop attached; 'start': the whole file; a number: its last N lines, then on. */
    private readonly startAt: 'start' | 'end' | number = 'end',
    private readonly now: () => number = Date.now,
  ) {
    this.status = { state: 'missing', message: null, path, position: 0, rotations: 0, truncations: 0 };
  }

  /** Reads what is new; call it every tick. Never throws. */
  async poll(): Promise<FollowStatus> {
    try {
      await this.readRetired();
      if (!this.handle && !(await this.openCurrent())) return this.status;
      await this.readAvailable();
      const current = await stat(this.path).catch(() => null);
      if (!current) {
        // Gone (deleted or renamed away): keep what we hold open, say the path is missing.
        this.setState('missing', `${this.path} is missing (rotated or deleted); still reading the file exatop had open`);
        return this.status;
      }
      if (current.ino !== this.inode) {
        await this.readAvailable();
        if (this.handle) this.retired.push({ handle: this.handle, position: this.position, partial: this.partial, lastGrowth: this.now() });
        this.handle = null;
        this.partial = '';
        this.status.rotations++;
        if (await this.openCurrent(true)) await this.readAvailable();
        return this.status;
      }
      const size = (await this.handle!.stat()).size;
      if (size < this.position) {
        this.flushPartial();
        this.position = 0;
        this.status.truncations++;
        await this.readAvailable();
      }
      this.setState('following', null);
    } catch (error) {
      this.setState('error', `${this.path}: ${error instanceof Error ? error.message : String(error)}`);
      await this.closeHandle();
    }
    return this.status;
  }

  async close(): Promise<void> {
    await this.closeHandle();
    for (const r of this.retired) await r.handle.close().catch(() => undefined);
    this.retired = [];
  }

  /** Renamed-away files: whatever a daemon still writes there, until they fall silent. */
  private async readRetired(): Promise<void> {
    const keep: Retired[] = [];
    for (const r of this.retired) {
      let grew = false;
      for (;;) {
        const { bytesRead } = await r.handle.read(this.buffer, 0, CHUNK, r.position);
        if (bytesRead <= 0) break;
        grew = true;
        r.position += bytesRead;
        const parts = (r.partial + this.buffer.toString('utf8', 0, bytesRead)).split('\n');
        r.partial = parts.pop() ?? '';
        if (parts.length) this.onLines(parts.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line)), false);
      }
      if (grew) r.lastGrowth = this.now();
      if (this.now() - r.lastGrowth < RETIRED_GRACE_MS) keep.push(r);
      else {
        if (r.partial !== '') this.onLines([r.partial], false);
        await r.handle.close().catch(() => undefined);
      }
    }
    this.retired = keep;
  }

  private setState(state: FollowState, message: string | null): void {
    this.status.state = state;
    this.status.message = message;
    this.status.position = this.position;
  }

  private async openCurrent(afterRotation = false): Promise<boolean> {
    try {
      this.handle = await open(this.path, 'r');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const message = code === 'ENOENT' ? `${this.path} does not exist (yet): waiting for it` : code === 'EACCES' ? `permission denied on ${this.path}: run exatop as root or as the daemon's user` : `${this.path}: ${code ?? error}`;
      this.setState(code === 'ENOENT' ? 'missing' : 'error', message);
      // A file that did not exist when exatop started is new: read it whole when it appears.
      if (code === 'ENOENT') this.opened = true;
      return false;
    }
    const st = await this.handle.stat();
    this.inode = st.ino;
    // The first file starts where the user asked; a file that appears later is read whole.
    const first = !this.opened && !afterRotation;
    this.position = first && this.startAt !== 'start' ? st.size : 0;
    this.opened = true;
    this.partial = '';
    if (first && typeof this.startAt === 'number' && this.startAt > 0) await this.readBacklog(st.size, this.startAt);
    this.setState('following', null);
    return true;
  }

  /** The last `count` complete lines before `end`, delivered as backlog; following goes on from `end`. */
  private async readBacklog(end: number, count: number): Promise<void> {
    const from = Math.max(0, end - MAX_BACKLOG_BYTES);
    const buffer = Buffer.allocUnsafe(end - from);
    let got = 0;
    while (got < buffer.length) {
      const { bytesRead } = await this.handle!.read(buffer, got, buffer.length - got, from + got);
      if (bytesRead <= 0) break;
      got += bytesRead;
    }
    // Only whole lines: the part after the last newline is still being written and is read live.
    const lastNewline = buffer.subarray(0, got).lastIndexOf(10);
    if (lastNewline < 0) {
      if (from === 0) this.position = 0;
      return;
    }
    const lines = buffer.toString('utf8', 0, lastNewline).split('\n');
    if (from > 0) lines.shift(); // cut in the middle
    this.position = from + lastNewline + 1;
    const kept = lines.slice(-count).map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
    if (kept.length) this.onLines(kept, true);
  }

  private async readAvailable(): Promise<void> {
    if (!this.handle) return;
    let budget = MAX_READ_PER_POLL;
    while (budget > 0) {
      const { bytesRead } = await this.handle.read(this.buffer, 0, Math.min(CHUNK, budget), this.position);
      if (bytesRead <= 0) break;
      this.position += bytesRead;
      budget -= bytesRead;
      this.split(this.buffer.toString('utf8', 0, bytesRead));
    }
    this.status.position = this.position;
  }

  private split(text: string): void {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    if (this.partial.length > MAX_LINE_BYTES) {
      parts.push(this.partial.slice(0, MAX_LINE_BYTES));
      this.partial = '';
    }
    if (parts.length > 0) this.onLines(parts.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line)), false);
  }

  /** A last line without its newline, from a file that is being left behind. */
  private flushPartial(): void {
    if (this.partial !== '') this.onLines([this.partial], false);
    this.partial = '';
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    await handle?.close().catch(() => undefined);
  }
}
