// The TUI's views over a store fed with events: what an operator sees and what keys do.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initialState } from '../../src/core/model/state.js';
import { Store } from '../../src/core/store.js';
import { App } from '../../src/ui/app.js';
import { themeFor } from '../../src/ui/theme.js';
import { candidate, daemonInfo, vitals } from '../support/builders.js';

const ESC = '\u001B';
const DOWN = '\u001B[B';
const tick = () => new Promise((resolve) => setTimeout(resolve, 30));

function setup() {
  const store = new Store(initialState({ intervalMs: 1000 }));
  const control = { choose: vi.fn(), poke: vi.fn(), saveText: vi.fn(async () => '/tmp/saved.txt') };
  const app = render(<App store={store} control={control} theme={themeFor({})} totalMemoryBytes={8 * 1024 ** 3} />);
  return { store, control, app };
}

function attachWithSamples(store: Store, count: number) {
  const daemon = daemonInfo();
  store.dispatch({ type: 'attached', daemon, helpers: [{ pid: 4243, role: 'cli-helper' }] });
  for (let i = 0; i < count; i++) {
    store.dispatch({ type: 'sample', sample: vitals(daemon.startTime + i * 1000, { rssBytes: (20 + i) * 1024 * 1024, cpuPercent: i, fds: 10 + (i % 3) }) });
  }
  return daemon;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('App', () => {
  it('shows the daemon header, the three vitals with min/avg/max, helpers and the key footer', async () => {
    const { store, app } = setup();
    attachWithSamples(store, 10);
    await tick();
    const frame = app.lastFrame()!;
    expect(frame).toContain('pid 4242');
    expect(frame).toContain('ExaBGP 4.2.21');
    expect(frame).toContain('reactor generator');
    expect(frame).toContain('restarts 0');
    expect(frame).toMatch(/RSS\s+29\.0 MiB/);
    expect(frame).toContain('min 20.0 MiB');
    expect(frame).toContain('max 29.0 MiB');
    expect(frame).toContain('CPU 9.0% of one core');
    expect(frame).toMatch(/FDs\s+10 \/ 1024/);
    expect(frame).toContain('4243 cli-helper');
    expect(frame).toMatch(/[▁▂▃▄▅▆▇█]/);
    expect(frame).toMatch(/q\s+quit/);
    expect(frame.split('\n').length).toBeLessThanOrEqual(23);
    app.unmount();
  });

  it('keeps the last samples and marks them stale when the daemon is lost, and counts the restart', async () => {
    const { store, app } = setup();
    attachWithSamples(store, 5);
    store.dispatch({ type: 'lost', t: Date.now(), reason: 'daemon pid 4242 is gone; waiting for it to come back' });
    await tick();
    expect(app.lastFrame()).toContain('LOST');
    expect(app.lastFrame()).toContain('stale: daemon gone');
    expect(app.lastFrame()).toContain('max 24.0 MiB');
    store.dispatch({ type: 'attached', daemon: daemonInfo({ pid: 5000, startTicks: 9999 }), helpers: [] });
    await tick();
    expect(app.lastFrame()).toContain('pid 5000');
    expect(app.lastFrame()).toContain('restarts 1');
    expect(app.lastFrame()).not.toContain('LOST');
    app.unmount();
  });

  it('explains what to do when no daemon runs', async () => {
    const { store, app } = setup();
    store.dispatch({ type: 'none', message: 'No ExaBGP daemon found on this host. Point exatop at one with --pid N' });
    await tick();
    expect(app.lastFrame()).toContain('No ExaBGP daemon');
    expect(app.lastFrame()).toContain('--pid N');
    expect(app.lastFrame()).toContain('keeps looking');
    app.unmount();
  });

  it('offers a picker when several daemons run and watches the chosen one', async () => {
    const { store, control, app } = setup();
    store.dispatch({ type: 'several', candidates: [candidate(100, '/etc/a.conf'), candidate(200, '/etc/b.conf')] });
    await tick();
    expect(app.lastFrame()).toContain('Several ExaBGP daemons');
    expect(app.lastFrame()).toMatch(/▶ pid 100 /);
    app.stdin.write(DOWN);
    await tick();
    expect(app.lastFrame()).toMatch(/▶ pid 200 /);
    app.stdin.write('\r');
    await tick();
    expect(control.choose).toHaveBeenCalledWith(200);
    app.unmount();
  });

  it('p pauses; + and - change the redraw period within bounds, not the sampling interval', async () => {
    const { store, control, app } = setup();
    attachWithSamples(store, 3);
    app.stdin.write('p');
    await tick();
    expect(store.getState().paused).toBe(true);
    expect(app.lastFrame()).toContain('PAUSED');
    app.stdin.write('p');
    await tick();
    expect(store.getState().paused).toBe(false);
    expect(app.lastFrame()).toContain('every 1s, draw 2s');
    app.stdin.write('+');
    await tick();
    expect(store.getState().redrawMs).toBe(1000);
    expect(app.lastFrame()).toContain('every 1s, draw 1s');
    for (let i = 0; i < 5; i++) app.stdin.write('+');
    await tick();
    expect(store.getState().redrawMs).toBe(250);
    app.stdin.write('-');
    await tick();
    expect(store.getState().redrawMs).toBe(500);
    expect(store.getState().intervalMs).toBe(1000);
    expect(control.poke).not.toHaveBeenCalled();
    app.unmount();
  });

  it('? opens the help overlay drawn from the keymap, this tab\'s keys first; PgDn scrolls to the rest; Esc closes it', async () => {
    const { store, app } = setup();
    attachWithSamples(store, 3);
    app.stdin.write('?');
    await tick();
    const first = app.lastFrame()!;
    expect(first).toContain('Keys');
    expect(first).toMatch(/│ Overview tab\s+│/);
    expect(first).toContain('sort neighbors by address');
    expect(first).not.toContain('of one core');
    app.stdin.write('\u001B[6~');
    await tick();
    expect(app.lastFrame()).toContain('pause or resume sampling');
    app.stdin.write(ESC);
    await tick();
    expect(app.lastFrame()).not.toContain('Keys');
    expect(app.lastFrame()).toContain('of one core');
    app.unmount();
  });

  it('g cycles the sparkline glyphs', async () => {
    const { store, app } = setup();
    attachWithSamples(store, 10);
    await tick();
    expect(app.lastFrame()).toMatch(/[▁▂▃▄▅▆▇█]/);
    app.stdin.write('g');
    await tick();
    expect(app.lastFrame()).toMatch(/[⣀⣤⣶⣿]/);
    expect(app.lastFrame()).not.toMatch(/[▁▂▃▄▅▆▇█]/);
    app.stdin.write('g');
    await tick();
    expect(app.lastFrame()).toMatch(/[#=]/);
    app.unmount();
  });
});
