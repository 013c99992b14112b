// The neighbor table of the TUI, fed with the 5.0.15 lab's real `show neighbor json` answer
// (fixtures/v5.0.15/README.md: bird 127.0.1.2 and gobgp 127.0.1.3 ESTABLISHED, ghost 127.0.1.4 IDLE).
import { readFileSync } from 'node:fs';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { neighborsFromConfig } from '../../src/core/daemon/config-neighbors.js';
import { makeVersion } from '../../src/core/daemon/version.js';
import { initialState } from '../../src/core/model/state.js';
import { Store } from '../../src/core/store.js';
import type { ControlPoll } from '../../src/core/control/client.js';
import { answerText } from '../../src/core/control/framing.js';
import { parseNeighborJson } from '../../src/core/control/parse-neighbor-json.js';
import type { NeighborReport } from '../../src/core/model/control.js';
import { App } from '../../src/ui/app.js';
import { themeFor } from '../../src/ui/theme.js';
import { daemonInfo, vitals } from '../support/builders.js';
import { frameWhere, press, tick, type InkApp } from '../support/ink-app.js';

const ESC = '\u001B';
const DOWN = '\u001B[B';
const read = (path: string): string => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');
const RAW_UP = read('v5.0.15/pipe-show-neighbor-json-3peer-up.txt');

function reports(raw: string): NeighborReport[] {
  const parsed = parseNeighborJson(answerText(raw));
  if (!parsed.ok) throw new Error(`fixture did not parse: ${parsed.error}`);
  return parsed.value;
}

const PIPE = '/tmp/fx-lab-50/run/fx50.in';
const BAD_ERROR = 'bad answer to "show neighbor json": invalid JSON';
const BAD_RAW = `${RAW_UP.slice(0, 120)}\ndone\n`;

function poll(t: number, overrides: Partial<ControlPoll> = {}): ControlPoll {
  return { t, transport: 'pipe', path: PIPE, latencyMs: 2, ok: true, timedOut: false, error: null, raw: null, neighbors: reports(RAW_UP), status: null, ...overrides };
}

function setup() {
  const store = new Store(initialState({ intervalMs: 1000 }));
  const control = { choose: vi.fn(), poke: vi.fn(), saveText: vi.fn(async () => '/tmp/saved.txt') };
  const app = render(<App store={store} control={control} theme={themeFor({})} totalMemoryBytes={8 * 1024 ** 3} />);
  return { store, control, app };
}

/** Attached to the 5.0.15 daemon, a few samples, its pipe found, names from its config, one good poll. */
function feed(store: Store, { names = true } = {}) {
  const now = Date.now();
  const daemon = daemonInfo({ pid: 18387, startTime: now - 60_000, config: '/tmp/fx-lab-50/exabgp-3peer.conf', version: makeVersion('5.0.15', 'package metadata'), reactor: { mode: 'generator', source: 'ExaBGP 5.0.15: generator only' } });
  store.dispatch({ type: 'attached', daemon, helpers: [{ pid: 18440, role: 'cli-helper' }] });
  for (let i = 0; i < 5; i++) store.dispatch({ type: 'sample', sample: vitals(now - (5 - i) * 1000) });
  store.dispatch({ type: 'control-location', transport: 'pipe', path: PIPE, how: 'helper 18440 environ exabgp_cli_pipe', dialect: '5.0', error: null });
  if (names) store.dispatch({ type: 'configured', neighbors: neighborsFromConfig(read('v5.0.15/exabgp-3peer.conf')) });
  // The poll was answered 1.5 s ago (the view's clock is read at render, before this feed).
  store.dispatch({ type: 'control-poll', poll: poll(now - 1500) });
}

const lines = (frame: string) => frame.split('\n');
/** The neighbor table's rows on screen, in screen order (the address column is 16 wide). */
function tableRows(frame: string): string[] {
  return lines(frame).filter((l) => /^│ 127\.0\.1\.\d+ {2,}/.test(l));
}

afterEach(() => {
  vi.restoreAllMocks();
});

const addresses = (frame: string) => tableRows(frame).map((l) => /127\.0\.1\.\d+/.exec(l)![0]);
const fed = (app: InkApp) => frameWhere(app, (f) => expect(tableRows(f)).toHaveLength(3));

describe('neighbors panel', () => {
  it('shows every neighbor of the real answer: address, name, peer AS, state, counters, and 2/3 established', async () => {
    const { store, app } = setup();
    feed(store);
    const frame = await fed(app);
    expect(frame).toContain('Neighbors 2/3 established');
    expect(frame).toContain('sort: address');
    expect(frame).not.toContain('filter:');
    expect(frame).toMatch(/pipe \/tmp\/fx-lab-50\/run\/fx50\.in · 2 ms .* errors 0 timeouts 0/);
    expect(frame).toMatch(/ADDRESS\s+NAME\s+PEER AS STATE\s+UP\/DOWN FOR\s+FLAPS\s+MSG IN\s+MSG OUT/);
    // 100 columns: the columns after MSG OUT do not fit.
    expect(frame).not.toContain('UPD/s IN');
    expect(frame).not.toContain('LAST ERROR');
    const rows = tableRows(frame);
    expect(rows[0]).toMatch(/127\.0\.1\.2\s+bird\s+65002 ESTABLISHED\s+\d+s\s+0\s+3\s+3\s/);
    expect(rows[1]).toMatch(/127\.0\.1\.3\s+gobgp\s+65003 ESTABLISHED\s+\d+s\s+0\s+2\s+3\s/);
    // Down at first sight, nothing says since when: down before exatop attached; counters zero.
    expect(rows[2]).toMatch(/127\.0\.1\.4\s+ghost\s+65004 IDLE\s+pre-attach\s+0\s+0\s+0\s/);
    expect(frame).toMatch(/Enter\s+details\s+o\s+sort\s+\/\s+filter/);
    app.unmount();
  });

  it('before any poll the table says so', async () => {
    const { store, app } = setup();
    store.dispatch({ type: 'attached', daemon: daemonInfo(), helpers: [] });
    const frame = await frameWhere(app, (f) => expect(f).toContain('Neighbors 0/0 established'));
    expect(frame).toContain('no neighbor reported yet');
    expect(tableRows(frame)).toEqual([]);
    app.unmount();
  });

  it('o cycles the sort key; by state the not-established ghost comes first', async () => {
    const { store, app } = setup();
    feed(store);
    expect(addresses(await fed(app))).toEqual(['127.0.1.2', '127.0.1.3', '127.0.1.4']);
    const frame = await press(app, 'o', (f) => expect(f).toContain('sort: state'));
    expect(addresses(frame)).toEqual(['127.0.1.4', '127.0.1.2', '127.0.1.3']);
    for (const key of ['since', 'flaps', 'peer-as', 'address']) await press(app, 'o', (f) => expect(f).toContain(`sort: ${key}`));
    app.unmount();
  });

  it('/ filters as you type, Enter keeps the filter: one row shown', async () => {
    const { store, app } = setup();
    feed(store);
    await fed(app);
    const typing = await press(app, '/', (f) => expect(f).toContain('filter: ▏'));
    // Typing mode: the main screen's keys are text now, and the footer no longer offers them.
    expect(typing).not.toMatch(/o\s+sort/);
    const typed = await press(app, 'gobgp', (f) => expect(f).toContain('filter: gobgp▏'));
    expect(typed).toContain('(1 shown)');
    const frame = await press(app, '\r', (f) => expect(f).not.toContain('▏'));
    expect(frame).toContain('filter: gobgp');
    expect(frame).toContain('(1 shown)');
    // The typed "o" was text, not the sort key; the summary still counts every neighbor.
    expect(frame).toContain('sort: address');
    expect(frame).toContain('Neighbors 2/3 established');
    const rows = tableRows(frame);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/127\.0\.1\.3\s+gobgp\s+65003 ESTABLISHED/);
    app.unmount();
  });

  it('filters by a typed address too, and says when nothing matches', async () => {
    const { store, app } = setup();
    feed(store);
    await fed(app);
    await press(app, '/', (f) => expect(f).toContain('filter: ▏'));
    for (const ch of '127.0.1.4') app.stdin.write(ch);
    await frameWhere(app, (f) => expect(f).toContain('filter: 127.0.1.4▏'));
    const frame = await press(app, '\r', (f) => expect(f).not.toContain('▏'));
    expect(frame).toContain('(1 shown)');
    expect(addresses(frame)).toEqual(['127.0.1.4']);
    await press(app, '/', (f) => expect(f).toContain('filter: 127.0.1.4▏'));
    const none = await press(app, '9', (f) => expect(f).toContain('filter: 127.0.1.49▏'));
    expect(none).toContain('(0 shown)');
    expect(none).toContain('no neighbor matches the filter');
    expect(tableRows(none)).toEqual([]);
    app.unmount();
  });

  it('Esc while filtering clears the filter and shows every row again', async () => {
    const { store, app } = setup();
    feed(store);
    await fed(app);
    await press(app, '/', (f) => expect(f).toContain('filter: ▏'));
    await press(app, 'gobgp', (f) => expect(f).toContain('filter: gobgp▏'));
    expect(tableRows(await press(app, '\r', (f) => expect(f).not.toContain('▏')))).toHaveLength(1);
    await press(app, '/', (f) => expect(f).toContain('filter: gobgp▏'));
    const frame = await press(app, ESC, (f) => expect(f).not.toContain('filter:'));
    expect(frame).not.toContain('shown)');
    expect(addresses(frame)).toEqual(['127.0.1.2', '127.0.1.3', '127.0.1.4']);
    app.unmount();
  });

  it('↓ then Enter opens the selected neighbor’s details (messages, capabilities), Esc closes', async () => {
    const { store, app } = setup();
    feed(store);
    await fed(app);
    // The selected row is drawn in inverse video, which the plain frame does not show: the
    // details overlay tells which row ↓ selected.
    app.stdin.write(DOWN);
    await tick();
    const frame = await press(app, '\r', (f) => expect(f).toContain('Neighbor details'));
    expect(frame).toMatch(/127\.0\.1\.3 \(gobgp\) {2}ESTABLISHED {2}up for \d+s {2}flaps 0/);
    expect(frame).toContain('local 127.0.1.1 AS 65001 id 127.0.1.1   peer AS 65003 id 127.0.1.3');
    expect(frame).toContain('hold time local 30 s, peer 30 s');
    expect(frame).toContain('last error: none seen');
    expect(frame).toMatch(/messages\s+sent\s+received/);
    expect(frame).toMatch(/update\s+1\s+0\s/);
    expect(frame).toMatch(/total\s+3\s+2\s/);
    expect(frame).toMatch(/capability\s+local\s+peer/);
    expect(frame).toMatch(/asn4\s+yes\s+yes\s/);
    // 24 rows (a tab bar and a header above): the rest (other capabilities, families) is
    // announced, not drawn.
    expect(frame).toContain('… 9 more lines (enlarge the terminal) · Esc closes');
    expect(tableRows(frame)).toHaveLength(0);
    const closed = await press(app, ESC, (f) => expect(f).not.toContain('Neighbor details'));
    expect(tableRows(closed)).toHaveLength(3);
    app.unmount();
  });

  it('on a taller terminal the details show every capability and the family section', async () => {
    const { store, app } = setup();
    Object.defineProperty(app.stdout, 'rows', { value: 40, configurable: true });
    app.stdout.emit('resize');
    feed(store);
    await fed(app);
    const frame = await press(app, '\r', (f) => expect(f).toContain('Neighbor details'));
    expect(frame).toMatch(/127\.0\.1\.2 \(bird\) {2}ESTABLISHED/);
    expect(frame).toMatch(/messages\s+sent\s+received/);
    expect(frame).toMatch(/capability\s+local\s+peer/);
    expect(frame).toMatch(/extended-message\s+yes\s+no\s/);
    expect(frame).toMatch(/graceful-restart\s+no\s+yes\s/);
    expect(frame).toMatch(/family\s+local\s+peer\s+add-path/);
    expect(frame).toMatch(/ipv4 unicast\s+yes\s+yes\s+disabled/);
    expect(frame).not.toContain('more lines');
    app.unmount();
  });

  it('r with every answer understood says so', async () => {
    const { store, app } = setup();
    feed(store);
    await fed(app);
    const frame = await press(app, 'r', (f) => expect(f).toContain('Control channel: last unusable answer'));
    expect(frame).toContain('every answer so far was understood');
    app.unmount();
  });

  it('after a failed poll the rows stay, the error shows, and r shows the raw answer', async () => {
    const { store, app } = setup();
    feed(store);
    store.dispatch({ type: 'control-poll', poll: poll(Date.now(), { ok: false, error: BAD_ERROR, raw: BAD_RAW, neighbors: null }) });
    const frame = await frameWhere(app, (f) => expect(f).toContain('bad answer'));
    expect(frame).toContain('pipe /tmp/fx-lab-50/run/fx50.in · bad answer: bad answer to "show neighbor json": invalid JSON');
    expect(frame).toContain('Neighbors 2/3 established');
    expect(addresses(frame)).toEqual(['127.0.1.2', '127.0.1.3', '127.0.1.4']);
    const raw = await press(app, 'r', (f) => expect(f).toContain('Control channel: last unusable answer'));
    expect(raw).toContain('Control channel: last unusable answer (bad answer to "show neighbor json": invalid JSON)');
    expect(raw).toContain('[{"state": "up", "duration": 4, "fsm": "ESTABLISHED", "local": {"capabilities"');
    expect(lines(raw).some((l) => /^│ done\s+│$/.test(l))).toBe(true);
    expect(raw).not.toContain('every answer so far was understood');
    expect(tableRows(raw)).toHaveLength(0);
    const closed = await press(app, ESC, (f) => expect(f).not.toContain('last unusable answer'));
    expect(tableRows(closed)).toHaveLength(3);
    app.unmount();
  });

  it('after a failed poll the panel says its rows are stale', async () => {
    // A 'bad answer to "<command>": …' error fills the control line at 100 columns: the stale
    // mark must stand where it cannot be cut off, and say how to see the answer.
    const { store, app } = setup();
    feed(store);
    store.dispatch({ type: 'control-poll', poll: poll(Date.now(), { ok: false, error: BAD_ERROR, raw: BAD_RAW, neighbors: null }) });
    const frame = await frameWhere(app, (f) => expect(f).toContain('bad answer'));
    expect(tableRows(frame)).toHaveLength(3);
    expect(frame).toMatch(/STALE: last poll failed, r shows the answer/);
    app.unmount();
  });

  it('a good poll after the failure clears the error', async () => {
    const { store, app } = setup();
    feed(store);
    store.dispatch({ type: 'control-poll', poll: poll(Date.now(), { ok: false, error: BAD_ERROR, raw: BAD_RAW, neighbors: null }) });
    store.dispatch({ type: 'control-poll', poll: poll(Date.now(), { latencyMs: 3 }) });
    const frame = await fed(app);
    expect(frame).not.toContain('bad answer');
    expect(frame).toMatch(/fx50\.in · 3 ms .* errors 1 timeouts 0/);
    app.unmount();
  });
});
