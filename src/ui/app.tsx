import { Box, useApp, useInput, useStdin } from 'ink';
import { useRef, useState } from 'react';
import { NO_DAEMON_HELP } from '../attach/discover.js';
import { establishedCount, filterRows, SORT_KEYS, sortRows, type SortKey } from '../core/neighbors.js';
import type { SparkStyle } from '../core/sparkline.js';
import { neighborsStale } from '../core/state.js';
import type { Store } from '../core/store.js';
import { useMonitorState } from './hooks/use-monitor-state.js';
import { useNow } from './hooks/use-now.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { actionFor, scopesFor } from './keymap.js';
import { Footer } from './panels/footer.js';
import { Header } from './panels/header.js';
import { HelpOverlay } from './panels/help-overlay.js';
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
}

export interface AppProps {
  store: Store;
  control: MonitorControl;
  theme: Theme;
  totalMemoryBytes: number;
  initialStyle?: SparkStyle;
}

type Overlay = 'help' | 'details' | 'raw' | null;

const STYLES: SparkStyle[] = ['blocks', 'braille', 'ascii'];

/** Vitals take what they need up to half the body; the neighbor table gets the rest. */
export function splitBody(body: number): { vitals: number; neighbors: number } {
  if (body < 16) return { vitals: COMPACT_VITALS_HEIGHT, neighbors: Math.max(0, body - COMPACT_VITALS_HEIGHT) };
  const vitals = Math.min(18, Math.floor(body / 2));
  return { vitals, neighbors: body - vitals };
}

export function App({ store, control, theme, totalMemoryBytes, initialStyle = 'blocks' }: AppProps) {
  const state = useMonitorState(store);
  const { columns, rows } = useTerminalSize();
  const now = useNow();
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const [overlay, setOverlay] = useState<Overlay>(null);
  const [style, setStyle] = useState<SparkStyle>(initialStyle);
  // Keys can arrive several per tick (typed fast, pasted): selections live in refs so each key
  // moves from where the previous one left, not from the last rendered frame.
  const [pick, setPickState] = useState(0);
  const pickRef = useRef(0);
  const setPick = (next: (i: number) => number) => {
    pickRef.current = next(pickRef.current);
    setPickState(pickRef.current);
  };
  const [sortKey, setSortKey] = useState<SortKey>('address');
  const [filter, setFilter] = useState('');
  const [filtering, setFiltering] = useState(false);
  const [selectedAddress, setSelectedState] = useState<string | null>(null);
  const selectedRef = useRef<string | null>(null);
  const setSelectedAddress = (address: string | null) => {
    selectedRef.current = address;
    setSelectedState(address);
  };

  const picking = state.phase === 'several' && overlay === null;
  const mode = filtering ? 'filter' : picking ? 'picker' : overlay ? 'overlay' : 'main';
  const shown = sortRows(filterRows(state.neighbors, filter), sortKey);
  const selected = Math.max(0, shown.findIndex((r) => r.address === selectedAddress));
  const selectedNow = () => Math.max(0, shown.findIndex((r) => r.address === selectedRef.current));
  const height = rows - 1;
  const body = height - 3;
  const neighborRows = Math.max(1, splitBody(body).neighbors - 5);
  const moveTo = (index: number) => setSelectedAddress(shown[Math.min(Math.max(0, index), shown.length - 1)]?.address ?? null);

  useInput(
    (input, key) => {
      const action = actionFor({ input, ctrl: key.ctrl, escape: key.escape, return: key.return, upArrow: key.upArrow, downArrow: key.downArrow, pageUp: key.pageUp, pageDown: key.pageDown, backspace: key.backspace, delete: key.delete }, scopesFor(mode));
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
        case 'filter': return setFiltering(true);
        case 'filter-accept': return setFiltering(false);
        case 'filter-cancel':
          setFilter('');
          return setFiltering(false);
        case 'filter-erase': return setFilter((f) => f.slice(0, -1));
        default:
          if (mode === 'filter' && input && !key.ctrl && !key.meta) setFilter((f) => f + input);
      }
    },
    { isActive: isRawModeSupported === true },
  );

  // One line short of the terminal: Ink clears the whole screen on every frame otherwise.
  if (columns < MIN_COLUMNS || height < MIN_ROWS) return <TooSmall columns={columns} rows={height} />;
  let content;
  if (overlay === 'help') content = <HelpOverlay theme={theme} width={columns} height={body} />;
  else if (overlay === 'details' && shown[selected]) content = <TextOverlay title="Neighbor details" lines={detailLines(shown[selected]!, now)} theme={theme} width={columns} height={body} />;
  else if (overlay === 'raw') {
    const raw = state.control.raw;
    content = <TextOverlay title={`Control channel: last unusable answer${state.control.error ? ` (${state.control.error})` : ''}`} lines={raw ? raw.split('\n') : ['every answer so far was understood']} theme={theme} width={columns} height={body} />;
  } else if (picking) content = <Picker candidates={state.candidates} selected={pick} theme={theme} width={columns} height={body} />;
  else if (state.phase === 'none' && !state.daemon) {
    content = <MessagePanel title="No ExaBGP daemon" lines={[state.message ?? NO_DAEMON_HELP, '', 'exatop keeps looking and attaches as soon as one starts.']} theme={theme} width={columns} height={body} />;
  } else if (state.phase === 'searching' && !state.daemon) {
    content = <MessagePanel title="Looking for ExaBGP…" lines={['Scanning /proc for an ExaBGP daemon.']} theme={theme} width={columns} height={body} />;
  } else {
    const split = splitBody(body);
    const summary = establishedCount(state.neighbors);
    content = (
      <Box flexDirection="column">
        <VitalsPanel state={state} width={columns} height={split.vitals} style={style} theme={theme} totalMemoryBytes={totalMemoryBytes} />
        {split.neighbors >= 4 ? (
          <NeighborsPanel rows={shown} totalRows={summary.total} established={summary.established} selected={selected} control={state.control} stale={neighborsStale(state) || state.phase === 'lost'} sortKey={sortKey} filter={filter} filtering={filtering} now={now} width={columns} height={split.neighbors} theme={theme} />
        ) : null}
      </Box>
    );
  }

  return (
    <Box flexDirection="column" width={columns} height={height}>
      <Header state={state} now={now} theme={theme} width={columns} />
      {content}
      <Footer scopes={scopesFor(mode)} theme={theme} width={columns} />
    </Box>
  );
}
