// The interactive monitor. Without a terminal on stdout it prints one snapshot instead.
import { totalmem } from 'node:os';
import { render } from 'ink';
import type { Target } from '../core/model/daemon.js';
import type { SparkStyle } from '../core/sparkline.js';
import { type MonitorOptions } from '../session/monitor.js';
import { incidentFromState, saveIncident as saveIncidentFile } from '../session/incident.js';
import type { LogEntry } from '../core/logs/types.js';
import { App } from '../ui/app.js';
import type { MonitorControl } from '../ui/ports.js';
import { loadAlertSetup, type AlertArgs } from './common.js';
import { startMetricsServer, type ListenAddress } from './serve.js';
import { runsControl } from './runs-control.js';
import { saveTextFile } from './save-text.js';
import { dumbTerminal, themeFor } from '../ui/theme.js';
import { runSnapshot } from './snapshot.js';
import { RedrawGate } from '../session/redraw-gate.js';
import { openSession } from '../session/session.js';

export interface WatchOptions {
  target: Target;
  sources: MonitorOptions;
  runsDir: string;
  restartCommand: string[] | null;
  captureDurationMs: number;
  alerts: AlertArgs;
  /** --serve HOST:PORT: Prometheus metrics beside the TUI. */
  serve?: ListenAddress | undefined;
  intervalMs: number;
  /** --refresh: the redraw period (default 2 s). */
  redrawMs?: number;
  style: SparkStyle;
}

const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[H';
const LEAVE_ALT_SCREEN = '\x1b[?1049l';
const SHOW_CURSOR = '\x1b[?25h';

export async function runWatch(options: WatchOptions): Promise<number> {
  // Checked first, terminal or not: a bad config is fatal before anything is drawn or printed.
  const setup = await loadAlertSetup(options.alerts);
  if (!process.stdout.isTTY || dumbTerminal()) {
    const why = process.stdout.isTTY ? 'TERM=dumb cannot move the cursor' : 'stdout is not a terminal';
    process.stderr.write(`exatop: ${why}: printing one snapshot (use \`exatop snapshot --json\` in scripts)\n`);
    return runSnapshot({ target: options.target, windowSeconds: 1, sources: options.sources, help: false });
  }
  const hookErrors: string[] = [];
  const session = openSession({ target: options.target, intervalMs: options.intervalMs, redrawMs: options.redrawMs, sources: options.sources, alerts: { ...setup, say: (line) => hookErrors.push(line) } });
  const { store, monitor, proc } = session;
  const metrics = options.serve ? await startMetricsServer(store, options.serve) : null;
  const runs = runsControl({ store, proc, sharing: session.sharing, target: options.target, controlPath: options.sources.controlPath, runsDir: options.runsDir, restartCommand: options.restartCommand, captureDurationMs: options.captureDurationMs });
  const gate = new RedrawGate(store);
  process.stdout.write(ENTER_ALT_SCREEN);
  const watchStart = Date.now();
  const saveIncident = async (entry: LogEntry) => {
    const result = await incidentFromState(store.getState(), entry, proc, [], 300_000, watchStart, Date.now());
    if (!result.ok) throw new Error(result.message);
    return (await saveIncidentFile(result.incident, options.runsDir, false)).path;
  };
  const control: MonitorControl = { choose: (pid) => monitor.choose(pid), poke: () => monitor.poke(), wantFull: (on) => monitor.wantFull(on), saveText: (prefix, text) => saveTextFile(prefix, text), saveIncident, runs };
  const instance = render(
    <App store={gate} control={control} theme={themeFor()} totalMemoryBytes={totalmem()} initialStyle={options.style} />,
    { exitOnCtrlC: true, maxFps: 10, patchConsole: true },
  );
  const stop = () => instance.unmount();
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT'];
  for (const signal of signals) process.on(signal, stop);
  monitor.start();
  try {
    await instance.waitUntilExit();
  } finally {
    gate.close();
    session.stop();
    runs.stop();
    await metrics?.close();
    for (const signal of signals) process.off(signal, stop);
    process.stdout.write(LEAVE_ALT_SCREEN + SHOW_CURSOR);
    for (const line of hookErrors.slice(-5)) process.stderr.write(`exatop: ${line}\n`);
    if (metrics) process.stderr.write(`exatop: metrics were served on ${metrics.url}\n`);
  }
  return 0;
}
