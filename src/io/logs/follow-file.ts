// Follows a log file the way an operator's `tail -F` should: across rotation by rename (the rest
// of the old file is read before the new one, and for a while after, since a daemon that is not
// told to reopen its log goes on writing the renamed file), across copytruncate and a file
// rewritten in place, and across the file disappearing and coming back.
//
// A truncation is noticed without trusting the size alone: the first bytes of the file are its
// fingerprint, so a file truncated and regrown past the old size between two polls is seen as
// new. A watch on the folder wakes the follower between polls, so it reads as the daemon writes
// and sees a truncation as it happens. What was left unread in the old content is read from the
// copy logrotate made (the sibling file whose first bytes are the old fingerprint); what no copy
// holds is counted as lost, never passed over in silence.
import { watch, type FSWatcher } from 'node:fs';
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { LineSplitter } from './line-splitter.js';

export type FollowState = 'following' | 'missing' | 'error';

export interface FollowLoss {
  /** Unread bytes of truncated content that no copy held: a lower bound. */
  bytes: number;
  /** Those bytes in lines, at the average length of the lines read so far (≈). */
  lines: number;
  /** Truncations that lost something. */
  events: number;
  /** Truncations in place with no copy beside: what was written between exatop's last read and
   *  the truncation is gone, and nobody can say how much (with the watch, a few ms of writing). */
  withoutCopy: number;
}

export interface FollowStatus {
  state: FollowState;
  message: string | null;
  path: string;
  /** Bytes read so far from the current file. */
  position: number;
  /** Its size at the last look: `size - position` bytes are there and not read yet (a poll reads
   *  MAX_READ_PER_POLL at most). */
  size: number;
  rotations: number;
  truncations: number;
  /** Truncations whose unread rest was read from logrotate's copy. */
  copiesRead: number;
  lost: FollowLoss;
}

/** Bytes read in one poll at most, so a huge backlog cannot stall the monitor's tick. */
export const MAX_READ_PER_POLL = 8 * 1024 * 1024;
/** A "line" longer than this is cut (one line, with a marker): a binary file must not exhaust memory. */
export const MAX_LINE_BYTES = 64 * 1024;
const CHUNK = 256 * 1024;
/** The backlog shown on open (its last N lines) is looked for in this much of the file's end. */
export const MAX_BACKLOG_BYTES = 1024 * 1024;
/** A renamed-away file is still read until it has not grown for this long. */
export const RETIRED_GRACE_MS = 30_000;
/** How much of the start of the file identifies its content. */
export const FINGERPRINT_BYTES = 1024;
/** A wake-up from the watch reads this soon, so a burst of writes costs one read. */
export const WAKE_DELAY_MS = 25;
const COMPRESSED = /\.(gz|xz|bz2|zst|lz4|Z)$/;

interface OpenCopy {
  handle: FileHandle;
  mtimeMs: number;
}

/** `exabgp.log.1`, `exabgp.log-20261204`: what logrotate names a copy; not compressed ones. */
function isRotatedName(name: string, candidate: string): boolean {
  if (!candidate.startsWith(name) || candidate === name || COMPRESSED.test(candidate)) return false;
  return /^[.-][0-9A-Za-z._-]*$/.test(candidate.slice(name.length));
}

interface Retired {
  handle: FileHandle;
  position: number;
  splitter: LineSplitter;
  lastGrowth: number;
}

export interface FollowOptions {
  /** 'end': only lines written after exatop attached; 'start': the whole file; a number: its last N lines, then on. */
  startAt?: 'start' | 'end' | number;
  now?: () => number;
  /** Wake up between polls when the folder changes (default true). */
  watch?: boolean;
}

export class FileFollower {
  private handle: FileHandle | null = null;
  private inode: number | null = null;
  private position = 0;
  /** The first bytes of the current file as read: its fingerprint. */
  private head: Buffer = Buffer.alloc(0);
  /** The size seen at the last look: bytes known to exist, read or not. */
  private knownSize = 0;
  private splitter: LineSplitter;
  private status: FollowStatus;
  private opened = false;
  private readonly buffer = Buffer.allocUnsafe(CHUNK);
  private retired: Retired[] = [];
  private linesRead = 0;
  private bytesRead = 0;
  private running: Promise<FollowStatus> | null = null;
  private watcher: FSWatcher | null = null;
  private wake: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly startAt: 'start' | 'end' | number;
  private readonly now: () => number;
  private readonly watching: boolean;
  /** startAt 'start': the first file's size when opened; the lines before it are its history. */
  private historyEnd = 0;
  private readingHistory = false;

  constructor(
    readonly path: string,
    /** `backlog`: lines written before following began (the last lines shown on open, as tail -f does).
     *  `history`: with startAt 'start', lines the file held when it was opened (written before exatop
     *  followed it, and counted: the caller decides by their time), as opposed to lines written since. */
    private readonly onLines: (lines: string[], backlog: boolean, history: boolean) => void,
    options: FollowOptions | 'start' | 'end' | number = {},
  ) {
    const o = typeof options === 'object' ? options : { startAt: options };
    this.startAt = o.startAt ?? 'end';
    this.now = o.now ?? Date.now;
    this.splitter = this.splitterFor();
    this.status = { state: 'missing', message: null, path, position: 0, size: 0, rotations: 0, truncations: 0, copiesRead: 0, lost: { bytes: 0, lines: 0, events: 0, withoutCopy: 0 } };
    this.watching = o.watch ?? true;
    if (this.watching) this.startWatch();
  }

  /** Reads what is new; call it every tick. Never throws; one read at a time. */
  poll(): Promise<FollowStatus> {
    const previous = this.running ?? Promise.resolve(this.status);
    const next = previous.then(() => this.pollOnce());
    this.running = next;
    void next.then(() => {
      if (this.running === next) this.running = null;
    });
    return next;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.watcher?.close();
    this.watcher = null;
    if (this.wake) clearTimeout(this.wake);
    await this.running?.catch(() => undefined);
    await this.closeHandle();
    for (const r of this.retired) await r.handle.close().catch(() => undefined);
    this.retired = [];
  }

  private splitterFor(): LineSplitter {
    return new LineSplitter(MAX_LINE_BYTES, (lines) => {
      this.linesRead += lines.length;
      this.onLines(lines, false, this.readingHistory);
    });
  }

  private startWatch(): void {
    try {
      // The folder, not the file: a watch on the file would follow it when renamed away.
      const name = basename(this.path);
      this.watcher = watch(dirname(this.path), { persistent: false }, (_event, file) => {
        if (file === null || file === name) this.scheduleWake();
      });
      this.watcher.on('error', () => {
        this.watcher?.close();
        this.watcher = null;
      });
    } catch {
      // No folder yet, or no inotify left: polling alone still follows the file.
      this.watcher = null;
    }
  }

  private scheduleWake(): void {
    if (this.wake || this.closed) return;
    this.wake = setTimeout(() => {
      this.wake = null;
      if (!this.closed) void this.poll();
    }, WAKE_DELAY_MS);
    this.wake.unref();
  }

  private async pollOnce(): Promise<FollowStatus> {
    if (this.closed) return this.status;
    try {
      // The folder may not have existed at the start.
      if (this.watching && !this.watcher) this.startWatch();
      await this.readRetired();
      if (!this.handle && !(await this.openCurrent())) return this.status;
      if (await this.rewritten()) await this.restartAfterTruncation();
      await this.readAvailable();
      const current = await stat(this.path).catch(() => null);
      if (!current) {
        // Gone (deleted or renamed away): keep what we hold open, say the path is missing.
        this.setState('missing', `${this.path} is missing (rotated or deleted); still reading the file exatop had open`);
        return this.status;
      }
      if (current.ino !== this.inode) {
        await this.readAvailable();
        if (this.handle) this.retired.push({ handle: this.handle, position: this.position, splitter: this.splitter, lastGrowth: this.now() });
        this.handle = null;
        this.splitter = this.splitterFor();
        this.status.rotations++;
        if (await this.openCurrent(true)) await this.readAvailable();
        return this.status;
      }
      if (await this.rewritten()) {
        await this.restartAfterTruncation();
        await this.readAvailable();
      }
      this.setState('following', this.lossMessage());
    } catch (error) {
      this.setState('error', `${this.path}: ${error instanceof Error ? error.message : String(error)}`);
      await this.closeHandle();
    }
    return this.status;
  }

  /** Truncated or rewritten in place: shorter than what was read, or other first bytes. */
  private async rewritten(): Promise<boolean> {
    if (!this.handle) return false;
    const size = (await this.handle.stat()).size;
    if (size < this.position) return true;
    if (this.head.length === 0) return false;
    const now = Buffer.allocUnsafe(this.head.length);
    const { bytesRead } = await this.handle.read(now, 0, this.head.length, 0);
    return bytesRead < this.head.length || !now.subarray(0, bytesRead).equals(this.head);
  }

  /** The old content is gone from the file: read its rest from a copy, count what none holds. */
  private async restartAfterTruncation(): Promise<void> {
    this.status.truncations++;
    const copies = this.head.length > 0 ? await this.findCopies() : null;
    let reachedTo = this.position;
    if (copies) {
      reachedTo = await this.readRest(copies.copy.handle, this.position);
      this.status.copiesRead++;
      this.splitter.flush();
      // Rotated more than once since the last look: the generations in between, whole, in order.
      for (const later of copies.later) {
        await this.readRest(later.handle, 0);
        this.status.copiesRead++;
        this.splitter.flush();
      }
      for (const c of [copies.copy, ...copies.later]) await c.handle.close().catch(() => undefined);
    } else this.status.lost.withoutCopy++;
    this.splitter.flush();
    if (this.knownSize > reachedTo) this.countLost(this.knownSize - reachedTo);
    this.position = 0;
    this.knownSize = 0;
    this.historyEnd = 0;
    this.head = Buffer.alloc(0);
  }

  private countLost(bytes: number): void {
    const lost = this.status.lost;
    lost.bytes += bytes;
    lost.events++;
    const average = this.linesRead > 0 ? this.bytesRead / this.linesRead : 100;
    lost.lines += Math.max(1, Math.round(bytes / average));
  }

  private lossMessage(): string | null {
    const lost = this.status.lost;
    const parts: string[] = [];
    if (lost.events > 0) parts.push(`lost ≈${lost.lines} lines (${lost.bytes} bytes) in ${lost.events} truncation${lost.events > 1 ? 's' : ''}: the file was truncated before exatop read it and no copy held the rest`);
    if (lost.withoutCopy > 0) parts.push(`truncated in place ${lost.withoutCopy}× with no copy: lines written between exatop's last read and the truncation are gone`);
    return parts.length ? parts.join('; ') : null;
  }

  /**
   * logrotate's copy of the content just truncated: the newest sibling (`NAME.1`, `NAME-20261204`)
   * that starts with the old fingerprint; and the copies made after it, oldest first, when the
   * file was rotated again before this look.
   */
  private async findCopies(): Promise<{ copy: OpenCopy; later: OpenCopy[] } | null> {
    const dir = dirname(this.path);
    const name = basename(this.path);
    const names = await readdir(dir).catch(() => [] as string[]);
    const probe = Buffer.allocUnsafe(this.head.length);
    const siblings: (OpenCopy & { matches: boolean })[] = [];
    for (const candidate of names) {
      if (!isRotatedName(name, candidate)) continue;
      const handle = await open(join(dir, candidate), 'r').catch(() => null);
      if (!handle) continue;
      const { bytesRead } = await handle.read(probe, 0, probe.length, 0).catch(() => ({ bytesRead: 0 }));
      const { mtimeMs } = await handle.stat();
      siblings.push({ handle, mtimeMs, matches: bytesRead === probe.length && probe.equals(this.head) });
    }
    siblings.sort((a, b) => a.mtimeMs - b.mtimeMs);
    const at = siblings.findLastIndex((s) => s.matches);
    const keep = at < 0 ? [] : siblings.slice(at);
    for (const s of siblings) if (!keep.includes(s)) await s.handle.close().catch(() => undefined);
    if (at < 0) return null;
    return { copy: keep[0]!, later: keep.slice(1) };
  }

  /** Reads `handle` from `from` to its end into the current line splitter; returns the end. */
  private async readRest(handle: FileHandle, from: number): Promise<number> {
    let at = from;
    for (;;) {
      const { bytesRead } = await handle.read(this.buffer, 0, CHUNK, at);
      if (bytesRead <= 0) return at;
      at += bytesRead;
      this.bytesRead += bytesRead;
      this.splitter.push(this.buffer.subarray(0, bytesRead));
    }
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
        this.bytesRead += bytesRead;
        r.splitter.push(this.buffer.subarray(0, bytesRead));
      }
      if (grew) r.lastGrowth = this.now();
      if (this.now() - r.lastGrowth < RETIRED_GRACE_MS) keep.push(r);
      else {
        r.splitter.flush();
        await r.handle.close().catch(() => undefined);
      }
    }
    this.retired = keep;
  }

  private setState(state: FollowState, message: string | null): void {
    this.status.state = state;
    this.status.message = message;
    this.status.position = this.position;
    this.status.size = this.knownSize;
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
    this.historyEnd = first && this.startAt === 'start' ? st.size : 0;
    this.knownSize = st.size;
    this.opened = true;
    this.splitter.reset();
    this.head = Buffer.alloc(0);
    if (first && typeof this.startAt === 'number' && this.startAt > 0) await this.readBacklog(st.size, this.startAt);
    await this.takeFingerprint();
    this.setState('following', this.lossMessage());
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
    if (kept.length) this.onLines(kept, true, false);
  }

  /** Records the first bytes read of the file (up to FINGERPRINT_BYTES) as its fingerprint. */
  private async takeFingerprint(): Promise<void> {
    const want = Math.min(FINGERPRINT_BYTES, this.position);
    if (!this.handle || this.head.length >= want) return;
    const head = Buffer.allocUnsafe(want);
    const { bytesRead } = await this.handle.read(head, 0, want, 0);
    this.head = Buffer.from(head.subarray(0, bytesRead));
  }

  private async readAvailable(): Promise<void> {
    if (!this.handle) return;
    let budget = MAX_READ_PER_POLL;
    while (budget > 0) {
      // A read never spans the end of the history, so each line is known to be history or not.
      const history = this.position < this.historyEnd;
      const want = Math.min(CHUNK, budget, history ? this.historyEnd - this.position : CHUNK);
      const { bytesRead } = await this.handle.read(this.buffer, 0, want, this.position);
      if (bytesRead <= 0) break;
      // The fingerprint is taken from the bytes read, not read again: the file may have been
      // rewritten in between, and a fingerprint of the new content would hide that.
      if (this.position < FINGERPRINT_BYTES && this.head.length === this.position) {
        this.head = Buffer.concat([this.head, this.buffer.subarray(0, Math.min(bytesRead, FINGERPRINT_BYTES - this.position))]);
      }
      this.position += bytesRead;
      this.bytesRead += bytesRead;
      budget -= bytesRead;
      this.readingHistory = history;
      try {
        this.splitter.push(this.buffer.subarray(0, bytesRead));
      } finally {
        this.readingHistory = false;
      }
    }
    this.knownSize = Math.max(this.position, (await this.handle.stat()).size);
    this.status.position = this.position;
    this.status.size = this.knownSize;
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    await handle?.close().catch(() => undefined);
  }
}
