// What a key does to the screen, as a pure function: (screen, input, world) → the next screen and
// the effects to run (quit, pause, choose a daemon, drive the replay, save, submit, Compare's I/O).
// The world is what the monitor shows at the time of the key, so several keys in one tick each
// see what the previous one did.
import { incidentKindOf } from '../../core/incident/pick.js';
import type { LogEntry } from '../../core/logs/types.js';
import { SORT_KEYS, type NeighborRow } from '../../core/model/neighbors.js';
import type { SparkStyle } from '../../core/sparkline.js';
import type { Phase } from '../../core/model/state.js';
import type { Action, Mode } from '../keymap.js';
import { pageSizes } from '../layout.js';
import { nextTab, tabInfo, TABS, type TabScope } from '../tabs.js';
import { clampTop, helpLines } from './help.js';
import { selectedLogEntry, selectedNeighbor, selectedRun, shownLogEntries, shownNeighbors, type Prompt, type ScreenState } from './state.js';

export type ReplayAction = Extract<Action, `replay-${string}`>;
export type CompareAction = Extract<
  Action,
  'new-run' | 'type-value' | 'export' | 'cancel-capture' | `capture-${string}`
>;

export type ScreenInput =
  | { type: 'action'; action: Action }
  /** Characters typed while a filter or an answer is being typed. */
  | { type: 'text'; text: string }
  | { type: 'ask'; prompt: Omit<Prompt, 'text'> }
  | { type: 'log-notice'; text: string | null }
  | { type: 'select-run'; file: string };

export interface ScreenWorld {
  phase: Phase;
  neighbors: readonly NeighborRow[];
  logEntries: readonly LogEntry[];
  candidates: readonly { pid: number }[];
  /** The Compare tab's runs, in the order listed. */
  runFiles: readonly string[];
  terminalRows: number;
  replaying: boolean;
}

export type Effect =
  | { type: 'quit' }
  | { type: 'pause' }
  | { type: 'redraw'; factor: 0.5 | 2 }
  | { type: 'choose'; pid: number }
  | { type: 'replay'; action: ReplayAction }
  | { type: 'save-log'; entries: LogEntry[] }
  | { type: 'incident'; entry: LogEntry }
  | { type: 'submit'; text: string }
  | { type: 'compare'; action: CompareAction };

export interface Step {
  screen: ScreenState;
  effects: Effect[];
}

const STYLES: SparkStyle[] = ['blocks', 'braille', 'ascii'];
const COMPARE_ACTIONS: ReadonlySet<Action> = new Set<CompareAction>([
  'new-run', 'type-value', 'export', 'cancel-capture', 'capture-establishment', 'capture-peak', 'capture-cpu', 'capture-rss',
]);

export function screenMode(screen: ScreenState, phase: Phase): Mode {
  if (screen.filtering || screen.prompt) return 'filter';
  if (screen.overlay === 'help') return 'help';
  if (phase === 'several' && screen.overlay === null) return 'picker';
  if (screen.overlay) return 'overlay';
  return tabInfo(screen.tab).scope;
}

/** The screen the help overlay is opened over: its keys come first. */
export function helpBeneath(screen: ScreenState, phase: Phase): 'picker' | TabScope {
  return phase === 'several' ? 'picker' : tabInfo(screen.tab).scope;
}

const clamp = (n: number, low: number, high: number) => Math.max(low, Math.min(high, n));
const same = (screen: ScreenState): Step => ({ screen, effects: [] });
const next = (screen: ScreenState, changes: Partial<ScreenState>, effects: Effect[] = []): Step => ({
  screen: Object.keys(changes).length === 0 ? screen : { ...screen, ...changes },
  effects,
});

export function reduceScreen(screen: ScreenState, input: ScreenInput, world: ScreenWorld): Step {
  switch (input.type) {
    case 'text':
      if (screen.prompt) return next(screen, { prompt: { ...screen.prompt, text: screen.prompt.text + input.text } });
      return editFilter(screen, (f) => f + input.text);
    case 'ask':
      return next(screen, { prompt: { ...input.prompt, text: '' } });
    case 'log-notice':
      return next(screen, { logNotice: input.text });
    case 'select-run':
      return next(screen, { runFile: input.file });
    case 'action':
      return reduceAction(screen, input.action, world);
  }
}

function editFilter(screen: ScreenState, edit: (filter: string) => string): Step {
  return screen.tab === 'logs' ? next(screen, { logFilter: edit(screen.logFilter) }) : next(screen, { neighborFilter: edit(screen.neighborFilter) });
}

function reduceAction(screen: ScreenState, action: Action, world: ScreenWorld): Step {
  const pages = pageSizes(world.terminalRows, world.replaying, screen.vitalsFolded);
  const tab = TABS.find((t) => action === `tab-${t.id}`);
  if (tab) return next(screen, { tab: tab.id });
  if (action.startsWith('replay-')) return next(screen, {}, [{ type: 'replay', action: action as ReplayAction }]);
  if (action.startsWith('row-') || action.startsWith('page-')) return moveNeighbor(screen, action, world, pages.neighbors);
  if (action.startsWith('log-') && action !== 'log-filter') return moveLog(screen, action, world, pages.logs);
  if (action.startsWith('help-')) return scrollHelp(screen, action, world, pages.help);
  if (COMPARE_ACTIONS.has(action)) return next(screen, {}, [{ type: 'compare', action: action as CompareAction }]);
  switch (action) {
    case 'quit': return next(screen, {}, [{ type: 'quit' }]);
    case 'help': return next(screen, { overlay: screen.overlay === 'help' ? null : 'help', helpTop: 0 });
    case 'close': return next(screen, { overlay: null });
    case 'pause': return next(screen, {}, [{ type: 'pause' }]);
    case 'faster': return next(screen, {}, [{ type: 'redraw', factor: 0.5 }]);
    case 'slower': return next(screen, {}, [{ type: 'redraw', factor: 2 }]);
    case 'style': return next(screen, { style: STYLES[(STYLES.indexOf(screen.style) + 1) % STYLES.length]! });
    case 'next-tab': return next(screen, { tab: nextTab(screen.tab) });
    case 'up': return next(screen, { pick: Math.max(0, screen.pick - 1) });
    case 'down': return next(screen, { pick: clamp(screen.pick + 1, 0, world.candidates.length - 1) });
    case 'select': {
      const chosen = world.candidates[screen.pick];
      return chosen ? next(screen, {}, [{ type: 'choose', pid: chosen.pid }]) : same(screen);
    }
    case 'details': return shownNeighbors(screen, world.neighbors).length > 0 ? next(screen, { overlay: 'details' }) : same(screen);
    case 'raw': return next(screen, { overlay: 'raw' });
    // A new order starts at its first row: the selection would otherwise be anywhere in it.
    case 'sort': return next(screen, { sortKey: SORT_KEYS[(SORT_KEYS.indexOf(screen.sortKey) + 1) % SORT_KEYS.length]!, selectedAddress: null });
    case 'sort-reverse': return next(screen, { sortReverse: !screen.sortReverse, selectedAddress: null });
    case 'not-established': return next(screen, { notEstablishedOnly: !screen.notEstablishedOnly });
    case 'vitals': return next(screen, { vitalsFolded: !screen.vitalsFolded });
    case 'filter':
    case 'log-filter': return next(screen, { filtering: true });
    case 'filter-accept':
      if (!screen.prompt) return next(screen, { filtering: false });
      return next(screen, { prompt: null }, [{ type: 'submit', text: screen.prompt.text }]);
    case 'filter-cancel':
      if (screen.prompt) return next(screen, { prompt: null });
      return next(editFilter(screen, () => '').screen, { filtering: false });
    case 'filter-erase':
      if (screen.prompt) return next(screen, { prompt: { ...screen.prompt, text: screen.prompt.text.slice(0, -1) } });
      return editFilter(screen, (f) => f.slice(0, -1));
    case 'follow': return next(screen, { following: true });
    case 'errors-only': return next(screen, { errorsOnly: !screen.errorsOnly });
    case 'timestamps': return next(screen, { showTime: !screen.showTime });
    case 'expand': {
      const shown = shownLogEntries(screen, world.logEntries);
      return shown[selectedLogEntry(screen, shown)] ? next(screen, { overlay: 'entry' }) : same(screen);
    }
    case 'save': return next(screen, { logNotice: 'saving…' }, [{ type: 'save-log', entries: shownLogEntries(screen, world.logEntries) }]);
    case 'incident': {
      const shown = shownLogEntries(screen, world.logEntries);
      const entry = shown[selectedLogEntry(screen, shown)];
      if (!entry || !incidentKindOf(entry)) return next(screen, { logNotice: 'I writes an issue report from a traceback, a NOTIFICATION or a session drop: select one' });
      return next(screen, { logNotice: 'writing the issue report…' }, [{ type: 'incident', entry }]);
    }
    case 'run-up':
    case 'run-down': {
      const files = world.runFiles;
      const to = files[clamp(selectedRun(screen, files) + (action === 'run-up' ? -1 : 1), 0, files.length - 1)];
      return to ? next(screen, { runFile: to }) : same(screen);
    }
    case 'mark-baseline':
    case 'mark-candidate': {
      const file = world.runFiles[selectedRun(screen, world.runFiles)];
      if (!file) return same(screen);
      return next(screen, action === 'mark-baseline' ? { baseline: file } : { candidate: file });
    }
    default: return same(screen);
  }
}

function moveNeighbor(screen: ScreenState, action: Action, world: ScreenWorld, page: number): Step {
  const shown = shownNeighbors(screen, world.neighbors);
  const from = selectedNeighbor(screen, shown);
  const target: Partial<Record<Action, number>> = {
    'row-up': from - 1, 'row-down': from + 1, 'page-up': from - page, 'page-down': from + page, 'row-first': 0, 'row-last': shown.length - 1,
  };
  const to = shown[clamp(target[action] ?? from, 0, shown.length - 1)];
  return next(screen, { selectedAddress: to?.address ?? null });
}

function moveLog(screen: ScreenState, action: Action, world: ScreenWorld, page: number): Step {
  const shown = shownLogEntries(screen, world.logEntries);
  const delta: Partial<Record<Action, number>> = { 'log-up': -1, 'log-down': 1, 'log-page-up': -page, 'log-page-down': page };
  const by = delta[action] ?? 0;
  const from = screen.following ? shown.length - 1 : screen.logCursor;
  const to = clamp(from + by, 0, shown.length - 1);
  // Moving down onto the newest entry follows again; moving up stops following.
  return next(screen, { logCursor: to, following: to >= shown.length - 1 && by > 0 });
}

function scrollHelp(screen: ScreenState, action: Action, world: ScreenWorld, page: number): Step {
  const total = helpLines(helpBeneath(screen, world.phase), world.replaying).length;
  const by: Partial<Record<Action, number>> = {
    'help-up': -1, 'help-down': 1, 'help-page-up': -page, 'help-page-down': page, 'help-top': -total, 'help-bottom': total,
  };
  return next(screen, { helpTop: clampTop(screen.helpTop + (by[action] ?? 0), page, total) });
}
