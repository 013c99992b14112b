// Reading captures from fixtures/ in tests.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { splitAnswer } from '../../src/probes/control/framing.js';
import type { MessageCounters, Parsed } from '../../src/probes/control/types.js';

export const fixture = (path: string): string => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');

/** The answer text of a capture, after checking it really ended with `done`. */
export function answer(path: string): string {
  const { lines, terminator } = splitAnswer(fixture(path));
  expect(terminator).toBe('done');
  return lines.join('\n');
}

export function ok<T>(result: Parsed<T>): T {
  if (!result.ok) throw new Error(`expected ok, got: ${result.error}`);
  return result.value;
}

/** Message counters in the order the daemons print them. */
export const counters = (open: number, notification: number, keepalive: number, update: number, refresh: number, total: number): MessageCounters => ({
  open,
  notification,
  keepalive,
  update,
  refresh,
  total,
});
