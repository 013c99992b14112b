// What the first line of each allowlisted command's answer looks like (fixtures/v4.2, v5.0.15,
// v6.0-dev). The pipe is shared and answers are not addressed: lines that cannot start the
// answer to the command just sent are the tail of an older answer, left by a client that went
// away or by a query that timed out, and are dropped instead of parsed.

const FIRST_LINE: Readonly<Record<string, RegExp>> = {
  'show neighbor extensive': /^Neighbor /,
  'show neighbor summary': /^Peer\s+AS\s+up\/down/,
  'show neighbor json': /^\s*[[{]/,
  version: /^exabgp \d/i,
  'system version': /^\s*\{/,
  'peer show': /^\s*[[{]/,
  'peer list': /^\s*[[{]/,
  'daemon status': /^\s*\{/,
  'session ping': /^\s*\{/,
};

/**
 * True when `lines` (an answer without its terminator) can be the answer to `command`. An
 * empty answer always can (no neighbors, or the daemon's bare `error`).
 */
export function fitsCommand(command: string, lines: readonly string[]): boolean {
  const first = lines.find((line) => line.trim() !== '');
  if (first === undefined) return true;
  const shape = FIRST_LINE[command];
  return shape === undefined || shape.test(first);
}
