// Framing of control-channel answers (pipes and the 6.0 unix socket): the daemon writes answer
// lines, then one terminator line. Also the small helpers every answer parser shares.

import type { z } from 'zod';
import { FSM_STATES } from '../model/control.js';
import type { FsmState, Parsed } from '../model/control.js';

export type Terminator = 'done' | 'error' | 'shutdown';

const WORDS: readonly string[] = ['done', 'error', 'shutdown'];

/**
 * The terminator a line stands for, or null. Plain `done`/`error`/`shutdown`, or the JSON form
 * 6.0-dev has in its code (`{ "answer": "done", "message": "command completed" }`, never seen on
 * the wire). Only objects made of `answer` and `message` count: data answers can carry other
 * status-like fields (`{"status": "asynchronous queue cleared"}`).
 */
export function terminatorOf(line: string): Terminator | null {
  const text = line.trim();
  if (WORDS.includes(text)) return text as Terminator;
  if (!text.startsWith('{') || !text.endsWith('}') || !text.includes('"answer"')) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    const keys = Object.keys(value);
    const answer = (value as Record<string, unknown>)['answer'];
    if (!keys.every((k) => k === 'answer' || k === 'message')) return null;
    return typeof answer === 'string' && WORDS.includes(answer) ? (answer as Terminator) : null;
  } catch {
    return null;
  }
}

/** Complete lines only: a line counts once its `\n` has arrived. `\r` before `\n` is dropped. */
function completeLines(buffer: string): string[] {
  const lines = buffer.split('\n');
  lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/**
 * The answer lines before the first terminator line, and that terminator. Without a complete
 * terminator line (a truncated answer) `terminator` is null and `lines` holds every line,
 * including an unfinished last one. Bytes after the terminator are ignored.
 */
export function splitAnswer(raw: string): { lines: string[]; terminator: Terminator | null } {
  const lines = completeLines(raw);
  for (let i = 0; i < lines.length; i++) {
    const terminator = terminatorOf(lines[i] ?? '');
    if (terminator) return { lines: lines.slice(0, i), terminator };
  }
  const tail = raw.slice(raw.lastIndexOf('\n') + 1);
  return { lines: tail === '' ? lines : [...lines, tail], terminator: null };
}

/** True once a full terminator line (newline included) is in the buffer. */
export function isComplete(buffer: string): boolean {
  return completeLines(buffer).some((line) => terminatorOf(line) !== null);
}

/**
 * Follows an answer read by read and tells when it is complete, in time linear in its size:
 * a 4.2 daemon writes a 100-neighbor `show neighbor extensive` (175 kB) in ~1,500 reads, and
 * re-checking (or even `indexOf` on) the growing string at every read made that quadratic.
 * `complete` always equals `isComplete(text)`, or `isComplete(stripStrayTerminators(text))`
 * when built with `strays` (the 6.0 socket).
 */
export class AnswerReader {
  private readonly parts: string[] = [];
  private line = '';
  private size = 0;
  /** Complete lines so far that were all bare `done`/`error`: strays when more follows. */
  private leading = 0;
  private pastLeading = false;
  private found = false;

  constructor(private readonly strays = false) {}

  push(piece: string): void {
    this.parts.push(piece);
    this.size += piece.length;
    let start = 0;
    for (let end = piece.indexOf('\n'); end >= 0; end = piece.indexOf('\n', start)) {
      const line = this.line + piece.slice(start, end);
      this.line = '';
      start = end + 1;
      this.see(line.endsWith('\r') ? line.slice(0, -1) : line);
    }
    this.line += piece.slice(start);
  }

  private see(line: string): void {
    if (this.found) return;
    if (this.strays && !this.pastLeading) {
      const bare = line.trim();
      if (bare === 'done' || bare === 'error') {
        this.leading++;
        return;
      }
      this.pastLeading = true;
    }
    if (terminatorOf(line) !== null) this.found = true;
  }

  get complete(): boolean {
    // a run of bare terminators with nothing after it: the last one may be the real answer
    return this.found || (this.leading > 0 && !this.pastLeading && this.line === '');
  }

  get length(): number {
    return this.size;
  }

  get text(): string {
    const all = this.parts.join('');
    if (this.parts.length > 1) this.parts.splice(0, this.parts.length, all);
    return all;
  }
}

/**
 * Drops bare `done`/`error` lines at the very start of a socket buffer when more bytes follow.
 *
 * On 6.0-dev the socket helper tells the daemon `bye` when a client disconnects; the daemon's
 * answer (`error` with API v6, `done` with API v4) is handed to the NEXT client if it connects
 * before the helper dropped it (fixtures/v6.0-dev/README.md, "stray answer"), so that client
 * reads `error\n` + its own answer + `done\n`. Call this on the socket buffer before
 * `isComplete`/`splitAnswer`. A lone `error\n`/`done\n` is kept: it may be the real answer (a
 * rejected command) or a stray whose real answer is still on its way, which bytes alone cannot
 * tell; for a command whose real answer always has content (every query exatop sends), wait a
 * short grace (tens of ms) for more bytes before trusting it. Pipes never showed this.
 */
export function stripStrayTerminators(buffer: string): string {
  let rest = buffer;
  for (;;) {
    const end = rest.indexOf('\n');
    if (end < 0 || end === rest.length - 1) return rest;
    const first = rest.slice(0, end).trim();
    if (first !== 'done' && first !== 'error') return rest;
    rest = rest.slice(end + 1);
  }
}

/** Answer text as the parsers take it: the lines before the terminator. */
export function answerText(raw: string): string {
  return splitAnswer(raw).lines.join('\n');
}

/** An FSM name as the daemon spells it (any case); names exatop does not know become UNKNOWN. */
export function toFsm(value: string): FsmState {
  const upper = value.toUpperCase();
  return (FSM_STATES as readonly string[]).includes(upper) ? (upper as FsmState) : 'UNKNOWN';
}

export function fail(error: string, raw: string): { ok: false; error: string; raw: string } {
  return { ok: false, error, raw };
}

/** Runs a parser so that nothing it throws escapes: a bug becomes an ok:false answer. */
export function safely<T>(raw: string, parse: () => Parsed<T>): Parsed<T> {
  try {
    return parse();
  } catch (error) {
    return fail(`parser failed: ${error instanceof Error ? error.message : String(error)}`, raw);
  }
}

/** `[2].peer.as` from a zod issue path. */
function pathText(path: readonly PropertyKey[]): string {
  const text = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return text.startsWith('.') ? text.slice(1) : text || '(top level)';
}

/**
 * One JSON document checked against a schema. Errors name where it went wrong: the JSON
 * parser's own message (with its position when it gives one) or the first failing field.
 */
export function parseJsonAnswer<S extends z.ZodType>(text: string, schema: S): Parsed<z.output<S>> {
  const body = text.trim();
  if (body === '') return fail('empty answer', text);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return fail(`invalid JSON (${body.length} chars): ${why}`, text);
  }
  // The daemon reports some failures as a JSON object before its `error` terminator.
  if (typeof value === 'object' && value !== null && 'error' in value && Object.keys(value).length === 1) {
    return fail(`daemon error: ${String((value as { error: unknown }).error)}`, text);
  }
  const checked = schema.safeParse(value);
  if (checked.success) return { ok: true, value: checked.data };
  const issue = checked.error.issues[0];
  const where = issue ? pathText(issue.path) : '(unknown)';
  return fail(`unexpected JSON at ${where}: ${issue?.message ?? 'schema mismatch'}`, text);
}
