import { Box, Text } from 'ink';
import { fitItems } from '../fit.js';
import { footerHints, type Scope } from '../keymap.js';
import type { Theme } from '../theme.js';

const GAP = 2;

/** The keys of this screen, as many whole hints as fit: the first ones (quit, help) stay. */
export function Footer({ scopes, theme, width }: { scopes: Scope[]; theme: Theme; width: number }) {
  const hints = footerHints(scopes);
  const kept = fitItems(hints.map((h) => ({ width: h.keys.length + 2 + 1 + h.label.length, keep: 0 })), width, GAP);
  return (
    <Box width={width} gap={GAP} height={1} overflow="hidden">
      {kept.map((i) => (
        <Box key={hints[i]!.label} flexShrink={0}>
          <Text>
            <Text bold inverse>{` ${hints[i]!.keys} `}</Text>
            <Text color={theme.dim}> {hints[i]!.label}</Text>
          </Text>
        </Box>
      ))}
    </Box>
  );
}
