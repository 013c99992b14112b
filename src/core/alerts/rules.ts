// What each rule sees in one observation: conditions that hold now, and counter increments.
import { formatDuration, formatPercent } from '../format.js';
import type { RuleConfig, RuleName } from './config.js';
import type { GrowthReading } from './rss-history.js';
import type { Condition, Hit } from './tracker.js';
import type { Observation } from './types.js';

export interface Deltas {
  /** Unplanned restarts only: a planned one is no page. */
  restarts: number;
  /** Every new daemon life, planned or not. */
  lives: number;
  tracebacks: number;
  notifications: number;
  timeouts: number;
  /** Flap increments by neighbor address. */
  flaps: ReadonlyMap<string, number>;
}

export interface RuleInput {
  o: Observation;
  d: Deltas;
  growth: GrowthReading;
}

export interface Signals {
  conditions: Condition[];
  hits: Hit[];
}

type Rule<N extends RuleName> = (input: RuleInput, cfg: RuleConfig<N>) => Signals;

const none: Signals = { conditions: [], hits: [] };
const clock = (t: number): string => `${new Date(t).toISOString().slice(11, 19)}Z`;
const lasted = (from: number, to: number): string => formatDuration((to - from) / 1000);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const between = (start: number, last: number): string => (last > start ? `in ${lasted(start, last)} (${clock(start)}–${clock(last)})` : `at ${clock(start)}`);

export const RULES: { [N in RuleName]: Rule<N> } = {
  'rss-growth': ({ growth }, cfg) => {
    if (!growth.ready || growth.percent <= cfg.percent) return none;
    const message = () => `${growth.message}; bound ${cfg.percent}%`;
    return { conditions: [{ key: '', subject: null, level: cfg.level, value: growth.percent, message }], hits: [] };
  },

  restart: ({ o, d }, cfg) => {
    const hits: Hit[] = [];
    const unplanned = o.restarts - o.plannedRestarts;
    for (let n = unplanned - d.restarts + 1; n <= unplanned; n++) {
      hits.push({ key: String(n), subject: null, level: cfg.level, increments: 1, quietMs: cfg.holdMs, message: (_c, start) => `daemon restarted at ${clock(start)} (unplanned restart ${n} seen by exatop)` });
    }
    return { conditions: [], hits };
  },

  notification: ({ d }, cfg) => ({
    conditions: [],
    hits: [{ key: '', subject: null, level: cfg.level, increments: d.notifications, quietMs: cfg.quietMs, message: (n, start, last) => `${plural(n, 'BGP NOTIFICATION')} logged ${between(start, last)}` }],
  }),

  traceback: ({ d }, cfg) => ({
    conditions: [],
    hits: [{ key: '', subject: null, level: cfg.level, increments: d.tracebacks, quietMs: cfg.quietMs, message: (n, start, last) => `${plural(n, 'Python traceback')} logged ${between(start, last)}` }],
  }),

  'neighbor-down': ({ o }, cfg) => ({
    conditions: o.neighbors
      .filter((n) => !n.established)
      .map((n) => ({
        key: n.address,
        subject: n.address,
        level: cfg.level,
        value: 'duration' as const,
        since: n.since,
        message: (onset: number, t: number) => `${n.address} not ESTABLISHED for ${lasted(onset, t)} (since ${clock(onset)})`,
      })),
    hits: [],
  }),

  flap: ({ d }, cfg) => ({
    conditions: [],
    hits: [...d.flaps].map(([address, increments]) => ({
      key: address,
      subject: address,
      level: cfg.level,
      increments,
      quietMs: cfg.quietMs,
      message: (n: number, start: number, last: number) => `${address} flapped ${n === 1 ? 'once' : `${n} times`} ${between(start, last)}`,
    })),
  }),

  control: ({ o, d }, cfg) => {
    const latency = o.control.latencyMs;
    const conditions: Condition[] =
      latency !== null && latency > cfg.latencyMs
        ? [{ key: 'latency', subject: null, level: cfg.level, value: latency, message: (onset, t, peak) => `control channel answering in ${Math.round(latency)} ms, over ${cfg.latencyMs} ms for ${lasted(onset, t)} (worst ${Math.round(peak ?? latency)} ms)` }]
        : [];
    const missing = o.control.missing;
    if (missing !== null) {
      conditions.push({ key: 'missing', subject: null, level: cfg.level, value: 'duration', message: (onset, t) => `${missing}, for ${lasted(onset, t)} (since ${clock(onset)}); still looking` });
    }
    const hits: Hit[] = [{ key: 'timeouts', subject: null, level: cfg.level, increments: d.timeouts, quietMs: cfg.quietMs, message: (n, start, last) => `${plural(n, 'control channel timeout')} ${between(start, last)}` }];
    return { conditions, hits };
  },

  'fd-usage': ({ o }, cfg) => {
    if (o.fds === null || o.fdLimit === null || o.fdLimit <= 0) return none;
    const percent = (o.fds / o.fdLimit) * 100;
    if (percent <= cfg.warnPercent) return none;
    const level = percent > cfg.criticalPercent ? 'critical' : cfg.level;
    const message = (_onset: number, _t: number, peak: number | null) =>
      `${o.fds} of ${o.fdLimit} file descriptors in use (${formatPercent(percent)}, peak ${formatPercent(peak)}; warning over ${cfg.warnPercent}%, critical over ${cfg.criticalPercent}%)`;
    return { conditions: [{ key: '', subject: null, level, value: percent, message }], hits: [] };
  },

  'cpu-high': ({ o }, cfg) => {
    const cpu = o.cpuPercent;
    if (cpu === null || cpu <= cfg.percent) return none;
    const message = (onset: number, t: number, peak: number | null) =>
      `CPU ${formatPercent(cpu)} of one core, over ${cfg.percent}% for ${lasted(onset, t)} (peak ${formatPercent(peak)})`;
    return { conditions: [{ key: '', subject: null, level: cfg.level, value: cpu, message }], hits: [] };
  },

  'daemon-down': ({ o }, cfg) => {
    if (o.daemonUp) return none;
    const message = (onset: number, t: number) => `no ExaBGP daemon attached for ${lasted(onset, t)} (since ${clock(onset)})`;
    return { conditions: [{ key: '', subject: null, level: cfg.level, value: 'duration', message }], hits: [] };
  },
};
