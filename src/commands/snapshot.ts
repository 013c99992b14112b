import { parseArgs } from 'node:util';
import { buildSnapshot, type SnapshotDocument } from '../core/snapshot.js';
import { EXIT } from '../core/exit-codes.js';
import { printable, printableJson } from '../core/text/printable.js';
import type { MonitorOptions } from '../session/monitor.js';
import { packageVersion, positiveNumber, sourceOptions, TARGET_OPTIONS, targetFrom, type UsageError } from './common.js';
import { openSession } from '../session/session.js';

export const SNAPSHOT_USAGE = `Usage: exatop snapshot --json [--pid N | --pidfile FILE] [--control PATH] [--window SECONDS]
                       [--log FILE]… [--journal UNIT]… [--since DURATION]

Prints one JSON document about the daemon on stdout (diagnostics on stderr) and exits:
daemon, vitals, neighbors (from the control channel), control, logs. Log counts are since
exatop attached, or over the last --since DURATION (30m, 2h, 1d) where the source keeps it.
CPU % is measured over --window seconds (default 1). --control names the pipe pair
(PATH.in/PATH.out, or a folder) or the 6.0 unix socket when exatop cannot find it.
Exit 0 when every part was read; 3 when the daemon was found but a part failed (the control
channel, a log source): the JSON is printed all the same and its "incomplete" list says which;
1 with a JSON {"error": …} when no single daemon is found.
`;

const OPTIONS = { ...TARGET_OPTIONS, json: { type: 'boolean' }, window: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

export function parseSnapshotArgs(argv: string[]) {
  const { values } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true });
  return { target: targetFrom(values), windowSeconds: positiveNumber('--window', values.window, 1), sources: sourceOptions(values), help: values.help ?? false };
}
export interface SnapshotArgs {
  target: ReturnType<typeof targetFrom>;
  windowSeconds: number;
  sources: MonitorOptions;
  help: boolean;
}
export type { UsageError };

export interface ErrorDocument {
  error: { code: 'no_daemon' | 'several_daemons' | 'lost'; message: string; candidates?: { pid: number; config: string | null }[] };
}

/** Attaches, samples twice `windowSeconds` apart (CPU % needs a window) and returns the document. */
export async function takeSnapshot(args: SnapshotArgs): Promise<{ ok: true; doc: SnapshotDocument } | { ok: false; doc: ErrorDocument }> {
  // --since: every file read to its end, whatever its size (bounded reads, nothing kept but counts).
  const session = openSession({ target: args.target, capacity: 4, intervalMs: args.windowSeconds * 1000, sources: { ...args.sources, logReadToEnd: true } });
  const { store, monitor } = session;
  try {
    await monitor.tick();
    let state = store.getState();
    if (state.phase === 'several') {
      return { ok: false, doc: { error: { code: 'several_daemons', message: 'Several ExaBGP daemons run here: choose one with --pid N or --pidfile FILE', candidates: state.candidates.map((c) => ({ pid: c.pid, config: c.configs[0] ?? null })) } } };
    }
    if (state.phase !== 'attached') return { ok: false, doc: { error: { code: 'no_daemon', message: state.message ?? 'no daemon' } } };
    await new Promise((resolve) => setTimeout(resolve, args.windowSeconds * 1000));
    await monitor.tick();
    state = store.getState();
    const doc = buildSnapshot(state, Date.now(), packageVersion(), args.windowSeconds);
    if (state.phase !== 'attached' || !doc) return { ok: false, doc: { error: { code: 'lost', message: state.message ?? 'the daemon went away during the window' } } };
    return { ok: true, doc };
  } finally {
    session.stop();
  }
}

export async function runSnapshot(args: SnapshotArgs): Promise<number> {
  const result = await takeSnapshot(args);
  process.stdout.write(`${printableJson(result.doc, 2)}\n`);
  if (!result.ok) {
    process.stderr.write(`exatop: ${printable(result.doc.error.message)}\n`);
    return EXIT.failed;
  }
  const missing = result.doc.incomplete;
  for (const m of missing) process.stderr.write(`exatop snapshot: incomplete: ${m.part}: ${m.reason}\n`);
  return missing.length ? EXIT.incomplete : EXIT.ok;
}
