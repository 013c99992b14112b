import { Box, Text } from 'ink';
import { formatAge } from '../../core/format.js';
import type { NeighborRow, SortKey } from '../../core/model/neighbors.js';
import { sparkline } from '../../core/sparkline.js';
import type { ControlState } from '../../core/model/state.js';
import { neighborTableRows } from '../layout.js';
import { rowMark, type Theme } from '../theme.js';
import { printable } from '../../core/text/printable.js';

interface Column {
  title: string;
  /** The sort key this column shows, marked in the title when it is the one sorted by. */
  sort?: SortKey;
  width: number;
  align?: 'right';
  cell: (row: NeighborRow, now: number) => string;
}

const rate = (n: number | undefined) => (n === undefined ? '' : n >= 10 ? n.toFixed(0) : n.toFixed(1));
const count = (n: number | null | undefined) => (n === null || n === undefined ? '—' : String(n));

/** The address column: an IPv4 address and a space, grown up to a full IPv6 address. */
const ADDRESS_MIN = 16;
const ADDRESS_MAX = 39 + 1;

/** Columns in the order they are dropped from the right when the terminal is narrow. */
const COLUMNS: Column[] = [
  { title: 'ADDRESS', sort: 'address', width: ADDRESS_MIN, cell: (r) => r.address },
  { title: 'NAME', width: 12, cell: (r) => r.description ?? '' },
  { title: 'PEER AS', sort: 'peer-as', width: 8, align: 'right', cell: (r) => count(r.peerAs) },
  { title: 'STATE', sort: 'state', width: 12, cell: (r) => r.fsm },
  { title: 'UP/DOWN FOR', sort: 'since', width: 12, align: 'right', cell: (r, now) => (r.since === null ? (r.sinceFrom === 'unknown' ? 'pre-attach' : '—') : `${r.sinceExact ? '' : '≥'}${formatAge(Math.max(0, now - r.since) / 1000)}`) },
  // This life's flaps; `life/total` once earlier lives flapped too.
  { title: 'FLAPS', sort: 'flaps', width: 6, align: 'right', cell: (r) => (r.flapsTotal > r.flaps ? `${r.flaps}/${r.flapsTotal}` : String(r.flaps)) },
  { title: 'MSG IN', width: 8, align: 'right', cell: (r) => count(r.report.messages.received.total) },
  { title: 'MSG OUT', width: 8, align: 'right', cell: (r) => count(r.report.messages.sent.total) },
  { title: 'UPD/s IN', width: 9, align: 'right', cell: (r) => rate(r.rates?.updatesIn) },
  { title: 'OUT', width: 6, align: 'right', cell: (r) => rate(r.rates?.updatesOut) },
  { title: 'PFX', width: 7, align: 'right', cell: (r) => (r.report.prefixes ? count(r.report.prefixes.received) : '') },
];
const LAST_ERROR_MIN = 12;

function fit(text: string, width: number, align?: 'right'): string {
  const cut = text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
  return align === 'right' ? cut.padStart(width) : cut.padEnd(width);
}

export function shortenPath(path: string, max: number): string {
  return path.length <= max ? path : `…${path.slice(path.length - max + 1)}`;
}

/** Wide enough for the longest address shown (IPv6 included), never narrower than IPv4's. */
export function addressWidth(rows: readonly NeighborRow[]): number {
  return Math.min(ADDRESS_MAX, Math.max(ADDRESS_MIN, ...rows.map((r) => r.address.length + 1)));
}

export function visibleColumns(width: number, address = ADDRESS_MIN): { columns: Column[]; errorWidth: number } {
  const columns: Column[] = [];
  let used = 0;
  for (const base of COLUMNS) {
    const column = base.title === 'ADDRESS' ? { ...base, width: address } : base;
    if (used + column.width + 1 > width) break;
    columns.push(column);
    used += column.width + 1;
  }
  return { columns, errorWidth: Math.max(0, width - used) };
}

/** The first row index to draw so that `selected` stays inside a window of `visible` rows. */
export function scrollTop(selected: number, visible: number, total: number): number {
  if (total <= visible) return 0;
  return Math.min(Math.max(0, selected - Math.floor(visible / 2)), total - visible);
}

export interface NeighborsPanelProps {
  rows: NeighborRow[];
  totalRows: number;
  established: number;
  selected: number;
  control: ControlState;
  stale: boolean;
  sortKey: SortKey;
  sortReverse: boolean;
  notEstablishedOnly: boolean;
  filter: string;
  filtering: boolean;
  now: number;
  width: number;
  height: number;
  theme: Theme;
}

function failureLabel(control: ControlState): string {
  if (control.failure === 'foreign') return 'waiting';
  if (control.failure === 'busy') return 'draining';
  if (control.failure === 'timeout') return 'timeout';
  return control.timeouts > 0 && control.error?.includes('within') ? 'timeout' : 'bad answer';
}

function ControlLine({ control, stale: _stale, theme, width }: { control: ControlState; stale: boolean; theme: Theme; width: number }) {
  const latency = sparkline(control.latency.tail(20), 20);
  const error = control.error === null ? null : printable(control.error);
  if (!control.transport) return <Text color={theme.warn} wrap="truncate-end">control channel: {error ?? 'looking for it…'}</Text>;
  const health = control.ok === false
    ? <Text color={theme.bad} bold>{failureLabel(control)}: {error}</Text>
    : <Text color={theme.dim}>{control.lastLatencyMs ?? '—'} ms <Text color={theme.ok}>{latency}</Text> errors {control.errors} timeouts {control.timeouts}</Text>;
  return (
    <Text wrap="truncate-end">
      <Text color={theme.dim}>{control.transport} {shortenPath(printable(control.path ?? ''), Math.max(16, Math.floor(width / 3)))} · </Text>
      {health}
      {control.how?.includes('single-client socket') ? <Text color={theme.warn}> · single-client socket, polled every 5 s: start the daemon with exabgp_api_multi_client=true</Text> : null}
    </Text>
  );
}

/** "ADDRESS" with the sort marker in front, so the title keeps its place and its width. */
function title(column: Column, sortKey: SortKey, reverse: boolean): string {
  return column.sort === sortKey ? `${reverse ? '▲' : '▼'}${column.title}` : column.title;
}

/** `rows 1–20 of 100`: which of the rows shown fit on screen. */
export function rowRange(top: number, visible: number, total: number): string {
  if (total === 0) return 'rows 0 of 0';
  return `rows ${top + 1}–${Math.min(total, top + visible)} of ${total}`;
}

export function NeighborsPanel(props: NeighborsPanelProps) {
  const { rows, totalRows, established, selected, control, stale, sortKey, sortReverse, notEstablishedOnly, filter, filtering, now, width, height, theme } = props;
  const mark = (isSelected: boolean) => rowMark(theme, isSelected);
  const inner = Math.max(10, width - 4);
  const { columns, errorWidth } = visibleColumns(inner - mark(false).length, addressWidth(rows));
  const visible = neighborTableRows(height);
  const top = scrollTop(selected, visible, rows.length);
  const summaryColour = established === totalRows && totalRows > 0 ? theme.ok : theme.bad;
  const header = mark(false) + columns.map((c) => fit(title(c, sortKey, sortReverse), c.width, c.align)).join(' ') + (errorWidth >= LAST_ERROR_MIN ? ` ${fit('LAST ERROR', errorWidth - 1)}` : '');
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={stale ? theme.bad : theme.dim} width={width} height={height} paddingX={1} overflowY="hidden">
      <Text wrap="truncate-end">
        <Text bold>Neighbors </Text>
        <Text bold color={summaryColour}>{established}/{totalRows} established</Text>
        {stale ? <Text bold inverse color={theme.bad}> STALE: last poll failed, r shows the answer </Text> : null}
        <Text color={theme.dim}>  {rowRange(top, visible, rows.length)}  sort: {sortKey}{sortReverse ? ' reversed' : ''}</Text>
        {notEstablishedOnly ? <Text color={theme.warn}>  not established only</Text> : null}
        <Text color={theme.dim}>{filter || filtering ? '  filter: ' : ''}</Text>
        {filter || filtering ? <Text inverse={filtering}>{filter}{filtering ? '▏' : ''}</Text> : null}
        {filter ? <Text color={theme.dim}>  ({rows.length} shown)</Text> : null}
      </Text>
      <ControlLine control={control} stale={stale} theme={theme} width={inner} />
      <Text bold color={theme.dim} wrap="truncate-end">{header}</Text>
      {rows.length === 0 ? <Text color={theme.dim}>{totalRows === 0 ? 'no neighbor reported yet' : notEstablishedOnly && !filter ? 'every neighbor is established' : 'no neighbor matches the filter'}</Text> : null}
      {rows.slice(top, top + visible).map((row, i) => {
        const index = top + i;
        const colour = stale ? theme.dim : row.established ? theme.ok : theme.bad;
        return (
          <Text key={row.address} inverse={index === selected} wrap="truncate-end">
            {mark(index === selected)}
            {columns.map((c, ci) => (
              <Text key={c.title} color={c.title === 'STATE' ? colour : undefined}>{(ci ? ' ' : '') + fit(c.cell(row, now), c.width, c.align)}</Text>
            ))}
            {errorWidth >= LAST_ERROR_MIN ? <Text color={theme.warn}>{` ${fit(row.lastError?.message ?? '', errorWidth - 1)}`}</Text> : null}
          </Text>
        );
      })}
    </Box>
  );
}
