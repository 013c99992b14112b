import { Box, Text } from 'ink';
import type { LogCounters } from '../../core/logs/types.js';
import type { CaptureJob } from '../../core/model/state.js';
import { TABS, type Tab } from '../tabs.js';
import { MARKER, type Theme } from '../theme.js';

export type { Tab } from '../tabs.js';

interface TabBarProps {
  tab: Tab;
  counters: LogCounters | null;
  capture: CaptureJob | null;
  alerts: number;
  theme: Theme;
  width: number;
}

export function TabBar({ tab, counters, capture, alerts, theme, width }: TabBarProps) {
  const trouble = (counters?.errors ?? 0) + (counters?.tracebacks ?? 0);
  const label: Record<Tab, string> = {
    overview: 'Overview',
    logs: trouble > 0 ? `Logs (${counters?.tracebacks ? `${counters.tracebacks} tracebacks, ` : ''}${counters?.errors ?? 0} errors)` : 'Logs',
    compare: capture?.state === 'running' ? `Compare (capturing ${capture.kind} ${Math.round(capture.fraction * 100)}%)` : 'Compare',
    alerts: alerts > 0 ? `Alerts (${alerts} active)` : 'Alerts',
  };
  const alarming = (id: Tab) => (id === 'logs' && trouble > 0) || (id === 'alerts' && alerts > 0);
  return (
    <Box width={width} gap={1} overflow="hidden">
      {TABS.map((t) => {
        const current = t.id === tab;
        return (
          <Text key={t.id} inverse={current} bold={current} color={!current && alarming(t.id) ? theme.bad : undefined} wrap="truncate">
            {`${current && theme.marks ? MARKER : ' '}${t.key} ${label[t.id]} `}
          </Text>
        );
      })}
    </Box>
  );
}
