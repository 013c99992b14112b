import { Box, Text } from 'ink';
import { frameRows, MIN_COLUMNS, MIN_ROWS } from '../layout.js';

/** Said instead of a broken screen; `rows` is the terminal's, as the user counts them. */
export function TooSmall({ columns, rows }: { columns: number; rows: number }) {
  return (
    <Box flexDirection="column" width={columns} height={Math.min(frameRows(rows), 3)}>
      <Text wrap="truncate-end">terminal too small: need {MIN_COLUMNS}×{MIN_ROWS}</Text>
      {frameRows(rows) > 1 ? <Text wrap="truncate-end">have {columns}×{rows}; q quits</Text> : null}
    </Box>
  );
}
