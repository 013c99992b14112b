// The file follower against Debian's logrotate and a writer at 5,000 lines/s: copytruncate at
// the TUI's 1 s poll and serve's 5 s poll, and a file truncated in place that regrows past its
// old size before the next poll. Every line still on disk is read exactly once; what the
// truncation took before exatop could read it is counted in the source's status.
import { execa } from 'execa';
import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileFollower, type FollowStatus } from '../../src/io/logs/follow-file.js';

const WRITER = join(import.meta.dirname, '..', 'support', 'line-writer.mjs');
const RATE = 5000;
const WRITE_MS = 11_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seqOf = (line: string) => Number(/^seq (\d+) /.exec(line)?.[1] ?? NaN);

let dir: string;
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Every `seq N` in the file and its rotated copies: the lines that still exist. */
async function onDisk(path: string): Promise<Set<number>> {
  const found = new Set<number>();
  const name = path.split('/').pop()!;
  for (const file of await readdir(dir)) {
    if (!file.startsWith(name)) continue;
    for (const line of (await readFile(join(dir, file), 'utf8')).split('\n')) if (line) found.add(seqOf(line));
  }
  return found;
}

interface Run {
  written: number;
  seen: number[];
  disk: Set<number>;
  status: FollowStatus;
}

/** Follows `path` while the writer runs and `fault()` strikes every `everyMs`, polling every `pollMs`. */
async function follow(path: string, pollMs: number, everyMs: number, fault: () => Promise<unknown>): Promise<Run> {
  const seen: number[] = [];
  const follower = new FileFollower(path, (lines) => seen.push(...lines.map(seqOf)), { startAt: 'end' });
  await follower.poll();
  const writer = execa('node', [WRITER, path, String(RATE), String(WRITE_MS)]);
  let writing = true;
  void writer.finally(() => (writing = false));
  const faults = (async () => {
    await sleep(everyMs / 2);
    while (writing) {
      await fault();
      await sleep(everyMs);
    }
  })();
  while (writing) {
    await sleep(pollMs);
    await follower.poll();
  }
  const { stdout } = await writer;
  await faults;
  await follower.poll();
  const status = await follower.poll();
  await follower.close();
  return { written: Number(stdout.trim()), seen, disk: await onDisk(path), status };
}

function judge(run: Run, label: string): { missingOnDisk: number; goneUnread: number } {
  const seen = new Set(run.seen);
  const missingOnDisk = [...run.disk].filter((n) => !seen.has(n)).length;
  const goneUnread = Array.from({ length: run.written }, (_, n) => n).filter((n) => !seen.has(n) && !run.disk.has(n)).length;
  // What the test saw, for the README's figures and for whoever reads a failure.
  console.log(`${label}: written ${run.written}, read ${run.seen.length}, on disk ${run.disk.size}, on disk but unread ${missingOnDisk}, gone before read ${goneUnread}, status ${JSON.stringify({ truncations: run.status.truncations, copiesRead: run.status.copiesRead, lost: run.status.lost })}`);
  expect(run.seen.length, 'no line twice').toBe(seen.size);
  expect(run.seen, 'in order').toEqual([...run.seen].sort((a, b) => a - b));
  return { missingOnDisk, goneUnread };
}

describe('log follower under logrotate copytruncate at 5,000 lines/s', () => {
  for (const pollMs of [1000, 5000]) {
    it(`polled every ${pollMs / 1000} s: every line on disk read once, the loss counted`, async () => {
      dir = await mkdtemp(join(tmpdir(), 'exatop-rotate-'));
      const path = join(dir, 'exabgp.log');
      await writeFile(path, '');
      const conf = join(dir, 'logrotate.conf');
      await writeFile(conf, `${path} {\n  copytruncate\n  rotate 100\n  nocompress\n  missingok\n}\n`);
      const state = join(dir, 'logrotate.state');
      const run = await follow(path, pollMs, 1500, () => execa('logrotate', ['-f', '-s', state, conf]));
      const { missingOnDisk, goneUnread } = judge(run, `copytruncate, ${pollMs} ms poll`);
      expect(run.status.truncations).toBeGreaterThanOrEqual(4);
      expect(run.status.copiesRead).toBeGreaterThanOrEqual(run.status.truncations);
      // Zero lost, or the loss counted: every line still on disk was read.
      expect(missingOnDisk).toBe(0);
      // What is in no file was written between logrotate's copy and its truncate: gone for every
      // reader. The part of it the follower had seen exist before it could read it is counted.
      expect(goneUnread).toBeGreaterThanOrEqual(run.status.lost.lines - 1);
    });
  }

  it('truncated in place and regrown past the old size before the next 5 s poll: the new content is read from its start', async () => {
    dir = await mkdtemp(join(tmpdir(), 'exatop-rotate-'));
    const path = join(dir, 'exabgp.log');
    await writeFile(path, '');
    const run = await follow(path, 5000, 3000, () => truncate(path, 0));
    const { missingOnDisk, goneUnread } = judge(run, 'truncate in place, 5000 ms poll');
    expect(run.status.truncations).toBeGreaterThanOrEqual(2);
    expect(missingOnDisk).toBe(0);
    // No copy: what was written after the last read and before a truncation is gone, counted as
    // such in the status; the watch keeps that to a few milliseconds of writing.
    expect(run.status.lost.withoutCopy).toBe(run.status.truncations);
    expect(goneUnread).toBeLessThan(run.status.truncations * RATE * 0.2);
  });
});
