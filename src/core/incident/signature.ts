// A traceback's signature: its exception type and its frames (file from the package root, and
// function), never the message or the line numbers, so the same fault matches across daemon
// lives, installs (/usr/lib/python3 vs a venv) and neighbouring commits.
import type { LogEntry } from '../logs/types.js';

const FRAME = /^\s*File "([^"]+)", line \d+, in (\S+)/;

/** `exabgp/reactor/loop.py` for any install of ExaBGP; the file name for anything else. */
function framePath(path: string): string {
  const at = path.lastIndexOf('/exabgp/');
  if (at >= 0) return path.slice(at + 1);
  return path.slice(path.lastIndexOf('/') + 1);
}

export function framesOf(lines: readonly string[]): string[] {
  const frames: string[] = [];
  for (const line of lines) {
    const m = FRAME.exec(line);
    if (m) frames.push(`${framePath(m[1]!)}:${m[2]!}`);
  }
  return frames;
}

/** Numbers, addresses and quoted values out of a message: what differs between two occurrences. */
export function normaliseText(text: string): string {
  return text
    .replace(/'[^']*'|"[^"]*"/g, '…')
    .replace(/\b\d+(?:\.\d+)*\b/g, 'N')
    .replace(/0x[0-9a-f]+/gi, 'N')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Exception type + frames for a traceback; class + the normalised summary for anything else. */
export function signatureOf(entry: Pick<LogEntry, 'class' | 'lines' | 'exception' | 'summary'>): string {
  if (entry.class === 'traceback' && entry.exception) {
    const frames = framesOf(entry.lines);
    return frames.length ? `${entry.exception.type} @ ${frames.join(' > ')}` : `${entry.exception.type} @ ${entry.exception.origin ?? '?'}`;
  }
  return `${entry.class}: ${normaliseText(entry.summary)}`;
}
