// ExaBGP's named pipes done right (FACTS.md "Control channel"): `.out` is opened first, without
// blocking and read-write so the 6.0 helper closing it between lines is no end-of-file; stale
// bytes left by another client are drained; `.in` is opened without blocking, so ENXIO says at
// once that no daemon reads it, where a blocking open would hang forever.
//
// No query is abandoned (issue #11). 4.2's control helper writes an answer a line at a time,
// opening `.out` for each line; while nobody has `.out` open (ENXIO), or the pipe is full
// (EAGAIN), it keeps the line and tries again after its poll(), up to 1 s later. So an answer
// nobody read came out up to a second after the next client opened `.out`, into that client's
// answer (measured on 4.2.21: first stale byte 0.73 s after the open). Hence:
// - exatop holds `.out` open with one fd it never reads: the helper's writes then land in the
//   kernel's buffer at once, where the next query's drain finds them;
// - the first query (unless nobody wrote to `.in` since the daemon life began, so no helper of
//   this life holds an answer), or one that drained an answer cut short, reads until the pipe
//   was quiet longer than the helper's retry; when someone else wrote to `.in` since exatop's last
//   command (its mtime moved), until quiet for a short while;
// - an answer that times out is read on in the background to its terminator, and no new query
//   is sent before it ended;
// - segments that cannot begin the answer to the command sent are dropped (answer-shape.ts);
// - a foreign client holding either pipe open (exabgpcli, a script) is named and waited for.
import { constants, closeSync, openSync, readSync, realpathSync, statSync, writeSync } from 'node:fs';
import { Socket, type SocketConstructorOpts } from 'node:net';
import { fitsCommand } from '../../core/control/answer-shape.js';
import { describeOwner, type FailureKind, type QueryOutcome, type Transport } from '../../core/control/transport.js';
import { settle, StreamCollector } from './collector.js';
import { describePipeUsers, findPipeUsers, type PipeUser } from './pipe-users.js';

export { collect, MAX_ANSWER_BYTES, type Collected } from './collector.js';

const DRAIN_CHUNK = 64 * 1024;
/** How long an abandoned answer is read on, at most, before the pipe counts as unsynchronised. */
export const DRAIN_LIMIT_MS = 20_000;
/** Quiet that ends a settle after another client wrote: its answer is written as it is made. */
export const SETTLE_QUIET_MS = 150;
/** A helper that could not write (no reader, a full pipe) tries again after its 1 s poll. */
export const SETTLE_LONG_QUIET_MS = 1_100;
export const SETTLE_MAX_MS = 3_000;
/** The longest exatop goes without looking in /proc for another client of the pipe. */
export const FOREIGN_RESCAN_MS = 10_000;
/** A daemon's start time is good to a clock tick (10 ms) and /proc/uptime's centiseconds: ample. */
const LIFE_START_MARGIN_MS = 100;

function errno(error: unknown): string {
  return (error as NodeJS.ErrnoException)?.code ?? 'EIO';
}

export interface PipeTransportOptions {
  /** Pids whose use of the pipes is expected: the daemon and its helpers. */
  ownPids?: () => ReadonlySet<number>;
  /**
   * When the daemon life reading the pipe started (epoch ms). A `.in` nobody wrote to since then
   * (or ever) holds no command this life's helper could still be answering: the first query
   * needs no long settle (a new life's neighbors show ~1.1 s sooner).
   */
  lifeStartedAt?: () => number | null;
  /** Looks for other users of the pipes; the default scans /proc. */
  findUsers?: (paths: readonly string[], exclude: ReadonlySet<number>) => Promise<PipeUser[]>;
  /**
   * The pipe is known to hold no answer in flight: the exatop process that polled it before died
   * between two queries (its feed said so). The first query then needs no long settle; what is
   * found in the pipe is still drained, and an answer found cut short still settles.
   */
  cleanAtStart?: boolean;
}

interface Draining {
  command: string;
  since: number;
  collector: StreamCollector;
}

export class PipeTransport implements Transport {
  readonly kind = 'pipe' as const;
  private busy: Promise<unknown> = Promise.resolve();
  private draining: Draining | null = null;
  /** `.in`'s mtime right after exatop's last write; null before the first or after a lost answer. */
  private lastWriteMtimeNs: bigint | null = null;
  /** The last look in /proc for other clients, and whether it found one. */
  private lastScan: { at: number; found: boolean } | null = null;
  /** Bytes not ours that were read and dropped, since this transport was made. */
  clearedBytes = 0;
  /** Keeps `.out` open between queries (never read), with the inode it was opened on. */
  private hold: { fd: number; ino: bigint } | null = null;

  constructor(readonly inPath: string, readonly outPath: string, private readonly options: PipeTransportOptions = {}) {}

  get path(): string {
    return this.inPath.replace(/\.in$/, '.{in,out}');
  }

  /** True while the answer to a query that timed out is still being read. */
  get isDraining(): boolean {
    return this.draining !== null;
  }

  /** One query at a time: the pipe pair is shared, answers are not addressed. */
  query(command: string, timeoutMs: number): Promise<QueryOutcome> {
    const run = this.busy.then(() => this.queryNow(command, timeoutMs));
    this.busy = run.catch(() => undefined);
    return run;
  }

  close(): void {
    this.draining?.collector.dispose();
    if (this.hold) closeSync(this.hold.fd);
    this.hold = null;
  }

  /** Opens the holding fd, again when the pipe was made anew; true when it was just opened. */
  private holdOut(): boolean {
    let ino: bigint;
    try {
      ino = statSync(this.outPath, { bigint: true }).ino;
    } catch {
      return false; // the open below reports it
    }
    if (this.hold?.ino === ino) return false;
    if (this.hold) closeSync(this.hold.fd);
    this.hold = null;
    try {
      this.hold = { fd: openSync(this.outPath, constants.O_RDWR | constants.O_NONBLOCK), ino };
    } catch {
      return false;
    }
    return true;
  }

  private outcome(kind: FailureKind, message: string, started: number, partial = ''): QueryOutcome {
    return { ok: false, failure: { kind, message, partial }, latencyMs: Date.now() - started };
  }

  private failure(kind: 'no-daemon' | 'missing' | 'permission' | 'io', path: string, error: unknown, started: number): QueryOutcome {
    const code = errno(error);
    let message: string;
    if (kind === 'no-daemon') message = `nobody reads ${path} (ENXIO): the daemon is not running, or its CLI pipe is disabled`;
    else if (kind === 'missing') message = `${path} does not exist: ExaBGP never creates its pipes (mkfifo them, or point --control at them)`;
    else if (kind === 'permission') {
      let owner = path;
      try {
        const st = statSync(path);
        owner = describeOwner(path, st.uid, st.gid, st.mode);
      } catch {
        // keep the bare path
      }
      message = `permission denied on ${owner}`;
    } else message = `${path}: ${code}`;
    return this.outcome(kind, message, started);
  }

  private classify(error: unknown): 'no-daemon' | 'missing' | 'permission' | 'io' {
    const code = errno(error);
    if (code === 'ENXIO') return 'no-daemon';
    if (code === 'ENOENT') return 'missing';
    if (code === 'EACCES' || code === 'EPERM') return 'permission';
    return 'io';
  }

  /**
   * The /proc scan for other clients costs ~36 ms of CPU on a host of 100 processes, a third of a
   * poll's cost: it runs when someone else wrote a command to `.in` since exatop's last (its mtime
   * moved: a client starts by writing its command), while the last scan found one, and every
   * FOREIGN_RESCAN_MS in any case.
   */
  private scanDue(now: number): boolean {
    if (!this.lastScan || this.lastScan.found || now - this.lastScan.at >= FOREIGN_RESCAN_MS) return true;
    return this.lastWriteMtimeNs === null || this.inMtimeNs() !== this.lastWriteMtimeNs;
  }

  private inMtimeNs(): bigint | null {
    try {
      return statSync(this.inPath, { bigint: true }).mtimeNs;
    } catch {
      return null;
    }
  }

  /**
   * True when nobody wrote to `.in` during this daemon life: never since the fifo was made (its
   * mtime is still its birth time), or last surely before the life began (its start time is good
   * to a clock tick).
   */
  private unwrittenThisLife(): boolean {
    let st: { mtimeNs: bigint; birthtimeNs: bigint };
    try {
      st = statSync(this.inPath, { bigint: true });
    } catch {
      return false;
    }
    if (st.birthtimeNs > 0n && st.mtimeNs === st.birthtimeNs) return true;
    const start = this.options.lifeStartedAt?.() ?? null;
    return start !== null && Number(st.mtimeNs / 1_000_000n) < start - LIFE_START_MARGIN_MS;
  }

  private async foreignUsers(): Promise<PipeUser[]> {
    const paths = [this.inPath, this.outPath].map((p) => {
      try {
        return realpathSync(p);
      } catch {
        return p;
      }
    });
    const own = new Set(this.options.ownPids?.() ?? []);
    const exclude = new Set([process.pid, ...own]);
    // the daemon's children too: a new life's helper holds the pipe before exatop listed it
    return this.options.findUsers ? this.options.findUsers(paths, exclude) : findPipeUsers(paths, exclude, '/proc', own);
  }

  private async queryNow(command: string, timeoutMs: number): Promise<QueryOutcome> {
    const started = Date.now();
    if (this.draining) {
      const { command: late, since, collector } = this.draining;
      const kb = (collector.length / 1024).toFixed(0);
      return this.outcome('busy', `still reading the answer to "${late}" that timed out ${((started - since) / 1000).toFixed(1)} s ago (${kb} kB so far): no new query before it ends`, started);
    }
    if (this.options.ownPids && this.scanDue(started)) {
      const users = await this.foreignUsers();
      this.lastScan = { at: started, found: users.length > 0 };
      if (users.length > 0) return this.outcome('foreign', `${describePipeUsers(users)} is using the pipe: exatop backs off rather than mix its answers with theirs`, started);
    }
    let outFd: number;
    try {
      outFd = openSync(this.outPath, constants.O_RDWR | constants.O_NONBLOCK);
    } catch (error) {
      return this.failure(this.classify(error), this.outPath, error, started);
    }
    // `.in` before any settling: ENXIO says at once that no daemon reads it
    let inFd: number;
    try {
      inFd = openSync(this.inPath, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (error) {
      closeSync(outFd);
      return this.failure(this.classify(error), this.inPath, error, started);
    }
    const firstHold = this.holdOut();
    // known clean (the poller before died between queries), or nobody wrote during this life
    const clean = (this.options.cleanAtStart === true && this.lastWriteMtimeNs === null) || this.unwrittenThisLife();
    const unsure = !clean && (this.lastWriteMtimeNs === null || firstHold);
    const someoneWrote = !unsure && !clean && this.inMtimeNs() !== this.lastWriteMtimeNs;
    const drained = drain(outFd);
    let cleared = drained.bytes;
    // highWaterMark 1: libuv stops reading once anything is buffered, so while the collector lets
    // an answer pile up in the pipe, the kernel holds it and one read() takes it all
    const reader = new Socket({ fd: outFd, readable: true, writable: false, readableHighWaterMark: 1 } as SocketConstructorOpts);
    let keepReader = false;
    let inClosed = false;
    try {
      const cutShort = cleared > 0 && !endsWithTerminator(drained.tail);
      const quietMs = unsure || cutShort ? SETTLE_LONG_QUIET_MS : someoneWrote || cleared > 0 ? SETTLE_QUIET_MS : 0;
      if (quietMs > 0) cleared += (await settle(reader, quietMs, SETTLE_MAX_MS)).bytes;
      this.clearedBytes += cleared;
      const collector = new StreamCollector(reader, { accept: (lines) => fitsCommand(command, lines) });
      const answer = collector.next(timeoutMs);
      try {
        writeSync(inFd, `${command}\n`);
      } catch (error) {
        return this.failure(this.classify(error), this.inPath, error, started);
      } finally {
        closeSync(inFd);
        inClosed = true;
      }
      this.lastWriteMtimeNs = this.inMtimeNs();
      const result = await answer;
      const latencyMs = Date.now() - started;
      const dropped = cleared + result.staleBytes;
      this.clearedBytes += result.staleBytes;
      if (result.complete) return { ok: true, raw: result.text, latencyMs, ...(dropped > 0 ? { clearedBytes: dropped } : {}) };
      if (result.reason === 'timeout') {
        keepReader = true;
        this.drainInBackground(command, collector, reader);
      }
      const message = result.reason === 'timeout'
        ? `no complete answer to "${command}" within ${timeoutMs} ms (reading the rest before the next query)`
        : `the pipe closed before the answer to "${command}" ended`;
      return { ok: false, failure: { kind: result.reason === 'timeout' ? 'timeout' : 'closed', message, partial: result.text }, latencyMs };
    } finally {
      if (!inClosed) closeSync(inFd);
      if (!keepReader) reader.destroy();
    }
  }

  /** Reads the rest of a timed-out answer so that it is not handed to the next query. */
  private drainInBackground(command: string, collector: StreamCollector, reader: Socket): void {
    this.draining = { command, since: Date.now(), collector };
    void collector.next(DRAIN_LIMIT_MS).then((rest) => {
      reader.destroy();
      this.draining = null;
      // never ended: whatever is still coming must be settled before the next command
      if (!rest.complete) this.lastWriteMtimeNs = null;
    });
  }
}

function endsWithTerminator(text: string): boolean {
  const lines = text.split('\n');
  if (lines.pop() !== '') return false;
  const last = lines.pop()?.trim();
  return last === 'done' || last === 'error' || last === 'shutdown';
}

/** Reads and drops whatever an earlier client left unread: how many bytes, and the last ones. */
function drain(fd: number): { bytes: number; tail: string } {
  const buffer = Buffer.allocUnsafe(DRAIN_CHUNK);
  let bytes = 0;
  let tail = '';
  for (let i = 0; i < 256; i++) {
    let n: number;
    try {
      n = readSync(fd, buffer, 0, DRAIN_CHUNK, null);
    } catch {
      break; // EAGAIN: nothing left
    }
    if (n <= 0) break;
    bytes += n;
    tail = (tail + buffer.toString('latin1', Math.max(0, n - 64), n)).slice(-64);
  }
  return { bytes, tail };
}
