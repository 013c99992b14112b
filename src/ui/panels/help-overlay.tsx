import { Box, Text } from 'ink';
import { KEYMAP } from '../keymap.js';
import type { Theme } from '../theme.js';

export function HelpOverlay({ theme, width, height }: { theme: Theme; width: number; height: number }) {
  const keyWidth = Math.max(...KEYMAP.map((b) => b.keys.length)) + 2;
  const rows = KEYMAP.slice(0, Math.max(0, height - 4));
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} width={width} height={height} paddingX={1}>
      <Text bold>Keys</Text>
      {rows.map((b) => (
        <Text key={b.action} wrap="truncate-end">
          <Text bold color={theme.accent}>{b.keys.padEnd(keyWidth)}</Text>
          {b.description}
          {b.scope === 'picker' ? <Text color={theme.dim}> (daemon picker)</Text> : null}
        </Text>
      ))}
      <Text color={theme.dim}>? or Esc closes this help</Text>
    </Box>
  );
}
