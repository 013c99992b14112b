// The one registry of keys, grouped by where they act: the key hook matches against it and the
// help overlay and the footer are drawn from it, so a key cannot work without being documented
// or the reverse. Each binding's keys are data (keys.ts) that make both its matcher and its name.
import { char, ctrl, keyMatches, keyName, named, type KeyPress, type KeySpec } from './keys.js';
import { TABS, type Tab, type TabScope } from './tabs.js';

export type { KeyPress } from './keys.js';

export type TabAction = `tab-${Tab}`;

export type Action =
  | 'quit' | 'help' | 'close' | 'pause' | 'faster' | 'slower' | 'style' | 'next-tab' | TabAction
  | 'up' | 'down' | 'select'
  | 'row-up' | 'row-down' | 'page-up' | 'page-down' | 'row-first' | 'row-last' | 'details' | 'sort' | 'sort-reverse'
  | 'filter' | 'not-established' | 'vitals' | 'raw'
  | 'filter-accept' | 'filter-cancel' | 'filter-erase'
  | 'help-up' | 'help-down' | 'help-page-up' | 'help-page-down' | 'help-top' | 'help-bottom'
  | 'log-up' | 'log-down' | 'log-page-up' | 'log-page-down' | 'follow' | 'errors-only' | 'timestamps' | 'save' | 'expand' | 'incident'
  | 'log-filter'
  | 'replay-toggle' | 'replay-back' | 'replay-forward' | 'replay-back-minute' | 'replay-forward-minute'
  | 'replay-faster' | 'replay-slower' | 'replay-start' | 'replay-end'
  | 'run-up' | 'run-down' | 'mark-baseline' | 'mark-candidate' | 'new-run' | 'type-value' | 'export'
  | 'capture-establishment' | 'capture-peak' | 'capture-cpu' | 'capture-rss' | 'cancel-capture';

/**
 * Where a binding applies. 'main', 'logs', 'compare' and 'alerts' are the tabs' own keys;
 * 'filter' is typing a filter or an answer, where every other key is text; 'help' is the help
 * overlay, 'overlay' a details or raw-answer view; 'replay' is added while replaying.
 */
export type Scope = 'global' | 'replay' | 'picker' | TabScope | 'filter' | 'help' | 'overlay';

/** What the screen is doing: it decides which scopes are active. */
export type Mode = 'picker' | TabScope | 'filter' | 'help' | 'overlay';

interface BindingData {
  action: Action;
  keys: KeySpec[];
  description: string;
  /** Shown in the one-line footer. */
  footer?: string;
}

export interface Binding extends BindingData {
  scope: Scope;
  /** How the help overlay names the keys: "↑, k". */
  label: string;
  matches: (k: KeyPress) => boolean;
}

export interface BindingGroup {
  scope: Scope;
  /** The help overlay's heading for the group. */
  title: string;
  bindings: BindingData[];
}

const UP = [named('up'), char('k')];
const DOWN = [named('down'), char('j')];

export const KEYMAP_GROUPS: readonly BindingGroup[] = [
  {
    scope: 'global',
    title: 'Everywhere',
    bindings: [
      { action: 'quit', keys: [char('q'), ctrl('c')], description: 'quit (the terminal is restored)', footer: 'quit' },
      { action: 'help', keys: [char('?')], description: 'show or hide this help', footer: 'help' },
      { action: 'close', keys: [named('escape')], description: 'close the help overlay' },
      { action: 'pause', keys: [char('p')], description: 'pause or resume sampling (the daemon is still followed)', footer: 'pause' },
      { action: 'faster', keys: [char('+'), char('=')], description: 'redraw more often (period ÷ 2, down to 250 ms; sampling stays --interval)', footer: 'faster' },
      { action: 'slower', keys: [char('-'), char('_')], description: 'redraw less often (period × 2, up to 60 s)', footer: 'slower' },
      { action: 'style', keys: [char('g')], description: 'sparkline glyphs: blocks, braille, ascii' },
      ...TABS.map((t) => ({ action: `tab-${t.id}` as const, keys: [char(t.key)], description: t.description })),
      { action: 'next-tab', keys: [named('tab', false)], description: 'next tab' },
    ],
  },
  {
    scope: 'replay',
    title: 'Replay',
    bindings: [
      { action: 'replay-toggle', keys: [char(' ')], description: 'replay: play or pause', footer: 'play/pause' },
      { action: 'replay-back', keys: [named('left', false)], description: 'replay: one sample back' },
      { action: 'replay-forward', keys: [named('right', false)], description: 'replay: one sample forward' },
      { action: 'replay-back-minute', keys: [char('(')], description: 'replay: 60 samples back' },
      { action: 'replay-forward-minute', keys: [char(')')], description: 'replay: 60 samples forward' },
      { action: 'replay-slower', keys: [char('[')], description: 'replay: slower (1× is real time)' },
      { action: 'replay-faster', keys: [char(']')], description: 'replay: faster (up to 3600×)', footer: 'speed' },
      { action: 'replay-start', keys: [char('<')], description: 'replay: jump to the start' },
      { action: 'replay-end', keys: [char('>')], description: 'replay: jump to the end' },
    ],
  },
  {
    scope: 'picker',
    title: 'Daemon picker',
    bindings: [
      { action: 'up', keys: UP, description: 'previous daemon' },
      { action: 'down', keys: DOWN, description: 'next daemon' },
      { action: 'select', keys: [named('return')], description: 'watch the chosen daemon' },
    ],
  },
  {
    scope: 'main',
    title: 'Overview tab',
    bindings: [
      { action: 'row-up', keys: UP, description: 'previous neighbor' },
      { action: 'row-down', keys: DOWN, description: 'next neighbor' },
      { action: 'page-up', keys: [named('pageUp')], description: 'neighbors: one page up' },
      { action: 'page-down', keys: [named('pageDown')], description: 'neighbors: one page down' },
      { action: 'row-first', keys: [named('home')], description: 'neighbors: the first row' },
      { action: 'row-last', keys: [named('end')], description: 'neighbors: the last row' },
      { action: 'details', keys: [named('return')], description: 'details of the selected neighbor (capabilities, families, counters)', footer: 'details' },
      { action: 'sort', keys: [char('o')], description: 'sort neighbors by address, state, up/down for, flaps, peer AS', footer: 'sort' },
      { action: 'sort-reverse', keys: [char('O')], description: 'reverse the sort (the sorted column is marked ▼, reversed ▲)' },
      { action: 'filter', keys: [char('/')], description: 'filter neighbors (address, name, AS, state, error; !TEXT: those without it)', footer: 'filter' },
      { action: 'not-established', keys: [char('e')], description: 'neighbors: only those not established, or all again', footer: 'not up' },
      { action: 'vitals', keys: [char('v')], description: 'fold the vitals to one line to give the neighbors the screen, or unfold' },
      { action: 'raw', keys: [char('r')], description: 'the last control-channel answer exatop could not use' },
    ],
  },
  {
    scope: 'logs',
    title: 'Logs tab',
    bindings: [
      { action: 'log-up', keys: UP, description: 'logs: older entry (stops following)' },
      { action: 'log-down', keys: DOWN, description: 'logs: newer entry' },
      { action: 'log-page-up', keys: [named('pageUp')], description: 'logs: one page older' },
      { action: 'log-page-down', keys: [named('pageDown')], description: 'logs: one page newer' },
      { action: 'follow', keys: [char('f')], description: 'logs: follow the newest entries again', footer: 'follow' },
      { action: 'errors-only', keys: [char('e')], description: 'logs: errors, tracebacks, notifications and drops only, or everything', footer: 'errors only' },
      { action: 'timestamps', keys: [char('t')], description: 'logs: show or hide times' },
      { action: 'log-filter', keys: [char('/')], description: 'logs: filter by regex (matches are highlighted)', footer: 'filter' },
      { action: 'expand', keys: [named('return')], description: 'logs: the whole traceback or banner of the selected entry', footer: 'expand' },
      { action: 'save', keys: [char('s')], description: 'logs: save the entries shown to a file', footer: 'save' },
      { action: 'incident', keys: [char('I')], description: 'logs: the runbook\'s issue report of the selected traceback, NOTIFICATION or session drop (RUNS/incidents/)' },
    ],
  },
  {
    scope: 'compare',
    title: 'Compare tab',
    bindings: [
      { action: 'run-up', keys: UP, description: 'comparison: previous run' },
      { action: 'run-down', keys: DOWN, description: 'comparison: next run' },
      { action: 'mark-baseline', keys: [char('b')], description: 'comparison: the selected run is the baseline', footer: 'baseline' },
      { action: 'mark-candidate', keys: [char('c')], description: 'comparison: the selected run is the candidate', footer: 'candidate' },
      { action: 'new-run', keys: [char('n')], description: 'comparison: a new run (type its label: generator, async, …)', footer: 'new run' },
      { action: 'type-value', keys: [char('v')], description: 'comparison: type a figure by hand into the selected run (est|rss|avg|peak VALUE)', footer: 'type value' },
      { action: 'capture-establishment', keys: [char('E')], description: 'comparison: measure establishment time (restarts the daemon after you confirm)', footer: 'measure' },
      { action: 'capture-peak', keys: [char('P')], description: 'comparison: measure peak CPU during one session setup (restarts after you confirm)' },
      { action: 'capture-cpu', keys: [char('C')], description: 'comparison: measure the CPU average over the capture duration' },
      { action: 'capture-rss', keys: [char('R')], description: 'comparison: read RSS (marked early before 24 h of uptime)' },
      { action: 'cancel-capture', keys: [char('K')], description: 'comparison: stop the running capture (a CPU average keeps the window it covered)' },
      { action: 'export', keys: [char('x')], description: 'comparison: export baseline vs candidate as the template in Markdown', footer: 'export' },
    ],
  },
  { scope: 'alerts', title: 'Alerts tab', bindings: [] },
  {
    scope: 'filter',
    title: 'Typing a filter or an answer',
    bindings: [
      { action: 'filter-accept', keys: [named('return')], description: 'keep the filter, or submit what was typed', footer: 'accept' },
      { action: 'filter-cancel', keys: [named('escape')], description: 'clear the filter, or cancel what was being typed', footer: 'cancel' },
      { action: 'filter-erase', keys: [named('backspace'), named('delete')], description: 'erase one character' },
    ],
  },
  {
    scope: 'help',
    title: 'This help',
    bindings: [
      { action: 'help-up', keys: UP, description: 'help: scroll up one line' },
      { action: 'help-down', keys: DOWN, description: 'help: scroll down one line' },
      { action: 'help-page-up', keys: [named('pageUp')], description: 'help: one page up' },
      { action: 'help-page-down', keys: [named('pageDown')], description: 'help: one page down', footer: 'more' },
      { action: 'help-top', keys: [named('home')], description: 'help: the top' },
      { action: 'help-bottom', keys: [named('end')], description: 'help: the bottom' },
    ],
  },
  { scope: 'overlay', title: 'Details views', bindings: [] },
];

function compile(group: BindingGroup, data: BindingData): Binding {
  return {
    ...data,
    scope: group.scope,
    label: data.keys.map(keyName).join(', '),
    matches: (k) => data.keys.some((spec) => keyMatches(spec, k)),
  };
}

export const KEYMAP: readonly Binding[] = KEYMAP_GROUPS.flatMap((g) => g.bindings.map((b) => compile(g, b)));

/** While typing, only the typing keys and Ctrl-C act: everything else is text. */
export function scopesFor(mode: Mode, replaying = false): Scope[] {
  if (mode === 'filter') return ['filter'];
  return replaying ? ['global', 'replay', mode] : ['global', mode];
}

export function actionFor(k: KeyPress, scopes: readonly Scope[]): Action | null {
  if (scopes.includes('filter') && k.ctrl && k.input === 'c') return 'quit';
  return KEYMAP.find((b) => scopes.includes(b.scope) && b.matches(k))?.action ?? null;
}

export interface FooterHint {
  keys: string;
  label: string;
}

export function footerHints(scopes: readonly Scope[]): FooterHint[] {
  return KEYMAP.filter((b) => b.footer && scopes.includes(b.scope)).map((b) => ({ keys: keyName(b.keys[0]!), label: b.footer! }));
}

export interface HelpSection {
  title: string;
  bindings: Binding[];
}

/**
 * The help overlay's sections: the keys of the screen beneath it first, then the ones that work
 * everywhere, replay's only while replaying, then each other screen's under its name.
 */
export function helpSections(beneath: 'picker' | TabScope, replaying: boolean): HelpSection[] {
  const order: Scope[] = [beneath, 'global', 'help', ...(replaying ? ['replay' as const] : []), 'main', 'logs', 'compare', 'picker', 'filter'];
  const seen = new Set<Scope>();
  const sections: HelpSection[] = [];
  for (const scope of order) {
    if (seen.has(scope)) continue;
    seen.add(scope);
    const group = KEYMAP_GROUPS.find((g) => g.scope === scope)!;
    const bindings = KEYMAP.filter((b) => b.scope === scope);
    if (bindings.length > 0) sections.push({ title: group.title, bindings });
  }
  return sections;
}
