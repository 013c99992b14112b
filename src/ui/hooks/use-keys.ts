// The one key hook: a key press becomes an action through the keymap of the current mode, the
// pure screen reducer applies it, and the effects it returns are run here (the monitor, the
// replay clock, the disk, the Compare tab's I/O).
import { useInput, type Key } from 'ink';
import type { StoreView } from '../../core/store.js';
import { actionFor, scopesFor, type KeyPress } from '../keymap.js';
import { splitPresses } from '../keys.js';
import type { MonitorControl, ReplayControl } from '../ports.js';
import { screenMode, type CompareAction, type Effect, type ReplayAction, type ScreenWorld } from '../screen/reducer.js';
import type { ScreenState } from '../screen/state.js';
import { entriesAsText } from '../../core/logs/view.js';
import type { ScreenDispatch } from './use-screen.js';

export interface KeyContext {
  store: StoreView;
  control: MonitorControl;
  replay: ReplayControl | undefined;
  dispatch: ScreenDispatch;
  screen: () => ScreenState;
  /** What the monitor shows now, read at the time of the key. */
  world: () => ScreenWorld;
  submit: (text: string) => void;
  compare: (action: CompareAction) => void;
  exit: () => void;
}

const REPLAY: Record<ReplayAction, (r: ReplayControl) => void> = {
  'replay-toggle': (r) => r.toggle(),
  'replay-back': (r) => r.step(-1),
  'replay-forward': (r) => r.step(1),
  'replay-back-minute': (r) => r.step(-60),
  'replay-forward-minute': (r) => r.step(60),
  'replay-faster': (r) => r.faster(),
  'replay-slower': (r) => r.slower(),
  'replay-start': (r) => r.seek(0),
  'replay-end': (r) => r.seek(Number.MAX_SAFE_INTEGER),
};

export function keyPress(input: string, key: Key): KeyPress {
  return {
    input, ctrl: key.ctrl, meta: key.meta, shift: key.shift, escape: key.escape, return: key.return, tab: key.tab,
    upArrow: key.upArrow, downArrow: key.downArrow, leftArrow: key.leftArrow, rightArrow: key.rightArrow,
    pageUp: key.pageUp, pageDown: key.pageDown, home: key.home, end: key.end, backspace: key.backspace, delete: key.delete,
  };
}

function run(effect: Effect, ctx: KeyContext): void {
  const { store, control } = ctx;
  switch (effect.type) {
    case 'quit': return ctx.exit();
    case 'pause': return store.dispatch({ type: 'paused', paused: !store.getState().paused });
    case 'redraw': return store.dispatch({ type: 'redraw', ms: store.getState().redrawMs * effect.factor });
    case 'choose': return control.choose(effect.pid);
    case 'replay': return ctx.replay ? REPLAY[effect.action](ctx.replay) : undefined;
    case 'submit': return ctx.submit(effect.text);
    case 'compare': return ctx.compare(effect.action);
    case 'incident': {
      const notice = (text: string) => ctx.dispatch({ type: 'log-notice', text }, ctx.world());
      if (!control.saveIncident) {
        notice('issue reports are written from the live daemon (or: exatop incident RECORDING)');
        return;
      }
      control.saveIncident(effect.entry).then(
        (path) => notice(`issue report saved to ${path}`),
        (error: unknown) => notice(`could not write the issue report: ${error instanceof Error ? error.message : String(error)}`),
      );
      return;
    }
    case 'save-log': {
      const notice = (text: string) => ctx.dispatch({ type: 'log-notice', text }, ctx.world());
      control.saveText('exatop-log', entriesAsText(effect.entries)).then(
        (path) => notice(`saved ${effect.entries.length} entries to ${path}`),
        (error: unknown) => notice(`could not save: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
  }
}

export function useKeys(ctx: KeyContext, isActive: boolean): void {
  useInput(
    (input, key) => {
      for (const press of splitPresses(keyPress(input, key))) {
        const world = ctx.world();
        const mode = screenMode(ctx.screen(), world.phase);
        const action = actionFor(press, scopesFor(mode, world.replaying));
        let effects: Effect[] = [];
        if (action) effects = ctx.dispatch({ type: 'action', action }, world);
        else if (mode === 'filter' && press.input && !press.ctrl && !press.meta) effects = ctx.dispatch({ type: 'text', text: press.input }, world);
        for (const effect of effects) run(effect, ctx);
      }
    },
    { isActive },
  );
}
