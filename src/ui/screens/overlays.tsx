import type { ReactNode } from 'react';
import type { LogEntry } from '../../core/logs/types.js';
import type { NeighborRow } from '../../core/model/neighbors.js';
import type { MonitorState } from '../../core/model/state.js';
import { printable, printableLines } from '../../core/text/printable.js';
import { HelpOverlay } from '../panels/help-overlay.js';
import { detailLines, TextOverlay } from '../panels/neighbor-details.js';
import { helpLines } from '../screen/help.js';
import { helpBeneath } from '../screen/reducer.js';
import type { ScreenState } from '../screen/state.js';
import type { Theme } from '../theme.js';

export interface OverlayProps {
  state: MonitorState;
  screen: ScreenState;
  replaying: boolean;
  neighbor: NeighborRow | undefined;
  entry: LogEntry | undefined;
  now: number;
  theme: Theme;
  width: number;
  height: number;
}

const iso = (t: number) => new Date(t).toISOString();

/** The overlay the screen has open, or null when there is none (or its subject is gone). */
export function overlayFor({ state, screen, replaying, neighbor, entry, now, theme, width, height }: OverlayProps): ReactNode {
  const box = { theme, width, height };
  switch (screen.overlay) {
    case 'help':
      return <HelpOverlay lines={helpLines(helpBeneath(screen, state.phase), replaying)} top={screen.helpTop} {...box} />;
    case 'details':
      return neighbor ? <TextOverlay title="Neighbor details" lines={detailLines(neighbor, now)} {...box} /> : null;
    case 'entry': {
      if (!entry) return null;
      const x = entry.exception;
      const head = x ? `${x.type}: ${x.message}${x.origin ? ` (at ${x.origin})` : ''}` : entry.summary;
      const title = `${entry.class} ×${entry.count} · ${iso(entry.first)} → ${iso(entry.last)}`;
      return <TextOverlay title={title} lines={[head, '', ...(entry.lines.length ? entry.lines : [entry.summary])]} {...box} />;
    }
    case 'raw': {
      const raw = state.control.raw;
      // The daemon's own bytes: shown, never sent to the terminal as they are.
      const title = `Control channel: last unusable answer${state.control.error ? ` (${printable(state.control.error)})` : ''}`;
      return <TextOverlay title={title} lines={raw ? printableLines(raw) : ['every answer so far was understood']} {...box} />;
    }
    default:
      return null;
  }
}
