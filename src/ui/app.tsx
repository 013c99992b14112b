// The TUI's shell: the header, the replay bar, the tabs, the question being asked, the screen the
// router picks, and the footer. What keys do lives in the screen reducer (screen/reducer.ts).
import { Box, Text, useApp, useStdin } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { SparkStyle } from '../core/sparkline.js';
import type { StoreView } from '../core/store.js';
import { useCompareTab, type Ask } from './hooks/use-compare-tab.js';
import { useKeys } from './hooks/use-keys.js';
import { useMonitorState } from './hooks/use-monitor-state.js';
import { useNow } from './hooks/use-now.js';
import { useScreen } from './hooks/use-screen.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { scopesFor } from './keymap.js';
import { bodyRows, frameRows, PROMPT_ROWS, tooSmall } from './layout.js';
import { Footer } from './panels/footer.js';
import { Header } from './panels/header.js';
import { ReplayBar } from './panels/replay-bar.js';
import { TabBar } from './panels/tab-bar.js';
import { TooSmall } from './panels/too-small.js';
import type { MonitorControl, ReplayControl } from './ports.js';
import type { ScreenWorld } from './screen/reducer.js';
import { screenMode } from './screen/reducer.js';
import { initialScreen, selectedLogEntry, selectedNeighbor, shownLogEntries, shownNeighbors } from './screen/state.js';
import { ScreenRouter } from './screens/screen-router.js';
import type { Theme } from './theme.js';

export interface AppProps {
  store: StoreView;
  control: MonitorControl;
  theme: Theme;
  totalMemoryBytes: number;
  initialStyle?: SparkStyle;
  replay?: ReplayControl;
}

export function App({ store, control, theme, totalMemoryBytes, initialStyle = 'blocks', replay }: AppProps) {
  const state = useMonitorState(store);
  const { columns, rows } = useTerminalSize();
  const wallNow = useNow(state.redrawMs);
  const [, setReplayTick] = useState(0);
  useEffect(() => replay?.onChange(() => setReplayTick((n) => n + 1)), [replay]);
  // Durations on screen count in the recording's time when replaying.
  const now = replay ? replay.now() : wallNow;
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const replaying = replay !== undefined;
  const [screen, dispatch, latestScreen] = useScreen(() => initialScreen(initialStyle));
  // What the Compare tab asked: called with the answer when it is submitted.
  const answer = useRef<((text: string) => void) | null>(null);

  // The Compare tab's runs as last drawn: the reducer moves the selection over that list.
  const runFiles = useRef<string[]>([]);
  const world = (): ScreenWorld => {
    const s = store.getState();
    return { phase: s.phase, neighbors: s.neighbors, logEntries: s.logs.entries, candidates: s.candidates, runFiles: runFiles.current, terminalRows: rows, replaying };
  };
  const ask: Ask = (purpose, question, submit) => {
    answer.current = submit;
    dispatch({ type: 'ask', prompt: { purpose, question } }, world());
  };
  const selectRun = (file: string) => dispatch({ type: 'select-run', file }, world());
  const compare = useCompareTab(state, control.runs, screen.tab === 'compare', ask, latestScreen, selectRun);
  useEffect(() => {
    runFiles.current = compare.runs.map((r) => r.file);
  });
  // the details view shows fields only the full answer carries: the monitor asks it each tick then
  const detailsOpen = screen.overlay === 'details';
  useEffect(() => control.wantFull?.(detailsOpen), [control, detailsOpen]);
  useKeys({ store, control, replay, dispatch, screen: latestScreen, world, submit: (text) => answer.current?.(text), compare: compare.handle, exit }, isRawModeSupported === true);

  if (tooSmall(columns, rows)) return <TooSmall columns={columns} rows={rows} />;
  const body = bodyRows(rows, replaying);
  const neighborRows = shownNeighbors(screen, state.neighbors);
  const logEntries = shownLogEntries(screen, state.logs.entries);
  const content = (
    <ScreenRouter
      state={state}
      screen={screen}
      replaying={replaying}
      neighbors={{ shown: neighborRows, selected: selectedNeighbor(screen, neighborRows) }}
      logs={{ shown: logEntries, selected: selectedLogEntry(screen, logEntries) }}
      compare={compare}
      runsDir={control.runs?.dir}
      now={now}
      totalMemoryBytes={totalMemoryBytes}
      theme={theme}
      width={columns}
      height={body}
    />
  );
  const { prompt } = screen;
  return (
    <Box flexDirection="column" width={columns} height={frameRows(rows)}>
      <Header state={state} now={now} theme={theme} width={columns} />
      {replay ? <ReplayBar position={replay.position()} theme={theme} width={columns} /> : null}
      <TabBar tab={screen.tab} counters={state.logs.counters} capture={state.capture} alerts={state.alerts.active.length} theme={theme} width={columns} />
      {prompt ? <Text wrap="truncate-end"><Text bold>{prompt.question} </Text><Text inverse>{prompt.text}▏</Text></Text> : null}
      <Box flexDirection="column" height={Math.max(0, body - (prompt ? PROMPT_ROWS : 0))} overflow="hidden">{content}</Box>
      <Footer scopes={scopesFor(screenMode(screen, state.phase), replaying)} theme={theme} width={columns} />
    </Box>
  );
}
