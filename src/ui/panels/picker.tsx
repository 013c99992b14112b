import { Box, Text } from 'ink';
import type { DaemonCandidate } from '../../core/model/daemon.js';
import { printable } from '../../core/text/printable.js';
import type { Theme } from '../theme.js';
import { PICKER_CHROME_ROWS } from '../layout.js';

export function Picker({ candidates, selected, theme, width, height }: { candidates: DaemonCandidate[]; selected: number; theme: Theme; width: number; height: number }) {
  const visible = Math.max(1, height - PICKER_CHROME_ROWS);
  const first = Math.min(Math.max(0, selected - visible + 1), Math.max(0, candidates.length - visible));
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} width={width} height={height} paddingX={1}>
      <Text bold>Several ExaBGP daemons run here: choose one (↑/↓, Enter)</Text>
      {candidates.slice(first, first + visible).map((c, i) => {
        const index = first + i;
        return (
          <Text key={c.pid} inverse={index === selected} wrap="truncate-end">
            {index === selected ? '▶ ' : '  '}pid {String(c.pid).padEnd(8)} {printable(c.configs.join(' ') || '(no config)')}
          </Text>
        );
      })}
    </Box>
  );
}
