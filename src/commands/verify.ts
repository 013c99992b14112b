// `exatop verify`: the runbook's rollback validation, watched for a period and decided.
import { parseArgs } from 'node:util';
import { locate } from '../io/daemon/discover.js';
import { startTimeMs } from '../io/daemon/identity.js';
import { parseDuration } from '../core/duration.js';
import { EXIT } from '../core/exit-codes.js';
import { formatDuration } from '../core/format.js';
import { impossibleExpectation, verifyExit, VerifyWatch, type Condition, type Expectation } from '../core/verify/verify.js';
import { sourceOptions, TARGET_OPTIONS, targetFrom, UsageError } from './common.js';
import { hostIo, openSession } from '../session/session.js';

export const VERIFY_USAGE = `Usage: exatop verify [--for D] [--expect generator|asyncio] [--neighbors A,B…] [--json]
                     [--pid N | --pidfile FILE] [--control PATH] [--log FILE]… [--journal UNIT]…

The runbook's rollback validation ("Verify generator mode active", "Verify sessions establish",
"Monitor for 15 minutes"): watches the daemon --for D (default 15m) with a progress line on
stderr, and exits 0 only when the reactor is the --expect'ed one, every configured neighbor (or
--neighbors) reached ESTABLISHED and stayed so, no traceback was logged, the daemon did not
restart, and, expecting generator, no log line of this daemon life mentions asyncio (what the
runbook's \`grep -v async\` meant: it prints the lines without "async", and 4.2's generator loop
logs "async |" lines of its own). Stops at the first failure.
Exit 0 all hold; 1 one failed (named) or no daemon; 2 bad usage; 3 one could not be decided
(no control channel answer, no log followed, reactor unknown).
`;

const OPTIONS = {
  ...TARGET_OPTIONS,
  for: { type: 'string' },
  expect: { type: 'string' },
  neighbors: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseVerifyArgs(argv: string[]) {
  const { values } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true });
  const forMs = values.for === undefined ? 15 * 60_000 : parseDuration(values.for);
  if (forMs === null || forMs <= 0) throw new UsageError(`--for takes a duration such as 15m, got ${values.for}`);
  const expect = (values.expect ?? null) as Expectation;
  if (expect !== null && expect !== 'generator' && expect !== 'asyncio') throw new UsageError(`--expect takes generator or asyncio, got ${values.expect}`);
  const neighbors = values.neighbors === undefined ? null : values.neighbors.split(',').map((a) => a.trim()).filter(Boolean);
  if (neighbors !== null && neighbors.length === 0) throw new UsageError('--neighbors takes addresses separated by commas');
  return { forMs, expect, neighbors, json: values.json ?? false, target: targetFrom(values), sources: sourceOptions(values), help: values.help ?? false };
}

const MARK = { true: '✅', false: '❌', null: '…' } as const;

function progress(elapsedMs: number, forMs: number, conditions: readonly Condition[]): string {
  const parts = conditions.map((c) => `${c.name} ${MARK[String(c.ok) as 'true' | 'false' | 'null']}`);
  return `verify ${formatDuration(Math.floor(elapsedMs / 1000))}/${formatDuration(forMs / 1000)}: ${parts.join('  ')}`;
}

export async function runVerify(args: ReturnType<typeof parseVerifyArgs>): Promise<number> {
  const host = hostIo();
  const { proc } = host;
  const found = await locate(proc, args.target);
  if (found.status !== 'found') {
    process.stderr.write(`exatop verify: ${found.status === 'none' ? found.message : 'several ExaBGP daemons run here: choose one with --pid N or --pidfile FILE'}\n`);
    return EXIT.failed;
  }
  const boot = (await proc.bootTime()) ?? 0;
  const daemonStart = startTimeMs(boot, found.daemon.startTicks);
  const start = Date.now();
  // The log of this whole daemon life: the asyncio lines a generator start would print come first.
  const sources = { ...args.sources, logSinceMs: args.sources.logSinceMs ?? Math.max(1000, start - daemonStart + 2000) };
  const session = openSession({ target: args.target, capacity: 60, intervalMs: 1000, sources, io: host });
  const { store, monitor } = session;
  const watch = new VerifyWatch({ expect: args.expect, neighbors: args.neighbors, logsFrom: daemonStart - 1000 }, start);
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  let stoppedEarly = false;
  try {
    for (;;) {
      await monitor.tick();
      const now = Date.now();
      const state = store.getState();
      const impossible = impossibleExpectation(state, args.expect);
      if (impossible) {
        process.stderr.write(`exatop verify: ${impossible}\n`);
        return EXIT.failed;
      }
      watch.observe(state, now);
      const line = progress(now - start, args.forMs, watch.conditions(false));
      if (tty) process.stderr.write(`\r${line}\x1b[K`);
      else if (now - lastLine >= 30_000) {
        process.stderr.write(`${line}\n`);
        lastLine = now;
      }
      if (watch.failed()) {
        stoppedEarly = now - start < args.forMs;
        break;
      }
      if (now - start >= args.forMs) break;
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000, Math.max(0, start + args.forMs - Date.now()))));
    }
  } finally {
    session.stop();
    if (tty) process.stderr.write('\n');
  }
  const conditions = watch.conditions(true);
  const code = verifyExit(conditions);
  const elapsed = formatDuration(Math.round((Date.now() - start) / 1000));
  if (args.json) process.stdout.write(`${JSON.stringify({ exit: code, watchedS: (Date.now() - start) / 1000, stoppedEarly, conditions }, null, 2)}\n`);
  else {
    const lines = conditions.map((c) => `${MARK[String(c.ok) as 'true' | 'false' | 'null']} ${c.name}: ${c.detail}`);
    const verdict = code === 0 ? `verified over ${elapsed}` : code === 1 ? `FAILED after ${elapsed}${stoppedEarly ? ' (stopped at the first failure)' : ''}` : `INCOMPLETE after ${elapsed}: a condition could not be decided`;
    process.stdout.write(`${lines.join('\n')}\n${verdict}\n`);
  }
  return code;
}
