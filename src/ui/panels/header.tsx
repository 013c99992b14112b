import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { formatDuration, formatInterval } from '../../core/format.js';
import { uptimeSeconds, type MonitorState } from '../../core/model/state.js';
import { fitWithGaps } from '../fit.js';
import { printable } from '../../core/text/printable.js';
import type { Theme } from '../theme.js';

interface HeaderItem {
  key: string;
  text: string;
  keep: number;
  node: ReactNode;
}

export function Header({ state, now, theme, width }: { state: MonitorState; now: number; theme: Theme; width: number }) {
  const d = state.daemon;
  const reactorColour = d?.reactor.mode === 'asyncio' ? theme.accent : undefined;
  // The most severe active alert stands where an operator looks first.
  const worst = [...state.alerts.active].sort((a, b) => (a.level === b.level ? b.start - a.start : a.level === 'critical' ? -1 : 1))[0];
  const active = state.alerts.active.length;
  const value = (label: string, text: string, colour?: string): Pick<HeaderItem, 'text' | 'node'> => ({
    text: `${label} ${text}`,
    node: <Text>{label} <Text bold color={colour}>{text}</Text></Text>,
  });
  const phase = state.phase === 'lost'
    ? { text: ' LOST ', node: <Text color={theme.bad} bold inverse> LOST </Text> }
    : state.phase === 'attached' ? { text: '●', node: <Text color={theme.ok} bold>●</Text> } : { text: '○', node: <Text color={theme.warn}>○</Text> };
  const every = `every ${formatInterval(state.intervalMs)}, draw ${formatInterval(state.redrawMs)}`;
  const alerts = ` ${active} ALERT${active > 1 ? 'S' : ''} `;
  // keep: what an operator needs most stays when the terminal is narrow.
  const items: HeaderItem[] = [
    { key: 'name', keep: 1, text: 'exatop', node: <Text bold color={theme.accent}>exatop</Text> },
    { key: 'phase', keep: 9, ...phase },
    { key: 'pid', keep: 8, ...value('pid', String(d?.pid ?? '—')) },
    { key: 'version', keep: 7, ...value('ExaBGP', printable(d?.version?.version ?? '?')) },
    { key: 'reactor', keep: 7, ...value('reactor', d?.reactor.mode ?? '?', reactorColour) },
    { key: 'up', keep: 6, ...value('up', formatDuration(uptimeSeconds(state, now))) },
    { key: 'restarts', keep: 7, ...value('restarts', String(state.restarts), state.restarts > 0 ? theme.warn : undefined) },
    { key: 'every', keep: 2, text: every, node: <Text color={theme.dim}>{every}</Text> },
    ...(state.paused ? [{ key: 'paused', keep: 9, text: ' PAUSED ', node: <Text inverse bold color={theme.warn}> PAUSED </Text> }] : []),
    ...(active > 0 ? [{ key: 'alerts', keep: 9, text: alerts, node: <Text inverse bold color={state.alerts.active.some((a) => a.level === 'critical') ? theme.bad : theme.warn}>{alerts}</Text> }] : []),
  ];
  const { gap, kept } = fitWithGaps(items.map((i) => ({ width: [...i.text].length, keep: i.keep })), width, [2, 1]);
  return (
    <Box flexDirection="column" width={width}>
      <Box gap={gap} height={1} overflow="hidden">
        {kept.map((i) => <Box key={items[i]!.key} flexShrink={0}>{items[i]!.node}</Box>)}
      </Box>
      {worst ? (
        <Text color={worst.level === 'critical' ? theme.bad : theme.warn} wrap="truncate-end">{`${worst.level}: ${printable(worst.message)}${active > 1 ? ` (+${active - 1} more: 4)` : ''}`}</Text>
      ) : (
        <Text color={theme.dim} wrap="truncate-end">
          {printable(state.phase === 'lost' && state.message ? state.message : d ? `${d.config ?? 'no config'}${d.own ? ` · uuid ${d.own.uuid}` : ''} · version from ${d.version?.source ?? '—'} · reactor: ${d.reactor.source}` : '')}
        </Text>
      )}
    </Box>
  );
}
