// The systemd journal of a unit, followed with `journalctl -u UNIT -f -o json --all` (an
// argument array, never a shell). Records are buffered (bounded, the oldest dropped first)
// until the monitor takes them on its tick.
//
// journalctl is told where to start rather than left to its defaults, because the defaults
// lose or repeat records (seen with systemd 252's journalctl against a real journald):
// - `-o json` alone writes a field over 4096 bytes as `null`: an ExaBGP line that long (a long
//   API command, 6.0 echoing an answer) would vanish. `--all` keeps it.
// - When journalctl exits (it does so at once, status 1, when the journal holds nothing from
//   this boot yet, i.e. journald started after exatop) it is started again after the last record
//   received (`--after-cursor`), or from the time following began when none came: `-n 0` again
//   would lose what was logged in between, `--since` again would repeat the history.
// - `-f` shows only the last 10 records unless told otherwise, even after a cursor: `-n all`.
import { execa, type ResultPromise } from 'execa';

export const MAX_BUFFERED_RECORDS = 50_000;
const RESTART_DELAY_MS = 5000;
/** A restarted journalctl that has run this long without exiting is following again. */
const SETTLED_MS = 1000;

export interface JournalStatus {
  state: 'following' | 'error' | 'stopped';
  message: string | null;
  unit: string;
  dropped: number;
}

export interface JournalFollowerOptions {
  /** --since: history this far back (ms) from the first start; null or 0: only what comes from then on. */
  sinceMs?: number | null;
  /** Without --since: the first start shows the unit's last N records (journalctl -f -n N), 0 none. */
  backlogLines?: number;
  program?: string;
  restartDelayMs?: number;
  maxBuffered?: number;
  /** Wall clock (the journal's time), for the first start. */
  now?: () => number;
}

/** Where journalctl starts: after the last record received, or at a time (ms since the epoch). */
export type JournalPosition = { cursor: string } | { sinceTime: number } | { lastLines: number };

export function journalctlArgs(unit: string, from: JournalPosition): string[] {
  const base = ['--unit', unit, '--follow', '--output', 'json', '--all', '--no-pager'];
  if ('lastLines' in from) return [...base, '--lines', String(from.lastLines)];
  const position = 'cursor' in from
    ? ['--after-cursor', from.cursor]
    : ['--since', `@${(Math.max(0, from.sinceTime) / 1000).toFixed(3)}`];
  return [...base, '--lines', 'all', ...position];
}

// `"__CURSOR":"s=…;i=…;b=…;m=…;t=…;x=…"`: journalctl does not always write it first. A quote
// inside a value is escaped (`\"`), so this cannot match text inside a MESSAGE.
const RE_CURSOR = /"__CURSOR":"([^"\\]+)"/;

/** A FIFO of at most `capacity` items that drops its oldest item when full, in O(1). */
export class DropOldestQueue<T> {
  private items: T[] = [];
  private head = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`queue capacity must be a positive integer, got ${capacity}`);
  }

  get length(): number {
    return this.items.length;
  }

  /** Adds an item; true when the oldest one was dropped to make room. */
  push(item: T): boolean {
    if (this.items.length < this.capacity) {
      // Not full: head is 0 (it only moves once full), so the items are in order.
      this.items.push(item);
      return false;
    }
    this.items[this.head] = item;
    this.head = (this.head + 1) % this.capacity;
    return true;
  }

  /** Everything, oldest first; the queue is empty afterwards. */
  drain(): T[] {
    const items = this.items;
    const head = this.head;
    this.items = [];
    this.head = 0;
    return head === 0 ? items : items.slice(head).concat(items.slice(0, head));
  }
}

export class JournalFollower {
  private child: ResultPromise | null = null;
  private readonly buffer: DropOldestQueue<string>;
  private partial = '';
  private stopped = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private settledTimer: NodeJS.Timeout | null = null;
  /** The last record received, to start again after it. */
  private cursor: string | null = null;
  /** Where the first start began (ms since the epoch), for a restart before any record came. */
  private firstSince: number | null = null;
  private readonly program: string;
  private readonly restartDelayMs: number;
  private readonly now: () => number;
  readonly status: JournalStatus;

  constructor(readonly unit: string, private readonly options: JournalFollowerOptions = {}) {
    this.program = options.program ?? 'journalctl';
    this.restartDelayMs = options.restartDelayMs ?? RESTART_DELAY_MS;
    this.now = options.now ?? Date.now;
    this.buffer = new DropOldestQueue(options.maxBuffered ?? MAX_BUFFERED_RECORDS);
    this.status = { state: 'following', message: null, unit, dropped: 0 };
  }

  /** journalctl's arguments for the next start. */
  nextArgs(): string[] {
    const first = this.firstSince === null;
    this.firstSince ??= this.now() - Math.max(0, this.options.sinceMs ?? 0);
    const backlog = this.options.backlogLines ?? 0;
    if (first && !this.options.sinceMs && backlog > 0) return journalctlArgs(this.unit, { lastLines: backlog });
    return journalctlArgs(this.unit, this.cursor !== null ? { cursor: this.cursor } : { sinceTime: this.firstSince });
  }

  start(): void {
    if (this.stopped || this.child) return;
    this.restartTimer = null;
    const child = execa(this.program, this.nextArgs(), { reject: false, stdin: 'ignore', stderr: 'pipe', buffer: false, cleanup: true });
    this.child = child;
    this.partial = '';
    if (this.status.state === 'error') {
      // Said to be following again once it stays up (or a record arrives, see take()).
      this.settledTimer = setTimeout(() => {
        this.settledTimer = null;
        if (this.child === child) this.following();
      }, SETTLED_MS);
    }
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => this.take(chunk));
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      if (stderr.length < 2000) stderr += chunk;
    });
    void child.then((result) => {
      if (this.child === child) this.child = null;
      if (this.settledTimer) clearTimeout(this.settledTimer);
      this.settledTimer = null;
      // A record cut off by the exit is not taken: the next start begins after the last whole one.
      this.partial = '';
      if (this.stopped) return;
      const said = stderr.trim().split('\n')[0] ?? '';
      let why: string;
      if (result.failed && 'code' in result && result.code === 'ENOENT') why = `${this.program} is not installed: no journal to follow`;
      else if (/insufficient permissions/i.test(stderr)) why = `${this.program} may not read the journal as this user (root or the systemd-journal group can): ${said}`;
      else why = `journalctl for ${this.unit} exited (${result.exitCode ?? result.signal ?? 'unknown'})${said ? `: ${said}` : ''}`;
      const resume = this.cursor !== null ? 'after the last record' : 'from where it began';
      this.status.state = 'error';
      this.status.message = `${why}; again in ${this.restartDelayMs / 1000} s, ${resume}`;
      this.restartTimer = setTimeout(() => this.start(), this.restartDelayMs);
    });
  }

  private take(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    let last: string | null = null;
    for (const line of parts) {
      if (line === '') continue;
      if (this.buffer.push(line)) this.status.dropped++;
      last = line;
    }
    if (last === null) return;
    const cursor = RE_CURSOR.exec(last)?.[1];
    if (cursor) this.cursor = cursor;
    if (this.status.state === 'error') this.following();
  }

  private following(): void {
    this.status.state = 'following';
    this.status.message = null;
  }

  /** The records received since the last call, oldest first. */
  drain(): string[] {
    return this.buffer.drain();
  }

  stop(): void {
    this.stopped = true;
    this.status.state = 'stopped';
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.settledTimer) clearTimeout(this.settledTimer);
    this.restartTimer = null;
    this.settledTimer = null;
    this.child?.kill('SIGTERM');
    this.child = null;
  }
}
