// Neighbor polls for a capture: asked of the daemon when this process is the life's poller (or
// polls alone), read from the poller's feed when another exatop process is. A capture's 50 ms
// polls during an establishment run go through the poller: it is asked to poll that fast.
import { ControlClient, type ControlPoll } from '../core/control/client.js';
import type { Dialect } from '../core/control/commands.js';
import { mergeSummary } from '../core/model/neighbors.js';
import type { NeighborReport } from '../core/model/control.js';
import type { LifeKey } from '../core/poller/feed-protocol.js';
import { transportFor, type ControlLocation } from '../io/control/locate.js';
import type { FeedFollower } from '../io/poller/feed.js';
import type { ControlSharing, Joined } from './shared-control.js';

export interface PollSource {
  readonly role: 'solo' | 'poller' | 'follower';
  pollNeighbors(now: () => number): Promise<ControlPoll>;
  close(): void;
}

export interface PollSourceOptions {
  sharing?: ControlSharing | null;
  /** How often the capture polls: what a follower asks its poller for. */
  wantMs: number;
  timeoutMs: number;
  version: string | null;
}

class DirectSource implements PollSource {
  private last: ControlPoll | null = null;

  constructor(
    readonly role: 'solo' | 'poller',
    private readonly client: ControlClient,
    private readonly joined: Extract<Joined, { role: 'poller' }> | null,
  ) {}

  get lastPoll(): ControlPoll | null {
    return this.last;
  }

  async pollNeighbors(now: () => number): Promise<ControlPoll> {
    const poll = await this.client.pollNeighbors(now);
    this.last = poll;
    this.joined?.feed.publish({ type: 'poll', poll });
    return poll;
  }

  close(): void {
    this.client.transport.close();
    if (this.joined) {
      this.joined.feed.close();
      this.joined.lease.release();
    }
  }
}

class FeedSource implements PollSource {
  readonly role = 'follower';
  private readonly waiting: ControlPoll[] = [];
  private wake: (() => void) | null = null;
  private returnedT = -Infinity;
  /** The poller's last full answer with its small ones since merged in: a capture reads whole reports. */
  private reports: NeighborReport[] | null = null;

  constructor(private readonly feed: FeedFollower, private readonly pollerPid: number, private readonly timeoutMs: number) {
    feed.onMessage((message) => {
      const polls = message.type === 'poll' ? [message.poll] : message.type === 'hello' ? [message.last, message.since] : [];
      for (const poll of polls) if (poll) this.take(poll);
      this.wake?.();
    });
    feed.onClose(() => this.wake?.());
  }

  get closed(): boolean {
    return this.feed.isClosed;
  }

  private take(poll: ControlPoll): void {
    let whole = poll;
    if (poll.ok && poll.neighbors) this.reports = poll.neighbors;
    else if (poll.ok && poll.summary) {
      if (!this.reports) return;
      this.reports = mergeSummary(this.reports, poll.summary);
      whole = { ...poll, neighbors: this.reports };
    }
    this.waiting.push(whole);
    if (this.waiting.length > 100) this.waiting.shift();
  }

  /** The next poll the poller made after the last one handed out (never the same answer twice). */
  async pollNeighbors(now: () => number): Promise<ControlPoll> {
    const { timeoutMs } = this;
    const started = now();
    for (;;) {
      const next = this.waiting.shift();
      if (next && next.t > this.returnedT) {
        this.returnedT = next.t;
        return next;
      }
      if (next) continue;
      if (this.feed.isClosed || now() - started >= timeoutMs) {
        const error = this.feed.isClosed ? `exatop pid ${this.pollerPid}, the poller, went away` : `no poll from exatop pid ${this.pollerPid}, the poller, in ${timeoutMs} ms`;
        return { t: started, transport: 'pipe', path: '', latencyMs: now() - started, ok: false, timedOut: !this.feed.isClosed, error, raw: null, neighbors: null, status: null, failure: this.feed.isClosed ? 'closed' : 'timeout' };
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, timeoutMs - (now() - started)));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  close(): void {
    this.feed.close();
  }
}

/** A source that re-joins when its poller goes away: it becomes the poller or follows the next. */
class Rejoining implements PollSource {
  constructor(private current: PollSource, private readonly reopen: () => Promise<PollSource>) {}

  get role(): PollSource['role'] {
    return this.current.role;
  }

  async pollNeighbors(now: () => number): Promise<ControlPoll> {
    if (this.current instanceof FeedSource && this.current.closed) this.current = await this.reopen();
    return this.current.pollNeighbors(now);
  }

  close(): void {
    this.current.close();
  }
}

export async function openPollSource(key: LifeKey, location: ControlLocation, dialect: Dialect | null, options: PollSourceOptions): Promise<PollSource> {
  const open = async (): Promise<PollSource> => {
    const client = (): ControlClient => new ControlClient(transportFor(location), dialect, options.timeoutMs);
    if (!options.sharing) return new DirectSource('solo', client(), null);
    let direct: DirectSource | null = null;
    const joined = await options.sharing.join(key, () => ({
      transport: location.kind, path: location.kind === 'socket' ? location.path : location.in, dialect, version: options.version, last: direct?.lastPoll ?? null, status: null,
    }));
    if (joined.role === 'poller') return (direct = new DirectSource('poller', client(), joined));
    if (joined.role === 'refused') throw new Error(joined.message);
    joined.feed.want(options.wantMs);
    return new FeedSource(joined.feed, joined.holder.pid, options.timeoutMs + options.wantMs);
  };
  return new Rejoining(await open(), open);
}
