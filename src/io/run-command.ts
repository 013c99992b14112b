// Runs an operator-given program (the --on-alert hook, a capture's restart command): an
// argument list, never a shell, stdin given or closed, time-limited, never throwing.
import { execa } from 'execa';

export interface CommandResult {
  failed: boolean;
  timedOut: boolean;
  exitCode: number | undefined;
  signal: string | undefined;
  stderr: string;
  /** Why it failed, in words (`cannot start X: ENOENT (no such file …)`, `exited with code 3: …`); null when it did not. */
  failure: string | null;
}

const SPAWN_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or directory (is it installed, is the path right?)',
  EACCES: 'permission denied (is it executable?)',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
};

function failureOf(program: string, timeoutMs: number, r: { failed: boolean; timedOut: boolean; exitCode?: number | undefined; signal?: string | undefined; code?: string | undefined }, stderr: string): string | null {
  if (!r.failed) return null;
  const lastLine = stderr.trim().split('\n').pop() ?? '';
  const said = lastLine ? `: ${lastLine}` : '';
  if (r.code && r.exitCode === undefined && !r.timedOut) return `cannot start ${program}: ${r.code} (${SPAWN_ERRORS[r.code] ?? 'the system refused to run it'})`;
  if (r.timedOut) return `${program} did not finish within ${timeoutMs / 1000} s and was stopped${said}`;
  if (r.signal) return `${program} was killed by ${r.signal}${said}`;
  return `${program} exited with code ${r.exitCode ?? 'unknown'}${said}`;
}

export async function runCommand(program: string, args: readonly string[], options: { input?: string; timeoutMs: number }): Promise<CommandResult> {
  const result = await execa(program, args, {
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
    timeout: options.timeoutMs,
    reject: false,
    stdout: 'ignore',
    stderr: 'pipe',
  });
  const stderr = String(result.stderr ?? '');
  const code = 'code' in result && typeof result.code === 'string' ? result.code : undefined;
  const failure = failureOf(program, options.timeoutMs, { ...result, code }, stderr);
  return { failed: result.failed, timedOut: result.timedOut, exitCode: result.exitCode, signal: result.signal, stderr, failure };
}
