// The comparison tab's I/O for the TUI: run files, captures in the background, manual figures,
// the Markdown export and the mode guidance of the attached daemon.
import { join } from 'node:path';
import type { Target } from '../core/model/daemon.js';
import { probeModeGuidance } from '../io/daemon/mode-guidance-probe.js';
import type { ProcFs } from '../io/procfs.js';
import { CaptureManager } from '../session/capture/manager.js';
import { exabgpInfo } from '../session/capture/attach-once.js';
import { compareRuns, TEMPLATE_RULE } from '../core/compare/compare.js';
import { manualFigure } from '../core/compare/manual.js';
import { runsMarkdown } from '../core/compare/markdown.js';
import type { Store } from '../core/store.js';
import { listRuns, readRun, saveMetric } from '../io/runs/store.js';
import type { RunsControl } from '../ui/ports.js';
import { saveTextFile } from './save-text.js';
import type { ControlSharing } from '../session/shared-control.js';

export interface RunsControlOptions {
  store: Store;
  proc: ProcFs;
  /** The session's one-poller sharing: captures started here poll through it. */
  sharing: ControlSharing | null | undefined;
  target: Target;
  controlPath?: string | undefined;
  runsDir: string;
  restartCommand: string[] | null;
  captureDurationMs: number;
}

export function runsControl(options: RunsControlOptions): RunsControl & { stop(): void } {
  const { store, proc, runsDir } = options;
  const manager = new CaptureManager(store, proc, undefined, options.sharing ?? null);
  const daemonTarget = (): Target => {
    const d = store.getState().daemon;
    return options.target.kind === 'pidfile' ? options.target : d ? { kind: 'pid', pid: d.pid } : options.target;
  };
  return {
    dir: runsDir,
    restartCommand: options.restartCommand,
    list: () => listRuns(runsDir),
    fileFor: (label) => join(runsDir, `${label}.json`),
    capture(kind, label, file) {
      return manager.start({
        kind, label, file, target: daemonTarget(), controlPath: options.controlPath,
        runs: kind === 'establishment' ? 10 : 1, timeoutMs: 60_000, durationMs: options.captureDurationMs,
        targetUptimeMs: 86_400_000, wait: false, restartCommand: options.restartCommand,
      });
    },
    cancelCapture: () => manager.cancel(),
    async saveManual(file, label, metric, value) {
      const daemon = store.getState().daemon;
      const info = daemon ? exabgpInfo(daemon) : { version: null, reactor: 'unknown' as const, reactorSource: null, config: null };
      await saveMetric(file, label, metric, manualFigure(metric, value, new Date()), info);
    },
    async exportMarkdown(baseline, candidate) {
      const [b, c] = [await readRun(baseline), await readRun(candidate)];
      const text = runsMarkdown({ file: baseline, run: b }, { file: candidate, run: c }, compareRuns(b, c, TEMPLATE_RULE));
      return saveTextFile('exatop-comparison', text, new Date(), '.md');
    },
    async guidance() {
      const daemon = store.getState().daemon;
      return daemon ? probeModeGuidance(proc, daemon) : null;
    },
    stop: () => manager.cancel(),
  };
}
