import { Box, Text } from 'ink';
import { formatBytes, formatCount, formatPercent } from '../../core/format.js';
import type { Ring } from '../../core/ring.js';
import { honestScale, scaleLabel, sparkRows, type SparkStyle } from '../../core/sparkline.js';
import type { MonitorState } from '../../core/model/state.js';
import { summarize } from '../../core/stats.js';
import { chartHeight } from '../layout.js';
import type { Theme } from '../theme.js';

interface ChartSpec {
  label: string;
  ring: Ring;
  format: (n: number | null) => string;
  current: string;
  /** CPU % reads from 0; RSS and FDs get a minimum span relative to their value. */
  zeroBased?: boolean;
}

function Chart({ spec, width, rows, style, theme, stale }: { spec: ChartSpec; width: number; rows: number; style: SparkStyle; theme: Theme; stale: boolean }) {
  if (rows === 0) {
    const sparkWidth = Math.max(8, Math.floor(width / 3));
    const values = spec.ring.tail(sparkWidth);
    const stats = summarize(values);
    const scale = honestScale(values, { zeroBased: spec.zeroBased });
    return (
      <Text wrap="truncate-end">
        <Text bold>{spec.label.padEnd(4)}</Text>
        <Text color={stale ? theme.dim : theme.ok}>{sparkRows(values, sparkWidth, 1, style, scale ?? undefined)[0]}</Text>
        <Text bold color={stale ? theme.dim : theme.accent}> {spec.current}</Text>
        <Text color={theme.dim}>{stats ? `  min ${spec.format(stats.min)} max ${spec.format(stats.max)}  ${scaleLabel(scale, spec.format)}` : ''}{stale ? '  (stale)' : ''}</Text>
      </Text>
    );
  }
  const values = spec.ring.tail(width);
  const stats = summarize(values);
  const scale = honestScale(values, { zeroBased: spec.zeroBased });
  const lines = sparkRows(values, width, rows, style, scale ?? undefined);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>{spec.label.padEnd(4)}</Text>
        <Text bold color={stale ? theme.dim : theme.accent}>{spec.current}</Text>
        <Text color={theme.dim}>
          {stats ? `   min ${spec.format(stats.min)}  avg ${spec.format(stats.avg)}  max ${spec.format(stats.max)}  ${scaleLabel(scale, spec.format)}` : '   no samples yet'}
          {stale ? '   (stale: daemon gone)' : ''}
        </Text>
      </Text>
      {lines.map((line, i) => (
        <Text key={i} color={stale ? theme.dim : theme.ok}>{line}</Text>
      ))}
    </Box>
  );
}

interface VitalsPanelProps {
  state: MonitorState;
  width: number;
  height: number;
  style: SparkStyle;
  theme: Theme;
  totalMemoryBytes: number;
  /** One line of current values, no border: the neighbors get the screen (v). */
  folded?: boolean;
}

export function VitalsPanel(props: VitalsPanelProps) {
  const { state, width, height, style, theme, totalMemoryBytes, folded = false } = props;
  const v = state.latest;
  const stale = state.phase !== 'attached';
  const inner = Math.max(1, width - 4);
  const rows = chartHeight(height);
  const fdShare = v?.fds != null && v.fdLimit ? ` / ${v.fdLimit} (${formatPercent((v.fds / v.fdLimit) * 100)})` : v?.fdError ? ` (${v.fdError})` : '';
  const ramShare = v?.rssBytes != null && totalMemoryBytes > 0 ? ` (${formatPercent((v.rssBytes / totalMemoryBytes) * 100, 2)} of RAM)` : '';
  const charts: ChartSpec[] = [
    { label: 'RSS', ring: state.series.rss, format: formatBytes, current: `${formatBytes(v?.rssBytes)}${ramShare}` },
    { label: 'CPU', ring: state.series.cpu, format: (n) => formatPercent(n), current: `${formatPercent(v?.cpuPercent)} of one core`, zeroBased: true },
    { label: 'FDs', ring: state.series.fds, format: formatCount, current: `${formatCount(v?.fds)}${fdShare}` },
  ];
  const h = v?.helpers;
  if (folded) {
    return (
      <Text wrap="truncate-end">
        {charts.map((spec) => (
          <Text key={spec.label}><Text bold>{spec.label} </Text><Text bold color={stale ? theme.dim : theme.accent}>{spec.current}</Text><Text color={theme.dim}> · </Text></Text>
        ))}
        <Text color={theme.dim}>threads {formatCount(v?.threads)}{stale ? ' (stale)' : ''} · v unfolds</Text>
      </Text>
    );
  }
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={stale ? theme.bad : theme.dim} width={width} height={height} paddingX={1} overflowY="hidden">
      {charts.map((spec) => (
        <Chart key={spec.label} spec={spec} width={inner} rows={rows} style={style} theme={theme} stale={stale} />
      ))}
      <Text color={theme.dim} wrap="truncate-end">
        threads {formatCount(v?.threads)} · helpers {state.helpers.length}
        {h && h.count > 0 ? `: RSS ${formatBytes(h.rssBytes)}  CPU ${formatPercent(h.cpuPercent)}  FDs ${formatCount(h.fds)}` : ''}
        {state.helpers.length > 0 ? `  [${state.helpers.map((x) => `${x.pid} ${x.role}`).join(', ')}]` : ''}
      </Text>
    </Box>
  );
}
