/**
 * Singular value decomposition on the `gesdd` kernel (native and wasm: LAPACK's pipeline —
 * bidiagonalisation, bidiagonal divide and conquer or QR, back-transformation on gemm; ts:
 * one-sided Jacobi), and what is built on it: `pinv`, `cond` (and `rank`, in row-echelon.ts).
 * The facade validates, allocates, and makes the signs deterministic; all numerics are in the
 * kernel.
 */
import { callPinned, type BackendOption } from '../backend/registry.js';
import { extremeScaleFor } from '../stats/scaling.js';
import { kernelsFor } from '../backend/dispatch.js';
import { ConvergenceError, OptionError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { asMatrix, assertFinite, integerOption, numberOption, optionsObject } from '../validate.js';

/** Options of `svd`. */
export interface SvdOptions extends BackendOption {
  /** Compute `u` and `vt` (default true). With false only `s` is returned. */
  vectors?: boolean;
  /**
   * numpy's `full_matrices` (default false, the thin SVD): with true, `u` is m × m and `vt` is
   * n × n, their columns/rows past min(m, n) completing orthonormal bases.
   */
  full?: boolean;
  /**
   * Accepted for compatibility and ignored: the SVD used to be a Jacobi iteration capped at this
   * many sweeps; the kernels now cap their own iterations (LAPACK's) and report
   * `ConvergenceError` past them. Still validated (an integer ≥ 1).
   */
  maxSweeps?: number;
}

/** SVD: A (m × n) = u · diag(s) · vt; k = min(m, n). */
export interface SvdResult {
  /** m × k (m × m with `full`), orthonormal columns. */
  u: Matrix;
  /** Length k, descending, ≥ 0. */
  s: Float64Array;
  /** k × n (n × n with `full`), orthonormal rows (numpy's `vh`). */
  vt: Matrix;
}

/**
 * Singular value decomposition, numpy's `svd(A, full_matrices=False)` (or `=True` with
 * `full`): A (m × n) = u (m × k) · diag(s) · vt (k × n), k = min(m, n), s descending. Signs are
 * made deterministic: each column of u has its largest-|x| entry positive (first such on ties),
 * with the matching row of vt flipped alongside (rows of vt past k, with `full`, get the same
 * rule on their own entries). For rank-deficient A the columns of u (or rows of vt) that belong
 * to exactly-zero singular values complete an orthonormal set. Throws `NonFiniteError` on
 * NaN/±Inf, `ConvergenceError` if the kernel's iteration does not converge.
 * @throws ShapeError when A is not a matrix; NonFiniteError at a NaN/±Inf; ConvergenceError if the
 *   iteration does not converge; OptionError for a bad option.
 * @example svd([[3, 0], [0, -4]]).s // Float64Array [4, 3]
 * @example svd([[1, 2], [2, 4]], { vectors: false }).s // [5, 0] (to rounding)
 * @example svd([[1, 2], [3, 4], [5, 6]], { full: true }).u.shape // [3, 3]
 */
export function svd(a: MatrixLike, options: SvdOptions & { vectors: false }): {
  /** Singular values, descending. */
  s: Float64Array;
};
export function svd(a: MatrixLike, options?: SvdOptions & { vectors?: true }): SvdResult;
export function svd(a: MatrixLike, options?: SvdOptions): SvdResult | {
  /** Singular values, descending. */
  s: Float64Array;
};
export function svd(a: MatrixLike, options?: SvdOptions): SvdResult | { s: Float64Array } {
  const pinned = callPinned(svd, [a, options], 'svd');
  if (pinned) return pinned.result as SvdResult | { s: Float64Array };
  options = optionsObject(options, 'svd', ['vectors', 'full', 'maxSweeps']);
  const m = asMatrix(a, 'svd: A');
  assertFinite(m, 'svd: A');
  const vectors = options?.vectors === undefined ? true : options?.vectors; // null is refused below, not defaulted
  if (typeof vectors !== 'boolean') throw new OptionError('svd: vectors', 'a boolean', vectors);
  const full = options?.full === undefined ? false : options?.full;
  if (typeof full !== 'boolean') throw new OptionError('svd: full', 'a boolean', full);
  integerOption(options?.maxSweeps, 'svd: maxSweeps', 60, 1);
  return svdOf(m, vectors, 'svd', full);
}

/** The SVD of a validated finite matrix (internal entry for svd, pinv, cond, rank, project). */
export function svdOf(a: Matrix, vectors: true, fn: string, full?: boolean): SvdResult;
export function svdOf(a: Matrix, vectors: boolean, fn: string, full?: boolean): SvdResult | { s: Float64Array };
export function svdOf(a: Matrix, vectors: boolean, fn: string, full = false): SvdResult | { s: Float64Array } {
  const { rows: m, cols: n } = a;
  const k = Math.min(m, n);
  const jobz = !vectors ? 0 : full ? 2 : 1;
  const uc = full ? m : k;
  const vr = full ? n : k;
  const s = new Float64Array(k);
  const u = new Matrix(m, vectors ? uc : 0);
  const vt = new Matrix(vectors ? vr : 0, n);
  // Entries past 2^480 (or below 2^-480) are scaled by an exact power of two first, as LAPACK's
  // dgesdd does: the ts kernel squares them, and would return ∞ (or 0) singular values.
  const factor = extremeScaleFor(a.data);
  const work = factor === 1 ? a.data.slice() : a.data.map((v) => v * factor); // the kernel destroys it
  const info = kernelsFor('gesdd', m * n * Math.max(k, 1)).gesdd(jobz, m, n, work, s, u.data, vt.data);
  if (info !== 0) {
    throw new ConvergenceError(`${fn}: the SVD iteration did not converge (LAPACK info ${info})`, info);
  }
  if (factor !== 1) for (let i = 0; i < k; i++) s[i] /= factor;
  if (!vectors) return { s };
  normaliseSigns(u, vt, k);
  return { u, s, vt };
}

/**
 * Column j of u gets its largest-|x| entry positive (first on ties), row j of vt flipped with
 * it (j < k); rows of vt past k (full) get the rule on their own entries.
 */
function normaliseSigns(u: Matrix, vt: Matrix, k: number): void {
  const { rows: m, cols: uc } = u;
  const { rows: vr, cols: n } = vt;
  for (let j = 0; j < uc; j++) {
    let big = 0;
    for (let i = 1; i < m; i++) if (Math.abs(u.data[i * uc + j]) > Math.abs(u.data[big * uc + j])) big = i;
    if (u.data[big * uc + j] < 0) {
      for (let i = 0; i < m; i++) u.data[i * uc + j] = -u.data[i * uc + j] + 0;
      if (j < k) for (let i = 0; i < n; i++) vt.data[j * n + i] = -vt.data[j * n + i] + 0;
    }
  }
  for (let j = k; j < vr; j++) {
    let big = 0;
    for (let i = 1; i < n; i++) if (Math.abs(vt.data[j * n + i]) > Math.abs(vt.data[j * n + big])) big = i;
    if (vt.data[j * n + big] < 0) for (let i = 0; i < n; i++) vt.data[j * n + i] = -vt.data[j * n + i] + 0;
  }
}

/** Options of `pinv`. */
export interface PinvOptions extends BackendOption {
  /**
   * Singular values ≤ rcond · max(s) are treated as zero. Default 1e-15, numpy's default
   * (`np.linalg.pinv(a)` with neither `rcond` nor `rtol` given, numpy ≤ 2.4).
   */
  rcond?: number;
}

/**
 * Moore–Penrose pseudo-inverse by SVD (numpy's `pinv`): A (m × n) → A⁺ (n × m) =
 * V · diag(1/sᵢ for sᵢ > rcond·max s, else 0) · Uᵀ. Handles rank-deficient and rectangular A;
 * the zero matrix gives the zero matrix.
 * @throws NonFiniteError at a NaN/±Inf; OptionError for a bad `rcond`; ConvergenceError if the SVD
 *   does not converge.
 * @example pinv([[1, 2], [2, 4]]).toArray() // [[0.04, 0.08], [0.08, 0.16]] (to rounding)
 */
export function pinv(a: MatrixLike, options?: PinvOptions): Matrix {
  const pinned = callPinned(pinv, [a, options], 'pinv');
  if (pinned) return pinned.result as Matrix;
  options = optionsObject(options, 'pinv', ['rcond']);
  const m = asMatrix(a, 'pinv: A');
  assertFinite(m, 'pinv: A');
  const rcond = numberOption(options?.rcond, 'pinv: rcond', 1e-15, { min: 0 });
  const { rows, cols } = m;
  const out = new Matrix(cols, rows);
  if (rows === 0 || cols === 0) return out;
  const { u, s, vt } = svdOf(m, true, 'pinv');
  const k = s.length;
  const cutoff = rcond * s[0];
  let r = 0;
  while (r < k && s[r] > cutoff) r++;
  if (r === 0) return out;
  // scaled (r × m) = diag(1/s) · Uᵀ restricted to the kept columns.
  const scaled = new Float64Array(r * rows);
  for (let i = 0; i < rows; i++) for (let j = 0; j < r; j++) scaled[j * rows + i] = u.data[i * k + j] / s[j];
  // A⁺ (n × m) = vtᵀ (n × r) · scaled (r × m); vt's first r rows are a contiguous prefix.
  kernelsFor('gemm', cols * rows * r).gemm(1, 0, cols, rows, r, 1, vt.data.subarray(0, r * cols), scaled, 0, out.data);
  return out;
}

/**
 * The 2-norm condition number, max(s) / min(s) from the SVD (numpy's `cond(A)`), for any
 * m × n A with m, n ≥ 1. Infinity when the smallest singular value is exactly zero.
 * @throws ShapeError for an empty A (no rows or no columns); NonFiniteError at a NaN/±Inf.
 * @example cond([[1, 0], [0, 1e-3]]) // 1000
 */
export function cond(a: MatrixLike, options: BackendOption = {}): number {
  const pinned = callPinned(cond, [a, options], 'cond');
  if (pinned) return pinned.result as number;
  optionsObject(options, 'cond', []);
  const m = asMatrix(a, 'cond: A');
  if (m.rows === 0 || m.cols === 0) {
    throw new ShapeError(`cond: A must have at least one row and column; got ${m.rows}×${m.cols}`, [m.shape]);
  }
  assertFinite(m, 'cond: A');
  const { s } = svdOf(m, false, 'cond');
  const smin = s[s.length - 1];
  return smin === 0 ? Infinity : s[0] / smin;
}
