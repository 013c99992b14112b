import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/core/model/state.js';
import { Store } from '../../src/core/store.js';
import { RedrawGate, type GateClock } from '../../src/session/redraw-gate.js';

function fakeClock() {
  let t = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  const clock: GateClock = {
    now: () => t,
    setTimeout: (fn, ms) => {
      const id = ++ids;
      timers.push({ at: t + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => {
      timers = timers.filter((x) => x.id !== id);
    },
  };
  const advance = (ms: number) => {
    const end = t + ms;
    for (;;) {
      const due = timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((x) => x !== due);
      t = due.at;
      due.fn();
    }
    t = end;
  };
  return { clock, advance };
}

const pause = (paused: boolean) => ({ type: 'paused', paused }) as const;

describe('RedrawGate: samples every second, frames once per redraw period', () => {
  it('draws the first change at once, then at most once per period with the latest state', () => {
    const store = new Store(initialState({ intervalMs: 1000, redrawMs: 2000 }));
    const { clock, advance } = fakeClock();
    const gate = new RedrawGate(store, clock);
    let frames = 0;
    gate.subscribe(() => frames++);
    store.dispatch({ type: 'interval', ms: 1000 });
    store.dispatch({ type: 'searching' });
    expect(frames).toBe(1);
    // Ten samples a second apart: one frame every two seconds, each showing the newest state.
    for (let i = 0; i < 10; i++) {
      advance(1000);
      store.dispatch({ type: 'none', message: `sample ${i}` });
    }
    advance(2000);
    expect(frames).toBe(7);
    expect(gate.getState()).toBe(store.getState());
    expect(gate.getState().message).toBe('sample 9');
    gate.close();
  });

  it('a key press is drawn at once, between periods', () => {
    const store = new Store(initialState({ redrawMs: 2000 }));
    const { clock, advance } = fakeClock();
    const gate = new RedrawGate(store, clock);
    let frames = 0;
    gate.subscribe(() => frames++);
    store.dispatch({ type: 'searching' });
    advance(100);
    gate.dispatch(pause(true));
    expect(frames).toBe(2);
    expect(gate.getState().paused).toBe(true);
    gate.close();
  });

  it('follows a new period at once, and draws nothing after close', () => {
    const store = new Store(initialState({ redrawMs: 2000 }));
    const { clock, advance } = fakeClock();
    const gate = new RedrawGate(store, clock);
    let frames = 0;
    gate.subscribe(() => frames++);
    gate.dispatch({ type: 'redraw', ms: 500 });
    expect(gate.getState().redrawMs).toBe(500);
    for (let i = 0; i < 4; i++) {
      advance(250);
      store.dispatch({ type: 'none', message: `s${i}` });
    }
    advance(500);
    expect(frames).toBe(4);
    gate.close();
    store.dispatch({ type: 'none', message: 'after' });
    advance(5000);
    expect(frames).toBe(4);
  });
});
