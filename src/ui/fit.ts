// Lines made of items that must not be cut mid-word: at a narrow width whole items are dropped,
// the least needed first, instead of Ink squeezing each one into an ellipsis.

export interface FitItem {
  /** Columns the item takes. */
  width: number;
  /** Higher stays longer; equal ones drop from the right. */
  keep: number;
}

/** Indexes of the items that fit in `width` with `gap` columns between neighbours, in order. */
export function fitItems(items: readonly FitItem[], width: number, gap: number): number[] {
  const kept = items.map((_, i) => i);
  const used = () => kept.reduce((sum, i) => sum + items[i]!.width, 0) + gap * Math.max(0, kept.length - 1);
  while (kept.length > 0 && used() > width) {
    let drop = kept.length - 1;
    for (let j = kept.length - 1; j >= 0; j--) if (items[kept[j]!]!.keep < items[kept[drop]!]!.keep) drop = j;
    kept.splice(drop, 1);
  }
  return kept;
}

/** The widest gap of `gaps` (tried in order) that keeps every item, else the last with drops. */
export function fitWithGaps(items: readonly FitItem[], width: number, gaps: readonly number[]): { gap: number; kept: number[] } {
  for (const gap of gaps) {
    const kept = fitItems(items, width, gap);
    if (kept.length === items.length) return { gap, kept };
  }
  const gap = gaps[gaps.length - 1]!;
  return { gap, kept: fitItems(items, width, gap) };
}
