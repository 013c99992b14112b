// The poller lock of a daemon life: an abstract unix socket (Linux). Binding it is exclusive and
// the kernel frees it when its holder dies, kill -9 included, so no stale lock file is ever left.
// Whoever connects to it is told who holds it and where its feed is, then the connection ends.
import { connect, createServer, type Server } from 'node:net';
import { holderLine, parseHolderNote, type HolderNote } from '../../core/poller/feed-protocol.js';

export class PollerLease {
  constructor(private readonly server: Server) {}

  release(): void {
    this.server.close();
  }
}

/** The lease when nobody held the lock, null when someone does. */
export function tryLock(name: string, note: HolderNote): Promise<PollerLease | null> {
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.end(holderLine(note));
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(null);
      else reject(error);
    });
    server.listen(name, () => {
      server.unref();
      resolve(new PollerLease(server));
    });
  });
}

/** Who holds the lock, or null when nobody does any more (or it answered nothing usable). */
export function askHolder(name: string, timeoutMs = 1000): Promise<HolderNote | null> {
  return new Promise((resolve) => {
    const socket = connect(name);
    let text = '';
    const done = (note: HolderNote | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(note);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > 64 * 1024) done(null);
    });
    socket.on('end', () => done(parseHolderNote(text.trim())));
    socket.on('error', () => done(null));
  });
}
