import { useEffect, useReducer } from 'react';

/**
 * Wall clock for durations on screen (uptime, down for). It is read at every render, and only
 * when nothing else has drawn for `idleRefreshMs` does it draw by itself: a clock on its own
 * timer would add a frame between every two monitor ticks, doubling what the TUI costs.
 */
export function useNow(idleRefreshMs = 1250, clock: () => number = Date.now): number {
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const now = clock();
  useEffect(() => {
    const timer = setTimeout(redraw, idleRefreshMs);
    return () => clearTimeout(timer);
  });
  return now;
}
