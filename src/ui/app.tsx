import { Box, useApp, useInput, useStdin } from 'ink';
import { useState } from 'react';
import type { SparkStyle } from '../core/sparkline.js';
import type { Store } from '../core/store.js';
import { NO_DAEMON_HELP } from '../attach/discover.js';
import { useMonitorState } from './hooks/use-monitor-state.js';
import { useNow } from './hooks/use-now.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { actionFor, type Binding } from './keymap.js';
import { Footer } from './panels/footer.js';
import { Header } from './panels/header.js';
import { HelpOverlay } from './panels/help-overlay.js';
import { MessagePanel } from './panels/message-panel.js';
import { Picker } from './panels/picker.js';
import { MIN_COLUMNS, MIN_ROWS, TooSmall } from './panels/too-small.js';
import { VitalsPanel } from './panels/vitals-panel.js';
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

const STYLES: SparkStyle[] = ['blocks', 'braille', 'ascii'];

export function App({ store, control, theme, totalMemoryBytes, initialStyle = 'blocks' }: AppProps) {
  const state = useMonitorState(store);
  const { columns, rows } = useTerminalSize();
  const now = useNow();
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const [help, setHelp] = useState(false);
  const [style, setStyle] = useState<SparkStyle>(initialStyle);
  const [selected, setSelected] = useState(0);
  const picking = state.phase === 'several' && !help;
  const scopes: Binding['scope'][] = picking ? ['global', 'picker'] : ['global'];

  useInput(
    (input, key) => {
      const action = actionFor({ input, ctrl: key.ctrl, escape: key.escape, return: key.return, upArrow: key.upArrow, downArrow: key.downArrow }, scopes);
      switch (action) {
        case 'quit': return exit();
        case 'help': return setHelp((h) => !h);
        case 'close': return setHelp(false);
        case 'pause': return store.dispatch({ type: 'paused', paused: !store.getState().paused });
        case 'faster':
        case 'slower': {
          const current = store.getState().intervalMs;
          store.dispatch({ type: 'interval', ms: action === 'faster' ? current / 2 : current * 2 });
          return control.poke();
        }
        case 'style': return setStyle((s) => STYLES[(STYLES.indexOf(s) + 1) % STYLES.length]!);
        case 'up': return setSelected((i) => Math.max(0, i - 1));
        case 'down': return setSelected((i) => Math.min(state.candidates.length - 1, i + 1));
        case 'select': {
          const chosen = state.candidates[selected];
          if (chosen) control.choose(chosen.pid);
          return;
        }
        default:
      }
    },
    { isActive: isRawModeSupported === true },
  );

  // One line short of the terminal: Ink clears the whole screen on every frame otherwise.
  const height = rows - 1;
  if (columns < MIN_COLUMNS || height < MIN_ROWS) return <TooSmall columns={columns} rows={height} />;
  const bodyHeight = height - 3;
  let body;
  if (help) body = <HelpOverlay theme={theme} width={columns} height={bodyHeight} />;
  else if (picking) body = <Picker candidates={state.candidates} selected={selected} theme={theme} width={columns} height={bodyHeight} />;
  else if (state.phase === 'none' && !state.daemon) {
    body = <MessagePanel title="No ExaBGP daemon" lines={[state.message ?? NO_DAEMON_HELP, '', 'exatop keeps looking and attaches as soon as one starts.']} theme={theme} width={columns} height={bodyHeight} />;
  } else if (state.phase === 'searching' && !state.daemon) {
    body = <MessagePanel title="Looking for ExaBGP…" lines={['Scanning /proc for an ExaBGP daemon.']} theme={theme} width={columns} height={bodyHeight} />;
  } else body = <VitalsPanel state={state} width={columns} height={bodyHeight} style={style} theme={theme} totalMemoryBytes={totalMemoryBytes} />;

  return (
    <Box flexDirection="column" width={columns} height={height}>
      <Header state={state} now={now} theme={theme} width={columns} />
      {body}
      <Footer scopes={scopes} theme={theme} width={columns} />
    </Box>
  );
}
