import { Box, Text } from 'ink';
import { formatDuration, formatInterval } from '../../core/format.js';
import { uptimeSeconds, type MonitorState } from '../../core/model/state.js';
import type { Theme } from '../theme.js';

export function Header({ state, now, theme, width }: { state: MonitorState; now: number; theme: Theme; width: number }) {
  const d = state.daemon;
  const phase = state.phase === 'lost'
    ? <Text color={theme.bad} bold inverse> LOST </Text>
    : state.phase === 'attached' ? <Text color={theme.ok} bold>●</Text> : <Text color={theme.warn}>○</Text>;
  const reactorColour = d?.reactor.mode === 'asyncio' ? theme.accent : undefined;
  // The most severe active alert stands where an operator looks first.
  const worst = [...state.alerts.active].sort((a, b) => (a.level === b.level ? b.start - a.start : a.level === 'critical' ? -1 : 1))[0];
  return (
    <Box flexDirection="column" width={width}>
      <Box gap={2}>
        <Text bold color={theme.accent}>exatop</Text>
        {phase}
        <Text>pid <Text bold>{d?.pid ?? '—'}</Text></Text>
        <Text>ExaBGP <Text bold>{d?.version?.version ?? '?'}</Text></Text>
        <Text>reactor <Text bold color={reactorColour}>{d?.reactor.mode ?? '?'}</Text></Text>
        <Text>up <Text bold>{formatDuration(uptimeSeconds(state, now))}</Text></Text>
        <Text>restarts <Text bold color={state.restarts > 0 ? theme.warn : undefined}>{state.restarts}</Text></Text>
        <Text color={theme.dim}>every {formatInterval(state.intervalMs)}</Text>
        {state.paused ? <Text inverse bold color={theme.warn}> PAUSED </Text> : null}
        {state.alerts.active.length > 0 ? <Text inverse bold color={state.alerts.active.some((a) => a.level === 'critical') ? theme.bad : theme.warn}> {state.alerts.active.length} ALERT{state.alerts.active.length > 1 ? 'S' : ''} </Text> : null}
      </Box>
      {worst ? (
        <Text color={worst.level === 'critical' ? theme.bad : theme.warn} wrap="truncate-end">{`${worst.level}: ${worst.message}${state.alerts.active.length > 1 ? ` (+${state.alerts.active.length - 1} more: 4)` : ''}`}</Text>
      ) : (
        <Text color={theme.dim} wrap="truncate-end">
          {state.phase === 'lost' && state.message ? state.message : d ? `${d.config ?? 'no config'} · reactor: ${d.reactor.source}` : ''}
        </Text>
      )}
    </Box>
  );
}
