import { Box, Text } from 'ink';
import type { LogClass, LogEntry } from '../../core/logs/types.js';
import { entryLine, filterRegex } from '../../core/logs/view.js';
import type { LogsState } from '../../core/model/state.js';
import { rowMark, type Theme } from '../theme.js';
import { logListRows } from '../layout.js';
import { printable } from '../../core/text/printable.js';

export interface LogsPanelProps {
  logs: LogsState;
  entries: LogEntry[];
  /** Index of the selected entry in `entries`. */
  selected: number;
  following: boolean;
  filter: string;
  filtering: boolean;
  errorsOnly: boolean;
  showTime: boolean;
  notice: string | null;
  width: number;
  height: number;
  theme: Theme;
}

function colourOf(c: LogClass, theme: Theme): string | undefined {
  if (c === 'traceback' || c === 'error' || c === 'config-error' || c === 'api-rejected' || c === 'session-down') return theme.bad;
  if (c === 'warning' || c === 'notification') return theme.warn;
  if (c === 'session-up') return theme.ok;
  if (c === 'info' || c === 'statistics') return theme.dim;
  return undefined;
}

/** The line with every match of the filter shown inverse. */
function Highlighted({ text, regex }: { text: string; regex: RegExp | null }) {
  if (!regex) return <Text>{text}</Text>;
  const global = new RegExp(regex.source, 'gi');
  const parts: { text: string; hit: boolean }[] = [];
  let last = 0;
  for (const m of text.matchAll(global)) {
    if (m[0] === '') break;
    parts.push({ text: text.slice(last, m.index), hit: false }, { text: m[0], hit: true });
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push({ text: text.slice(last), hit: false });
  return <Text>{parts.map((p, i) => (p.hit ? <Text key={i} inverse>{p.text}</Text> : p.text))}</Text>;
}

function sourceLine(s: LogsState['sources'][number]): string {
  const lost = !s.lost ? '' : s.lost.bytes > 0
    ? ` — LOST ≈${s.lost.lines} lines (${s.lost.bytes} bytes) to truncation`
    : ` — truncated ${s.lost.withoutCopy}× with no copy: a few lines may be lost`;
  return `${s.kind} ${s.name}${s.state === 'following' ? '' : ` — ${s.state === 'missing' ? 'log source missing' : s.state}: ${s.message ?? ''}`}${lost}`;
}

export function LogsPanel(props: LogsPanelProps) {
  const { logs, entries, selected, following, filter, filtering, errorsOnly, showTime, notice, width, height, theme } = props;
  const c = logs.counters;
  const visible = logListRows(height);
  const top = Math.max(0, Math.min(selected - visible + 1, entries.length - visible));
  const { regex, error } = filterRegex(filter);
  const sources = logs.sources.length === 0
    ? 'no log source found: name one with --log FILE or --journal UNIT'
    : printable(logs.sources.map(sourceLine).join('  ·  '));
  const trouble = logs.sources.some((s) => s.state !== 'following' || s.lost);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={trouble ? theme.warn : theme.dim} width={width} height={height} paddingX={1} overflowY="hidden">
      <Text wrap="truncate-end">
        <Text bold>Logs </Text>
        {following ? <Text color={theme.ok}>FOLLOWING</Text> : <Text inverse color={theme.warn}> PAUSED: f follows </Text>}
        {errorsOnly ? <Text color={theme.warn}>  errors only</Text> : null}
        <Text color={c?.errors ? theme.bad : undefined}>  errors {c?.errors ?? 0}</Text>
        <Text color={c?.tracebacks ? theme.bad : undefined}>  tracebacks {c?.tracebacks ?? 0}</Text>
        <Text color={c?.notifications ? theme.warn : undefined}>  notifications {c?.notifications ?? 0}</Text>
        <Text>  up {c?.sessionsUp ?? 0}  down {c?.sessionsDown ?? 0}  api {c?.apiCommands ?? 0}</Text>
        <Text color={c?.apiRejected ? theme.bad : undefined}> (rejected {c?.apiRejected ?? 0})</Text>
        {c?.connectFailures ? <Text color={theme.dim}>  no-connect {c.connectFailures}</Text> : null}
      </Text>
      <Text color={trouble ? theme.warn : theme.dim} wrap="truncate-end">{sources}</Text>
      <Text color={theme.dim} wrap="truncate-end">
        {filter || filtering ? <Text>filter /<Text inverse={filtering}>{filter}{filtering ? '▏' : ''}</Text>/ {error ? `(${error}) ` : ''}({entries.length} shown) </Text> : null}
        {notice ?? ''}
      </Text>
      {entries.length === 0 ? <Text color={theme.dim}>{logs.sources.length ? 'nothing logged since exatop attached (--since 1h reads back)' : ''}</Text> : null}
      {entries.slice(top, top + visible).map((entry, i) => (
        <Text key={entry.id} wrap="truncate-end" inverse={!following && top + i === selected} color={colourOf(entry.class, theme)}>
          {rowMark(theme, !following && top + i === selected)}
          <Highlighted text={entryLine(entry, showTime)} regex={regex} />
        </Text>
      ))}
    </Box>
  );
}
