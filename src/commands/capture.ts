// `exatop capture …`: the comparison template's measurements without the TUI. Progress goes to
// stderr, the figures into a run file (several captures with the same --out fill one run).
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { performCapture } from '../session/capture/perform.js';
import { attachOnce, CaptureError, exabgpInfo } from '../session/capture/attach-once.js';
import { parseDuration } from '../core/duration.js';
import { EXIT, type ExitCode } from '../core/exit-codes.js';
import { defaultRunsDir, resolveRunFile } from '../io/runs/store.js';
import { TARGET_OPTIONS, targetFrom, UsageError } from './common.js';
import { hostIo } from '../session/session.js';

export const CAPTURE_USAGE = `Usage: exatop capture establishment|peak|cpu|rss --label LABEL --out RUN
                      [--pid N | --pidfile FILE] [--control PATH] [--runs N] [--timeout SECONDS]
                      [--duration D] [--target-uptime D] [--wait] [--runs-dir DIR] [--yes]
                      [--neighbors A,B…] [--json] [--restart-cmd PROGRAM ARG…]

Measures one figure of the comparison template and stores it in the run file RUN (a path, or a
name in the runs folder, default $XDG_STATE_HOME/exatop/runs). Several captures with the same
--out fill one run; \`exatop compare\` reads two runs.

  establishment  process start → every session that was up before is ESTABLISHED again, timed
                 over --runs restarts (default 10). With --restart-cmd (all the arguments after
                 it, run without a shell) exatop restarts the daemon itself, after asking (--yes
                 skips the question; required without a terminal). Without it, exatop waits for
                 restarts that happen anyway. Stores the peak CPU of those setups too. The
                 sessions waited for are those ESTABLISHED before the first restart (a failed
                 poll is asked again), or --neighbors A,B; progress names the one still awaited.
  peak           the same, stores only the peak CPU during session setup (--runs default 1)
  cpu            CPU average over --duration (default 1h), progress and ETA on stderr
  rss            VmRSS once uptime reaches --target-uptime (default 24h); earlier, the reading is
                 stored marked as not meeting the target, unless --wait waits for it

  --json         print what was stored as JSON on stdout (the run file's path otherwise)

Exit 0 stored, 1 measurement failed or nothing stored, 2 bad usage, 3 stored but short of the
template's condition (an RSS read before --target-uptime).
`;

const OPTIONS = {
  ...TARGET_OPTIONS,
  label: { type: 'string' },
  out: { type: 'string' },
  runs: { type: 'string' },
  timeout: { type: 'string' },
  duration: { type: 'string' },
  'target-uptime': { type: 'string' },
  wait: { type: 'boolean' },
  'runs-dir': { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  neighbors: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const WHATS = ['establishment', 'peak', 'cpu', 'rss'] as const;
type What = (typeof WHATS)[number];

export interface CaptureArgs {
  what: What;
  label: string;
  out: string;
  runsDir: string;
  target: ReturnType<typeof targetFrom>;
  controlPath: string | undefined;
  runs: number;
  timeoutMs: number;
  durationMs: number;
  targetUptimeMs: number;
  wait: boolean;
  yes: boolean;
  restartCommand: string[] | null;
  neighbors: string[] | null;
  json: boolean;
  help: boolean;
}

function durationOption(name: string, value: string | undefined, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  const ms = parseDuration(value);
  if (ms === null || ms <= 0) throw new UsageError(`${name} takes a duration such as 90s, 30m or 1h, got ${JSON.stringify(value)}`);
  return ms;
}

function neighborList(value: string | undefined): string[] | null {
  if (value === undefined) return null;
  const list = value.split(',').map((a) => a.trim()).filter((a) => a !== '');
  if (list.length === 0) throw new UsageError('--neighbors takes peer addresses separated by commas, e.g. --neighbors 10.0.0.1,10.0.0.2');
  return list;
}

export function parseCaptureArgs(argv: string[]): CaptureArgs {
  const split = argv.indexOf('--restart-cmd');
  const own = split < 0 ? argv : argv.slice(0, split);
  const restartCommand = split < 0 ? null : argv.slice(split + 1);
  if (restartCommand && restartCommand.length === 0) throw new UsageError('--restart-cmd needs the program to run, e.g. --restart-cmd systemctl restart exabgp');
  const { values, positionals } = parseArgs({ args: own, options: OPTIONS, allowPositionals: true, strict: true });
  const help = values.help ?? false;
  const what = positionals[0] as What;
  if (!help && !WHATS.includes(what)) throw new UsageError(`capture what? ${WHATS.join(', ')} (got ${JSON.stringify(positionals[0] ?? '')})`);
  if (!help && (!values.label || !values.out)) throw new UsageError('capture needs --label (generator, async, or your own) and --out RUN');
  const runs = values.runs === undefined ? (what === 'peak' ? 1 : 10) : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 1000) throw new UsageError(`--runs takes 1..1000, got ${values.runs}`);
  if (restartCommand && what !== 'establishment' && what !== 'peak') throw new UsageError('--restart-cmd goes with establishment or peak');
  return {
    what,
    label: values.label ?? '',
    out: values.out ?? '',
    runsDir: values['runs-dir'] ?? defaultRunsDir(),
    target: targetFrom(values),
    controlPath: values.control,
    runs,
    timeoutMs: durationOption('--timeout', values.timeout, 60_000),
    durationMs: durationOption('--duration', values.duration, 3_600_000),
    targetUptimeMs: durationOption('--target-uptime', values['target-uptime'], 86_400_000),
    wait: values.wait ?? false,
    yes: values.yes ?? false,
    restartCommand,
    neighbors: neighborList(values.neighbors),
    json: values.json ?? false,
    help,
  };
}

const say = (line: string) => process.stderr.write(`${line}\n`);

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

function bar(done: number, total: number, width = 30): string {
  const filled = Math.round((Math.min(done, total) / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

export async function runCapture(args: CaptureArgs): Promise<number> {
  const { proc, sharing } = hostIo();
  const file = await resolveRunFile(args.out, args.runsDir);
  const daemon = await attachOnce(proc, args.target);
  const info = exabgpInfo(daemon);
  say(`capturing ${args.what} of ExaBGP ${info.version ?? '?'} (pid ${daemon.pid}, reactor ${info.reactor}) as run "${args.label}" in ${file}`);
  if (args.restartCommand && !args.yes) {
    if (!process.stdin.isTTY) throw new UsageError(`this restarts the daemon ${args.runs} times with \`${args.restartCommand.join(' ')}\`: add --yes to confirm without a terminal`);
    if (!(await confirm(`Restart ExaBGP (pid ${daemon.pid}) ${args.runs} times with \`${args.restartCommand.join(' ')}\`?`))) {
      say('not confirmed: nothing done');
      return 1;
    }
  }
  // Without a terminal, a long CPU capture reports once a minute instead of every second.
  let lastQuiet = 0;
  const result = await performCapture({ ...args, kind: args.what, file, sharing }, proc, (p) => {
    if (args.what === 'cpu' && !process.stderr.isTTY && Date.now() - lastQuiet < 60_000 && p.fraction < 1) return;
    lastQuiet = Date.now();
    say(`${bar(p.fraction, 1)} ${p.message}`);
  });
  if (result.stored.length === 0) {
    say('nothing measured: no figure stored');
    return 1;
  }
  for (const { name, figure } of result.stored) {
    say(`stored ${name} = ${figure.value} ${figure.unit}${figure.meetsTarget ? '' : ` (${figure.note ?? "does not meet the template's condition"})`}`);
  }
  const exitCode = captureExitCode(args.what, result.stored.map(({ figure }) => figure.meetsTarget));
  if (args.json) {
    const stored = Object.fromEntries(result.stored.map(({ name, figure }) => [name, figure]));
    process.stdout.write(`${JSON.stringify({ format: 'exatop-capture', version: 1, file, label: args.label, what: args.what, exabgp: info, stored, exitCode }, null, 2)}\n`);
  } else process.stdout.write(`${file}\n`);
  return exitCode;
}

/** An early RSS reading is a figure short of its condition (3); any other miss is a failed measurement (1). */
export function captureExitCode(what: What, meetsTarget: readonly boolean[]): ExitCode {
  if (meetsTarget.every(Boolean)) return EXIT.ok;
  return what === 'rss' ? EXIT.incomplete : EXIT.failed;
}

export { CaptureError };
