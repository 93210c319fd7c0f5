/**
 * Householder QR, with numpy.linalg.qr's modes and shapes and LAPACK's sign convention
 * (dgeqrf + dorgqr), so results agree with numpy entry by entry, not only up to signs.
 */
import { OptionError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { asMatrix, assertFinite, optionsObject } from '../validate.js';

export type QrMode = 'reduced' | 'complete';

export interface QrOptions {
  /** `'reduced'` (default): Q is m × k, R is k × n with k = min(m, n). `'complete'`: Q is m × m, R is m × n. */
  mode?: QrMode;
}

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
 * @example qr([[3, 1], [4, 2]]).r.toArray() // [[-5, -2.2], [0, 0.4]] (to rounding)
 * @example qr([[1], [2], [2]], { mode: 'complete' }).q.shape // [3, 3]
 */
export function qr(A: MatrixLike, options: QrOptions = {}): QrResult {
  options = optionsObject(options, 'qr');
  const a = asMatrix(A, 'qr: A');
  assertFinite(a, 'qr: A');
  const mode = options.mode === undefined ? 'reduced' : options.mode; // null is refused below, not defaulted
  if (mode !== 'reduced' && mode !== 'complete') throw new OptionError('mode', "'reduced' or 'complete'", mode);
  const { rows: m, cols: n } = a;
  const f = householder(a);
  const k = Math.min(m, n);
  const rRows = mode === 'complete' ? m : k;
  const r = new Matrix(rRows, n);
  for (let i = 0; i < Math.min(rRows, m); i++) {
    for (let j = i; j < n; j++) r.data[i * n + j] = f.h[i * n + j];
  }
  return { q: formQ(f, mode === 'complete' ? m : k), r };
}

/** The compact factorisation: reflector j is v = [1; h[j+1.., j]] with scalar tau[j]; R above. */
export interface Householder {
  m: number;
  n: number;
  /** Row-major m × n: R on and above the diagonal, reflector tails below it. */
  h: Float64Array;
  tau: Float64Array;
}

/** Householder factorisation of a validated, finite matrix (LAPACK dgeqr2). Internal. */
export function householder(a: Matrix): Householder {
  const { rows: m, cols: n } = a;
  const h = a.data.slice();
  const k = Math.min(m, n);
  const tau = new Float64Array(k);
  const w = new Float64Array(n);
  for (let j = 0; j < k; j++) {
    // dlarfg on h[j.., j]
    let alpha = h[j * n + j];
    let xnorm = tailNorm(h, n, j, m);
    if (xnorm === 0) {
      tau[j] = 0; // H = I: LAPACK leaves the column (and the sign of R[j, j]) as it is
      continue;
    }
    let beta = -Math.sign(alpha || 1) * Math.hypot(alpha, xnorm);
    // A tiny column (|beta| < SAFMIN) would overflow 1/(alpha − beta): rescale first, as dlarfg does.
    let knt = 0;
    while (Math.abs(beta) < SAFMIN && knt < 20) {
      knt++;
      for (let i = j + 1; i < m; i++) h[i * n + j] /= SAFMIN;
      beta /= SAFMIN;
      alpha /= SAFMIN;
    }
    if (knt > 0) {
      xnorm = tailNorm(h, n, j, m);
      beta = -Math.sign(alpha || 1) * Math.hypot(alpha, xnorm);
    }
    tau[j] = (beta - alpha) / beta;
    const s = 1 / (alpha - beta);
    for (let i = j + 1; i < m; i++) h[i * n + j] *= s;
    for (let k = 0; k < knt; k++) beta *= SAFMIN;
    h[j * n + j] = beta;

    // Apply H = I − tau v vᵀ to the trailing columns: w = vᵀ A, then A −= tau v w (row-major friendly).
    if (j + 1 < n) {
      for (let c = j + 1; c < n; c++) w[c] = h[j * n + c];
      for (let i = j + 1; i < m; i++) {
        const vi = h[i * n + j];
        if (vi === 0) continue;
        const row = i * n;
        for (let c = j + 1; c < n; c++) w[c] += vi * h[row + c];
      }
      const t = tau[j];
      for (let c = j + 1; c < n; c++) h[j * n + c] -= t * w[c];
      for (let i = j + 1; i < m; i++) {
        const tv = t * h[i * n + j];
        if (tv === 0) continue;
        const row = i * n;
        for (let c = j + 1; c < n; c++) h[row + c] -= tv * w[c];
      }
    }
  }
  return { m, n, h, tau };
}

/** LAPACK's dlamch('S') / dlamch('E'): below this a reflector's scaling would overflow. */
const SAFMIN = 2.2250738585072014e-308 / (Number.EPSILON / 2);

/** ‖h[j+1.., j]‖₂ without overflow or underflow (the dnrm2 scaled sum of squares). */
function tailNorm(h: Float64Array, n: number, j: number, m: number): number {
  let scale = 0;
  let ssq = 1;
  for (let i = j + 1; i < m; i++) {
    const v = h[i * n + j];
    if (v !== 0) {
      const av = Math.abs(v);
      if (scale < av) {
        ssq = 1 + ssq * (scale / av) * (scale / av);
        scale = av;
      } else {
        ssq += (av / scale) * (av / scale);
      }
    }
  }
  return scale * Math.sqrt(ssq);
}

/** The first `cols` columns of Q = H_0 H_1 … H_{k−1}, accumulated backwards (LAPACK dorg2r). */
export function formQ(f: Householder, cols: number): Matrix {
  const { m, n, h, tau } = f;
  const q = new Matrix(m, cols);
  const d = q.data;
  for (let i = 0; i < Math.min(m, cols); i++) d[i * cols + i] = 1;
  const w = new Float64Array(cols);
  for (let j = tau.length - 1; j >= 0; j--) {
    const t = tau[j];
    if (t === 0) continue;
    // Columns < j of the partial product are still unit vectors untouched by H_j.
    for (let c = j; c < cols; c++) w[c] = d[j * cols + c];
    for (let i = j + 1; i < m; i++) {
      const vi = h[i * n + j];
      if (vi === 0) continue;
      for (let c = j; c < cols; c++) w[c] += vi * d[i * cols + c];
    }
    for (let c = j; c < cols; c++) d[j * cols + c] -= t * w[c];
    for (let i = j + 1; i < m; i++) {
      const tv = t * h[i * n + j];
      if (tv === 0) continue;
      for (let c = j; c < cols; c++) d[i * cols + c] -= tv * w[c];
    }
  }
  return q;
}
