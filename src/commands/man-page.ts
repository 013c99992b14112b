// The man page (package.json "man"), written at build time from the same usage texts that
// --help prints, so the two cannot disagree.
import type { CommandHelp } from './completion-script.js';

/** roff-escapes one line of plain text: backslashes, and a leading dot or quote. */
function roff(line: string): string {
  const escaped = line.replace(/\\/g, '\\e').replace(/-/g, '\\-');
  return /^[.']/.test(escaped) ? `\\&${escaped}` : escaped;
}

const block = (text: string): string => ['.nf', ...text.trimEnd().split('\n').map(roff), '.fi'].join('\n');

export interface ManPageInput {
  version: string;
  mainUsage: string;
  commands: readonly CommandHelp[];
  exitCodes: readonly { code: number; meaning: string }[];
}

export function manPage({ version, mainUsage, commands, exitCodes }: ManPageInput): string {
  return [
    `.TH EXATOP 1 "" "exatop ${version}" "User Commands"`,
    '.SH NAME',
    'exatop \\- a terminal monitor for ExaBGP',
    '.SH SYNOPSIS',
    block(mainUsage),
    '.SH COMMANDS',
    ...commands.flatMap((c) => [`.SS ${c.name}`, block(c.usage)]),
    '.SH EXIT STATUS',
    ...exitCodes.flatMap((e) => ['.TP', `.B ${e.code}`, roff(e.meaning)]),
    '.SH FILES',
    '.TP',
    '.I $XDG_CONFIG_HOME/exatop/config.json',
    'alert rules and hook of the user (before /etc/exatop/config.json)',
    '.TP',
    '.I /etc/exatop/config.json',
    'the host\'s configuration, read when the user has none (the systemd service)',
    '.TP',
    '.I $XDG_STATE_HOME/exatop/',
    'comparison runs (runs/) and, for an installed exatop, the lab (lab/)',
    '.SH SEE ALSO',
    'exabgp(1), exabgpcli(1)',
    '',
  ].join('\n');
}
