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

export function themeFor(env: NodeJS.ProcessEnv = process.env): Theme {
  return noColorRequested(env) ? PLAIN : COLOURS;
}
