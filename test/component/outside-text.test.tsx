// What came from outside is drawn inert: a daemon answer in the `r` view, log lines, a log
// source's loss, a neighbor's description. No escape sequence reaches the terminal's output.
import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { parseLine } from '../../src/core/logs/parse-line.js';
import { LogPipeline } from '../../src/core/logs/pipeline.js';
import { initialState, type LogSourceState } from '../../src/core/model/state.js';
import { Store } from '../../src/core/store.js';
import { App } from '../../src/ui/app.js';
import { themeFor } from '../../src/ui/theme.js';
import { daemonInfo, vitals } from '../support/builders.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 40));
const OSC_TITLE = '\x1b]2;pwned\x07';
// Ink's own colours are SGR (`ESC [ … m`); anything else with an ESC, or a BEL, came from outside.
const FOREIGN = /\x1b(?!\[[0-9;]*m)|\x07|\x9b|\r/;

function setup(sources: LogSourceState[] = [{ kind: 'file', name: '/var/log/exabgp.log', how: '--log', state: 'following', message: null }]) {
  const store = new Store(initialState());
  const daemon = daemonInfo();
  store.dispatch({ type: 'attached', daemon, helpers: [] });
  store.dispatch({ type: 'sample', sample: vitals(daemon.startTime) });
  const control = { choose: vi.fn(), poke: vi.fn(), saveText: vi.fn(async () => '/tmp/x.txt') };
  const app = render(<App store={store} control={control} theme={themeFor({})} totalMemoryBytes={8 * 1024 ** 3} />);
  const logs = (lines: string[]) => {
    const pipeline = new LogPipeline();
    for (const raw of lines) pipeline.push(parseLine(raw, Date.UTC(2026, 11, 4, 3, 0), 'exabgp.log'));
    pipeline.flush();
    store.dispatch({ type: 'logs', entries: [...pipeline.entries()], counters: pipeline.counters(), sources, facts: [] });
  };
  return { store, app, logs };
}

describe('outside text in the TUI', () => {
  it('r shows a daemon answer carrying an OSC title sequence as visible text', async () => {
    const { store, app } = setup();
    store.dispatch({
      type: 'control-poll',
      poll: { t: Date.now(), transport: 'pipe', path: '/run/exabgp/exabgp', latencyMs: 3, ok: false, timedOut: false, error: `bad answer: ${OSC_TITLE}`, raw: `neighbor 127.0.0.2 ${OSC_TITLE}\r\nbell\x07 csi\x9b2J\ndone\n`, neighbors: null, status: null },
    });
    app.stdin.write('r');
    await tick();
    const frame = app.lastFrame()!;
    expect(frame).toContain('neighbor 127.0.0.2 ^[]2;pwned^G');
    expect(frame).toContain('bell^G csi\\x9b2J');
    expect(frame).not.toMatch(FOREIGN);
    app.unmount();
  });

  it('log lines with control characters stay one entry each, drawn inert, without breaking the layout', async () => {
    const { app, logs } = setup();
    logs([`12:00:01 1234 reactor  title ${OSC_TITLE} bell\x07 back\bspace csi\x9b2J`, '12:00:02 1234 reactor  next line']);
    app.stdin.write('2');
    await tick();
    const frame = app.lastFrame()!;
    // The log's escape sequences (ExaBGP colours its own) are removed; the rest is made visible.
    expect(frame).toContain('title  bell^G back^Hspace csi');
    expect(frame).toContain('next line');
    expect(frame).not.toMatch(FOREIGN);
    // Every row of the frame is still one terminal row of the box.
    for (const row of frame.split('\n')) expect(row.length).toBeLessThanOrEqual(100);
    app.unmount();
  });

  it('a log source that lost lines to a truncation says so in the Logs tab', async () => {
    const { app, logs } = setup([{ kind: 'file', name: '/var/log/exabgp.log', how: '--log', state: 'following', message: 'lost ≈105 lines', lost: { lines: 105, bytes: 7350, withoutCopy: 0 } }]);
    logs(['12:00:01 1234 reactor  hello']);
    app.stdin.write('2');
    await tick();
    expect(app.lastFrame()).toContain('LOST ≈105 lines (7350 bytes) to truncation');
    app.unmount();
  });
});
