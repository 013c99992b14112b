// The one registry of keys: the input hook matches against it and the help overlay and the
// footer are drawn from it, so a key cannot work without being documented or the reverse.

export type Action =
  | 'quit' | 'help' | 'close' | 'pause' | 'faster' | 'slower' | 'style' | 'up' | 'down' | 'select'
  | 'row-up' | 'row-down' | 'page-up' | 'page-down' | 'details' | 'sort' | 'filter' | 'raw'
  | 'filter-accept' | 'filter-cancel' | 'filter-erase'
  | 'tab-overview' | 'tab-logs' | 'next-tab'
  | 'log-up' | 'log-down' | 'log-page-up' | 'log-page-down' | 'follow' | 'errors-only' | 'timestamps' | 'save' | 'expand' | 'log-filter'
  | 'replay-toggle' | 'replay-back' | 'replay-forward' | 'replay-back-minute' | 'replay-forward-minute' | 'replay-faster' | 'replay-slower' | 'replay-start' | 'replay-end'
  | 'tab-compare' | 'tab-alerts' | 'run-up' | 'run-down' | 'mark-baseline' | 'mark-candidate' | 'new-run' | 'type-value' | 'export'
  | 'capture-establishment' | 'capture-peak' | 'capture-cpu' | 'capture-rss' | 'cancel-capture';

/** The subset of Ink's Key that the registry looks at. */
export interface KeyPress {
  input: string;
  ctrl?: boolean;
  escape?: boolean;
  return?: boolean;
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  backspace?: boolean;
  delete?: boolean;
  tab?: boolean;
  shift?: boolean;
}

/**
 * Where a binding applies. 'main' is the monitor screen; 'filter' is typing a filter, where
 * every other key is text; 'overlay' is a details or raw-answer view.
 */
export type Scope = 'global' | 'picker' | 'main' | 'logs' | 'compare' | 'filter' | 'overlay' | 'replay';

export interface Binding {
  action: Action;
  /** How the help overlay names the keys. */
  keys: string;
  description: string;
  /** Shown in the one-line footer. */
  footer?: string;
  /** Screens the binding is active on. */
  scope: Scope;
  matches: (k: KeyPress) => boolean;
}

const char = (...chars: string[]) => (k: KeyPress) => !k.ctrl && chars.includes(k.input);

/** While typing a filter, only filter keys and Ctrl-C act: everything else is text. */
export function scopesFor(mode: 'picker' | 'main' | 'logs' | 'compare' | 'filter' | 'overlay', replaying = false): Scope[] {
  if (mode === 'filter') return ['filter'];
  return replaying ? ['global', 'replay', mode] : ['global', mode];
}

export const KEYMAP: readonly Binding[] = [
  { action: 'quit', keys: 'q, Ctrl-C', description: 'quit (the terminal is restored)', footer: 'quit', scope: 'global', matches: (k) => char('q')(k) || (!!k.ctrl && k.input === 'c') },
  { action: 'help', keys: '?', description: 'show or hide this help', footer: 'help', scope: 'global', matches: char('?') },
  { action: 'close', keys: 'Esc', description: 'close the help overlay', scope: 'global', matches: (k) => !!k.escape },
  { action: 'pause', keys: 'p', description: 'pause or resume sampling (the daemon is still followed)', footer: 'pause', scope: 'global', matches: char('p') },
  { action: 'faster', keys: '+, =', description: 'sample more often (interval ÷ 2, down to 250 ms)', footer: 'faster', scope: 'global', matches: char('+', '=') },
  { action: 'slower', keys: '-, _', description: 'sample less often (interval × 2, up to 60 s)', footer: 'slower', scope: 'global', matches: char('-', '_') },
  { action: 'style', keys: 'g', description: 'sparkline glyphs: blocks, braille, ascii', scope: 'global', matches: char('g') },
  { action: 'tab-overview', keys: '1', description: 'overview: vitals and neighbors', scope: 'global', matches: char('1') },
  { action: 'tab-logs', keys: '2', description: 'logs: errors, tracebacks, sessions, API commands', scope: 'global', matches: char('2') },
  { action: 'tab-compare', keys: '3', description: 'comparison: baseline vs candidate runs, captures, mode and rollback', scope: 'global', matches: char('3') },
  { action: 'tab-alerts', keys: '4', description: 'alerts: active ones and the events list', scope: 'global', matches: char('4') },
  { action: 'replay-toggle', keys: 'Space', description: 'replay: play or pause', footer: 'play/pause', scope: 'replay', matches: char(' ') },
  { action: 'replay-back', keys: '←', description: 'replay: one sample back', scope: 'replay', matches: (k) => !!k.leftArrow && !k.shift },
  { action: 'replay-forward', keys: '→', description: 'replay: one sample forward', scope: 'replay', matches: (k) => !!k.rightArrow && !k.shift },
  { action: 'replay-back-minute', keys: '(', description: 'replay: 60 samples back', scope: 'replay', matches: char('(') },
  { action: 'replay-forward-minute', keys: ')', description: 'replay: 60 samples forward', scope: 'replay', matches: char(')') },
  { action: 'replay-slower', keys: '[', description: 'replay: slower (1× is real time)', scope: 'replay', matches: char('[') },
  { action: 'replay-faster', keys: ']', description: 'replay: faster (up to 3600×)', footer: 'speed', scope: 'replay', matches: char(']') },
  { action: 'replay-start', keys: '<', description: 'replay: jump to the start', scope: 'replay', matches: char('<') },
  { action: 'replay-end', keys: '>', description: 'replay: jump to the end', scope: 'replay', matches: char('>') },
  { action: 'next-tab', keys: 'Tab', description: 'next tab', scope: 'global', matches: (k) => !!k.tab && !k.shift },
  { action: 'up', keys: '↑, k', description: 'previous daemon', scope: 'picker', matches: (k) => !!k.upArrow || char('k')(k) },
  { action: 'down', keys: '↓, j', description: 'next daemon', scope: 'picker', matches: (k) => !!k.downArrow || char('j')(k) },
  { action: 'select', keys: 'Enter', description: 'watch the chosen daemon', scope: 'picker', matches: (k) => !!k.return },
  { action: 'row-up', keys: '↑, k', description: 'previous neighbor', scope: 'main', matches: (k) => !!k.upArrow || char('k')(k) },
  { action: 'row-down', keys: '↓, j', description: 'next neighbor', scope: 'main', matches: (k) => !!k.downArrow || char('j')(k) },
  { action: 'page-up', keys: 'PgUp', description: 'neighbors: one page up', scope: 'main', matches: (k) => !!k.pageUp },
  { action: 'page-down', keys: 'PgDn', description: 'neighbors: one page down', scope: 'main', matches: (k) => !!k.pageDown },
  { action: 'details', keys: 'Enter', description: 'details of the selected neighbor (capabilities, families, counters)', footer: 'details', scope: 'main', matches: (k) => !!k.return },
  { action: 'sort', keys: 'o', description: 'sort neighbors by address, state, up/down for, flaps, peer AS', footer: 'sort', scope: 'main', matches: char('o') },
  { action: 'filter', keys: '/', description: 'filter neighbors (address, name, AS, state, error)', footer: 'filter', scope: 'main', matches: char('/') },
  { action: 'raw', keys: 'r', description: 'the last control-channel answer exatop could not use', scope: 'main', matches: char('r') },
  { action: 'log-up', keys: '↑, k', description: 'logs: older entry (stops following)', scope: 'logs', matches: (k) => !!k.upArrow || char('k')(k) },
  { action: 'log-down', keys: '↓, j', description: 'logs: newer entry', scope: 'logs', matches: (k) => !!k.downArrow || char('j')(k) },
  { action: 'log-page-up', keys: 'PgUp', description: 'logs: one page older', scope: 'logs', matches: (k) => !!k.pageUp },
  { action: 'log-page-down', keys: 'PgDn', description: 'logs: one page newer', scope: 'logs', matches: (k) => !!k.pageDown },
  { action: 'follow', keys: 'f', description: 'logs: follow the newest entries again', footer: 'follow', scope: 'logs', matches: char('f') },
  { action: 'errors-only', keys: 'e', description: 'logs: errors, tracebacks, notifications and drops only, or everything', footer: 'errors only', scope: 'logs', matches: char('e') },
  { action: 'timestamps', keys: 't', description: 'logs: show or hide times', scope: 'logs', matches: char('t') },
  { action: 'log-filter', keys: '/', description: 'logs: filter by regex (matches are highlighted)', footer: 'filter', scope: 'logs', matches: char('/') },
  { action: 'expand', keys: 'Enter', description: 'logs: the whole traceback or banner of the selected entry', footer: 'expand', scope: 'logs', matches: (k) => !!k.return },
  { action: 'save', keys: 's', description: 'logs: save the entries shown to a file', footer: 'save', scope: 'logs', matches: char('s') },
  { action: 'run-up', keys: '↑, k', description: 'comparison: previous run', scope: 'compare', matches: (k) => !!k.upArrow || char('k')(k) },
  { action: 'run-down', keys: '↓, j', description: 'comparison: next run', scope: 'compare', matches: (k) => !!k.downArrow || char('j')(k) },
  { action: 'mark-baseline', keys: 'b', description: 'comparison: the selected run is the baseline', footer: 'baseline', scope: 'compare', matches: char('b') },
  { action: 'mark-candidate', keys: 'c', description: 'comparison: the selected run is the candidate', footer: 'candidate', scope: 'compare', matches: char('c') },
  { action: 'new-run', keys: 'n', description: 'comparison: a new run (type its label: generator, async, …)', footer: 'new run', scope: 'compare', matches: char('n') },
  { action: 'type-value', keys: 'v', description: 'comparison: type a figure by hand into the selected run (est|rss|avg|peak VALUE)', footer: 'type value', scope: 'compare', matches: char('v') },
  { action: 'capture-establishment', keys: 'E', description: 'comparison: measure establishment time (restarts the daemon after you confirm)', footer: 'measure', scope: 'compare', matches: char('E') },
  { action: 'capture-peak', keys: 'P', description: 'comparison: measure peak CPU during one session setup (restarts after you confirm)', scope: 'compare', matches: char('P') },
  { action: 'capture-cpu', keys: 'C', description: 'comparison: measure the CPU average over the capture duration', scope: 'compare', matches: char('C') },
  { action: 'capture-rss', keys: 'R', description: 'comparison: read RSS (marked early before 24 h of uptime)', scope: 'compare', matches: char('R') },
  { action: 'cancel-capture', keys: 'K', description: 'comparison: stop the running capture (a CPU average keeps the window it covered)', scope: 'compare', matches: char('K') },
  { action: 'export', keys: 'x', description: 'comparison: export baseline vs candidate as the template in Markdown', footer: 'export', scope: 'compare', matches: char('x') },
  { action: 'filter-accept', keys: 'Enter', description: 'keep the filter, or submit what was typed', footer: 'accept', scope: 'filter', matches: (k) => !!k.return },
  { action: 'filter-cancel', keys: 'Esc', description: 'clear the filter, or cancel what was being typed', footer: 'cancel', scope: 'filter', matches: (k) => !!k.escape },
  { action: 'filter-erase', keys: 'Backspace', description: 'erase one character', scope: 'filter', matches: (k) => !!k.backspace || !!k.delete },
];

export function actionFor(k: KeyPress, scopes: readonly Scope[]): Action | null {
  if (scopes.includes('filter') && k.ctrl && k.input === 'c') return 'quit';
  return KEYMAP.find((b) => scopes.includes(b.scope) && b.matches(k))?.action ?? null;
}

export function footerHints(scopes: readonly Scope[]): { keys: string; label: string }[] {
  return KEYMAP.filter((b) => b.footer && scopes.includes(b.scope)).map((b) => ({ keys: b.keys.split(',')[0]!.trim(), label: b.footer! }));
}
