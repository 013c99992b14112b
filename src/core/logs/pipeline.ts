// Lines → what an operator reads: one entry per thing that happened. Pure: no I/O, no timers,
// no clock (time comes from the lines, `closeIdle(now)` is told the time).
//
// - Multi-line blocks become one entry: a Python traceback (`Traceback (most recent call last):`
//   and its frames/exception line), ExaBGP's crash banners (`EXABGP MISBEHAVED / HELP US FIX IT`,
//   `EXABGP HAD AN INTERNAL ISSUE / HELP US FIX IT`) with their environment dump, log replay and
//   traceback, and a configuration error (`syntax error in section …` + `line N: …` + the reason).
//   Block lines carry the prefix (source, pid) of the block's first line: a line from the same
//   origin with another prefix closes the block; lines from other origins do not touch it. A 5.0
//   crash banner is printed raw (no prefix) and replays the coloured log inside itself, so a raw
//   banner takes every line of its origin until its closing `… information above …` + stars.
// - Repeats fold: same class, origin, neighbor and normalised text within `foldWindowMs` of the
//   previous occurrence → count + 1 and `last` moves; the entry keeps its place: entries() is in
//   time order of first occurrence, and an entry is shown with its first time. Nothing folds
//   across daemon lives (`newLife()`, and the pid where lines carry one).
// - Counters count every occurrence (folded ones too). sessionsDown counts transitions per
//   neighbor: one drop is logged by several lines (6.0: the echoed API event, then
//   `connection.closing`, `connection.closed`; 5.0: `closing connection`, `connection to … closed`)
//   and 5.0 logs the same two lines for every failed connection attempt to a peer that was never
//   up. sessionsUp counts every establishment line, but not 6.0's echo of the same `up` event.
// - Facts (for the neighbor table) are deduplicated the same way and bounded until taken.
// - One event reaches exatop by several sources: the log, 6.0's echo of the API stream inside that
//   log, and the API stream's own file (`--log`). Within a source, repeats are matched as above;
//   across sources, a neighbor's session ups, downs, flaps and NOTIFICATIONs count as many as the
//   source that reported the most (CrossSourceCount), never their sum, however the sources' lines
//   are timed or ordered. A NOTIFICATION line that names no neighbor (6.0's `peer-3
//   async.mainloop.exception error=Cease / Peer De-configured` when the `peer-3 → address` line
//   was logged before exatop followed the log) is the one the next line of its source reports for
//   a neighbor with the same code within 2 s (the echoed `down` with `notification received (6,3)`).
import { analyzeLine, factOf, isSessionName, notificationInReason, type LineAnalysis } from './classify.js';
import type { LineShape, LogClass, LogCounters, LogEntry, LogLevel, LogLine, NeighborFact } from './types.js';
import { hasUnprintable, printable } from '../text/printable.js';

export interface LogPipelineOptions {
  /** Entries kept (oldest dropped first). Default 2000. */
  maxEntries?: number;
  /** Lines kept per traceback/banner entry (head and tail, with an `… omitted …` line). Default 200. */
  maxTracebackLines?: number;
  /** A repeat folds into an entry whose last occurrence is at most this old. Default 60 s. */
  foldWindowMs?: number;
  /** closeIdle() closes a block whose last line is older than this. Default 1000 ms. */
  idleMs?: number;
  /** Facts kept until takeFacts(). Default 10,000. */
  maxFacts?: number;
}

/** The line with what it carries from outside made printable: every entry, summary and fact
 *  built from it is then safe to draw (one line stays one line, no escape reaches a terminal). */
function printableLine(line: LogLine): LogLine {
  const fields = line.event?.fields;
  const dirtyFields = fields ? Object.entries(fields).some(([k, v]) => hasUnprintable(k) || hasUnprintable(v)) : false;
  if (!hasUnprintable(line.message) && !(line.source && hasUnprintable(line.source)) && !dirtyFields) return line;
  return {
    ...line,
    message: printable(line.message),
    source: line.source === null ? null : printable(line.source),
    event: line.event && dirtyFields
      ? { name: printable(line.event.name), fields: Object.fromEntries(Object.entries(line.event.fields).map(([k, v]) => [printable(k), printable(v)])) }
      : line.event,
  };
}

/** Occurrences per second of a folded entry: count over its span (at least one second). */
export function ratePerSecond(entry: LogEntry): number {
  const span = (entry.last - entry.first) / 1000;
  return entry.count / Math.max(span, 1);
}

const SUMMARY_MAX = 1000;
const FOLD_KEY_CHARS = 256;
const NORMALISE_WINDOW = 1024;
const MAX_BLOCK_LINES = 5000;
const MAX_CONFIG_LINES = 40;
const MAX_OPEN_BLOCKS = 64;
const MAP_LIMIT = 4096;
const NOTIFICATION_DEDUP_MS = 2000;
/** Neighbor × source pairs a CrossSourceCount keeps (then it starts again). */
const CROSS_SOURCE_LIMIT = 16_384;
const DOWN_COUNTER_AFTER_UP_MS = 5000;

const isWordChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isHexChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/**
 * The text with everything that varies between repeats replaced by `#`: every whole word made of
 * hex digits with at least one decimal digit (numbers, pids, `outgoing-10`'s 10, ids such as
 * `5a1e0ba0`, each part of an IPv4/IPv6 address, of a clock time or a date). Cut to 256
 * characters after replacing (cutting first would split a number at a different place in each
 * repeat). One pass, no regex: this runs for every line.
 */
export function normaliseSummary(text: string): string {
  const n = text.length > NORMALISE_WINDOW ? NORMALISE_WINDOW : text.length;
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!isHexChar(c) || (i > 0 && isWordChar(text.charCodeAt(i - 1)))) {
      i++;
      continue;
    }
    let j = i;
    let digit = false;
    // `0x1f`: the prefix belongs to the number
    if (c === 48 && i + 2 < n && (text.charCodeAt(i + 1) | 32) === 120 && isHexChar(text.charCodeAt(i + 2))) {
      j = i + 2;
      digit = true;
    }
    while (j < n) {
      const d = text.charCodeAt(j);
      if (!isHexChar(d)) break;
      if (d <= 57) digit = true;
      j++;
    }
    if (digit && (j >= text.length || !isWordChar(text.charCodeAt(j)))) {
      out += text.slice(copied, i) + '#';
      copied = j;
      if (out.length >= FOLD_KEY_CHARS) break;
    }
    i = j + 1;
  }
  if (copied < n && out.length < FOLD_KEY_CHARS) out += text.slice(copied, n);
  return out.length > FOLD_KEY_CHARS ? out.slice(0, FOLD_KEY_CHARS) : out;
}

const RE_TRACEBACK = /^Traceback \(most recent call last\):/;
const RE_CHAINED = /^(?:During handling of the above exception|The above exception was the direct cause)/;
const RE_TITLE = /^EXABGP (?:MISBEHAVED|HAD AN INTERNAL ISSUE)\b/;
const RE_STARS = /^\*{20,}$/;
const RE_ABOVE = /^-- Please provide .*information above/;
const RE_FRAME = /^\s+File "([^"]*)", line (\d+), in (.+)$/;
const RE_EXC_LINE = /^([A-Za-z_][\w.]*)(?::\s?(.*))?$/;
const RE_CLASS = /^<class '([\w.]+)'>$/;
const RE_PROBLEM = /^async \| (\S+) \| problem with function$/;
const RE_SYNTAX = /^syntax error in section /;

type BlockKind = 'banner' | 'traceback' | 'config' | 'opener' | 'detail';

interface Block {
  kind: BlockKind;
  origin: string;
  source: string | null;
  pid: number | null;
  shape: LineShape;
  /** Time of day to the second only: an idle block gets one more second. */
  coarse: boolean;
  first: number;
  last: number;
  level: LogLevel | null;
  count: number;
  head: string[];
  tail: string[];
  tailNext: number;
  tailCount: number;
  // what the block says
  title: string | null;
  inTraceback: boolean;
  afterException: boolean;
  excType: string | null;
  excMessage: string | null;
  frame: string | null;
  classType: string | null;
  classMessage: string | null;
  wantClassMessage: boolean;
  aboveSeen: boolean;
  ended: boolean;
  /** A `During handling of the above exception` line was seen after the exception line. */
  chained: boolean;
  /** opener/detail: the line(s) to replay as ordinary lines when the block does not form. */
  pending: LogLine[];
  detailUid: string | null;
  parts: string[];
  /** Opened by a counted line (not a backlog one): its entry is counted when it closes. */
  counted: boolean;
}

function emptyCounters(): LogCounters {
  return {
    lines: 0,
    errors: 0,
    warnings: 0,
    tracebacks: 0,
    notifications: 0,
    sessionsUp: 0,
    sessionsDown: 0,
    apiCommands: 0,
    apiRejected: 0,
    configErrors: 0,
    connectFailures: 0,
    lastError: null,
  };
}

/**
 * Counts one kind of event per neighbor over several sources that each report it: the count is
 * the most any one source reported for that neighbor. `add` says whether this report is one no
 * other source had made yet (count it) or a source catching up with another (already counted).
 */
export class CrossSourceCount {
  private readonly perSource = new Map<string, number>();
  private readonly best = new Map<string, number>();

  add(neighbor: string, origin: string): boolean {
    if (this.perSource.size >= CROSS_SOURCE_LIMIT) {
      this.perSource.clear();
      this.best.clear();
    }
    const key = `${neighbor}\u0000${origin}`;
    const n = (this.perSource.get(key) ?? 0) + 1;
    this.perSource.set(key, n);
    if (n <= (this.best.get(neighbor) ?? 0)) return false;
    this.best.set(neighbor, n);
    return true;
  }
}

interface Tallies {
  up: CrossSourceCount;
  down: CrossSourceCount;
  flaps: CrossSourceCount;
  notifications: CrossSourceCount;
}

const newTallies = (): Tallies => ({ up: new CrossSourceCount(), down: new CrossSourceCount(), flaps: new CrossSourceCount(), notifications: new CrossSourceCount() });

/** Two codes of one NOTIFICATION: equal, or one unknown, or one only the code of the other. */
function codesAgree(a: string | null, b: string | null): boolean {
  if (a === null || b === null || a === b) return true;
  return a.split(',')[0] === b.split(',')[0] && (!a.includes(',') || !b.includes(','));
}

const isBlank = (s: string): boolean => s.trim() === '';
const startsWithSpace = (s: string): boolean => {
  const c = s.charCodeAt(0);
  return c === 32 || c === 9;
};

export class LogPipeline {
  private readonly maxEntries: number;
  private readonly maxTracebackLines: number;
  private readonly foldWindowMs: number;
  private readonly idleMs: number;
  private readonly maxFacts: number;

  // ring of entries
  private readonly ring: (LogEntry | undefined)[];
  private readonly ringKeys: string[];
  private start = 0;
  private size = 0;
  private nextId = 1;
  private snapshot: LogEntry[] | null = [];
  private rev = 0;

  private readonly fold = new Map<string, LogEntry>();
  private readonly blocks = new Map<string, Block>();
  private readonly names = new Map<string, string>();
  private readonly sessions = new Map<string, 'up' | 'down'>();
  private readonly lastUp = new Map<string, { address: string; time: number }>();
  private readonly lastNotification = new Map<string, number>();
  /** The last NOTIFICATION line of each source that named no neighbor, until a line names it. */
  private readonly unnamedNotification = new Map<string, { time: number; code: string | null; counters: LogCounters }>();
  private readonly liveTallies = newTallies();
  private readonly backlogTallies = newTallies();
  private factBuffer: NeighborFact[] = [];
  private factual = true;

  private get tallies(): Tallies {
    return this.c === this.backlogCounters ? this.backlogTallies : this.liveTallies;
  }

  /** Backlog lines (written before exatop followed the source) are counted here, never in `c`. */
  private readonly backlogCounters = emptyCounters();
  private c: LogCounters = emptyCounters();

  constructor(options: LogPipelineOptions = {}) {
    const int = (v: number | undefined, d: number, min: number, name: string): number => {
      const x = v ?? d;
      if (!Number.isFinite(x) || x < min) throw new RangeError(`${name} must be a number ≥ ${min}, got ${v}`);
      return Math.floor(x);
    };
    this.maxEntries = int(options.maxEntries, 2000, 1, 'maxEntries');
    this.maxTracebackLines = int(options.maxTracebackLines, 200, 3, 'maxTracebackLines');
    this.foldWindowMs = int(options.foldWindowMs, 60_000, 0, 'foldWindowMs');
    this.idleMs = int(options.idleMs, 1000, 0, 'idleMs');
    this.maxFacts = int(options.maxFacts, 10_000, 1, 'maxFacts');
    this.ring = new Array<LogEntry | undefined>(this.maxEntries);
    this.ringKeys = new Array<string>(this.maxEntries);
  }

  /** Changes whenever entries() or an entry in it changed (folds mutate entries in place). */
  get revision(): number {
    return this.rev;
  }

  /**
   * One line. `counted` false: a backlog line (the last lines of a source, shown on open as
   * `tail -f` does): an entry and its facts, but not in the counters, which count what happened
   * since exatop followed the source, nor in what the alerts see.
   */
  push(line: LogLine, counted = true, facts = true): void {
    // `facts` false: a line whose time nothing tells (history with no date) says nothing about
    // when a neighbor went down or why: its entry only.
    this.factual = facts;
    this.withCounters(counted, () => {
      this.c.lines++;
      try {
        this.take(printableLine(line));
      } catch {
        // Never lose a line to a bug here: keep it as a plain entry.
        this.addEntry('info', line.time, printable(String(line.message ?? '')), null, null, null, printable(String(line.origin ?? '')), [], null, null);
      }
    });
    this.factual = true;
  }

  /**
   * A new daemon life begins: nothing folds into an entry of the previous one (its repeats start
   * a new entry), and blocks still open are closed.
   */
  newLife(): void {
    this.flush();
    this.fold.clear();
  }

  private withCounters(counted: boolean, run: () => void): void {
    if (counted) return run();
    const live = this.c;
    this.c = this.backlogCounters;
    try {
      run();
    } finally {
      this.c = live;
    }
  }

  /** Close every open block (end of input). */
  flush(): void {
    for (const block of [...this.blocks.values()]) this.close(block);
  }

  /** Close blocks whose last line is more than ~1 s older than `now` (epoch ms). */
  closeIdle(now: number): void {
    for (const block of [...this.blocks.values()]) {
      const idle = this.idleMs + (block.coarse ? 1000 : 0);
      if (now - block.last > idle) this.close(block);
    }
  }

  /** Entries, oldest first. The array is shared until the next change: do not mutate. */
  entries(): readonly LogEntry[] {
    if (this.snapshot === null) {
      const out = new Array<LogEntry>(this.size);
      for (let i = 0; i < this.size; i++) out[i] = this.ring[(this.start + i) % this.maxEntries] as LogEntry;
      // In time order, by first occurrence (a fold keeps its place): sources read one after the
      // other, a backlog and the lines of a file that dates them arrive out of order.
      this.snapshot = out.sort((a, b) => a.first - b.first || a.id - b.id);
    }
    return this.snapshot;
  }

  counters(): LogCounters {
    return { ...this.c, lastError: this.c.lastError ? { ...this.c.lastError } : null };
  }

  /** Facts not taken yet (the newest maxFacts). */
  facts(): NeighborFact[] {
    this.trimFacts();
    return this.factBuffer.slice();
  }

  /** Facts since the last call, oldest first; the buffer is emptied. */
  takeFacts(): NeighborFact[] {
    this.trimFacts();
    const taken = this.factBuffer;
    this.factBuffer = [];
    return taken;
  }

  // -------------------------------------------------------------------------------------------

  private take(line: LogLine): void {
    const origin = line.origin;
    const open = this.blocks.get(origin);
    if (open) {
      if (this.accepts(open, line)) {
        this.append(open, line);
        if (open.kind === 'detail' && open.count >= 2) this.close(open);
        return;
      }
      this.close(open);
    }
    const a = analyzeLine(line);
    const msg = line.message;
    if (a.cls === 'traceback') {
      this.open(RE_TRACEBACK.test(msg) ? 'traceback' : 'banner', line);
      return;
    }
    if (a.cls === 'config-error') {
      this.open('config', line);
      return;
    }
    if (line.event !== null && line.event.name === 'peer.exception.unhandled') {
      this.open('opener', line);
      return;
    }
    if (a.cls === 'error' && line.event === null) {
      const problem = RE_PROBLEM.exec(msg);
      if (problem) {
        const block = this.open('detail', line);
        block.detailUid = problem[1] ?? null;
        return;
      }
    }
    this.emit(line, a);
  }

  private samePrefix(b: Block, line: LogLine): boolean {
    return line.source === b.source && line.pid === b.pid && line.shape === b.shape;
  }

  private accepts(b: Block, line: LogLine): boolean {
    const msg = line.message;
    switch (b.kind) {
      case 'banner':
        if (b.count >= MAX_BLOCK_LINES) return false;
        if (b.ended) return this.samePrefix(b, line) && isBlank(msg);
        if (b.source === null) return b.title !== null || line.source === null;
        return this.samePrefix(b, line);
      case 'traceback':
        if (b.count >= MAX_BLOCK_LINES || !this.samePrefix(b, line)) return false;
        if (msg === '' || RE_CHAINED.test(msg)) return true;
        // After the exception line only a chained traceback (`During handling of the above
        // exception…`, then `Traceback …`) continues the block; a bare new `Traceback` is another one.
        if (RE_TRACEBACK.test(msg)) return !b.afterException || b.chained;
        if (b.afterException) return false;
        return startsWithSpace(msg) || RE_EXC_LINE.test(msg);
      case 'config':
        return b.count < MAX_CONFIG_LINES && this.samePrefix(b, line);
      case 'opener':
        if (!this.samePrefix(b, line)) return false;
        if (RE_STARS.test(msg) || RE_TITLE.test(msg)) {
          b.kind = 'banner';
          return true;
        }
        if (RE_TRACEBACK.test(msg)) {
          b.kind = 'traceback';
          return true;
        }
        return false;
      case 'detail':
        return this.samePrefix(b, line) && b.detailUid !== null && msg.startsWith(`async | ${b.detailUid} | `);
    }
  }

  private open(kind: BlockKind, line: LogLine): Block {
    if (this.blocks.size >= MAX_OPEN_BLOCKS) {
      const oldest = this.blocks.values().next().value;
      if (oldest) this.close(oldest);
    }
    const shape = line.shape;
    const b: Block = {
      kind,
      origin: line.origin,
      source: line.source,
      pid: line.pid,
      shape,
      coarse: shape === 'long' || shape === '4.2-stdout' || shape === '4.2-file',
      first: line.time,
      last: line.time,
      level: line.level,
      count: 0,
      head: [],
      tail: [],
      tailNext: 0,
      tailCount: 0,
      title: null,
      inTraceback: false,
      afterException: false,
      excType: null,
      excMessage: null,
      frame: null,
      classType: null,
      classMessage: null,
      wantClassMessage: false,
      aboveSeen: false,
      ended: false,
      chained: false,
      pending: [],
      detailUid: null,
      parts: [],
      counted: this.c !== this.backlogCounters,
    };
    this.blocks.set(line.origin, b);
    this.append(b, line);
    return b;
  }

  private append(b: Block, line: LogLine): void {
    const msg = line.message;
    b.count++;
    if (line.time > b.last) b.last = line.time;
    if (b.kind === 'opener' || b.kind === 'detail') b.pending.push(line);
    // bounded lines: the first half, then a rolling tail. A line with another prefix than the
    // block's (the log replay inside a raw 5.0 banner) keeps its source in front.
    const text = line.source !== b.source && line.source !== null ? `${line.source.padEnd(15)} ${msg}` : msg;
    const headCap = Math.ceil(this.maxTracebackLines / 2);
    if (b.head.length < headCap) b.head.push(text);
    else {
      const tailCap = this.maxTracebackLines - headCap;
      b.tail[b.tailNext] = text;
      b.tailNext = (b.tailNext + 1) % tailCap;
      b.tailCount++;
    }
    if (b.kind === 'config') {
      if (b.parts.length < 12) {
        const ev = line.event;
        if (ev !== null) {
          const detail = ev.fields['error'];
          if (detail) b.parts.push(detail.trim());
        } else if (!isBlank(msg)) b.parts.push(msg.trim());
      }
      return;
    }
    this.scan(b, msg);
  }

  /** Follow a banner/traceback as it streams, so its lines can be bounded without losing the exception. */
  private scan(b: Block, msg: string): void {
    if (RE_TRACEBACK.test(msg)) {
      b.inTraceback = true;
      b.afterException = false;
      b.chained = false;
      return;
    }
    if (b.afterException && RE_CHAINED.test(msg)) {
      b.chained = true;
      return;
    }
    if (b.title === null && RE_TITLE.test(msg)) {
      b.title = msg.trim();
      return;
    }
    if (b.wantClassMessage && !isBlank(msg)) {
      b.classMessage = msg.trim();
      b.wantClassMessage = false;
      return;
    }
    const cls = RE_CLASS.exec(msg);
    if (cls) {
      b.classType = cls[1] ?? null;
      b.wantClassMessage = true;
      return;
    }
    if (b.inTraceback) {
      const frame = RE_FRAME.exec(msg);
      if (frame) {
        b.frame = `${frame[1]}:${frame[2]} in ${frame[3]}`;
        return;
      }
      if (!b.afterException && msg !== '' && !startsWithSpace(msg) && !RE_CHAINED.test(msg)) {
        const exc = RE_EXC_LINE.exec(msg);
        if (exc) {
          b.excType = exc[1] ?? null;
          b.excMessage = exc[2] ?? '';
          b.afterException = true;
          b.inTraceback = false;
          return;
        }
      }
    }
    if (RE_ABOVE.test(msg)) b.aboveSeen = true;
    else if (b.aboveSeen && RE_STARS.test(msg)) b.ended = true;
  }

  private blockLines(b: Block): string[] {
    if (b.tailCount === 0) return b.head;
    const tailCap = this.maxTracebackLines - b.head.length;
    if (b.head.length + b.tailCount <= this.maxTracebackLines) {
      return b.head.concat(b.tail.slice(0, b.tailCount));
    }
    // the ring is full: oldest at tailNext; keep its newest tailCap - 1 behind the marker
    const ordered: string[] = [];
    for (let i = 0; i < tailCap; i++) ordered.push(b.tail[(b.tailNext + i) % tailCap] ?? '');
    const kept = ordered.slice(1);
    const omitted = b.tailCount - kept.length;
    return [...b.head, `… ${omitted} lines omitted …`, ...kept];
  }

  private close(b: Block): void {
    this.withCounters(b.counted, () => this.closeBlock(b));
  }

  private closeBlock(b: Block): void {
    if (this.blocks.get(b.origin) === b) this.blocks.delete(b.origin);
    switch (b.kind) {
      case 'opener':
        for (const line of b.pending) this.emit(line);
        return;
      case 'detail': {
        if (b.pending.length < 2) {
          for (const line of b.pending) this.emit(line);
          return;
        }
        const [first, second] = b.pending as [LogLine, LogLine];
        const detail = second.message.slice(`async | ${b.detailUid} | `.length);
        this.c.errors++;
        const summary = `${first.message}: ${detail}`;
        this.c.lastError = { time: b.first, message: summary };
        this.addEntry('error', b.first, summary, b.level, b.source, b.pid, b.origin, [first.message, second.message], null, null, b.last, true);
        return;
      }
      case 'config': {
        this.c.configErrors++;
        const syntax = b.parts.findIndex((p) => RE_SYNTAX.test(p));
        const parts = syntax > 0 ? b.parts.slice(syntax) : b.parts;
        const summary = parts.join(' · ') || 'configuration error';
        this.c.lastError = { time: b.first, message: summary };
        this.addEntry('config-error', b.first, summary, b.level ?? 'error', b.source, b.pid, b.origin, this.blockLines(b), null, null, b.last, true);
        return;
      }
      default: {
        this.c.tracebacks++;
        const type = b.excType ?? b.classType;
        const message = b.excType !== null ? (b.excMessage ?? '') : (b.classMessage ?? '');
        const summary = type !== null ? (message ? `${type}: ${message}` : type) : (b.title ?? b.head.find((l) => !isBlank(l) && !RE_STARS.test(l)) ?? 'traceback');
        const exception = type !== null ? { type, message, origin: b.frame } : null;
        const level: LogLevel = b.title !== null && b.title.includes('INTERNAL ISSUE') ? 'critical' : 'error';
        this.c.lastError = { time: b.first, message: summary };
        this.addEntry('traceback', b.first, summary, level, b.source, b.pid, b.origin, this.blockLines(b), exception, null, b.last, true);
      }
    }
  }

  /** One ordinary line: counters, facts, entry. */
  private emit(line: LogLine, analysis?: LineAnalysis): void {
    const a = analysis ?? analyzeLine(line);
    const cls = a.cls;
    const origin = line.origin;
    const time = line.time;
    let neighbor = a.neighbor;
    if (neighbor !== null && a.names !== null) for (const name of a.names) this.learn(origin, name, neighbor);
    if (neighbor === null && isSessionName(line.source)) neighbor = this.names.get(`${origin}\u0000${line.source}`) ?? null;

    switch (cls) {
      case 'error':
        this.c.errors++;
        this.c.lastError = { time, message: line.message };
        break;
      case 'warning':
        this.c.warnings++;
        break;
      case 'api-command':
        this.c.apiCommands++;
        break;
      case 'api-rejected':
        this.c.apiRejected++;
        break;
      case 'connect-failed':
        // `connection.failed` and `connection.error` are two lines of one attempt: count the first.
        if (line.event?.name !== 'connection.error') this.c.connectFailures++;
        break;
      case 'session-up':
        // Every `connected to …` / `peer.connected` is an establishment (4.2 logs no down at INFO:
        // a re-establishment is the only trace of a drop); the echoed API `up` event repeats one.
        if (neighbor !== null) {
          const key = `${origin}\u0000${neighbor}`;
          if (!a.echo || this.sessions.get(key) !== 'up') {
            if (this.tallies.up.add(neighbor, origin)) this.c.sessionsUp++;
            this.bounded(this.sessions).set(key, 'up');
          }
          // A new session: its NOTIFICATION is another one, however soon (BIRD's `restart`: 0.1 s).
          this.lastNotification.delete(key);
          this.bounded(this.lastUp).set(origin, { address: neighbor, time });
        } else this.c.sessionsUp++;
        break;
      case 'session-down': {
        if (neighbor !== null) {
          const key = `${origin}\u0000${neighbor}`;
          const before = this.sessions.get(key);
          if (before !== 'down') {
            const tallies = this.tallies;
            if (tallies.down.add(neighbor, origin)) this.c.sessionsDown++;
            this.bounded(this.sessions).set(key, 'down');
            // A flap: the session this source saw up went down (or the first this source says of
            // it: up before exatop followed it, if the polls saw it up). Only what happened since
            // exatop followed the source (not a backlog line), once over every source.
            const flap = tallies === this.liveTallies && tallies.flaps.add(neighbor, origin);
            this.addFact(flap
              ? { kind: 'down', address: neighbor, time, reason: a.reason, flap: before === 'up' ? 'after-up' : 'first-seen' }
              : { kind: 'down', address: neighbor, time, reason: a.reason });
            const notif = notificationInReason(a.reason);
            if (notif) this.countNotification(origin, neighbor, time, a.code, { kind: 'notification', address: neighbor, time, direction: notif.direction, text: notif.text });
          }
        } else this.c.sessionsDown++;
        break;
      }
      case 'notification':
        this.countNotification(origin, neighbor, time, a.code, factOf(a, time, neighbor));
        break;
      case 'statistics':
        if (a.fact === 'down-counter') {
          // The statistics lines name no peer; 5.0/6.0 print them right after the session-up line.
          const up = this.lastUp.get(origin);
          const address = up && time - up.time <= DOWN_COUNTER_AFTER_UP_MS && time >= up.time - DOWN_COUNTER_AFTER_UP_MS ? up.address : null;
          this.addFact({ kind: 'down-counter', address, time, counter: a.counter });
        }
        break;
      default:
        break;
    }
    if (isBlank(line.message)) return; // nothing to show
    this.addEntry(cls, time, line.message, line.level, line.source, line.pid, origin, null, null, neighbor);
  }

  /**
   * One NOTIFICATION as a line reports it: counted unless its source reported it already (the
   * same neighbor within 2 s with no session up in between, or a line naming no neighbor with the
   * same code just before), or another source did (CrossSourceCount).
   */
  private countNotification(origin: string, neighbor: string | null, time: number, code: string | null, fact: NeighborFact | null): void {
    if (neighbor === null) {
      this.c.notifications++;
      this.bounded(this.unnamedNotification).set(origin, { time, code, counters: this.c });
      if (fact) this.addFact(fact);
      return;
    }
    if (this.recentNotification(origin, neighbor, time)) return;
    const unnamed = this.unnamedNotification.get(origin);
    if (unnamed !== undefined && unnamed.counters === this.c && Math.abs(time - unnamed.time) <= NOTIFICATION_DEDUP_MS && codesAgree(unnamed.code, code)) {
      // The line before said this NOTIFICATION without the neighbor: it is this one.
      this.unnamedNotification.delete(origin);
      this.c.notifications--;
    }
    if (this.tallies.notifications.add(neighbor, origin)) this.c.notifications++;
    if (fact) this.addFact(fact);
  }

  private recentNotification(origin: string, neighbor: string | null, time: number): boolean {
    if (neighbor === null) return false;
    const key = `${origin}\u0000${neighbor}`;
    const last = this.lastNotification.get(key);
    this.bounded(this.lastNotification).set(key, time);
    return last !== undefined && Math.abs(time - last) <= NOTIFICATION_DEDUP_MS;
  }

  private learn(origin: string, name: string, address: string): void {
    if (name) this.bounded(this.names).set(`${origin}\u0000${name}`, address);
  }

  private bounded<K, V>(map: Map<K, V>): Map<K, V> {
    if (map.size >= MAP_LIMIT) map.clear();
    return map;
  }

  private addFact(fact: NeighborFact): void {
    if (!this.factual) return;
    this.factBuffer.push(fact);
    if (this.factBuffer.length >= this.maxFacts * 2) this.trimFacts();
  }

  private trimFacts(): void {
    if (this.factBuffer.length > this.maxFacts) this.factBuffer = this.factBuffer.slice(this.factBuffer.length - this.maxFacts);
  }

  private addEntry(
    cls: LogClass,
    time: number,
    text: string,
    level: LogLevel | null,
    source: string | null,
    pid: number | null,
    origin: string,
    lines: string[] | null,
    exception: LogEntry['exception'],
    neighbor: string | null,
    last: number = time,
    block = false,
  ): void {
    const summary = text.length > SUMMARY_MAX ? `${text.slice(0, SUMMARY_MAX - 1)}…` : text;
    // The pid, where the line has one, keeps two daemon lives writing one file apart.
    const key = `${cls}\u0001${origin}\u0001${pid ?? ''}\u0001${neighbor ?? ''}\u0001${normaliseSummary(summary)}`;
    const seen = this.fold.get(key);
    if (seen !== undefined && Math.abs(time - seen.last) <= this.foldWindowMs) {
      seen.count++;
      if (last > seen.last) seen.last = last;
      if (time < seen.first) seen.first = time;
      if (!block) seen.summary = summary;
      this.rev++;
      return;
    }
    const entry: LogEntry = {
      id: this.nextId++,
      class: cls,
      first: time,
      last,
      count: 1,
      summary,
      level,
      source,
      pid,
      origin,
      lines: lines ?? [],
      exception,
      neighbor,
    };
    const cap = this.maxEntries;
    if (this.size === cap) {
      const evicted = this.ring[this.start];
      const evictedKey = this.ringKeys[this.start];
      if (evicted !== undefined && evictedKey !== undefined && this.fold.get(evictedKey) === evicted) this.fold.delete(evictedKey);
      this.ring[this.start] = entry;
      this.ringKeys[this.start] = key;
      this.start = (this.start + 1) % cap;
    } else {
      const at = (this.start + this.size) % cap;
      this.ring[at] = entry;
      this.ringKeys[at] = key;
      this.size++;
    }
    this.fold.set(key, entry);
    this.snapshot = null;
    this.rev++;
  }
}
