// Small 6.0 answers (`daemon status`, `session ping`, `system version`) and the 4.2/5.0 `version`.
// On API v4, 6.0 answers `daemon status` and `system version` in text, `session ping` in JSON.

import { z } from 'zod';
import { fail, parseJsonAnswer, safely } from './framing.js';
import type { DaemonStatusReport, Parsed } from '../model/control.js';

const statusSchema = z.looseObject({
  pid: z.number().int().positive(),
  uuid: z.string().min(1),
  version: z.string().nullish(),
  uptime: z.number().nonnegative().nullish(),
  start_time: z.number().nonnegative().nullish(),
});

/** Lines `Key: value` of the text report, first occurrence wins. */
function keyedLines(lines: string[]): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of lines) {
    const m = /^([A-Za-z]+):\s*(.*?)\s*$/.exec(line);
    if (m && !rows.has(m[1] ?? '')) rows.set(m[1] ?? '', m[2] ?? '');
  }
  return rows;
}

/**
 * The text form (API v4): `ExaBGP Daemon Status`, then Version/UUID/PID/`Uptime: 0h 0m 7s`,
 * `Peers: N` and N `  - <neighbor>: <FSM>` lines. It has no start time.
 */
function parseStatusText(text: string): Parsed<DaemonStatusReport> {
  const lines = text.split('\n');
  if (lines[0]?.trim() !== 'ExaBGP Daemon Status') return fail('not a daemon status answer', text);
  const rows = keyedLines(lines);
  const pid = rows.get('PID') ?? '';
  const uptime = /^(\d+)h (\d+)m (\d+)s$/.exec(rows.get('Uptime') ?? '');
  const peers = rows.get('Peers') ?? '';
  const listed = lines.filter((l) => /^\s+- .+: \S+$/.test(l)).length;
  if (!/^\d+$/.test(pid)) return fail(`daemon status: bad PID "${pid}"`, text);
  if (!rows.get('UUID')) return fail('daemon status: no UUID', text);
  if (!uptime) return fail(`daemon status: bad Uptime "${rows.get('Uptime') ?? ''}"`, text);
  // The peer list comes last: a short list means the answer was cut.
  if (!/^\d+$/.test(peers) || Number(peers) !== listed) return fail(`daemon status: Peers ${peers || '?'} but ${listed} listed`, text);
  const [, h, m, s] = uptime.map(Number);
  return {
    ok: true,
    value: {
      pid: Number(pid),
      uuid: rows.get('UUID') ?? null,
      uptimeS: (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0),
      startTime: null,
      version: rows.get('Version') || null,
    },
  };
}

export function parseDaemonStatus(text: string): Parsed<DaemonStatusReport> {
  return safely(text, () => {
    if (!text.trimStart().startsWith('{')) return parseStatusText(text);
    const parsed = parseJsonAnswer(text, statusSchema);
    if (!parsed.ok) return parsed;
    const { pid, uuid, version, uptime, start_time } = parsed.value;
    return { ok: true, value: { pid, uuid, uptimeS: uptime ?? null, startTime: start_time ?? null, version: version ?? null } };
  });
}

const pingSchema = z.looseObject({ pong: z.string().min(1) });

/** `session ping`: `{"pong": "<daemon uuid>", "active": true}`, or text `pong <uuid> active=true`. */
export function parsePing(text: string): Parsed<{ uuid: string }> {
  return safely(text, () => {
    const line = text.trim();
    const plain = /^pong (\S+)(?: active=\w+)?$/.exec(line);
    if (plain) return { ok: true, value: { uuid: plain[1] ?? '' } };
    const parsed = parseJsonAnswer(text, pingSchema);
    return parsed.ok ? { ok: true, value: { uuid: parsed.value.pong } } : parsed;
  });
}

const versionSchema = z.looseObject({ version: z.string().min(1) });

/** `version` (text `exabgp 4.2.21`) or 6.0 `system version` (`{"version": …, "application": "exabgp"}`). */
export function parseVersionAnswer(text: string): Parsed<{ version: string }> {
  return safely(text, () => {
    const line = text.trim();
    if (line.startsWith('{')) {
      const parsed = parseJsonAnswer(text, versionSchema);
      return parsed.ok ? { ok: true, value: { version: parsed.value.version } } : parsed;
    }
    const m = /^exabgp (\S+)$/i.exec(line);
    return m ? { ok: true, value: { version: m[1] ?? '' } } : fail(`not a version answer: "${line.slice(0, 60)}"`, text);
  });
}
