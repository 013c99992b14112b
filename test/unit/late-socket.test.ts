// ExaBGP 6.0-dev's socket helper creates its socket 0.5–2 s after the daemon starts: exatop has
// attached by then. A /proc tree and the socket's answers captured from a real 6.0-dev daemon
// (fixtures/v6.0-dev-lives); the socket is created by the test only after the monitor attached.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProcFs } from '../../src/io/procfs.js';
import { alertConfigSchema } from '../../src/core/alerts/config.js';
import { initialState } from '../../src/core/model/state.js';
import { Store } from '../../src/core/store.js';
import { Alerting } from '../../src/session/alerting.js';
import { Monitor, type MonitorDeps } from '../../src/session/monitor.js';
import { hostChannels } from '../../src/session/monitor-deps.js';
import { hostFiles, type FileReader } from '../../src/io/files.js';
import type { CpuMeter } from '../../src/io/vitals.js';
import { until } from '../support/lab.js';

const FIX = new URL('../../fixtures/v6.0-dev-lives/', import.meta.url);
const read = (name: string) => readFile(new URL(name, FIX));
const DAEMON = 12716;
const HELPER = 12777;
const BOOT_TIME = 1796354829;
const ANSWERS: Record<string, string> = {
  'system version': 'socket-system-version.raw',
  'daemon status': 'socket-daemon-status.raw',
  'peer show': 'socket-peer-show.raw',
  'session ping': 'socket-session-ping.raw',
};

const noCpu: CpuMeter = { percent: async () => null, forget: () => undefined, close: () => undefined };

let dir: string;
let server: Server | null = null;
let monitor: Monitor | null = null;

/** The captured /proc of daemon and socket helper, its environ pointing the socket into `dir`, and as a pip
 * install into a venv would look: no launcher's exabgp_version, the venv's dist-info saying 6.0.0. */
async function procTree(): Promise<{ proc: ProcFs; socketPath: string }> {
  const socketPath = join(dir, 'run', 'exabgp.sock');
  const venv = join(dir, 'venv');
  await mkdir(join(dir, 'run'));
  await mkdir(join(venv, 'lib', 'python3.12', 'site-packages', 'exabgp-6.0.0.dist-info'), { recursive: true });
  const root = join(dir, 'proc');
  for (const [pid, prefix] of [[DAEMON, 'proc-daemon'], [HELPER, 'proc-helper-socket']] as const) {
    await mkdir(join(root, String(pid), 'task', String(pid)), { recursive: true });
    for (const name of ['stat', 'status', 'cmdline', 'limits', 'comm']) await writeFile(join(root, String(pid), name), await read(`${prefix}-${name}`));
    const environ = (await read(`${prefix}-environ`)).toString('utf8').split('\0').filter(Boolean)
      .filter((e) => !e.startsWith('exabgp_version=') && !e.startsWith('EXABGP_ROOT='))
      .map((e) => (e.startsWith('exabgp_api_socketpath=') ? `exabgp_api_socketpath=${socketPath}` : e));
    environ.push(`VIRTUAL_ENV=${venv}`);
    await writeFile(join(root, String(pid), 'environ'), environ.map((e) => `${e}\0`).join(''));
    await writeFile(join(root, String(pid), 'task', String(pid), 'children'), pid === DAEMON ? `${HELPER} ` : '');
  }
  await writeFile(join(root, 'stat'), `btime ${BOOT_TIME}\n`);
  return { proc: new ProcFs(root), socketPath };
}

/** The daemon's socket, answering each command with the bytes the real one gave. */
async function serveCaptures(path: string): Promise<Server> {
  const answers = Object.fromEntries(await Promise.all(Object.entries(ANSWERS).map(async ([cmd, file]) => [cmd, await read(file)] as const)));
  const s = createServer((conn) => {
    let buffered = '';
    conn.on('data', (chunk) => {
      buffered += chunk.toString('utf8');
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const command = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        conn.write(answers[command] ?? 'error\n');
      }
    });
    conn.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => s.listen(path, resolve));
  return s;
}

/**
 * What the monitor reads besides /proc, kept to the test's folder: the captured argv names the
 * daemon's program and config at the paths of the capture machine, which are not read here; the
 * channel is looked for only once the socket exists (before that, the real search would also try
 * the host's /run folders).
 */
function hermetic(proc: ProcFs, socketPath: string): MonitorDeps {
  const inDir = (path: string) => path.startsWith(`${dir}/`);
  const files: FileReader = { text: (path) => (inDir(path) ? hostFiles.text(path) : Promise.resolve(null)), list: (path) => (inDir(path) ? hostFiles.list(path) : Promise.resolve([])) };
  return {
    proc, cpu: noCpu, now: Date.now, files, plannedBy: async () => null,
    control: { ...hostChannels, locate: async (request) => (server?.listening && request.daemon.environ['exabgp_api_socketpath'] === socketPath ? hostChannels.locate(request) : null) },
  };
}

/** A monitor attached to the captured daemon (no log, no alerts), before any socket exists. */
async function attachedMonitor(): Promise<{ store: Store; socketPath: string }> {
  const { proc, socketPath } = await procTree();
  const store = new Store(initialState({ intervalMs: 1000 }));
  monitor = new Monitor(store, { kind: 'pid', pid: DAEMON }, hermetic(proc, socketPath), { logs: false });
  monitor.start();
  await until('attached', async () => store.getState().phase === 'attached', 5000, 20);
  return { store, socketPath };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'exatop-late-socket-'));
});

afterEach(async () => {
  monitor?.stop();
  monitor = null;
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
  server = null;
  await rm(dir, { recursive: true, force: true });
});

describe('a 6.0-dev socket created after exatop attached', () => {
  it('is found by looking again, and its neighbors are shown within 2 s of it appearing', async () => {
    const { store, socketPath } = await attachedMonitor();
    await until('the channel reported missing', async () => store.getState().control.error?.includes('control channel not found'), 5000, 20);
    // Several looks fail first (the backoff runs), then the socket appears.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(store.getState().neighbors).toEqual([]);
    server = await serveCaptures(socketPath);
    const appeared = Date.now();
    await until('neighbors', async () => store.getState().neighbors.length === 2, 5000, 10);
    expect(Date.now() - appeared).toBeLessThan(2000);
    const state = store.getState();
    expect(state.control).toMatchObject({ transport: 'socket', path: socketPath, error: null });
    // the captured daemon runs the default single-client socket: the control line says so and what to do
    expect(state.control.how).toMatch(/^environ exabgp_api_socketpath; single-client socket: .*exabgp_api_multi_client=true/);
    expect(state.neighbors.map((n) => [n.address, n.fsm])).toEqual([['127.0.147.2', 'ESTABLISHED'], ['127.0.147.4', 'IDLE']]);
  });

  it('`daemon status` gives the version (over the venv\'s dist-info) and the uuid joins the identity', async () => {
    const { store, socketPath } = await attachedMonitor();
    expect(store.getState().daemon?.version).toMatchObject({ version: '6.0.0', source: expect.stringContaining('exabgp-6.0.0.dist-info') });
    expect(store.getState().daemon?.own).toBeNull();
    server = await serveCaptures(socketPath);
    await until('daemon status used', async () => store.getState().daemon?.own, 5000, 20);
    const daemon = store.getState().daemon!;
    expect(daemon.version).toEqual({ version: '6.0.0-20261204+main-4460078e00', line: '6.0', source: 'daemon status' });
    expect(daemon.own).toEqual({ uuid: '6ab11c2b-2131-4509-a336-0fccb18886cd', startedAt: 1796355393617 });
    expect({ pid: daemon.pid, startTicks: daemon.startTicks }).toEqual({ pid: DAEMON, startTicks: 56275 });
    expect(daemon.reactor.mode).toBe('asyncio');
  });

  it('raises the control alert while the socket stays missing past the rule\'s delay, and ends it once found', async () => {
    const { proc, socketPath } = await procTree();
    const store = new Store(initialState({ intervalMs: 250 }));
    const config = alertConfigSchema.parse({ rules: { control: { minDurationMs: 1000 } } });
    const alerting = new Alerting(store, config, null);
    monitor = new Monitor(store, { kind: 'pid', pid: DAEMON }, hermetic(proc, socketPath), { logs: false, alerting });
    monitor.start();
    const fired = await until('the control alert', async () => store.getState().alerts.active.find((a) => a.id === 'control:missing'), 5000, 20);
    expect(fired.message).toMatch(/^control channel not found.*still looking$/);
    server = await serveCaptures(socketPath);
    await until('the alert ended', async () => store.getState().alerts.events.find((a) => a.id === 'control:missing' && a.end !== null), 5000, 20);
    expect(store.getState().alerts.active.map((a) => a.id)).not.toContain('control:missing');
  });
});
