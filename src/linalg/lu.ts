/**
 * LU factorisation with partial pivoting (P·A = L·U) and what is built on it: `lu`, `det`,
 * `slogdet`, `inv`, `solve`. The numerics are the `getrf` / `getrs` / `getri` kernels; this
 * file validates, allocates, and reads the factors (O(n²) glue).
 */
import { callPinned, onRelease, type BackendOption } from '../backend/registry.js';
import { kernelsFor } from '../backend/dispatch.js';
import { NonFiniteError, ShapeError, SingularMatrixError } from '../errors.js';
import { Matrix, type MatrixLike, type VectorLike } from '../matrix.js';
import { asMatrix, assertFinite, assertSquare, asVector, isVectorLike, numberOption, optionsObject } from '../validate.js';

const EPS = 2 ** -52;

/** P·A = L·U packed LAPACK-style. Internal building block; not part of the public API. */
export interface LuFactors {
  /** Rows and columns of A. */
  m: number;
  n: number;
  /**
   * m × n row-major: strictly lower part is L (unit diagonal implied), upper part is U. Valid
   * until the next luFactor call (a reused buffer).
   */
  lu: Float64Array;
  /** getrf's interchanges: row i was swapped with row ipiv[i], i = 0 .. min(m, n) − 1. */
  ipiv: Int32Array;
  /** Row i of P·A is row `perm[i]` of A. */
  perm: Int32Array;
  /** det(P) = ±1 (parity of the row swaps). */
  parity: 1 | -1;
  /** max |A| of the input, the scale singularity tests are relative to. */
  maxAbs: number;
}

/**
 * Where luFactor puts the factors, reused from call to call: every caller reads them and drops
 * them before it returns, and a fresh n × n Float64Array per call cost page faults and zeroing
 * (~1–2 ms at n = 1000, a tenth of the factorisation itself; numpy's allocator reuses its heap).
 * Only up to SCRATCH_MAX entries (32 MB) is kept; larger factorisations allocate.
 */
const SCRATCH_MAX = 2 ** 22;
let scratch = new Float64Array(0);
onRelease(() => {
  scratch = new Float64Array(0);
});

function factorsBuffer(length: number): Float64Array {
  if (length > SCRATCH_MAX) return new Float64Array(length);
  if (scratch.length < length) scratch = new Float64Array(length);
  return scratch.subarray(0, length);
}

/**
 * Factorises A (not mutated) with the `getrf` kernel, after one pass that copies A, refuses
 * NaN/±Inf (`NonFiniteError` naming `name`) and finds max|A|. The factors live in a buffer the
 * next luFactor call overwrites: read what you need from them before calling it again.
 * Never throws on singular input: an exactly zero pivot column is skipped (as dgetrf does) and
 * shows up as a zero on U's diagonal.
 */
export function luFactor(a: Matrix, name: string): LuFactors {
  const { rows: m, cols: n } = a;
  const k = Math.min(m, n);
  const src = a.data;
  const lu = factorsBuffer(m * n);
  let maxAbs = 0;
  // One pass copies, checks and measures (timed faster than a scan followed by lu.set(src)).
  for (let i = 0; i < lu.length; i++) {
    const v = src[i];
    const av = Math.abs(v);
    if (!(av < Infinity)) assertFinite(a, name); // throws, with the entry's position
    if (av > maxAbs) maxAbs = av;
    lu[i] = v;
  }
  const ipiv = new Int32Array(k);
  const work = m * n * k;
  kernelsFor('getrf', work).getrf(m, n, lu, ipiv);
  const perm = new Int32Array(m);
  for (let i = 0; i < m; i++) perm[i] = i;
  let parity: 1 | -1 = 1;
  for (let i = 0; i < k; i++) {
    const p = ipiv[i];
    if (p !== i) {
      const t = perm[i];
      perm[i] = perm[p];
      perm[p] = t;
      parity = -parity as 1 | -1;
    }
  }
  return { m, n, lu, ipiv, perm, parity, maxAbs };
}

/** `lu`'s result: A = p · l · u. */
export interface LuResult {
  /** m × m permutation matrix. */
  p: Matrix;
  /** m × k unit lower triangular (trapezoidal when m > n), k = min(m, n); |entries| ≤ 1. */
  l: Matrix;
  /** k × n upper triangular (trapezoidal when n > m). */
  u: Matrix;
}

/**
 * LU decomposition with partial pivoting, with scipy.linalg.lu's conventions: A = p·l·u,
 * for square and rectangular A (m × n). `p` is m × m, `l` is m × k with a unit diagonal, `u`
 * is k × n, k = min(m, n). The pivot in each column is its entry of largest magnitude (on
 * exact ties, the first), as LAPACK's getrf (and so scipy) picks it. Singular A is fine (zeros
 * on u's diagonal). Refuses NaN/±Inf (`NonFiniteError`). An m × 0 A gives p = I (scipy
 * returns a 0 × 0 p there, which does not satisfy A = p·l·u).
 * @throws ShapeError when A is not a matrix; NonFiniteError at a NaN/±Inf. Never throws for
 *   singular A.
 * @example lu([[1, 2], [3, 4]])
 * // p = [[0, 1], [1, 0]], l = [[1, 0], [1/3, 1]], u = [[3, 4], [0, 2/3]]
 */
export function lu(a: MatrixLike, options: BackendOption = {}): LuResult {
  const pinned = callPinned(lu, [a, options], 'lu');
  if (pinned) return pinned.result as LuResult;
  optionsObject(options, 'lu', []);
  const A = asMatrix(a, 'lu: A');
  const f = luFactor(A, 'lu: A');
  const { m, n } = f;
  const k = Math.min(m, n);
  const p = new Matrix(m, m);
  for (let i = 0; i < m; i++) p.data[f.perm[i] * m + i] = 1;
  const l = new Matrix(m, k);
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < Math.min(i, k); j++) l.data[i * k + j] = f.lu[row + j];
    if (i < k) l.data[i * k + i] = 1;
  }
  const u = new Matrix(k, n);
  for (let i = 0; i < k; i++) u.data.set(f.lu.subarray(i * n + i, (i + 1) * n), i * n + i);
  return { p, l, u };
}

function squareInput(a: MatrixLike, fn: string): Matrix {
  const m = asMatrix(a, `${fn}: A`);
  assertSquare(m, `${fn}: A`);
  return m; // finiteness: checked by luFactor's copy
}

/**
 * The determinant, from LU with partial pivoting (numpy's `det`). Never throws for singular
 * A: an exactly singular factorisation gives 0; a numerically singular one gives a tiny
 * rounding-level number, as numpy does. Overflows to ±Infinity (or underflows to 0) for large
 * n — use `slogdet` there. A is n × n; the 0 × 0 determinant is 1.
 * @throws ShapeError when A is not square; NonFiniteError at a NaN/±Inf.
 * @example det([[1, 2], [3, 4]]) // -2 (to rounding)
 */
export function det(a: MatrixLike, options: BackendOption = {}): number {
  const pinned = callPinned(det, [a, options], 'det');
  if (pinned) return pinned.result as number;
  optionsObject(options, 'det', []);
  const f = luFactor(squareInput(a, 'det'), 'det: A');
  let d: number = f.parity;
  for (let i = 0; i < f.n; i++) d *= f.lu[i * f.n + i];
  return d === 0 ? 0 : d; // no -0
}

/** `slogdet`'s result: det A = sign · exp(logAbsDet). */
export interface SlogdetResult {
  /** 1, -1, or 0 for singular A. */
  sign: number;
  /** ln |det A|; -Infinity for singular A. */
  logAbsDet: number;
}

/**
 * Sign and natural log of |det A| without overflow (numpy's `slogdet`): for singular A (an
 * exactly zero pivot) `{ sign: 0, logAbsDet: -Infinity }`. A is n × n.
 * @throws ShapeError when A is not square; NonFiniteError at a NaN/±Inf.
 * @example slogdet([[2, 0], [0, -3]]) // { sign: -1, logAbsDet: Math.log(6) }
 */
export function slogdet(a: MatrixLike, options: BackendOption = {}): SlogdetResult {
  const pinned = callPinned(slogdet, [a, options], 'slogdet');
  if (pinned) return pinned.result as SlogdetResult;
  optionsObject(options, 'slogdet', []);
  const f = luFactor(squareInput(a, 'slogdet'), 'slogdet: A');
  let sign: number = f.parity;
  let logAbsDet = 0;
  for (let i = 0; i < f.n; i++) {
    const u = f.lu[i * f.n + i];
    if (u === 0) return { sign: 0, logAbsDet: -Infinity };
    if (u < 0) sign = -sign;
    logAbsDet += Math.log(Math.abs(u));
  }
  return { sign, logAbsDet };
}

/** Options of `inv` and `solve`. */
export interface SolveOptions extends BackendOption {
  /**
   * A pivot p of U counts as zero when |p| ≤ tol · max|A|. Default n·ε (n = A's order):
   * refuse matrices singular to working precision. `tol: 0` refuses only exact zero pivots
   * (numpy's behaviour, which returns huge, meaningless numbers for near-singular A).
   */
  tol?: number;
}

/** Throws SingularMatrixError at the first negligible pivot U(i, i) = pivot(i). */
function assertInvertible(n: number, pivot: (i: number) => number, maxAbs: number, tol: number, fn: string): void {
  const bound = tol * maxAbs;
  for (let i = 0; i < n; i++) {
    const p = pivot(i);
    if (p === 0) {
      throw new SingularMatrixError(
        `${fn}: A (${n}×${n}) is singular: pivot ${i} of its LU factorisation (partial pivoting) is exactly 0`,
      );
    }
    if (Math.abs(p) <= bound) {
      throw new SingularMatrixError(
        `${fn}: A (${n}×${n}) is singular to working precision: |pivot ${i}| = ${Math.abs(p).toExponential(3)} ≤ ` +
          `tol·max|A| = ${bound.toExponential(3)} (tol = ${tol.toExponential(3)}); ` +
          `pass { tol: 0 } to refuse only exact zero pivots`,
      );
    }
  }
}

function tolOption(options: SolveOptions | undefined, n: number, fn: string): number {
  return numberOption(options?.tol, `${fn}: tol`, n * EPS, { min: 0 });
}

/**
 * The inverse of a square matrix, by LU with partial pivoting. Throws `SingularMatrixError`
 * naming the offending pivot when a pivot is exactly zero or |pivot| ≤ tol·max|A| (default
 * tol = n·ε: numpy would return garbage there; `{ tol: 0 }` restores its behaviour).
 * A is n × n; the result is n × n.
 * @throws ShapeError when A is not square; NonFiniteError at a NaN/±Inf; SingularMatrixError
 *   when a pivot is negligible; OptionError for a bad `tol`.
 * @example inv([[4, 7], [2, 6]]).toArray() // [[0.6, -0.7], [-0.2, 0.4]] (to rounding)
 */
export function inv(a: MatrixLike, options?: SolveOptions): Matrix {
  const pinned = callPinned(inv, [a, options], 'inv');
  if (pinned) return pinned.result as Matrix;
  options = optionsObject(options, 'inv', ['tol']);
  const m = squareInput(a, 'inv');
  const n = m.rows;
  const tol = tolOption(options, n, 'inv');
  const f = luFactor(m, 'inv: A');
  assertInvertible(n, (i) => f.lu[i * n + i], f.maxAbs, tol, 'inv');
  const x = new Float64Array(n * n);
  kernelsFor('getri', n * n * n).getri(n, f.lu, f.ipiv, x);
  return new Matrix(n, n, x);
}

/** b as an n × k matrix of right-hand sides, checked: n rows, every entry finite. */
function rightHandSides(b: MatrixLike | VectorLike, vec: boolean, n: number, a: Matrix): Matrix {
  const rhs = vec ? new Matrix((b as VectorLike).length, 1, asVector(b as VectorLike, 'solve: b')) : asMatrix(b as MatrixLike, 'solve: B');
  if (rhs.rows !== n) {
    const given = vec ? `a vector of length ${rhs.rows}` : `${rhs.rows}×${rhs.cols}`;
    throw new ShapeError(
      `solve: A is ${n}×${n} so b needs ${n} rows (a vector of length ${n} or an ${n}×k matrix); got ${given}`,
      [a.shape, vec ? [rhs.rows] : rhs.shape],
    );
  }
  if (vec) {
    for (let i = 0; i < n; i++) {
      const v = rhs.data[i];
      if (!Number.isFinite(v)) throw new NonFiniteError(`solve: b must be finite; entry ${i} is ${v}`, [i], v);
    }
  } else {
    assertFinite(rhs, 'solve: B');
  }
  return rhs;
}

/**
 * Solves A·x = b for square A (n × n), by LU with partial pivoting (one `gesv` kernel call). `b` is a vector of length
 * n (result: Float64Array) or an n × k matrix of right-hand sides (result: n × k Matrix).
 * Singular A throws `SingularMatrixError` under the same rule as `inv` (`tol` option).
 * @throws ShapeError when A is not square or b does not have n rows; NonFiniteError at a
 *   NaN/±Inf in A or b; SingularMatrixError when a pivot is negligible; OptionError for a bad `tol`.
 * @example solve([[2, 1], [1, 3]], [3, 5]) // Float64Array [0.8, 1.4]
 * @example solve([[2, 0], [0, 4]], [[2, 4], [4, 8]]).toArray() // [[1, 2], [1, 2]]
 */
export function solve(a: MatrixLike, b: VectorLike, options?: SolveOptions): Float64Array;
export function solve(a: MatrixLike, b: MatrixLike, options?: SolveOptions): Matrix;
export function solve(a: MatrixLike, b: MatrixLike | VectorLike, options?: SolveOptions): Matrix | Float64Array {
  const pinned = callPinned(solve, [a, b, options], 'solve');
  if (pinned) return pinned.result as Matrix | Float64Array;
  options = optionsObject(options, 'solve', ['tol']);
  const m = squareInput(a, 'solve');
  const n = m.rows;
  const tol = tolOption(options, n, 'solve');
  const vec = isVectorLike(b);
  let rhs: Matrix;
  try {
    rhs = rightHandSides(b, vec, n, m);
  } catch (err) {
    assertFinite(m, 'solve: A'); // a non-finite A is reported before anything about b
    throw err;
  }
  const k = rhs.cols;
  const x = rhs.data.slice(0, n * k);
  const pivots = new Float64Array(n);
  // One kernel call: LU, finiteness of A, max|A| and the solve (the factors stay in the backend).
  const maxAbs = kernelsFor('gesv', n * n * n).gesv(n, k, m.data, x, pivots);
  if (!(maxAbs < Infinity)) {
    assertFinite(m, 'solve: A'); // throws, with the entry's position
    throw new NonFiniteError(`solve: A must be finite; max|A| came back as ${maxAbs}`, [], maxAbs);
  }
  assertInvertible(n, (i) => pivots[i], maxAbs, tol, 'solve');
  return vec ? x : new Matrix(n, k, x);
}
