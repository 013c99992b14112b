// The edge loop: finds the daemon, samples it every interval, notices when it dies and
// re-attaches to its successor. Its I/O goes through its MonitorDeps: /proc, the CPU meter, the
// control channel, the log follower and the files it reads (the host's unless a test says).
import { plannedBy as announcedBy } from '../io/planned-restarts.js';
import { hostFiles, type FileReader } from '../io/files.js';
import { neighborsFromConfig } from '../core/daemon/config-neighbors.js';
import { findHelpers } from '../io/daemon/discover.js';
import { lineageOf, locateNext, type Lineage } from '../io/daemon/lineage.js';
import { type Helper, type Target, type DaemonInfo, type DaemonIdentity } from '../core/model/daemon.js';
import { describeDaemon } from '../io/daemon/identity.js';
import { deriveReactor, makeVersion, parseEnvFile } from '../core/daemon/version.js';
import { DEFAULT_QUERY_TIMEOUT_MS, type ControlClient, type ControlPoll } from '../core/control/client.js';
import { dialectFor, SINGLE_CLIENT_POLL_MS, socketModeNote, socketMultiClient } from '../core/control/commands.js';
import { FULL_EVERY_TICKS, nextQuery, summaryChange } from '../core/control/schedule.js';
import type { ControlLocation } from '../io/control/locate.js';
import type { LogSourceSpec } from '../io/logs/discover-logs.js';
import type { Alerting } from './alerting.js';
import { ControlSearch } from './control-search.js';
import { DEFAULT_BACKLOG_LINES } from './log-monitor.js';
import { hostChannels, hostLogs, type ControlChannels, type LogFollower, type LogFollowers } from './monitor-deps.js';
import type { ProcFs } from '../io/procfs.js';
import type { MonitorEvent } from '../core/model/state.js';
import type { DaemonStatusReport } from '../core/model/control.js';
import type { Store } from '../core/store.js';
import { sampleVitals, type CpuMeter } from '../io/vitals.js';
import type { FeedMessage } from '../core/poller/feed-protocol.js';
import type { FeedFollower } from '../io/poller/feed.js';
import type { ControlSharing, FeedState, Joined } from './shared-control.js';

/** How often exatop looks for a successor once the daemon is gone: re-attach within 2 s. */
export const LOST_RETRY_MS = 500;
/** How often it looks for a daemon when none has been seen yet (a /proc scan costs). */
export const SEARCH_RETRY_MS = 1500;
/** How often a --pidfile or --pid target that names no daemon yet is read again (a daemon started after exatop). */
export const NAMED_RETRY_MS = 250;

export interface MonitorDeps {
  proc: ProcFs;
  cpu: CpuMeter;
  now: () => number;
  /** Who announced the end of a daemon life (default: the planned-restarts file). */
  plannedBy?: (life: DaemonIdentity, now: number) => Promise<string | null>;
  /** One poller per daemon life on the host (hostSharing()); without it this monitor polls alone. */
  sharing?: ControlSharing | null;
  /** Where the control channel is and a client on it (default: the host's pipes and sockets). */
  control?: ControlChannels;
  /** The daemon's log sources and their follower (default: LogMonitor on the host's files). */
  logs?: LogFollowers;
  /** The daemon's config, env file, pid file and install files (default: the host's). */
  files?: FileReader;
}

export interface MonitorOptions {
  /** Ask the control channel for neighbors (default true). */
  control?: boolean;
  /** --control PATH: the pipe pair or socket to use instead of finding it. */
  controlPath?: string;
  queryTimeoutMs?: number;
  /** Follow the daemon's log (default true). */
  logs?: boolean;
  /** --log FILE / --journal UNIT: followed in addition to what is found. */
  logSources?: LogSourceSpec[];
  /** --since: read history back this far (ms) where the source allows. */
  logSinceMs?: number | null;
  /** --log-lines N: the last lines of each log source shown on open (not counted); 0 none. */
  logBacklogLines?: number;
  /** With logSinceMs: read each file's history to its end at the first poll (snapshot). */
  logReadToEnd?: boolean;
  /** Alert rules, observed after every sample and while no daemon runs. */
  alerting?: Alerting | null;
}

/** After this many failed polls in a row the channel is looked for again. */
const RELOCATE_AFTER_FAILURES = 5;
/** A new life's channel that does not answer yet is asked again this often, for this long after its start. */
const EARLY_ANSWER_RETRY_MS = 250;
const EARLY_ANSWER_WINDOW_MS = 15_000;
/** While a query is in flight, /proc is looked at this often for the daemon's death. */
const DEATH_CHECK_MS = 100;
/** 6.0's `daemon status` is asked every this many ticks. */
const STATUS_EVERY_TICKS = 10;

/**
 * Ticks start every `requested` ms, however long a tick took (a 100-neighbor 4.2 daemon takes
 * ~0.8 s to answer): "every 1s" means one sample per second, not one per 1.8 s. A tick longer
 * than the interval still leaves the daemon a quarter of it to breathe before the next query.
 */
export function delayAfterTick(requested: number, elapsed: number): number {
  if (requested <= 0) return 0;
  return Math.max(requested - elapsed, requested / 4);
}

export class Monitor {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private running: Promise<void> | null = null;
  /** What the next life shares with the one attached (or lost): how its successor is found. */
  private lineage: Lineage | null = null;
  private client: ControlClient | null = null;
  private locating = false;
  private answerTimer: NodeJS.Timeout | null = null;
  /** When the first tick ran: a daemon started later is a life exatop saw begin. */
  private watchingSince: number | null = null;
  private readonly controlSearch = new ControlSearch(() => this.retryControl());
  /** Ask 6.0's `daemon status` at the next poll (first poll of a channel, then every few ticks). */
  private statusDue = false;
  /** The client a poll is in flight on: a new life's client polls even while the old one's query drains. */
  private pollingClient: ControlClient | null = null;
  private failuresInRow = 0;
  private ticks = 0;
  private logMonitor: LogFollower | null = null;
  /** This process polls the life for the others too (it holds the life's lock). */
  private poller: Extract<Joined, { role: 'poller' }> | null = null;
  /** Another exatop process polls this life: its answers arrive on this feed. */
  private follower: FeedFollower | null = null;
  private followerWant = 0;
  /** Whether the poller followed had a query in flight when last heard from (unknown: assume so). */
  private pollerBusy = true;
  /** The next channel opened follows a poller that died between queries: no long settle. */
  private cleanAtStart = false;
  private feedTimer: NodeJS.Timeout | null = null;
  private lastPoll: ControlPoll | null = null;
  /** The last good full answer: what a newcomer on the feed starts from (a summary needs it). */
  private lastFull: ControlPoll | null = null;
  private lastPollStartedAt = 0;
  private locationHow = '';
  /** The polling schedule (README "Polling schedule"): polls made, the last full one, a change seen. */
  private pollCount = 0;
  private lastFullPoll: number | null = null;
  private fullDue = false;
  private detailsOpen = false;
  /** 6.0 single-client socket: polled at most every SINGLE_CLIENT_POLL_MS (0: every tick). */
  private minPollGapMs = 0;
  private lastPollAt = -Infinity;

  private readonly files: FileReader;
  private readonly channels: ControlChannels;
  private readonly logs: LogFollowers;

  constructor(
    private readonly store: Store,
    private target: Target,
    private readonly deps: MonitorDeps,
    private readonly options: MonitorOptions = {},
  ) {
    this.files = deps.files ?? hostFiles;
    this.channels = deps.control ?? hostChannels;
    this.logs = deps.logs ?? hostLogs;
  }

  /** The control client of the attached daemon, if one was found (tests read `sent`). */
  get control(): ControlClient | null {
    return this.client;
  }

  /** Who asks the daemon: this process alone, for others too, or another exatop process. */
  get role(): 'solo' | 'poller' | 'follower' | null {
    if (this.follower) return 'follower';
    if (this.poller) return 'poller';
    return this.client ? 'solo' : null;
  }

  /**
   * The details view of a neighbor is open (or closed): while it is, every poll is a full answer,
   * since it shows fields only the full answer carries (capabilities, families, all counters).
   */
  wantFull(on: boolean): void {
    this.detailsOpen = on;
    // a follower asks its poller for the full answers instead
    this.followerWant = 0;
    this.askFeedFor(this.store.getState().intervalMs);
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.controlSearch.cancel();
    if (this.answerTimer) clearTimeout(this.answerTimer);
    this.answerTimer = null;
    this.deps.cpu.close();
    this.client?.transport.close();
    this.leaveFeed();
    void this.logMonitor?.close();
    this.logMonitor = null;
  }

  /** The user picked one of several daemons. */
  choose(pid: number): void {
    this.target = { kind: 'pid', pid };
    this.lineage = null;
    this.poke();
  }

  /** Run a tick now (after an interval change or a pick) instead of waiting. */
  poke(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.schedule(0);
  }

  /** One tick; exposed so tests and headless commands can drive the loop themselves. */
  async tick(): Promise<number> {
    this.watchingSince ??= this.deps.now();
    const state = this.store.getState();
    if (state.phase === 'attached' && state.daemon) return this.sample(state.daemon.pid, state.daemon.startTicks);
    return this.attach();
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      const started = performance.now();
      this.running = this.tick()
        .catch((error: unknown) => {
          this.store.dispatch({ type: 'none', message: `monitor error: ${error instanceof Error ? error.message : String(error)}` });
          return LOST_RETRY_MS;
        })
        .then((next) => this.schedule(delayAfterTick(next, performance.now() - started)));
    }, delay);
  }

  async settled(): Promise<void> {
    await this.running;
  }

  private async attach(): Promise<number> {
    const { proc } = this.deps;
    // A dead daemon's last words (its traceback) are written as it dies: keep reading.
    const logs = await this.pollLogs();
    if (logs) this.store.dispatch(logs);
    const located = await locateNext(proc, this.target, this.lineage, this.files);
    const hadDaemon = this.store.getState().daemon !== null;
    if (located.status === 'none') {
      this.store.dispatch({ type: 'none', message: located.message });
      this.options.alerting?.observe(this.deps.now());
      // A pid file or a pid is one read to look at again; a /proc scan costs more.
      if (this.target.kind === 'pidfile' || (this.target.kind === 'pid' && !hadDaemon)) return NAMED_RETRY_MS;
      return hadDaemon ? LOST_RETRY_MS : SEARCH_RETRY_MS;
    }
    if (located.status === 'several') {
      this.store.dispatch({ type: 'several', candidates: located.candidates });
      return SEARCH_RETRY_MS;
    }
    const daemon = await describeDaemon(proc, located.daemon, this.files);
    const helpers = await findHelpers(proc, daemon.pid);
    this.lineage = lineageOf(daemon);
    this.controlSearch.cancel();
    this.deps.cpu.forget(daemon.pid);
    const before = this.store.getState().daemon;
    const plannedBy = before && (before.pid !== daemon.pid || before.startTicks !== daemon.startTicks)
      ? await (this.deps.plannedBy ?? announcedBy)(before, this.deps.now()) : null;
    this.store.dispatch({ type: 'attached', daemon, helpers, witnessed: this.watchingSince !== null && daemon.startTime >= this.watchingSince, plannedBy });
    if (daemon.config) {
      const text = await this.files.text(daemon.config);
      if (text !== null) this.store.dispatch({ type: 'configured', neighbors: neighborsFromConfig(text) });
    }
    if (this.options.control !== false) await this.connectControl(daemon, helpers);
    if (this.options.logs !== false) await this.connectLogs(daemon);
    return this.sample(daemon.pid, daemon.startTicks);
  }

  private async connectLogs(daemon: DaemonInfo): Promise<void> {
    this.logMonitor ??= this.logs.open({ now: this.deps.now, sinceMs: this.options.logSinceMs ?? null, backlogLines: this.options.logBacklogLines ?? DEFAULT_BACKLOG_LINES, readToEnd: this.options.logReadToEnd ?? false });
    const envFile = daemon.envFile ? parseEnvFile((await this.files.text(daemon.envFile)) ?? '') : {};
    const found = await this.logs.find(this.deps.proc, daemon, envFile);
    this.logMonitor.configure([...(this.options.logSources ?? []), ...found]);
  }

  private async pollLogs(): Promise<MonitorEvent | null> {
    const update = await this.logMonitor?.poll();
    return update ? { type: 'logs', ...update } : null;
  }

  /** A look for the missing channel (ControlSearch's timer): true when found. Polls at once when it is. */
  private async retryControl(): Promise<boolean> {
    const state = this.store.getState();
    if (this.stopped || this.connected || !state.daemon || state.phase !== 'attached') return true;
    if (this.locating) return false;
    const helpers = await findHelpers(this.deps.proc, state.daemon.pid);
    if (this.store.getState().daemon !== state.daemon) return true;
    await this.connectControl(state.daemon, helpers);
    if (!this.connected) return false;
    this.poke();
    return true;
  }

  private async connectControl(daemon: DaemonInfo, helpers: Helper[]): Promise<void> {
    if (this.locating) return;
    this.locating = true;
    try {
      await this.findControl(daemon, helpers);
    } finally {
      this.locating = false;
    }
    if (this.connected) this.controlSearch.cancel();
    else this.controlSearch.arm();
  }

  private get connected(): boolean {
    return this.client !== null || this.follower !== null;
  }

  private async findControl(daemon: DaemonInfo, helpers: Helper[]): Promise<void> {
    const { proc } = this.deps;
    const uid = (await proc.status(daemon.pid))?.uid ?? null;
    const location = await this.channels.locate({ proc, daemon, helpers, uid, override: this.options.controlPath ?? null });
    this.failuresInRow = 0;
    this.client?.transport.close();
    this.client = null;
    this.leaveFeed();
    if (!location) {
      const error = this.options.controlPath
        ? `--control ${this.options.controlPath}: no named pipe pair or unix socket there`
        : 'control channel not found: no pipe pair or socket in the daemon\'s helpers or the standard folders (use --control PATH)';
      this.store.dispatch({ type: 'control-location', transport: null, path: null, how: null, dialect: null, error });
      return;
    }
    if (!(await this.joinPoller(daemon, location))) return;
    this.statusDue = true;
    let dialect = dialectFor(daemon.version, daemon.environ);
    // the daemon and its helpers hold the pipes; anyone else on them is a client to wait for
    const ownPids = () => {
      const state = this.store.getState();
      return new Set([...(state.daemon ? [state.daemon.pid] : []), ...state.helpers.map((h) => h.pid)]);
    };
    const cleanAtStart = this.cleanAtStart;
    this.cleanAtStart = false;
    const lifeStartedAt = () => this.store.getState().daemon?.startTime ?? null;
    // the daemon's environment wins over its env file, as in ExaBGP
    const envFile = location.kind === 'socket' && daemon.envFile ? parseEnvFile((await this.files.text(daemon.envFile)) ?? '') : {};
    const multiClient = location.kind === 'socket' && socketMultiClient({ ...envFile, ...daemon.environ });
    const client = this.channels.open(location, { dialect, timeoutMs: this.options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS, persistent: multiClient, pipe: { ownPids, cleanAtStart, lifeStartedAt } });
    const path = location.kind === 'socket' ? location.path : client.transport.path;
    this.minPollGapMs = location.kind === 'socket' && !multiClient ? SINGLE_CLIENT_POLL_MS : 0;
    this.pollCount = 0;
    this.lastFullPoll = null;
    this.fullDue = false;
    this.lastFull = null;
    this.locationHow = location.kind === 'socket' ? `${location.how}; ${socketModeNote(multiClient)}` : location.how;
    this.store.dispatch({ type: 'control-location', transport: location.kind, path, how: this.locationHow, dialect, error: null });
    if (!dialect) {
      const reported = await client.askVersion();
      if (reported) {
        const version = makeVersion(reported, 'control channel');
        dialect = dialectFor(version, daemon.environ);
        client.dialect = dialect;
        this.store.dispatch({ type: 'version', version, reactor: deriveReactor(version, daemon.environ), dialect });
      }
    }
    this.client = client;
  }

  /**
   * Takes this life's poller lock, or follows the process that holds it. True when this process is
   * to ask the daemon itself (the poller, or no sharing); false when it follows or is refused.
   */
  private async joinPoller(daemon: DaemonInfo, location: ControlLocation): Promise<boolean> {
    const sharing = this.deps.sharing;
    if (!sharing) return true;
    let joined: Joined;
    try {
      joined = await sharing.join({ pid: daemon.pid, startTicks: daemon.startTicks }, () => this.feedState(location));
    } catch (error) {
      // No private folder for the feed: polling alone is better than not at all, and it is said.
      const why = error instanceof Error ? error.message : String(error);
      this.store.dispatch({ type: 'control-location', transport: location.kind, path: location.kind === 'socket' ? location.path : location.in, how: `${location.how}; not shared with other exatop processes (${why})`, dialect: null, error: null });
      return true;
    }
    const current = this.store.getState().daemon;
    if (this.stopped || !current || current.pid !== daemon.pid || current.startTicks !== daemon.startTicks) {
      this.release(joined);
      return false;
    }
    if (joined.role === 'poller') {
      this.poller = joined;
      joined.feed.onWantsChanged(() => {
        this.armFeedTimer();
        this.sayFollowers();
      });
      return true;
    }
    if (joined.role === 'refused') {
      this.store.dispatch({ type: 'control-location', transport: location.kind, path: null, how: null, dialect: null, error: joined.message });
      return false;
    }
    this.follower = joined.feed;
    this.followerWant = 0;
    this.pollerBusy = true;
    const feed = joined.feed;
    feed.onMessage((message) => this.fromFeed(feed, daemon, message));
    feed.onClose(() => this.feedClosed(feed, daemon));
    this.askFeedFor(this.store.getState().intervalMs);
    return false;
  }

  private feedState(location: ControlLocation): FeedState {
    const state = this.store.getState();
    return {
      transport: location.kind,
      path: state.control.path ?? (location.kind === 'socket' ? location.path : location.in),
      dialect: this.client?.dialect ?? state.control.dialect,
      version: state.daemon?.version?.version ?? null,
      last: this.lastFull ?? this.lastPoll,
      ...(this.lastPoll && this.lastFull && this.lastPoll.t > this.lastFull.t ? { since: this.lastPoll } : {}),
      status: state.control.status,
    };
  }

  private fromFeed(feed: FeedFollower, daemon: DaemonInfo, message: FeedMessage): void {
    const current = this.store.getState().daemon;
    if (this.follower !== feed || !current || current.pid !== daemon.pid || current.startTicks !== daemon.startTicks) return;
    if (message.type === 'poll') {
      this.store.dispatch({ type: 'control-poll', poll: message.poll });
      return;
    }
    if (message.type === 'status') {
      this.store.dispatchAll(this.statusEvents(message.status));
      return;
    }
    if (message.type === 'busy') {
      this.pollerBusy = message.busy;
      return;
    }
    const events: MonitorEvent[] = [{
      type: 'control-location', transport: message.transport, path: message.path, dialect: message.dialect, error: null,
      how: `polled by exatop pid ${message.poller.pid} (${message.poller.command}); this process asks the daemon nothing`, polledBy: message.poller.pid,
    }];
    if (!current.version && message.version) {
      const version = makeVersion(message.version, 'control channel');
      events.push({ type: 'version', version, reactor: deriveReactor(version, current.environ), dialect: message.dialect });
    }
    if (message.last) events.push({ type: 'control-poll', poll: message.last });
    if (message.since) events.push({ type: 'control-poll', poll: message.since });
    if (message.status) events.push(...this.statusEvents(message.status));
    this.store.dispatchAll(events);
  }

  /** The poller went away (exited, killed): one of its followers takes the lock at once. */
  private feedClosed(feed: FeedFollower, daemon: DaemonInfo): void {
    if (this.follower !== feed) return;
    this.follower = null;
    this.cleanAtStart = !this.pollerBusy;
    const state = this.store.getState();
    if (this.stopped || state.daemon?.pid !== daemon.pid || state.daemon.startTicks !== daemon.startTicks) return;
    void this.connectControl(state.daemon, state.helpers).then(() => {
      if (this.client) this.poke();
    });
  }

  /** The control line says how many other exatop processes this one polls for. */
  private sayFollowers(): void {
    const { control } = this.store.getState();
    if (!this.poller || !this.client || control.error) return;
    const n = this.poller.feed.followers;
    const how = n ? `${this.locationHow}; polled here for ${n} other exatop process${n === 1 ? '' : 'es'} too` : this.locationHow;
    if (how !== control.how) this.store.dispatch({ type: 'control-location', transport: control.transport, path: control.path, how, dialect: control.dialect, error: null });
  }

  /** Followers ask for polls as often as they sample (a capture: every 50 ms). */
  private askFeedFor(intervalMs: number): void {
    if (!this.follower || this.followerWant === intervalMs) return;
    this.followerWant = intervalMs;
    this.follower.want(intervalMs, this.detailsOpen);
  }

  /**
   * While followers want polls, the poller polls at least as often as the most demanding one asks,
   * whether or not its own ticks run (a paused TUI still serves a recording).
   */
  private armFeedTimer(): void {
    if (this.feedTimer) clearInterval(this.feedTimer);
    this.feedTimer = null;
    const wanted = this.poller?.feed.wantedIntervals() ?? [];
    if (wanted.length === 0) return;
    const every = Math.min(...wanted);
    this.feedTimer = setInterval(() => {
      if (this.stopped || !this.poller || this.pollingClient || performance.now() - this.lastPollStartedAt < every * 0.9) return;
      void this.pollControl().then((events) => this.store.dispatchAll(events), () => undefined);
    }, every);
    this.feedTimer.unref?.();
  }

  private release(joined: Joined): void {
    if (joined.role === 'poller') {
      joined.feed.close();
      joined.lease.release();
    } else if (joined.role === 'follower') {
      joined.feed.close();
    }
  }

  /** Gives up this life's lock or feed (the life ended, the channel moved, exatop stops). */
  private leaveFeed(): void {
    if (this.feedTimer) clearInterval(this.feedTimer);
    this.feedTimer = null;
    if (this.poller) this.release(this.poller);
    this.poller = null;
    const follower = this.follower;
    this.follower = null;
    follower?.close();
    this.lastPoll = null;
    this.lastFull = null;
  }

  /** The tick's control-channel events, handed back so the tick commits them all at once. */
  private async pollControl(): Promise<MonitorEvent[]> {
    const client = this.client;
    const events: MonitorEvent[] = [];
    if (!client || this.pollingClient === client) return events;
    if (this.singleClientWait()) return events;
    this.pollingClient = client;
    try {
      this.lastPollStartedAt = performance.now();
      this.poller?.feed.publish({ type: 'busy', busy: true });
      this.lastPollAt = this.deps.now();
      const tick = ++this.pollCount;
      const query = nextQuery({ hasSummary: client.command('summary') !== null, lastFullTick: this.lastFullPoll, fullDue: this.fullDue, wantFull: this.detailsOpen || this.poller?.feed.wantsFull === true, fullEvery: FULL_EVERY_TICKS }, tick);
      const poll = query === 'full' ? await client.pollNeighbors(this.deps.now) : await client.pollSummary(this.deps.now);
      if (this.client !== client) return events;
      this.noteSchedule(poll, tick);
      events.push({ type: 'control-poll', poll });
      this.lastPoll = poll;
      if (poll.ok && poll.neighbors) this.lastFull = poll;
      this.poller?.feed.publish({ type: 'poll', poll });
      // waiting for another client or for a late answer is no sign the channel moved
      const waited = poll.failure === 'foreign' || poll.failure === 'busy';
      this.failuresInRow = poll.ok ? 0 : waited ? this.failuresInRow : this.failuresInRow + 1;
      if (!poll.ok && !waited) this.askAgainSoon(client);
      // read to its end: nothing of it can still come out of the pipe (a timeout is read on)
      let answered = poll.ok;
      if (client.command('status') && (this.statusDue || this.ticks % STATUS_EVERY_TICKS === 0)) {
        this.statusDue = false;
        const status = await client.pollStatus();
        answered &&= status !== null;
        if (status && this.client === client) {
          events.push(...this.statusEvents(status));
          this.poller?.feed.publish({ type: 'status', status });
        }
      }
      if (answered) this.poller?.feed.publish({ type: 'busy', busy: false });
      const state = this.store.getState();
      if (this.failuresInRow >= RELOCATE_AFTER_FAILURES && state.daemon) {
        this.store.dispatchAll(events.splice(0));
        await this.connectControl(state.daemon, state.helpers);
      }
      return events;
    } finally {
      if (this.pollingClient === client) this.pollingClient = null;
    }
  }

  /** What the next poll asks: after a full answer the small one; after a change the full one. */
  private noteSchedule(poll: ControlPoll, tick: number): void {
    if (poll.ok && poll.neighbors) {
      this.lastFullPoll = tick;
      this.fullDue = false;
    } else if (poll.ok && poll.summary) {
      const state = this.store.getState();
      this.fullDue = summaryChange(state.neighbors, poll.summary, state.configured.map((n) => n.address)) !== null;
    } else if (!poll.ok) {
      this.fullDue = true;
    }
  }

  /**
   * 6.0's single-client socket is asked at most every SINGLE_CLIENT_POLL_MS while it answers,
   * unless a capture asks for establishment-run polls (100 ms or faster) through the feed.
   */
  private singleClientWait(): boolean {
    if (this.minPollGapMs === 0 || this.store.getState().control.ok !== true) return false;
    const fast = (this.poller?.feed.wantedIntervals() ?? []).some((ms) => ms <= 100);
    return !fast && this.deps.now() - this.lastPollAt < this.minPollGapMs;
  }

  /**
   * A channel found but not answering yet (a new daemon's helper has not opened its pipe, or its
   * reactor is not reading yet) is asked again every 250 ms, for the first seconds of a life that
   * has not answered once: neighbors then show within a quarter second of it answering instead of
   * an interval later. Only the control poll runs; vitals keep their interval.
   */
  private askAgainSoon(client: ControlClient): void {
    const state = this.store.getState();
    const young = state.daemon !== null && this.deps.now() - state.daemon.startTime < EARLY_ANSWER_WINDOW_MS;
    if (this.stopped || this.answerTimer || state.control.lastOkAt !== null || !young) return;
    this.answerTimer = setTimeout(() => {
      this.answerTimer = null;
      if (this.stopped || this.client !== client || this.store.getState().paused) return;
      void this.pollControl().then((events) => this.store.dispatchAll(events), () => undefined);
    }, EARLY_ANSWER_RETRY_MS);
    this.answerTimer.unref?.();
  }

  /** 6.0's own word on the life: its uuid joins the identity, its exact version wins over install files. */
  private statusEvents(status: DaemonStatusReport): MonitorEvent[] {
    const events: MonitorEvent[] = [{ type: 'daemon-status', status }];
    const daemon = this.store.getState().daemon;
    if (daemon && status.pid === daemon.pid && status.version && status.version !== daemon.version?.version) {
      const version = makeVersion(status.version, 'daemon status');
      events.push({ type: 'version', version, reactor: deriveReactor(version, daemon.environ), dialect: this.client?.dialect ?? this.store.getState().control.dialect });
    }
    return events;
  }

  /**
   * A query to a daemon that dies meanwhile is not waited for (its pipe never ends: exatop holds
   * `.out` open): the tick goes on as soon as /proc says the life is over, so a short successor
   * life is not missed while the query times out. Its answer, if any, is dropped with its client.
   */
  private async unlessGone<T>(work: Promise<T>, pid: number, startTicks: number, gone: T): Promise<T> {
    let settled = false;
    const watch = async (): Promise<T> => {
      while (!settled) {
        await new Promise<void>((resolve) => setTimeout(resolve, DEATH_CHECK_MS).unref?.());
        if (settled) break;
        const stat = await this.deps.proc.stat(pid);
        if (!stat || stat.startTicks !== startTicks || stat.state === 'Z') return gone;
      }
      return gone; // the work won the race; this value is never used
    };
    try {
      return await Promise.race([work, watch()]);
    } finally {
      settled = true;
    }
  }

  private async sample(pid: number, startTicks: number): Promise<number> {
    const { proc, cpu, now } = this.deps;
    const stat = await proc.stat(pid);
    if (!stat || stat.startTicks !== startTicks || stat.state === 'Z') {
      this.client?.transport.close();
      this.client = null;
      this.leaveFeed();
      this.controlSearch.cancel();
      // Lines read from now on are the successor's (or the last words of this one): never folded
      // into this life's entries, and so listed at once.
      this.logMonitor?.newLife();
      this.store.dispatch({ type: 'lost', t: now(), reason: `daemon pid ${pid} is gone; waiting for its successor (same configuration, same pid file)` });
      return 0;
    }
    // Children are listed every tick, but only a changed list is inspected (cmdline, environ).
    const previous = this.store.getState().helpers;
    const children = await proc.children(pid);
    let helpers = previous;
    const events: MonitorEvent[] = [];
    if (children.join() !== previous.map((h) => h.pid).join()) {
      helpers = await findHelpers(proc, pid);
      events.push({ type: 'helpers', helpers });
    }
    const sampling = !this.store.getState().paused;
    this.askFeedFor(this.store.getState().intervalMs);
    if (sampling) {
      this.ticks++;
      const [sample, control, logs] = await Promise.all([
        sampleVitals(proc, pid, helpers.map((h) => h.pid), cpu, now),
        this.unlessGone(this.pollControl(), pid, startTicks, []),
        this.pollLogs(),
      ]);
      if (logs) events.push(logs);
      events.push(...control);
      if (sample) events.push({ type: 'sample', sample });
    }
    this.store.dispatchAll(events);
    if (sampling) this.options.alerting?.observe(now());
    return this.store.getState().intervalMs;
  }
}
