// The 6.0 unix socket: one connection per query and closed at once, because the daemon serves
// a single client at a time and a monitor holding the socket would lock the operator's CLI out.
import { statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { collect } from './collector.js';
import { describeOwner, type QueryOutcome, type Transport } from '../../core/control/transport.js';

/** How long a content-free answer waits for the real one behind a stray terminator. */
export const STRAY_GRACE_MS = 30;

export class SocketTransport implements Transport {
  readonly kind = 'socket' as const;
  private busy: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {}

  query(command: string, timeoutMs: number): Promise<QueryOutcome> {
    const run = this.busy.then(() => this.queryNow(command, timeoutMs));
    this.busy = run.catch(() => undefined);
    return run;
  }

  close(): void {}

  private queryNow(command: string, timeoutMs: number): Promise<QueryOutcome> {
    const started = Date.now();
    return new Promise((resolve) => {
      const socket = createConnection(this.path);
      const fail = (kind: 'missing' | 'permission' | 'no-daemon' | 'io', message: string) => {
        socket.destroy();
        resolve({ ok: false, failure: { kind, message, partial: '' }, latencyMs: Date.now() - started });
      };
      const onConnectError = (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return fail('missing', `${this.path} does not exist: is the daemon running with its unix socket enabled?`);
        if (error.code === 'ECONNREFUSED') return fail('no-daemon', `nobody accepts on ${this.path} (ECONNREFUSED): the daemon is gone and left its socket behind`);
        if (error.code === 'EACCES' || error.code === 'EPERM') {
          let owner = this.path;
          try {
            const st = statSync(this.path);
            owner = describeOwner(this.path, st.uid, st.gid, st.mode);
          } catch {
            // keep the bare path
          }
          return fail('permission', `permission denied on ${owner}`);
        }
        return fail('io', `${this.path}: ${error.code ?? error.message}`);
      };
      socket.once('error', onConnectError);
      socket.once('connect', () => {
        socket.off('error', onConnectError);
        socket.on('error', () => undefined);
        // no coalescing: the answer is one line in a few writes (see collect)
        const answer = collect(socket, timeoutMs, STRAY_GRACE_MS, false);
        socket.write(`${command}\n`);
        void answer.then((result) => {
          socket.destroy();
          const latencyMs = Date.now() - started;
          if (result.complete) resolve({ ok: true, raw: result.text, latencyMs });
          else resolve({ ok: false, failure: { kind: result.reason === 'timeout' ? 'timeout' : 'closed', message: result.reason === 'timeout' ? `no complete answer to "${command}" within ${timeoutMs} ms` : `the socket closed before the answer to "${command}" ended`, partial: result.text }, latencyMs });
        });
      });
    });
  }
}
