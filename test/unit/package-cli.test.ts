// The package's own surfaces: shell completion, the man page, the config search order, where
// the lab lives once installed, and the one exit-code table the README documents.
import { mkdtemp, mkdir, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandHelp, USAGE } from '../../src/cli.js';
import { optionsIn, zshCompletion } from '../../src/commands/completion-script.js';
import { manPage } from '../../src/commands/man-page.js';
import { loadConfig } from '../../src/io/config/load.js';
import { EXIT, EXIT_TABLE } from '../../src/core/exit-codes.js';
import { defaultLabRoot } from '../../src/io/lab/lab.js';

const ROOT = new URL('../..', import.meta.url).pathname;

describe('exatop completion', () => {
  let commands: Awaited<ReturnType<typeof commandHelp>>;
  beforeAll(async () => {
    commands = await commandHelp();
  });

  it('reads each command\'s options from its usage text, not from prose naming another program\'s flags', () => {
    const compare = commands.find((c) => c.name === 'compare')!;
    expect(optionsIn(compare.usage)).toEqual(expect.arrayContaining(['--markdown', '--json', '--threshold', '--fail-on']));
    expect(optionsIn(compare.usage).some((o) => o.startsWith('--benchmark'))).toBe(false);
  });

  it('writes a zsh function that offers the same words through compadd', () => {
    const script = zshCompletion(USAGE, commands);
    expect(script.startsWith('#compdef exatop\n')).toBe(true);
    expect(script).toMatch(/^ {6}lab\) words_=\(up down status restart peer .*--slot.*\) ;;$/m);
    expect(script).toMatch(/^ {6}completion\) words_=\(bash zsh\) ;;$/m);
  });
});

describe('the man page', () => {
  it('holds every command\'s usage, escaped for roff, and the exit-code table', async () => {
    const page = manPage({ version: '9.9.9', mainUsage: USAGE, commands: await commandHelp(), exitCodes: EXIT_TABLE });
    expect(page).toMatch(/^\.TH EXATOP 1 "" "exatop 9\.9\.9"/);
    for (const name of ['snapshot', 'capture', 'compare', 'record', 'report', 'replay', 'serve', 'lab', 'completion']) expect(page).toContain(`\n.SS ${name}\n`);
    // A line of the usage starting with a dot would be a roff request; a backslash an escape.
    expect(page.split('\n').filter((l) => l.startsWith('.') && !/^\.(TH|SH|SS|nf|fi|TP|B|I) ?/.test(l))).toEqual([]);
    expect(page).toContain('\\-\\-pidfile');
    for (const { code } of EXIT_TABLE) expect(page).toContain(`.B ${code}\n`);
  });
});

describe('one exit-code table', () => {
  it('is the README\'s table, code for code and word for word', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('\n### Exit codes\n'));
    expect(section.length).toBeLessThan(readme.length);
    for (const { code, meaning } of EXIT_TABLE) expect(section).toContain(`| ${code} | ${meaning} |`);
    expect(EXIT_TABLE.map((e) => e.code)).toEqual(Object.values(EXIT));
  });
});

describe('the config file search order', () => {
  let dir: string;
  const rules = (percent: number) => JSON.stringify({ rules: { 'cpu-high': { percent } } });
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'exatop-config-'));
    await mkdir(join(dir, 'user'));
    await mkdir(join(dir, 'etc'));
    await writeFile(join(dir, 'etc', 'config.json'), rules(42));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads /etc/exatop/config.json when the user has none (a systemd service), the user\'s own first', async () => {
    const user = join(dir, 'user', 'config.json');
    const system = join(dir, 'etc', 'config.json');
    expect((await loadConfig(undefined, [user, system])).source).toBe(system);
    expect((await loadConfig(undefined, [user, system])).config.rules['cpu-high'].percent).toBe(42);
    await writeFile(user, rules(7));
    const loaded = await loadConfig(undefined, [user, system]);
    expect(loaded).toMatchObject({ source: user });
    expect(loaded.config.rules['cpu-high'].percent).toBe(7);
    expect((await loadConfig(system, [user])).source).toBe(system);
    expect((await loadConfig(undefined, [join(dir, 'none-1'), join(dir, 'none-2')])).source).toBe('defaults');
    await expect(loadConfig(join(dir, 'missing.json'), [user])).rejects.toThrow(/cannot read config .*missing\.json: ENOENT/);
  });
});

describe('where the lab lives', () => {
  it('beside package.json in a checkout, under the user\'s state folder once npm installed it', () => {
    expect(defaultLabRoot({}, '/home/me/src/exatop')).toBe('/home/me/src/exatop/.lab');
    expect(defaultLabRoot({ XDG_STATE_HOME: '/home/me/.state' }, '/usr/lib/node_modules/exatop')).toBe('/home/me/.state/exatop/lab');
    expect(defaultLabRoot({ EXATOP_LAB_DIR: '/srv/lab' }, '/usr/lib/node_modules/exatop')).toBe('/srv/lab');
  });
});
