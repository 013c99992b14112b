import { Box, Text } from 'ink';
import { overlayRows } from '../layout.js';
import { clampTop, type HelpLine } from '../screen/help.js';
import type { Theme } from '../theme.js';

interface HelpOverlayProps {
  lines: HelpLine[];
  top: number;
  theme: Theme;
  width: number;
  height: number;
}

/** Every key, the current screen's first, a page at a time (↑ ↓ PgUp PgDn Home End scroll). */
export function HelpOverlay({ lines, top, theme, width, height }: HelpOverlayProps) {
  const keyWidth = Math.max(...lines.map((l) => (l.kind === 'key' ? l.keys.length : 0))) + 2;
  const rows = overlayRows(height);
  const first = clampTop(top, rows, lines.length);
  const shown = lines.slice(first, first + rows);
  const more = lines.length > rows;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} width={width} height={height} paddingX={1} overflowY="hidden">
      <Text bold wrap="truncate-end">Keys{more ? <Text color={theme.dim}>{`  lines ${first + 1}–${first + shown.length} of ${lines.length}`}</Text> : null}</Text>
      {shown.map((line, i) => {
        if (line.kind === 'blank') return <Text key={first + i}> </Text>;
        if (line.kind === 'title') return <Text key={first + i} bold underline wrap="truncate-end">{line.text}</Text>;
        return (
          <Text key={first + i} wrap="truncate-end">
            <Text bold color={theme.accent}>{line.keys.padEnd(keyWidth)}</Text>
            {line.text}
          </Text>
        );
      })}
      <Text color={theme.dim} wrap="truncate-end">{more ? '↑ ↓ PgUp PgDn Home End scroll · ' : ''}? or Esc closes this help</Text>
    </Box>
  );
}
