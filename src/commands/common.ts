// Shared pieces of the sub-commands: usage errors, target options, version.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Target } from '../core/model/daemon.js';
import { parseDuration } from '../core/duration.js';
import { loadConfig } from '../io/config/load.js';
import type { AlertHook } from '../session/alerting.js';
import type { AlertConfig } from '../core/alerts/config.js';
import type { MonitorOptions } from '../session/monitor.js';
import { EXIT, ExitError } from '../core/exit-codes.js';

/** A mistake in how exatop was called: printed with a hint, exit code 2. */
export class UsageError extends ExitError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

export function packageVersion(): string {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  try {
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function positiveNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} takes a positive number, got ${JSON.stringify(value)}`);
  return n;
}

export function targetFrom(values: { pid?: string | undefined; pidfile?: string | undefined }): Target {
  if (values.pid !== undefined && values.pidfile !== undefined) throw new UsageError('give --pid or --pidfile, not both');
  if (values.pid !== undefined) {
    const pid = Number(values.pid);
    if (!Number.isInteger(pid) || pid <= 0) throw new UsageError(`--pid takes a process id, got ${JSON.stringify(values.pid)}`);
    return { kind: 'pid', pid };
  }
  if (values.pidfile !== undefined) return { kind: 'pidfile', path: values.pidfile };
  return { kind: 'auto' };
}

export const TARGET_OPTIONS = {
  pid: { type: 'string' },
  pidfile: { type: 'string' },
  control: { type: 'string' },
  log: { type: 'string', multiple: true },
  journal: { type: 'string', multiple: true },
  since: { type: 'string' },
  'log-lines': { type: 'string' },
} as const;

export const ALERT_OPTIONS = {
  config: { type: 'string' },
  'on-alert': { type: 'string' },
} as const;

export interface AlertArgs {
  configPath: string | undefined;
  onAlert: string | undefined;
}

/** What a command's alert engine is made of, read and checked before the command does anything
 *  else: a bad config ends it (exit 2) before it listens, writes or draws. */
export interface AlertSetup {
  config: AlertConfig;
  hook: AlertHook | null;
}

/** Rules from the config file, the hook from it or --on-alert. Throws ConfigError (exit 2). */
export async function loadAlertSetup(args: AlertArgs): Promise<AlertSetup> {
  const { config } = await loadConfig(args.configPath);
  const hook = args.onAlert ? { program: args.onAlert, args: [], timeoutMs: config.hook?.timeoutMs ?? 5000 } : (config.hook ?? null);
  return { config, hook };
}

/** --control, --log, --journal and --since as the monitor takes them. */
export function sourceOptions(values: {
  control?: string | undefined; log?: string[] | undefined; journal?: string[] | undefined; since?: string | undefined; 'log-lines'?: string | undefined;
}): MonitorOptions {
  const lines = values['log-lines'] === undefined ? undefined : Number(values['log-lines']);
  if (lines !== undefined && (!Number.isInteger(lines) || lines < 0 || lines > 10_000)) {
    throw new UsageError(`--log-lines takes 0..10000 (the last lines of each log shown on open), got ${JSON.stringify(values['log-lines'])}`);
  }
  let logSinceMs: number | null = null;
  if (values.since !== undefined) {
    logSinceMs = parseDuration(values.since);
    if (logSinceMs === null || logSinceMs <= 0) throw new UsageError(`--since takes a duration such as 30m, 2h or 1d, got ${JSON.stringify(values.since)}`);
  }
  return {
    controlPath: values.control,
    logSources: [
      ...(values.log ?? []).map((path) => ({ kind: 'file' as const, path: resolve(path), how: '--log' })),
      ...(values.journal ?? []).map((unit) => ({ kind: 'journal' as const, unit: unit.includes('.') ? unit : `${unit}.service`, how: '--journal' })),
    ],
    logSinceMs,
    ...(lines === undefined ? {} : { logBacklogLines: lines }),
  };
}
