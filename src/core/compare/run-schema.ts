// The run file: one set of figures for one daemon in one mode, as saved under runs/ and read
// back by `exatop compare`. Versioned; every object is strict so that a typo in a hand-edited
// file is reported instead of silently dropped.
import { z } from 'zod';

export const RUN_FORMAT = 'exatop-run';
export const RUN_VERSION = 1;
/** Raw samples are kept only up to this many; beyond it only the stats stay. */
export const MAX_RAW_SAMPLES = 100;
/** The template's MB: `ps -o rss=` prints KiB, divided by 1024. */
export const BYTES_PER_MB = 1024 * 1024;

export const METRIC_UNITS = { establishment: 's', rss24h: 'MB', cpuAvg: '%', cpuPeak: '%' } as const;
export type MetricName = keyof typeof METRIC_UNITS;
export const METRIC_NAMES = Object.keys(METRIC_UNITS) as MetricName[];

const isoTime = z.iso.datetime({ offset: true });

const windowSchema = z
  .strictObject({ start: isoTime, end: isoTime, seconds: z.number().nonnegative() })
  .refine((w) => Date.parse(w.end) >= Date.parse(w.start), { message: 'end is before start', path: ['end'] });

const statsSchema = z.strictObject({
  mean: z.number(),
  median: z.number(),
  min: z.number(),
  max: z.number(),
  stddev: z.number().nonnegative(),
});

function metricShape<U extends string>(unit: U) {
  return {
    value: z.number().nonnegative(),
    unit: z.literal(unit),
    method: z.string().min(1),
    source: z.enum(['measured', 'manual']),
    window: windowSchema.nullable(),
    samples: z.number().int().nonnegative(),
    raw: z.array(z.number()).max(MAX_RAW_SAMPLES).optional(),
    stats: statsSchema.nullable(),
    meetsTarget: z.boolean(),
    note: z.string().nullable(),
    recordedAt: isoTime,
  };
}

function rawMatchesSamples(m: { raw?: number[] | undefined; samples: number }): boolean {
  return m.raw === undefined || m.raw.length === m.samples;
}
const rawMismatch = { message: 'holds a different number of values than "samples"', path: ['raw'] };

const plainMetric = <U extends string>(unit: U) => z.strictObject(metricShape(unit)).refine(rawMatchesSamples, rawMismatch);

export const metricSchemas = {
  establishment: plainMetric(METRIC_UNITS.establishment),
  // RSS keeps the exact byte count next to the template's MB (null when typed by hand in MB).
  rss24h: z.strictObject({ ...metricShape(METRIC_UNITS.rss24h), bytes: z.number().nonnegative().nullable() }).refine(rawMatchesSamples, rawMismatch),
  cpuAvg: plainMetric(METRIC_UNITS.cpuAvg),
  cpuPeak: plainMetric(METRIC_UNITS.cpuPeak),
};

export const exabgpInfoSchema = z.strictObject({
  version: z.string().nullable(),
  reactor: z.enum(['generator', 'asyncio', 'unknown']),
  reactorSource: z.string().nullable(),
  config: z.string().nullable(),
});

export const runSchema = z.strictObject({
  format: z.literal(RUN_FORMAT),
  version: z.literal(RUN_VERSION),
  label: z.string().min(1),
  host: z.string(),
  exabgp: exabgpInfoSchema,
  createdAt: isoTime,
  updatedAt: isoTime,
  metrics: z.strictObject({
    establishment: metricSchemas.establishment.optional(),
    rss24h: metricSchemas.rss24h.optional(),
    cpuAvg: metricSchemas.cpuAvg.optional(),
    cpuPeak: metricSchemas.cpuPeak.optional(),
  }),
});

export type Run = z.infer<typeof runSchema>;
export type ExabgpInfo = z.infer<typeof exabgpInfoSchema>;
export type Metrics = Run['metrics'];
export type Metric = NonNullable<Metrics[MetricName]>;
export type MetricOf<N extends MetricName> = NonNullable<Metrics[N]>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; field: string | null; message: string };

/** `metrics.cpuAvg.raw[3]` */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

// An unknown key is named by its own path, not by the object holding it.
function issueField(issue: z.core.$ZodIssue): string {
  return fieldPath(issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path);
}

/** Every problem of a zod failure, the first one's field kept apart for callers and tests. */
export function describeIssues(fileName: string, error: z.ZodError): { ok: false; field: string | null; message: string } {
  const parts = error.issues.map((issue) => `${issueField(issue) || '(top level)'}: ${issue.message}`);
  const first = error.issues[0];
  return { ok: false, field: first ? issueField(first) : null, message: `${fileName}: ${parts.join('; ')}` };
}

export function isRunDocument(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && (doc as { format?: unknown }).format === RUN_FORMAT;
}

/** Text of a run file → the run, or why not (naming the file, and the field when there is one). */
export function parseRun(text: string, fileName: string): ParseResult<Run> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { ok: false, field: null, message: `${fileName}: not valid JSON (${(error as Error).message})` };
  }
  return parseRunDocument(doc, fileName);
}

export function parseRunDocument(doc: unknown, fileName: string): ParseResult<Run> {
  if (!isRunDocument(doc)) {
    const format = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as { format?: unknown }).format : undefined;
    const found = format === undefined ? 'has no "format"' : `has "format": ${JSON.stringify(format)}`;
    return { ok: false, field: 'format', message: `${fileName}: not an exatop run file (it ${found}, expected "${RUN_FORMAT}")` };
  }
  const version = (doc as { version?: unknown }).version;
  if (typeof version === 'number' && Number.isInteger(version) && version > RUN_VERSION) {
    return { ok: false, field: 'version', message: `${fileName}: made by a newer exatop (run format version ${version}; this exatop reads version ${RUN_VERSION})` };
  }
  const parsed = runSchema.safeParse(doc);
  return parsed.success ? { ok: true, value: parsed.data } : describeIssues(fileName, parsed.error);
}

export function serializeRun(run: Run): string {
  return `${JSON.stringify(run, null, 2)}\n`;
}

export type ListedRun = { file: string; run: Run } | { file: string; error: string };
