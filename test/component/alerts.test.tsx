// Alerts in the TUI: a badge and the worst alert in the header, the Alerts tab with events.
import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_ALERT_CONFIG } from '../../src/core/alerts/config.js';
import { initialState } from '../../src/core/model/state.js';
import { Store } from '../../src/core/store.js';
import { Alerting } from '../../src/session/alerting.js';
import { App } from '../../src/ui/app.js';
import { themeFor } from '../../src/ui/theme.js';
import { daemonInfo, vitals } from '../support/builders.js';
import type { NeighborReport } from '../../src/core/model/control.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 40));

function report(address: string, fsm: NeighborReport['fsm']): NeighborReport {
  const counters = { open: 1, notification: 0, keepalive: 1, update: 0, refresh: 0, total: 2 };
  return { address, localAddress: null, peerAs: 65002, localAs: 65001, peerId: null, localId: null, description: null, fsm, durationS: 10, holdTime: { local: 30, remote: 30 }, messages: { sent: counters, received: counters }, prefixes: null, capabilities: [], families: [] };
}

describe('alerts in the TUI', () => {
  it('a neighbor down for over 30 s raises a critical alert: badge, header line, Alerts tab', async () => {
    const store = new Store(initialState());
    const alerting = new Alerting(store, DEFAULT_ALERT_CONFIG, null);
    const daemon = daemonInfo({ startTime: Date.now() - 120_000 });
    store.dispatch({ type: 'attached', daemon, helpers: [] });
    const poll = (t: number, fsm: NeighborReport['fsm']) =>
      store.dispatch({ type: 'control-poll', poll: { t, transport: 'pipe', path: '/run/exabgp/exabgp.{in,out}', latencyMs: 2, ok: true, timedOut: false, error: null, raw: null, neighbors: [report('127.0.0.2', fsm)], status: null } });
    const t0 = Date.now() - 60_000;
    poll(t0, 'ESTABLISHED');
    for (let s = 1; s <= 45; s++) {
      poll(t0 + s * 1000, 'ACTIVE');
      store.dispatch({ type: 'sample', sample: vitals(t0 + s * 1000) });
      alerting.observe(t0 + s * 1000);
    }
    const active = store.getState().alerts.active;
    expect(active.map((a) => a.rule)).toContain('neighbor-down');
    const control = { choose: vi.fn(), poke: vi.fn(), saveText: vi.fn(async () => '') };
    const app = render(<App store={store} control={control} theme={themeFor({})} totalMemoryBytes={8 * 1024 ** 3} />);
    await tick();
    expect(app.lastFrame()).toMatch(/ 1 ALERT\b/);
    expect(app.lastFrame()).toMatch(/critical: .*127\.0\.0\.2/);
    expect(app.lastFrame()).toContain('4 Alerts (');
    app.stdin.write('4');
    await tick();
    expect(app.lastFrame()).toMatch(/CRITICAL +neighbor-down +127\.0\.0\.2 +since .*ongoing/);
    app.unmount();
  });
});
