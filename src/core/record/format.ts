// The recording format: one JSON document per line (JSONL), append-only. A header, then samples
// and events. Short keys: a week at 1 s is 600,000 lines. Read back with zod; a torn last line
// (power cut mid-write) or any line that does not parse is skipped and counted, never fatal.
import { z } from 'zod';
import type { MonitorState } from '../model/state.js';

export const RECORDING_FORMAT = 'exatop-recording';
export const RECORDING_VERSION = 1;

const headerSchema = z.object({ type: z.literal('header'), format: z.literal(RECORDING_FORMAT), version: z.number().int(), started: z.number(), host: z.string(), exatop: z.string() });

const count = z.number().nullable();
/** What the table shows: d (name), pa (peer AS), mi/mo (messages in/out); absent in older recordings. */
const neighborSchema = z.object({
  a: z.string(), e: z.boolean(), s: z.string(), f: z.number(), ni: count, no: count, ui: count, uo: count,
  d: z.string().nullable().optional(), pa: count.optional(), mi: count.optional(), mo: count.optional(),
});

const sampleSchema = z.object({
  type: z.literal('sample'),
  t: z.number(),
  pid: z.number().nullable(),
  up: z.number().nullable(),
  rss: z.number().nullable(),
  cpu: z.number().nullable(),
  fds: z.number().nullable(),
  fdmax: z.number().nullable(),
  thr: z.number().nullable(),
  hrss: z.number().nullable(),
  /** Version and reactor of the daemon sampled (for replay); absent in older recordings. */
  ver: z.string().nullable().optional(),
  rx: z.string().nullable().optional(),
  restarts: z.number(),
  ctl: z.number().nullable(),
  ctlok: z.boolean().nullable(),
  nb: z.array(neighborSchema),
  log: z.object({ err: z.number(), tb: z.number(), ntf: z.number(), up: z.number(), down: z.number(), api: z.number() }).nullable(),
});

const eventSchema = z.object({
  type: z.literal('event'),
  t: z.number(),
  kind: z.enum(['attach', 'restart', 'lost', 'gap', 'flap', 'traceback', 'notification', 'alert', 'resume']),
  detail: z.record(z.string(), z.unknown()).default({}),
});

export type RecordingHeader = z.infer<typeof headerSchema>;
export type RecordedSample = z.infer<typeof sampleSchema>;
export type RecordedEvent = z.infer<typeof eventSchema>;

const lineSchema = z.discriminatedUnion('type', [headerSchema, sampleSchema, eventSchema]);

export function headerLine(started: number, host: string, exatop: string): RecordingHeader {
  return { type: 'header', format: RECORDING_FORMAT, version: RECORDING_VERSION, started, host, exatop };
}

export function sampleOf(state: MonitorState, t: number): RecordedSample {
  const v = state.latest;
  const attached = state.phase === 'attached' && state.daemon !== null;
  const c = state.logs.counters;
  return {
    type: 'sample',
    t,
    pid: attached ? state.daemon!.pid : null,
    up: attached ? Math.round((t - state.daemon!.startTime) / 1000) : null,
    rss: attached ? (v?.rssBytes ?? null) : null,
    cpu: attached && v?.cpuPercent != null ? Number(v.cpuPercent.toFixed(2)) : null,
    fds: attached ? (v?.fds ?? null) : null,
    fdmax: attached ? (v?.fdLimit ?? null) : null,
    thr: attached ? (v?.threads ?? null) : null,
    hrss: attached ? (v?.helpers.rssBytes ?? null) : null,
    ver: attached ? (state.daemon!.version?.version ?? null) : null,
    rx: attached ? state.daemon!.reactor.mode : null,
    restarts: state.restarts,
    ctl: state.control.lastLatencyMs,
    ctlok: state.control.ok,
    nb: state.neighbors.map((n) => ({
      a: n.address,
      e: n.established,
      s: n.fsm,
      f: n.flaps,
      ni: n.report.messages.received.notification,
      no: n.report.messages.sent.notification,
      ui: n.report.messages.received.update,
      uo: n.report.messages.sent.update,
      d: n.description,
      pa: n.peerAs,
      mi: n.report.messages.received.total,
      mo: n.report.messages.sent.total,
    })),
    log: c ? { err: c.errors, tb: c.tracebacks, ntf: c.notifications, up: c.sessionsUp, down: c.sessionsDown, api: c.apiCommands } : null,
  };
}

/** Events between two successive samples: what a reader should not have to derive. */
export function eventsBetween(prev: RecordedSample | null, next: RecordedSample): RecordedEvent[] {
  const out: RecordedEvent[] = [];
  const t = next.t;
  if (!prev) return out;
  if (prev.pid !== null && next.pid === null) out.push({ type: 'event', t, kind: 'lost', detail: { pid: prev.pid } });
  if (prev.pid === null && next.pid !== null) out.push({ type: 'event', t, kind: 'attach', detail: { pid: next.pid } });
  if (next.restarts > prev.restarts) out.push({ type: 'event', t, kind: 'restart', detail: { pid: next.pid, restarts: next.restarts } });
  const before = new Map(prev.nb.map((n) => [n.a, n]));
  for (const n of next.nb) {
    const p = before.get(n.a);
    if (p && n.f > p.f) out.push({ type: 'event', t, kind: 'flap', detail: { neighbor: n.a, flaps: n.f, state: n.s } });
  }
  if (prev.log && next.log) {
    if (next.log.tb > prev.log.tb) out.push({ type: 'event', t, kind: 'traceback', detail: { count: next.log.tb - prev.log.tb } });
    if (next.log.ntf > prev.log.ntf) out.push({ type: 'event', t, kind: 'notification', detail: { count: next.log.ntf - prev.log.ntf } });
  }
  return out;
}

export interface Recording {
  headers: RecordingHeader[];
  samples: RecordedSample[];
  events: RecordedEvent[];
  /** Lines that did not parse (a torn last line after a crash, garbage). */
  skipped: number;
}

export function parseRecording(text: string): Recording {
  const out: Recording = { headers: [], samples: [], events: [], skipped: 0 };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      out.skipped++;
      continue;
    }
    const parsed = lineSchema.safeParse(value);
    if (!parsed.success) {
      out.skipped++;
      continue;
    }
    if (parsed.data.type === 'header') out.headers.push(parsed.data);
    else if (parsed.data.type === 'sample') out.samples.push(parsed.data);
    else out.events.push(parsed.data);
  }
  return out;
}
