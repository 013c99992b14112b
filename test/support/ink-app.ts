// Waiting for what a key press draws: under parallel test load a key can take longer than any
// fixed pause to reach the screen, so the frame is polled until the check passes (3 s at most).
import type { render } from 'ink-testing-library';
import { vi } from 'vitest';

export type InkApp = ReturnType<typeof render>;

export const tick = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));

export async function frameWhere(app: InkApp, check: (frame: string) => void): Promise<string> {
  const frame = await vi.waitFor(() => {
    const current = app.lastFrame() ?? '';
    check(current);
    return current;
  }, { timeout: 3000, interval: 20 });
  // Let the effects of that render (Ink re-subscribes the input handler) run before the next key.
  await tick();
  return frame;
}

/** Writes keys, then waits for the frame that shows their effect. */
export async function press(app: InkApp, keys: string, check: (frame: string) => void): Promise<string> {
  app.stdin.write(keys);
  return frameWhere(app, check);
}
