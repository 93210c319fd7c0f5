/**
 * Mean and covariance of a data set whose rows are samples (numpy's `X.mean(0)` and
 * `np.cov(X, rowvar=False, ddof=…)`).
 */
import { callPinned, type BackendOption } from '../backend/registry.js';
import { kernelsFor } from '../backend/dispatch.js';
import { ShapeError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { asMatrix, integerOption, optionsObject } from '../validate.js';

/** Options of `cov`. */
export interface CovOptions extends BackendOption {
  /** Delta degrees of freedom: divide by n − ddof. 1 (default) is the unbiased sample
   * covariance (numpy's `np.cov`); 0 is the population covariance the course uses. */
  ddof?: number;
}

/**
 * Column means of X (n samples × d features) → length d. NaN/±Inf propagate (IEEE policy).
 * Throws `ShapeError` for a data set with no rows.
 * @example mean([[0, 3], [1, 4], [2, 5]]) // Float64Array [1, 4]
 */
export function mean(X: MatrixLike, options: BackendOption = {}): Float64Array {
  const pinned = callPinned(mean, [X, options], 'mean');
  if (pinned) return pinned.result as Float64Array;
  optionsObject(options, 'mean', []);
  const x = asMatrix(X, 'mean: X');
  needRows(x, 1, 'mean', 'X');
  return columnMeans(x);
}

/**
 * Covariance matrix (d × d) of X (n samples × d features): Xcᵀ·Xc / (n − ddof) with Xc the
 * centred data, formed by one gemm (transA) on the active backend — a 4096-pixel covariance of
 * 400 face images is one 4096 × 4096 × 400 product. Exactly symmetric (the lower triangle is
 * copied from the upper). NaN/±Inf propagate. Needs n > ddof rows (`ShapeError`); `ddof` must
 * be a non-negative integer (`OptionError`).
 * @example cov([[0, 3], [1, 4], [2, 5]], { ddof: 0 }).toArray() // [[2/3, 2/3], [2/3, 2/3]]
 * @example cov([[0, 3], [1, 4], [2, 5]]).toArray() // [[1, 1], [1, 1]]
 */
export function cov(X: MatrixLike, options: CovOptions = {}): Matrix {
  const pinned = callPinned(cov, [X, options], 'cov');
  if (pinned) return pinned.result as Matrix;
  options = optionsObject(options, 'cov', ['ddof']);
  const x = asMatrix(X, 'cov: X');
  const ddof = integerOption(options.ddof, 'cov: ddof', 1, 0);
  needRows(x, ddof + 1, 'cov', 'X', ` (ddof = ${ddof} divides by n − ddof)`);
  const { rows: n, cols: d } = x;
  const mu = columnMeans(x);
  const xc = new Float64Array(n * d);
  const src = x.data;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) xc[o + j] = src[o + j] - mu[j];
  }
  const c = new Matrix(d, d);
  kernelsFor('gemm', d * d * n).gemm(1, 0, d, d, n, 1 / (n - ddof), xc, xc, 0, c.data);
  symmetrizeFromUpper(c);
  return c;
}

/**
 * Column means by the `colMeans` kernel (summed relative to the first row, so a large mean
 * beside a small spread keeps its digits for the centring). Internal: x has ≥ 1 row.
 */
export function columnMeans(x: Matrix): Float64Array {
  const mu = new Float64Array(x.cols);
  kernelsFor('colMeans', x.rows * x.cols).colMeans(x.rows, x.cols, x.data, mu);
  // The shifted sums give ∞ − ∞ = NaN for a column holding ±∞ (and wasm did so even for one
  // row: found by the API fuzz); such a column's mean is its plain IEEE sum / n, as numpy's.
  const { rows, cols, data } = x;
  for (let j = 0; j < cols; j++) {
    if (Number.isFinite(mu[j])) continue;
    let s = 0;
    for (let i = 0; i < rows; i++) s += data[i * cols + j];
    mu[j] = s / rows;
  }
  return mu;
}

/** Copies the upper triangle onto the lower (a symmetric result whatever the summation order). */
export function symmetrizeFromUpper(c: Matrix): void {
  const n = c.rows;
  const a = c.data;
  for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) a[i * n + j] = a[j * n + i];
}

export function needRows(x: Matrix, min: number, fn: string, name: string, why = ''): void {
  if (x.rows < min) {
    throw new ShapeError(`${fn}: ${name} needs at least ${min} row${min === 1 ? '' : 's'} (samples)${why}; got ${x.rows}×${x.cols}`, [x.shape]);
  }
}
