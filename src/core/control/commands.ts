// The per-version allowlist: the only commands exatop ever sends on its own. All are read-only.
// On 5.0 a command with a trailing `json` other than `show neighbor json` raises inside the
// daemon, and `version json` kills it (FACTS.md): nothing here is composed from parts.
import type { VersionInfo } from '../daemon/version.js';

export type Dialect = '4.2' | '5.0' | '6.0' | '6.0-api4';
export type Query = 'version' | 'neighbors' | 'status' | 'ping';

export const COMMANDS: Readonly<Record<Dialect, Readonly<Partial<Record<Query, string>>>>> = {
  // 4.2's summary hides peers that are down: only `extensive` lists them all.
  '4.2': { version: 'version', neighbors: 'show neighbor extensive' },
  '5.0': { version: 'version', neighbors: 'show neighbor json' },
  '6.0': { version: 'system version', neighbors: 'peer show', status: 'daemon status', ping: 'session ping' },
  '6.0-api4': { version: 'version', neighbors: 'show neighbor json' },
};

/** Sent only while the version is unknown; both are read-only on every line. */
export const PROBE_COMMANDS = ['version', 'system version'] as const;

export function allowedCommands(dialect: Dialect | null): ReadonlySet<string> {
  return new Set<string>(dialect ? Object.values(COMMANDS[dialect]) : PROBE_COMMANDS);
}

export function isAllowed(dialect: Dialect | null, command: string): boolean {
  return allowedCommands(dialect).has(command);
}

/** 6.0 speaks the 4.x/5.x commands instead of its own when started with API version 4. */
export function dialectFor(version: VersionInfo | null, environ: Record<string, string>): Dialect | null {
  if (!version) return null;
  switch (version.line) {
    case '4.2':
    case '5.0':
      return version.line;
    case '6.0': {
      const api = environ['exabgp.api.version'] ?? environ['exabgp_api_version'];
      return api !== undefined && api.trim().startsWith('4') ? '6.0-api4' : '6.0';
    }
    default:
      return null;
  }
}
