// One poller per daemon life per host: the first exatop process to take a life's lock asks the
// daemon; every other one reads the poller's feed and sends the daemon nothing. When the poller
// goes, its followers see the feed close and one of them takes the lock (README "One poller").
import { FEED_VERSION, feedFileName, lockName, type FeedHello, type HolderNote, type LifeKey } from '../core/poller/feed-protocol.js';
import { FeedFollower, FeedServer } from '../io/poller/feed.js';
import { askHolder, tryLock, type PollerLease } from '../io/poller/lock.js';
import { ensurePrivateDir, runtimeDirFor, sweepDeadFeeds } from '../io/poller/runtime-dir.js';

/** What the poller tells a newcomer about the channel, besides who it is. */
export type FeedState = Omit<FeedHello, 'type' | 'v' | 'poller'>;

export type Joined =
  | { role: 'poller'; lease: PollerLease; feed: FeedServer }
  | { role: 'follower'; feed: FeedFollower; holder: HolderNote }
  /** Another user's exatop polls this life: its feed is private to that user. */
  | { role: 'refused'; message: string };

/** The I/O the sharing needs, injected (io/poller in commands, fakes in tests). */
export interface SharingPorts {
  uid: number;
  pid: number;
  command: string;
  runtimeDir: () => Promise<string>;
  tryLock: (name: string, note: HolderNote) => Promise<PollerLease | null>;
  askHolder: (name: string) => Promise<HolderNote | null>;
  openFeed: (path: string, hello: () => FeedHello) => Promise<FeedServer>;
  connectFeed: (path: string, uid: number) => Promise<FeedFollower | { code: string; message: string }>;
  sleep: (ms: number) => Promise<void>;
}

export interface ControlSharing {
  join(key: LifeKey, state: () => FeedState): Promise<Joined>;
}

/** How long a newcomer keeps trying when the lock changes hands under it (a poller dying just then). */
const JOIN_ATTEMPTS = 20;
const JOIN_RETRY_MS = 50;
let joins = 0;

export function controlSharing(ports: SharingPorts): ControlSharing {
  return {
    async join(key, state) {
      const name = lockName(key);
      const hello = (): FeedHello => ({ type: 'hello', v: FEED_VERSION, poller: { pid: ports.pid, command: ports.command }, ...state() });
      let last = 'the poller of this daemon did not answer';
      for (let attempt = 0; attempt < JOIN_ATTEMPTS; attempt++) {
        const holder = await ports.askHolder(name);
        if (!holder) {
          // The feed listens before the lock is taken: whoever is told where it is can connect.
          const dir = await ports.runtimeDir();
          const feed = await ports.openFeed(`${dir}/${feedFileName(key, ports.pid, ++joins)}`, hello);
          const lease = await ports.tryLock(name, { pid: ports.pid, uid: ports.uid, command: ports.command, feed: feed.path });
          if (lease) return { role: 'poller', lease, feed };
          feed.close();
          continue;
        }
        if (holder.uid !== ports.uid) {
          return {
            role: 'refused',
            message: `exatop pid ${holder.pid} (uid ${holder.uid}, ${holder.command}) polls this daemon and its feed is private to its user: run exatop as uid ${holder.uid}, or stop pid ${holder.pid} so this one polls`,
          };
        }
        const follower = await ports.connectFeed(holder.feed, ports.uid);
        if (!('code' in follower)) return { role: 'follower', feed: follower, holder };
        last = `the feed of exatop pid ${holder.pid}: ${follower.message}`;
        await ports.sleep(JOIN_RETRY_MS);
      }
      return { role: 'refused', message: `${last}; exatop polls nothing rather than a second time beside it` };
    },
  };
}

/** The sharing of this host: abstract-socket locks, feeds in this user's runtime folder. */
export function hostSharing(env: NodeJS.ProcessEnv = process.env): ControlSharing {
  const uid = process.getuid?.() ?? 0;
  let dir: Promise<string> | null = null;
  return controlSharing({
    uid,
    pid: process.pid,
    command: ['exatop', ...process.argv.slice(2)].join(' ').slice(0, 200),
    runtimeDir: () =>
      (dir ??= ensurePrivateDir(runtimeDirFor(env, uid), uid).then(
        async (path) => {
          await sweepDeadFeeds(path);
          return path;
        },
        (error: unknown) => {
          dir = null;
          throw error;
        },
      )),
    tryLock,
    askHolder: (name) => askHolder(name),
    openFeed: (path, hello) => FeedServer.open(path, hello),
    connectFeed: (path, owner) => FeedFollower.connect(path, owner),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
}
