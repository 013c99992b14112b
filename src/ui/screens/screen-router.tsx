// Which screen the body shows: an open overlay, the daemon picker, a message while there is no
// daemon, or the current tab.
import type { ReactNode } from 'react';
import type { LogEntry } from '../../core/logs/types.js';
import { NO_DAEMON_HELP } from '../../core/model/daemon.js';
import type { NeighborRow } from '../../core/model/neighbors.js';
import type { MonitorState } from '../../core/model/state.js';
import type { CompareTab } from '../hooks/use-compare-tab.js';
import { AlertsPanel } from '../panels/alerts-panel.js';
import { ComparePanel } from '../panels/compare-panel.js';
import { LogsPanel } from '../panels/logs-panel.js';
import { MessagePanel } from '../panels/message-panel.js';
import { Picker } from '../panels/picker.js';
import { selectedRun, type ScreenState } from '../screen/state.js';
import type { Theme } from '../theme.js';
import { overlayFor } from './overlays.js';
import { OverviewScreen } from './overview-screen.js';

export interface ScreenRouterProps {
  state: MonitorState;
  screen: ScreenState;
  replaying: boolean;
  neighbors: { shown: NeighborRow[]; selected: number };
  logs: { shown: LogEntry[]; selected: number };
  compare: CompareTab;
  runsDir: string | undefined;
  now: number;
  totalMemoryBytes: number;
  theme: Theme;
  width: number;
  height: number;
}

export function ScreenRouter(props: ScreenRouterProps): ReactNode {
  const { state, screen, replaying, neighbors, logs, compare, runsDir, now, totalMemoryBytes, theme, width, height } = props;
  const box = { theme, width, height };
  const overlay = overlayFor({ state, screen, replaying, neighbor: neighbors.shown[neighbors.selected], entry: logs.shown[logs.selected], now, ...box });
  if (overlay) return overlay;
  if (state.phase === 'several' && screen.overlay === null) return <Picker candidates={state.candidates} selected={screen.pick} {...box} />;
  if (state.phase === 'none' && !state.daemon) {
    const why = state.message ?? NO_DAEMON_HELP;
    return <MessagePanel title="No ExaBGP daemon" lines={[why, '', 'exatop keeps looking and attaches as soon as one starts.']} {...box} />;
  }
  if (state.phase === 'searching' && !state.daemon) {
    return <MessagePanel title="Looking for ExaBGP…" lines={['Scanning /proc for an ExaBGP daemon.']} {...box} />;
  }
  switch (screen.tab) {
    case 'alerts':
      return <AlertsPanel active={state.alerts.active} events={state.alerts.events} now={now} {...box} />;
    case 'compare': {
      const cursor = selectedRun(screen, compare.runs.map((r) => r.file));
      const dir = runsDir ?? 'nowhere: runs cannot be kept here';
      return <ComparePanel dir={dir} runs={compare.runs} selected={cursor} baseline={screen.baseline} candidate={screen.candidate} capture={state.capture} guidance={compare.guidance} notice={compare.notice} {...box} />;
    }
    case 'logs':
      return (
        <LogsPanel logs={state.logs} entries={logs.shown} selected={logs.selected} following={screen.following} filter={screen.logFilter} filtering={screen.filtering}
          errorsOnly={screen.errorsOnly} showTime={screen.showTime} notice={screen.logNotice} {...box} />
      );
    case 'overview':
      return <OverviewScreen state={state} screen={screen} shown={neighbors.shown} selected={neighbors.selected} now={now} totalMemoryBytes={totalMemoryBytes} {...box} />;
  }
}
