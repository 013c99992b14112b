import { useRef, useState } from 'react';
import { reduceScreen, type Effect, type ScreenInput, type ScreenWorld } from '../screen/reducer.js';
import type { ScreenState } from '../screen/state.js';

export type ScreenDispatch = (input: ScreenInput, world: ScreenWorld) => Effect[];

/**
 * The screen state behind the pure reducer. Keys can arrive several per tick (typed fast,
 * pasted): each one is reduced from what the previous one left, not from the last frame, so
 * the latest state lives in a ref and the render follows it.
 */
export function useScreen(initial: () => ScreenState): [ScreenState, ScreenDispatch, () => ScreenState] {
  const [screen, setScreen] = useState(initial);
  const ref = useRef(screen);
  const dispatch: ScreenDispatch = (input, world) => {
    const step = reduceScreen(ref.current, input, world);
    if (step.screen !== ref.current) {
      ref.current = step.screen;
      setScreen(step.screen);
    }
    return step.effects;
  };
  return [screen, dispatch, () => ref.current];
}
