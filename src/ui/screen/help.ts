// The help overlay's lines, drawn from the keymap: pure, so the key reducer scrolls over exactly
// what the overlay draws.
import { helpSections } from '../keymap.js';
import type { TabScope } from '../tabs.js';

export type HelpLine = { kind: 'title'; text: string } | { kind: 'key'; keys: string; text: string } | { kind: 'blank' };

export function helpLines(beneath: 'picker' | TabScope, replaying: boolean): HelpLine[] {
  const lines: HelpLine[] = [];
  for (const section of helpSections(beneath, replaying)) {
    if (lines.length > 0) lines.push({ kind: 'blank' });
    lines.push({ kind: 'title', text: section.title });
    for (const b of section.bindings) lines.push({ kind: 'key', keys: b.label, text: b.description });
  }
  return lines;
}

/** The first line to draw so that a window of `rows` lines stays inside `total`. */
export function clampTop(top: number, rows: number, total: number): number {
  return Math.max(0, Math.min(top, total - rows));
}
