// The built CLI as a user calls it: help, version, usage errors, and no daemon to watch.
import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const CLI = new URL('../../bin/exatop.js', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const exatop = (...args: string[]) => execa('node', [CLI, ...args], { reject: false });

describe('exatop command line', () => {
  it('--version prints the package version', async () => {
    const r = await exatop('--version');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('output into a pipe nobody reads ends quietly, as `exatop … | head` does', async () => {
    const child = execa('node', [CLI, '--help'], { reject: false, stdout: 'pipe' });
    child.stdout.destroy();
    const r = await child;
    expect(r.stderr).not.toContain('EPIPE');
    expect(r.exitCode).toBe(0);
  });

  it('--help lists the commands and options', async () => {
    const r = await exatop('--help');
    expect(r.exitCode).toBe(0);
    for (const word of ['snapshot --json', 'lab', '--pidfile', '--interval', 'NO_COLOR']) expect(r.stdout).toContain(word);
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['snapshot', '--json', '--frobnicate'], /Unknown option '--frobnicate'/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['--interval', 'soon'], /--interval takes a positive number/],
    [['--pid', '12', '--pidfile', '/x'], /--pid or --pidfile, not both/],
    [['lab', 'sideways'], /unknown lab action "sideways"/],
    [['--spark', 'emoji'], /--spark takes blocks, braille, ascii/],
  ])('rejects %j with exit code 2 and a hint', async (args, message) => {
    const r = await exatop(...args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain("Try 'exatop --help'");
    expect(r.stdout).toBe('');
  });

  it('snapshot with a pid file that does not exist: exit 1, a JSON error on stdout, the reason on stderr', async () => {
    const r = await exatop('snapshot', '--json', '--pidfile', '/nonexistent/exabgp.pid');
    expect(r.exitCode).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.error.code).toBe('no_daemon');
    expect(doc.error.message).toContain('/nonexistent/exabgp.pid');
    expect(r.stderr).toContain('Cannot read pid file');
  });

  it('snapshot of a pid that is not ExaBGP says so', async () => {
    const r = await exatop('snapshot', '--json', '--pid', String(process.pid));
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout).error.message).toMatch(/is not an ExaBGP daemon/);
  });
});
