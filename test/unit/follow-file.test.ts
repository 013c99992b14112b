// The file follower on real files: rotation by rename, copytruncate, deletion, partial lines.
import { appendFile, copyFile, mkdtemp, rename, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileFollower } from '../../src/io/logs/follow-file.js';

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
    const f = new FileFollower(path, collect, 'end', () => clock);
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
