import { Box, Text } from 'ink';
import { formatDuration } from '../../core/format.js';
import { sinceText, type NeighborRow } from '../../core/model/neighbors.js';
import type { Theme } from '../theme.js';
import { overlayRows } from '../layout.js';

const flag = (v: boolean | null) => (v === null ? '—' : v ? 'yes' : 'no');
const n = (v: number | null) => (v === null ? '—' : String(v));
const seconds = (v: number | null) => (v === null ? '—' : `${v} s`);

function upDown(row: NeighborRow, now: number): string {
  const what = row.established ? 'up' : 'down';
  if (row.since === null) return row.sinceFrom === 'unknown' ? 'down before exatop attached' : `${what} for —`;
  const note = row.established ? null : sinceText(row);
  return `${what} for ${row.sinceExact ? '' : '≥ '}${formatDuration((now - row.since) / 1000)}${note ? ` (${note})` : ''}`;
}

/** Everything the daemon said about one neighbor, as lines that fit the overlay. */
export function detailLines(row: NeighborRow, now: number): string[] {
  const r = row.report;
  const lines = [
    `${row.address}${row.description ? ` (${row.description})` : ''}  ${r.fsm}  ${upDown(row, now)}  flaps ${row.flaps} this life, ${row.flapsTotal} in total`,
    `local ${r.localAddress ?? '—'} AS ${n(r.localAs)} id ${r.localId ?? '—'}   peer AS ${n(r.peerAs)} id ${r.peerId ?? '—'}`,
    `hold time local ${seconds(r.holdTime.local)}, peer ${seconds(r.holdTime.remote)}`,
    `last error: ${row.lastError ? `${new Date(row.lastError.t).toISOString()} ${row.lastError.message}` : 'none seen'}`,
    '',
    `${'messages'.padEnd(14)}${'sent'.padStart(10)}${'received'.padStart(10)}`,
  ];
  for (const key of ['open', 'notification', 'keepalive', 'update', 'refresh', 'total'] as const) {
    lines.push(`${key.padEnd(14)}${n(r.messages.sent[key]).padStart(10)}${n(r.messages.received[key]).padStart(10)}`);
  }
  if (r.prefixes) lines.push(`prefixes received ${n(r.prefixes.received)}, withdrawn ${n(r.prefixes.withdrawn)}`);
  lines.push('', `${'capability'.padEnd(22)}${'local'.padStart(7)}${'peer'.padStart(7)}`);
  for (const c of r.capabilities) lines.push(`${c.name.padEnd(22)}${flag(c.local).padStart(7)}${flag(c.remote).padStart(7)}`);
  lines.push('', `${'family'.padEnd(22)}${'local'.padStart(7)}${'peer'.padStart(7)}  add-path`);
  for (const f of r.families) lines.push(`${f.name.padEnd(22)}${flag(f.local).padStart(7)}${flag(f.remote).padStart(7)}  ${f.addPath ?? '—'}`);
  return lines;
}

export function TextOverlay({ title, lines, theme, width, height }: { title: string; lines: string[]; theme: Theme; width: number; height: number }) {
  const room = overlayRows(height);
  const shown = lines.slice(0, room);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} width={width} height={height} paddingX={1} overflowY="hidden">
      <Text bold wrap="truncate-end">{title}</Text>
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate-end">{line === '' ? ' ' : line}</Text>
      ))}
      <Text color={theme.dim}>{lines.length > room ? `… ${lines.length - room} more lines (enlarge the terminal) · ` : ''}Esc closes</Text>
    </Box>
  );
}
