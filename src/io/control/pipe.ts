// ExaBGP's named pipes done right (FACTS.md "Control channel"): `.out` is opened first, without
// blocking and read-write so the 6.0 helper closing it between lines is no end-of-file; stale
// bytes left by another client are drained; `.in` is opened without blocking, so ENXIO says at
// once that no daemon reads it, where a blocking open would hang forever.
import { constants, closeSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { Socket, type SocketConstructorOpts } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { AnswerReader, splitAnswer, stripStrayTerminators } from '../../core/control/framing.js';
import { describeOwner, type QueryOutcome, type Transport } from '../../core/control/transport.js';

const DRAIN_CHUNK = 64 * 1024;
/** Answers larger than this are cut: a monitor must not be made to buffer without bound. */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

function errno(error: unknown): string {
  return (error as NodeJS.ErrnoException)?.code ?? 'EIO';
}

export class PipeTransport implements Transport {
  readonly kind = 'pipe' as const;
  private busy: Promise<unknown> = Promise.resolve();

  constructor(readonly inPath: string, readonly outPath: string) {}

  get path(): string {
    return this.inPath.replace(/\.in$/, '.{in,out}');
  }

  /** One query at a time: the pipe pair is shared, answers are not addressed. */
  query(command: string, timeoutMs: number): Promise<QueryOutcome> {
    const run = this.busy.then(() => this.queryNow(command, timeoutMs));
    this.busy = run.catch(() => undefined);
    return run;
  }

  close(): void {}

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
    return { ok: false, failure: { kind, message, partial: '' }, latencyMs: Date.now() - started };
  }

  private classify(error: unknown): 'no-daemon' | 'missing' | 'permission' | 'io' {
    const code = errno(error);
    if (code === 'ENXIO') return 'no-daemon';
    if (code === 'ENOENT') return 'missing';
    if (code === 'EACCES' || code === 'EPERM') return 'permission';
    return 'io';
  }

  private async queryNow(command: string, timeoutMs: number): Promise<QueryOutcome> {
    const started = Date.now();
    let outFd: number;
    try {
      outFd = openSync(this.outPath, constants.O_RDWR | constants.O_NONBLOCK);
    } catch (error) {
      return this.failure(this.classify(error), this.outPath, error, started);
    }
    drain(outFd);
    let inFd: number;
    try {
      inFd = openSync(this.inPath, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (error) {
      closeSync(outFd);
      return this.failure(this.classify(error), this.inPath, error, started);
    }
    // highWaterMark 1: libuv stops reading once anything is buffered, so while collect() lets
    // an answer pile up in the pipe, the kernel holds it and one read() takes it all
    const reader = new Socket({ fd: outFd, readable: true, writable: false, readableHighWaterMark: 1 } as SocketConstructorOpts);
    try {
      const answer = collect(reader, timeoutMs);
      try {
        writeSync(inFd, `${command}\n`);
      } catch (error) {
        reader.destroy();
        return this.failure(this.classify(error), this.inPath, error, started);
      } finally {
        closeSync(inFd);
      }
      const result = await answer;
      const latencyMs = Date.now() - started;
      if (result.complete) return { ok: true, raw: result.text, latencyMs };
      return {
        ok: false,
        failure: { kind: result.reason === 'timeout' ? 'timeout' : 'closed', message: result.reason === 'timeout' ? `no complete answer to "${command}" within ${timeoutMs} ms` : `the pipe closed before the answer to "${command}" ended`, partial: result.text },
        latencyMs,
      };
    } finally {
      reader.destroy();
    }
  }
}

/** Reads and drops whatever an earlier client left unread. */
function drain(fd: number): void {
  const buffer = Buffer.allocUnsafe(DRAIN_CHUNK);
  for (let i = 0; i < 256; i++) {
    try {
      if (readSync(fd, buffer, 0, DRAIN_CHUNK, null) <= 0) return;
    } catch {
      return; // EAGAIN: nothing left
    }
  }
}

/**
 * A 4.2 daemon writes `show neighbor extensive` a line at a time: 1,500 reads for 100
 * neighbors (175 kB), each a trip through the event loop. Once an answer passed this size, the
 * reader takes what is buffered only every COALESCE_MS, in one piece (~15 ms of the daemon's
 * output, far below the 64 kB the kernel holds). Answers of a few neighbors are read as they
 * come, so their latency stays a few milliseconds.
 */
const COALESCE_AFTER_BYTES = 32 * 1024;
const COALESCE_MS = 15;

export interface Collected {
  text: string;
  complete: boolean;
  reason: 'complete' | 'timeout' | 'closed' | 'too-large';
}

/**
 * Accumulates lines from a stream until a terminator line, the deadline, or the end.
 * With `strayGraceMs` (the 6.0 socket), terminators left over for a previous client are
 * dropped, and an answer with no content is trusted only if nothing follows within the grace.
 * `coalesce` is for 4.2's pipe (an answer written a line at a time, read with highWaterMark 1);
 * the 6.0 socket sends its answer as one JSON line in a few large writes, and waiting
 * COALESCE_MS there only adds to every poll (15 ms of 25 at 100 neighbors, bench socket60).
 */
export function collect(stream: Socket, timeoutMs: number, strayGraceMs = 0, coalesce = true): Promise<Collected> {
  return new Promise((resolve) => {
    const reader = new AnswerReader(strayGraceMs > 0);
    const decoder = new StringDecoder('utf8');
    let done = false;
    let grace: NodeJS.Timeout | null = null;
    let deferred: NodeJS.Timeout | null = null;
    const view = () => (strayGraceMs > 0 ? stripStrayTerminators(reader.text) : reader.text);
    const finish = (reason: Collected['reason']) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (grace) clearTimeout(grace);
      if (deferred) clearTimeout(deferred);
      stream.off('readable', onReadable);
      stream.off('close', onClose);
      stream.off('error', onClose);
      resolve({ text: view(), complete: reason === 'complete', reason });
    };
    const take = (chunk: Buffer) => {
      reader.push(decoder.write(chunk));
      if (grace) clearTimeout(grace);
      grace = null;
      if (reader.complete) {
        if (strayGraceMs > 0 && splitAnswer(view()).lines.length === 0) grace = setTimeout(() => finish('complete'), strayGraceMs);
        else finish('complete');
      } else if (reader.length > MAX_ANSWER_BYTES) finish('too-large');
    };
    // paused mode: read() hands over everything buffered as one chunk
    const drain = () => {
      deferred = null;
      for (let chunk: Buffer | null; !done && (chunk = stream.read() as Buffer | null) !== null; ) take(chunk);
    };
    const onReadable = () => {
      if (deferred || done) return;
      if (coalesce && reader.length >= COALESCE_AFTER_BYTES) deferred = setTimeout(drain, COALESCE_MS);
      else drain();
    };
    const onClose = () => {
      drain();
      finish(reader.complete ? 'complete' : 'closed');
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    stream.on('readable', onReadable);
    stream.on('close', onClose);
    stream.on('error', onClose);
  });
}
