// One ExaBGP log line → LogLine, for every shape the captured daemons wrote. Pure and total:
// never throws, never drops a line (an unknown shape is kept whole as `raw`).
//
// Shapes, each from a real capture (fixtures/ and ../shared/exabgp/samples/):
//   4.2-stdout  `15:23:22 | 17477  | welcome         | Thank you for using ExaBGP`
//               fixtures/v4.2/log-stdout-3peer.txt (`HH:MM:SS | pid<6 | source<15 | message`)
//   4.2-file    `Mon, 23 Nov 2026 15:23:37 17832  daemon        Created PIDfile …`
//               fixtures/v4.2/log-file-3peer.txt (full local date, pid<6, source<13)
//   short       `welcome         Thank you for using ExaBGP`
//               5.0/6.0 stdout: fixtures/v5.0.15/log-stdout-3peer.txt, fixtures/v6.0-dev/log-*.txt
//               (`source<15 message`; 6.0 writes every line so, banners and tracebacks included)
//   long        `15:24:08 18882  welcome         Thank you for using ExaBGP`
//               5.0/6.0 file destination and exabgp_log_short=false: fixtures/v5.0.15/log-file-
//               3peer.txt, fixtures/v6.0-dev/log-file-3peer.txt, samples/v5.0/log-short-false.txt;
//               also the coloured "Logging History" replay inside samples/v5.0/traceback-version-
//               json-daemon-crash.log (`\r` + ANSI around the source column).
//   syslog      the datagrams of samples/*/log-destination-syslog.txt: 4.2 `<15>exabgp[17527]:
//               daemon        Created PIDfile …\0` (source<13), 5.0/6.0 `<30>welcome         Thank
//               you …\0` (no program tag: the short line itself). Also, not captured but the
//               same payload as written to a file by a syslog daemon: `Nov 22 22:36:26 vm
//               exabgp[17527]: …` (RFC 3164) and `2026-11-22T22:36:26.123+00:00 vm exabgp[…]: …`.
//   journal     one `journalctl -o json` record (parseJournalRecord); MESSAGE parsed as above.
// 6.0 messages are `event.name key=value key=value …` (values unquoted, may hold spaces: a value
// runs to the next ` key=`; `response=`, `content=`, `message=` run to the end of the line).
import { ansiLevel, stripAnsi } from './ansi.js';
import type { LineShape, LogLevel, LogLine } from './types.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const MONTHS: Record<string, number> = {
  Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11,
};

// `HH:MM:SS | PID | source | message` (4.2 stdout/stderr). The message may itself hold ` | `
// (`async | api-internal-cli-1ed5775e | problem with function`), so only three bars are cut.
const RE_42_STDOUT = /^(\d\d):(\d\d):(\d\d) \| +(\d+) *\| ([^|]*?) *\|(?: (.*))?$/;
// `HH:MM:SS PID  ` then the source column (5.0/6.0 long).
const RE_LONG = /^(\d\d):(\d\d):(\d\d) (\d+) +/;
// `Sun, 22 Nov 2026 22:36:12 PID  ` then the source column (4.2 file).
const RE_42_FILE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d\d?) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d\d):(\d\d):(\d\d) (\d+) +/;
// Syslog priority prefix of a datagram.
const RE_PRI = /^<(\d{1,3})>/;
// `exabgp[17527]: ` (4.2's syslog ident; 5.0/6.0 send none).
const RE_TAG_PID = /^([A-Za-z0-9_./-]+)\[(\d+)\]: ?/;
const RE_TAG_PLAIN = /^([A-Za-z0-9_./-]+): ?/;
// RFC 3164 file line: `Nov 22 22:36:26 host `.
const RE_3164 = /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([ \d]?\d) (\d\d):(\d\d):(\d\d) (\S+) /;
// RFC 3339 file line: `2026-11-22T22:36:26.123456+00:00 host `.
const RE_3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?) (\S+) /;

const RE_EVENT_NAME = /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+$/;
const RE_KEY_AT = /([A-Za-z_][A-Za-z0-9_.-]*)=/y;
const RE_NEXT_KEY = / ([A-Za-z_][A-Za-z0-9_.-]*)=/g;
/** 6.0 fields whose value is free text to the end of the line (JSON answers, API messages). */
const REST_KEYS = new Set(['response', 'content', 'message']);

/** Syslog / journal severity (0-7) → level. */
export function severityLevel(severity: number): LogLevel | null {
  if (!Number.isInteger(severity) || severity < 0 || severity > 7) return null;
  if (severity <= 2) return 'critical';
  if (severity === 3) return 'error';
  if (severity === 4) return 'warning';
  if (severity <= 6) return 'info';
  return 'debug';
}

// ---------------------------------------------------------------------------------------------
// time

let dayStart = Number.NaN;
let dayEnd = Number.NaN;

/** `HH:MM:SS` on `base`'s local day; a time more than 1 h after `base` is yesterday's (midnight wrap). */
export function resolveTimeOfDay(h: number, m: number, s: number, base: number): number {
  if (!(base >= dayStart && base < dayEnd)) {
    const d = new Date(base);
    d.setHours(0, 0, 0, 0);
    dayStart = d.getTime();
    d.setDate(d.getDate() + 1);
    dayEnd = d.getTime();
  }
  let t: number;
  if (dayEnd - dayStart === DAY_MS) t = dayStart + ((h * 60 + m) * 60 + s) * 1000;
  else {
    // A daylight-saving day: let Date place the wall-clock time.
    const d = new Date(base);
    d.setHours(h, m, s, 0);
    t = d.getTime();
  }
  if (t - base > HOUR_MS) {
    const d = new Date(t);
    d.setDate(d.getDate() - 1);
    t = d.getTime();
  }
  return t;
}

const validClock = (h: number, m: number, s: number): boolean => h < 24 && m < 60 && s <= 60;

// ---------------------------------------------------------------------------------------------
// the source column

// Results of sourceAt(), kept in module scope so the hot path allocates nothing.
let srcEnd = 0;
let msgStart = 0;

const isSrcChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95; // a-z 0-9 - _

/**
 * A source left-aligned in a column of `width` characters starting at `start`: lowercase words
 * (at most two, `cli control`) padded with spaces, then one separator space. With `needSep` the
 * separator must be there (a bare short line); without, a line that ends inside the column is
 * a source with an empty message.
 */
function fixedSource(s: string, start: number, width: number, needSep: boolean): boolean {
  const n = s.length;
  const stop = start + width;
  if (n <= start) return false;
  if (needSep && n <= stop) return false;
  let c = s.charCodeAt(start);
  if (c < 97 || c > 122) return false;
  let words = 1;
  let end = -1;
  let i = start + 1;
  for (; i < stop && i < n; i++) {
    c = s.charCodeAt(i);
    if (isSrcChar(c)) {
      if (end !== -1) {
        if (i === end + 1 && words === 1) {
          words = 2;
          end = -1;
        } else return false;
      }
      continue;
    }
    if (c === 32) {
      if (end === -1) end = i;
      continue;
    }
    return false;
  }
  if (end === -1) {
    // The source fills the column: the next character must be the separator.
    end = i;
    if (i < n && s.charCodeAt(i) !== 32) return false;
  } else if (i < n && s.charCodeAt(i) !== 32) return false;
  srcEnd = end;
  msgStart = stop < n ? stop + 1 : n;
  return true;
}

/** The source at `start` in a column of `first` (or `second`) width; `allowLong` accepts one longer word + space. */
function sourceAt(s: string, start: number, first: number, second: number, needSep: boolean, allowLong: boolean): boolean {
  if (fixedSource(s, start, first, needSep)) return true;
  if (second > 0 && fixedSource(s, start, second, needSep)) return true;
  if (!allowLong) return false;
  const n = s.length;
  const c = s.charCodeAt(start);
  if (!(c >= 97 && c <= 122)) return false;
  let i = start + 1;
  while (i < n && isSrcChar(s.charCodeAt(i))) i++;
  if (i - start > Math.max(first, second) && i < n && s.charCodeAt(i) === 32) {
    srcEnd = i;
    msgStart = i + 1;
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// 6.0 events

/** `event.name key=value …` → name and fields; null when the message is not an event. */
export function parseEvent(message: string): { name: string; fields: Record<string, string> } | null {
  const c = message.charCodeAt(0);
  if (!(c >= 97 && c <= 122)) return null;
  const sp = message.indexOf(' ');
  const name = sp === -1 ? message : message.slice(0, sp);
  if (name.indexOf('.') === -1 || !RE_EVENT_NAME.test(name)) return null;
  const fields: Record<string, string> = {};
  if (sp !== -1) parseFields(message, sp + 1, fields);
  return { name, fields };
}

function parseFields(msg: string, from: number, fields: Record<string, string>): void {
  const n = msg.length;
  let p = from;
  while (p < n) {
    RE_KEY_AT.lastIndex = p;
    const m = RE_KEY_AT.exec(msg);
    if (!m) return;
    const key = m[1] ?? '';
    p = RE_KEY_AT.lastIndex;
    let value: string | undefined;
    if (msg.charCodeAt(p) === 34) {
      // key="quoted value" with backslash escapes; only when the quote closes the value.
      let q = p + 1;
      let seg = q;
      let out = '';
      let closed = false;
      while (q < n) {
        const ch = msg.charCodeAt(q);
        if (ch === 92 && q + 1 < n) {
          out += msg.slice(seg, q) + msg.charAt(q + 1);
          q += 2;
          seg = q;
          continue;
        }
        if (ch === 34) {
          closed = true;
          break;
        }
        q++;
      }
      if (closed && (q + 1 === n || msg.charCodeAt(q + 1) === 32)) {
        value = out + msg.slice(seg, q);
        p = q + 2;
      }
    }
    if (value === undefined) {
      if (REST_KEYS.has(key)) {
        value = msg.slice(p);
        p = n;
      } else {
        RE_NEXT_KEY.lastIndex = p;
        const next = RE_NEXT_KEY.exec(msg);
        if (next) {
          value = msg.slice(p, next.index);
          p = next.index + 1;
        } else {
          value = msg.slice(p);
          p = n;
        }
      }
    }
    if (key !== '__proto__') fields[key] = value;
  }
}

// ---------------------------------------------------------------------------------------------
// lines

function make(
  time: number,
  pid: number | null,
  source: string | null,
  level: LogLevel | null,
  message: string,
  shape: LineShape,
  origin: string,
): LogLine {
  return { time, pid, source, level, message, event: parseEvent(message), shape, origin };
}

/** Trailing newline, CR and NUL (syslog datagrams end in `\0`) off; after a bare CR only what a terminal shows. */
function clean(raw: string): string {
  let s = raw;
  let end = s.length;
  while (end > 0) {
    const c = s.charCodeAt(end - 1);
    if (c === 10 || c === 13 || c === 0) end--;
    else break;
  }
  if (end !== s.length) s = s.slice(0, end);
  const cr = s.lastIndexOf('\r');
  if (cr !== -1) s = s.slice(cr + 1);
  return s;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const two = (s: string, i: number): number => (s.charCodeAt(i) - 48) * 10 + (s.charCodeAt(i + 1) - 48);

/**
 * A line with no time/pid prefix: `short` when it starts with the source column (15 wide; 13
 * for 4.2's syslog payload arriving through the journal), else `raw`.
 */
function bare(s: string, time: number, level: LogLevel | null, origin: string): LogLine {
  if (sourceAt(s, 0, 15, 13, true, false)) return make(time, null, s.slice(0, srcEnd), level, s.slice(msgStart), 'short', origin);
  return make(time, null, null, level, s, 'raw', origin);
}

/** The payload of a syslog record after its header: `ident[pid]: ` (4.2, source column 13) or the short line itself. */
function syslogPayload(p: string, time: number, level: LogLevel | null, origin: string, allowPlainTag: boolean): LogLine {
  const tagged = RE_TAG_PID.exec(p);
  if (tagged) {
    const rest = p.slice(tagged[0].length);
    const pid = Number(tagged[2]);
    if (sourceAt(rest, 0, 13, 15, false, true)) {
      return make(time, pid, rest.slice(0, srcEnd), level, rest.slice(msgStart), 'syslog', origin);
    }
    return make(time, pid, null, level, rest, 'syslog', origin);
  }
  if (sourceAt(p, 0, 15, 13, true, false)) {
    return make(time, null, p.slice(0, srcEnd), level, p.slice(msgStart), 'syslog', origin);
  }
  if (allowPlainTag) {
    const plain = RE_TAG_PLAIN.exec(p);
    if (plain) return make(time, null, null, level, p.slice(plain[0].length), 'syslog', origin);
  }
  return make(time, null, null, level, p, 'syslog', origin);
}

function parse(raw: string, receivedAt: number, origin: string, reference: Date | undefined): LogLine {
  const cleaned = clean(raw);
  const colour = ansiLevel(cleaned);
  const s = colour === null && cleaned.indexOf('\x1b') === -1 ? cleaned : stripAnsi(cleaned);
  const base = reference ? reference.getTime() : receivedAt;
  const c0 = s.charCodeAt(0);

  if (isDigit(c0)) {
    if (s.length >= 9 && s.charCodeAt(2) === 58 && s.charCodeAt(5) === 58 && isDigit(s.charCodeAt(7))) {
      const h = two(s, 0);
      const m = two(s, 3);
      const sec = two(s, 6);
      if (validClock(h, m, sec)) {
        if (s.charCodeAt(9) === 124) {
          const x = RE_42_STDOUT.exec(s);
          if (x) {
            return make(resolveTimeOfDay(h, m, sec, base), Number(x[4]), x[5] || null, colour, x[6] ?? '', '4.2-stdout', origin);
          }
        } else {
          const x = RE_LONG.exec(s);
          if (x) {
            const time = resolveTimeOfDay(h, m, sec, base);
            const at = x[0].length;
            if (sourceAt(s, at, 15, 0, false, true)) {
              return make(time, Number(x[4]), s.slice(at, srcEnd), colour, s.slice(msgStart), 'long', origin);
            }
            return make(time, Number(x[4]), null, colour, s.slice(at), 'long', origin);
          }
        }
      }
    }
    if (s.length > 20 && s.charCodeAt(4) === 45 && s.charCodeAt(10) === 84) {
      const x = RE_3339.exec(s);
      if (x) {
        const t = Date.parse(x[1] ?? '');
        return syslogPayload(s.slice(x[0].length), Number.isNaN(t) ? receivedAt : t, colour, origin, true);
      }
    }
    return make(receivedAt, null, null, colour, s, 'raw', origin);
  }

  if (c0 === 60) {
    // `<PRI>` syslog datagram
    const x = RE_PRI.exec(s);
    if (x) {
      const pri = Number(x[1]);
      const p = s.slice(x[0].length);
      // 4.2 (the `exabgp[pid]:` ident) sends every line as <15> = user.debug whatever its level
      // (log-destination-syslog.txt: `SIGTERM received` too), so its priority says nothing.
      const level = RE_TAG_PID.test(p) ? colour : severityLevel(pri & 7) ?? colour;
      return syslogPayload(p, receivedAt, level, origin, false);
    }
    return make(receivedAt, null, null, colour, s, 'raw', origin);
  }

  if (c0 >= 65 && c0 <= 90) {
    // `Mon, 23 Nov 2026 …` (4.2 file) or `Nov 22 22:36:26 host …` (syslog file)
    if (s.charCodeAt(3) === 44) {
      const x = RE_42_FILE.exec(s);
      if (x) {
        const [, d, mon, y, h, m, sec, pid] = x;
        const time = new Date(Number(y), MONTHS[mon ?? ''] ?? 0, Number(d), Number(h), Number(m), Number(sec)).getTime();
        const at = x[0].length;
        if (sourceAt(s, at, 13, 15, false, true)) {
          return make(time, Number(pid), s.slice(at, srcEnd), colour, s.slice(msgStart), '4.2-file', origin);
        }
        return make(time, Number(pid), null, colour, s.slice(at), '4.2-file', origin);
      }
    } else if (s.charCodeAt(3) === 32) {
      const x = RE_3164.exec(s);
      if (x) {
        const [, mon, d, h, m, sec] = x;
        const year = new Date(base).getFullYear();
        const monthIndex = MONTHS[mon ?? ''] ?? 0;
        let time = new Date(year, monthIndex, Number(d), Number(h), Number(m), Number(sec)).getTime();
        if (time - base > DAY_MS) time = new Date(year - 1, monthIndex, Number(d), Number(h), Number(m), Number(sec)).getTime();
        return syslogPayload(s.slice(x[0].length), time, colour, origin, true);
      }
    }
    return make(receivedAt, null, null, colour, s, 'raw', origin);
  }

  return bare(s, receivedAt, colour, origin);
}

/**
 * One log line, as read at `receivedAt` (epoch ms) from `origin`. A time-of-day-only line is
 * placed on the local day of `reference` (default: `receivedAt`); more than 1 h after it means
 * the day before. Never throws; an unknown shape is `raw` with the whole line as message.
 */
export function parseLine(raw: string, receivedAt: number, origin: string, reference?: Date): LogLine {
  try {
    return parse(typeof raw === 'string' ? raw : String(raw), receivedAt, origin, reference);
  } catch {
    const text = typeof raw === 'string' ? stripAnsi(raw) : '';
    return { time: receivedAt, pid: null, source: null, level: null, message: text, event: null, shape: 'raw', origin };
  }
}

// ---------------------------------------------------------------------------------------------
// journal

let decoder: { decode(bytes: Uint8Array): string } | null = null;

function journalText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  // journald stores a MESSAGE holding control characters (ANSI colours) or invalid UTF-8 as an array of bytes.
  if (Array.isArray(value) && value.every((b) => typeof b === 'number' && Number.isInteger(b) && b >= 0 && b <= 255)) {
    decoder ??= new TextDecoder('utf-8');
    return decoder.decode(Uint8Array.from(value as number[]));
  }
  return null;
}

const intField = (value: unknown): number | null => {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : null;
};

/**
 * One record of `journalctl -o json`: MESSAGE (a string or an array of bytes) parsed like a
 * stdout line, time from __REALTIME_TIMESTAMP (µs), pid from _PID when the message has none,
 * level from PRIORITY (0-7). Null when the text is not a journal record with a message and a time.
 * SYSLOG_IDENTIFIER is not a source: under systemd it is the program name (`exabgp`, `python3`).
 */
export function parseJournalRecord(json: string, origin: string): LogLine | null {
  let record: unknown;
  try {
    record = JSON.parse(json);
  } catch {
    return null;
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return null;
  const r = record as Record<string, unknown>;
  const text = journalText(r['MESSAGE']);
  if (text === null) return null;
  const micros = intField(r['__REALTIME_TIMESTAMP']) ?? intField(r['_SOURCE_REALTIME_TIMESTAMP']);
  if (micros === null) return null;
  const time = Math.floor(micros / 1000);
  const inner = parseLine(text, time, origin, new Date(time));
  const pid = inner.pid ?? intField(r['_PID']) ?? intField(r['SYSLOG_PID']);
  const priority = intField(r['PRIORITY']);
  // 4.2's syslog lines arrive as user.debug whatever their level (see the <15> above).
  const constantDebug = priority === 7 && r['SYSLOG_FACILITY'] === '1' && inner.source !== null;
  const level = priority !== null && !constantDebug ? severityLevel(priority) ?? inner.level : inner.level;
  return { ...inner, time, pid, level, shape: 'journal' };
}
