// collect() on a real FIFO, opened the way PipeTransport opens the daemon's .out pipe.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fitsCommand } from '../../src/core/control/answer-shape.js';
import { StreamCollector } from '../../src/io/control/collector.js';
import { collect } from '../../src/io/control/pipe.js';
import { fixture as read } from '../support/fixtures.js';

let dir: string;
let reader: Socket;
let writer: number;
/** Reads that handed over data: one per line without coalescing. */
let takes: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'exatop-collect-'));
  const fifo = join(dir, 'out');
  execFileSync('mkfifo', [fifo]);
  reader = new Socket({ fd: openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK), readable: true, writable: false });
  writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
  takes = 0;
  const read = reader.read.bind(reader);
  reader.read = (size?: number) => {
    const chunk = read(size) as unknown;
    if (chunk !== null) takes++;
    return chunk;
  };
});

afterEach(() => {
  reader.destroy();
  closeSync(writer);
  rmSync(dir, { recursive: true, force: true });
});

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * One write per line, each on its own turn of the event loop, as a 4.2 daemon answers; and as
 * its control.py does, a write that finds the pipe full (EAGAIN) is tried again later.
 */
async function lineByLine(lines: string[]): Promise<void> {
  for (const line of lines) {
    for (;;) {
      try {
        writeSync(writer, `${line}\n`);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
        await nextTurn();
      }
    }
    await nextTurn();
  }
}

describe('collect: reading an answer from the pipe', () => {
  it('takes a long line-by-line answer in batches once past 32 kB, and loses nothing', async () => {
    // 1,500 lines of 100 bytes: 150 kB, as 4.2 answers for 100 neighbors
    const lines = Array.from({ length: 1500 }, (_, i) => `neighbor 127.0.44.${i % 250} counter ${i}`.padEnd(99, '.'));
    const answer = collect(reader, 30_000);
    await lineByLine([...lines, 'done']);
    const result = await answer;
    expect(result.reason).toBe('complete');
    expect(result.text).toBe(`${[...lines, 'done'].join('\n')}\n`);
    expect(takes).toBeLessThan(600);
  });

  it('with coalescing off (the 6.0 socket, whose answer comes in a few large writes), reads as it comes', async () => {
    const lines = Array.from({ length: 600 }, (_, i) => `neighbor 127.0.44.${i % 250} counter ${i}`.padEnd(99, '.'));
    const answer = collect(reader, 30_000, 0, false);
    await lineByLine([...lines, 'done']);
    expect((await answer).reason).toBe('complete');
    expect(takes).toBeGreaterThan(540);
  });

  it('reads an answer of a few neighbors as it comes, line by line, never deferred', async () => {
    // 100 lines of 80 bytes: 8 kB, about what 4.2 answers for 3 neighbors
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i}`.padEnd(79, '.'));
    const answer = collect(reader, 5_000);
    await lineByLine([...lines, 'done']);
    expect((await answer).complete).toBe(true);
    // one read per line, give or take how the kernel splits them: no batching
    expect(takes).toBeGreaterThan(90);
  });

  it('keeps what was buffered when the pipe closes before the terminator', async () => {
    const answer = collect(reader, 5_000);
    await lineByLine(['{"a": 1}']);
    reader.destroy();
    const result = await answer;
    expect(result.reason).toBe('closed');
    expect(result.text).toBe('{"a": 1}\n');
  });
});

describe('StreamCollector: answers that are not ours, and answers read on after a timeout', () => {
  const extensive = read('v4.2/pipe-show-neighbor-extensive-3peer-up.txt');

  it('drops the tail of an older answer and a stray answer to another command before its own', async () => {
    const tail = extensive.slice(extensive.length / 2);
    const collector = new StreamCollector(reader, { accept: (lines) => fitsCommand('show neighbor extensive', lines) });
    const answer = collector.next(5_000);
    await lineByLine([...`${tail}exabgp 4.2.21\ndone\n${extensive}`.split('\n').slice(0, -1)]);
    const result = await answer;
    expect(result.complete).toBe(true);
    expect(result.text).toBe(extensive);
    expect(result.staleBytes).toBe(tail.length + 'exabgp 4.2.21\ndone\n'.length);
  });

  it('goes on with the same answer after a timeout, losing no byte', async () => {
    const collector = new StreamCollector(reader);
    const lines = extensive.split('\n').slice(0, -1);
    const first = collector.next(30);
    await lineByLine(lines.slice(0, 10));
    const timedOut = await first;
    expect(timedOut.reason).toBe('timeout');
    const rest = collector.next(5_000);
    await lineByLine(lines.slice(10));
    expect((await rest).text).toBe(extensive);
  });
});
