// ANSI escape codes in ExaBGP's output. ExaBGP colours its stdout/stderr log when that is a
// terminal (5.0/6.0 `exabgp/logger/color.py`), and a daemon that crashes replays its whole log
// history with those colours inside the crash banner (samples/v5.0/traceback-version-json-
// daemon-crash.log: `\r22:38:46 18854  \e[01;32mwelcome        \e[0m \e[1mThank you …\e[0m`).
import type { LogLevel } from './types.js';

// CSI (`ESC [ … final`), OSC (`ESC ] … BEL|ST`), two-byte escapes, a sequence cut off by the
// end of the string (a truncated line must not leave half an escape behind), and an ESC that
// starts no valid sequence, removed alone: ExaBGP 4.2 echoes a rejected API command with a space
// after every `[`, so `ESC[1m` typed into a command is logged as `ESC[ 1m` (journal capture
// fixtures/v4.2-journal/), and a bare ESC must not reach the terminal.
const ANSI_RE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\|$)|[@-Z\\-_]|\[[0-?]*[ -/]*$|)|\x9b[0-?]*[ -/]*[@-~]?/g;

/** The text without ANSI escape codes. Returns the same string when there are none (no copy). */
export function stripAnsi(text: string): string {
  if (text.indexOf('\x1b') === -1 && text.indexOf('\x9b') === -1) return text;
  return text.replace(ANSI_RE, '');
}

// ExaBGP colours the source column by level (color.py `_RECORD`): CRITICAL/FATAL `00;31`,
// ERROR `01;31`, WARNING `01;33`, INFO `01;32`, NOTSET `01;34`, DEBUG uncoloured. The 5.0 crash
// capture shows `01;32` on INFO sources, `01;31` on `advice` (sent as <27> = error over syslog in
// samples/v5.0/log-destination-syslog.txt) and `01;33` on `daemon` (<28> = warning there).
const SGR_LEVEL: Record<string, LogLevel> = {
  '00;31': 'critical',
  '01;31': 'error',
  '01;33': 'warning',
  '01;32': 'info',
};

const FIRST_SGR = /\x1b\[([0-9;]*)m/;

/** The level ExaBGP's colour says, from the first SGR code of a raw coloured line; null when uncoloured or unknown. */
export function ansiLevel(raw: string): LogLevel | null {
  if (raw.indexOf('\x1b') === -1) return null;
  const match = FIRST_SGR.exec(raw);
  return match ? (SGR_LEVEL[match[1] ?? ''] ?? null) : null;
}
