// `exatop announce-restart`: the operator says the daemon is about to be restarted on purpose
// (a deploy, `systemctl restart`), so every exatop watching it records that restart as planned:
// shown and recorded, no restart alert, no hook run. Capture announces its own restarts the same way.
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { locate } from '../io/daemon/discover.js';
import { describeDaemon } from '../io/daemon/identity.js';
import { announceRestart, plannedRestartsFile } from '../io/planned-restarts.js';
import { ProcFs } from '../io/procfs.js';
import { parseDuration } from '../core/duration.js';
import { EXIT } from '../core/exit-codes.js';
import { formatDuration } from '../core/format.js';
import { printable, printableJson } from '../core/text/printable.js';
import { targetFrom, UsageError } from './common.js';

export const ANNOUNCE_USAGE = `Usage: exatop announce-restart [--pid N | --pidfile FILE] [--within D] [--by TEXT] [--json]

Announces that the running daemon's life is about to end on purpose (a deploy, a planned
\`systemctl restart\`): when it ends within D (default 10m), every exatop watching it (TUI,
record, serve) shows and records the restart as planned, raises no restart alert and runs no
hook. Only this life is announced: a later, unannounced restart pages as before.
Written to $XDG_STATE_HOME/exatop/planned-restarts.json (where capture announces its own), so
run it as the user the monitors run as.
Exit 0 announced; 1 no daemon; 2 bad usage or several daemons (name one).
`;

const OPTIONS = {
  pid: { type: 'string' },
  pidfile: { type: 'string' },
  within: { type: 'string' },
  by: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseAnnounceArgs(argv: string[]) {
  const { values } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true });
  const withinMs = values.within === undefined ? 10 * 60_000 : parseDuration(values.within);
  if (withinMs === null || withinMs <= 0 || withinMs > 7 * 86_400_000) throw new UsageError(`--within takes a duration up to 7d such as 10m, got ${JSON.stringify(values.within)}`);
  const by = values.by?.trim() || `${userInfo().username} (exatop announce-restart)`;
  return { target: targetFrom(values), withinMs, by: printable(by).slice(0, 200), json: values.json ?? false, help: values.help ?? false };
}

export async function runAnnounce(args: ReturnType<typeof parseAnnounceArgs>): Promise<number> {
  const proc = new ProcFs();
  const found = await locate(proc, args.target);
  if (found.status === 'several') {
    throw new UsageError(`several ExaBGP daemons run (${found.candidates.map((c) => c.pid).join(', ')}): name the one to restart with --pid N or --pidfile FILE`);
  }
  if (found.status === 'none') {
    process.stderr.write(`exatop announce-restart: ${printable(found.message)}\n`);
    return EXIT.failed;
  }
  const daemon = await describeDaemon(proc, found.daemon);
  const now = Date.now();
  const until = now + args.withinMs;
  await announceRestart({ pid: daemon.pid, startTicks: daemon.startTicks, until, by: args.by }, now);
  if (args.json) {
    process.stdout.write(`${printableJson({ pid: daemon.pid, start_ticks: daemon.startTicks, until: new Date(until).toISOString(), by: args.by, file: plannedRestartsFile() }, 2)}\n`);
  } else {
    process.stdout.write(`announced: the end of ExaBGP pid ${daemon.pid} within ${formatDuration(args.withinMs / 1000)} is a planned restart (by ${args.by}): recorded as planned, no restart alert, no hook\n`);
  }
  return EXIT.ok;
}
