// The poller's feed: a unix socket (mode 0600 in a 0700 folder) that sends each follower every
// control-channel answer the poller got, one JSON line each, and hears how often they want one.
import { chmod, lstat, unlink } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { parseFeedLine, parseWantLine, type FeedHello, type FeedMessage } from '../../core/poller/feed-protocol.js';

/** A follower that stops reading is dropped past this much unsent data, never waited for. */
const MAX_UNSENT_BYTES = 8 * 1024 * 1024;
/** Longest line a follower accepts (a 1,000-neighbor poll is ~1 MB). */
const MAX_LINE_BYTES = 32 * 1024 * 1024;

function lines(socket: Socket, onLine: (line: string) => void): void {
  let pending = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    pending += chunk;
    if (pending.length > MAX_LINE_BYTES) {
      socket.destroy();
      return;
    }
    let end: number;
    while ((end = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      if (line) onLine(line);
    }
  });
}

export class FeedServer {
  private readonly wants = new Map<Socket, number>();
  private readonly fullWanted = new Set<Socket>();
  private changed: () => void = () => undefined;

  private constructor(
    private readonly server: Server,
    readonly path: string,
    private readonly hello: () => FeedHello,
  ) {
    server.on('connection', (socket) => this.welcome(socket));
  }

  /** Listens at `path` (a file of a previous process of ours is replaced), mode 0600. */
  static async open(path: string, hello: () => FeedHello): Promise<FeedServer> {
    await unlink(path).catch(() => undefined);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.unref();
    await chmod(path, 0o600);
    return new FeedServer(server, path, hello);
  }

  /** Called when a follower comes, goes or asks for another rate. */
  onWantsChanged(listener: () => void): void {
    this.changed = listener;
  }

  get followers(): number {
    return this.wants.size;
  }

  wantedIntervals(): number[] {
    return [...this.wants.values()].filter((ms) => ms > 0);
  }

  /** A follower's details view is open: every poll should be the full answer. */
  get wantsFull(): boolean {
    return this.fullWanted.size > 0;
  }

  publish(message: FeedMessage): void {
    if (this.wants.size === 0) return;
    const line = `${JSON.stringify(message)}\n`;
    for (const socket of this.wants.keys()) {
      if (socket.writableLength > MAX_UNSENT_BYTES) socket.destroy();
      else socket.write(line);
    }
  }

  close(): void {
    for (const socket of this.wants.keys()) socket.destroy();
    this.wants.clear();
    this.fullWanted.clear();
    this.server.close();
    void unlink(this.path).catch(() => undefined);
  }

  private welcome(socket: Socket): void {
    this.wants.set(socket, 0);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.wants.delete(socket);
      this.fullWanted.delete(socket);
      this.changed();
    });
    lines(socket, (line) => {
      const want = parseWantLine(line);
      if (!want) return;
      this.wants.set(socket, want.intervalMs);
      if (want.full) this.fullWanted.add(socket);
      else this.fullWanted.delete(socket);
      this.changed();
    });
    socket.write(`${JSON.stringify(this.hello())}\n`);
    this.changed();
  }
}

export type FeedConnectError = { code: 'missing' | 'refused' | 'permission' | 'not-ours' | 'io'; message: string };

export class FeedFollower {
  private readonly early: FeedMessage[] = [];
  private listener: (message: FeedMessage) => void = (message) => this.early.push(message);
  private closedListener: () => void = () => undefined;
  private closed = false;

  private constructor(private readonly socket: Socket, readonly path: string) {
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      this.closedListener();
    });
    lines(socket, (line) => {
      const message = parseFeedLine(line);
      if (message) this.listener(message);
    });
  }

  /** Connects to a feed file that must be a socket of this user (`uid`). */
  static async connect(path: string, uid: number): Promise<FeedFollower | FeedConnectError> {
    try {
      const st = await lstat(path);
      if (!st.isSocket() || st.uid !== uid) return { code: 'not-ours', message: `${path} is not a socket of uid ${uid}` };
    } catch {
      return { code: 'missing', message: `${path} does not exist` };
    }
    return new Promise((resolve) => {
      const socket = connect(path);
      socket.once('connect', () => {
        socket.removeAllListeners('error');
        socket.unref();
        resolve(new FeedFollower(socket, path));
      });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        const code = error.code === 'ECONNREFUSED' ? 'refused' : error.code === 'EACCES' ? 'permission' : error.code === 'ENOENT' ? 'missing' : 'io';
        resolve({ code, message: `${path}: ${error.message}` });
      });
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Messages that came before a listener was set are handed to it first. */
  onMessage(listener: (message: FeedMessage) => void): void {
    this.listener = listener;
    for (const message of this.early.splice(0)) listener(message);
  }

  onClose(listener: () => void): void {
    this.closedListener = listener;
    if (this.closed) listener();
  }

  want(intervalMs: number, full = false): void {
    const want = { type: 'want', intervalMs: Math.max(10, Math.round(intervalMs)), ...(full ? { full } : {}) };
    if (!this.closed) this.socket.write(`${JSON.stringify(want)}\n`);
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }
}
