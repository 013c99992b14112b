// One sanitiser for every text that came from outside (daemon answers, log lines, run labels,
// file names) before it is drawn or printed: a terminal must never receive an escape sequence,
// a carriage return or a line separator it did not get from exatop itself. Control characters
// become visible (caret notation for C0 and DEL, `\x9b` for C1, `\u202e` for Unicode line
// separators and bidi overrides), so an operator sees that they were there; nothing is dropped.

// C0, DEL, C1, U+2028/2029 (line breaks to JavaScript and some terminals), the bidi embeddings,
// overrides and isolates (text that reads differently from what it is), and lone surrogates.
const UNPRINTABLE =
  /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNPRINTABLE_ALL = new RegExp(UNPRINTABLE.source, 'g');
const UNPRINTABLE_BUT_NEWLINE = new RegExp(UNPRINTABLE.source.replace('\\x00-\\x1f', '\\x00-\\x09\\x0b-\\x1f'), 'g');

/** What one line is cut to on screen by default; the whole text stays where it is kept. */
export const DISPLAY_MAX_CHARS = 4096;

function visible(char: string): string {
  const code = char.charCodeAt(0);
  if (code === 0x09) return ' ';
  if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
  if (code === 0x7f) return '^?';
  if (code <= 0x9f) return `\\x${code.toString(16)}`;
  if (code >= 0xd800 && code <= 0xdfff) return '\ufffd';
  return `\\u${code.toString(16)}`;
}

/** The marker that ends a text cut for display, saying how much was left out. */
export function cutMarker(left: number): string {
  return `… [+${left} chars]`;
}

function cut(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let end = Math.max(0, maxChars);
  // Never split a surrogate pair: half of one would become U+FFFD.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end) + cutMarker(text.length - end);
}

/** One line of outside text, safe to draw: control characters visible, a tab a space, at most
 *  `maxChars` of it (then a marker). Returns the same string when there is nothing to change. */
export function printable(text: string, maxChars: number = Number.POSITIVE_INFINITY): string {
  const bounded = cut(text, maxChars);
  return UNPRINTABLE.test(bounded) ? bounded.replace(UNPRINTABLE_ALL, visible) : bounded;
}

/** Several lines of outside text (a whole answer): split on newlines, each line made printable. */
export function printableLines(text: string, maxChars: number = DISPLAY_MAX_CHARS): string[] {
  return text.replace(/\r\n/g, '\n').split('\n').map((line) => printable(line, maxChars));
}

/** A whole output that mixes exatop's own text with outside text (a report, a Markdown
 *  comparison): its newlines stay, every other control character becomes visible. */
export function printableBlock(text: string): string {
  return UNPRINTABLE.test(text) ? text.replace(UNPRINTABLE_BUT_NEWLINE, visible) : text;
}

/** Whether `text` holds anything printable() would change (not counting its length). */
export function hasUnprintable(text: string): boolean {
  return UNPRINTABLE.test(text);
}

/** Every string inside a parsed value (a daemon's answer, an identity) made printable; the same
 *  objects come back when nothing needed it. */
export function printableDeep<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item: unknown) => {
      const safe = printableDeep(item);
      if (safe !== item) changed = true;
      return safe;
    });
    return (changed ? out : value) as T;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const safeKey = printable(key);
      const safe = printableDeep(item);
      if (safe !== item || safeKey !== key) changed = true;
      out[safeKey] = safe;
    }
    return (changed ? out : value) as T;
  }
  return value;
}

// JSON escapes C0 but writes C1, U+2028/2029 and the bidi controls as they are: a terminal that
// shows the document (a snapshot piped to less, cat) would act on them. \uXXXX is lossless.
const JSON_UNSAFE = /[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON.stringify whose output holds no character a terminal acts on; parses back to the same value. */
export function printableJson(value: unknown, space?: number): string {
  const text = JSON.stringify(value, null, space);
  return text.replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
