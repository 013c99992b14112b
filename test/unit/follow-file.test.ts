// The file follower on real files: rotation by rename, copytruncate, deletion, partial lines.
import { appendFile, copyFile, mkdtemp, rename, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileFollower, MAX_LINE_BYTES, MAX_READ_PER_POLL } from '../../src/io/logs/follow-file.js';

let dir: string;
let path: string;
let seen: string[];
const collect = (lines: string[]) => seen.push(...lines);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'exatop-follow-'));
  path = join(dir, 'exabgp.log');
  seen = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FileFollower', () => {
  it('starts at the end by default and delivers each appended line once', async () => {
    await writeFile(path, 'old 1\nold 2\n');
    const f = new FileFollower(path, collect);
    await f.poll();
    await appendFile(path, 'new 1\nnew 2\n');
    await f.poll();
    await f.poll();
    expect(seen).toEqual(['new 1', 'new 2']);
    await f.close();
  });

  it('reads the whole file with startAt "start", and joins a line written in two parts', async () => {
    await writeFile(path, 'a\nb\npart');
    const f = new FileFollower(path, collect, 'start');
    await f.poll();
    expect(seen).toEqual(['a', 'b']);
    await appendFile(path, 'ial\r\n');
    await f.poll();
    expect(seen).toEqual(['a', 'b', 'partial']);
    await f.close();
  });

  it('rotation by rename: the rest of the old file, then the new file from its start', async () => {
    await writeFile(path, '');
    const f = new FileFollower(path, collect);
    await f.poll();
    await appendFile(path, 'before 1\n');
    await f.poll();
    await rename(path, `${path}.1`);
    await appendFile(`${path}.1`, 'late write to the old file\n');
    await writeFile(path, 'after 1\nafter 2\n');
    const status = await f.poll();
    await f.poll();
    expect(seen).toEqual(['before 1', 'late write to the old file', 'after 1', 'after 2']);
    expect(status.rotations).toBe(1);
    await f.close();
  });

  it('copytruncate: lines written after the truncation are read from the start', async () => {
    await writeFile(path, 'x'.repeat(100) + '\n');
    const f = new FileFollower(path, collect);
    await f.poll();
    await appendFile(path, 'kept 1\n');
    await f.poll();
    await copyFile(path, `${path}.1`);
    await truncate(path, 0);
    await appendFile(path, 'fresh 1\n');
    const status = await f.poll();
    expect(seen).toEqual(['kept 1', 'fresh 1']);
    expect(status.truncations).toBe(1);
    await f.close();
  });

  it('a deleted file is reported missing, and followed again from its start when it comes back', async () => {
    await writeFile(path, 'one\n');
    const f = new FileFollower(path, collect);
    await f.poll();
    await unlink(path);
    const gone = await f.poll();
    expect(gone.state).toBe('missing');
    expect(gone.message).toContain('missing');
    await writeFile(path, 'back 1\n');
    const back = await f.poll();
    expect(back.state).toBe('following');
    expect(seen).toEqual(['back 1']);
    await f.close();
  });

  it('a file that does not exist yet is waited for, then read whole', async () => {
    const f = new FileFollower(path, collect);
    expect((await f.poll()).state).toBe('missing');
    await writeFile(path, 'first\n');
    await f.poll();
    expect(seen).toEqual(['first']);
    await f.close();
  });

  it('loses and repeats no line through many rotations of both kinds under continuous writing', async () => {
    await writeFile(path, '');
    const f = new FileFollower(path, collect);
    await f.poll();
    let n = 0;
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 50; i++) await appendFile(path, `line ${n++}\n`);
      if (round % 3 === 0) await f.poll();
      if (round % 2 === 0) {
        await rename(path, `${path}.${round}`);
        await appendFile(`${path}.${round}`, `line ${n++}\n`);
        await writeFile(path, '');
      } else {
        await f.poll();
        await copyFile(path, `${path}.${round}`);
        await truncate(path, 0);
      }
      await f.poll();
    }
    await f.poll();
    expect(seen).toEqual(Array.from({ length: n }, (_, i) => `line ${i}`));
    await f.close();
  });
});

describe('FileFollower and a daemon that is not told to reopen its log', () => {
  it('keeps reading the renamed file while it grows, then lets it go once it is silent', async () => {
    let clock = 1_000_000;
    await writeFile(path, '');
    const f = new FileFollower(path, collect, { now: () => clock });
    await f.poll();
    await rename(path, `${path}.1`);
    await writeFile(path, '');
    await f.poll();
    await appendFile(`${path}.1`, 'still writing the old file\n');
    await appendFile(path, 'new file 1\n');
    clock += 10_000;
    await f.poll();
    expect(seen).toEqual(['still writing the old file', 'new file 1']);
    clock += 31_000;
    await f.poll();
    await appendFile(`${path}.1`, 'too late\n');
    clock += 1000;
    await f.poll();
    expect(seen).not.toContain('too late');
    await f.close();
  });
});

describe('FileFollower and truncation that the size does not show', () => {
  const numbered = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `line ${from + i} ${'x'.repeat(40)}`);
  const text = (lines: string[]) => lines.map((l) => `${l}\n`).join('');

  it('a file truncated and regrown past its old size before the next poll is read again from its start', async () => {
    await writeFile(path, '');
    const f = new FileFollower(path, collect, { startAt: 'end', watch: false });
    await f.poll();
    await appendFile(path, text(numbered(0, 1000)));
    await f.poll();
    await truncate(path, 0);
    await appendFile(path, text(numbered(1000, 3000)));
    const status = await f.poll();
    expect(seen).toEqual(numbered(0, 3000));
    expect(status.truncations).toBe(1);
    expect(status.lost.lines).toBe(0);
    await f.close();
  });

  it('copytruncate: the lines written since the last poll are read from the copy before the new file', async () => {
    await writeFile(path, '');
    const f = new FileFollower(path, collect, { startAt: 'end', watch: false });
    await f.poll();
    await appendFile(path, text(numbered(0, 100)));
    await f.poll();
    await appendFile(path, text(numbered(100, 500)));
    await copyFile(path, `${path}.1`);
    await truncate(path, 0);
    await appendFile(path, text(numbered(500, 2000)));
    const status = await f.poll();
    expect(seen).toEqual(numbered(0, 2000));
    expect(status.copiesRead).toBe(1);
    expect(status.lost).toEqual({ bytes: 0, lines: 0, events: 0, withoutCopy: 0 });
    await f.close();
  });

  it('the newest copy is the one read when older copies exist beside it', async () => {
    await writeFile(path, text(numbered(0, 10)));
    await copyFile(path, `${path}.2`);
    await writeFile(`${path}.3`, 'something else\n');
    const f = new FileFollower(path, collect, { startAt: 'start', watch: false });
    await f.poll();
    await appendFile(path, text(numbered(10, 20)));
    await copyFile(path, `${path}.1`);
    await truncate(path, 0);
    await f.poll();
    expect(seen).toEqual(numbered(0, 20));
    await f.close();
  });

  it('copytruncate twice between two looks: the rest of the first copy, the second copy whole, then the file', async () => {
    await writeFile(path, '');
    const f = new FileFollower(path, collect, { startAt: 'end', watch: false });
    await f.poll();
    await appendFile(path, text(numbered(0, 10)));
    await f.poll();
    await appendFile(path, text(numbered(10, 20)));
    await copyFile(path, `${path}.1`);
    await truncate(path, 0);
    await appendFile(path, text(numbered(20, 30)));
    await rename(`${path}.1`, `${path}.2`);
    await new Promise((r) => setTimeout(r, 20));
    await copyFile(path, `${path}.1`);
    await truncate(path, 0);
    await appendFile(path, text(numbered(30, 40)));
    const status = await f.poll();
    expect(seen).toEqual(numbered(0, 40));
    expect(status.copiesRead).toBe(2);
    await f.close();
  });

  it('a truncation with no copy, while the writer was ahead of the reader, is counted as lost, not hidden', async () => {
    await writeFile(path, '');
    const f = new FileFollower(path, collect, { startAt: 'end', watch: false });
    await f.poll();
    const line = `${'y'.repeat(99)}\n`;
    const lines = Math.ceil(MAX_READ_PER_POLL / line.length) + 5000;
    await appendFile(path, line.repeat(lines));
    await f.poll();
    const readBefore = seen.length;
    expect(readBefore).toBeLessThan(lines);
    await truncate(path, 0);
    await appendFile(path, 'after\n');
    const status = await f.poll();
    expect(status.lost.events).toBe(1);
    expect(status.lost.bytes).toBe(lines * line.length - MAX_READ_PER_POLL);
    // ≈: the bytes over the average line length read so far; the half line read is flushed.
    expect(Math.abs(status.lost.lines - (lines - readBefore))).toBeLessThanOrEqual(1);
    expect(status.message).toMatch(/lost ≈\d+ lines/);
    expect(seen.at(-1)).toBe('after');
    await f.close();
  });

  it('a watch wakes the follower between polls: a truncation is seen as it happens', async () => {
    await writeFile(path, '');
    const f = new FileFollower(path, collect, { startAt: 'end' });
    await f.poll();
    await appendFile(path, text(numbered(0, 50)));
    await expect.poll(() => seen.length, { timeout: 2000 }).toBe(50);
    await truncate(path, 0);
    await appendFile(path, text(numbered(50, 60)));
    await expect.poll(() => seen.length, { timeout: 2000 }).toBe(60);
    expect(seen).toEqual(numbered(0, 60));
    await f.close();
  });
});

describe('FileFollower and long lines', () => {
  it('a 1 MB line is one line, cut with a marker, and the next line is whole', async () => {
    await writeFile(path, '');
    const f = new FileFollower(path, collect, { startAt: 'end', watch: false });
    await f.poll();
    await appendFile(path, `${'z'.repeat(1_000_000)}\nnext\n`);
    await f.poll();
    expect(seen).toHaveLength(2);
    expect(seen[0]!.startsWith('z'.repeat(MAX_LINE_BYTES))).toBe(true);
    expect(seen[0]).toContain(`[+${1_000_000 - MAX_LINE_BYTES} chars]`);
    expect(seen[1]).toBe('next');
    await f.close();
  });

  it('a character cut in two by a read boundary is decoded whole', async () => {
    await writeFile(path, '');
    const f = new FileFollower(path, collect, { startAt: 'end', watch: false });
    await f.poll();
    // 256 kB reads: put a 3-byte character across the first boundary.
    const filler = `${'b'.repeat(1000)}\n`.repeat(261);
    await appendFile(path, `${filler}${'a'.repeat(256 * 1024 - 1 - filler.length)}€\n`);
    await f.poll();
    expect(seen).toHaveLength(262);
    expect(seen.at(-1)).toBe(`${'a'.repeat(256 * 1024 - 1 - filler.length)}€`);
    await f.close();
  });
});
