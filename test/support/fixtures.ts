// Reading captures from fixtures/ in tests.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { answerText, splitAnswer } from '../../src/core/control/framing.js';
import { parseNeighborJson } from '../../src/core/control/parse-neighbor-json.js';
import type { MessageCounters, NeighborReport, Parsed } from '../../src/core/model/control.js';

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

/** Neighbors of a captured `show neighbor json` / `peer show` answer, parsed. */
export function neighborReports(path: string): NeighborReport[] {
  const parsed = parseNeighborJson(answerText(fixture(path)));
  if (!parsed.ok) throw new Error(`fixture ${path} did not parse: ${parsed.error}`);
  return parsed.value;
}
