// exatop's config file. The first that exists wins, and only that one is read (no merging, so
// what a file says is what runs): --config FILE, $XDG_CONFIG_HOME/exatop/config.json, then the
// host's /etc/exatop/config.json (what a systemd service, with no user config, reads). Today it
// holds the alert rules and the alert hook. No file at all means the defaults; a named file that
// is missing, or any file that does not validate, is an error naming the file and the field.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { configHome } from './paths.js';
import { EXIT, ExitError } from '../../core/exit-codes.js';
import { DEFAULT_ALERT_CONFIG, parseAlertConfig, type AlertConfig } from '../../core/alerts/config.js';

export class ConfigError extends ExitError {
  override name = 'ConfigError';
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

export const SYSTEM_CONFIG_PATH = '/etc/exatop/config.json';

export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  return join(configHome(env, home), 'exatop', 'config.json');
}

async function readConfigText(file: string, optional: boolean): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (optional && (error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ConfigError(`cannot read config ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** `candidates` is the search order after --config (tests point it elsewhere). */
export async function loadConfig(
  path: string | undefined,
  candidates: readonly string[] = [defaultConfigPath(), SYSTEM_CONFIG_PATH],
): Promise<{ config: AlertConfig; source: string }> {
  let file: string | undefined;
  let text: string | null = null;
  if (path !== undefined) [file, text] = [path, await readConfigText(path, false)];
  for (const candidate of path === undefined ? candidates : []) {
    text = await readConfigText(candidate, true);
    file = candidate;
    if (text !== null) break;
  }
  if (text === null || file === undefined) return { config: DEFAULT_ALERT_CONFIG, source: 'defaults' };
  const parsed = parseAlertConfig(text, file);
  if (!parsed.ok) throw new ConfigError(parsed.message);
  return { config: parsed.value, source: file };
}
