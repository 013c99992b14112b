// The one registry of keys: the input hook matches against it and the help overlay and the
// footer are drawn from it, so a key cannot work without being documented or the reverse.

export type Action =
  | 'quit' | 'help' | 'close' | 'pause' | 'faster' | 'slower' | 'style' | 'up' | 'down' | 'select';

/** The subset of Ink's Key that the registry looks at. */
export interface KeyPress {
  input: string;
  ctrl?: boolean;
  escape?: boolean;
  return?: boolean;
  upArrow?: boolean;
  downArrow?: boolean;
}

export interface Binding {
  action: Action;
  /** How the help overlay names the keys. */
  keys: string;
  description: string;
  /** Shown in the one-line footer. */
  footer?: string;
  /** Screens the binding is active on. */
  scope: 'global' | 'picker';
  matches: (k: KeyPress) => boolean;
}

const char = (...chars: string[]) => (k: KeyPress) => !k.ctrl && chars.includes(k.input);

export const KEYMAP: readonly Binding[] = [
  { action: 'quit', keys: 'q, Ctrl-C', description: 'quit (the terminal is restored)', footer: 'quit', scope: 'global', matches: (k) => char('q')(k) || (!!k.ctrl && k.input === 'c') },
  { action: 'help', keys: '?', description: 'show or hide this help', footer: 'help', scope: 'global', matches: char('?') },
  { action: 'close', keys: 'Esc', description: 'close the help overlay', scope: 'global', matches: (k) => !!k.escape },
  { action: 'pause', keys: 'p', description: 'pause or resume sampling (the daemon is still followed)', footer: 'pause', scope: 'global', matches: char('p') },
  { action: 'faster', keys: '+', description: 'sample more often (interval ÷ 2, down to 250 ms)', footer: 'faster', scope: 'global', matches: char('+', '=') },
  { action: 'slower', keys: '-', description: 'sample less often (interval × 2, up to 60 s)', footer: 'slower', scope: 'global', matches: char('-', '_') },
  { action: 'style', keys: 's', description: 'sparkline glyphs: blocks, braille, ascii', scope: 'global', matches: char('s') },
  { action: 'up', keys: '↑, k', description: 'previous daemon', scope: 'picker', matches: (k) => !!k.upArrow || char('k')(k) },
  { action: 'down', keys: '↓, j', description: 'next daemon', scope: 'picker', matches: (k) => !!k.downArrow || char('j')(k) },
  { action: 'select', keys: 'Enter', description: 'watch the chosen daemon', scope: 'picker', matches: (k) => !!k.return },
];

export function actionFor(k: KeyPress, scopes: readonly Binding['scope'][]): Action | null {
  return KEYMAP.find((b) => scopes.includes(b.scope) && b.matches(k))?.action ?? null;
}

export function footerHints(scopes: readonly Binding['scope'][]): { keys: string; label: string }[] {
  return KEYMAP.filter((b) => b.footer && scopes.includes(b.scope)).map((b) => ({ keys: b.keys.split(',')[0]!.trim(), label: b.footer! }));
}
