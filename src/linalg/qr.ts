/**
 * Householder QR, with numpy.linalg.qr's modes and shapes and LAPACK's sign convention
 * (dgeqrf + dorgqr), so results agree with numpy entry by entry, not only up to signs.
 */
import { callPinned, type BackendOption } from '../backend/registry.js';
import { kernelsFor } from '../backend/dispatch.js';
import { OptionError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { asMatrix, assertFinite, optionsObject } from '../validate.js';

/** `qr`'s shapes for m × n A, k = min(m, n): `'reduced'` Q m × k, R k × n; `'complete'` Q m × m, R m × n. */
export type QrMode = 'reduced' | 'complete';

export interface QrOptions extends BackendOption {
  /** `'reduced'` (default): Q is m × k, R is k × n with k = min(m, n). `'complete'`: Q is m × m, R is m × n. */
  mode?: QrMode;
}

/** `qr`'s result: A = q·r. */
export interface QrResult {
  /** Orthonormal columns (orthogonal when square). */
  q: Matrix;
  /** Upper triangular (trapezoidal when not square). */
  r: Matrix;
}

/**
 * A = Q R by Householder reflections, for any m × n A (numpy.linalg.qr semantics).
 * Orthogonal to machine precision whatever the conditioning of A — the robust alternative to
 * `gramSchmidt`. Signs follow LAPACK (dlarfg): each reflector sends its column to
 * −sign(a_jj)·‖x‖·e_j, so R's diagonal may be negative, exactly as numpy returns it; a column
 * already zero below the diagonal is left alone (no reflection). Non-finite input throws
 * `NonFiniteError`.
 * @throws ShapeError when A is not a matrix (ragged rows); NonFiniteError at a NaN/±Inf;
 *   OptionError for a `mode` other than 'reduced' or 'complete'.
 * @example qr([[3, 1], [4, 2]]).r.toArray() // [[-5, -2.2], [0, 0.4]] (to rounding)
 * @example qr([[1], [2], [2]], { mode: 'complete' }).q.shape // [3, 3]
 */
export function qr(A: MatrixLike, options: QrOptions = {}): QrResult {
  const pinned = callPinned(qr, [A, options], 'qr');
  if (pinned) return pinned.result as QrResult;
  options = optionsObject(options, 'qr', ['mode']);
  const a = asMatrix(A, 'qr: A');
  assertFinite(a, 'qr: A');
  const mode = options.mode === undefined ? 'reduced' : options.mode; // null is refused below, not defaulted
  if (mode !== 'reduced' && mode !== 'complete') throw new OptionError('mode', "'reduced' or 'complete'", mode);
  const f = householder(a);
  const { m, n } = f;
  const k = Math.min(m, n);
  const rRows = mode === 'complete' ? m : k;
  const r = new Matrix(rRows, n);
  for (let i = 0; i < Math.min(rRows, m); i++) {
    for (let j = i; j < n; j++) r.data[i * n + j] = f.h[i * n + j];
  }
  return { q: formQ(f, mode === 'complete' ? m : k, true), r };
}

/** The compact factorisation: reflector j is v = [1; h[j+1.., j]] with scalar tau[j]; R above. */
export interface Householder {
  m: number;
  n: number;
  /** Row-major m × n: R on and above the diagonal, reflector tails below it. */
  h: Float64Array;
  tau: Float64Array;
}

/** Householder factorisation of a validated, finite matrix (the `geqrf` kernel). Internal. */
export function householder(a: Matrix): Householder {
  const { rows: m, cols: n } = a;
  const h = a.data.slice();
  const k = Math.min(m, n);
  const tau = new Float64Array(k);
  kernelsFor('geqrf', m * n * k).geqrf(m, n, h, tau);
  return { m, n, h, tau };
}

/**
 * The first `cols` columns of Q = H_0 H_1 … H_{k−1} (k ≤ cols ≤ m; the `orgqr` kernel). Internal.
 * With `consume`, Q may be formed over `f.h` itself (then f is spent); otherwise f.h is not written.
 */
export function formQ(f: Householder, cols: number, consume = false): Matrix {
  const { m, n, h, tau } = f;
  const k = tau.length;
  const q = consume && cols === n ? new Matrix(m, n, h) : new Matrix(m, cols);
  if (q.data === h) {
    // Q is formed over the factorisation itself.
  } else if (cols === n) q.data.set(h);
  else for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) q.data[i * cols + j] = h[i * n + j];
  kernelsFor('orgqr', m * cols * k).orgqr(m, cols, k, q.data, tau);
  return q;
}

/**
 * op(Q) C (side 'left', C m × c) or C op(Q) (side 'right', C c × m) in place for the Q of `f`
 * (order m), op(Q) = Qᵀ when `trans`, without forming Q (the `ormqr` kernel). Internal.
 */
export function applyQ(f: Householder, side: 'left' | 'right', trans: boolean, c: Matrix): void {
  const { m, n, h, tau } = f;
  const k = tau.length;
  let refl = h;
  if (k !== n) {
    refl = new Float64Array(m * k);
    for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) refl[i * k + j] = h[i * n + j];
  }
  const left = side === 'left';
  kernelsFor('ormqr', 2 * c.rows * c.cols * k).ormqr(left ? 0 : 1, trans ? 1 : 0, c.rows, c.cols, k, refl, tau, c.data);
}

/**
 * The screen leastSquares, project and changeBasis run before solving with R: the index of the
 * first |R_jj| ≤ SCREEN · max(m, n) · ε · max_i |R_ii|, or −1. It only picks a route — the
 * callers send what it flags to the SVD, which decides the rank by numpy's matrix_rank rule.
 * The margin SCREEN matters: R's diagonal entry for a column that depends on the others is
 * rounding noise of a few max(m, n) · ε · ‖R‖, not zero (two equal columns gave 1.07 times
 * numpy's threshold, and QR then passed a rank-1 basis as rank 2). Bases conditioned worse
 * than ~1e12 / max(m, n) take the SVD route: slower, the same answers.
 */
export function smallPivot(f: Householder): number {
  const SCREEN = 1024;
  const { m, n, h } = f;
  const k = Math.min(m, n);
  let rmax = 0;
  for (let j = 0; j < k; j++) rmax = Math.max(rmax, Math.abs(h[j * n + j]));
  const tol = SCREEN * Math.max(m, n) * Number.EPSILON * rmax;
  for (let j = 0; j < k; j++) if (!(Math.abs(h[j * n + j]) > tol)) return j;
  return -1;
}
