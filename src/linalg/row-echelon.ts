/**
 * Row echelon form and the questions it answers: is A singular, what is its rank.
 *
 * Two eliminations (the course, "Identifying special matrices"):
 * - `'partial-pivot'` (default): Gaussian elimination with row swaps to the largest |pivot|,
 *   on any m × n matrix. Each pivot row is normalised to a leading 1.
 * - `'row-addition'`: the course's method on n × n matrices, no swaps. Row i first has
 *   A[i,j]·row j subtracted for each earlier (normalised) row j; while its pivot is zero it
 *   adds the next lower row (accumulating) and eliminates again; if the pivot is still zero
 *   the matrix is singular, otherwise row i is divided by its pivot.
 *
 * "Zero" means |p| ≤ tol · max|A|. The course tests p == 0 (`tol: 0`), which misclassifies
 * singular matrices in floating point: rounding leaves a last pivot of 2e-16 where exact
 * arithmetic gives 0, and a matrix with a whole zero row is reported non-singular.
 */
import { callPinned, type BackendOption } from '../backend/registry.js';
import { OptionError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { asMatrix, assertFinite, assertSquare, numberOption, optionsObject } from '../validate.js';
import { luFactor } from './lu.js';
import { svdOf } from './svd.js';

const EPS = 2 ** -52;

/**
 * How `rowEchelon` eliminates: `'partial-pivot'` (Gaussian elimination with row swaps to the
 * largest |pivot|, any m × n) or `'row-addition'` (the course's method, n × n, no swaps: a zero
 * pivot is fixed by adding the rows below).
 */
export type EchelonStrategy = 'partial-pivot' | 'row-addition';

/** Options of `rowEchelon` and `isSingular`. */
export interface RowEchelonOptions extends BackendOption {
  /** A pivot p is zero when |p| ≤ tol · max|A| (default 1e-10; 0 = the course's exact test). */
  tol?: number;
  /** Elimination method (default `'partial-pivot'`). */
  strategy?: EchelonStrategy;
}

/** The result of `rowEchelon`. */
export interface RowEchelonResult {
  /**
   * The reduced matrix (same shape as A): each pivot row has a leading 1 and zeros below
   * every pivot. With `'row-addition'` on a singular matrix, elimination stops at the first
   * zero pivot (as the course does): rows above it are reduced, that row holds its last
   * state, rows below are untouched.
   */
  matrix: Matrix;
  /** Column index of each pivot, in row order (pivot r sits at row r). */
  pivots: number[];
  /**
   * True when A is rank-deficient to the tolerance: fewer pivots than min(m, n) (for square
   * A: singular).
   */
  singular: boolean;
}

function parseOptions(options: RowEchelonOptions | undefined, fn: string): { tol: number; strategy: EchelonStrategy } {
  const tol = numberOption(options?.tol, `${fn}: tol`, 1e-10, { min: 0 });
  const strategy = options?.strategy === undefined ? 'partial-pivot' : options?.strategy; // null is refused below, not defaulted
  if (strategy !== 'partial-pivot' && strategy !== 'row-addition') {
    throw new OptionError(`${fn}: strategy`, `'partial-pivot' or 'row-addition'`, strategy);
  }
  return { tol, strategy };
}

/**
 * Row echelon form of A (m × n; `'row-addition'` needs n × n). Returns the reduced matrix
 * (m × n), the pivot columns and whether A is singular (rank-deficient) to the tolerance.
 * A is not modified. Throws `NonFiniteError` on NaN/±Inf, `OptionError` on a negative `tol`
 * or unknown `strategy`.
 * @example rowEchelon([[0, 2, 1], [1, 1, 1], [2, 1, 0]], { strategy: 'row-addition' })
 *   // { matrix: [[1, 3, 2], [0, 1, 0.5], [0, 0, 1]], pivots: [0, 1, 2], singular: false }
 * @example rowEchelon([[1, 2], [2, 4]]).pivots // [0]
 */
export function rowEchelon(a: MatrixLike, options?: RowEchelonOptions): RowEchelonResult {
  const pinned = callPinned(rowEchelon, [a, options], 'rowEchelon');
  if (pinned) return pinned.result as RowEchelonResult;
  options = optionsObject(options, 'rowEchelon', ['tol', 'strategy']);
  const m = asMatrix(a, 'rowEchelon: A');
  const { tol, strategy } = parseOptions(options, 'rowEchelon');
  assertFinite(m, 'rowEchelon: A');
  if (strategy === 'row-addition' && m.rows !== m.cols) {
    throw new ShapeError(`rowEchelon: strategy 'row-addition' needs a square matrix; got ${m.rows}×${m.cols}`, [m.shape]);
  }
  const b = m.data.slice();
  let maxAbs = 0;
  for (let i = 0; i < b.length; i++) maxAbs = Math.max(maxAbs, Math.abs(b[i]));
  const zero = tol * maxAbs;
  const pivots = strategy === 'row-addition' ? rowAddition(b, m.rows, zero) : partialPivot(b, m.rows, m.cols, zero);
  for (let i = 0; i < b.length; i++) b[i] += 0; // -0 → 0
  return { matrix: new Matrix(m.rows, m.cols, b), pivots, singular: pivots.length < Math.min(m.rows, m.cols) };
}

/** Gaussian elimination with partial pivoting on b (m × n, in place); returns pivot columns. */
function partialPivot(b: Float64Array, m: number, n: number, zero: number): number[] {
  const pivots: number[] = [];
  let r = 0;
  for (let c = 0; c < n && r < m; c++) {
    let p = r;
    let best = Math.abs(b[r * n + c]);
    for (let i = r + 1; i < m; i++) {
      const v = Math.abs(b[i * n + c]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (best <= zero) {
      for (let i = r; i < m; i++) b[i * n + c] = 0; // negligible: clean zeros below the staircase
      continue;
    }
    if (p !== r) {
      for (let j = c; j < n; j++) {
        const t = b[r * n + j];
        b[r * n + j] = b[p * n + j];
        b[p * n + j] = t;
      }
    }
    const rr = r * n;
    const pivot = b[rr + c];
    for (let j = c + 1; j < n; j++) b[rr + j] /= pivot;
    b[rr + c] = 1;
    for (let i = r + 1; i < m; i++) {
      const ri = i * n;
      const f = b[ri + c];
      b[ri + c] = 0;
      if (f !== 0) for (let j = c + 1; j < n; j++) b[ri + j] -= f * b[rr + j];
    }
    pivots.push(c);
    r++;
  }
  return pivots;
}

/**
 * The course's elimination on b (n × n, in place), with the same arithmetic in the same order
 * (whole-row updates), so `tol: 0` reproduces its floating-point results exactly.
 */
function rowAddition(b: Float64Array, n: number, zero: number): number[] {
  const pivots: number[] = [];
  const eliminate = (i: number): void => {
    const ri = i * n;
    for (let j = 0; j < i; j++) {
      const rj = j * n;
      const f = b[ri + j];
      for (let c = 0; c < n; c++) b[ri + c] = b[ri + c] - f * b[rj + c];
    }
  };
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    eliminate(i);
    for (let k = i + 1; Math.abs(b[ri + i]) <= zero && k < n; k++) {
      const rk = k * n;
      for (let c = 0; c < n; c++) b[ri + c] = b[ri + c] + b[rk + c];
      eliminate(i);
    }
    if (Math.abs(b[ri + i]) <= zero) break; // singular: stop here, as the course does
    const pivot = b[ri + i];
    for (let c = 0; c < n; c++) b[ri + c] = b[ri + c] / pivot;
    pivots.push(i);
  }
  return pivots;
}

/**
 * Whether square A (n × n) is singular: `rowEchelon(A, options).singular`, i.e. some pivot
 * is ≤ tol · max|A| (default tol 1e-10, partial pivoting). Throws `ShapeError` for
 * non-square A. With partial pivoting (the default) the pivots are U's diagonal in the LU
 * factorisation P·A = L·U — the same eliminations with the same row choices — so the answer
 * comes from the `getrf` kernel; `strategy: 'row-addition'` runs the course's elimination.
 * @example isSingular([[1, 2], [2, 4]]) // true
 * @example isSingular([[0, 1], [1, 0]]) // false
 */
export function isSingular(a: MatrixLike, options?: RowEchelonOptions): boolean {
  const pinned = callPinned(isSingular, [a, options], 'isSingular');
  if (pinned) return pinned.result as boolean;
  options = optionsObject(options, 'isSingular', ['tol', 'strategy']);
  const m = asMatrix(a, 'isSingular: A');
  assertSquare(m, 'isSingular: A');
  const { tol, strategy } = parseOptions(options, 'isSingular');
  if (strategy === 'row-addition') return rowEchelon(m, options).singular;
  const f = luFactor(m, 'isSingular: A');
  const zero = tol * f.maxAbs;
  for (let j = 0; j < f.n; j++) if (Math.abs(f.lu[j * f.n + j]) <= zero) return true;
  return false;
}

/** Options of `rank` (numpy's `matrix_rank` semantics). */
export interface RankOptions extends BackendOption {
  /** Absolute threshold: singular values ≤ tol count as zero. */
  tol?: number;
  /** Relative threshold: singular values ≤ rtol · max(s) count as zero. Default max(m, n)·ε. */
  rtol?: number;
}

/**
 * The rank of A (m × n): the number of singular values above a threshold, as numpy's
 * `matrix_rank`. With no options the threshold is max(s) · max(m, n) · ε; `tol` gives an
 * absolute threshold and `rtol` a relative one (not both). Note that `tol` here is absolute,
 * on singular values — unlike `rowEchelon`'s, which scales pivots by max|A|.
 * @throws NonFiniteError at a NaN/±Inf; OptionError for a negative `tol`/`rtol`, or both given.
 * @example rank([[1, 2, 3], [4, 5, 6], [7, 8, 9]]) // 2
 * @example rank([[1, 0], [0, 1e-12]], { rtol: 1e-10 }) // 1
 */
export function rank(a: MatrixLike, options?: RankOptions): number {
  const pinned = callPinned(rank, [a, options], 'rank');
  if (pinned) return pinned.result as number;
  options = optionsObject(options, 'rank', ['tol', 'rtol']);
  const m = asMatrix(a, 'rank: A');
  if (options?.tol !== undefined && options.rtol !== undefined) {
    throw new OptionError('rank: tol', 'unset when rtol is given (they are alternatives)', options.tol);
  }
  const tol = options?.tol === undefined ? undefined : numberOption(options.tol, 'rank: tol', 0, { min: 0 });
  const rtol = numberOption(options?.rtol, 'rank: rtol', Math.max(m.rows, m.cols) * EPS, { min: 0 });
  assertFinite(m, 'rank: A');
  if (m.rows === 0 || m.cols === 0) return 0;
  const { s } = svdOf(m, false, 'rank');
  const threshold = tol ?? s[0] * rtol;
  let r = 0;
  for (let i = 0; i < s.length; i++) if (s[i] > threshold) r++;
  return r;
}
