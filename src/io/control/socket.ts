// The 6.0 unix socket. By default the daemon serves a single client at a time and a monitor
// holding the socket would lock the operator's CLI out: one connection per query, closed at once.
// With `exabgp_api_multi_client=true` it serves several: then one connection is kept open and
// every query goes down it (no `bye` per poll, nothing logged for connecting), README "6.0's socket".
import { statSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { collect } from './collector.js';
import { describeOwner, type QueryOutcome, type Transport } from '../../core/control/transport.js';

/** How long a content-free answer waits for the real one behind a stray terminator. */
export const STRAY_GRACE_MS = 30;

export interface SocketOptions {
  /** Keep one connection open across queries (the daemon runs in multi-client mode). */
  persistent?: boolean;
}

type Connected = { ok: true; socket: Socket } | { ok: false; outcome: QueryOutcome };

export class SocketTransport implements Transport {
  readonly kind = 'socket' as const;
  private busy: Promise<unknown> = Promise.resolve();
  private open: Socket | null = null;
  /** Connections made so far (tests and the bench read it: one in multi-client mode). */
  connections = 0;

  constructor(readonly path: string, private readonly options: SocketOptions = {}) {}

  get persistent(): boolean {
    return this.options.persistent === true;
  }

  query(command: string, timeoutMs: number): Promise<QueryOutcome> {
    const run = this.busy.then(() => this.queryNow(command, timeoutMs));
    this.busy = run.catch(() => undefined);
    return run;
  }

  close(): void {
    this.open?.destroy();
    this.open = null;
  }

  private connect(started: number): Promise<Connected> {
    return new Promise((resolve) => {
      const socket = createConnection(this.path);
      const fail = (kind: 'missing' | 'permission' | 'no-daemon' | 'io', message: string) => {
        socket.destroy();
        resolve({ ok: false, outcome: { ok: false, failure: { kind, message, partial: '' }, latencyMs: Date.now() - started } });
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
        this.connections++;
        resolve({ ok: true, socket });
      });
    });
  }

  private async queryNow(command: string, timeoutMs: number): Promise<QueryOutcome> {
    const started = Date.now();
    let socket = this.persistent && this.open && !this.open.destroyed ? this.open : null;
    if (!socket) {
      const connected = await this.connect(started);
      if (!connected.ok) return connected.outcome;
      socket = connected.socket;
      if (this.persistent) {
        this.open = socket;
        const kept = socket;
        socket.once('close', () => {
          if (this.open === kept) this.open = null;
        });
      }
    }
    // no coalescing: the answer is one line in a few writes (see collect)
    const answer = collect(socket, Math.max(1, timeoutMs - (Date.now() - started)), STRAY_GRACE_MS, false);
    socket.write(`${command}\n`);
    const result = await answer;
    // A kept connection is closed after an answer that did not end: what is left of it must not be
    // read as the next one's (issue #11, "no query is ever abandoned").
    if (!this.persistent || !result.complete) {
      socket.destroy();
      if (this.open === socket) this.open = null;
    }
    const latencyMs = Date.now() - started;
    if (result.complete) return { ok: true, raw: result.text, latencyMs };
    return { ok: false, failure: { kind: result.reason === 'timeout' ? 'timeout' : 'closed', message: result.reason === 'timeout' ? `no complete answer to "${command}" within ${timeoutMs} ms` : `the socket closed before the answer to "${command}" ended`, partial: result.text }, latencyMs };
  }
}
