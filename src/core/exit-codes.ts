// One exit-code table for every command; the README's "Exit codes" section is this table.
// Missing data is never 0: a part that could not be measured is 3, not a pass.
export const EXIT = {
  /** Everything asked for was measured, and every verdict passed. */
  ok: 0,
  /** A decidable check or verdict failed, or the command failed while running. */
  failed: 1,
  /** Bad usage, bad configuration or unreadable input: nothing was done. */
  usage: 2,
  /** The command ran, but part of what it needed was missing (a control channel, a log, a
   *  checklist item without data): its output says which. */
  incomplete: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error that knows the exit code it ends the process with, and the prefix its message takes. */
export class ExitError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly prefix = 'exatop',
  ) {
    super(message);
  }
}

/** The table the README, the man page and `--help` print: one meaning per code. */
export const EXIT_TABLE: readonly { code: ExitCode; name: keyof typeof EXIT; meaning: string }[] = [
  { code: EXIT.ok, name: 'ok', meaning: 'everything asked for was measured or done, and every verdict passed' },
  { code: EXIT.failed, name: 'failed', meaning: 'a verdict or check failed, or the command failed while running (no daemon, lab could not start, address in use)' },
  { code: EXIT.usage, name: 'usage', meaning: 'bad usage, bad configuration or unreadable input: nothing was done' },
  { code: EXIT.incomplete, name: 'incomplete', meaning: 'the command ran, but part of what it needed was missing; the output says which' },
];

/** What was read from a recording (or several): lines that parsed, of which samples, and lines skipped. */
export interface RecordingRead {
  file: string;
  readable: number;
  samples: number;
  skipped: number;
}

/**
 * The one rule for every command that reads recordings (report, replay): nothing readable in
 * it (binary garbage, an empty file, another format) is unreadable input, 2; an exatop recording
 * with no sample yet is incomplete, 3; otherwise null: go on.
 */
export function recordingVerdict(read: RecordingRead): ExitError | null {
  if (read.samples > 0) return null;
  if (read.readable === 0) {
    return new ExitError(`${read.file} is no exatop recording: nothing in it could be read${read.skipped ? ` (${read.skipped} unreadable lines)` : ''}; give a file written by exatop record`, EXIT.usage);
  }
  return new ExitError(`${read.file} holds no sample yet${read.skipped ? ` (${read.skipped} unreadable lines)` : ''}: exatop record writes one per interval`, EXIT.incomplete);
}
