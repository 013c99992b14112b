// Sparklines in three glyph sets. A gap (NaN) is drawn as a space, never as a zero: a missed
// sample must not look like an idle daemon.

export type SparkStyle = 'blocks' | 'braille' | 'ascii';

const GLYPHS: Record<SparkStyle, readonly string[]> = {
  blocks: ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'],
  braille: ['⣀', '⣤', '⣶', '⣿'],
  ascii: ['_', '.', '-', '=', '#'],
};

export interface Scale {
  min: number;
  max: number;
}

/** Where v sits in the range, 0..1. Halves keep max - min finite for any two doubles. */
function position(v: number, range: Scale): number {
  const clamped = Math.min(Math.max(v, range.min), range.max);
  const span = range.max / 2 - range.min / 2;
  return span > 0 && Number.isFinite(span) ? (clamped / 2 - range.min / 2) / span : 0;
}

/** The scale of a series: its own min..max, widened so a flat series sits on the floor. */
export function autoScale(values: readonly number[]): Scale | null {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) return null;
  return { min, max };
}

export interface HonestScaleOptions {
  /** Start the axis at 0, for a figure whose honest reading is a share of something (CPU %). */
  zeroBased?: boolean;
  /** The smallest span drawn, as a fraction of the value: a flat 24.1 MiB line with 0.1 MiB of
   *  jitter stays flat instead of filling the whole height as a staircase (default 0.1). */
  minSpanFraction?: number;
}

/** A scale that tells the truth about a flat line: never narrower than a share of the value. */
export function honestScale(values: readonly number[], options: HonestScaleOptions = {}): Scale | null {
  const own = autoScale(values);
  if (!own) return null;
  const fraction = options.minSpanFraction ?? 0.1;
  if (options.zeroBased) {
    const max = Math.max(own.max, 0);
    return { min: Math.min(own.min, 0), max: max > 0 ? max : 1 };
  }
  const minSpan = Math.abs(own.max / 2 + own.min / 2) * fraction;
  if (own.max - own.min >= minSpan && own.max > own.min) return own;
  // Anchored at the series' minimum: a flat line sits on the floor, a small rise stays small.
  return { min: own.min, max: own.min + (minSpan > 0 ? minSpan : 1) };
}

/** "scale 23.0 MiB–25.2 MiB": the range a chart is drawn against, in the figure's own format. */
export function scaleLabel(scale: Scale | null, format: (n: number) => string): string {
  return scale ? `scale ${format(scale.min)}–${format(scale.max)}` : '';
}

/**
 * Renders the newest `width` values right-aligned in exactly `width` cells.
 * `scale` fixes the vertical range (to compare two runs); otherwise the visible values set it.
 */
export function sparkline(values: readonly number[], width: number, style: SparkStyle = 'blocks', scale?: Scale): string {
  if (width <= 0) return '';
  const visible = values.slice(Math.max(0, values.length - width));
  const glyphs = GLYPHS[style];
  const range = scale ?? autoScale(visible);
  const pad = ' '.repeat(width - visible.length);
  if (!range) return pad + ' '.repeat(visible.length);
  const top = glyphs.length - 1;
  let line = pad;
  for (const v of visible) {
    line += Number.isNaN(v) ? ' ' : glyphs[Math.round(position(v, range) * top)];
  }
  return line;
}

/**
 * A sparkline `height` rows tall (top row first): each column is filled from the bottom,
 * the topmost cell taking a partial glyph. Height 1 is the same as `sparkline`.
 */
export function sparkRows(values: readonly number[], width: number, height: number, style: SparkStyle = 'blocks', scale?: Scale): string[] {
  if (height <= 1) return [sparkline(values, width, style, scale)];
  if (width <= 0) return new Array<string>(height).fill('');
  const glyphs = GLYPHS[style];
  const steps = glyphs.length;
  const visible = values.slice(Math.max(0, values.length - width));
  const range = scale ?? autoScale(visible);
  const pad = width - visible.length;
  const rows = Array.from({ length: height }, () => ' '.repeat(pad));
  for (const v of visible) {
    // Total fill in glyph steps: 1 (floor) .. height*steps (top); a gap fills nothing.
    const fill = range && !Number.isNaN(v) ? 1 + Math.round(position(v, range) * (height * steps - 1)) : 0;
    for (let r = 0; r < height; r++) {
      const below = (height - 1 - r) * steps;
      const inCell = fill - below;
      rows[r] = (rows[r] ?? '') + (inCell <= 0 ? ' ' : glyphs[Math.min(inCell, steps) - 1]);
    }
  }
  return rows;
}
