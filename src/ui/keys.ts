// A key as data: one description yields both the test of a key press and the name the help
// overlay and the footer print, so the two cannot disagree.

/** The subset of Ink's Key that bindings look at. */
export interface KeyPress {
  input: string;
  ctrl?: boolean;
  meta?: boolean;
  shift?: boolean;
  escape?: boolean;
  return?: boolean;
  tab?: boolean;
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  backspace?: boolean;
  delete?: boolean;
}

type Flag = Exclude<keyof KeyPress, 'input' | 'ctrl' | 'meta' | 'shift'>;

const NAMED = {
  escape: { flag: 'escape', name: 'Esc' },
  return: { flag: 'return', name: 'Enter' },
  tab: { flag: 'tab', name: 'Tab' },
  up: { flag: 'upArrow', name: '↑' },
  down: { flag: 'downArrow', name: '↓' },
  left: { flag: 'leftArrow', name: '←' },
  right: { flag: 'rightArrow', name: '→' },
  pageUp: { flag: 'pageUp', name: 'PgUp' },
  pageDown: { flag: 'pageDown', name: 'PgDn' },
  home: { flag: 'home', name: 'Home' },
  end: { flag: 'end', name: 'End' },
  backspace: { flag: 'backspace', name: 'Backspace' },
  delete: { flag: 'delete', name: 'Del' },
} as const satisfies Record<string, { flag: Flag; name: string }>;

export type NamedKey = keyof typeof NAMED;

/**
 * A printable character (with Ctrl: the letter Ink reports), or a named key. `shift: false`
 * refuses the shifted key (Shift-← is not ←); left out, Shift does not matter.
 */
export type KeySpec = { char: string; ctrl?: boolean } | { key: NamedKey; shift?: boolean };

export const char = (c: string): KeySpec => ({ char: c });
export const ctrl = (letter: string): KeySpec => ({ char: letter, ctrl: true });
export const named = (key: NamedKey, shift?: boolean): KeySpec => (shift === undefined ? { key } : { key, shift });

export function keyMatches(spec: KeySpec, k: KeyPress): boolean {
  if ('char' in spec) return !!k.ctrl === !!spec.ctrl && k.input === spec.char;
  if (!k[NAMED[spec.key].flag]) return false;
  return spec.shift === undefined || !!k.shift === spec.shift;
}

export function keyName(spec: KeySpec): string {
  if ('key' in spec) return NAMED[spec.key].name;
  if (spec.ctrl) return `Ctrl-${spec.char.toUpperCase()}`;
  return spec.char === ' ' ? 'Space' : spec.char;
}

/** The press a user makes for `spec`, as Ink reports it (for tests and for documentation). */
export function pressFor(spec: KeySpec): KeyPress {
  if ('char' in spec) return spec.ctrl ? { input: spec.char, ctrl: true } : { input: spec.char };
  return { input: '', [NAMED[spec.key].flag]: true, ...(spec.shift ? { shift: true } : {}) };
}

/**
 * Ink hands over several characters read at once (pasted, or typed faster than a read) as one
 * input: they are one press each, so `/gobgp` pasted opens the filter and types gobgp.
 */
export function splitPresses(press: KeyPress): KeyPress[] {
  const chars = [...press.input];
  if (chars.length <= 1 || press.ctrl || press.meta) return [press];
  return chars.map((c) => (c === '\r' || c === '\n' ? { input: '', return: true } : { input: c }));
}
