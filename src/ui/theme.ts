// Colours in one place. With NO_COLOR every colour is dropped, bold and inverse stay (so the
// selected row is still drawn in inverse video), and what colour alone would tell (the
// selected row, the current tab) is also marked with a character.
export interface Theme {
  accent: string | undefined;
  ok: string | undefined;
  warn: string | undefined;
  bad: string | undefined;
  dim: string | undefined;
  /** Mark the selection with MARKER as well: colour may be all there is to see it otherwise. */
  marks: boolean;
}

export const MARKER = '▶';

const COLOURS: Theme = { accent: 'cyan', ok: 'green', warn: 'yellow', bad: 'red', dim: 'gray', marks: false };
const PLAIN: Theme = { accent: undefined, ok: undefined, warn: undefined, bad: undefined, dim: undefined, marks: true };

export function noColorRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '';
}

/** A terminal that cannot move its cursor: it gets plain lines, never the TUI. */
export function dumbTerminal(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['TERM'] === 'dumb';
}

/**
 * Colour depth to give chalk (0 none, 1 basic, 2 256, 3 true colour). NO_COLOR still gets 1:
 * the theme then has no colour, and level 0 would drop bold and inverse too.
 */
export function terminalColourLevel(env: NodeJS.ProcessEnv): 0 | 1 | 2 | 3 {
  if (dumbTerminal(env)) return 0;
  if (noColorRequested(env)) return 1;
  if (/^(truecolor|24bit)$/i.test(env['COLORTERM'] ?? '')) return 3;
  if (/256/.test(env['TERM'] ?? '')) return 2;
  return 1;
}

export function themeFor(env: NodeJS.ProcessEnv = process.env): Theme {
  return noColorRequested(env) || dumbTerminal(env) ? PLAIN : COLOURS;
}

/** The two columns in front of a row where a plain theme marks the selection. */
export function rowMark(theme: Theme, selected: boolean): string {
  if (!theme.marks) return '';
  return selected ? `${MARKER} ` : '  ';
}
