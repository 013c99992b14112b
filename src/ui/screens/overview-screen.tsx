import { Box } from 'ink';
import { establishedCount, type NeighborRow } from '../../core/model/neighbors.js';
import { neighborsStale, type MonitorState } from '../../core/model/state.js';
import { MIN_NEIGHBORS_HEIGHT, splitBody } from '../layout.js';
import { NeighborsPanel } from '../panels/neighbors-panel.js';
import { VitalsPanel } from '../panels/vitals-panel.js';
import type { ScreenState } from '../screen/state.js';
import type { Theme } from '../theme.js';

interface OverviewScreenProps {
  state: MonitorState;
  screen: ScreenState;
  shown: NeighborRow[];
  selected: number;
  now: number;
  totalMemoryBytes: number;
  theme: Theme;
  width: number;
  height: number;
}

/** Vitals above the neighbor table; folded vitals (v) leave the table all but one line. */
export function OverviewScreen({ state, screen, shown, selected, now, totalMemoryBytes, theme, width, height }: OverviewScreenProps) {
  const split = splitBody(height, screen.vitalsFolded);
  const summary = establishedCount(state.neighbors);
  return (
    <Box flexDirection="column">
      <VitalsPanel state={state} width={width} height={split.vitals} style={screen.style} theme={theme} totalMemoryBytes={totalMemoryBytes} folded={screen.vitalsFolded} />
      {split.neighbors >= MIN_NEIGHBORS_HEIGHT ? (
        <NeighborsPanel
          rows={shown}
          totalRows={summary.total}
          established={summary.established}
          selected={selected}
          control={state.control}
          stale={neighborsStale(state) || state.phase === 'lost'}
          sortKey={screen.sortKey}
          sortReverse={screen.sortReverse}
          notEstablishedOnly={screen.notEstablishedOnly}
          filter={screen.neighborFilter}
          filtering={screen.filtering && screen.tab === 'overview'}
          now={now}
          width={width}
          height={split.neighbors}
          theme={theme}
        />
      ) : null}
    </Box>
  );
}
