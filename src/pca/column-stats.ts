/**
 * What an in-memory fit needs to know about X before any product, from ONE pass of the
 * `colStats` kernel: the column means, the total sum of squares of the centred data (the
 * scatter's trace) and max |x| (for the power-of-two rescaling of extreme data), with the fit's
 * NaN policy (the first NaN/±Inf in row-major order is named, as `finiteColumnMeans` does).
 */
import { kernelsFor } from '../backend/dispatch.js';
import type { Matrix } from '../matrix.js';
import { meanOverflow, nonFiniteEntry } from './column-means.js';

export interface ColumnStats {
  /** Column means, bit for bit `colMeans`' (summed about the first row). */
  mean: Float64Array;
  /** Σ‖x − μ‖², from sums about the first row: Σ_j (S2_j − S1_j²/n), each term at least 0. */
  trace: number;
  /** max |x| over all entries. */
  maxAbs: number;
}

/**
 * Means, centred sum of squares and max |x| of `x` (n ≥ 1 rows, d ≥ 1 columns). `what` names
 * the caller in messages.
 * @throws NonFiniteError at the first NaN/±Inf (row-major order), or when a mean overflows.
 */
export function finiteColumnStats(x: Matrix, what: string): ColumnStats {
  const { rows: n, cols: d, data } = x;
  const sum = new Float64Array(d);
  const sumSq = new Float64Array(d);
  const colMax = new Float64Array(d);
  // Sums about row 0: the trace then cancels only as many digits as row 0 is from the mean in
  // units of the spread, not as many as the mean is from zero (1e8 ± 1 data keep their digits).
  const first = kernelsFor('colStats', n * d).colStats(n, d, data, data.subarray(0, d), sum, sumSq, colMax);
  if (first >= 0) throw nonFiniteEntry(x, first, what);
  const mean = new Float64Array(d);
  let trace = 0;
  let maxAbs = 0;
  for (let j = 0; j < d; j++) {
    mean[j] = data[j] + sum[j] / n;
    if (!Number.isFinite(mean[j])) throw meanOverflow(mean, j, what);
    trace += Math.max(0, sumSq[j] - sum[j] * (sum[j] / n));
    if (colMax[j] > maxAbs) maxAbs = colMax[j];
  }
  return { mean, trace, maxAbs };
}
