// The built CLI in a real terminal (tmux) against a real 4.2 lab: the default 80×24 and the
// documented 60×12 minimum fully drawn, the neighbor table's keys, the selection without
// colour, and a dumb terminal getting plain output instead of cursor addressing.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLab, type TestLab } from '../support/lab.js';
import { Tmux } from '../support/tmux.js';

const CLI = new URL('../../bin/exatop.js', import.meta.url).pathname;
const ESC = '\x1b';

const lines = (screen: string) => screen.split('\n');
const footerOf = (screen: string) => lines(screen).find((l) => /^ q {2}quit/.test(l)) ?? '';

let lab: TestLab;
beforeAll(async () => {
  lab = await startTestLab('4.2', 13);
});
afterAll(async () => {
  await lab?.stop();
});

describe('TUI sizes in tmux', () => {
  const term = new Tmux();
  beforeAll(() => term.start(80, 24));
  afterAll(() => term.stop());

  it('80×24: the header values, the vitals figures, the neighbors and a footer of whole hints', async () => {
    const pid = await lab.daemonPid();
    await term.type(`node ${CLI} --pidfile ${lab.plan.pidFile}; echo "exit=$?"`, true);
    const screen = await term.waitFor((s) => s.includes('2/3 established') && /CPU .*% of one core/.test(s), 'the overview with its neighbors', 25_000);
    expect(lines(screen)[0]).toMatch(new RegExp(`pid ${pid} +ExaBGP 4\\.2\\.\\d+ +reactor generator +up \\S+.* restarts 0`));
    expect(screen).toMatch(/RSS +\d+\.\d MiB \(\d+\.\d+% of RAM\)/);
    expect(screen).toMatch(/CPU +\d+\.\d% of one core/);
    expect(screen).toMatch(/FDs +\d+ \/ \d+/);
    expect(screen).toMatch(/127\.0\.\d+\.2\s+bird\s+65002 ESTABLISHED/);
    expect(screen).toContain('rows 1–3 of 3');
    const footer = footerOf(screen);
    expect(footer).toMatch(/^ q {2}quit {3}\? {2}help/);
    expect(footer).not.toMatch(/…|─/);
    for (const line of lines(screen)) expect([...line].length).toBeLessThanOrEqual(80);

    await term.type('?');
    const help = await term.waitFor((s) => s.includes('Overview tab') && /lines 1–\d+ of \d+/.test(s), 'the help, this tab first');
    expect(help).toContain('sort neighbors by address');
    expect(help).not.toContain('replay:');
    await term.key('End');
    const end = await term.waitFor((s) => /lines \d+–(\d+) of \1/.test(s), 'the end of the help');
    expect(end).toContain('erase one character');
    await term.key('Escape');
    await term.waitFor((s) => s.includes('rows 1–3 of 3'), 'help closed');
  });

  it('60×12: drawn with its values, not "too small"; a row less is', async () => {
    await term.resize(60, 12);
    const screen = await term.waitFor((s) => /^ q {2}quit/m.test(s) && /^\S.*pid \d+/.test(s) && !s.includes('rows 1–3') && !s.includes('127.0.'), 'the 60×12 screen');
    expect(screen).not.toContain('terminal too small');
    expect(lines(screen)[0]).toMatch(/pid \d+ +ExaBGP 4\.2\.\d+ +reactor generator/);
    expect(screen).toMatch(/RSS .*\d+\.\d MiB/);
    expect(screen).toMatch(/CPU .*\d+\.\d% of one core/);
    expect(footerOf(screen)).not.toMatch(/…|─/);
    await term.resize(60, 11);
    await term.waitFor((s) => s.includes('terminal too small: need 60×12') && s.includes('have 60×11'), 'too small at 60×11');
    await term.resize(80, 24);
    await term.waitFor((s) => s.includes('rows 1–3 of 3'), 'the 80×24 screen again');
    await term.type('q');
    await term.waitFor((s) => s.includes('exit=0'), 'exit 0');
  });
});

describe('the neighbor table in tmux', () => {
  const term = new Tmux();
  beforeAll(() => term.start(100, 30));
  afterAll(() => term.stop());

  it('O reverses the sort, e and a pasted /!ESTABLISHED keep the idle peer, v folds the vitals', async () => {
    await term.type(`node ${CLI} --pidfile ${lab.plan.pidFile}; echo "exit=$?"`, true);
    await term.waitFor((s) => s.includes('2/3 established') && s.includes('rows 1–3 of 3'), 'the neighbors', 25_000);
    await term.type('O');
    const rev = await term.waitFor((s) => s.includes('sort: address reversed'), 'the reversed sort');
    expect(rev).toContain('▲ADDRESS');
    const order = [...rev.matchAll(/127\.0\.\d+\.(\d) /g)].map((m) => m[1]);
    expect(order).toEqual(['4', '3', '2']);
    await term.type('e');
    const down = await term.waitFor((s) => s.includes('not established only') && s.includes('rows 1–1 of 1'), 'only the idle peer');
    expect(down).toMatch(/127\.0\.\d+\.4\s+ghost\s+65004 (IDLE|ACTIVE|CONNECT)/);
    await term.type('e');
    await term.waitFor((s) => !s.includes('not established only'), 'all rows again');
    // Typed as one paste: the / opens the filter and the rest is its text.
    await term.type('/!ESTABLISHED');
    await term.waitFor((s) => s.includes('filter: !ESTABLISHED▏'), 'the typed filter');
    await term.key('Enter');
    const negated = await term.waitFor((s) => s.includes('filter: !ESTABLISHED') && s.includes('rows 1–1 of 1') && !s.includes('▏'), 'the negated filter');
    expect(negated).toMatch(/127\.0\.\d+\.4\s+ghost/);
    expect(negated).not.toMatch(/127\.0\.\d+\.2\s+bird/);
    await term.type('/');
    await term.key('Escape');
    await term.waitFor((s) => s.includes('rows 1–3 of 3'), 'every row again');
    const before = await term.waitFor((s) => s.includes('avg'), 'the vitals charts');
    await term.type('v');
    const folded = await term.waitFor((s) => s.includes('v unfolds'), 'folded vitals');
    // The vitals box is gone: the neighbors' is the only one, and it took the rows.
    expect(before.match(/╭/g)).toHaveLength(2);
    expect(folded.match(/╭/g)).toHaveLength(1);
    expect(folded).not.toContain('avg');
    expect(folded).toMatch(/RSS \d+\.\d MiB .* · CPU \d+\.\d% of one core · FDs \d+/);
    await term.type('q');
    await term.waitFor((s) => s.includes('exit=0'), 'exit 0');
  });
});

describe('without colour, and on a dumb terminal', () => {
  const term = new Tmux();
  beforeAll(() => term.start(100, 30, { NO_COLOR: '1', TERM: 'xterm-256color' }));
  afterAll(() => term.stop());

  it('NO_COLOR keeps inverse video and marks the selected row and tab', async () => {
    await term.type(`node ${CLI} --pidfile ${lab.plan.pidFile}`, true);
    await term.waitFor((s) => s.includes('rows 1–3 of 3'), 'the neighbors', 25_000);
    const raw = await term.screen(true);
    expect(raw).not.toMatch(/\x1b\[(3[0-7]|9[0-7]|38;)/);
    expect(raw).toContain(`${ESC}[7m`);
    const screen = await term.screen();
    expect(screen).toContain('▶1 Overview');
    expect(screen).toMatch(/^│ ▶ 127\.0\.\d+\.2 /m);
    await term.type('q');
  });

  it('TERM=dumb gets the snapshot as plain lines, no cursor addressing at all', async () => {
    // script(1) gives the CLI a real terminal (a pty) whose bytes the test reads unchanged.
    const command = `node ${CLI} --pidfile ${lab.plan.pidFile}`;
    const run = await execa('script', ['-q', '-e', '-c', command, '/dev/null'], { env: { TERM: 'dumb' }, reject: false, timeout: 30_000 });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('TERM=dumb cannot move the cursor: printing one snapshot');
    expect(run.stdout).not.toContain(ESC);
    const json = run.stdout.slice(run.stdout.indexOf('{'));
    const doc = JSON.parse(json) as { daemon: { pid: number } };
    expect(doc.daemon.pid).toBe(await lab.daemonPid());
  });
});

describe('text from outside in a real terminal', () => {
  const term = new Tmux();
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'exatop-hostile-'));
    await term.start(120, 30);
  });
  afterAll(async () => {
    await term.stop();
    await rm(dir, { recursive: true, force: true });
  });
  const paneTitle = async () => (await execa('tmux', ['display-message', '-p', '-t', term.name, '#{pane_title}'])).stdout;

  it('a log line carrying a title escape and a screen clear is drawn inert: the pane title stays, the screen is not cleared', async () => {
    const log = join(dir, 'hostile.log');
    const hms = new Date().toTimeString().slice(0, 8);
    await writeFile(log, `${hms} | 4242   | reactor         | peer said ${ESC}]2;pwned\x07 then ${ESC}[2J cleared\n`);
    const before = await paneTitle();
    await term.type(`node ${CLI} --pidfile ${lab.plan.pidFile} --log ${log}; echo "exit=$?"`, true);
    await term.waitFor((s) => s.includes('2/3 established'), 'the overview', 25_000);
    await term.type('2');
    const screen = await term.waitFor((s) => /peer said .* cleared/.test(s), 'the hostile line, drawn inert', 15_000);
    // the escapes' bytes are not drawn, and nothing they asked for was done
    expect(screen).not.toContain(ESC);
    expect(screen).toMatch(/Thank you for using ExaBGP/);
    expect(screen.split('\n')[0]).toMatch(/^exatop .*pid \d+/);
    expect(await paneTitle()).toBe(before);
    expect(await paneTitle()).not.toContain('pwned');
    await term.type('q');
    await term.waitFor((s) => s.includes('exit=0'), 'exatop quit');
  });
});
