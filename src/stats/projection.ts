/**
 * Orthogonal projections onto a line (a vector b) or onto the column space of a basis B
 * (n × k, basis vectors as COLUMNS, the linear-algebra convention).
 *
 * Onto a line the course's formula is used as is: P = b bᵀ / (bᵀb), coefficient bᵀx / bᵀb.
 * Onto a column space the textbook P = B (BᵀB)⁻¹ Bᵀ squares B's condition number and fails
 * outright when B is rank-deficient. Instead, for B of full column rank, Householder QR
 * (B = Q R, Q n × k) gives P = Q Qᵀ and coefficients R⁻¹ Qᵀ x (kernels geqrf, orgqr, gemm,
 * trsm). When R shows a (numerically) zero diagonal entry (|R_jj| ≤ max(n, k) · ε · max|R_ii|)
 * or B is wide, B = U Σ Vᵀ (the `gesdd` SVD `pinv` is built on) gives
 * P = U_r U_rᵀ = B B⁺ and coefficients B⁺x (the minimum-norm ones when the columns are
 * dependent), r being the numerical rank (σ > max(n, k) · ε · σ_max, numpy's matrix_rank rule).
 */
import { callPinned, type BackendOption } from '../backend/registry.js';
import { kernelsFor } from '../backend/dispatch.js';
import { ShapeError } from '../errors.js';
import { Matrix, type MatrixLike, type VectorLike } from '../matrix.js';
import { formQ, householder, smallPivot } from '../linalg/qr.js';
import { svdOf } from '../linalg/svd.js';
import { asMatrix, asVector, assertFinite, isVectorLike, optionsObject } from '../validate.js';
import { symmetrizeFromUpper } from './mean-cov.js';
import { maxAbs, pow2ScaleFor } from './scaling.js';

/** The result of `project`. */
export interface ProjectionResult<T extends Float64Array | Matrix> {
  /** The projected point(s), in the original space (length n, or m × n). */
  projection: T;
  /** Coordinates in the basis: projection = B · coefficients (length k, or m × k). */
  coefficients: T;
}

/**
 * The n × n orthogonal projection matrix onto span(b) (vector b: b bᵀ / ‖b‖²) or onto the
 * column space of B (n × k). Symmetric and idempotent (P = Pᵀ = P²). Rank-deficient B is fine
 * (dependent columns add nothing); the zero vector or zero matrix gives the zero matrix.
 * Non-finite input throws `NonFiniteError`.
 * @throws ShapeError when B is not a vector or matrix (ragged rows); NonFiniteError at a NaN/±Inf.
 * @example projectionMatrix([1, 2, 2]).toArray() // [[1,2,2],[2,4,4],[2,4,4]] / 9
 * @example projectionMatrix([[1, 0], [1, 1], [1, 2]]).toArray() // [[5,2,-1],[2,2,2],[-1,2,5]] / 6
 */
export function projectionMatrix(B: MatrixLike | VectorLike, options: BackendOption = {}): Matrix {
  const pinned = callPinned(projectionMatrix, [B, options], 'projectionMatrix');
  if (pinned) return pinned.result as Matrix;
  optionsObject(options, 'projectionMatrix', []);
  const basis = factorBasis(B, 'projectionMatrix');
  const n = basis.n;
  const p = new Matrix(n, n);
  if (basis.line) {
    const { u, uu } = basis.line;
    if (uu === 0) return p;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) p.data[i * n + j] = (u[i] * u[j]) / uu;
    return p;
  }
  const { ur, r } = basis; // U_r or Q: orthonormal columns spanning the space
  if (r === 0) return p;
  kernelsFor('gemm', n * n * r).gemm(0, 1, n, n, r, 1, ur, ur, 0, p.data);
  symmetrizeFromUpper(p);
  return p;
}

/**
 * Projects x onto span(b) or onto the column space of B (n × k). x is one point (length n) or a
 * data set with one point per ROW (m × n). Returns the projection and the coefficients in the
 * basis (for dependent columns, the minimum-norm coefficients, B⁺x).
 * @throws ShapeError when x's points and the basis vectors differ in length (NaN propagates).
 * @example project([1, 1, 1], [1, 2, 2]).projection // [5, 10, 10] / 9
 * @example project([6, 0, 0], [[1, 0], [1, 1], [1, 2]]) // { projection: [5, 2, -1], coefficients: [5, -3] }
 */
export function project(x: VectorLike, B: MatrixLike | VectorLike, options?: BackendOption): ProjectionResult<Float64Array>;
export function project(x: MatrixLike, B: MatrixLike | VectorLike, options?: BackendOption): ProjectionResult<Matrix>;
export function project(x: VectorLike | MatrixLike, B: MatrixLike | VectorLike, options: BackendOption = {}): ProjectionResult<Float64Array | Matrix> {
  const pinned = callPinned(project, [x, B, options], 'project');
  if (pinned) return pinned.result as ProjectionResult<Float64Array | Matrix>;
  optionsObject(options, 'project', []);
  const single = isVectorLike(x);
  const pts = single ? rowOf(asVector(x, 'project: x')) : asMatrix(x as MatrixLike, 'project: x');
  const basis = factorBasis(B, 'project');
  const { n, k } = basis;
  if (pts.cols !== n) {
    const given = single ? `x has length ${pts.cols}` : `x is ${pts.rows}×${pts.cols}`;
    throw new ShapeError(`project: ${given} but the basis vectors have length ${n}; each point must have ${n} entries`, [pts.shape, [n, k]]);
  }
  const m = pts.rows;
  const proj = new Matrix(m, n);
  const coef = new Matrix(m, k);
  if (basis.line) {
    const { u, uu, scale } = basis.line;
    if (uu !== 0) {
      for (let i = 0; i < m; i++) {
        let ux = 0;
        for (let j = 0; j < n; j++) ux += u[j] * pts.data[i * n + j];
        const t = ux / uu; // coefficient on the scaled line u = scale · b
        coef.data[i] = t * scale;
        for (let j = 0; j < n; j++) proj.data[i * n + j] = t * u[j];
      }
    }
  } else if (basis.rt) {
    // W = X Q (m × k); projection = W Qᵀ; coefficients C with C Rᵀ = W (rows: cᵀ = (R⁻¹ Qᵀ x)ᵀ).
    const { ur, rt } = basis;
    const w = new Float64Array(m * k);
    kernelsFor('gemm', m * k * n).gemm(0, 0, m, k, n, 1, pts.data, ur, 0, w);
    kernelsFor('gemm', m * n * k).gemm(0, 1, m, n, k, 1, w, ur, 0, proj.data);
    coef.data.set(w);
    kernelsFor('trsm', m * k * k).trsm(1, 1, 1, 0, m, k, 1, rt, coef.data);
  } else if (basis.r > 0) {
    const { ur, r, s, vtr } = basis;
    // W = X U_r (m × r); projection = W U_rᵀ; coefficients = W Σ_r⁻¹ V_rᵀ.
    const w = new Float64Array(m * r);
    kernelsFor('gemm', m * r * n).gemm(0, 0, m, r, n, 1, pts.data, ur, 0, w);
    kernelsFor('gemm', m * n * r).gemm(0, 1, m, n, r, 1, w, ur, 0, proj.data);
    for (let i = 0; i < m; i++) for (let j = 0; j < r; j++) w[i * r + j] /= s[j];
    kernelsFor('gemm', m * k * r).gemm(0, 0, m, k, r, 1, w, vtr, 0, coef.data);
  }
  return single ? { projection: proj.data, coefficients: coef.data } : { projection: proj, coefficients: coef };
}

interface Basis {
  n: number;
  k: number;
  /** A single direction: u = scale · b with scale an exact power of two, uu = uᵀu. */
  line?: { u: Float64Array; uu: number; scale: number };
  /** U_r (n × r, contiguous), singular values, V_rᵀ (r × k); or Q (n × k, r = k) when rt is set. */
  ur: Float64Array;
  /** Full column rank: R (k × k, upper triangular) of B = Q R, Q being `ur`. */
  rt?: Float64Array;
  r: number;
  s: Float64Array;
  vtr: Float64Array;
}

function factorBasis(B: MatrixLike | VectorLike, fn: string): Basis {
  const b = isVectorLike(B) ? columnOf(asVector(B, `${fn}: b`)) : asMatrix(B as MatrixLike, `${fn}: B`);
  assertFinite(b, isVectorLike(B) ? `${fn}: b` : `${fn}: B`);
  const { rows: n, cols: k } = b;
  const empty = new Float64Array(0);
  if (k === 0 || n === 0) return { n, k, ur: empty, r: 0, s: empty, vtr: empty };
  if (k === 1) {
    // Scaling by a power of two is exact: the course's b bᵀ / bᵀb to the last bit, minus overflow.
    const scale = pow2ScaleFor(maxAbs(b.data));
    const u = new Float64Array(n);
    let uu = 0;
    for (let i = 0; i < n; i++) {
      u[i] = b.data[i] * scale;
      uu += u[i] * u[i];
    }
    return { n, k, line: { u, uu, scale }, ur: empty, r: 0, s: empty, vtr: empty };
  }
  if (n >= k) {
    const f = householder(b);
    if (smallPivot(f) < 0) {
      const rt = new Float64Array(k * k);
      for (let i = 0; i < k; i++) for (let j = i; j < k; j++) rt[i * k + j] = f.h[i * k + j];
      const q = formQ(f, k, true);
      return { n, k, ur: q.data, r: k, s: empty, vtr: empty, rt };
    }
  }
  const { u, s, vt } = svdOf(b, true, fn);
  const q = s.length;
  const cutoff = Math.max(n, k) * Number.EPSILON * s[0];
  let r = 0;
  while (r < q && s[r] > cutoff) r++;
  const ur = new Float64Array(n * r);
  for (let i = 0; i < n; i++) for (let j = 0; j < r; j++) ur[i * r + j] = u.data[i * q + j];
  return { n, k, ur, r, s: s.subarray(0, r), vtr: vt.data.subarray(0, r * k) };
}

function rowOf(v: Float64Array): Matrix {
  return new Matrix(1, v.length, v);
}

function columnOf(v: Float64Array): Matrix {
  return new Matrix(v.length, 1, v);
}
