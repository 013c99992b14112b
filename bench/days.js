// 30 simulated days of 1 s samples through the core: 2,592,000 'sample' events into a Store with
// initialState() (the default one-hour rings), the alert engine fed observationOf(...) after each
// one as the monitor's Alerting does (alerts put back in the store when they change), plus a
// control poll of 3 neighbors every 10 s (one flaps every 6 h) and a logs update every minute.
// heapUsed and RSS after forced gc at day 1 and at the end: the growth must stay ≤ 10 MB.
//
//   node --expose-gc bench/days.js [--days 30]
// Prints one JSON document on stdout.
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { AlertEngine } from '../dist/core/alerts/engine.js';
import { DEFAULT_ALERT_CONFIG } from '../dist/core/alerts/config.js';
import { observationOf } from '../dist/core/alerts/observe.js';
import { initialState } from '../dist/core/model/state.js';
import { Store } from '../dist/core/store.js';

const { values } = parseArgs({ options: { days: { type: 'string' } } });
const DAYS = Number(values.days ?? 30);
const DAY = 86_400;
if (typeof global.gc !== 'function') {
  console.error('days.js needs node --expose-gc');
  process.exit(2);
}
const gc = /** @type {() => void} */ (global.gc);
const measure = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss, external: m.external, arrayBuffers: m.arrayBuffers };
};

const t0 = Date.UTC(2026, 0, 1);
/** @type {import('../dist/core/model/daemon.js').DaemonInfo} */
const daemon = {
  pid: 4242, startTicks: 1000, startTime: t0 - 60_000, startTimeResolutionMs: 10, argv: ['/usr/bin/python3', '/usr/sbin/exabgp', '/etc/exabgp/exabgp.conf'],
  config: '/etc/exabgp/exabgp.conf', configs: ['/etc/exabgp/exabgp.conf'], envFile: null, pidFile: null, root: null, environ: {}, environError: null, own: null,
  version: { version: '4.2.21', line: '4.2', source: 'console script /usr/sbin/exabgp' },
  reactor: { mode: 'generator', source: 'ExaBGP 4.2.21: the 4.2 line has only the generator reactor' },
};
const store = new Store(initialState());
const engine = new AlertEngine(DEFAULT_ALERT_CONFIG);
store.dispatch({ type: 'attached', daemon, helpers: [] });

const counters = (n) => ({ open: 1, notification: 0, keepalive: n, update: n >> 3, refresh: 0, total: n + (n >> 3) + 1 });
/** @returns {import('../dist/core/model/control.js').NeighborReport[]} */
function neighbors(s) {
  const flapping = s % 21_600 < 40; // down for 40 s every 6 h: flaps and neighbor-down alerts
  return ['127.0.0.2', '127.0.0.3', '127.0.0.4'].map((address, i) => ({
    address, localAddress: '127.0.0.1', peerAs: 65002 + i, localAs: 65001, peerId: address, localId: '127.0.0.1', description: `peer${i}`,
    fsm: i === 1 && flapping ? 'ACTIVE' : 'ESTABLISHED', durationS: s % 21_600, holdTime: { local: 30, remote: 30 },
    messages: { sent: counters(s >> 4), received: counters(s >> 4) }, prefixes: null, capabilities: [], families: [],
  }));
}
const logCounters = (s) => ({ lines: s, errors: s >> 12, warnings: s >> 10, tracebacks: 0, notifications: s >> 16, sessionsUp: s >> 14, sessionsDown: s >> 14, apiCommands: 0, apiRejected: 0, configErrors: 0, connectFailures: 0, lastError: null });

let alertsDispatched = 0;
/** @typedef {{ day: number, seconds: number, heapUsed: number, rss: number, external: number, arrayBuffers: number }} Checkpoint */
/** @type {Checkpoint[]} */
const checkpoints = [];
/** @type {Checkpoint | null} */
let day1 = null;
const start = performance.now();
const total = DAYS * DAY;
for (let s = 1; s <= total; s++) {
  const t = t0 + s * 1000;
  // RSS wanders ±2 MB around 30 MB with no trend; CPU 0.5–5 %
  const rss = 30e6 + Math.round(2e6 * Math.sin(s / 5000));
  store.dispatch({ type: 'sample', sample: { t, rssBytes: rss, cpuPercent: 0.5 + (s % 10) * 0.5, fds: 40 + (s % 3), fdLimit: 1024, fdError: null, threads: 1, helpers: { count: 2, rssBytes: 3e7, cpuPercent: 0.1, fds: 8, threads: 2 } } });
  if (s % 10 === 0) store.dispatch({ type: 'control-poll', poll: { t, transport: 'pipe', path: '/run/exabgp/exabgp.{in,out}', latencyMs: 3 + (s % 4), ok: true, timedOut: false, error: null, raw: null, neighbors: neighbors(s), status: null } });
  if (s % 60 === 0) store.dispatch({ type: 'logs', entries: store.getState().logs.entries, counters: logCounters(s), sources: [], facts: [] });
  engine.observe(observationOf(store.getState(), t));
  if (engine.takeNew().length > 0) {
    alertsDispatched++;
    store.dispatch({ type: 'alerts', active: engine.active(), events: engine.events().slice(-200) });
  }
  if (s % DAY === 0) {
    const m = measure();
    const point = { day: s / DAY, seconds: Number(((performance.now() - start) / 1000).toFixed(1)), ...m };
    checkpoints.push(point);
    if (s === DAY) day1 = point;
  }
}
const elapsed = (performance.now() - start) / 1000;
// --days 1 at least, so both exist: the loop reaches s === DAY
const end = /** @type {Checkpoint} */ (checkpoints.at(-1));
const first = /** @type {Checkpoint} */ (day1);
const state = store.getState();
const result = {
  days: DAYS,
  samples: total,
  seconds: Number(elapsed.toFixed(1)),
  eventsPerSecond: Math.round(total / elapsed),
  day1: { heapUsed: first.heapUsed, rss: first.rss },
  end: { day: end.day, heapUsed: end.heapUsed, rss: end.rss },
  growth: { heapUsed: end.heapUsed - first.heapUsed, rss: end.rss - first.rss },
  checkpoints: checkpoints.map((c) => ({ day: c.day, heapUsed: c.heapUsed, rss: c.rss })),
  alerts: { dispatched: alertsDispatched, events: engine.events().length, active: engine.active().length, footprint: engine.footprint() },
  state: { revision: state.revision, rssRing: state.series.rss.capacity, neighborEvents: state.neighborEvents.length },
};
process.stdout.write(`${JSON.stringify(result)}\n`);
