import { Box, Text } from 'ink';
import type { Alert } from '../../core/alerts/types.js';
import { formatDuration } from '../../core/format.js';
import type { Theme } from '../theme.js';
import { ALERTS_CHROME_ROWS } from '../layout.js';

const clock = (t: number) => new Date(t).toISOString().slice(5, 19).replace('T', ' ');

export function alertLine(a: Alert, now: number): string {
  const duration = formatDuration(((a.end ?? now) - a.start) / 1000);
  const when = a.end === null ? `since ${clock(a.start)} (${duration}, ongoing)` : `${clock(a.start)} for ${duration}`;
  return `${a.level.toUpperCase().padEnd(8)} ${a.rule.padEnd(13)} ${(a.subject ?? '').padEnd(15)} ${when}${a.count > 1 ? ` ×${a.count}` : ''}${a.peak !== null ? ` peak ${Number(a.peak.toFixed(2))}` : ''}  ${a.message}`;
}

export function AlertsPanel({ active, events, now, width, height, theme }: { active: Alert[]; events: Alert[]; now: number; width: number; height: number; theme: Theme }) {
  const ended = events.filter((e) => e.end !== null).slice().reverse();
  const rows = Math.max(1, height - ALERTS_CHROME_ROWS);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={active.length ? theme.bad : theme.dim} width={width} height={height} paddingX={1} overflowY="hidden">
      <Text bold wrap="truncate-end">Alerts <Text color={active.length ? theme.bad : theme.ok}>{active.length} active</Text><Text color={theme.dim}>  rules from --config (default ~/.config/exatop/config.json)</Text></Text>
      {active.length === 0 ? <Text color={theme.ok}>nothing is alerting</Text> : null}
      {active.slice(0, rows).map((a) => (
        <Text key={a.id} color={a.level === 'critical' ? theme.bad : theme.warn} wrap="truncate-end">{alertLine(a, now)}</Text>
      ))}
      <Text> </Text>
      <Text bold>Events</Text>
      {ended.length === 0 ? <Text color={theme.dim}>no alert has ended yet</Text> : null}
      {ended.slice(0, Math.max(0, rows - active.length)).map((a) => (
        <Text key={`${a.id}-${a.start}`} color={theme.dim} wrap="truncate-end">{alertLine(a, now)}</Text>
      ))}
    </Box>
  );
}
