// Summary statistics of a few samples, computed the way pytest-benchmark does (Python's
// statistics module): median of an even count is the mean of the two middle values, stddev is
// the sample standard deviation (n − 1), and 0 for a single sample.

export interface SampleStats {
  mean: number;
  median: number;
  min: number;
  max: number;
  stddev: number;
}

/** null for no samples; a RangeError for NaN or ±Infinity, which would poison every figure. */
export function sampleStats(values: readonly number[]): SampleStats | null {
  if (values.length === 0) return null;
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`sample ${v} is not a finite number`);
  // -0 and 0 compare equal, so their order in the input would decide which one a median is: one zero
  const sorted = values.map((v) => v + 0).sort((a, b) => a - b);
  const n = sorted.length;
  const mean = sorted.reduce((sum, v) => sum + v, 0) / n;
  const middle = Math.floor(n / 2);
  const median = n % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const squares = sorted.reduce((sum, v) => sum + (v - mean) ** 2, 0);
  const stddev = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
  return { mean, median, min: sorted[0]!, max: sorted[n - 1]!, stddev };
}
