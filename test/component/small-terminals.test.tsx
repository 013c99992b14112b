// The default terminal (80×24) and the documented minimum (60×12): every value is drawn, the
// footer shows whole hints, nothing is cut into stray border pieces; the help overlay scrolls.
import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { initialState } from '../../src/core/model/state.js';
import { Store } from '../../src/core/store.js';
import { App } from '../../src/ui/app.js';
import { footerHints, scopesFor } from '../../src/ui/keymap.js';
import type { ReplayControl } from '../../src/ui/ports.js';
import { themeFor } from '../../src/ui/theme.js';
import { daemonInfo, vitals } from '../support/builders.js';
import { frameWhere, press, type InkApp } from '../support/ink-app.js';

const PGDN = '\u001B[6~';
const END = '\u001B[F';

function setup(columns: number, rows: number, replay?: ReplayControl) {
  const store = new Store(initialState({ intervalMs: 1000 }));
  const control = { choose: vi.fn(), poke: vi.fn(), saveText: vi.fn(async () => '/tmp/saved.txt') };
  const app = render(<App store={store} control={control} theme={themeFor({})} totalMemoryBytes={8 * 1024 ** 3} replay={replay} />);
  Object.defineProperty(app.stdout, 'columns', { value: columns, configurable: true });
  Object.defineProperty(app.stdout, 'rows', { value: rows, configurable: true });
  app.stdout.emit('resize');
  const daemon = daemonInfo();
  store.dispatch({ type: 'attached', daemon, helpers: [{ pid: 4243, role: 'cli-helper' }] });
  for (let i = 0; i < 10; i++) store.dispatch({ type: 'sample', sample: vitals(daemon.startTime + i * 1000, { rssBytes: (20 + i) * 1024 * 1024 }) });
  return { store, app };
}

/** The frame once it shows `until` (after writing `keys`, if any). */
function frame(app: InkApp, keys: string, until: RegExp | string): Promise<string> {
  const check = (f: string) => (typeof until === 'string' ? expect(f).toContain(until) : expect(f).toMatch(until));
  return keys ? press(app, keys, check) : frameWhere(app, check);
}

const lines = (f: string) => f.split('\n');
const footer = (f: string) => lines(f).at(-1)!;

/** The footer shows whole hints, in keymap order, as many as fit, and nothing else. */
function expectWholeHints(f: string, scopes: ReturnType<typeof scopesFor>) {
  const line = footer(f);
  expect(line).not.toContain('…');
  expect(line).not.toContain('─');
  const shown = footerHints(scopes).filter((h) => new RegExp(` ${h.keys.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} +${h.label}(\\s|$)`).test(line));
  expect(shown.length).toBeGreaterThanOrEqual(2);
  expect(shown).toEqual(footerHints(scopes).slice(0, shown.length));
  expect(shown.map((h) => h.label).slice(0, 2)).toEqual(['quit', 'help']);
}

describe('80×24', () => {
  it('the header keeps its values, the vitals their numbers, the footer whole hints; nothing wider or taller', async () => {
    const { app } = setup(80, 24);
    const f = await frame(app, '', 'max 29.0 MiB');
    expect(lines(f)[0]).toMatch(/● pid 4242 +ExaBGP 4\.2\.21 +reactor generator +up \d+d \d+h \d+m +restarts 0/);
    expect(f).toMatch(/RSS +29\.0 MiB \(0\.35% of RAM\) +min 20\.0 MiB +avg 24\.5 MiB +max 29\.0 MiB/);
    expect(f).toMatch(/CPU +1\.5% of one core/);
    expect(f).toMatch(/FDs +12 \/ 1024 \(1\.2%\)/);
    expect(f).toContain('Neighbors 0/0 established');
    expectWholeHints(f, scopesFor('main'));
    expect(lines(f).length).toBeLessThanOrEqual(23);
    for (const line of lines(f)) expect([...line].length).toBeLessThanOrEqual(80);
    // Every box is closed: as many bottom corners as top ones, and no border piece outside a box.
    expect(f.match(/╭/g)?.length).toBe(f.match(/╰/g)?.length);
    for (const [tab, title] of [['2', 'Logs FOLLOWING'], ['3', 'Comparison'], ['4', 'nothing is alerting']] as const) {
      const other = await frame(app, tab, title);
      expect(footer(other)).not.toMatch(/…|─/);
      expect(lines(other)[0]).toContain('restarts 0');
    }
    app.unmount();
  });

  it('the help overlay starts with the current tab\'s keys, scrolls to the last binding, and fits', async () => {
    const { app } = setup(80, 24);
    await frame(app, '2', 'Logs FOLLOWING');
    const help = await frame(app, '?', 'Keys');
    expect(help).toMatch(/│ Logs tab\s+│/);
    expect(help).toContain('logs: older entry (stops following)');
    expect(help).toMatch(/Keys {2}lines 1–15 of \d+/);
    expect(help).not.toContain('replay:');
    expect(lines(help).length).toBeLessThanOrEqual(23);
    const page2 = await frame(app, PGDN, 'lines 16–');
    expect(page2).toMatch(/lines 16–30 of/);
    const end = await frame(app, END, /lines \d+–(\d+) of \1/);
    expect(end).toContain('erase one character');
    expect(end).not.toContain('replay:');
    // The Compare tab's keys are listed (under their name) from any tab.
    expect([help, page2].join('\n')).toContain('Everywhere');
    app.unmount();
  });

  it('while replaying, the help lists the replay keys too', async () => {
    const replay: ReplayControl = {
      position: () => ({ index: 0, total: 10, t: Date.UTC(2026, 10, 23), playing: false, speed: 1 }),
      now: () => Date.UTC(2026, 10, 23),
      onChange: () => () => undefined,
      toggle: vi.fn(), step: vi.fn(), seek: vi.fn(), faster: vi.fn(), slower: vi.fn(),
    };
    const { app } = setup(80, 24, replay);
    const seen: string[] = [await frame(app, '?', 'Keys')];
    for (let page = 2; page <= 3; page++) seen.push(await frame(app, PGDN, `lines ${(page - 1) * 14 + 1}–`));
    expect(seen.join('\n')).toContain('Replay');
    expect(seen.join('\n')).toContain('replay: one sample back');
    await frame(app, '\u001B', 'REPLAY');
    app.stdin.write(' ');
    await vi.waitFor(() => expect(replay.toggle).toHaveBeenCalledTimes(1));
    app.unmount();
  });
});

describe('60×12, the documented minimum', () => {
  it('draws the screen (not "too small"), header and vitals values included', async () => {
    const { app } = setup(60, 12);
    const f = await frame(app, '', 'threads 1');
    expect(f).not.toContain('terminal too small');
    expect(lines(f)[0]).toMatch(/● pid 4242 +ExaBGP 4\.2\.21 +reactor generator +restarts 0/);
    expect(f).toMatch(/RSS +▁+.* 29\.0 MiB/);
    expect(f).toMatch(/CPU +.*1\.5% of one core/);
    expectWholeHints(f, scopesFor('main'));
    expect(lines(f).length).toBeLessThanOrEqual(11);
    for (const line of lines(f)) expect([...line].length).toBeLessThanOrEqual(60);
    app.unmount();
  });

  it('one column or one row less says so, with the size the user counts', async () => {
    const narrow = setup(59, 12).app;
    expect(await frame(narrow, '', 'have 59×12')).toContain('terminal too small: need 60×12');
    narrow.unmount();
    const short = setup(60, 11).app;
    expect(await frame(short, '', 'have 60×11')).toContain('terminal too small: need 60×12');
    short.unmount();
  });
});
