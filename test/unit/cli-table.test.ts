// src/cli.ts: every command goes through one table, the TUI (`exatop [options]`) and `lab`
// included, and the exit code comes from the error (src/core/exit-codes.ts). Only usage and
// refusals here: nothing that would look at the host.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { commandHelp, run, USAGE } from '../../src/cli.js';
import { LAB_USAGE } from '../../src/commands/lab.js';
import { EXIT } from '../../src/core/exit-codes.js';

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('one command table', () => {
  it('lists every named command, lab included, for the man page and the completion', async () => {
    const names = (await commandHelp()).map((c) => c.name);
    expect(names).toEqual(['snapshot', 'capture', 'compare', 'record', 'report', 'verify', 'announce-restart', 'incident', 'serve', 'completion', 'replay', 'lab']);
    expect((await commandHelp()).find((c) => c.name === 'lab')?.usage).toBe(LAB_USAGE);
  });

  it.each([[['--help']], [['help']], [['-h']]])('the TUI\'s entry answers %j with the top usage', async (argv) => {
    expect(await run(argv)).toBe(EXIT.ok);
    expect(out).toBe(USAGE);
  });

  it('lab --help is lab\'s usage, through the same table', async () => {
    expect(await run(['lab', '--help'])).toBe(EXIT.ok);
    expect(out).toBe(LAB_USAGE);
  });

  it('--version prints the version and nothing else', async () => {
    expect(await run(['--version'])).toBe(EXIT.ok);
    expect(out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it.each([
    [['nonsense'], /unknown command "nonsense"/],
    [['toString'], /unknown command "toString"/],
    [['--interval', 'x'], /--interval/],
    [['--spark', 'dots'], /--spark takes blocks, braille, ascii/],
    [['--restart-cmd'], /--restart-cmd needs the program to run/],
    [['lab', '--nonsense'], /nonsense/],
    [['snapshot', '--window', '-1'], /window/],
  ])('%j is a usage error: exit %s from the error, told on stderr', async (argv, message) => {
    expect(await run(argv)).toBe(EXIT.usage);
    expect(err).toMatch(message);
    expect(err).toMatch(/Try 'exatop --help'/);
    expect(out).toBe('');
  });
});
