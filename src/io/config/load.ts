// exatop's config file: $XDG_CONFIG_HOME/exatop/config.json (or --config FILE). Today it holds
// the alert rules and the alert hook. A missing default file means the defaults; a named file
// that is missing, or any file that does not validate, is an error naming the file and field.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { EXIT, ExitError } from '../../core/exit-codes.js';
import { DEFAULT_ALERT_CONFIG, parseAlertConfig, type AlertConfig } from '../../core/alerts/config.js';

export class ConfigError extends ExitError {
  override name = 'ConfigError';
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  const base = env['XDG_CONFIG_HOME'] && isAbsolute(env['XDG_CONFIG_HOME']) ? env['XDG_CONFIG_HOME'] : join(home, '.config');
  return join(base, 'exatop', 'config.json');
}

export async function loadConfig(path: string | undefined): Promise<{ config: AlertConfig; source: string }> {
  const file = path ?? defaultConfigPath();
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (path === undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') return { config: DEFAULT_ALERT_CONFIG, source: 'defaults' };
    throw new ConfigError(`cannot read config ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const parsed = parseAlertConfig(text, file);
  if (!parsed.ok) throw new ConfigError(parsed.message);
  return { config: parsed.value, source: file };
}
