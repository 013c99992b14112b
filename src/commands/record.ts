// `exatop record --out FILE`: days to weeks of samples and events, headless, for `report`.
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { parseDuration } from '../core/duration.js';
import { eventsBetween, headerLine, SampleEncoder, sampleOf, type RecordedEvent, type RecordedSample } from '../core/record/format.js';
import { lifeEvent } from '../io/record/life-event.js';
import { LogEventTracker } from '../core/record/log-events.js';
import { RecordingWriter } from '../io/record/writer.js';
import { ALERT_OPTIONS, loadAlertSetup, packageVersion, positiveNumber, sourceOptions, TARGET_OPTIONS, targetFrom, UsageError } from './common.js';
import { openSession } from '../session/session.js';

export const RECORD_USAGE = `Usage: exatop record --out FILE [--pid N | --pidfile FILE] [--interval SECONDS]
                     [--max-size SIZE] [--keep N] [--duration D] [--full-every D]
                     [--log FILE]… [--journal UNIT]…

Records one JSON line per sample (vitals, neighbor states and counters, control latency, log
counters) and one per event (attach, restart, lost daemon, flap, traceback, NOTIFICATION; each
daemon life's environment; the text of tracebacks, NOTIFICATIONs and session drops), for days
to weeks. A sample carries only the neighbor rows that changed, with every row at each daemon
life and every --full-every (default 10m). Append-only: a crash tears at most the last line, which readers skip; restarted
on the same FILE it appends. Rotates at --max-size (default 100M) keeping --keep old files
(default 5: FILE.1 … FILE.5). Goes on while no daemon runs (samples say so). Stops on
SIGINT/SIGTERM, or after --duration. Alerts (rules from --config) are recorded as events and
run --on-alert PROGRAM (the alert as JSON on stdin).
`;

const OPTIONS = {
  ...TARGET_OPTIONS,
  ...ALERT_OPTIONS,
  out: { type: 'string' },
  interval: { type: 'string' },
  'max-size': { type: 'string' },
  keep: { type: 'string' },
  duration: { type: 'string' },
  'full-every': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseSize(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i.exec(text.trim());
  if (!m) return null;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.round(Number(m[1]) * unit);
}

export function parseRecordArgs(argv: string[]) {
  const { values } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true });
  const help = values.help ?? false;
  if (!help && !values.out) throw new UsageError('record needs --out FILE');
  const maxBytes = values['max-size'] === undefined ? 100 * 1024 ** 2 : parseSize(values['max-size']);
  if (maxBytes === null || maxBytes < 4096) throw new UsageError(`--max-size takes a size of at least 4k, such as 100M, got ${values['max-size']}`);
  const keep = values.keep === undefined ? 5 : Number(values.keep);
  if (!Number.isInteger(keep) || keep < 0 || keep > 100) throw new UsageError(`--keep takes 0..100, got ${values.keep}`);
  const durationMs = values.duration === undefined ? null : parseDuration(values.duration);
  if (values.duration !== undefined && (durationMs === null || durationMs <= 0)) throw new UsageError(`--duration takes a duration such as 24h, got ${values.duration}`);
  const fullEveryMs = values['full-every'] === undefined ? 600_000 : parseDuration(values['full-every']);
  if (fullEveryMs === null || fullEveryMs <= 0) throw new UsageError(`--full-every takes a duration such as 10m, got ${values['full-every']}`);
  return {
    out: values.out ?? '',
    fullEveryMs,
    target: targetFrom(values),
    sources: sourceOptions(values),
    intervalMs: positiveNumber('--interval', values.interval, 1) * 1000,
    maxBytes,
    keep,
    durationMs,
    alerts: { configPath: values.config, onAlert: values['on-alert'] },
    help,
  };
}

export async function runRecord(args: ReturnType<typeof parseRecordArgs>): Promise<number> {
  const setup = await loadAlertSetup(args.alerts);
  const session = openSession({ target: args.target, capacity: 4, intervalMs: args.intervalMs, sources: args.sources, alerts: { ...setup, say: (line) => process.stderr.write(`exatop record: ${line}\n`) } });
  const { store, monitor, proc, alerting } = session;
  const writer = new RecordingWriter(args.out, () => headerLine(Date.now(), hostname(), packageVersion()), { maxBytes: args.maxBytes, keep: args.keep, syncEveryMs: 10_000, now: Date.now });
  const resumed = await writer.open();
  process.stderr.write(`exatop record: ${resumed ? 'appending to' : 'writing'} ${args.out}\n`);
  let previous: RecordedSample | null = null;
  let lastSampleAt = 0;
  const encoder = new SampleEncoder(args.fullEveryMs);
  const logEvents = new LogEventTracker(Date.now());
  const lives = new Set<string>();
  let queue: Promise<void> = resumed ? writer.write({ type: 'event', t: Date.now(), kind: 'resume', detail: {} }) : Promise.resolve();
  const enqueue = (write: () => Promise<void>) => {
    queue = queue.then(write).catch((error: unknown) => {
      process.stderr.write(`exatop record: cannot write ${args.out}: ${String(error)}\n`);
    });
  };
  // One line per tick: a sample when the daemon was sampled, else (no daemon) one per interval.
  const onChange = () => {
    const state = store.getState();
    const now = Date.now();
    const sampled = state.latest !== null && state.latest.t > lastSampleAt;
    const idle = state.phase !== 'attached' && now - lastSampleAt >= state.intervalMs;
    if (!sampled && !idle) return;
    lastSampleAt = sampled ? state.latest!.t : now;
    const sample = sampleOf(state, lastSampleAt);
    const events = eventsBetween(previous, sample);
    for (const alert of alerting.take()) events.push({ type: 'event', t: alert.end ?? alert.start, kind: 'alert', detail: { ...alert } });
    if (previous && previous.t + 3 * state.intervalMs < sample.t) events.unshift({ type: 'event', t: sample.t, kind: 'gap', detail: { from: previous.t, seconds: (sample.t - previous.t) / 1000 } });
    events.push(...logEvents.events(state.logs.entries, now));
    // Each daemon life starts with every neighbor row, and says what ran (the report's Environment).
    if (sample.pid !== previous?.pid) encoder.forceFull();
    const life = state.phase === 'attached' && state.daemon ? `${state.daemon.pid}:${state.daemon.startTicks}` : null;
    const daemon = state.daemon;
    const newLife = life !== null && daemon !== null && !lives.has(life);
    if (newLife) lives.add(life);
    const configured = state.configured.length || null;
    previous = sample;
    enqueue(async () => {
      // The tick's events first (the life's `attach` or `restart`, at the sample's time), then
      // what ran in the new life (at the time it was looked at), then the sample.
      for (const e of events) await writer.write(e);
      if (newLife && daemon) await writer.write(await lifeEvent(proc, daemon, configured, now));
      await writer.write((fresh) => {
        if (fresh) encoder.forceFull();
        return encoder.encode(sample);
      });
    });
  };
  const unsubscribe = store.subscribe(onChange);
  monitor.start();
  const stopped = new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (args.durationMs) setTimeout(stop, args.durationMs).unref();
  });
  await stopped;
  unsubscribe();
  session.stop();
  const last: RecordedEvent[] = logEvents.events(store.getState().logs.entries, Date.now(), true);
  enqueue(async () => {
    for (const e of last) await writer.write(e);
  });
  await queue;
  await alerting.settled();
  await writer.close();
  process.stderr.write(`exatop record: stopped, ${args.out} closed\n`);
  return 0;
}
