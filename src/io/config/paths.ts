// The XDG base folders exatop keeps its files in (a relative value is ignored, as the spec says).
import { homedir } from 'node:os';
import { isAbsolute, join, sep } from 'node:path';

function xdg(env: NodeJS.ProcessEnv, name: string, home: string, fallback: string): string {
  const value = env[name];
  return value && isAbsolute(value) ? value : join(home, fallback);
}

export const stateHome = (env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string => xdg(env, 'XDG_STATE_HOME', home, join('.local', 'state'));

export const configHome = (env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string => xdg(env, 'XDG_CONFIG_HOME', home, '.config');

/** An npm install (global or local) puts the package inside a node_modules folder; a checkout does not. */
export const isInstalledPackage = (packageRoot: string): boolean => packageRoot.split(sep).includes('node_modules');
