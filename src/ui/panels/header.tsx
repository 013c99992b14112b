import { Box, Text } from 'ink';
import { formatDuration, formatInterval } from '../../core/format.js';
import { uptimeSeconds, type MonitorState } from '../../core/state.js';
import type { Theme } from '../theme.js';

export function Header({ state, now, theme, width }: { state: MonitorState; now: number; theme: Theme; width: number }) {
  const d = state.daemon;
  const phase = state.phase === 'lost'
    ? <Text color={theme.bad} bold inverse> LOST </Text>
    : state.phase === 'attached' ? <Text color={theme.ok} bold>●</Text> : <Text color={theme.warn}>○</Text>;
  const reactorColour = d?.reactor.mode === 'asyncio' ? theme.accent : undefined;
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
      </Box>
      <Text color={theme.dim} wrap="truncate-end">
        {state.phase === 'lost' && state.message ? state.message : d ? `${d.config ?? 'no config'} · reactor: ${d.reactor.source}` : ''}
      </Text>
    </Box>
  );
}
