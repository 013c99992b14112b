// The screen reducer without Ink: what each key does to the tab, the overlay, the prompt, the
// filters, the selections and the log cursor, and which effects it asks for.
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../src/core/logs/types.js';
import { applyNeighborPoll, type NeighborRow } from '../../src/core/model/neighbors.js';
import type { Action } from '../../src/ui/keymap.js';
import { pageSizes } from '../../src/ui/layout.js';
import { helpLines } from '../../src/ui/screen/help.js';
import { reduceScreen, screenMode, type Effect, type ScreenInput, type ScreenWorld } from '../../src/ui/screen/reducer.js';
import { initialScreen, selectedLogEntry, selectedNeighbor, shownNeighbors, type ScreenState } from '../../src/ui/screen/state.js';
import { addressOf, manyReports } from '../support/many-neighbors.js';

const T = 1_795_447_437_388;
const rows = (count: number, down: (i: number) => boolean = () => false): NeighborRow[] => applyNeighborPoll([], manyReports(count, down), T).rows;

function logEntry(id: number, cls: LogEntry['class'] = 'info'): LogEntry {
  return { id, class: cls, first: T + id, last: T + id, count: 1, summary: `entry ${id}`, lines: [], source: null, exception: null } as unknown as LogEntry;
}

function world(overrides: Partial<ScreenWorld> = {}): ScreenWorld {
  return { phase: 'attached', neighbors: rows(3), logEntries: [], candidates: [], runFiles: [], terminalRows: 24, replaying: false, ...overrides };
}

/** Runs inputs one after the other, as keys arriving in one tick do; collects the effects. */
function run(inputs: (Action | ScreenInput)[], w: ScreenWorld = world(), from: ScreenState = initialScreen()) {
  let screen = from;
  const effects: Effect[] = [];
  for (const input of inputs) {
    const step = reduceScreen(screen, typeof input === 'string' ? { type: 'action', action: input } : input, w);
    screen = step.screen;
    effects.push(...step.effects);
  }
  return { screen, effects };
}

const text = (t: string): ScreenInput => ({ type: 'text', text: t });
const selectedAddress = (screen: ScreenState, w: ScreenWorld) => shownNeighbors(screen, w.neighbors)[selectedNeighbor(screen, shownNeighbors(screen, w.neighbors))]?.address;

describe('tabs and overlays', () => {
  it('the tab keys and Tab move between the tabs of the one list, Tab wrapping around', () => {
    expect(run(['tab-logs']).screen.tab).toBe('logs');
    expect(run(['tab-alerts', 'next-tab']).screen.tab).toBe('overview');
    expect(run(['next-tab', 'next-tab']).screen.tab).toBe('compare');
  });

  it('? toggles help from the top, Esc closes any overlay, and the mode follows', () => {
    const open = run(['help']).screen;
    expect(open.overlay).toBe('help');
    expect(screenMode(open, 'attached')).toBe('help');
    expect(run(['help', 'help']).screen.overlay).toBeNull();
    expect(run(['raw', 'close']).screen.overlay).toBeNull();
    expect(screenMode(run(['tab-logs']).screen, 'attached')).toBe('logs');
    expect(screenMode(initialScreen(), 'several')).toBe('picker');
    expect(screenMode(run(['tab-alerts']).screen, 'attached')).toBe('alerts');
  });

  it('help scrolls a page at a time and stops at both ends', () => {
    const w = world();
    const page = pageSizes(w.terminalRows, false, false).help;
    const total = helpLines('main', false).length;
    expect(total).toBeGreaterThan(page);
    expect(run(['help', 'help-page-down']).screen.helpTop).toBe(page);
    expect(run(['help', 'help-bottom']).screen.helpTop).toBe(total - page);
    expect(run(['help', 'help-bottom', 'help-down']).screen.helpTop).toBe(total - page);
    expect(run(['help', 'help-up']).screen.helpTop).toBe(0);
    expect(run(['help', 'help-bottom', 'help-top']).screen.helpTop).toBe(0);
    // Reopened, it starts at the top again.
    expect(run(['help', 'help-page-down', 'help', 'help']).screen.helpTop).toBe(0);
  });

  it('details open only over a neighbor; expand only over a log entry', () => {
    expect(run(['details'], world({ neighbors: [] })).screen.overlay).toBeNull();
    expect(run(['details']).screen.overlay).toBe('details');
    expect(run(['tab-logs', 'expand']).screen.overlay).toBeNull();
    expect(run(['tab-logs', 'expand'], world({ logEntries: [logEntry(1)] })).screen.overlay).toBe('entry');
  });
});

describe('neighbor selection, sort and filters', () => {
  const w = world({ neighbors: rows(100, (i) => i % 10 === 0) });
  const page = pageSizes(24, false, false).neighbors;

  it('moves by one, by a page, to the first and the last row, and stays inside', () => {
    expect(selectedAddress(run(['row-down', 'row-down'], w).screen, w)).toBe(addressOf(2));
    expect(selectedAddress(run(['page-down'], w).screen, w)).toBe(addressOf(page));
    expect(selectedAddress(run(['row-last'], w).screen, w)).toBe(addressOf(99));
    expect(selectedAddress(run(['row-last', 'row-down', 'page-down'], w).screen, w)).toBe(addressOf(99));
    expect(selectedAddress(run(['row-last', 'row-first', 'row-up'], w).screen, w)).toBe(addressOf(0));
  });

  it('folded vitals give the table a longer page', () => {
    expect(pageSizes(24, false, true).neighbors).toBeGreaterThan(page);
    expect(selectedAddress(run(['vitals', 'page-down'], w).screen, w)).toBe(addressOf(pageSizes(24, false, true).neighbors));
  });

  it('a new sort, or reversing it, starts at the first row', () => {
    const { screen } = run(['row-last', 'sort'], w);
    expect(screen.sortKey).toBe('state');
    expect(selectedNeighbor(screen, shownNeighbors(screen, w.neighbors))).toBe(0);
    const reversed = run(['row-last', 'sort-reverse'], w).screen;
    expect(reversed.sortReverse).toBe(true);
    expect(selectedNeighbor(reversed, shownNeighbors(reversed, w.neighbors))).toBe(0);
    expect(shownNeighbors(reversed, w.neighbors)[0]!.address).toBe(addressOf(99));
    expect(run(['sort-reverse', 'sort-reverse'], w).screen.sortReverse).toBe(false);
  });

  it('e keeps only the neighbors not established, and again shows them all', () => {
    const only = run(['not-established'], w).screen;
    expect(shownNeighbors(only, w.neighbors).map((r) => r.address)).toEqual(Array.from({ length: 10 }, (_, i) => addressOf(i * 10)));
    expect(shownNeighbors(run(['not-established', 'not-established'], w).screen, w.neighbors)).toHaveLength(100);
  });

  it('typed text goes to the filter of the current tab; keys typed in one tick all count', () => {
    const { screen } = run(['filter', text('!'), text('E'), text('S'), text('T'), 'filter-erase', text('T'), 'filter-accept'], w);
    expect(screen.neighborFilter).toBe('!EST');
    expect(screen.filtering).toBe(false);
    expect(shownNeighbors(screen, w.neighbors)).toHaveLength(10);
    const logs = run(['tab-logs', 'log-filter', text('a'), text('b')], w).screen;
    expect(logs.logFilter).toBe('ab');
    expect(logs.neighborFilter).toBe('');
    expect(screenMode(logs, 'attached')).toBe('filter');
  });

  it('Esc while typing clears that filter', () => {
    const { screen } = run(['filter', text('x'), 'filter-accept', 'filter', 'filter-cancel'], w);
    expect(screen.neighborFilter).toBe('');
    expect(screen.filtering).toBe(false);
  });
});

describe('the log cursor', () => {
  const w = world({ logEntries: Array.from({ length: 50 }, (_, i) => logEntry(i, i % 5 === 0 ? 'error' : 'info')) });

  it('follows the newest entry until moved up; down onto the newest follows again', () => {
    const start = run(['tab-logs'], w).screen;
    expect(start.following).toBe(true);
    expect(selectedLogEntry(start, w.logEntries)).toBe(49);
    const up = run(['tab-logs', 'log-up', 'log-up'], w).screen;
    expect(up.following).toBe(false);
    expect(selectedLogEntry(up, w.logEntries)).toBe(47);
    expect(run(['tab-logs', 'log-up', 'log-up', 'log-down', 'log-down'], w).screen.following).toBe(true);
    expect(run(['tab-logs', 'log-page-up', 'log-page-up', 'log-page-up', 'log-page-up'], w).screen.logCursor).toBe(0);
    expect(run(['tab-logs', 'log-up', 'follow'], w).screen.following).toBe(true);
  });

  it('s asks to save exactly the entries shown', () => {
    const { screen, effects } = run(['tab-logs', 'errors-only', 'save'], w);
    expect(screen.logNotice).toBe('saving…');
    expect(effects).toHaveLength(1);
    const save = effects[0] as Extract<Effect, { type: 'save-log' }>;
    expect(save.entries.map((e) => e.id)).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40, 45]);
  });
});

describe('prompts and effects', () => {
  it('an asked question takes the typed text and submits it on Enter; Esc drops it', () => {
    const ask: ScreenInput = { type: 'ask', prompt: { purpose: 'label', question: 'label?' } };
    const typed = run(['tab-compare', ask, text('a'), text('s'), 'filter-erase', text('y'), 'filter-accept']);
    expect(typed.screen.prompt).toBeNull();
    expect(typed.effects).toEqual([{ type: 'submit', text: 'ay' }]);
    expect(run(['tab-compare', ask, text('a'), 'filter-cancel']).effects).toEqual([]);
    expect(screenMode(run([ask]).screen, 'attached')).toBe('filter');
  });

  it('the Compare tab moves its run selection and marks baseline and candidate by file', () => {
    const w = world({ runFiles: ['a.json', 'b.json', 'c.json'] });
    const { screen } = run(['tab-compare', 'run-down', 'run-down', 'run-down', 'mark-baseline', 'run-up', 'mark-candidate'], w);
    expect(screen).toMatchObject({ runFile: 'b.json', baseline: 'c.json', candidate: 'b.json' });
    expect(run(['mark-baseline']).screen.baseline).toBeNull();
    expect(run(['capture-establishment', 'export']).effects).toEqual([{ type: 'compare', action: 'capture-establishment' }, { type: 'compare', action: 'export' }]);
  });

  it('quit, pause, the redraw period, the picker and the replay keys are effects, not screen state', () => {
    expect(run(['quit', 'pause', 'faster', 'slower']).effects).toEqual([{ type: 'quit' }, { type: 'pause' }, { type: 'redraw', factor: 0.5 }, { type: 'redraw', factor: 2 }]);
    const w = world({ phase: 'several', candidates: [{ pid: 100 }, { pid: 200 }] });
    expect(run(['down', 'down', 'select'], w).effects).toEqual([{ type: 'choose', pid: 200 }]);
    expect(run(['replay-toggle', 'replay-end']).effects).toEqual([{ type: 'replay', action: 'replay-toggle' }, { type: 'replay', action: 'replay-end' }]);
    expect(run(['style', 'style']).screen.style).toBe('ascii');
  });

  it('a key that changes nothing returns the same screen object (no redraw)', () => {
    const screen = initialScreen();
    expect(reduceScreen(screen, { type: 'action', action: 'quit' }, world()).screen).toBe(screen);
  });
});
