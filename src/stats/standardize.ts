/** Per-column standardisation (z-scores), the course's PCA preprocessing. */
import { callPinned, type BackendOption } from '../backend/registry.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { asMatrix, assertFinite, optionsObject } from '../validate.js';
import { needRows } from './mean-cov.js';

/** The result of `standardize`. */
export interface StandardizeResult {
  /** (X − mean) / std column by column, a constant column divided by 1 (so all zeros). */
  data: Matrix;
  /** Column means (length d). */
  mean: Float64Array;
  /** Population standard deviations (ddof 0, length d); exactly 0 for a constant column. */
  std: Float64Array;
}

/**
 * Standardises each column of X (n samples × d features) to mean 0 and population standard
 * deviation 1. A constant column (every entry equal to the first) is reported with std 0 and
 * divided by 1 instead — detected exactly, because its floating-point mean need not equal the
 * constant (numpy gives std 1.4e-17 for [0.1, 0.1, 0.1], which a `std == 0` test misses).
 * Two-pass: the mean first, then Σ (x − mean)², which does not cancel as E[x²] − mean² does.
 * Needs at least one row (`ShapeError`); non-finite input throws `NonFiniteError`.
 * @example standardize([[1, 5], [3, 5]]) // data [[-1, 0], [1, 0]], mean [2, 5], std [1, 0]
 */
export function standardize(X: MatrixLike, options: BackendOption = {}): StandardizeResult {
  const pinned = callPinned(standardize, [X, options], 'standardize');
  if (pinned) return pinned.result as StandardizeResult;
  optionsObject(options, 'standardize', []);
  const x = asMatrix(X, 'standardize: X');
  needRows(x, 1, 'standardize', 'X');
  assertFinite(x, 'standardize: X');
  const { rows: n, cols: d, data } = x;
  const mean = new Float64Array(d);
  const constant = new Uint8Array(d).fill(1);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) {
      mean[j] += data[o + j];
      if (data[o + j] !== data[j]) constant[j] = 0;
    }
  }
  for (let j = 0; j < d; j++) mean[j] = constant[j] ? data[j] : mean[j] / n;
  const std = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const t = data[o + j] - mean[j];
      std[j] += t * t;
    }
  }
  const divisor = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    std[j] = constant[j] ? 0 : Math.sqrt(std[j] / n);
    // std can also underflow to 0 for non-constant tiny columns: never divide by 0.
    divisor[j] = std[j] > 0 ? std[j] : 1;
  }
  const out = new Matrix(n, d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) out.data[o + j] = (data[o + j] - mean[j]) / divisor[j];
  }
  return { data: out, mean, std };
}
