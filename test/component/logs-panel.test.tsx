// The Logs tab over entries the real pipeline made from a real 6.0-dev traceback storm.
import { readFileSync } from 'node:fs';
import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { parseLine } from '../../src/core/logs/parse-line.js';
import { LogPipeline } from '../../src/core/logs/pipeline.js';
import { initialState } from '../../src/core/model/state.js';
import { Store } from '../../src/core/store.js';
import { App } from '../../src/ui/app.js';
import { themeFor } from '../../src/ui/theme.js';
import { daemonInfo, vitals } from '../support/builders.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 40));

function setup() {
  const store = new Store(initialState());
  const daemon = daemonInfo();
  store.dispatch({ type: 'attached', daemon, helpers: [] });
  store.dispatch({ type: 'sample', sample: vitals(daemon.startTime) });
  const pipeline = new LogPipeline();
  const text = readFileSync(new URL('../../fixtures/v6.0-dev/log-traceback-storm.txt', import.meta.url), 'utf8');
  for (const raw of text.split('\n')) if (raw) pipeline.push(parseLine(raw, Date.UTC(2026, 10, 23, 15, 30), 'exabgp.log'));
  pipeline.flush();
  store.dispatch({ type: 'logs', entries: [...pipeline.entries()], counters: pipeline.counters(), sources: [{ kind: 'file', name: '/var/log/exabgp.log', how: '--log', state: 'following', message: null }], facts: [] });
  const control = { choose: vi.fn(), poke: vi.fn(), saveText: vi.fn(async () => '/tmp/exatop-log-x.txt') };
  const app = render(<App store={store} control={control} theme={themeFor({})} totalMemoryBytes={8 * 1024 ** 3} />);
  return { store, control, app, counters: pipeline.counters() };
}

describe('Logs tab', () => {
  it('2 opens it: counters in the title, the source, the folded traceback storm', async () => {
    const { app, counters } = setup();
    await tick();
    expect(app.lastFrame()).toContain(`Logs (${counters.tracebacks} tracebacks`);
    app.stdin.write('2');
    await tick();
    const frame = app.lastFrame()!;
    expect(frame).toContain(`tracebacks ${counters.tracebacks}`);
    expect(frame).toContain('file /var/log/exabgp.log');
    expect(frame).toContain('FOLLOWING');
    // Following shows the newest entries: the storm's drops and statistics, folded.
    expect(frame).toMatch(/DOWN {6}×\d+ \d+\.\d\/s/);
    app.unmount();
  });

  it('e shows only trouble, / filters, k stops following and Enter expands the traceback', async () => {
    const { app } = setup();
    app.stdin.write('2');
    await tick();
    app.stdin.write('e');
    await tick();
    expect(app.lastFrame()).toContain('errors only');
    app.stdin.write('/');
    await tick();
    for (const c of 'attributeerror') app.stdin.write(c);
    await tick();
    app.stdin.write('\r');
    await tick();
    expect(app.lastFrame()).toMatch(/filter \/attributeerror\/ \(1 shown\)/);
    app.stdin.write('k');
    await tick();
    expect(app.lastFrame()).toContain('PAUSED: f follows');
    app.stdin.write('\r');
    await tick();
    expect(app.lastFrame()).toContain("AttributeError: 'EOR' object has no attribute 'data'");
    // The block's own lines: the crash banner first, the rest announced at 24 rows.
    expect(app.lastFrame()).toContain('EXABGP MISBEHAVED / HELP US FIX IT');
    expect(app.lastFrame()).toMatch(/… \d+ more lines/);
    app.stdin.write('\u001B');
    await tick();
    app.stdin.write('f');
    await tick();
    expect(app.lastFrame()).toContain('FOLLOWING');
    app.unmount();
  });

  it('s saves the entries shown and says where', async () => {
    const { app, control } = setup();
    app.stdin.write('2');
    await tick();
    app.stdin.write('s');
    await tick();
    expect(control.saveText).toHaveBeenCalledTimes(1);
    const [prefix, text] = control.saveText.mock.calls[0] as unknown as [string, string];
    expect(prefix).toBe('exatop-log');
    expect(text).toContain('TRACEBACK');
    expect(app.lastFrame()).toMatch(/saved \d+ entries to \/tmp\/exatop-log-x\.txt/);
    app.unmount();
  });

  it('I on the selected traceback hands that entry to saveIncident and says where; on another entry it says what I takes', async () => {
    const { app, control } = setup();
    const saveIncident = vi.fn(async () => '/tmp/r/i.md');
    (control as typeof control & { saveIncident: typeof saveIncident }).saveIncident = saveIncident;
    app.stdin.write('2');
    await tick();
    app.stdin.write('/');
    for (const c of 'attributeerror') app.stdin.write(c);
    app.stdin.write('\r');
    await tick();
    app.stdin.write('I');
    await tick();
    expect(saveIncident).toHaveBeenCalledTimes(1);
    const entry = (saveIncident.mock.calls[0] as unknown as [{ class: string; summary: string }])[0];
    expect(entry.class).toBe('traceback');
    expect(entry.summary).toContain("AttributeError: 'EOR' object has no attribute 'data'");
    expect(app.lastFrame()).toContain('issue report saved to /tmp/r/i.md');
    app.stdin.write('/');
    await tick();
    app.stdin.write('\u001B');
    await tick();
    app.stdin.write('/');
    await tick();
    for (const c of 'statistics for') app.stdin.write(c);
    app.stdin.write('\r');
    await tick();
    app.stdin.write('I');
    await tick();
    expect(saveIncident).toHaveBeenCalledTimes(1);
    expect(app.lastFrame()).toContain('I writes an issue report from a traceback');
    app.unmount();
  });
});
