// The 6.0 socket transport (src/io/control/socket.ts) against a local unix socket server started
// here, answering each command line with the bytes a real 6.0-dev daemon gave for it
// (fixtures/v6.0-dev*, README there): one connection kept in multi-client mode, one per query
// otherwise, and a kept connection never hands a late answer to the next query.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture } from '../support/fixtures.js';
import { answerText } from '../../src/core/control/framing.js';
import { SocketTransport } from '../../src/io/control/socket.js';

const ANSWERS: Record<string, string> = {
  'peer list': fixture('v6.0-dev-socket-2026-12/3est-socket-peer-list.raw'),
  'peer show': fixture('v6.0-dev-socket-2026-12/3est-socket-peer-show.raw'),
  'system version': fixture('v6.0-dev-socket-2026-12/3est-socket-system-version.raw'),
};

/** Speaks 6.0's framing: one command a line, its answer then `done` (fixtures end with it). */
class FakeDaemon {
  readonly connections: Socket[] = [];
  readonly commands: string[] = [];
  /** Milliseconds to wait before answering a command (a slow daemon). */
  delay: Record<string, number> = {};
  private server: Server | null = null;

  async listen(path: string): Promise<void> {
    this.server = createServer((socket) => {
      this.connections.push(socket);
      let buffered = '';
      socket.on('data', (chunk) => {
        buffered += chunk.toString('utf8');
        for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
          const command = buffered.slice(0, end);
          buffered = buffered.slice(end + 1);
          this.commands.push(command);
          const reply = () => socket.destroyed || socket.write(ANSWERS[command] ?? 'error\n');
          const wait = this.delay[command] ?? 0;
          if (wait > 0) setTimeout(reply, wait);
          else reply();
        }
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => this.server!.listen(path, resolve));
  }

  async close(): Promise<void> {
    for (const socket of this.connections) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

let dir: string;
let daemon: FakeDaemon;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'exatop-socket-'));
  path = join(dir, 'exabgp.sock');
  daemon = new FakeDaemon();
  await daemon.listen(path);
});

afterEach(async () => {
  await daemon.close();
  await rm(dir, { recursive: true, force: true });
});

describe('SocketTransport', () => {
  it('multi-client mode: every query on one kept connection, each answer its own', async () => {
    const transport = new SocketTransport(path, { persistent: true });
    const asked = ['peer list', 'peer show', 'peer list', 'system version', 'peer list'];
    for (const command of asked) {
      const outcome = await transport.query(command, 2000);
      expect(outcome.ok, command).toBe(true);
      if (outcome.ok) expect(answerText(outcome.raw), command).toBe(answerText(ANSWERS[command]!));
    }
    expect(daemon.commands).toEqual(asked);
    expect(daemon.connections).toHaveLength(1);
    expect(transport.connections).toBe(1);
    expect(daemon.connections[0]!.destroyed).toBe(false);
    transport.close();
  });

  it('single-client mode (the default): one connection per query, closed after its answer', async () => {
    const transport = new SocketTransport(path);
    for (const command of ['peer list', 'peer list', 'peer show']) expect((await transport.query(command, 2000)).ok).toBe(true);
    expect(daemon.connections).toHaveLength(3);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(daemon.connections.every((s) => s.destroyed || s.readableEnded)).toBe(true);
  });

  it('a kept connection whose answer timed out is dropped: the next query gets its own answer, not the late one', async () => {
    const transport = new SocketTransport(path, { persistent: true });
    daemon.delay['peer show'] = 300;
    const late = await transport.query('peer show', 100);
    expect(late).toMatchObject({ ok: false, failure: { kind: 'timeout' } });
    const next = await transport.query('peer list', 2000);
    expect(next.ok).toBe(true);
    if (next.ok) expect(answerText(next.raw)).toBe(answerText(ANSWERS['peer list']!));
    await new Promise((resolve) => setTimeout(resolve, 350));
    const after = await transport.query('peer list', 2000);
    if (after.ok) expect(answerText(after.raw)).toBe(answerText(ANSWERS['peer list']!));
    expect(daemon.connections).toHaveLength(2);
    transport.close();
  });

  it('a kept connection the daemon closed (a restart) is opened again at the next query', async () => {
    const transport = new SocketTransport(path, { persistent: true });
    expect((await transport.query('peer list', 2000)).ok).toBe(true);
    daemon.connections[0]!.destroy();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await transport.query('peer list', 2000)).ok).toBe(true);
    expect(daemon.connections).toHaveLength(2);
    transport.close();
  });
});
