// Colours in one place; with NO_COLOR every colour is dropped (bold and inverse stay).
export interface Theme {
  accent: string | undefined;
  ok: string | undefined;
  warn: string | undefined;
  bad: string | undefined;
  dim: string | undefined;
}

const COLOURS: Theme = { accent: 'cyan', ok: 'green', warn: 'yellow', bad: 'red', dim: 'gray' };
const PLAIN: Theme = { accent: undefined, ok: undefined, warn: undefined, bad: undefined, dim: undefined };

export function noColorRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '';
}

/** Colour depth a terminal announces (chalk's levels: 0 none, 1 basic, 2 256, 3 true colour). */
export function terminalColourLevel(env: NodeJS.ProcessEnv): 0 | 1 | 2 | 3 {
  if (noColorRequested(env) || env['TERM'] === 'dumb') return 0;
  if (/^(truecolor|24bit)$/i.test(env['COLORTERM'] ?? '')) return 3;
  if (/256/.test(env['TERM'] ?? '')) return 2;
  return 1;
}

export function themeFor(env: NodeJS.ProcessEnv = process.env): Theme {
  return noColorRequested(env) ? PLAIN : COLOURS;
}
