// What the template's measurements produce, before core/capture/figures.ts turns them into figures.

export interface CpuAverageResult {
  ok: boolean;
  /** % of one core over the window actually covered. */
  average: number | null;
  samples: number[];
  windowStart: number;
  windowEnd: number;
  error: string | null;
}

export interface EstablishmentRun {
  ok: boolean;
  pid: number | null;
  /** Epoch ms. */
  startTime: number | null;
  establishedAt: number | null;
  seconds: number | null;
  peakCpuPercent: number | null;
  /** CPU intervals the peak was chosen from, each at least one sampling period long. */
  cpuSamples: number;
  /** How finely startTime is known, ms. */
  startResolutionMs: number | null;
  /** Width of the interval the control channel leaves for the moment of ESTABLISHED: from its
   *  last answer that said "not yet" (or the start, when it answered nothing before) to the one
   *  that said ESTABLISHED. A daemon that opens its control pipe late makes this wide. */
  uncertaintyS?: number | null;
  /** What dated the moment of ESTABLISHED: the daemon's own `up` events in the event stream an API
   *  process writes to `file` (their `time`, µs), or the control channel's polls. */
  establishedBy?: { kind: 'api-event' | 'control-poll'; file: string | null };
  /** Why the run failed, in words an operator can act on. */
  error: string | null;
  /** Last state seen of each expected neighbor. */
  lastStates: Record<string, string>;
}

export interface RssReading {
  ok: boolean;
  rssBytes: number | null;
  uptimeS: number;
  targetS: number;
  meetsTarget: boolean;
  at: number;
  error: string | null;
}

export type CaptureKind = 'establishment' | 'peak' | 'cpu' | 'rss';
