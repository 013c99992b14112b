// `exatop serve`: the monitor without a screen, its state as Prometheus metrics over HTTP.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import type { ReactorMode } from '../core/daemon/version.js';
import { CONTENT_TYPE, exposition, type ActiveAlert } from '../core/prometheus.js';
import { type MonitorState } from '../core/model/state.js';
import { type Store } from '../core/store.js';
import { type MonitorOptions } from '../session/monitor.js';
import { ALERT_OPTIONS, loadAlertSetup, packageVersion, positiveNumber, sourceOptions, TARGET_OPTIONS, targetFrom, UsageError, type AlertArgs } from './common.js';
import { openSession } from '../session/session.js';

export const DEFAULT_LISTEN = '127.0.0.1:9576';

export const SERVE_USAGE = `Usage: exatop serve [--listen HOST:PORT] [--allow-remote] [--pid N | --pidfile FILE]
                    [--control PATH] [--interval SECONDS] [--log FILE]… [--journal UNIT]…
                    [--since DURATION] [--reactor generator|asyncio]

Watches the daemon like the monitor does, without a screen, and answers Prometheus scrapes:
GET /metrics gives the metrics (text format 0.0.4), GET / a page linking to them. It re-attaches
when the daemon restarts and runs until SIGINT or SIGTERM.

  --listen HOST:PORT  where to listen (default ${DEFAULT_LISTEN}; PORT alone means 127.0.0.1;
                      [::1]:PORT for IPv6; port 0 picks a free one)
  --allow-remote      required to listen on anything but loopback: the metrics name peers, AS
                      numbers and versions, and there is no authentication or TLS
  --interval SECONDS  how often the daemon is sampled and its control channel polled (default 5)
  --reactor MODE      the reactor label of exabgp_info, when you know it and exatop cannot derive
                      it (a daemon of another user hides the environment that sets it); a label
                      that contradicts what exatop derived is warned about on stderr

Exit 0 after a signal, 1 when the address cannot be bound, 2 bad usage.
`;

const OPTIONS = {
  ...TARGET_OPTIONS,
  ...ALERT_OPTIONS,
  listen: { type: 'string' },
  'allow-remote': { type: 'boolean' },
  interval: { type: 'string' },
  reactor: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const REACTORS = ['generator', 'asyncio'] as const;

export interface ListenAddress {
  host: string;
  port: number;
}

export interface ServeArgs {
  target: ReturnType<typeof targetFrom>;
  listen: ListenAddress;
  allowRemote: boolean;
  intervalMs: number;
  sources: MonitorOptions;
  /** --config and --on-alert: the alert rules evaluated beside the metrics. */
  alertArgs?: AlertArgs;
  help: boolean;
  /** Called once the server listens, with the port actually bound (useful with port 0). */
  onListening?: (address: ListenAddress & { url: string }) => void;
  /** Stops the server like SIGINT/SIGTERM do (for callers that run it in-process). */
  signal?: AbortSignal;
  /** --reactor: the reactor label the operator gives, instead of the derived one. */
  reactor?: ReactorMode;
  /** Alerts to expose as exabgp_alerts_active, asked at every scrape. */
  alerts?: (state: MonitorState, now: number) => readonly ActiveAlert[];
}

/** `HOST:PORT`, `[IPv6]:PORT` or `PORT` (loopback). */
export function parseListen(text: string): ListenAddress {
  const bad = (why: string) => new UsageError(`--listen takes HOST:PORT (e.g. ${DEFAULT_LISTEN}), got ${JSON.stringify(text)}: ${why}`);
  let host: string;
  let portText: string;
  const bracketed = /^\[([^\]]+)\]:(.*)$/.exec(text);
  if (bracketed) {
    host = bracketed[1]!;
    portText = bracketed[2]!;
    if (isIP(host) !== 6) throw bad('only an IPv6 address goes in brackets');
  } else if (/^\d+$/.test(text)) {
    host = '127.0.0.1';
    portText = text;
  } else {
    const colon = text.lastIndexOf(':');
    if (colon < 0) throw bad('no port');
    host = text.slice(0, colon);
    portText = text.slice(colon + 1);
    if (host.includes(':')) throw bad('write an IPv6 address in brackets: [::1]:9576');
    if (host === '') throw bad('no host: name it (127.0.0.1, or 0.0.0.0 with --allow-remote)');
  }
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw bad('the port is a number 0..65535');
  return { host, port: Number(portText) };
}

/** Loopback only: 127.0.0.0/8, ::1 (also written longhand, or IPv4-mapped) and the name localhost. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) !== 6) return false;
  // The WHATWG URL parser writes IPv6 addresses canonically: ::1, ::ffff:7f00:1 for ::ffff:127.0.0.1.
  const canonical = new URL(`http://[${h}]/`).hostname.slice(1, -1);
  if (canonical === '::1') return true;
  const mapped = /^::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(canonical);
  return mapped !== null && parseInt(mapped[1]!, 16) >> 8 === 127;
}

export function parseServeArgs(argv: string[]): ServeArgs {
  const { values } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true });
  const listen = parseListen(values.listen ?? DEFAULT_LISTEN);
  const allowRemote = values['allow-remote'] ?? false;
  if (!isLoopback(listen.host) && !allowRemote) {
    throw new UsageError(`--listen ${values.listen}: not a loopback address; anyone who can reach it would read the metrics. Add --allow-remote if that is what you want`);
  }
  const reactor = values.reactor as ReactorMode | undefined;
  if (reactor !== undefined && !REACTORS.includes(reactor as (typeof REACTORS)[number])) throw new UsageError(`--reactor takes ${REACTORS.join(' or ')}, got ${JSON.stringify(values.reactor)}`);
  return {
    target: targetFrom(values),
    ...(reactor ? { reactor } : {}),
    listen,
    allowRemote,
    intervalMs: positiveNumber('--interval', values.interval, 5) * 1000,
    sources: sourceOptions(values),
    alertArgs: { configPath: values.config, onAlert: values['on-alert'] },
    help: values.help ?? false,
  };
}

const INDEX_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>exatop</title></head>
<body><h1>exatop</h1><p>ExaBGP monitor: <a href="/metrics">metrics</a></p></body></html>
`;

function respond(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

function handler(metrics: () => string) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://exatop').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      respond(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    if (path === '/metrics') {
      let text: string;
      try {
        text = metrics();
      } catch (error) {
        respond(res, 500, 'text/plain; charset=utf-8', `exatop: ${error instanceof Error ? error.message : String(error)}\n`);
        return;
      }
      respond(res, 200, CONTENT_TYPE, text);
      return;
    }
    if (path === '/') {
      respond(res, 200, 'text/html; charset=utf-8', INDEX_HTML);
      return;
    }
    respond(res, 404, 'text/plain; charset=utf-8', 'not found: the metrics are at /metrics\n');
  };
}

function listen(server: Server, address: ListenAddress): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(address.port, address.host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

function urlOf(host: string, port: number): string {
  return `http://${isIP(host) === 6 ? `[${host}]` : host}:${port}/metrics`;
}

/** The metrics endpoint over any store: `serve` runs it alone, the TUI beside itself (--serve). */
export async function startMetricsServer(
  store: Store,
  address: ListenAddress,
  alerts: (state: MonitorState, now: number) => readonly ActiveAlert[] = (state) => state.alerts.active,
  reactor?: ReactorMode,
): Promise<{ url: string; bound: AddressInfo; close(): Promise<void> }> {
  const version = packageVersion();
  const metrics = () => {
    const now = Date.now();
    const state = store.getState();
    return exposition(state, now, alerts(state, now), { exatopVersion: version, ...(reactor ? { reactor } : {}) });
  };
  const server = createServer(handler(metrics));
  const bound = await listen(server, address);
  return {
    url: urlOf(bound.address, bound.port),
    bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Says once per daemon life when --reactor names another reactor than the one exatop derived. */
function warnOnContradiction(store: Store, reactor: ReactorMode): () => void {
  let warned: number | null = null;
  return store.subscribe(() => {
    const d = store.getState().daemon;
    if (!d || d.pid === warned || d.reactor.mode === 'unknown' || d.reactor.mode === reactor) return;
    warned = d.pid;
    process.stderr.write(`exatop serve: WARNING: --reactor ${reactor}, but pid ${d.pid} looks like ${d.reactor.mode} (${d.reactor.source}); exposing reactor="${reactor}" as told\n`);
  });
}

/** Runs until SIGINT/SIGTERM (or args.signal): 0 then, 1 when the address cannot be bound. */
export async function runServe(args: ServeArgs): Promise<number> {
  const setup = args.alertArgs ? await loadAlertSetup(args.alertArgs) : null;
  const session = openSession({
    target: args.target, capacity: 16, intervalMs: args.intervalMs, sources: args.sources,
    alerts: setup ? { ...setup, say: (line) => process.stderr.write(`exatop serve: ${line}\n`) } : null,
  });
  const { store, monitor } = session;
  let server: Awaited<ReturnType<typeof startMetricsServer>>;
  try {
    server = await startMetricsServer(store, args.listen, args.alerts, args.reactor);
  } catch (error) {
    process.stderr.write(`exatop serve: cannot listen on ${args.listen.host}:${args.listen.port}: ${error instanceof Error ? error.message : String(error)}\n`);
    session.stop();
    return 1;
  }
  monitor.start();
  const unwatch = args.reactor ? warnOnContradiction(store, args.reactor) : () => undefined;
  const { bound, url } = server;
  if (!isLoopback(bound.address)) {
    process.stderr.write(`exatop serve: WARNING: listening on ${bound.address}:${bound.port}, not loopback (--allow-remote): anyone who can reach it reads the metrics; there is no authentication or TLS\n`);
  }
  process.stderr.write(`exatop serve: metrics on ${url}\n`);
  args.onListening?.({ host: bound.address, port: bound.port, url });

  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  let finish: (why: 'signal' | 'abort') => void = () => undefined;
  const finished = new Promise<'signal' | 'abort'>((resolve) => {
    finish = resolve;
  });
  const onSignal = () => finish('signal');
  const onAbort = () => finish('abort');
  for (const s of signals) process.on(s, onSignal);
  if (args.signal?.aborted) finish('abort');
  else args.signal?.addEventListener('abort', onAbort, { once: true });
  const why = await finished;
  for (const s of signals) process.off(s, onSignal);
  args.signal?.removeEventListener('abort', onAbort);

  unwatch();
  session.stop();
  await server.close();
  await monitor.settled().catch(() => undefined);
  process.stderr.write(`exatop serve: stopped (${why === 'signal' ? 'signal' : 'asked to'})\n`);
  return 0;
}
