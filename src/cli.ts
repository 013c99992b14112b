// Entry point: parses the command line and hands over to one sub-command.
import { parseArgs } from 'node:util';
import { locate } from './io/daemon/discover.js';
import { ProcFs } from './io/procfs.js';
import { EXIT, ExitError } from './core/exit-codes.js';
import type { SparkStyle } from './core/sparkline.js';
import type { LabRequest } from './io/lab/lab.js';
import type { Target } from './core/model/daemon.js';
import { printableBlock } from './core/text/printable.js';
import { ALERT_OPTIONS, packageVersion, positiveNumber, sourceOptions, TARGET_OPTIONS, targetFrom, UsageError } from './commands/common.js';
import { noColorRequested, terminalColourLevel } from './ui/theme.js';
import { DEFAULT_REDRAW_MS } from './core/model/state.js';

export const USAGE = `exatop ${packageVersion()}: a terminal monitor for ExaBGP

Usage:
  exatop [--pid N | --pidfile FILE] [--control PATH] [--log FILE] [--journal UNIT] [--since DURATION]
         [--interval SECONDS] [--refresh SECONDS] [--spark blocks|braille|ascii]
  exatop snapshot --json [--pid N | --pidfile FILE] [--control PATH] [--window SECONDS]
  exatop lab [up|down|status|restart|peer NAME stop|start] [--exabgp 4.2|5.0|PATH]
             [--peers bird,exabgp|N] [--churn RATE] [--flap EVERY]
  exatop capture establishment|peak|cpu|rss --label L --out RUN [--restart-cmd PROGRAM ARG…]
  exatop compare BASE CAND [--markdown|--json] [--threshold PCT] [--fail-on any|regression]
  exatop record --out FILE [--interval S] [--max-size SIZE] [--keep N] [--duration D]
  exatop report FILE… [--json] [--checklist] [--baseline RUN --run RUN] [--fill-run RUN --label L]
  exatop replay FILE [--last D] [--play] [--speed N]
  exatop verify [--for 15m] [--expect generator|asyncio] [--neighbors A,B…] [target options]
  exatop announce-restart [--within 10m] [--by TEXT] [target options]
  exatop incident [RECORDING] [--kind K] [--match RE] [--baseline FILE…] [--json] [target options]
  exatop serve [--listen 127.0.0.1:9576] [--allow-remote] [--interval S] [target options]
  exatop completion bash|zsh

With no command exatop finds the local ExaBGP daemon by itself, shows its memory, CPU and
file descriptors live, asks its control channel for the BGP neighbors (read-only commands
only), and follows it across restarts. Without a terminal on stdout it prints one JSON
snapshot and exits.

Options:
  --pid N            watch this daemon (its successor is found by its configuration)
  --pidfile FILE     watch the daemon named by this pid file (exabgp_daemon_pid)
  --control PATH     the daemon's pipe pair (PATH.in/.out or their folder) or 6.0 unix socket
  --log FILE         follow this log file too (repeatable); found by itself otherwise
  --journal UNIT     follow this systemd unit's journal too (repeatable)
  --since DURATION   read the log back this far (30m, 2h, 1d) where the source keeps it
  --log-lines N      the last N lines of each log shown when it is opened, as tail -f does (default 50; 0 none)
  --interval SECONDS sampling interval, 0.25..60 (default 1)
  --refresh SECONDS  how often the TUI draws, 0.25..60 (default 2; + and - change it live)
  --spark STYLE      sparkline glyphs: blocks (default), braille or ascii
  --or-lab           no daemon on this host: start the embedded lab and watch it
  --config FILE      alert rules and hook (default $XDG_CONFIG_HOME/exatop/config.json)
  --on-alert PROGRAM run PROGRAM for every alert that starts or ends, the alert as JSON on stdin
  --serve HOST:PORT  Prometheus metrics beside the TUI (loopback unless --allow-remote)
  --runs-dir DIR     where comparison runs are kept (default $XDG_STATE_HOME/exatop/runs)
  --capture-duration D  CPU-average window of the Compare tab's C capture (default 1h)
  --restart-cmd PROGRAM ARG…  (last) what the Compare tab's E and P run to restart the daemon,
                     after you confirm, e.g. --restart-cmd systemctl restart exabgp
  -h, --help         this help;  exatop COMMAND --help for a command's own
  -V, --version      exatop's version

Keys: ? in the monitor lists them all. Exit codes: 0 ok, 1 failure, 2 bad usage or config, 3 incomplete (a part lacked data).
Environment: NO_COLOR disables colours; EXATOP_LAB_DIR moves the lab's folder.
`;

const WATCH_OPTIONS = {
  ...TARGET_OPTIONS,
  ...ALERT_OPTIONS,
  interval: { type: 'string' },
  refresh: { type: 'string' },
  spark: { type: 'string' },
  'or-lab': { type: 'boolean' },
  'runs-dir': { type: 'string' },
  'capture-duration': { type: 'string' },
  serve: { type: 'string' },
  'allow-remote': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

const SPARK_STYLES: SparkStyle[] = ['blocks', 'braille', 'ascii'];

/** A sub-command: its usage text, and its arguments parsed into what runs it (loaded on demand). */
interface SubCommand {
  usage: string;
  prepare(argv: string[]): { help: boolean; run(): Promise<number> };
}

function subCommand<A extends { help: boolean }>(usage: string, parse: (argv: string[]) => A, run: (args: A) => Promise<number>): SubCommand {
  return {
    usage,
    prepare: (argv) => {
      const args = parse(argv);
      return { help: args.help, run: () => run(args) };
    },
  };
}

/**
 * Every command, in one table: its usage and how its arguments become what runs it. The empty
 * name is `exatop [options]`, the TUI; `exatop help` is the top usage.
 */
const COMMANDS: Record<string, () => Promise<SubCommand>> = {
  '': async () => WATCH,
  snapshot: async () => {
    const m = await import('./commands/snapshot.js');
    return subCommand(m.SNAPSHOT_USAGE, m.parseSnapshotArgs, m.runSnapshot);
  },
  capture: async () => {
    const m = await import('./commands/capture.js');
    return subCommand(m.CAPTURE_USAGE, m.parseCaptureArgs, m.runCapture);
  },
  compare: async () => {
    const m = await import('./commands/compare.js');
    return subCommand(m.COMPARE_USAGE, m.parseCompareArgs, m.runCompare);
  },
  record: async () => {
    const m = await import('./commands/record.js');
    return subCommand(m.RECORD_USAGE, m.parseRecordArgs, m.runRecord);
  },
  report: async () => {
    const m = await import('./commands/report.js');
    return subCommand(m.REPORT_USAGE, m.parseReportArgs, m.runReport);
  },
  verify: async () => {
    const m = await import('./commands/verify.js');
    return subCommand(m.VERIFY_USAGE, m.parseVerifyArgs, m.runVerify);
  },
  'announce-restart': async () => {
    const m = await import('./commands/announce-restart.js');
    return subCommand(m.ANNOUNCE_USAGE, m.parseAnnounceArgs, m.runAnnounce);
  },
  incident: async () => {
    const m = await import('./commands/incident.js');
    return subCommand(m.INCIDENT_USAGE, m.parseIncidentArgs, m.runIncident);
  },
  serve: async () => {
    const m = await import('./commands/serve.js');
    return subCommand(m.SERVE_USAGE, m.parseServeArgs, m.runServe);
  },
  completion: async () => {
    const m = await import('./commands/completion.js');
    return subCommand(m.COMPLETION_USAGE, m.parseCompletionArgs, async (args) => m.runCompletion(args, USAGE, await commandHelp()));
  },
  replay: async () => {
    // Draws with Ink, which reads the environment as it loads: settle it before the import.
    preferLiveTerminal();
    const m = await import('./commands/replay.js');
    return subCommand(m.REPLAY_USAGE, m.parseReplayArgs, m.runReplay);
  },
  lab: async () => {
    const m = await import('./commands/lab.js');
    // `exatop lab` alone: start a lab, watch it, stop it; with an action: that action
    return subCommand(m.LAB_USAGE, m.parseLabArgs, (args) => (args.action === '' ? runLabSession(m.labRequest(args)) : m.runLabAction(args)));
  },
};

/** Every named command's usage text, for the man page and the shell completion. */
export async function commandHelp(): Promise<{ name: string; usage: string }[]> {
  const named = Object.entries(COMMANDS).filter(([name]) => name !== '');
  return Promise.all(named.map(async ([name, load]) => ({ name, usage: (await load()).usage })));
}

async function main(argv: string[]): Promise<number> {
  if (noColorRequested()) process.env['FORCE_COLOR'] = '0';
  const [command, ...rest] = argv;
  if (command === 'help') return print(USAGE);
  const name = command === undefined || command.startsWith('-') ? '' : command;
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  const sub = await load();
  const prepared = sub.prepare(name === '' ? argv : rest);
  if (prepared.help) return print(sub.usage);
  return prepared.run();
}

/** `exatop [options]`: the TUI (or, with no terminal, one snapshot). */
const WATCH: SubCommand = {
  usage: USAGE,
  prepare(argv) {
    // Everything after --restart-cmd is the command to run, as an argument list.
    const split = argv.indexOf('--restart-cmd');
    const restartCommand = split < 0 ? null : argv.slice(split + 1);
    if (restartCommand?.length === 0) throw new UsageError('--restart-cmd needs the program to run, e.g. --restart-cmd systemctl restart exabgp');
    const { values } = parseArgs({ args: split < 0 ? argv : argv.slice(0, split), options: WATCH_OPTIONS, allowPositionals: false, strict: true });
    if (values.help) return { help: true, run: async () => EXIT.ok };
    if (values.version) return { help: false, run: async () => print(`${packageVersion()}\n`) };
    const intervalMs = positiveNumber('--interval', values.interval, 1) * 1000;
    const redrawMs = positiveNumber('--refresh', values.refresh, DEFAULT_REDRAW_MS / 1000) * 1000;
    const style = (values.spark ?? 'blocks') as SparkStyle;
    if (!SPARK_STYLES.includes(style)) throw new UsageError(`--spark takes ${SPARK_STYLES.join(', ')}, got ${values.spark}`);
    const target = targetFrom(values);
    return { help: false, run: () => watch(values, { intervalMs, redrawMs, style, target, restartCommand }) };
  },
};

type WatchValues = ReturnType<typeof parseArgs<{ options: typeof WATCH_OPTIONS }>>['values'];

async function watch(values: WatchValues, parsed: { intervalMs: number; redrawMs: number; style: SparkStyle; target: Target; restartCommand: string[] | null }): Promise<number> {
  const { intervalMs, redrawMs, style, target, restartCommand } = parsed;
  const comparison = await comparisonOptions(values['runs-dir'], values['capture-duration'], restartCommand);
  if (values['or-lab'] && target.kind === 'auto') {
    const found = await locate(new ProcFs(), target);
    if (found.status === 'none') {
      process.stderr.write('exatop: no ExaBGP daemon on this host: starting the embedded lab (exatop lab)\n');
      const { defaultLabRoot } = await import('./io/lab/lab.js');
      return runLabSession({ root: defaultLabRoot(), slot: 0 }, intervalMs, style);
    }
  }
  const { runWatch } = await loadWatch();
  const serve = values.serve === undefined ? undefined : await serveAddress(values.serve, values['allow-remote'] ?? false);
  return runWatch({ target, intervalMs, redrawMs, style, sources: sourceOptions(values), ...comparison, alerts: { configPath: values.config, onAlert: values['on-alert'] }, serve });
}

async function serveAddress(text: string, allowRemote: boolean) {
  const { parseListen, isLoopback } = await import('./commands/serve.js');
  const address = parseListen(text);
  if (!isLoopback(address.host) && !allowRemote) throw new UsageError(`--serve ${text}: not a loopback address; add --allow-remote if anyone who can reach it may read the metrics`);
  return address;
}

async function comparisonOptions(runsDir: string | undefined, captureDuration: string | undefined, restartCommand: string[] | null) {
  const { defaultRunsDir } = await import('./io/runs/store.js');
  const { parseDuration } = await import('./core/duration.js');
  const captureDurationMs = captureDuration === undefined ? 3_600_000 : parseDuration(captureDuration);
  if (captureDurationMs === null || captureDurationMs <= 0) throw new UsageError(`--capture-duration takes a duration such as 10m or 1h, got ${JSON.stringify(captureDuration)}`);
  return { runsDir: runsDir ?? defaultRunsDir(), captureDurationMs, restartCommand };
}

/** `exatop lab`: start a lab, watch it, and stop it again when the monitor exits. */
async function runLabSession(request: LabRequest & { root: string; slot: number }, intervalMs = 1000, style: SparkStyle = 'blocks'): Promise<number> {
  const { labUp, labDown } = await import('./io/lab/lab.js');
  const { root, slot } = request;
  const lab = await labUp({ ...request, progress: (line) => process.stderr.write(`${line}\n`) });
  try {
    const { runWatch } = await loadWatch();
    // The lab restarts its own daemon for establishment captures.
    const restart = [process.execPath, process.argv[1] ?? 'exatop', 'lab', 'restart', '--slot', String(slot), '--dir', root];
    const events = { kind: 'file' as const, path: lab.plan.eventsLog, how: 'the lab\'s API event stream (NOTIFICATIONs, session changes)' };
    return await runWatch({ target: { kind: 'pidfile', path: lab.plan.pidFile }, intervalMs, style, sources: { logSources: [events] }, ...(await comparisonOptions(undefined, undefined, restart)), alerts: { configPath: undefined, onAlert: undefined } });
  } finally {
    const stopped = await labDown(root, slot);
    process.stderr.write(`exatop: lab stopped (${stopped.join(', ') || 'nothing was running'})\n`);
  }
}

/**
 * A terminal on stdout means a person is watching, whatever the environment says: Ink draws
 * only a final frame when it sees a CI variable, and chalk then drops colours. Both read the
 * environment once, when they load, so it is settled before the import.
 */
function preferLiveTerminal(): void {
  if (!process.stdout.isTTY) return;
  process.env['CI'] = 'false';
  // Under NO_COLOR too: chalk's level 0 would drop inverse video, the theme drops the colours.
  if (noColorRequested() || process.env['FORCE_COLOR'] === undefined) process.env['FORCE_COLOR'] = String(terminalColourLevel(process.env));
}

async function loadWatch(): Promise<typeof import('./commands/watch.js')> {
  preferLiveTerminal();
  return import('./commands/watch.js');
}

function print(text: string): number {
  process.stdout.write(text);
  return 0;
}

function isUsageError(error: unknown): boolean {
  if (error instanceof UsageError) return true;
  const code = (error as { code?: string })?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

export async function run(argv: string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (error) {
    // Messages name files and quote what was read: outside text, made printable like the rest.
    const message = printableBlock(error instanceof Error ? error.message : String(error));
    if (isUsageError(error)) {
      process.stderr.write(`exatop: ${message}\nTry 'exatop --help'.\n`);
      return EXIT.usage;
    }
    if (error instanceof ExitError) {
      process.stderr.write(`${error.prefix}: ${message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`exatop: ${error instanceof Error && process.env['EXATOP_DEBUG'] ? printableBlock(error.stack ?? message) : message}\n`);
    return EXIT.failed;
  }
}
