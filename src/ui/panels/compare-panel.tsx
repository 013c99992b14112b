import { Box, Text } from 'ink';
import type { ModeGuidance } from '../../core/daemon/mode-guidance.js';
import { compareRuns, TEMPLATE_RULE } from '../../core/compare/compare.js';
import { acceptanceLine, columnName, comparisonRow } from '../../core/compare/markdown.js';
import { METRIC_NAMES } from '../../core/compare/run-schema.js';
import type { CaptureJob } from '../../core/model/state.js';
import type { ListedRun } from '../../core/compare/run-schema.js';
import { rowMark, type Theme } from '../theme.js';
import { COMPARE_CHROME_ROWS } from '../layout.js';
import { printable } from '../../core/text/printable.js';

export interface ComparePanelProps {
  dir: string;
  runs: ListedRun[];
  selected: number;
  baseline: string | null;
  candidate: string | null;
  capture: CaptureJob | null;
  guidance: ModeGuidance | null;
  notice: string | null;
  width: number;
  height: number;
  theme: Theme;
}

const base = (file: string) => printable(file.split('/').pop() ?? file);

function bar(fraction: number, width = 20): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

export function ComparePanel(props: ComparePanelProps) {
  const { dir, runs, selected, baseline, candidate, capture, guidance, notice, width, height, theme } = props;
  const b = runs.find((r) => r.file === baseline);
  const c = runs.find((r) => r.file === candidate);
  const comparison = b && 'run' in b && c && 'run' in c ? compareRuns(b.run, c.run, TEMPLATE_RULE) : null;
  const listRows = Math.max(1, Math.min(runs.length || 1, height - COMPARE_CHROME_ROWS));
  const top = Math.max(0, Math.min(selected - listRows + 1, runs.length - listRows));
  const colB = b && 'run' in b ? columnName(b.run.label) : 'Baseline';
  const colC = c && 'run' in c ? columnName(c.run.label) : 'Candidate';
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.dim} width={width} height={height} paddingX={1} overflowY="hidden">
      <Text wrap="truncate-end"><Text bold>Comparison</Text><Text color={theme.dim}>  runs in {printable(dir)}</Text></Text>
      {runs.length === 0 ? <Text color={theme.dim}>no run yet: n names one, then E P C R measure, v types a value</Text> : null}
      {runs.slice(top, top + listRows).map((r, i) => {
        const mark = r.file === baseline ? 'B' : r.file === candidate ? 'C' : ' ';
        const text = 'run' in r
          ? `${mark} ${base(r.file).padEnd(22)} ${printable(r.run.label).padEnd(12)} ExaBGP ${printable(r.run.exabgp.version ?? '?').padEnd(10)} ${r.run.exabgp.reactor.padEnd(9)} ${METRIC_NAMES.filter((m) => r.run.metrics[m]).length}/4 figures`
          : `${mark} ${base(r.file).padEnd(22)} unreadable: ${printable(r.error)}`;
        return <Text key={r.file} inverse={top + i === selected} color={'run' in r ? undefined : theme.bad} wrap="truncate-end">{rowMark(theme, top + i === selected)}{text}</Text>;
      })}
      <Text> </Text>
      <Text bold wrap="truncate-end">{`| Metric | ${colB} | ${colC} | Delta | Status |`}</Text>
      {METRIC_NAMES.map((metric, i) => {
        const row = comparison?.rows[i] ?? { metric, baseline: null, candidate: null, delta: null, zeroBaseline: false, status: 'incomplete' as const, outOfCondition: { baseline: false, candidate: false } };
        const cells = comparisonRow(row);
        const colour = row.status === 'pass' ? theme.ok : row.status === 'fail' ? theme.bad : undefined;
        return <Text key={metric} color={colour} wrap="truncate-end">{`| ${cells.join(' | ')} |`}</Text>;
      })}
      <Text color={theme.dim} wrap="truncate-end">{comparison ? acceptanceLine(comparison.rule, b && 'run' in b ? b.run.label : 'generator', c && 'run' in c ? c.run.label : 'async') : 'b marks the baseline run, c the candidate'}</Text>
      <Text> </Text>
      <Text wrap="truncate-end" color={capture?.state === 'failed' ? theme.bad : capture?.state === 'running' ? theme.accent : theme.dim}>
        {capture ? printable(`capture ${capture.kind} → ${capture.label}: ${capture.state === 'running' ? bar(capture.fraction) : capture.state} ${capture.message}`) : 'no capture running'}
      </Text>
      <Text color={theme.dim} wrap="truncate-end">{printable(notice ?? ' ')}</Text>
      <Text bold wrap="truncate-end">Mode on this host</Text>
      {guidance ? (
        <>
          <Text wrap="truncate-end">{guidance.settings.length ? guidance.settings.map((s) => `${s.method}: ${s.evidence}`).join(' · ') : 'no reactor setting: the version decides (see the reactor line above)'}</Text>
          <Text color={theme.dim} wrap="truncate-end">rollback (shown, never run): {guidance.rollback.join('; ')}</Text>
          <Text color={theme.dim} wrap="truncate-end">then: {guidance.validation.join('; ')}</Text>
        </>
      ) : <Text color={theme.dim}>attach to a daemon to see how its mode is set</Text>}
    </Box>
  );
}
