// Reads answers off a control stream, one terminator at a time, and can go on reading an answer
// after its caller stopped waiting for it: a query that timed out is drained to its terminator
// instead of being left in the pipe for the next one (issue #11, "no query is ever abandoned").
import type { Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { AnswerReader, splitAnswer, stripStrayTerminators, terminatorOf } from '../../core/control/framing.js';

/** Answers larger than this are cut: a monitor must not be made to buffer without bound. */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

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
  /** Bytes of answers that were not ours (failed `accept`), dropped before this one. */
  staleBytes: number;
}

export interface CollectOptions {
  /**
   * The 6.0 socket: terminators left over for a previous client are dropped, and an answer
   * with no content is trusted only if nothing follows within this grace.
   */
  strayGraceMs?: number;
  /**
   * For 4.2's pipe (an answer written a line at a time, read with highWaterMark 1); the 6.0
   * socket sends its answer as one JSON line in a few large writes, and waiting COALESCE_MS
   * there only adds to every poll (15 ms of 25 at 100 neighbors, bench socket60).
   */
  coalesce?: boolean;
  /**
   * Whether the lines before a terminator can be the answer to the command sent. A segment that
   * cannot (the tail of an older answer another client left behind) is dropped as stale and
   * reading goes on to the next terminator.
   */
  accept?: (lines: string[]) => boolean;
}

/** The text after the first complete terminator line, or null when there is none. */
export function afterFirstTerminator(text: string): string | null {
  let start = 0;
  for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
    if (terminatorOf(text.slice(start, end)) !== null) return text.slice(end + 1);
    start = end + 1;
  }
  return null;
}

export class StreamCollector {
  private reader: AnswerReader;
  private readonly decoder = new StringDecoder('utf8');
  private staleBytes = 0;
  private ended = false;
  private cancel: (() => void) | null = null;

  constructor(private readonly stream: Socket, private readonly options: CollectOptions = {}) {
    this.reader = new AnswerReader((options.strayGraceMs ?? 0) > 0);
  }

  /** Ends a pending `next` now, as a timeout. */
  dispose(): void {
    this.cancel?.();
  }

  /** Bytes read so far for the answer being collected. */
  get length(): number {
    return this.reader.length;
  }

  /**
   * Reads until a terminator line, `timeoutMs`, or the end of the stream. After a timeout it
   * can be called again to go on with the same answer: nothing read so far is lost.
   */
  next(timeoutMs: number): Promise<Collected> {
    return new Promise((resolve) => {
      const stream = this.stream;
      const graceMs = this.options.strayGraceMs ?? 0;
      let done = false;
      let grace: NodeJS.Timeout | null = null;
      let deferred: NodeJS.Timeout | null = null;
      const view = () => (graceMs > 0 ? stripStrayTerminators(this.reader.text) : this.reader.text);
      const finish = (reason: Collected['reason']) => {
        if (done) return;
        done = true;
        this.cancel = null;
        clearTimeout(timer);
        if (grace) clearTimeout(grace);
        if (deferred) clearTimeout(deferred);
        stream.off('readable', onReadable);
        stream.off('close', onClose);
        stream.off('error', onClose);
        resolve({ text: view(), complete: reason === 'complete', reason, staleBytes: this.staleBytes });
      };
      const complete = () => {
        const accept = this.options.accept;
        if (!accept) return finish('complete');
        // drop segments that cannot be ours, then look again at what followed them
        for (;;) {
          const text = this.reader.text;
          if (accept(splitAnswer(text).lines)) return finish('complete');
          const rest = afterFirstTerminator(text) ?? '';
          this.staleBytes += text.length - rest.length;
          this.reader = new AnswerReader(false);
          this.reader.push(rest);
          if (!this.reader.complete) return;
        }
      };
      const take = (chunk: Buffer) => {
        this.reader.push(this.decoder.write(chunk));
        if (grace) clearTimeout(grace);
        grace = null;
        if (this.reader.complete) {
          if (graceMs > 0 && splitAnswer(view()).lines.length === 0) grace = setTimeout(() => finish('complete'), graceMs);
          else complete();
        } else if (this.reader.length > MAX_ANSWER_BYTES) finish('too-large');
      };
      // paused mode: read() hands over everything buffered as one chunk
      const drain = () => {
        deferred = null;
        for (let chunk: Buffer | null; !done && (chunk = stream.read() as Buffer | null) !== null; ) take(chunk);
      };
      const onReadable = () => {
        if (deferred || done) return;
        if (this.options.coalesce !== false && this.reader.length >= COALESCE_AFTER_BYTES) deferred = setTimeout(drain, COALESCE_MS);
        else drain();
      };
      const onClose = () => {
        this.ended = true;
        drain();
        finish(this.reader.complete ? 'complete' : 'closed');
      };
      const timer = setTimeout(() => finish('timeout'), timeoutMs);
      this.cancel = () => finish('timeout');
      if (this.ended) return finish(this.reader.complete ? 'complete' : 'closed');
      stream.on('readable', onReadable);
      stream.on('close', onClose);
      stream.on('error', onClose);
      // bytes that arrived while nobody listened are read now
      if (stream.readableLength > 0) onReadable();
      else if (this.reader.complete) complete();
    });
  }
}

/** Accumulates lines from a stream until a terminator line, the deadline, or the end. */
export function collect(stream: Socket, timeoutMs: number, strayGraceMs = 0, coalesce = true): Promise<Collected> {
  return new StreamCollector(stream, { strayGraceMs, coalesce }).next(timeoutMs);
}

/**
 * Reads and drops what arrives until the stream has been quiet for `quietMs`, or `maxMs`
 * passed: the tail of an answer another client left behind, which the daemon's helper may go
 * on writing for a while after the first bytes were drained. Resolves with what it dropped.
 */
export function settle(stream: Socket, quietMs: number, maxMs: number): Promise<{ bytes: number; text: string; quiet: boolean }> {
  return new Promise((resolve) => {
    const parts: string[] = [];
    const decoder = new StringDecoder('utf8');
    let bytes = 0;
    let quiet: NodeJS.Timeout;
    const finish = (wasQuiet: boolean) => {
      clearTimeout(quiet);
      clearTimeout(cap);
      stream.off('readable', onReadable);
      resolve({ bytes, text: parts.join(''), quiet: wasQuiet });
    };
    const onReadable = () => {
      for (let chunk: Buffer | null; (chunk = stream.read() as Buffer | null) !== null; ) {
        bytes += chunk.length;
        if (parts.length < 64) parts.push(decoder.write(chunk));
      }
      clearTimeout(quiet);
      quiet = setTimeout(() => finish(true), quietMs);
    };
    const cap = setTimeout(() => finish(false), maxMs);
    quiet = setTimeout(() => finish(true), quietMs);
    stream.on('readable', onReadable);
    if (stream.readableLength > 0) onReadable();
  });
}
