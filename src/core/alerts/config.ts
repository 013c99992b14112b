// The alert config file: every rule can be switched off, re-levelled, delayed and re-bounded.
// Every object is strict so that a typo in a hand-edited file is an error, not a silent default.
import { z } from 'zod';
import { describeIssues, type ParseResult } from '../compare/run-schema.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const level = z.enum(['warning', 'critical']);
export type AlertLevel = z.infer<typeof level>;

const ms = z.number().int().nonnegative();
const share = z.number().positive().max(100);

/** The fields every rule has, with that rule's defaults; `extra` adds its own. */
function rule<S extends z.ZodRawShape>(defaults: { level: AlertLevel; minDurationMs: number }, extra: S) {
  return z.strictObject({
    enabled: z.boolean().default(true),
    level: level.default(defaults.level),
    minDurationMs: ms.default(defaults.minDurationMs),
    ...extra,
  });
}

// `.prefault({})` runs `{}` through the schema, so an absent rule gets every default field.
const ruleSchemas = {
  // Runbook: "Alert on memory increase > 10% over 24 hours".
  'rss-growth': rule(
    { level: 'warning', minDurationMs: 0 },
    {
      percent: z.number().positive().default(10),
      // Capped at a week: the history holds one value per minute of the span.
      spanMs: ms.min(2 * MINUTE).max(7 * 24 * HOUR).default(24 * HOUR),
      windowMs: ms.min(MINUTE).default(HOUR),
    },
  )
    .refine((r) => r.windowMs * 2 <= r.spanMs, { message: 'must be at most half of spanMs', path: ['windowMs'] })
    .prefault({}),
  // Runbook: "Alert on unexpected restarts". holdMs 0: each alert ends as it starts.
  restart: rule({ level: 'critical', minDurationMs: 0 }, { holdMs: ms.default(0) }).prefault({}),
  // Runbook: "NOTIFICATION errors (should be zero)". quietMs: a burst ends after this long without one.
  notification: rule({ level: 'warning', minDurationMs: 0 }, { quietMs: ms.default(5 * MINUTE) }).prefault({}),
  // Runbook: "No Python tracebacks".
  traceback: rule({ level: 'critical', minDurationMs: 0 }, { quietMs: ms.default(5 * MINUTE) }).prefault({}),
  // Runbook: "BGP sessions maintain ESTABLISHED state"; minDurationMs is the "down for longer than".
  'neighbor-down': rule({ level: 'critical', minDurationMs: 30_000 }, {}).prefault({}),
  flap: rule({ level: 'warning', minDurationMs: 0 }, { quietMs: ms.default(5 * MINUTE) }).prefault({}),
  control: rule({ level: 'warning', minDurationMs: 10_000 }, { latencyMs: z.number().positive().default(1000), quietMs: ms.default(MINUTE) }).prefault({}),
  'fd-usage': rule({ level: 'warning', minDurationMs: 0 }, { warnPercent: share.default(80), criticalPercent: share.default(95) })
    .refine((r) => r.warnPercent < r.criticalPercent, { message: 'must be above warnPercent', path: ['criticalPercent'] })
    .prefault({}),
  'cpu-high': rule({ level: 'warning', minDurationMs: 5 * MINUTE }, { percent: z.number().positive().default(80) }).prefault({}),
  'daemon-down': rule({ level: 'critical', minDurationMs: 10_000 }, {}).prefault({}),
};

export type RuleName = keyof typeof ruleSchemas;
export const RULE_NAMES = Object.keys(ruleSchemas) as RuleName[];

export const alertConfigSchema = z.strictObject({
  rules: z
    .strictObject(ruleSchemas, {
      error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown rule (known: ${RULE_NAMES.join(', ')})` : undefined),
    })
    .prefault({}),
  hook: z
    .strictObject({
      program: z.string().min(1),
      args: z.array(z.string()).default([]),
      timeoutMs: ms.min(1).default(5000),
    })
    .optional(),
});

export type AlertConfig = z.output<typeof alertConfigSchema>;
export type RuleConfig<N extends RuleName> = AlertConfig['rules'][N];

export const DEFAULT_ALERT_CONFIG: AlertConfig = alertConfigSchema.parse({});

/** Text of an alert config file → the config with defaults filled, or why not (naming the field). */
export function parseAlertConfig(text: string, fileName: string): ParseResult<AlertConfig> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { ok: false, field: null, message: `${fileName}: not valid JSON (${(error as Error).message})` };
  }
  const result = alertConfigSchema.safeParse(doc);
  return result.success ? { ok: true, value: result.data } : describeIssues(fileName, result.error);
}
