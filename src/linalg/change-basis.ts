/**
 * Change of basis: a transformation written in the coordinates of a basis E, expressed in
 * the standard basis (the "Reflecting Bear" assignment's T = E · T_E · E⁻¹).
 */
import { callPinned, type BackendOption } from '../backend/registry.js';
import { kernelsFor } from '../backend/dispatch.js';
import { ShapeError, SingularMatrixError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { asMatrix, assertFinite, assertSquare, optionsObject } from '../validate.js';
import { multiply } from './matmul.js';
import { applyQ, householder, smallPivot } from './qr.js';
import { svdOf } from './svd.js';

/**
 * E · T · E⁻¹ for a square, invertible E (basis vectors as columns) and T of the same size:
 * T acts on coordinates in basis E; the result acts on standard coordinates.
 * No explicit inverse is formed: with E = QR (Householder), E · T · E⁻¹ = ((E·T) R⁻¹) Qᵀ by
 * a triangular solve and Qᵀ applied without forming Q. E is singular (`SingularMatrixError`) when
 * some |R_ii| ≤ n · ε · max|R_jj| (numpy's matrix_rank threshold). Non-finite entries throw `NonFiniteError`.
 * @example changeBasis([[1, 1], [0, 1]], [[2, 0], [0, 3]]).toArray() // [[2, 1], [0, 3]]
 */
export function changeBasis(E: MatrixLike, T: MatrixLike, options: BackendOption = {}): Matrix {
  const pinned = callPinned(changeBasis, [E, T, options], 'changeBasis');
  if (pinned) return pinned.result as Matrix;
  optionsObject(options, 'changeBasis', []);
  const e = asMatrix(E, 'changeBasis: E');
  const t = asMatrix(T, 'changeBasis: T');
  assertSquare(e, 'changeBasis: E');
  if (t.rows !== e.rows || t.cols !== e.cols) {
    throw new ShapeError(`changeBasis: T must be ${e.rows}×${e.cols} like E; got ${t.rows}×${t.cols}`, [e.shape, t.shape]);
  }
  assertFinite(e, 'changeBasis: E');
  assertFinite(t, 'changeBasis: T');
  const n = e.rows;
  if (n === 0) return new Matrix(0, 0);

  const f = householder(e);
  if (smallPivot(f) >= 0) {
    // R's diagonal looks rank-deficient: the singular values decide (numpy's matrix_rank rule).
    const { s } = svdOf(e, false, 'changeBasis');
    const tol = n * Number.EPSILON * s[0];
    if (!(s[n - 1] > tol)) {
      throw new SingularMatrixError(
        `changeBasis: E is singular to working precision (smallest singular value ${s[n - 1]} ≤ ${tol} = n·ε·σ_max); its columns are not a basis`,
      );
    }
  }
  // Z = (E T) R⁻¹ (trsm, Z R = E T), then Z Qᵀ (ormqr) = E T E⁻¹.
  const z = multiply(e, t);
  kernelsFor('trsm', n * n * n).trsm(1, 1, 0, 0, n, n, 1, f.h, z.data);
  applyQ(f, 'right', true, z);
  return z;
}
