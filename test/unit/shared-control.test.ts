import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ControlPoll } from '../../src/core/control/client.js';
import type { FeedMessage, LifeKey } from '../../src/core/poller/feed-protocol.js';
import { FeedFollower, FeedServer } from '../../src/io/poller/feed.js';
import { askHolder, tryLock } from '../../src/io/poller/lock.js';
import { ensurePrivateDir } from '../../src/io/poller/runtime-dir.js';
import { controlSharing, type ControlSharing, type FeedState, type Joined } from '../../src/session/shared-control.js';

const uid = process.getuid!();
let dir: string;
let key: LifeKey;
const joined: Joined[] = [];

function sharingAs(pid: number, asUid = uid, feedDir = () => Promise.resolve(dir)): ControlSharing {
  return controlSharing({
    uid: asUid, pid, command: `exatop test ${pid}`, runtimeDir: feedDir, tryLock, askHolder: (name) => askHolder(name),
    openFeed: (path, hello) => FeedServer.open(path, hello), connectFeed: (path, owner) => FeedFollower.connect(path, owner),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
}

const state = (last: ControlPoll | null = null): FeedState => ({ transport: 'pipe', path: '/run/exabgp/exabgp.in', dialect: '4.2', version: '4.2.21', last, status: null });
const poll = (t: number): ControlPoll => ({ t, transport: 'pipe', path: '/run/exabgp/exabgp.in', latencyMs: 3, ok: true, timedOut: false, error: null, raw: null, status: null, neighbors: [] });

async function enter(sharing: ControlSharing, last: ControlPoll | null = null): Promise<Joined> {
  const j = await sharing.join(key, () => state(last));
  joined.push(j);
  return j;
}

function messages(feed: FeedFollower): FeedMessage[] {
  const seen: FeedMessage[] = [];
  feed.onMessage((m) => seen.push(m));
  return seen;
}

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeEach(async () => {
  dir = await ensurePrivateDir(join(await mkdtemp(join(tmpdir(), 'exatop-feed-')), 'run'), uid);
  // a life no daemon has: the abstract names are the host's, shared by every test run
  key = { pid: 4_000_000 + Math.floor(Math.random() * 100_000), startTicks: Date.now() };
});

afterEach(async () => {
  for (const j of joined.splice(0)) {
    if (j.role === 'poller') {
      j.feed.close();
      j.lease.release();
    } else if (j.role === 'follower') j.feed.close();
  }
  await rm(join(dir, '..'), { recursive: true, force: true });
});

describe('one poller per daemon life', () => {
  it('the first to join polls; the next ones follow it and get its last answer, then every new one', async () => {
    const first = await enter(sharingAs(101), poll(1000));
    expect(first.role).toBe('poller');
    const second = await enter(sharingAs(102));
    const third = await enter(sharingAs(103));
    expect(second.role).toBe('follower');
    expect(third.role).toBe('follower');
    if (first.role !== 'poller' || second.role !== 'follower' || third.role !== 'follower') return;
    expect(second.holder).toMatchObject({ pid: 101, uid, command: 'exatop test 101' });
    const seen = messages(second.feed);
    await until(() => seen.length === 1);
    expect(seen[0]).toMatchObject({ type: 'hello', poller: { pid: 101 }, dialect: '4.2', last: { t: 1000 } });
    await until(() => first.feed.followers === 2);
    first.feed.publish({ type: 'poll', poll: poll(2000) });
    await until(() => seen.length === 2);
    expect(seen[1]).toMatchObject({ type: 'poll', poll: { t: 2000, ok: true } });
  });

  it('hears how often each follower wants a poll, and forgets a follower that leaves', async () => {
    const first = await enter(sharingAs(201));
    const second = await enter(sharingAs(202));
    const third = await enter(sharingAs(203));
    if (first.role !== 'poller' || second.role !== 'follower' || third.role !== 'follower') throw new Error('roles');
    second.feed.want(1000);
    third.feed.want(50);
    await until(() => first.feed.wantedIntervals().length === 2);
    expect(first.feed.wantedIntervals().sort((a, b) => a - b)).toEqual([50, 1000]);
    expect(first.feed.wantsFull).toBe(false);
    third.feed.want(50, true);
    await until(() => first.feed.wantsFull);
    third.feed.close();
    await until(() => first.feed.followers === 1);
    expect(first.feed.wantedIntervals()).toEqual([1000]);
    // the follower whose details view was open is gone: the small answers again
    expect(first.feed.wantsFull).toBe(false);
  });

  it('when the poller goes, its follower sees the feed close and takes the lock', async () => {
    const first = await enter(sharingAs(301));
    const second = await enter(sharingAs(302));
    if (first.role !== 'poller' || second.role !== 'follower') throw new Error('roles');
    let closed = false;
    second.feed.onClose(() => (closed = true));
    first.feed.close();
    first.lease.release();
    await until(() => closed);
    const again = await enter(sharingAs(302));
    expect(again.role).toBe('poller');
    const fourth = await enter(sharingAs(304));
    expect(fourth.role === 'follower' && fourth.holder.pid).toBe(302);
  });

  it('keeps the feed private: 0600 in a 0700 folder; a poller of another user is named, not followed', async () => {
    const first = await enter(sharingAs(401));
    if (first.role !== 'poller') throw new Error('role');
    expect((await stat(first.feed.path)).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const other = await enter(sharingAs(402, uid + 1));
    expect(other.role).toBe('refused');
    if (other.role === 'refused') expect(other.message).toContain(`exatop pid 401 (uid ${uid}`);
    expect(other.role === 'refused' && other.message).toContain(`run exatop as uid ${uid}, or stop pid 401`);
  });

  it('refuses a feed folder others can enter', async () => {
    const open = join(dir, 'open');
    await ensurePrivateDir(open, uid);
    const { chmod } = await import('node:fs/promises');
    await chmod(open, 0o755);
    await expect(ensurePrivateDir(open, uid)).rejects.toThrow(/mode 0700/);
  });

  it('a follower that never reads is dropped, never waited for', async () => {
    const first = await enter(sharingAs(501));
    const second = await enter(sharingAs(502));
    if (first.role !== 'poller' || second.role !== 'follower') throw new Error('roles');
    await until(() => first.feed.followers === 1);
    let closed = false;
    second.feed.onClose(() => (closed = true));
    // pause the follower's reading: its socket's buffer fills
    const socket = (second.feed as unknown as { socket: { pause(): void; resume(): void } }).socket;
    socket.pause();
    const big = { ...poll(1), neighbors: Array.from({ length: 2000 }, (_, i) => ({ address: `127.0.0.${i % 250}`, fsm: 'ESTABLISHED', padding: 'x'.repeat(200) })) } as unknown as ControlPoll;
    for (let i = 0; i < 200 && first.feed.followers > 0; i++) {
      first.feed.publish({ type: 'poll', poll: { ...big, t: i } });
      await new Promise((resolve) => setImmediate(resolve));
    }
    await until(() => first.feed.followers === 0);
    socket.resume();
    await until(() => closed);
  });
});
