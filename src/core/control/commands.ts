// The per-version allowlist: the only commands exatop ever sends on its own. All are read-only.
// On 5.0 a command with a trailing `json` other than `show neighbor json` raises inside the
// daemon, and `version json` kills it (FACTS.md): nothing here is composed from parts.
import type { VersionInfo } from '../daemon/version.js';

export type Dialect = '4.2' | '5.0' | '6.0' | '6.0-api4';
/** `neighbors` is the full answer (every field of every peer); `summary` the small one asked each
 *  tick (states and, on 4.2/5.0, UPDATE counters), README "Polling schedule". */
export type Query = 'version' | 'neighbors' | 'summary' | 'status' | 'ping';

export const COMMANDS: Readonly<Record<Dialect, Readonly<Partial<Record<Query, string>>>>> = {
  // 4.2's summary hides peers that are down: only `extensive` lists them all.
  '4.2': { version: 'version', neighbors: 'show neighbor extensive', summary: 'show neighbor summary' },
  '5.0': { version: 'version', neighbors: 'show neighbor json', summary: 'show neighbor summary' },
  // `peer list`: address, AS and state only (299 B for 4 peers against 4 kB for `peer show`).
  '6.0': { version: 'system version', neighbors: 'peer show', summary: 'peer list', status: 'daemon status', ping: 'session ping' },
  '6.0-api4': { version: 'version', neighbors: 'show neighbor json', summary: 'show neighbor summary' },
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

/**
 * 6.0's socket helper serves several clients at once only with `exabgp_api_multi_client=true`
 * (FACTS.md "Control channel"): then exatop keeps one connection open. By default it serves one
 * client at a time, and each disconnect makes the daemon log a warning (`api.command.unknown
 * command=bye`) and hand its `error` to the next client (the operator's `exabgp run …`).
 */
export function socketMultiClient(environ: Record<string, string>): boolean {
  const value = environ['exabgp_api_multi_client'] ?? environ['exabgp.api.multi_client'];
  return value !== undefined && ['true', 'yes', 'on', '1', 'enable', 'enabled'].includes(value.trim().toLowerCase());
}

/** In single-client mode the socket is asked at most this often (README "6.0's socket"). */
export const SINGLE_CLIENT_POLL_MS = 5000;

/** What the control line says of a 6.0 socket's mode. */
export function socketModeNote(multiClient: boolean): string {
  return multiClient
    ? 'multi-client socket: one connection kept open, polled every tick'
    : `single-client socket: polled every ${SINGLE_CLIENT_POLL_MS / 1000} s (each disconnect logs a warning and hands the next client, the operator's CLI, a stray error); start the daemon with exabgp_api_multi_client=true to poll every tick on one connection`;
}
