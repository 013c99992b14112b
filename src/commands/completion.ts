// `exatop completion bash|zsh`: prints a completion script for the shell.
import { parseArgs } from 'node:util';
import { bashCompletion, zshCompletion, type CommandHelp } from './completion-script.js';
import { UsageError } from './common.js';

export const COMPLETION_USAGE = `Usage: exatop completion bash|zsh

Prints a shell completion script for exatop's commands and options on stdout.
  bash: source <(exatop completion bash), or save it as /usr/share/bash-completion/completions/exatop
  zsh:  exatop completion zsh > "\${fpath[1]}/_exatop" (then compinit), or source it after compinit
`;

const SHELLS = ['bash', 'zsh'] as const;

export function parseCompletionArgs(argv: string[]) {
  const { values, positionals } = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  const help = values.help ?? false;
  const shell = positionals[0];
  if (!help && (positionals.length !== 1 || !SHELLS.includes(shell as (typeof SHELLS)[number]))) {
    throw new UsageError(`completion takes one shell: ${SHELLS.join(' or ')}`);
  }
  return { shell: shell as (typeof SHELLS)[number], help };
}

/** `mainUsage` and `commands` come from cli.ts, which knows every command. */
export async function runCompletion(args: ReturnType<typeof parseCompletionArgs>, mainUsage: string, commands: readonly CommandHelp[]): Promise<number> {
  process.stdout.write(args.shell === 'bash' ? bashCompletion(mainUsage, commands) : zshCompletion(mainUsage, commands));
  return 0;
}
