// The Prometheus exposition of the monitor state (text format 0.0.4): what `exatop serve` answers
// on GET /metrics. Pure: the state, the time and the active alerts in, the text out.
//
// Naming follows the Prometheus conventions: base units in the name (_bytes, _seconds, _ratio),
// counters end in _total, timestamps are Unix seconds (_timestamp_seconds, _start_time_seconds).
// A value exatop does not know (null, a sample older than the freshness limit, a daemon that is
// gone) is left out rather than exposed as 0 or as a frozen last value: an absent series is how
// Prometheus says "unknown".
import type { ReactorMode } from './daemon/version.js';
import type { FsmState, MessageCounters } from './model/control.js';
import type { NeighborRow } from './model/neighbors.js';
import type { MonitorState } from './model/state.js';
import { neighborsStale } from './model/state.js';

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface ActiveAlert {
  rule: string;
  level: string;
  subject: string | null;
}

export interface ExpositionOptions {
  /** exatop's own version for `exatop_build_info` (default "unknown"). */
  exatopVersion?: string;
  /** Vitals older than this are not exposed (default: 5 sampling intervals, at least 15 s). */
  staleAfterMs?: number;
  /** The reactor label of `exabgp_info` when the operator names it (`serve --reactor`). */
  reactor?: ReactorMode;
}

/** FSM states as numbers, the numbering gobgp uses (its SessionState enum, RFC 4271 order). */
export const FSM_NUMBER: Readonly<Record<FsmState, number>> = {
  UNKNOWN: 0,
  IDLE: 1,
  CONNECT: 2,
  ACTIVE: 3,
  OPENSENT: 4,
  OPENCONFIRM: 5,
  ESTABLISHED: 6,
};

const MESSAGE_TYPES = ['open', 'notification', 'keepalive', 'update', 'refresh'] as const satisfies readonly (keyof MessageCounters)[];

/** Log counter → `class` label value (one value per LogClass the pipeline counts). */
const LOG_CLASSES = [
  ['error', 'errors'],
  ['warning', 'warnings'],
  ['traceback', 'tracebacks'],
  ['notification', 'notifications'],
  ['session_up', 'sessionsUp'],
  ['session_down', 'sessionsDown'],
  ['api_command', 'apiCommands'],
  ['api_rejected', 'apiRejected'],
  ['config_error', 'configErrors'],
  ['connect_failed', 'connectFailures'],
] as const;

type Labels = Readonly<Record<string, string>>;
interface Sample {
  labels?: Labels;
  value: number | null | undefined;
}
interface Family {
  name: string;
  type: 'gauge' | 'counter';
  help: string;
  samples: Sample[];
}

/** Label values: backslash, double quote and line feed are escaped (text format 0.0.4). */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text: backslash and line feed are escaped. */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

function render(families: readonly Family[]): string {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const family of families) {
    const samples = family.samples.filter((s): s is Sample & { value: number } => typeof s.value === 'number');
    if (samples.length === 0) continue;
    if (seen.has(family.name)) throw new Error(`metric family ${family.name} built twice`);
    seen.add(family.name);
    out.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of samples) {
      const entries = Object.entries(sample.labels ?? {});
      const labels = entries.length === 0 ? '' : `{${entries.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`;
      out.push(`${family.name}${labels} ${formatValue(sample.value)}`);
    }
  }
  return `${out.join('\n')}\n`;
}

const seconds = (ms: number | null | undefined): number | null => (ms === null || ms === undefined ? null : ms / 1000);
const ratio = (percent: number | null | undefined): number | null => (percent === null || percent === undefined ? null : percent / 100);

function peerLabels(row: NeighborRow): Labels {
  return { peer: row.address, peer_as: row.peerAs === null ? '' : String(row.peerAs), description: row.description ?? '' };
}

function peerFamilies(rows: readonly NeighborRow[]): Family[] {
  return [
    {
      name: 'exabgp_peer_state',
      type: 'gauge',
      help: 'BGP FSM state of the peer as the daemon reports it: unknown=0, idle=1, connect=2, active=3, opensent=4, openconfirm=5, established=6 (gobgp numbering).',
      samples: rows.map((r) => ({ labels: peerLabels(r), value: FSM_NUMBER[r.fsm] })),
    },
    {
      name: 'exabgp_peer_established',
      type: 'gauge',
      help: 'Whether the BGP session with the peer is ESTABLISHED (1) or not (0).',
      samples: rows.map((r) => ({ labels: peerLabels(r), value: r.established ? 1 : 0 })),
    },
    {
      name: 'exabgp_peer_state_change_timestamp_seconds',
      type: 'gauge',
      help: 'Unix time the peer entered its current state, from the polls, the log or API stream, or the start of a daemon life exatop saw begin. Left out for a peer down since before exatop attached when nothing says since when.',
      samples: rows.map((r) => ({ labels: peerLabels(r), value: seconds(r.since) })),
    },
    {
      name: 'exabgp_peer_flaps_total',
      type: 'counter',
      help: 'Times the session with the peer went down (or was reset between two polls) since exatop attached, over every daemon life it followed (a restart itself is counted by exabgp_restarts_total, not here).',
      samples: rows.map((r) => ({ labels: peerLabels(r), value: r.flapsTotal })),
    },
    {
      name: 'exabgp_peer_messages_total',
      type: 'counter',
      help: 'BGP messages of the current session by direction and type, as the daemon counts them. The daemon starts them again at 0 when the session re-establishes (and when it restarts): a counter reset, which rate() and increase() handle; compare raw values only within one session.',
      samples: rows.flatMap((r) =>
        (['sent', 'received'] as const).flatMap((direction) =>
          MESSAGE_TYPES.map((type) => ({ labels: { ...peerLabels(r), direction, type }, value: r.report.messages[direction][type] })),
        ),
      ),
    },
  ];
}

function logFamilies(state: MonitorState): Family[] {
  const c = state.logs.counters;
  if (!c) return [];
  return [
    {
      name: 'exabgp_log_lines_total',
      type: 'counter',
      help: 'Log lines of the daemon exatop read since it started (with --since: including the history it read back).',
      samples: [{ value: c.lines }],
    },
    {
      name: 'exabgp_log_entries_total',
      type: 'counter',
      help: 'Things the daemon logged, by class (error, warning, traceback, notification, session_up, session_down, api_command, api_rejected, config_error), since exatop started; repeats folded on screen are each counted.',
      samples: LOG_CLASSES.map(([label, key]) => ({ labels: { class: label }, value: c[key] })),
    },
  ];
}

function alertFamily(alerts: readonly ActiveAlert[]): Family {
  // The same rule, level and subject twice would be a duplicate series: counted in one sample.
  const counts = new Map<string, { labels: Labels; value: number }>();
  for (const a of alerts) {
    const labels = { rule: a.rule, level: a.level, subject: a.subject ?? '' };
    const key = JSON.stringify([labels.rule, labels.level, labels.subject]);
    const entry = counts.get(key);
    if (entry) entry.value++;
    else counts.set(key, { labels, value: 1 });
  }
  return {
    name: 'exabgp_alerts_active',
    type: 'gauge',
    help: 'exatop alerts active now, by rule, level and subject (the peer or resource concerned; empty when none): 1, or the number of identical ones.',
    samples: [...counts.values()],
  };
}

/**
 * The metrics text for `state` at `now` (epoch ms). Without an attached daemon: `exabgp_up 0` and
 * exatop's own info only, plus, when a daemon was seen before, the counters that outlive it
 * (restarts, log entries: the traceback a dying daemon writes is counted while it is gone).
 */
export function exposition(state: MonitorState, now: number, alerts: readonly ActiveAlert[] = [], options: ExpositionOptions = {}): string {
  const attached = state.phase === 'attached' && state.daemon !== null;
  const families: Family[] = [
    {
      name: 'exatop_build_info',
      type: 'gauge',
      help: 'exatop, the exporter: always 1, its version as a label.',
      samples: [{ labels: { version: options.exatopVersion ?? 'unknown' }, value: 1 }],
    },
    {
      name: 'exabgp_up',
      type: 'gauge',
      help: 'Whether exatop is attached to a running ExaBGP daemon (1) or not (0: none found, several to choose from, or the daemon went away).',
      samples: [{ value: attached ? 1 : 0 }],
    },
  ];
  const counterFamilies: Family[] = state.daemon
    ? [
        {
          name: 'exabgp_restarts_total',
          type: 'counter',
          help: 'Daemon restarts exatop saw since it started: a new process, or (6.0) a new daemon uuid under the same pid.',
          samples: [{ value: state.restarts }],
        },
        ...logFamilies(state),
      ]
    : [];
  if (!attached || !state.daemon) {
    families.push(...counterFamilies);
    if (alerts.length > 0) families.push(alertFamily(alerts));
    return render(families);
  }

  const d = state.daemon;
  const staleAfter = options.staleAfterMs ?? Math.max(5 * state.intervalMs, 15_000);
  const v = state.latest && now - state.latest.t <= staleAfter ? state.latest : null;
  const control = state.control;
  families.push(
    {
      name: 'exabgp_info',
      type: 'gauge',
      help: 'The attached daemon: always 1, its ExaBGP version and reactor (generator, asyncio, unknown) as labels.',
      samples: [{ labels: { version: d.version?.version ?? 'unknown', reactor: options.reactor ?? d.reactor.mode }, value: 1 }],
    },
    {
      name: 'exabgp_process_start_time_seconds',
      type: 'gauge',
      help: 'Start time of the daemon process since the Unix epoch in seconds.',
      samples: [{ value: d.startTime / 1000 }],
    },
    {
      name: 'exabgp_process_resident_memory_bytes',
      type: 'gauge',
      help: 'Resident memory of the daemon process (VmRSS) in bytes.',
      samples: [{ value: v?.rssBytes }],
    },
    {
      name: 'exabgp_process_cpu_usage_ratio',
      type: 'gauge',
      help: "CPU used by the daemon process over exatop's last sampling interval, in cores (1 = one core busy all the time). rate() of exabgp_process_cpu_seconds_total gives it over any window.",
      samples: [{ value: ratio(v?.cpuPercent) }],
    },
    {
      name: 'exabgp_process_cpu_seconds_total',
      type: 'counter',
      help: 'CPU time (user + system) the daemon process used since it started, in seconds, from /proc/PID/stat at 10 ms resolution; starts again at a restart.',
      samples: [{ value: v?.cpuSeconds }],
    },
    {
      name: 'exabgp_process_open_fds',
      type: 'gauge',
      help: 'Open file descriptors of the daemon process (absent when /proc/PID/fd is not readable).',
      samples: [{ value: v?.fds }],
    },
    {
      name: 'exabgp_process_max_fds',
      type: 'gauge',
      help: 'Maximum open file descriptors of the daemon process (its soft RLIMIT_NOFILE).',
      samples: [{ value: v?.fdLimit }],
    },
    {
      name: 'exabgp_process_threads',
      type: 'gauge',
      help: 'Threads of the daemon process.',
      samples: [{ value: v?.threads }],
    },
    {
      name: 'exabgp_helper_processes',
      type: 'gauge',
      help: 'Child processes of the daemon (CLI helper, API processes) exatop samples.',
      samples: [{ value: v?.helpers.count }],
    },
    {
      name: 'exabgp_helpers_resident_memory_bytes',
      type: 'gauge',
      help: 'Resident memory of all helper processes together in bytes.',
      samples: [{ value: v && v.helpers.count > 0 ? v.helpers.rssBytes : null }],
    },
    {
      name: 'exabgp_helpers_cpu_usage_ratio',
      type: 'gauge',
      help: "CPU used by all helper processes together over exatop's last sampling interval, in cores.",
      samples: [{ value: v && v.helpers.count > 0 ? ratio(v.helpers.cpuPercent) : null }],
    },
    ...counterFamilies,
    // Rows older than a failed poll are not today's truth: left out until the channel answers again.
    ...(neighborsStale(state) ? [] : peerFamilies(state.neighbors)),
    {
      name: 'exabgp_control_ok',
      type: 'gauge',
      help: "Whether the last poll of the daemon's control channel (pipes or socket) got a usable answer (1) or not (0); absent before the first poll.",
      samples: [{ value: control.ok === null ? null : control.ok ? 1 : 0 }],
    },
    {
      name: 'exabgp_control_latency_seconds',
      type: 'gauge',
      help: 'Time the last control-channel poll took, answered or failed, in seconds.',
      samples: [{ value: control.polls > 0 ? seconds(control.lastLatencyMs) : null }],
    },
    {
      name: 'exabgp_control_polls_total',
      type: 'counter',
      help: 'Control-channel polls sent to this daemon process.',
      samples: [{ value: control.polls }],
    },
    {
      name: 'exabgp_control_errors_total',
      type: 'counter',
      help: 'Control-channel polls of this daemon process that failed (timeouts included).',
      samples: [{ value: control.errors }],
    },
    {
      name: 'exabgp_control_timeouts_total',
      type: 'counter',
      help: 'Control-channel polls of this daemon process that got no complete answer in time.',
      samples: [{ value: control.timeouts }],
    },
  );
  if (alerts.length > 0) families.push(alertFamily(alerts));
  return render(families);
}
