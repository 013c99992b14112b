// `exatop replay FILE`: the TUI over a recording, with time travel; no daemon needed.
import { access } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { render } from 'ink';
import { parseDuration } from '../core/duration.js';
import { initialState } from '../core/model/state.js';
import { Store } from '../core/store.js';
import type { RecordedEvent, RecordedSample } from '../core/record/format.js';
import { readRecordingFile } from '../io/record/read-files.js';
import { ReplayPlayer } from '../session/replay-player.js';
import { App } from '../ui/app.js';
import type { MonitorControl } from '../ui/ports.js';
import { dumbTerminal, themeFor } from '../ui/theme.js';
import { EXIT, recordingVerdict, type RecordingRead } from '../core/exit-codes.js';
import { printable, printableBlock, printableJson } from '../core/text/printable.js';
import { buildSnapshot } from '../core/snapshot.js';
import { stateAt } from '../core/replay/feed.js';
import { packageVersion, UsageError } from './common.js';
import { buildReport, reportMarkdown } from './report.js';
import { saveTextFile } from './save-text.js';

export const REPLAY_USAGE = `Usage: exatop replay FILE [--last DURATION] [--play] [--speed N] [--json]

The TUI over a recording made by \`exatop record\` (rotated files included), with time travel:
space plays or pauses, ←/→ step one sample, ( ) sixty, [ ] change the speed (1× real time up
to 3600×), < > jump to the start or the end. --last 6h replays only the end of a long recording
(memory grows with what is loaded: about half a kilobyte a sample). Without a terminal on
stdout it prints the report instead.

  --json   no TUI: the snapshot document (as \`exatop snapshot --json\` prints it) of the
           recording's last sample, with the span and sample count it was replayed from
`;

const OPTIONS = {
  last: { type: 'string' },
  play: { type: 'boolean' },
  speed: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseReplayArgs(argv: string[]) {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const help = values.help ?? false;
  if (!help && positionals.length !== 1) throw new UsageError('replay takes one recording FILE');
  const lastMs = values.last === undefined ? null : parseDuration(values.last);
  if (values.last !== undefined && (lastMs === null || lastMs <= 0)) throw new UsageError(`--last takes a duration such as 6h, got ${values.last}`);
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!Number.isFinite(speed) || speed < 1) throw new UsageError(`--speed takes a number ≥ 1, got ${values.speed}`);
  return { file: positionals[0] ?? '', lastMs, play: values.play ?? false, speed, json: values.json ?? false, help };
}

async function load(file: string, lastMs: number | null): Promise<{ samples: RecordedSample[]; events: RecordedEvent[]; read: RecordingRead }> {
  await access(file).catch(() => {
    throw new UsageError(`cannot read recording ${file}`);
  });
  const samples: RecordedSample[] = [];
  const events: RecordedEvent[] = [];
  let readable = 0;
  const skipped = await readRecordingFile(file, (item) => {
    readable++;
    if (item.type === 'sample') samples.push(item);
    else if (item.type === 'event') events.push(item);
  });
  const read = { file, readable, samples: samples.length, skipped };
  if (lastMs !== null && samples.length) {
    const from = samples[samples.length - 1]!.t - lastMs;
    return { samples: samples.filter((s) => s.t >= from), events: events.filter((e) => e.t >= from || e.kind === 'alert'), read };
  }
  return { samples, events, read };
}

/** The state at the last sample, as the snapshot document: what the TUI would show at the end. */
function replayJson(file: string, samples: readonly RecordedSample[], events: readonly RecordedEvent[], skipped: number) {
  const last = samples[samples.length - 1]!;
  const state = stateAt(samples, events, samples.length - 1, 3600);
  const windowSeconds = samples.length > 1 ? (last.t - samples[samples.length - 2]!.t) / 1000 : 1;
  return {
    format: 'exatop-replay', version: 1, file, samples: samples.length, skipped,
    span: { start: new Date(samples[0]!.t).toISOString(), end: new Date(last.t).toISOString() },
    snapshot: buildSnapshot(state, last.t, packageVersion(), windowSeconds),
  };
}

export async function runReplay(args: ReturnType<typeof parseReplayArgs>): Promise<number> {
  if (args.json) {
    const { samples, events, read } = await load(args.file, args.lastMs);
    const verdict = recordingVerdict(read);
    if (verdict) throw verdict;
    process.stdout.write(`${printableJson(replayJson(args.file, samples, events, read.skipped), 2)}\n`);
    return EXIT.ok;
  }
  if (!process.stdout.isTTY || dumbTerminal()) {
    const { read, ...report } = await buildReport([args.file]);
    const verdict = recordingVerdict(read);
    if (verdict?.exitCode === EXIT.usage) throw verdict;
    process.stdout.write(printableBlock(reportMarkdown(report)));
    if (verdict) process.stderr.write(`exatop replay: ${printable(verdict.message)}\n`);
    return verdict?.exitCode ?? EXIT.ok;
  }
  const { samples, events, read } = await load(args.file, args.lastMs);
  const verdict = recordingVerdict(read);
  if (verdict) throw verdict;
  const store = new Store(initialState());
  const player = new ReplayPlayer(store, samples, events);
  while (player.position().speed < args.speed && player.position().speed < 3600) player.faster();
  const control: MonitorControl = { choose: () => undefined, poke: () => undefined, saveText: (prefix, text) => saveTextFile(prefix, text) };
  process.stdout.write('\x1b[?1049h\x1b[H');
  const instance = render(<App store={store} control={control} theme={themeFor()} totalMemoryBytes={totalmem()} replay={player} />, { exitOnCtrlC: true, maxFps: 10 });
  const stop = () => instance.unmount();
  process.on('SIGTERM', stop);
  if (args.play) player.play();
  try {
    await instance.waitUntilExit();
  } finally {
    player.stop();
    process.off('SIGTERM', stop);
    process.stdout.write('\x1b[?1049l\x1b[?25h');
  }
  return 0;
}
