// The bash completion script run in this machine's real bash (moved from
// test/unit/package-cli.test.ts: unit tests run no host program).
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { commandHelp, USAGE } from '../../src/cli.js';
import { bashCompletion } from '../../src/commands/completion-script.js';

/** What bash's completion offers for the words typed so far (the last one being completed). */
function bashOffers(script: string, words: string[]): string[] {
  const program = `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _exatop; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['--norc', '--noprofile', '-c', program], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

describe('exatop completion bash', () => {
  let commands: Awaited<ReturnType<typeof commandHelp>>;
  beforeAll(async () => {
    commands = await commandHelp();
  });

  it('completes commands, a command\'s actions and its options in a real bash', () => {
    const script = bashCompletion(USAGE, commands);
    expect(bashOffers(script, ['exatop', 're'])).toEqual(['record', 'report', 'replay']);
    expect(bashOffers(script, ['exatop', 'completion', ''])).toEqual(['bash', 'zsh']);
    expect(bashOffers(script, ['exatop', 'lab', 'u'])).toEqual(['up']);
    expect(bashOffers(script, ['exatop', 'capture', '--ta'])).toEqual(['--target-uptime']);
    expect(bashOffers(script, ['exatop', 'report', '--'])).toContain('--checklist');
    expect(bashOffers(script, ['exatop', '--pidf'])).toEqual(['--pidfile']);
  });
});
