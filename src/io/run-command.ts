// Runs an operator-given program (the --on-alert hook, a capture's restart command): an
// argument list, never a shell, stdin given or closed, time-limited, never throwing.
import { execa } from 'execa';

export interface CommandResult {
  failed: boolean;
  timedOut: boolean;
  exitCode: number | undefined;
  signal: string | undefined;
  stderr: string;
}

export async function runCommand(program: string, args: readonly string[], options: { input?: string; timeoutMs: number }): Promise<CommandResult> {
  const result = await execa(program, args, {
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
    timeout: options.timeoutMs,
    reject: false,
    stdout: 'ignore',
    stderr: 'pipe',
  });
  return { failed: result.failed, timedOut: result.timedOut, exitCode: result.exitCode, signal: result.signal, stderr: String(result.stderr ?? '') };
}
