/**
 * LU factorisation with partial pivoting (P·A = L·U, LAPACK dgetrf's job) and what is built
 * on it: `det`, `slogdet`, `inv`, `solve`.
 *
 * The factorisation is blocked and right-looking: panels of NB columns are factorised in
 * place, then the trailing matrix gets one rank-NB update through the backend's `gemm` (so
 * large problems run at gemm speed on native/wasm). Below NB columns it is the plain
 * unblocked algorithm. Workspace: one copy of A, the permutation, and — only when n > NB —
 * packing buffers for the update.
 */
import { kernelsFor } from '../backend/dispatch.js';
import { NonFiniteError, ShapeError, SingularMatrixError } from '../errors.js';
import { Matrix, type MatrixLike, type VectorLike } from '../matrix.js';
import { asMatrix, asVector, assertFinite, isVectorLike, numberOption, optionsObject } from '../validate.js';

const EPS = 2 ** -52;

/** Panel width of the blocked factorisation (columns per gemm update). */
const NB = 64;

/** P·A = L·U packed LAPACK-style. Internal building block; not part of the public API. */
export interface LuFactors {
  n: number;
  /** n × n row-major: strictly lower part is L (unit diagonal implied), upper part is U. */
  lu: Float64Array;
  /** Row i of P·A is row `perm[i]` of A. */
  perm: Int32Array;
  /** det(P) = ±1 (parity of the row swaps). */
  parity: 1 | -1;
  /** max |A| of the input, the scale singularity tests are relative to. */
  maxAbs: number;
}

/**
 * Factorises a validated, finite, square matrix (not mutated). Never throws on singular
 * input: an exactly zero pivot column is skipped (as dgetrf does) and shows up as a zero on
 * U's diagonal.
 */
export function luFactor(a: Matrix): LuFactors {
  const n = a.rows;
  const lu = a.data.slice();
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let maxAbs = 0;
  for (let i = 0; i < lu.length; i++) maxAbs = Math.max(maxAbs, Math.abs(lu[i]));
  let parity: 1 | -1 = 1;

  let packL: Float64Array | undefined;
  let packU: Float64Array | undefined;
  let prod: Float64Array | undefined;

  for (let k0 = 0; k0 < n; k0 += NB) {
    const k1 = Math.min(n, k0 + NB); // panel columns [k0, k1)
    // 1. Panel: unblocked elimination restricted to the panel's columns; swaps move whole rows.
    for (let k = k0; k < k1; k++) {
      let p = k;
      let best = Math.abs(lu[k * n + k]);
      for (let i = k + 1; i < n; i++) {
        const v = Math.abs(lu[i * n + k]);
        if (v > best) {
          best = v;
          p = i;
        }
      }
      if (p !== k) {
        swapRows(lu, n, k, p);
        const t = perm[k];
        perm[k] = perm[p];
        perm[p] = t;
        parity = -parity as 1 | -1;
      }
      const pivot = lu[k * n + k];
      if (pivot === 0) continue; // the whole column below is zero: nothing to eliminate
      const rk = k * n;
      for (let i = k + 1; i < n; i++) {
        const ri = i * n;
        const l = lu[ri + k] / pivot;
        lu[ri + k] = l;
        if (l !== 0) for (let j = k + 1; j < k1; j++) lu[ri + j] -= l * lu[rk + j];
      }
    }
    if (k1 === n) break;
    // 2. U12 ← L11⁻¹ A12 (unit lower triangular solve on the rows of the panel).
    for (let k = k0; k < k1; k++) {
      const rk = k * n;
      for (let i = k + 1; i < k1; i++) {
        const ri = i * n;
        const l = lu[ri + k];
        if (l !== 0) for (let j = k1; j < n; j++) lu[ri + j] -= l * lu[rk + j];
      }
    }
    // 3. A22 ← A22 − L21 · U12, through gemm on packed copies.
    const rem = n - k1;
    const kb = k1 - k0;
    packL ??= new Float64Array((n - NB) * NB);
    packU ??= new Float64Array(NB * (n - NB));
    prod ??= new Float64Array((n - NB) * (n - NB));
    for (let i = 0; i < rem; i++) {
      const src = (k1 + i) * n + k0;
      for (let j = 0; j < kb; j++) packL[i * kb + j] = lu[src + j];
    }
    for (let i = 0; i < kb; i++) {
      const src = (k0 + i) * n + k1;
      for (let j = 0; j < rem; j++) packU[i * rem + j] = lu[src + j];
    }
    kernelsFor('gemm', rem * rem * kb).gemm(0, 0, rem, rem, kb, 1, packL, packU, 0, prod);
    for (let i = 0; i < rem; i++) {
      const dst = (k1 + i) * n + k1;
      const src = i * rem;
      for (let j = 0; j < rem; j++) lu[dst + j] -= prod[src + j];
    }
  }
  return { n, lu, perm, parity, maxAbs };
}

function swapRows(a: Float64Array, n: number, i: number, j: number): void {
  const ri = i * n;
  const rj = j * n;
  for (let c = 0; c < n; c++) {
    const t = a[ri + c];
    a[ri + c] = a[rj + c];
    a[rj + c] = t;
  }
}

function squareInput(a: MatrixLike, fn: string): Matrix {
  const m = asMatrix(a, `${fn}: A`);
  if (m.rows !== m.cols) {
    throw new ShapeError(`${fn}: A must be square; got ${m.rows}×${m.cols}`, [m.shape]);
  }
  assertFinite(m, `${fn}: A`);
  return m;
}

/**
 * The determinant, from LU with partial pivoting (numpy's `det`). Never throws for singular
 * A: an exactly singular factorisation gives 0; a numerically singular one gives a tiny
 * rounding-level number, as numpy does. Overflows to ±Infinity (or underflows to 0) for large
 * n — use `slogdet` there. A is n × n; the 0 × 0 determinant is 1.
 * @example det([[1, 2], [3, 4]]) // -2 (to rounding)
 */
export function det(a: MatrixLike): number {
  const f = luFactor(squareInput(a, 'det'));
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
 * @example slogdet([[2, 0], [0, -3]]) // { sign: -1, logAbsDet: Math.log(6) }
 */
export function slogdet(a: MatrixLike): SlogdetResult {
  const f = luFactor(squareInput(a, 'slogdet'));
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
export interface SolveOptions {
  /**
   * A pivot p of U counts as zero when |p| ≤ tol · max|A|. Default n·ε (n = A's order):
   * refuse matrices singular to working precision. `tol: 0` refuses only exact zero pivots
   * (numpy's behaviour, which returns huge, meaningless numbers for near-singular A).
   */
  tol?: number;
}

/** Throws SingularMatrixError at the first negligible pivot. */
function assertInvertible(f: LuFactors, tol: number, fn: string): void {
  const { n, lu, maxAbs } = f;
  const bound = tol * maxAbs;
  for (let i = 0; i < n; i++) {
    const p = lu[i * n + i];
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

/**
 * Solves L·U·X = P·B in place on `x` (n × k row-major, rows already permuted). Forward then
 * back substitution, row-oriented so the inner loops run along contiguous rows.
 */
function luSolveInPlace(f: LuFactors, x: Float64Array, k: number): void {
  const { n, lu } = f;
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const xi = i * k;
    for (let j = 0; j < i; j++) {
      const l = lu[ri + j];
      if (l === 0) continue;
      const xj = j * k;
      for (let c = 0; c < k; c++) x[xi + c] -= l * x[xj + c];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    const xi = i * k;
    for (let j = i + 1; j < n; j++) {
      const u = lu[ri + j];
      if (u === 0) continue;
      const xj = j * k;
      for (let c = 0; c < k; c++) x[xi + c] -= u * x[xj + c];
    }
    const d = lu[ri + i];
    for (let c = 0; c < k; c++) x[xi + c] /= d;
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
 * @example inv([[4, 7], [2, 6]]).toArray() // [[0.6, -0.7], [-0.2, 0.4]] (to rounding)
 */
export function inv(a: MatrixLike, options?: SolveOptions): Matrix {
  options = optionsObject(options, 'inv');
  const m = squareInput(a, 'inv');
  const n = m.rows;
  const tol = tolOption(options, n, 'inv');
  const f = luFactor(m);
  assertInvertible(f, tol, 'inv');
  const x = new Float64Array(n * n);
  for (let i = 0; i < n; i++) x[i * n + f.perm[i]] = 1; // P·I
  luSolveInPlace(f, x, n);
  return new Matrix(n, n, x);
}

/**
 * Solves A·x = b for square A (n × n), by LU with partial pivoting. `b` is a vector of length
 * n (result: Float64Array) or an n × k matrix of right-hand sides (result: n × k Matrix).
 * Singular A throws `SingularMatrixError` under the same rule as `inv` (`tol` option).
 * @example solve([[2, 1], [1, 3]], [3, 5]) // Float64Array [0.8, 1.4]
 * @example solve([[2, 0], [0, 4]], [[2, 4], [4, 8]]).toArray() // [[1, 2], [1, 2]]
 */
export function solve(a: MatrixLike, b: VectorLike, options?: SolveOptions): Float64Array;
export function solve(a: MatrixLike, b: MatrixLike, options?: SolveOptions): Matrix;
export function solve(a: MatrixLike, b: MatrixLike | VectorLike, options?: SolveOptions): Matrix | Float64Array {
  options = optionsObject(options, 'solve');
  const m = squareInput(a, 'solve');
  const n = m.rows;
  const vec = isVectorLike(b);
  const rhs = vec ? new Matrix((b as VectorLike).length, 1, asVector(b as VectorLike, 'solve: b')) : asMatrix(b as MatrixLike, 'solve: B');
  if (rhs.rows !== n) {
    const given = vec ? `a vector of length ${rhs.rows}` : `${rhs.rows}×${rhs.cols}`;
    throw new ShapeError(
      `solve: A is ${n}×${n} so b needs ${n} rows (a vector of length ${n} or an ${n}×k matrix); got ${given}`,
      [m.shape, vec ? [rhs.rows] : rhs.shape],
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
  const tol = tolOption(options, n, 'solve');
  const f = luFactor(m);
  assertInvertible(f, tol, 'solve');
  const k = rhs.cols;
  const x = new Float64Array(n * k);
  for (let i = 0; i < n; i++) x.set(rhs.data.subarray(f.perm[i] * k, (f.perm[i] + 1) * k), i * k);
  luSolveInPlace(f, x, k);
  return vec ? x : new Matrix(n, k, x);
}
