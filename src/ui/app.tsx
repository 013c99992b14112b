import { Box, Text, useApp, useInput, useStdin } from 'ink';
import { useEffect, useState } from 'react';
import type { ModeGuidance } from '../core/daemon/mode-guidance.js';
import type { MetricName, ListedRun } from '../core/compare/run-schema.js';
import type { CaptureKind } from '../core/model/capture.js';
import { useCompareTab } from './hooks/use-compare-tab.js';
import { AlertsPanel } from './panels/alerts-panel.js';
import { ReplayBar } from './panels/replay-bar.js';
import { ComparePanel } from './panels/compare-panel.js';
import { NO_DAEMON_HELP } from '../core/model/daemon.js';
import { entriesAsText, visibleEntries } from '../core/logs/view.js';
import { establishedCount, filterRows, SORT_KEYS, sortRows, type SortKey } from '../core/model/neighbors.js';
import type { SparkStyle } from '../core/sparkline.js';
import { neighborsStale } from '../core/model/state.js';
import type { Store } from '../core/store.js';
import { useMonitorState } from './hooks/use-monitor-state.js';
import { useNow } from './hooks/use-now.js';
import { useSyncedState } from './hooks/use-synced-state.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { actionFor, scopesFor } from './keymap.js';
import { Footer } from './panels/footer.js';
import { Header } from './panels/header.js';
import { HelpOverlay } from './panels/help-overlay.js';
import { LogsPanel } from './panels/logs-panel.js';
import { TabBar, type Tab } from './panels/tab-bar.js';
import { MessagePanel } from './panels/message-panel.js';
import { detailLines, TextOverlay } from './panels/neighbor-details.js';
import { NeighborsPanel } from './panels/neighbors-panel.js';
import { Picker } from './panels/picker.js';
import { MIN_COLUMNS, MIN_ROWS, TooSmall } from './panels/too-small.js';
import { COMPACT_VITALS_HEIGHT, VitalsPanel } from './panels/vitals-panel.js';
import type { Theme } from './theme.js';

/** What the views may ask of the monitor; views never do I/O themselves. */
export interface MonitorControl {
  choose(pid: number): void;
  poke(): void;
  /** Writes text to a new file (atomically) and says where. */
  saveText(prefix: string, text: string): Promise<string>;
  /** The comparison tab's I/O; absent where runs cannot be kept. */
  runs?: RunsControl;
}

export interface RunsControl {
  dir: string;
  /** What restarts the daemon for establishment captures; null: wait for restarts that happen. */
  restartCommand: string[] | null;
  list(): Promise<ListedRun[]>;
  fileFor(label: string): string;
  capture(kind: CaptureKind, label: string, file: string): boolean;
  cancelCapture(): void;
  saveManual(file: string, label: string, metric: MetricName, value: number): Promise<void>;
  exportMarkdown(baseline: string, candidate: string): Promise<string>;
  guidance(): Promise<ModeGuidance | null>;
}

/** A recording played back: the panels show it, this drives its clock. */
export interface ReplayControl {
  position(): { index: number; total: number; t: number; playing: boolean; speed: number };
  now(): number;
  onChange(listener: () => void): () => void;
  toggle(): void;
  step(by: number): void;
  seek(index: number): void;
  faster(): void;
  slower(): void;
}

/** Something being typed: a filter, a run's label, a figure, or a confirmation. */
interface Prompt {
  purpose: 'label' | 'value' | 'confirm';
  question: string;
  text: string;
  submit: (text: string) => void;
}



export interface AppProps {
  store: Store;
  control: MonitorControl;
  theme: Theme;
  totalMemoryBytes: number;
  initialStyle?: SparkStyle;
  replay?: ReplayControl;
}

type Overlay = 'help' | 'details' | 'raw' | 'entry' | null;

const STYLES: SparkStyle[] = ['blocks', 'braille', 'ascii'];

/** Vitals take what they need up to half the body; the neighbor table gets the rest. */
export function splitBody(body: number): { vitals: number; neighbors: number } {
  if (body < 16) return { vitals: COMPACT_VITALS_HEIGHT, neighbors: Math.max(0, body - COMPACT_VITALS_HEIGHT) };
  const vitals = Math.min(18, Math.floor(body / 2));
  return { vitals, neighbors: body - vitals };
}

export function App({ store, control, theme, totalMemoryBytes, initialStyle = 'blocks', replay }: AppProps) {
  const state = useMonitorState(store);
  const { columns, rows } = useTerminalSize();
  const wallNow = useNow();
  const [, setReplayTick] = useState(0);
  useEffect(() => replay?.onChange(() => setReplayTick((n) => n + 1)), [replay]);
  // Durations on screen count in the recording's time when replaying.
  const now = replay ? replay.now() : wallNow;
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const [overlay, setOverlay, overlayRef] = useSyncedState<Overlay>(null);
  const [style, setStyle] = useState<SparkStyle>(initialStyle);
  // Everything a key decides from is synced state: the next key in the same tick sees it.
  const [pick, setPick, pickRef] = useSyncedState(0);
  const [sortKey, setSortKey] = useState<SortKey>('address');
  const [filter, setFilter] = useState('');
  const [filtering, setFiltering, filteringRef] = useSyncedState(false);
  const [tab, setTab, tabRef] = useSyncedState<Tab>('overview');
  const [prompt, setPrompt, promptRef] = useSyncedState<Prompt | null>(null);
  const [logFilter, setLogFilter] = useState('');
  const [errorsOnly, setErrorsOnly] = useState(false);
  const [showTime, setShowTime] = useState(true);
  const [following, setFollowing, followingRef] = useSyncedState(true);
  const [notice, setNotice] = useState<string | null>(null);
  const [logCursor, setLogCursor, logCursorRef] = useSyncedState(0);
  const [selectedAddress, setSelectedAddress, selectedRef] = useSyncedState<string | null>(null);

  const picking = state.phase === 'several' && overlay === null;
  const modeOf = (isTyping: boolean, currentOverlay: Overlay, currentTab: Tab) =>
    isTyping ? 'filter' : state.phase === 'several' && currentOverlay === null ? 'picker' : currentOverlay ? 'overlay' : currentTab === 'logs' ? 'logs' : currentTab === 'compare' ? 'compare' : 'main';
  const mode = modeOf(filtering || prompt !== null, overlay, tab);
  const replaying = replay !== undefined;
  const ask = (purpose: Prompt['purpose'], question: string, submit: (text: string) => void) => setPrompt({ purpose, question, text: '', submit });
  const compare = useCompareTab(state, control.runs, tab === 'compare', ask);
  const logEntries = visibleEntries(state.logs.entries, { pattern: logFilter, errorsOnly });
  const logSelected = following ? logEntries.length - 1 : Math.min(logCursor, logEntries.length - 1);
  const editFilter = (edit: (f: string) => string) => (tabRef.current === 'logs' ? setLogFilter(edit) : setFilter(edit));
  const logPage = Math.max(1, rows - 1 - 4 - 5);
  const moveLog = (delta: number) => {
    const from = followingRef.current ? logEntries.length - 1 : logCursorRef.current;
    const to = Math.max(0, Math.min(logEntries.length - 1, from + delta));
    setFollowing(to >= logEntries.length - 1 && delta > 0);
    setLogCursor(to);
  };
  const shown = sortRows(filterRows(state.neighbors, filter), sortKey);
  const selected = Math.max(0, shown.findIndex((r) => r.address === selectedAddress));
  const selectedNow = () => Math.max(0, shown.findIndex((r) => r.address === selectedRef.current));
  const height = rows - 1;
  const body = height - 4 - (replay ? 1 : 0);
  const neighborRows = Math.max(1, splitBody(body).neighbors - 5);
  const moveTo = (index: number) => setSelectedAddress(shown[Math.min(Math.max(0, index), shown.length - 1)]?.address ?? null);

  useInput(
    (input, key) => {
      const currentMode = modeOf(filteringRef.current || promptRef.current !== null, overlayRef.current, tabRef.current);
      const action = actionFor({ input, ctrl: key.ctrl, escape: key.escape, return: key.return, upArrow: key.upArrow, downArrow: key.downArrow, leftArrow: key.leftArrow, rightArrow: key.rightArrow, pageUp: key.pageUp, pageDown: key.pageDown, backspace: key.backspace, delete: key.delete, tab: key.tab, shift: key.shift }, scopesFor(currentMode, replaying));
      if (compare.handle(action)) return;
      switch (action) {
        case 'quit': return exit();
        case 'help': return setOverlay((o) => (o === 'help' ? null : 'help'));
        case 'close': return setOverlay(null);
        case 'pause': return store.dispatch({ type: 'paused', paused: !store.getState().paused });
        case 'faster':
        case 'slower': {
          const current = store.getState().intervalMs;
          store.dispatch({ type: 'interval', ms: action === 'faster' ? current / 2 : current * 2 });
          return control.poke();
        }
        case 'style': return setStyle((s) => STYLES[(STYLES.indexOf(s) + 1) % STYLES.length]!);
        case 'up': return setPick((i) => Math.max(0, i - 1));
        case 'down': return setPick((i) => Math.min(state.candidates.length - 1, i + 1));
        case 'select': {
          const chosen = state.candidates[pickRef.current];
          if (chosen) control.choose(chosen.pid);
          return;
        }
        case 'row-up': return moveTo(selectedNow() - 1);
        case 'row-down': return moveTo(selectedNow() + 1);
        case 'page-up': return moveTo(selectedNow() - neighborRows);
        case 'page-down': return moveTo(selectedNow() + neighborRows);
        case 'details': return shown.length > 0 ? setOverlay('details') : undefined;
        case 'raw': return setOverlay('raw');
        case 'sort': return setSortKey((k) => SORT_KEYS[(SORT_KEYS.indexOf(k) + 1) % SORT_KEYS.length]!);
        case 'filter':
        case 'log-filter': return setFiltering(true);
        case 'filter-accept': {
          const open = promptRef.current;
          if (!open) return setFiltering(false);
          setPrompt(null);
          return open.submit(open.text);
        }
        case 'filter-cancel':
          if (promptRef.current) return setPrompt(null);
          editFilter(() => '');
          return setFiltering(false);
        case 'filter-erase':
          if (promptRef.current) return setPrompt((p) => (p ? { ...p, text: p.text.slice(0, -1) } : p));
          return editFilter((f) => f.slice(0, -1));
        case 'tab-compare': return setTab('compare');
        case 'tab-alerts': return setTab('alerts');
        case 'replay-toggle': return replay?.toggle();
        case 'replay-back': return replay?.step(-1);
        case 'replay-forward': return replay?.step(1);
        case 'replay-back-minute': return replay?.step(-60);
        case 'replay-forward-minute': return replay?.step(60);
        case 'replay-faster': return replay?.faster();
        case 'replay-slower': return replay?.slower();
        case 'replay-start': return replay?.seek(0);
        case 'replay-end': return replay?.seek(Number.MAX_SAFE_INTEGER);
        case 'tab-overview': return setTab('overview');
        case 'tab-logs': return setTab('logs');
        case 'next-tab': return setTab((t) => (t === 'overview' ? 'logs' : t === 'logs' ? 'compare' : t === 'compare' ? 'alerts' : 'overview'));
        case 'log-up': return moveLog(-1);
        case 'log-down': return moveLog(1);
        case 'log-page-up': return moveLog(-logPage);
        case 'log-page-down': return moveLog(logPage);
        case 'follow': return setFollowing(true);
        case 'errors-only': return setErrorsOnly((e) => !e);
        case 'timestamps': return setShowTime((t) => !t);
        case 'expand': {
          const index = followingRef.current ? logEntries.length - 1 : Math.min(logCursorRef.current, logEntries.length - 1);
          return logEntries[index] ? setOverlay('entry') : undefined;
        }
        case 'save': {
          const text = entriesAsText(logEntries);
          setNotice('saving…');
          control.saveText('exatop-log', text).then(
            (path) => setNotice(`saved ${logEntries.length} entries to ${path}`),
            (error: unknown) => setNotice(`could not save: ${error instanceof Error ? error.message : String(error)}`),
          );
          return;
        }
        default:
          if (currentMode === 'filter' && input && !key.ctrl && !key.meta) {
            if (promptRef.current) setPrompt((p) => (p ? { ...p, text: p.text + input } : p));
            else editFilter((f) => f + input);
          }
      }
    },
    { isActive: isRawModeSupported === true },
  );

  // One line short of the terminal: Ink clears the whole screen on every frame otherwise.
  if (columns < MIN_COLUMNS || height < MIN_ROWS) return <TooSmall columns={columns} rows={height} />;
  let content;
  if (overlay === 'help') content = <HelpOverlay theme={theme} width={columns} height={body} />;
  else if (overlay === 'details' && shown[selected]) content = <TextOverlay title="Neighbor details" lines={detailLines(shown[selected]!, now)} theme={theme} width={columns} height={body} />;
  else if (overlay === 'entry' && logEntries[logSelected]) {
    const e = logEntries[logSelected]!;
    const head = e.exception ? `${e.exception.type}: ${e.exception.message}${e.exception.origin ? ` (at ${e.exception.origin})` : ''}` : e.summary;
    content = <TextOverlay title={`${e.class} ×${e.count} · ${new Date(e.first).toISOString()} → ${new Date(e.last).toISOString()}`} lines={[head, '', ...(e.lines.length ? e.lines : [e.summary])]} theme={theme} width={columns} height={body} />;
  } else if (overlay === 'raw') {
    const raw = state.control.raw;
    content = <TextOverlay title={`Control channel: last unusable answer${state.control.error ? ` (${state.control.error})` : ''}`} lines={raw ? raw.split('\n') : ['every answer so far was understood']} theme={theme} width={columns} height={body} />;
  } else if (picking) content = <Picker candidates={state.candidates} selected={pick} theme={theme} width={columns} height={body} />;
  else if (state.phase === 'none' && !state.daemon) {
    content = <MessagePanel title="No ExaBGP daemon" lines={[state.message ?? NO_DAEMON_HELP, '', 'exatop keeps looking and attaches as soon as one starts.']} theme={theme} width={columns} height={body} />;
  } else if (state.phase === 'searching' && !state.daemon) {
    content = <MessagePanel title="Looking for ExaBGP…" lines={['Scanning /proc for an ExaBGP daemon.']} theme={theme} width={columns} height={body} />;
  } else if (tab === 'alerts') {
    content = <AlertsPanel active={state.alerts.active} events={state.alerts.events} now={now} width={columns} height={body} theme={theme} />;
  } else if (tab === 'compare') {
    content = <ComparePanel dir={control.runs?.dir ?? 'nowhere: runs cannot be kept here'} runs={compare.runs} selected={compare.cursor} baseline={compare.baseline} candidate={compare.candidate} capture={state.capture} guidance={compare.guidance} notice={compare.notice} width={columns} height={body} theme={theme} />;
  } else if (tab === 'logs') {
    content = <LogsPanel logs={state.logs} entries={logEntries} selected={logSelected} following={following} filter={logFilter} filtering={filtering} errorsOnly={errorsOnly} showTime={showTime} notice={notice} width={columns} height={body} theme={theme} />;
  } else {
    const split = splitBody(body);
    const summary = establishedCount(state.neighbors);
    content = (
      <Box flexDirection="column">
        <VitalsPanel state={state} width={columns} height={split.vitals} style={style} theme={theme} totalMemoryBytes={totalMemoryBytes} />
        {split.neighbors >= 4 ? (
          <NeighborsPanel rows={shown} totalRows={summary.total} established={summary.established} selected={selected} control={state.control} stale={neighborsStale(state) || state.phase === 'lost'} sortKey={sortKey} filter={filter} filtering={filtering && tab === 'overview'} now={now} width={columns} height={split.neighbors} theme={theme} />
        ) : null}
      </Box>
    );
  }

  return (
    <Box flexDirection="column" width={columns} height={height}>
      <Header state={state} now={now} theme={theme} width={columns} />
      {replay ? <ReplayBar position={replay.position()} theme={theme} width={columns} /> : null}
      <TabBar tab={tab} counters={state.logs.counters} capture={state.capture} alerts={state.alerts.active.length} theme={theme} width={columns} />
      {prompt ? <Text wrap="truncate-end"><Text bold>{prompt.question} </Text><Text inverse>{prompt.text}▏</Text></Text> : null}
      {prompt ? <Box height={Math.max(0, body - 1)} overflow="hidden">{content}</Box> : content}
      <Footer scopes={scopesFor(mode, replaying)} theme={theme} width={columns} />
    </Box>
  );
}
