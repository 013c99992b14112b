import { Box, Text } from 'ink';
import { footerHints, type Binding } from '../keymap.js';
import type { Theme } from '../theme.js';

export function Footer({ scopes, theme, width }: { scopes: Binding['scope'][]; theme: Theme; width: number }) {
  return (
    <Box width={width} gap={2} overflow="hidden">
      {footerHints(scopes).map((hint) => (
        <Text key={hint.label} wrap="truncate">
          <Text bold inverse>{` ${hint.keys} `}</Text>
          <Text color={theme.dim}> {hint.label}</Text>
        </Text>
      ))}
    </Box>
  );
}
