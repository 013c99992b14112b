// The recording format: one JSON document per line (JSONL), append-only. A header, then samples
// and events. Short keys: a week at 1 s is 600,000 lines. Read back with zod; a torn last line
// (power cut mid-write) or any line that does not parse is skipped and counted, never fatal.
// Version 2 writes a sample's neighbor rows only when they changed (`d: 1`, a delta), with a
// full sample (every row, the version 1 shape) after each header, at each daemon life and every
// few minutes; RecordingReader turns both back into full samples, so version 1 files read as before.
import { z } from 'zod';
import type { MonitorState } from '../model/state.js';
import type { LogEntry } from '../logs/types.js';

export const RECORDING_FORMAT = 'exatop-recording';
export const RECORDING_VERSION = 2;

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
  /** 6.0's daemon uuid (`daemon status`): with pid and start time, the life's identity. */
  uuid: z.string().nullable().optional(),
  restarts: z.number(),
  /** Of the restarts, those announced beforehand (absent in older recordings). */
  planned: z.number().optional(),
  ctl: z.number().nullable(),
  ctlok: z.boolean().nullable(),
  /** The pid of the other exatop process that polled the daemon (one poller per life); absent or null: this recorder did. */
  by: z.number().nullable().optional(),
  nb: z.array(neighborSchema),
  /** Version 2: present on a delta, whose `nb` holds only the rows that changed since the sample before. */
  d: z.literal(1).optional(),
  log: z.object({ err: z.number(), tb: z.number(), ntf: z.number(), up: z.number(), down: z.number(), api: z.number(), nc: z.number().optional() }).nullable(),
});

const eventSchema = z.object({
  type: z.literal('event'),
  t: z.number(),
  kind: z.enum(['attach', 'restart', 'lost', 'gap', 'flap', 'traceback', 'notification', 'alert', 'resume', 'life', 'log', 'poller']),
  detail: z.record(z.string(), z.unknown()).default({}),
});

export type RecordingHeader = z.infer<typeof headerSchema>;
export type RecordedSample = Omit<z.infer<typeof sampleSchema>, 'd'>;
export type RecordedNeighbor = RecordedSample['nb'][number];
export type RecordedEvent = z.infer<typeof eventSchema>;

/** The detail of a `life` event: what ran, for an issue report's Environment. */
export interface RecordedLife {
  pid: number;
  start: number;
  config: string | null;
  configured: number | null;
  version: string | null;
  versionSource: string;
  commit: string | null;
  commitSource: string;
  python: string | null;
  pythonSource: string;
  os: string | null;
  osSource: string;
  reactor: 'generator' | 'asyncio' | 'unknown';
  reactorSource: string;
}

/** The detail of a `log` event: a traceback, NOTIFICATION or session drop (text on its first write only). */
export interface RecordedLogEntry {
  /** The recorder's start: entry ids are unique within one recorder process only. */
  session: number;
  id: number;
  class: LogEntry['class'];
  summary: string;
  first: number;
  last: number;
  count: number;
  neighbor: string | null;
  signature: string;
  exception?: LogEntry['exception'];
  lines?: string[];
}

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
    uuid: attached ? (state.daemon!.own?.uuid ?? null) : null,
    restarts: state.restarts,
    planned: state.plannedRestarts,
    ctl: state.control.lastLatencyMs,
    ctlok: state.control.ok,
    by: state.control.polledBy,
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
    log: c ? { err: c.errors, tb: c.tracebacks, ntf: c.notifications, up: c.sessionsUp, down: c.sessionsDown, api: c.apiCommands, nc: c.connectFailures } : null,
  };
}

/** Events between two successive samples: what a reader should not have to derive. */
export function eventsBetween(prev: RecordedSample | null, next: RecordedSample): RecordedEvent[] {
  const out: RecordedEvent[] = [];
  const t = next.t;
  // The first sample of a recording (or of a resumed one) that has a daemon: its life starts here.
  if (!prev) return next.pid === null ? out : [{ type: 'event', t, kind: 'attach', detail: { pid: next.pid } }];
  if (prev.pid !== null && next.pid === null) out.push({ type: 'event', t, kind: 'lost', detail: { pid: prev.pid } });
  if (prev.pid === null && next.pid !== null) out.push({ type: 'event', t, kind: 'attach', detail: { pid: next.pid } });
  if (next.uuid && next.uuid !== prev.uuid && next.pid !== null) out.push({ type: 'event', t, kind: 'attach', detail: { pid: next.pid, uuid: next.uuid } });
  if (next.restarts > prev.restarts) {
    const planned = (next.planned ?? 0) > (prev.planned ?? 0);
    out.push({ type: 'event', t, kind: 'restart', detail: { pid: next.pid, restarts: next.restarts, planned } });
  }
  // Who asked the daemon changed hands (a poller exited or was killed): the gap before is explained.
  if ((next.by ?? null) !== (prev.by ?? null) && next.pid !== null) out.push({ type: 'event', t, kind: 'poller', detail: { by: next.by ?? 'this recorder', before: prev.by ?? 'this recorder' } });
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

const sameRow = (a: RecordedNeighbor, b: RecordedNeighbor) =>
  a.e === b.e && a.s === b.s && a.f === b.f && a.ni === b.ni && a.no === b.no && a.ui === b.ui && a.uo === b.uo
  && a.d === b.d && a.pa === b.pa && a.mi === b.mi && a.mo === b.mo;

/**
 * Chooses, sample by sample, the line to write: the whole sample, or a delta holding only the
 * neighbor rows that changed. A full one when asked (`forceFull`: a new file, a new daemon life),
 * every `fullEveryMs`, and whenever the list of neighbors itself changed (one was added or
 * went away, or the order moved), so a delta only ever updates rows the reader already has.
 */
export class SampleEncoder {
  private rows: RecordedNeighbor[] | null = null;
  private lastFullAt = -Infinity;

  constructor(private readonly fullEveryMs: number) {}

  /** The next line must be a full sample (after a header, a resume, a new daemon life). */
  forceFull(): void {
    this.rows = null;
  }

  encode(sample: RecordedSample): RecordedSample & { d?: 1 } {
    const before = this.rows;
    this.rows = sample.nb;
    const sameList = before !== null && before.length === sample.nb.length && before.every((r, i) => r.a === sample.nb[i]!.a);
    if (!sameList || sample.t - this.lastFullAt >= this.fullEveryMs) {
      this.lastFullAt = sample.t;
      return sample;
    }
    return { ...sample, d: 1, nb: sample.nb.filter((r, i) => !sameRow(r, before[i]!)) };
  }
}

/**
 * Reads a recording line by line, in order, with the state a delta needs (the rows it updates).
 * A delta before any full sample only knows the rows it carries. Rows left unchanged are the same
 * objects from one sample to the next, so a long recording in memory costs what changed.
 */
export class RecordingReader {
  private rows: RecordedNeighbor[] = [];
  readonly recording: Recording = { headers: [], samples: [], events: [], skipped: 0 };

  /** Parses one line; returns what it was (null for a blank or skipped line). */
  line(line: string): RecordingHeader | RecordedSample | RecordedEvent | null {
    if (line.trim() === '') return null;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.recording.skipped++;
      return null;
    }
    const parsed = lineSchema.safeParse(value);
    if (!parsed.success) {
      this.recording.skipped++;
      return null;
    }
    const data = parsed.data;
    if (data.type === 'header') {
      this.rows = [];
      return data;
    }
    if (data.type === 'event') return data;
    const { d, ...sample } = data;
    if (d !== 1) {
      this.rows = sample.nb;
      return sample;
    }
    const changed = new Map(sample.nb.map((r) => [r.a, r]));
    const rows = this.rows.map((r) => changed.get(r.a) ?? r);
    const known = new Set(this.rows.map((r) => r.a));
    for (const r of sample.nb) if (!known.has(r.a)) rows.push(r);
    this.rows = rows;
    return { ...sample, nb: rows };
  }

  /** Parses one line and keeps what it was in `recording`. */
  add(line: string): void {
    const item = this.line(line);
    if (item === null) return;
    if (item.type === 'header') this.recording.headers.push(item);
    else if (item.type === 'sample') this.recording.samples.push(item);
    else this.recording.events.push(item);
  }
}

export function parseRecording(text: string): Recording {
  const reader = new RecordingReader();
  for (const line of text.split('\n')) reader.add(line);
  return reader.recording;
}
