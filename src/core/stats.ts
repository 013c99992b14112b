export interface Summary {
  min: number;
  avg: number;
  max: number;
  count: number;
}

/** min/avg/max over the values that are not gaps (NaN); null when there are none. */
export function summarize(values: Iterable<number>): Summary | null {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    count++;
  }
  return count === 0 ? null : { min, avg: sum / count, max, count };
}
