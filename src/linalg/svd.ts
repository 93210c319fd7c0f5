/**
 * Singular value decomposition by one-sided Jacobi (Hestenes), and what is built on it:
 * `pinv`, `cond` (and `rank`, in row-echelon.ts).
 *
 * Why Jacobi: it is short, needs no bidiagonalisation, is backward stable (‖A − UΣVᵀ‖ ≈ ε‖A‖)
 * and, for matrices that are well-conditioned up to a column scaling, computes even tiny
 * singular values to high relative accuracy (Demmel & Veselić 1992). (Hilbert-like matrices
 * are not of that kind: there, as with LAPACK, small singular values are accurate to ε·s_max.) Cost is a few sweeps of k²/2 plane
 * rotations of length l (k = min(m, n), l = max(m, n)); fine for the course's sizes and
 * a few hundred rows/columns.
 *
 * The k vectors being orthogonalised are stored as contiguous ROWS of a k × l work matrix W:
 * the columns of A when m ≥ n (W = Aᵀ), the rows of A when m < n (W = A). Rotations R
 * (k × k, orthogonal) accumulate so that R·W₀ = diag(s)·X with X's rows orthonormal. Then
 * m ≥ n: A = Xᵀ·diag(s)·R (u = Xᵀ, vt = R);  m < n: A = Rᵀ·diag(s)·X (u = Rᵀ, vt = X).
 */
import { kernelsFor } from '../backend/dispatch.js';
import { ConvergenceError, OptionError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { asMatrix, assertFinite, integerOption, numberOption, optionsObject } from '../validate.js';

const EPS = 2 ** -52;

/** Rows of W smaller than this (after scaling A to max|A| = 1) are treated as exactly zero:
 * their squared norms would be at or below the underflow range. */
const NEGLIGIBLE = 1e-150;
const NEGLIGIBLE_SQ = NEGLIGIBLE * NEGLIGIBLE;

/** Options of `svd`. */
export interface SvdOptions {
  /** Compute `u` and `vt` (default true). With false only `s` is returned. */
  vectors?: boolean;
  /** Cap on Jacobi sweeps before `ConvergenceError` (default 60; typically 5–12 are used). */
  maxSweeps?: number;
}

/** Thin SVD: A (m × n) = u · diag(s) · vt, k = min(m, n). */
export interface SvdResult {
  /** m × k, orthonormal columns. */
  u: Matrix;
  /** Length k, descending, ≥ 0. */
  s: Float64Array;
  /** k × n, orthonormal rows (numpy's `vh`). */
  vt: Matrix;
}

/**
 * Thin singular value decomposition, numpy's `svd(A, full_matrices=False)`: A (m × n) =
 * u (m × k) · diag(s) · vt (k × n), k = min(m, n), s descending. Signs are made
 * deterministic: each column of u has its largest-|x| entry positive (first such on ties),
 * with the matching row of vt flipped alongside. For rank-deficient A the columns of u (or
 * rows of vt) that belong to exactly-zero singular values are completed to an orthonormal
 * set. Throws `NonFiniteError` on NaN/±Inf, `ConvergenceError` past `maxSweeps`.
 * @example svd([[3, 0], [0, -4]]).s // Float64Array [4, 3]
 * @example svd([[1, 2], [2, 4]], { vectors: false }).s // [5, 0] (to rounding)
 */
export function svd(a: MatrixLike, options: SvdOptions & { vectors: false }): { s: Float64Array };
export function svd(a: MatrixLike, options?: SvdOptions & { vectors?: true }): SvdResult;
export function svd(a: MatrixLike, options?: SvdOptions): SvdResult | { s: Float64Array };
export function svd(a: MatrixLike, options?: SvdOptions): SvdResult | { s: Float64Array } {
  options = optionsObject(options, 'svd');
  const m = asMatrix(a, 'svd: A');
  assertFinite(m, 'svd: A');
  const vectors = options?.vectors === undefined ? true : options?.vectors; // null is refused below, not defaulted
  if (typeof vectors !== 'boolean') throw new OptionError('svd: vectors', 'a boolean', vectors);
  const maxSweeps = integerOption(options?.maxSweeps, 'svd: maxSweeps', 60, 1);
  return jacobiSvd(m, vectors, maxSweeps, 'svd');
}

/** The SVD of a validated finite matrix (internal entry for pinv, cond, rank). */
export function jacobiSvd(a: Matrix, vectors: true, maxSweeps: number, fn: string): SvdResult;
export function jacobiSvd(a: Matrix, vectors: boolean, maxSweeps: number, fn: string): SvdResult | { s: Float64Array };
export function jacobiSvd(a: Matrix, vectors: boolean, maxSweeps: number, fn: string): SvdResult | { s: Float64Array } {
  const { rows: m, cols: n } = a;
  const tall = m >= n;
  const k = Math.min(m, n);
  const l = Math.max(m, n);

  // W (k × l): the vectors to orthogonalise, as rows, scaled so max|A| = 1 (no overflow in
  // the squared norms, whatever A's magnitude).
  let scale = 0;
  for (let i = 0; i < a.data.length; i++) scale = Math.max(scale, Math.abs(a.data[i]));
  const inv = scale > 0 ? 1 / scale : 1;
  const w = new Float64Array(k * l);
  if (tall) {
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) w[j * l + i] = a.data[i * n + j] * inv;
  } else {
    for (let i = 0; i < w.length; i++) w[i] = a.data[i] * inv;
  }
  const r = vectors ? new Float64Array(k * k) : undefined;
  if (r) for (let i = 0; i < k; i++) r[i * k + i] = 1;

  // Rotate while any pair is not orthogonal to within tol relative to the norms (LAPACK's
  // dgesvj uses sqrt(m)·ε: the dot products themselves carry ~sqrt(l)·ε relative rounding).
  const tol = Math.sqrt(l) * EPS;
  let sweep = 0;
  for (;;) {
    let rotated = 0;
    for (let p = 0; p < k - 1; p++) {
      const wp = p * l;
      for (let q = p + 1; q < k; q++) {
        const wq = q * l;
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < l; i++) {
          const x = w[wp + i];
          const y = w[wq + i];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        // A row below NEGLIGIBLE is zero for good: rotating it against others only shrinks it
        // into the subnormals, where β underflows before γ and the test never passes.
        if (alpha < NEGLIGIBLE_SQ || beta < NEGLIGIBLE_SQ) continue;
        if (gamma === 0 || Math.abs(gamma) <= tol * Math.sqrt(alpha) * Math.sqrt(beta)) continue;
        rotated++;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.hypot(1, zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < l; i++) {
          const x = w[wp + i];
          const y = w[wq + i];
          w[wp + i] = c * x - s * y;
          w[wq + i] = s * x + c * y;
        }
        if (r) {
          const rp = p * k;
          const rq = q * k;
          for (let i = 0; i < k; i++) {
            const x = r[rp + i];
            const y = r[rq + i];
            r[rp + i] = c * x - s * y;
            r[rq + i] = s * x + c * y;
          }
        }
      }
    }
    if (rotated === 0) break;
    if (++sweep >= maxSweeps) {
      throw new ConvergenceError(
        `${fn}: one-sided Jacobi SVD did not converge in ${maxSweeps} sweeps (${rotated} rotations in the last); ` +
          `raise the maxSweeps option`,
        sweep,
      );
    }
  }

  // Singular values = row norms; order descending (stable on ties).
  const norms = new Float64Array(k);
  for (let p = 0; p < k; p++) {
    let sum = 0;
    for (let i = 0; i < l; i++) sum += w[p * l + i] * w[p * l + i];
    norms[p] = Math.sqrt(sum);
  }
  const order = Array.from({ length: k }, (_, i) => i).sort((x, y) => norms[y] - norms[x] || x - y);
  const sv = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const v = norms[order[j]];
    sv[j] = v < NEGLIGIBLE ? 0 : v * scale;
  }
  if (!r) return { s: sv };

  // X (k × l): normalised rows in the new order; R's rows permuted alike.
  const x = new Float64Array(k * l);
  const rs = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    const src = order[j];
    rs.set(r.subarray(src * k, (src + 1) * k), j * k);
    const nrm = norms[src];
    if (nrm >= NEGLIGIBLE) for (let i = 0; i < l; i++) x[j * l + i] = w[src * l + i] / nrm;
  }
  // Zero singular values: complete X's rows to an orthonormal set (they are at the end).
  for (let j = 0; j < k; j++) if (norms[order[j]] < NEGLIGIBLE) completeRow(x, j, l);

  // Sign convention on u's columns (= X's rows when tall, = Rᵀ's columns = R's rows otherwise).
  for (let j = 0; j < k; j++) {
    const uRow = tall ? x.subarray(j * l, (j + 1) * l) : rs.subarray(j * k, (j + 1) * k);
    let big = 0;
    for (let i = 1; i < uRow.length; i++) if (Math.abs(uRow[i]) > Math.abs(uRow[big])) big = i;
    if (uRow[big] < 0) {
      for (let i = 0; i < l; i++) x[j * l + i] = -x[j * l + i] + 0;
      for (let i = 0; i < k; i++) rs[j * k + i] = -rs[j * k + i] + 0;
    }
  }

  if (tall) return { u: transposeOf(x, k, l), s: sv, vt: new Matrix(k, k, rs) };
  return { u: transposeOf(rs, k, k), s: sv, vt: new Matrix(k, l, x) };
}

/** Row j of x (k × l) ← a unit vector orthogonal to rows 0..j-1 and to the non-zero later rows. */
function completeRow(x: Float64Array, j: number, l: number): void {
  const k = x.length / l;
  const v = new Float64Array(l);
  let bestNorm = -1;
  let best: Float64Array | undefined;
  for (let e = 0; e < l; e++) {
    v.fill(0);
    v[e] = 1;
    // Gram–Schmidt twice ("twice is enough", Kahan/Parlett) against every other row.
    for (let pass = 0; pass < 2; pass++) {
      for (let q = 0; q < k; q++) {
        if (q === j) continue;
        let d = 0;
        for (let i = 0; i < l; i++) d += x[q * l + i] * v[i];
        if (d !== 0) for (let i = 0; i < l; i++) v[i] -= d * x[q * l + i];
      }
    }
    let nrm = 0;
    for (let i = 0; i < l; i++) nrm += v[i] * v[i];
    nrm = Math.sqrt(nrm);
    if (nrm > bestNorm) {
      bestNorm = nrm;
      best = v.slice();
    }
    if (nrm > 0.5) break; // well away from the span: good enough
  }
  for (let i = 0; i < l; i++) x[j * l + i] = best![i] / bestNorm;
}

function transposeOf(src: Float64Array, rows: number, cols: number): Matrix {
  const out = new Matrix(cols, rows);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out.data[j * rows + i] = src[i * cols + j];
  return out;
}

/** Options of `pinv`. */
export interface PinvOptions {
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
 * @example pinv([[1, 2], [2, 4]]).toArray() // [[0.04, 0.08], [0.08, 0.16]] (to rounding)
 */
export function pinv(a: MatrixLike, options?: PinvOptions): Matrix {
  options = optionsObject(options, 'pinv');
  const m = asMatrix(a, 'pinv: A');
  assertFinite(m, 'pinv: A');
  const rcond = numberOption(options?.rcond, 'pinv: rcond', 1e-15, { min: 0 });
  const { rows, cols } = m;
  const out = new Matrix(cols, rows);
  if (rows === 0 || cols === 0) return out;
  const { u, s, vt } = jacobiSvd(m, true, 60, 'pinv');
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
 * @example cond([[1, 0], [0, 1e-3]]) // 1000
 */
export function cond(a: MatrixLike): number {
  const m = asMatrix(a, 'cond: A');
  if (m.rows === 0 || m.cols === 0) {
    throw new ShapeError(`cond: A must have at least one row and column; got ${m.rows}×${m.cols}`, [m.shape]);
  }
  assertFinite(m, 'cond: A');
  const { s } = jacobiSvd(m, false, 60, 'cond');
  const smin = s[s.length - 1];
  return smin === 0 ? Infinity : s[0] / smin;
}
