// `exatop incident`: the runbook's issue report, filled from a recording or the live daemon.
import { parseArgs } from 'node:util';
import { parseDuration } from '../core/duration.js';
import { EXIT } from '../core/exit-codes.js';
import type { IncidentKind } from '../core/incident/evidence.js';
import { incidentFromRecording, incidentFromState, pickLive, readBaselines, saveIncident, type IncidentResult } from '../session/incident.js';
import { defaultRunsDir } from '../io/runs/store.js';
import { sourceOptions, TARGET_OPTIONS, targetFrom, UsageError } from './common.js';
import { openSession } from '../session/session.js';

export const INCIDENT_USAGE = `Usage: exatop incident [RECORDING] [--kind traceback|notification|flap] [--match REGEX]
                       [--baseline FILE]… [--window D] [--json] [--runs-dir DIR]
                       [--pid N | --pidfile FILE] [--log FILE]… [--journal UNIT]… [--since D]

Writes the runbook's "Issue Tracking — Template for reporting" in Markdown (or --json), filled
from evidence: the entry (a traceback group, a NOTIFICATION or session drops: the newest, traceback
first, or --kind/--match), the daemon's RSS, CPU, FDs and neighbor state changes within --window
(default 5m) of it, restarts, the environment (Python, ExaBGP version and commit, OS, peers,
reactor), a suggested severity and the lab command that reproduces the load.
From RECORDING (exatop record's file), or from the live daemon, whose log is read back --since
(default 24h). Async-specific is decided from --baseline recordings of generator mode, by
traceback signature (exception type and frames), and says how many hours it compared.
Saved under RUNS/incidents/ (never over an earlier report) and printed on stdout.
Exit 0 written; 1 no daemon; 2 bad usage or unreadable recording; 3 nothing to report.
`;

const OPTIONS = {
  ...TARGET_OPTIONS,
  kind: { type: 'string' },
  match: { type: 'string' },
  baseline: { type: 'string', multiple: true },
  window: { type: 'string' },
  json: { type: 'boolean' },
  'runs-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const KINDS: IncidentKind[] = ['traceback', 'notification', 'flap'];

export function parseIncidentArgs(argv: string[]) {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  if (positionals.length > 1) throw new UsageError('incident takes one recording at most (baselines go after --baseline)');
  const kind = values.kind === undefined ? null : (values.kind as IncidentKind);
  if (kind !== null && !KINDS.includes(kind)) throw new UsageError(`--kind takes ${KINDS.join(', ')}, got ${values.kind}`);
  let match: RegExp | null = null;
  if (values.match !== undefined) {
    try {
      match = new RegExp(values.match, 'i');
    } catch (error) {
      throw new UsageError(`--match takes a regular expression: ${(error as Error).message}`);
    }
  }
  const marginMs = values.window === undefined ? 300_000 : parseDuration(values.window);
  if (marginMs === null || marginMs <= 0) throw new UsageError(`--window takes a duration such as 5m, got ${values.window}`);
  if (positionals.length && (values.pid !== undefined || values.pidfile !== undefined)) throw new UsageError('give a RECORDING or a daemon (--pid/--pidfile), not both');
  return {
    recording: positionals[0] ?? null,
    pick: { kind, match },
    baselines: values.baseline ?? [],
    marginMs,
    json: values.json ?? false,
    runsDir: values['runs-dir'] ?? defaultRunsDir(),
    target: targetFrom(values),
    sources: sourceOptions({ ...values, since: values.since ?? '24h' }),
    help: values.help ?? false,
  };
}

type IncidentArgs = ReturnType<typeof parseIncidentArgs>;

async function live(args: IncidentArgs, baselines: Awaited<ReturnType<typeof readBaselines>>): Promise<IncidentResult | 'no-daemon'> {
  const start = Date.now();
  // The log read back --since to its end, as snapshot does (two ticks read 16 MiB at most otherwise).
  const session = openSession({ target: args.target, capacity: 3600, sources: { ...args.sources, logReadToEnd: true } });
  const { store, monitor, proc } = session;
  try {
    await monitor.tick();
    if (store.getState().phase !== 'attached') return 'no-daemon';
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await monitor.tick();
    const state = store.getState();
    const entry = pickLive(state, args.pick);
    if (!entry) return { ok: false, message: `no ${args.pick.kind ?? 'traceback, NOTIFICATION or session drop'} in the daemon's log (${state.logs.sources.map((s) => `${s.name}: ${s.state}`).join(', ') || 'no log source found: --log FILE'})` };
    return await incidentFromState(state, entry, proc, baselines, args.marginMs, start, Date.now());
  } finally {
    session.stop();
  }
}

export async function runIncident(args: IncidentArgs): Promise<number> {
  let baselines;
  try {
    baselines = await readBaselines(args.baselines);
  } catch (error) {
    throw new UsageError(`cannot read a --baseline recording: ${(error as Error).message}`);
  }
  let result: IncidentResult | 'no-daemon';
  if (args.recording) {
    try {
      result = await incidentFromRecording(args.recording, args.pick, baselines, args.marginMs);
    } catch (error) {
      throw new UsageError(`cannot read recording ${args.recording}: ${(error as Error).message}`);
    }
  } else result = await live(args, baselines);
  if (result === 'no-daemon') {
    process.stderr.write('exatop incident: no single ExaBGP daemon found (--pid N or --pidfile FILE), or give a RECORDING\n');
    return EXIT.failed;
  }
  if (!result.ok) {
    process.stderr.write(`exatop incident: ${result.message}\n`);
    return EXIT.incomplete;
  }
  const saved = await saveIncident(result.incident, args.runsDir, args.json);
  process.stdout.write(saved.text);
  process.stderr.write(`exatop incident: saved ${saved.path}\n`);
  return EXIT.ok;
}
