import { Box, Text } from 'ink';
import type { LogCounters } from '../../core/logs/types.js';
import type { CaptureJob } from '../../core/model/state.js';
import type { Theme } from '../theme.js';

export type Tab = 'overview' | 'logs' | 'compare' | 'alerts';

export function TabBar({ tab, counters, capture, alerts, theme, width }: { tab: Tab; counters: LogCounters | null; capture: CaptureJob | null; alerts: number; theme: Theme; width: number }) {
  const trouble = (counters?.errors ?? 0) + (counters?.tracebacks ?? 0);
  const tabs: { id: Tab; key: string; label: string }[] = [
    { id: 'overview', key: '1', label: 'Overview' },
    { id: 'logs', key: '2', label: trouble > 0 ? `Logs (${counters?.tracebacks ? `${counters.tracebacks} tracebacks, ` : ''}${counters?.errors ?? 0} errors)` : 'Logs' },
    { id: 'compare', key: '3', label: capture?.state === 'running' ? `Compare (capturing ${capture.kind} ${Math.round(capture.fraction * 100)}%)` : 'Compare' },
    { id: 'alerts', key: '4', label: alerts > 0 ? `Alerts (${alerts} active)` : 'Alerts' },
  ];
  return (
    <Box width={width} gap={1} overflow="hidden">
      {tabs.map((t) => (
        <Text key={t.id} inverse={t.id === tab} bold={t.id === tab} color={t.id !== tab && ((t.id === 'logs' && trouble > 0) || (t.id === 'alerts' && alerts > 0)) ? theme.bad : undefined} wrap="truncate">
          {` ${t.key} ${t.label} `}
        </Text>
      ))}
    </Box>
  );
}
