import { Box, Text } from 'ink';
import type { Theme } from '../theme.js';

export function MessagePanel({ title, lines, theme, width, height }: { title: string; lines: string[]; theme: Theme; width: number; height: number }) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.warn} width={width} height={height} paddingX={1}>
      <Text bold color={theme.warn}>{title}</Text>
      {lines.map((line, i) => (
        <Text key={i} wrap="wrap">{line}</Text>
      ))}
    </Box>
  );
}
