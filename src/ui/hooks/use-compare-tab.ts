// The Compare tab's state and what its keys do: runs on disk and named ones, the selection,
// baseline and candidate, captures, typed figures, the export and the mode guidance.
import { useEffect, useState } from 'react';
import type { ModeGuidance } from '../../core/daemon/mode-guidance.js';
import type { CaptureKind } from '../../core/model/capture.js';
import { parseManualValue } from '../../core/compare/manual.js';
import type { MonitorState } from '../../core/model/state.js';
import type { ListedRun, MetricName } from '../../core/compare/run-schema.js';
import type { RunsControl } from '../ports.js';
import type { CompareAction } from '../screen/reducer.js';
import { selectedRun, type ScreenState } from '../screen/state.js';

const VALUE_METRICS: Record<string, MetricName> = { est: 'establishment', establishment: 'establishment', rss: 'rss24h', avg: 'cpuAvg', cpu: 'cpuAvg', peak: 'cpuPeak' };

export type Ask = (purpose: 'label' | 'value' | 'confirm', question: string, submit: (text: string) => void) => void;

/**
 * The Compare tab's runs and what its keys do on disk. Which run is selected, the baseline and
 * the candidate are screen state (the reducer moves them); `screen` reads the latest of it.
 */
export function useCompareTab(state: MonitorState, runsControl: RunsControl | undefined, visible: boolean, ask: Ask, screen: () => ScreenState, selectRun: (file: string) => void) {
  const [diskRuns, setDiskRuns] = useState<ListedRun[]>([]);
  // Runs named with n but not written yet: they appear on disk with their first figure.
  const [pendingRuns, setPendingRuns] = useState<ListedRun[]>([]);
  const runs = [...diskRuns, ...pendingRuns.filter((p) => !diskRuns.some((d) => d.file === p.file))].sort((a, b) => a.file.localeCompare(b.file));
  const [guidance, setGuidance] = useState<ModeGuidance | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => {
    void runsControl?.list().then(setDiskRuns, (error: unknown) => setNotice(`cannot list runs: ${String(error)}`));
  };
  useEffect(() => {
    if (!visible || !runsControl) return;
    refresh();
    void runsControl.guidance().then(setGuidance, () => setGuidance(null));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runsControl lives as long as the App; refresh on what changes runs
  }, [visible, state.capture?.state, state.daemon?.pid]);

  // The selection follows the file, not the row: the list reorders as runs appear.
  const selected = () => runs[selectedRun(screen(), runs.map((r) => r.file))];
  const capture = (kind: CaptureKind) => {
    const run = selected();
    if (!runsControl) return setNotice('runs cannot be kept here');
    if (!run || !('run' in run)) return setNotice('select a run first (n makes one)');
    if (!state.daemon) return setNotice('no daemon attached to measure');
    const go = () => setNotice(runsControl.capture(kind, run.run.label, run.file) ? `capturing ${kind} into ${run.file}` : 'a capture is already running (K stops it)');
    if (kind !== 'establishment' && kind !== 'peak') return go();
    const how = runsControl.restartCommand ? `restart ExaBGP (pid ${state.daemon.pid}) ${kind === 'peak' ? 'once' : '10 times'} with \`${runsControl.restartCommand.join(' ')}\`` : 'wait for the daemon to restart on its own (no --restart-cmd given)';
    ask('confirm', `${how}? type yes and Enter`, (answer) => (/^y(es)?$/i.test(answer.trim()) ? go() : setNotice('not confirmed: nothing done')));
  };
  const newRun = () => {
    if (!runsControl) return setNotice('runs cannot be kept here');
    ask('label', 'label of the new run (generator, async, or your own):', (label) => {
      const clean = label.trim();
      if (!/^[\w.+-]{1,40}$/.test(clean)) return setNotice('a label is 1..40 letters, digits, . _ + or -');
      const file = runsControl.fileFor(clean);
      const now = new Date().toISOString();
      const exabgp = { version: state.daemon?.version?.version ?? null, reactor: state.daemon?.reactor.mode ?? ('unknown' as const), reactorSource: null, config: null };
      setPendingRuns((list) => [...list.filter((r) => r.file !== file), { file, run: { format: 'exatop-run', version: 1, label: clean, host: '', exabgp, createdAt: now, updatedAt: now, metrics: {} } }]);
      selectRun(file);
      setNotice(`run "${clean}" will be written to ${file} with its first figure`);
    });
  };
  const typeValue = () => {
    const run = selected();
    if (!runsControl || !run || !('run' in run)) return setNotice('select a run first (n makes one)');
    ask('value', `figure for "${run.run.label}": est|rss|avg|peak VALUE (e.g. est 0.42s, rss 31.5MB, avg 2%)`, (text) => {
      const [name, ...rest] = text.trim().split(/\s+/);
      const metric = VALUE_METRICS[(name ?? '').toLowerCase()];
      if (!metric) return setNotice('start with est, rss, avg or peak');
      const parsed = parseManualValue(metric, rest.join(' '));
      if (!parsed.ok) return setNotice(parsed.error);
      runsControl.saveManual(run.file, run.run.label, metric, parsed.value).then(
        () => {
          setNotice(`${metric} = ${parsed.value} typed by hand into ${run.file}`);
          refresh();
        },
        (error: unknown) => setNotice(`not saved: ${error instanceof Error ? error.message : String(error)}`),
      );
    });
  };
  const exportMarkdown = () => {
    const { baseline, candidate } = screen();
    if (!runsControl || !baseline || !candidate) return setNotice('mark a baseline (b) and a candidate (c) first');
    void runsControl.exportMarkdown(baseline, candidate).then(
      (path) => setNotice(`exported to ${path}`),
      (error: unknown) => setNotice(`not exported: ${error instanceof Error ? error.message : String(error)}`),
    );
  };

  const handle = (action: CompareAction): void => {
    switch (action) {
      case 'new-run': return newRun();
      case 'type-value': return typeValue();
      case 'capture-establishment': return capture('establishment');
      case 'capture-peak': return capture('peak');
      case 'capture-cpu': return capture('cpu');
      case 'capture-rss': return capture('rss');
      case 'cancel-capture': return runsControl?.cancelCapture();
      case 'export': return exportMarkdown();
    }
  };

  return { runs, guidance, notice, handle };
}

export type CompareTab = ReturnType<typeof useCompareTab>;
