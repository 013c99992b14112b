import { Box, Text } from 'ink';

export const MIN_COLUMNS = 60;
export const MIN_ROWS = 12;

export function TooSmall({ columns, rows }: { columns: number; rows: number }) {
  return (
    <Box flexDirection="column" width={columns} height={Math.min(rows, 3)}>
      <Text wrap="truncate-end">terminal too small: need {MIN_COLUMNS}×{MIN_ROWS}</Text>
      {rows > 1 ? <Text wrap="truncate-end">have {columns}×{rows}; q quits</Text> : null}
    </Box>
  );
}
