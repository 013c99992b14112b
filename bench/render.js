// Render time of the TUI with 1,000 neighbors, and with a log storm (a 'logs' event of 2,000
// entries): the App from the bundle bin/exatop.js runs (dist/bundle/render-kit.js, with its
// patched Ink) rendered into a fake 160×50 terminal, fed through the real Store/reducer. Each
// figure is performance.now() (and the process's CPU time) around one store.dispatchAll() of a
// monitor tick's events: Ink in debug mode renders synchronously on every commit (no maxFps
// throttle), so it covers reduce + React + layout + the frame string. That a frame was really
// written for each dispatch is checked (frames counted) and reported.
//
//   node --expose-gc bench/render.js [--polls 200] [--neighbors 1000] [--entries 2000]
// Prints one JSON document on stdout.
import { EventEmitter } from 'node:events';
import { totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
// the bundle, as bin/exatop.js runs it: its Ink has the bounded text caches
import { App, createElement, initialState, reduce, render, Store, themeFor } from '../dist/bundle/render-kit.js';
import { summary } from './lib/proc.js';

const { values } = parseArgs({ options: { polls: { type: 'string' }, neighbors: { type: 'string' }, entries: { type: 'string' }, columns: { type: 'string' }, rows: { type: 'string' } } });
const POLLS = Number(values.polls ?? 200);
const NEIGHBORS = Number(values.neighbors ?? 1000);
const ENTRIES = Number(values.entries ?? 2000);
const COLUMNS = Number(values.columns ?? 160);
const ROWS = Number(values.rows ?? 50);
const WARMUP = 20;

class FakeStdout extends EventEmitter {
  isTTY = true;
  columns = COLUMNS;
  rows = ROWS;
  frames = 0;
  bytes = 0;
  last = '';
  write = (chunk) => {
    this.frames++;
    this.bytes += chunk.length;
    this.last = chunk;
    return true;
  };
}
class FakeStdin extends EventEmitter {
  isTTY = true;
  data = null;
  write = (data) => {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  };
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

const STATES = ['ESTABLISHED', 'ESTABLISHED', 'ESTABLISHED', 'ESTABLISHED', 'ACTIVE', 'CONNECT', 'IDLE', 'OPENSENT'];
function counters(base) {
  return { open: 1, notification: base % 7 === 0 ? 1 : 0, keepalive: 10 + base, update: 3 * base, refresh: 0, total: 14 + 4 * base };
}
/** Poll k of 1,000 synthetic neighbors: counters move, ~1% change state each poll. */
function reports(k) {
  const out = new Array(NEIGHBORS);
  for (let i = 0; i < NEIGHBORS; i++) {
    const flip = (i * 7 + k) % 100 === 0;
    const fsm = flip ? STATES[(i + k) % STATES.length] : i % 50 === 49 ? 'ACTIVE' : 'ESTABLISHED';
    out[i] = {
      address: `10.${Math.floor(i / 250)}.${i % 250}.2`,
      localAddress: '10.255.0.1',
      peerAs: 65000 + (i % 500),
      localAs: 65001,
      peerId: `10.${Math.floor(i / 250)}.${i % 250}.2`,
      localId: '10.255.0.1',
      description: `peer-${i}`,
      fsm,
      durationS: 100 + k,
      holdTime: { local: 90, remote: 90 },
      messages: { sent: counters(k + i), received: counters(2 * k + i) },
      prefixes: null,
      capabilities: [{ name: 'multiprotocol', local: true, remote: true }],
      families: [{ name: 'ipv4 unicast', local: true, remote: true, addPath: null }],
    };
  }
  return out;
}

const CLASSES = ['info', 'session-up', 'session-down', 'error', 'warning', 'notification', 'api-command', 'traceback', 'info', 'info'];
/** A log ring of `ENTRIES` entries, as the pipeline would hand it after a storm, shifted by k. */
function entries(k, t0) {
  const out = new Array(ENTRIES);
  for (let j = 0; j < ENTRIES; j++) {
    const id = k * 50 + j;
    const cls = CLASSES[id % CLASSES.length];
    out[j] = {
      id,
      class: cls,
      first: t0 + id * 10,
      last: t0 + id * 10 + (id % 3) * 1000,
      count: 1 + (id % 5 === 0 ? id % 40 : 0),
      summary: cls === 'traceback' ? `KeyError: 'peer-${id}'` : `peer 10.0.${id % 250}.2 ASN 65002 ${cls} message number ${id} with some text`,
      level: cls === 'error' || cls === 'traceback' ? 'error' : cls === 'warning' ? 'warning' : 'info',
      source: 'reactor',
      pid: 4242,
      origin: '/var/log/exabgp.log',
      lines: cls === 'traceback' ? ['Traceback (most recent call last):', '  File "x.py", line 1, in <module>', `KeyError: 'peer-${id}'`] : [],
      exception: cls === 'traceback' ? { type: 'KeyError', message: `'peer-${id}'`, origin: 'x.py:1' } : null,
      neighbor: `10.0.${id % 250}.2`,
    };
  }
  return out;
}
function logCounters(k) {
  return { lines: 100_000 + k * 2000, errors: 200 + k, warnings: 200 + k, tracebacks: 200, notifications: 200, sessionsUp: 200, sessionsDown: 200, apiCommands: 200, apiRejected: 0, configErrors: 0, connectFailures: 0, lastError: { time: Date.now(), message: 'KeyError' } };
}

/** @typedef {import('../dist/core/model/state.js').MonitorEvent} MonitorEvent */
const now = Date.now();
/** @type {import('../dist/core/model/daemon.js').DaemonInfo} */
const daemon = {
  pid: 4242, startTicks: 1000, startTime: now - 86_400_000, startTimeResolutionMs: 10, argv: ['/usr/bin/python3', '/usr/sbin/exabgp', '/etc/exabgp/exabgp.conf'],
  config: '/etc/exabgp/exabgp.conf', configs: ['/etc/exabgp/exabgp.conf'], envFile: null, pidFile: null, root: null, environ: {}, environError: null, own: null,
  version: { version: '4.2.21', line: '4.2', source: 'console script /usr/sbin/exabgp' },
  reactor: { mode: 'generator', source: 'ExaBGP 4.2.21: the 4.2 line has only the generator reactor' },
};
const sample = (t) => ({ t, rssBytes: 25e6 + (t % 7) * 1e5, cpuPercent: 1 + (t % 5), fds: 120, fdLimit: 1024, fdError: null, threads: 1, helpers: { count: 2, rssBytes: 3e7, cpuPercent: 0.2, fds: 8, threads: 2 } });
/** @returns {MonitorEvent} */
const poll = (t, k) => ({ type: 'control-poll', poll: { t, transport: 'pipe', path: '/run/exabgp/exabgp.{in,out}', latencyMs: 4, ok: true, timedOut: false, error: null, raw: null, neighbors: reports(k), status: null } });
/** @returns {MonitorEvent} */
const logs = (t, k) => ({ type: 'logs', entries: entries(k, t - 3_600_000), counters: logCounters(k), sources: [{ kind: 'file', name: '/var/log/exabgp.log', how: 'stdout of the daemon', state: 'following', message: null }], facts: [] });

// Ink takes them for the process's streams: it uses only what the fakes have
const stdout = /** @type {FakeStdout & NodeJS.WriteStream} */ (/** @type {unknown} */ (new FakeStdout()));
const stdin = /** @type {FakeStdin & NodeJS.ReadStream} */ (/** @type {unknown} */ (new FakeStdin()));
const stderr = /** @type {FakeStdout & NodeJS.WriteStream} */ (/** @type {unknown} */ (new FakeStdout()));
const store = new Store(initialState());
store.dispatch({ type: 'attached', daemon, helpers: [] });
let t = now - 600_000;
for (let i = 0; i < 120; i++) store.dispatch({ type: 'sample', sample: sample((t += 1000)) });
store.dispatch(poll(t, 0));
const control = { choose() {}, poke() {}, async saveText() { return ''; } };
const instance = render(createElement(App, { store, control, theme: themeFor({}), totalMemoryBytes: totalmem() }), { stdout, stdin, stderr, debug: true, exitOnCtrlC: false, patchConsole: false });
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));
await settle();

/** Times one dispatch and the frame it causes; waits for the frame if Ink deferred it. */
/** @param {MonitorEvent[]} events */
async function timed(events) {
  const before = stdout.frames;
  const start = performance.now();
  const cpu = process.cpuUsage();
  store.dispatchAll(events);
  let sync = stdout.frames > before;
  while (stdout.frames === before && performance.now() - start < 1000) await new Promise((resolve) => setImmediate(resolve));
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, sync };
}

/** @param {number} n @param {(k: number) => MonitorEvent[]} make */
async function series(n, make) {
  const times = [];
  const cpu = [];
  let synchronous = 0;
  for (let k = 0; k < n + WARMUP; k++) {
    const r = await timed(make(k));
    if (k >= WARMUP) {
      times.push(r.ms);
      cpu.push(r.cpuMs);
      if (r.sync) synchronous++;
    }
  }
  return { ...summary(times), cpuMs: summary(cpu), synchronousFrames: synchronous };
}

// 1. a new poll of 1,000 neighbors each time, with the sample, as one monitor tick commits them
const framesBefore = stdout.frames;
const pollSeries = await series(POLLS, (k) => {
  t += 1000;
  return [{ type: 'sample', sample: sample(t) }, poll(t, k + 1)];
});
const pollFrames = stdout.frames - framesBefore;
const overviewScreen = stdout.last;
const shows1000 = /\b1000\b|1,000/.test(overviewScreen);

// the reducer alone, for the share of the figure that is not rendering
const reduceTimes = [];
{
  let s = store.getState();
  for (let k = 0; k < 50; k++) {
    const e = poll((t += 1000), k + 500);
    const start = performance.now();
    s = reduce(s, e);
    reduceTimes.push(performance.now() - start);
  }
}

// 2. log storm on the Overview tab: a 'logs' event carrying 2,000 entries, again and again
const stormOverview = await series(Math.max(20, Math.floor(POLLS / 4)), (k) => [logs((t += 100), k)]);
// 3. the same on the Logs tab, which draws the entries
stdin.write('2');
await settle();
const onLogsTab = /Logs/.test(stdout.last);
const stormLogsTab = await series(Math.max(20, Math.floor(POLLS / 4)), (k) => [logs((t += 100), k + 1000)]);
// 4. and a neighbor poll while on the Logs tab (the table is not drawn, the state still moves)
stdin.write('1');
await settle();

instance.unmount();
global.gc?.();
const result = {
  terminal: { columns: COLUMNS, rows: ROWS },
  neighbors: NEIGHBORS,
  entries: ENTRIES,
  inkMode: 'debug (unthrottled, one synchronous frame per commit)',
  poll: { ...pollSeries, frames: pollFrames, screenShowsTotal: shows1000 },
  reduceOnlyPoll: summary(reduceTimes),
  logStormOverview: stormOverview,
  logStormLogsTab: { ...stormLogsTab, onLogsTab },
  frameBytes: overviewScreen.length,
  heapUsedAfter: process.memoryUsage().heapUsed,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
