import { Text } from 'ink';
import type { ReplayPosition } from '../ports.js';
import type { Theme } from '../theme.js';

const KEYS = 'space ←/→ ( ) [ ] < >';

export function ReplayBar({ position, theme, width }: { position: ReplayPosition; theme: Theme; width: number }) {
  const fraction = position.total > 1 ? position.index / (position.total - 1) : 1;
  const barWidth = Math.max(10, Math.min(40, width - 90));
  const filled = Math.round(fraction * barWidth);
  const when = `${new Date(position.t).toISOString().replace('T', ' ').slice(0, 19)}Z`;
  return (
    <Text wrap="truncate-end">
      <Text inverse bold color={theme.accent}> REPLAY </Text>
      <Text bold>{` ${position.playing ? '▶' : '⏸'} ${when}`}</Text>
      <Text color={theme.dim}>{` [${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${position.index + 1}/${position.total}  ×${position.speed}  ${KEYS}`}</Text>
    </Text>
  );
}
