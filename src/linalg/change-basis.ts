/**
 * Change of basis: a transformation written in the coordinates of a basis E, expressed in
 * the standard basis (the "Reflecting Bear" assignment's T = E · T_E · E⁻¹).
 */
import { ShapeError, SingularMatrixError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { asMatrix, assertFinite } from '../validate.js';
import { multiply } from './matmul.js';
import { formQ, householder } from './qr.js';
import { transpose } from './transpose.js';

/**
 * E · T · E⁻¹ for a square, invertible E (basis vectors as columns) and T of the same size:
 * T acts on coordinates in basis E; the result acts on standard coordinates.
 * No explicit inverse is formed: with E = QR (Householder), E · T · E⁻¹ = ((E·T) R⁻¹) Qᵀ by
 * a triangular solve. E is singular (`SingularMatrixError`) when some |R_ii| ≤
 * n · ε · max|R_jj| (numpy's matrix_rank threshold). Non-finite entries throw `NonFiniteError`.
 * @example changeBasis([[1, 1], [0, 1]], [[2, 0], [0, 3]]).toArray() // [[2, 1], [0, 3]]
 */
export function changeBasis(E: MatrixLike, T: MatrixLike): Matrix {
  const e = asMatrix(E, 'changeBasis: E');
  const t = asMatrix(T, 'changeBasis: T');
  if (e.rows !== e.cols) throw new ShapeError(`changeBasis: E must be square; got ${e.rows}×${e.cols}`, [e.shape]);
  if (t.rows !== e.rows || t.cols !== e.cols) {
    throw new ShapeError(`changeBasis: T must be ${e.rows}×${e.cols} like E; got ${t.rows}×${t.cols}`, [e.shape, t.shape]);
  }
  assertFinite(e, 'changeBasis: E');
  assertFinite(t, 'changeBasis: T');
  const n = e.rows;
  if (n === 0) return new Matrix(0, 0);

  const f = householder(e);
  const r = f.h; // R is the upper triangle (n × n here)
  let big = 0;
  for (let i = 0; i < n; i++) big = Math.max(big, Math.abs(r[i * n + i]));
  const tiny = n * Number.EPSILON * big;
  for (let i = 0; i < n; i++) {
    if (!(Math.abs(r[i * n + i]) > tiny)) {
      throw new SingularMatrixError(
        `changeBasis: E is singular to working precision (|R[${i}][${i}]| = ${Math.abs(r[i * n + i])} ≤ ${tiny}); ` +
          'its columns are not a basis',
      );
    }
  }

  // Z = (E T) R⁻¹, row by row: z R = b is a forward substitution over the columns of R.
  const z = multiply(e, t);
  const zd = z.data;
  for (let row = 0; row < n; row++) {
    const o = row * n;
    for (let j = 0; j < n; j++) {
      let s = zd[o + j];
      for (let i = 0; i < j; i++) s -= zd[o + i] * r[i * n + j];
      zd[o + j] = s / r[j * n + j];
    }
  }
  return multiply(z, transpose(formQ(f, n)));
}
