// A hundred neighbors on one screen (copies of the real 5.0.15 reports, every tenth one idle):
// where the screen is in the list, reverse sort, Home/End, the not-established key, negated
// filters, IPv6 addresses, folded vitals, and the selection marked without colour.
import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { initialState } from '../../src/core/model/state.js';
import { Store } from '../../src/core/store.js';
import type { ControlPoll } from '../../src/core/control/client.js';
import { App } from '../../src/ui/app.js';
import { themeFor } from '../../src/ui/theme.js';
import { daemonInfo, vitals } from '../support/builders.js';
import { frameWhere, press, type InkApp } from '../support/ink-app.js';
import { addressOf, manyReports } from '../support/many-neighbors.js';

const HOME = '\u001B[H';
const END = '\u001B[F';
const IPV6 = '2001:db8:ffff:ffff:ffff:ffff:ffff:1234';

function setup({ columns = 100, rows = 40, env = {}, address = addressOf }: { columns?: number; rows?: number; env?: NodeJS.ProcessEnv; address?: (i: number) => string } = {}) {
  const store = new Store(initialState({ intervalMs: 1000 }));
  const control = { choose: vi.fn(), poke: vi.fn(), saveText: vi.fn(async () => '/tmp/saved.txt') };
  const app = render(<App store={store} control={control} theme={themeFor(env)} totalMemoryBytes={8 * 1024 ** 3} />);
  Object.defineProperty(app.stdout, 'columns', { value: columns, configurable: true });
  Object.defineProperty(app.stdout, 'rows', { value: rows, configurable: true });
  app.stdout.emit('resize');
  const now = Date.now();
  store.dispatch({ type: 'attached', daemon: daemonInfo({ startTime: now - 60_000 }), helpers: [] });
  for (let i = 0; i < 5; i++) store.dispatch({ type: 'sample', sample: vitals(now - (5 - i) * 1000) });
  const poll: ControlPoll = { t: now - 1000, transport: 'pipe', path: '/run/exabgp.in', latencyMs: 2, ok: true, timedOut: false, error: null, raw: null, neighbors: manyReports(100, (i) => i % 10 === 0, address), status: null };
  store.dispatch({ type: 'control-poll', poll });
  return { store, app };
}

/** The table's data rows, in screen order (their address, as drawn). */
const tableAddresses = (frame: string) => [...frame.matchAll(/^│ (?:▶ | {2})?(10\.0\.\d+\.\d+|[0-9a-f:]{10,}) /gm)].map((m) => m[1]);
const range = (frame: string) => /rows (\d+)–(\d+) of (\d+)/.exec(frame)!.slice(1).map(Number);
const fed = (app: InkApp) => frameWhere(app, (f) => expect(f).toContain('90/100 established'));

describe('a hundred neighbors', () => {
  it('says which rows are on screen, and Home/End go to the first and the last', async () => {
    const { app } = setup();
    const first = await fed(app);
    const [from, to, total] = range(first);
    expect([from, total]).toEqual([1, 100]);
    expect(tableAddresses(first)).toHaveLength(to!);
    expect(tableAddresses(first)[0]).toBe(addressOf(0));
    const end = await press(app, END, (f) => expect(range(f)[1]).toBe(100));
    expect(range(end)).toEqual([100 - to! + 1, 100, 100]);
    expect(tableAddresses(end).at(-1)).toBe(addressOf(99));
    const home = await press(app, HOME, (f) => expect(range(f)[0]).toBe(1));
    expect(tableAddresses(home)[0]).toBe(addressOf(0));
    app.unmount();
  });

  it('o marks the sorted column and starts at the first row; O reverses it', async () => {
    const { app } = setup();
    expect(await fed(app)).toMatch(/▼ADDRESS +NAME/);
    await press(app, END, (f) => expect(range(f)[1]).toBe(100));
    const byState = await press(app, 'o', (f) => expect(f).toContain('sort: state'));
    expect(byState).toMatch(/ADDRESS +NAME +PEER AS ▼STATE/);
    expect(range(byState)[0]).toBe(1);
    // Trouble first: the ten idle ones.
    expect(tableAddresses(byState).slice(0, 10)).toEqual(Array.from({ length: 10 }, (_, i) => addressOf(i * 10)));
    const reversed = await press(app, 'O', (f) => expect(f).toContain('sort: state reversed'));
    expect(reversed).toContain('▲STATE');
    expect(tableAddresses(reversed)[0]).toBe(addressOf(99));
    app.unmount();
  });

  it('e shows only the neighbors not established; !ESTABLISHED in / does the same', async () => {
    const { app } = setup();
    await fed(app);
    const down = await press(app, 'e', (f) => expect(f).toContain('not established only'));
    expect(range(down)).toEqual([1, 10, 10]);
    expect(tableAddresses(down)).toEqual(Array.from({ length: 10 }, (_, i) => addressOf(i * 10)));
    await press(app, 'e', (f) => expect(f).not.toContain('not established only'));
    await press(app, '/', (f) => expect(f).toContain('filter: ▏'));
    const negated = await press(app, '!ESTABLISHED\r', (f) => expect(f).toContain('(10 shown)'));
    expect(tableAddresses(negated)).toEqual(Array.from({ length: 10 }, (_, i) => addressOf(i * 10)));
    app.unmount();
  });

  it('v folds the vitals to one line and the table gets the rows', async () => {
    const { app } = setup();
    const before = range(await fed(app))[1]!;
    const folded = await press(app, 'v', (f) => expect(f).toContain('v unfolds'));
    expect(folded).toMatch(/RSS 25\.0 MiB .* · CPU 1\.5% of one core · FDs 12 \/ 1024/);
    expect(range(folded)[1]).toBeGreaterThan(before + 8);
    expect(tableAddresses(folded)).toHaveLength(range(folded)[1]!);
    await press(app, 'v', (f) => expect(f).not.toContain('v unfolds'));
    app.unmount();
  });

  it('an IPv6 address is drawn whole, the other columns moved right', async () => {
    const { app } = setup({ columns: 120, address: (i) => (i === 0 ? IPV6 : addressOf(i)) });
    await fed(app);
    // After every IPv4 address in address order: the last row.
    const frame = await press(app, END, (f) => expect(range(f)[1]).toBe(100));
    expect(tableAddresses(frame).at(-1)).toBe(IPV6);
    expect(frame).toMatch(new RegExp(`${IPV6} +peer-0 +65000 IDLE`));
    expect(frame).not.toContain('2001:db8:ffff:ffff…');
    app.unmount();
  });
});

describe('without colour', () => {
  it('the selected row and the current tab carry a marker', async () => {
    const { app } = setup({ env: { NO_COLOR: '1' } });
    const frame = await fed(app);
    expect(frame).toContain('▶1 Overview ');
    expect(frame).toMatch(new RegExp(`^│ ▶ ${addressOf(0).replace(/\./g, '\\.')} `, 'm'));
    expect(frame).toMatch(new RegExp(`^│ {3}${addressOf(1).replace(/\./g, '\\.')} `, 'm'));
    const moved = await press(app, '\u001B[B', (f) => expect(f).toMatch(new RegExp(`^│ ▶ ${addressOf(1).replace(/\./g, '\\.')} `, 'm')));
    expect(moved).not.toMatch(new RegExp(`^│ ▶ ${addressOf(0).replace(/\./g, '\\.')} `, 'm'));
    const logs = await press(app, '2', (f) => expect(f).toContain('▶2 Logs'));
    expect(logs).not.toContain('▶1 Overview');
    app.unmount();
  });

  it('with colour there is no marker', async () => {
    const { app } = setup();
    const frame = await fed(app);
    expect(frame).not.toContain('▶');
    app.unmount();
  });
});
