// What the screen shows, apart from the monitor's own state: the tab, the overlay, what is being
// typed, the filters, the selections and the log cursor. Pure data with the selectors the views
// and the reducer share, so both always agree on which row is selected.
import type { LogEntry } from '../../core/logs/types.js';
import { visibleEntries } from '../../core/logs/view.js';
import { filterRows, notEstablished, sortRows, type NeighborRow, type SortKey } from '../../core/model/neighbors.js';
import type { SparkStyle } from '../../core/sparkline.js';
import type { Tab } from '../tabs.js';

export type Overlay = 'help' | 'details' | 'raw' | 'entry' | null;

/** Something being typed for the Compare tab: a run's label, a figure, or a confirmation. */
export interface Prompt {
  purpose: 'label' | 'value' | 'confirm';
  question: string;
  text: string;
}

export interface ScreenState {
  tab: Tab;
  overlay: Overlay;
  /** First line of the help overlay on screen. */
  helpTop: number;
  prompt: Prompt | null;
  /** Typing the filter of the current tab (neighbors or logs). */
  filtering: boolean;
  neighborFilter: string;
  notEstablishedOnly: boolean;
  sortKey: SortKey;
  sortReverse: boolean;
  /** The selected neighbor, by address: rows reorder under it as polls arrive. */
  selectedAddress: string | null;
  vitalsFolded: boolean;
  style: SparkStyle;
  /** The daemon picker's row. */
  pick: number;
  logFilter: string;
  errorsOnly: boolean;
  showTime: boolean;
  /** Following the newest log entry; otherwise `logCursor` is the selected one. */
  following: boolean;
  logCursor: number;
  logNotice: string | null;
  /** The Compare tab's selected run, baseline and candidate, by file. */
  runFile: string | null;
  baseline: string | null;
  candidate: string | null;
}

export function initialScreen(style: SparkStyle = 'blocks'): ScreenState {
  return {
    tab: 'overview',
    overlay: null,
    helpTop: 0,
    prompt: null,
    filtering: false,
    neighborFilter: '',
    notEstablishedOnly: false,
    sortKey: 'address',
    sortReverse: false,
    selectedAddress: null,
    vitalsFolded: false,
    style,
    pick: 0,
    logFilter: '',
    errorsOnly: false,
    showTime: true,
    following: true,
    logCursor: 0,
    logNotice: null,
    runFile: null,
    baseline: null,
    candidate: null,
  };
}

/** The neighbor rows on screen, filtered and sorted as the screen says. */
export function shownNeighbors(screen: ScreenState, rows: readonly NeighborRow[]): NeighborRow[] {
  const filtered = filterRows(screen.notEstablishedOnly ? notEstablished(rows) : rows, screen.neighborFilter);
  return sortRows(filtered, screen.sortKey, screen.sortReverse);
}

/** Index of the selected neighbor in `shown` (the first row when it is gone). */
export function selectedNeighbor(screen: ScreenState, shown: readonly NeighborRow[]): number {
  return Math.max(0, shown.findIndex((r) => r.address === screen.selectedAddress));
}

export function shownLogEntries(screen: ScreenState, entries: readonly LogEntry[]): LogEntry[] {
  return visibleEntries(entries, { pattern: screen.logFilter, errorsOnly: screen.errorsOnly });
}

export function selectedLogEntry(screen: ScreenState, shown: readonly LogEntry[]): number {
  return screen.following ? shown.length - 1 : Math.min(screen.logCursor, shown.length - 1);
}

/** Index of the selected run in `files` (the first when none is chosen or it is gone). */
export function selectedRun(screen: ScreenState, files: readonly string[]): number {
  return Math.max(0, files.indexOf(screen.runFile ?? ''));
}
