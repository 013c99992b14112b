import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { autoScale, honestScale, scaleLabel, sparkline, sparkRows, type SparkStyle } from '../../src/core/sparkline.js';

const STYLES: SparkStyle[] = ['blocks', 'braille', 'ascii'];
/** Lowest and highest glyph of each style, as a user sees them. */
const FLOOR: Record<SparkStyle, string> = { blocks: '▁', braille: '⣀', ascii: '_' };
const TOP: Record<SparkStyle, string> = { blocks: '█', braille: '⣿', ascii: '#' };

const cells = (s: string): string[] => [...s];
const NaN_ = Number.NaN;

describe('autoScale', () => {
  it('is the min..max of the non-gap values', () => {
    expect(autoScale([3, NaN_, -2, 8])).toEqual({ min: -2, max: 8 });
  });

  it('is null when there is nothing but gaps', () => {
    expect(autoScale([])).toBeNull();
    expect(autoScale([NaN_, NaN_])).toBeNull();
  });
});

describe('sparkline', () => {
  it('renders exactly `width` cells, right-aligned, when there are fewer values than cells', () => {
    const line = sparkline([0, 10], 6);
    expect(cells(line)).toHaveLength(6);
    expect(line).toBe('    ▁█');
  });

  it('shows only the newest `width` values when there are more', () => {
    // The 100 falls out of view, so the visible 0..10 set the scale.
    expect(sparkline([100, 0, 5, 10], 3)).toBe('▁▅█');
  });

  it('draws a gap as a space, never as the lowest glyph', () => {
    const line = sparkline([0, NaN_, 10], 3);
    expect(line).toBe('▁ █');
    expect(cells(line)[1]).toBe(' ');
    expect(cells(line)[1]).not.toBe(FLOOR.blocks);
  });

  it('a series of gaps only is blank', () => {
    expect(sparkline([NaN_, NaN_], 4)).toBe('    ');
  });

  it('an empty series is blank but still `width` cells', () => {
    expect(sparkline([], 5)).toBe('     ');
  });

  it('a flat series sits on the floor (lowest glyph), whatever its value', () => {
    expect(sparkline([5, 5, 5], 3)).toBe('▁▁▁');
    expect(sparkline([1e9, 1e9], 2)).toBe('▁▁');
    expect(sparkline([0, NaN_, 0], 3)).toBe('▁ ▁');
  });

  it('the minimum of a varying series is the lowest glyph and the maximum the highest', () => {
    for (const style of STYLES) {
      const line = sparkline([3, 7, 5], 3, style);
      expect(cells(line)[0]).toBe(FLOOR[style]);
      expect(cells(line)[1]).toBe(TOP[style]);
    }
  });

  it('a fixed scale clamps values outside it to the floor and the top', () => {
    const line = sparkline([-5, 0, 50, 100, 150], 5, 'blocks', { min: 0, max: 100 });
    // 50 of 0..100 is level round(0.5 * 7) = 4 → '▅'
    expect(line).toBe('▁▁▅██');
  });

  it('a fixed scale makes the glyph of a value independent of the other values (two runs compare)', () => {
    const scale = { min: 0, max: 100 };
    const a = sparkline([50, 100], 2, 'blocks', scale);
    const b = sparkline([50, 0], 2, 'blocks', scale);
    expect(cells(a)[0]).toBe(cells(b)[0]);
    // Without a fixed scale the same 50 is drawn differently, which is why the option exists.
    expect(cells(sparkline([50, 100], 2))[0]).not.toBe(cells(sparkline([50, 0], 2))[0]);
  });

  it('uses each style\'s own glyph ladder from bottom to top', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8, 'blocks')).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([0, 1, 2, 3], 4, 'braille')).toBe('⣀⣤⣶⣿');
    expect(sparkline([0, 1, 2, 3, 4], 5, 'ascii')).toBe('_.-=#');
  });

  it('width 0 or less is an empty string', () => {
    expect(sparkline([1, 2, 3], 0)).toBe('');
    expect(sparkline([1, 2, 3], -4)).toBe('');
  });

  it('property: a higher value never gets a lower glyph than a lower value on the same scale', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 40 }),
        fc.constantFrom(...STYLES),
        (values, style) => {
          const ladder: Record<SparkStyle, string> = { blocks: '▁▂▃▄▅▆▇█', braille: '⣀⣤⣶⣿', ascii: '_.-=#' };
          const line = cells(sparkline(values, values.length, style));
          const levels = line.map((c) => ladder[style].indexOf(c));
          expect(levels.every((l) => l >= 0)).toBe(true);
          for (let i = 0; i < values.length; i++) {
            for (let j = 0; j < values.length; j++) {
              if (values[i]! < values[j]!) expect(levels[i]!).toBeLessThanOrEqual(levels[j]!);
            }
          }
        },
      ),
    );
  });

  it('still renders exactly `width` cells for finite values whose range overflows a double', () => {
    // -1e308..1e308 are finite doubles, but max - min overflows to Infinity and the ratio of the
    // top value becomes Infinity / Infinity = NaN.
    const line = sparkline([-1e308, 1e308], 2);
    expect(cells(line)).toHaveLength(2);
    expect(line).toBe('▁█');
  });

  it('still renders exactly `width` cells when a value is infinite', () => {
    const line = sparkline([0, Number.POSITIVE_INFINITY], 2);
    expect(cells(line)).toHaveLength(2);
    expect(line).not.toContain('undefined');
  });
});

describe('sparkRows', () => {
  it('gives `height` rows of exactly `width` cells, top row first, right-aligned', () => {
    const rows = sparkRows([0, 10], 5, 3);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(cells(row)).toHaveLength(5);
    // Column 4 (value 0) has only the floor glyph in the bottom row.
    expect(rows.map((r) => cells(r)[3])).toEqual([' ', ' ', '▁']);
    // Padding on the left is blank in every row.
    expect(rows.every((r) => r.startsWith('   '))).toBe(true);
  });

  it('the maximum fills its column to the top with full glyphs', () => {
    for (const style of STYLES) {
      const rows = sparkRows([1, 4, 9, 2], 4, 4, style);
      expect(rows.map((r) => cells(r)[2])).toEqual([TOP[style], TOP[style], TOP[style], TOP[style]]);
    }
  });

  it('the minimum of a varying series is one floor glyph in the bottom row', () => {
    const rows = sparkRows([0, 10], 2, 3);
    expect(rows.map((r) => cells(r)[0])).toEqual([' ', ' ', '▁']);
  });

  it('a value halfway fills about half the column height', () => {
    // height 2, 8 steps per cell: fill = 1 + round(0.5 * 15) = 9 → bottom full, top '▁'
    const rows = sparkRows([0, 50, 100], 3, 2);
    expect(rows.map((r) => cells(r)[1])).toEqual(['▁', '█']);
  });

  it('a gap leaves the whole column blank', () => {
    const rows = sparkRows([0, NaN_, 10], 3, 3);
    expect(rows.map((r) => cells(r)[1])).toEqual([' ', ' ', ' ']);
  });

  it('a flat series sits on the floor', () => {
    const rows = sparkRows([7, 7, 7], 3, 2);
    expect(rows).toEqual(['   ', '▁▁▁']);
  });

  it('a fixed scale clamps values to the floor and the top', () => {
    const rows = sparkRows([-50, 500], 2, 2, 'blocks', { min: 0, max: 100 });
    expect(rows).toEqual([' █', '▁█']);
  });

  it('height 1 is the same as sparkline', () => {
    const cases: [number[], number][] = [[[0, 5, 10], 3], [[1, NaN_, 3, 9], 6], [[4, 4], 2], [[], 3], [[1, 2, 3, 4, 5], 2]];
    for (const style of STYLES) {
      for (const [values, width] of cases) {
        expect(sparkRows(values, width, 1, style)).toEqual([sparkline(values, width, style)]);
        expect(sparkRows(values, width, 1, style, { min: 0, max: 4 })).toEqual([sparkline(values, width, style, { min: 0, max: 4 })]);
      }
    }
  });

  it('width 0 gives `height` empty rows', () => {
    expect(sparkRows([1, 2], 0, 3)).toEqual(['', '', '']);
  });

  const value = fc.oneof(
    { weight: 5, arbitrary: fc.double({ min: -1e12, max: 1e12, noNaN: true }) },
    { weight: 1, arbitrary: fc.constant(NaN_) },
  );

  it('property: always `height` rows of exactly `width` cells, for every style and scale', () => {
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 60 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(...STYLES),
        fc.option(fc.record({ min: fc.integer({ min: -100, max: 100 }), max: fc.integer({ min: -100, max: 100 }) }), { nil: undefined }),
        (values, width, height, style, scale) => {
          const rows = sparkRows(values, width, height, style, scale);
          expect(rows).toHaveLength(height);
          for (const row of rows) expect(cells(row)).toHaveLength(width);
        },
      ),
    );
  });

  it('property: every column is filled from the bottom with no holes (full glyphs, one partial, blanks)', () => {
    const ladder: Record<SparkStyle, string> = { blocks: '▁▂▃▄▅▆▇█', braille: '⣀⣤⣶⣿', ascii: '_.-=#' };
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 2, max: 6 }),
        fc.constantFrom(...STYLES),
        (values, height, style) => {
          const width = values.length;
          const rows = sparkRows(values, width, height, style).map(cells);
          for (let c = 0; c < width; c++) {
            const column = rows.map((r) => r[c]!).reverse(); // bottom first
            const firstBlank = column.indexOf(' ');
            const filled = firstBlank < 0 ? column : column.slice(0, firstBlank);
            if (firstBlank >= 0) expect(column.slice(firstBlank).every((g) => g === ' ')).toBe(true);
            // every filled cell but the topmost is a full glyph
            for (const g of filled.slice(0, -1)) expect(g).toBe(TOP[style]);
            for (const g of filled) expect(ladder[style]).toContain(g);
            // a gap is blank all the way, a value always shows at least the floor glyph
            expect(filled.length === 0).toBe(Number.isNaN(values[c]!));
          }
        },
      ),
    );
  });

  it('still renders `height` rows of exactly `width` cells when the range overflows a double', () => {
    const rows = sparkRows([-1e308, 1e308], 2, 2);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(cells(row)).toHaveLength(2);
    expect(rows).toEqual([' █', '▁█']);
  });
});

describe('honestScale: the picture tells the truth about a flat line', () => {
  const MiB = 1024 * 1024;
  // A flat 24.1 MiB RSS: the kernel's VmRSS moves by a page or two between samples.
  const flat = Array.from({ length: 40 }, (_, i) => 24.1 * MiB + (i % 4) * 4096);

  it('a flat RSS is drawn flat, not as a staircase from floor to ceiling', () => {
    const honest = sparkline(flat, 40, 'blocks', honestScale(flat)!);
    expect(new Set(honest).size).toBe(1);
    expect(new Set(sparkline(flat, 40, 'blocks')).size).toBeGreaterThan(1);
  });

  it('a real change beyond the minimum span still spans the height', () => {
    const grew = [...flat.slice(0, 20), ...flat.slice(0, 20).map((v) => v * 1.5)];
    const line = sparkline(grew, 40, 'blocks', honestScale(grew)!);
    expect(line.startsWith('▁')).toBe(true);
    expect(line.endsWith('█')).toBe(true);
  });

  it('CPU % is zero-based: 2–3 % is drawn low, not as a full-height swing', () => {
    const cpu = [2, 3, 2, 3, 2, 3];
    expect(honestScale(cpu, { zeroBased: true })).toEqual({ min: 0, max: 3 });
    expect(sparkline(cpu, 6, 'blocks')).toContain('▁');
    expect(sparkline(cpu, 6, 'blocks', honestScale(cpu, { zeroBased: true })!)).not.toContain('▁');
    expect(honestScale([0, 0], { zeroBased: true })).toEqual({ min: 0, max: 1 });
  });

  it('labels the scale in the figure\'s own format', () => {
    expect(scaleLabel({ min: 0, max: 3 }, (n) => `${n}%`)).toBe('scale 0%–3%');
    expect(scaleLabel(null, String)).toBe('');
  });
});
