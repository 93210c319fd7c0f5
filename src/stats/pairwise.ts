/**
 * Pairwise Euclidean distance matrices between the rows of two data sets, through the
 * `pairwiseSqDist` kernel (‖x‖² + ‖y‖² − 2 x·y, clamped at 0), blocked over rows of X.
 */
import { callPinned, type BackendOption } from '../backend/registry.js';
import { extremeScaleFor } from './scaling.js';
import { kernelsFor } from '../backend/dispatch.js';
import { OptionError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { asMatrix, booleanOption, optionsObject } from '../validate.js';

/** Options of `pairwiseDistances`. */
export interface PairwiseDistancesOptions extends BackendOption {
  /** Return squared distances (skips the square roots). Default false. */
  squared?: boolean;
  /**
   * Compute Σ (x − y)² directly instead of by the expansion: accurate for tiny distances
   * between large vectors, but a plain O(m·n·d) loop on the ts backend (tens of times slower
   * than the kernel at MNIST scale). Default false.
   */
  exact?: boolean;
}

/**
 * Entries of one distance block (rows of X × columns) that bound the temporaries: the wasm
 * backend copies a block of X, Y and the block of D into its memory per call, so this caps that
 * at ~32 MB beyond Y; native and ts write straight into the output. Large enough that the
 * per-call repacking of Y inside gemm stays a few percent of the arithmetic.
 */
export const BLOCK_ENTRIES = 1 << 22;

/**
 * Distances between every row of X (m × d) and every row of Y (n × d): an m × n matrix with
 * D[i][j] = ‖X_i − Y_j‖. Y defaults to X (then the diagonal is exactly 0).
 *
 * Computed as ‖x‖² + ‖y‖² − 2 x·y (one gemm per block, scikit-learn's `euclidean_distances`),
 * clamped at 0. That expansion loses RELATIVE accuracy for distances much smaller than the
 * vectors themselves (absolute error ≈ a few ε·(‖x‖² + ‖y‖²) in the squared distance, so
 * near-duplicates come out as ~1e-8·‖x‖ instead of their true tiny distance): pass
 * `{ exact: true }` when those matter. NaN/±Inf propagate (NaN policy of products).
 *
 * Memory: the full m × n result is allocated (for 70 000 MNIST rows against themselves that
 * alone is 39 GB); temporaries are O(block·d) plus the row norms. To classify or find
 * neighbours at that scale use `nearestNeighbors` / `knn`, which stream over blocks and never
 * hold the matrix.
 * @throws ShapeError when X and Y differ in columns; OptionError for an unknown option.
 * @example pairwiseDistances([[0, 0], [3, 4]]).toArray() // [[0, 5], [5, 0]]
 * @example pairwiseDistances([[0, 0]], [[1, 0], [0, 2]], { squared: true }).toArray() // [[1, 4]]
 */
export function pairwiseDistances(X: MatrixLike, Y?: MatrixLike, options: PairwiseDistancesOptions = {}): Matrix {
  const pinned = callPinned(pairwiseDistances, [X, Y, options], 'pairwiseDistances');
  if (pinned) return pinned.result as Matrix;
  options = optionsObject(options, 'pairwiseDistances', ['squared', 'exact']);
  const x = asMatrix(X, 'pairwiseDistances: X');
  const self = Y === undefined || Y === X;
  const y = self ? x : asMatrix(Y, 'pairwiseDistances: Y');
  const squared = booleanOption(options.squared, 'pairwiseDistances: squared');
  const exact = booleanOption(options.exact, 'pairwiseDistances: exact');
  if (x.cols !== y.cols) {
    throw new ShapeError(
      `pairwiseDistances: X is ${x.rows}×${x.cols} and Y is ${y.rows}×${y.cols}; both need the same number of columns (features)`,
      [x.shape, y.shape],
    );
  }
  // Entries past 2^480 square to ∞ and the expansion gives ∞ − ∞ = NaN (found by the API fuzz):
  // distances are computed on the data scaled by an exact power of two, then scaled back.
  const factor = self ? extremeScaleFor(x.data) : Math.min(extremeScaleFor(x.data), extremeScaleFor(y.data));
  if (factor !== 1 && Number.isFinite(factor)) {
    const scaledX = new Matrix(x.rows, x.cols, x.data.map((v) => v * factor));
    const scaled = pairwiseDistances(scaledX, self ? undefined : new Matrix(y.rows, y.cols, y.data.map((v) => v * factor)), { squared, exact });
    // Divided twice: factor² itself may underflow to 0. A squared distance past 1.8e308 is ∞.
    for (let i = 0; i < scaled.data.length; i++) scaled.data[i] = squared ? scaled.data[i] / factor / factor : scaled.data[i] / factor;
    return scaled;
  }
  const out = new Matrix(x.rows, y.rows);
  if (exact) {
    exactSqDistBlock(x, 0, x.rows, y, 0, y.rows, out.data);
  } else {
    const yy = rowSqNorms(y);
    const xx = self ? yy : rowSqNorms(x);
    const step = blockRows(y.rows, x.cols);
    for (let i0 = 0; i0 < x.rows; i0 += step) {
      const i1 = Math.min(x.rows, i0 + step);
      sqDistBlock(x, i0, i1, xx, y, 0, y.rows, yy, out.data.subarray(i0 * y.rows, i1 * y.rows));
    }
  }
  // The expansion leaves rounding noise where x_i = y_i; a point's distance to itself is 0
  // (unless the point holds NaN: that stays NaN, as everywhere else).
  if (self) {
    for (let i = 0; i < x.rows; i++) {
      const k = i * x.rows + i;
      if (!Number.isNaN(out.data[k])) out.data[k] = 0;
    }
  }
  if (!squared) {
    const d = out.data;
    for (let i = 0; i < d.length; i++) d[i] = Math.sqrt(d[i]);
  }
  return out;
}

/** Rows of X per kernel call so that a block of D and of X stay within BLOCK_ENTRIES. */
export function blockRows(n: number, d: number): number {
  return Math.max(1, Math.floor(BLOCK_ENTRIES / Math.max(1, n, d)));
}

/** Σ_p X[i][p]² for every row (plain sums: the expansion's own accuracy is the limit anyway). */
export function rowSqNorms(x: Matrix): Float64Array {
  const { rows, cols, data } = x;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let p = i * cols, end = p + cols; p < end; p++) s += data[p] * data[p];
    out[i] = s;
  }
  return out;
}

/**
 * dist (rows i0..i1 of X × rows j0..j1 of Y, contiguous) ← squared distances by the kernel.
 * xx / yy are the squared norms of ALL rows of X / Y (indexed by absolute row).
 */
export function sqDistBlock(
  x: Matrix, i0: number, i1: number, xx: Float64Array,
  y: Matrix, j0: number, j1: number, yy: Float64Array,
  dist: Float64Array,
): void {
  const d = x.cols;
  const m = i1 - i0;
  const n = j1 - j0;
  kernelsFor('pairwiseSqDist', m * n * d).pairwiseSqDist(
    m, n, d,
    x.data.subarray(i0 * d, i1 * d), y.data.subarray(j0 * d, j1 * d),
    xx.subarray(i0, i1), yy.subarray(j0, j1),
    dist,
  );
}

/** The same block by Σ (x − y)² directly: no cancellation, O(m·n·d) scalar work. */
export function exactSqDistBlock(x: Matrix, i0: number, i1: number, y: Matrix, j0: number, j1: number, dist: Float64Array): void {
  const d = x.cols;
  const n = j1 - j0;
  const xd = x.data;
  const yd = y.data;
  for (let i = i0; i < i1; i++) {
    const xo = i * d;
    const row = (i - i0) * n;
    for (let j = j0; j < j1; j++) {
      const yo = j * d;
      let s = 0;
      for (let p = 0; p < d; p++) {
        const t = xd[xo + p] - yd[yo + p];
        s += t * t;
      }
      dist[row + j - j0] = s;
    }
  }
}

export { booleanOption } from '../validate.js';
