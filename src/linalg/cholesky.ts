/**
 * Cholesky decomposition A = L·Lᵀ (numpy.linalg.cholesky), on the `potrf` kernel.
 */
import { callPinned, type BackendOption } from '../backend/registry.js';
import { kernelsFor } from '../backend/dispatch.js';
import { ShapeError, SingularMatrixError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { asMatrix, assertFinite, assertSquare, optionsObject } from '../validate.js';

/**
 * The lower-triangular Cholesky factor L of a symmetric positive definite A (n × n), with
 * A = L·Lᵀ and a positive diagonal; the result is n × n with zeros above the diagonal.
 *
 * Like numpy.linalg.cholesky, only the LOWER triangle of A (with the diagonal) is read:
 * symmetry is assumed, not checked, so an asymmetric A is factorised as if its upper
 * triangle mirrored its lower one. (scipy.linalg.cholesky returns the upper factor by
 * default; this is its `lower=True`.)
 *
 * Throws `ShapeError` when A is not square, `NonFiniteError` on NaN/±Inf anywhere in A, and
 * `SingularMatrixError` when A is not positive definite (the message names the first leading
 * minor that is not), including positive semidefinite singular A.
 * @example cholesky([[4, 2], [2, 3]]).toArray() // [[2, 0], [1, 1.4142135623730951]]
 */
export function cholesky(a: MatrixLike, options: BackendOption = {}): Matrix {
  const pinned = callPinned(cholesky, [a, options], 'cholesky');
  if (pinned) return pinned.result as Matrix;
  optionsObject(options, 'cholesky', []);
  const A = asMatrix(a, 'cholesky: A');
  assertSquare(A, 'cholesky: A');
  assertFinite(A, 'cholesky: A');
  const n = A.rows;
  const l = A.data.slice();
  const info = kernelsFor('potrf', n * n * n).potrf(n, l);
  if (info > 0) {
    throw new SingularMatrixError(
      `cholesky: A (${n}×${n}) is not positive definite: its leading minor of order ${info} is not ` +
        `(pivot ${info - 1} of the factorisation is ≤ 0)`,
    );
  }
  return new Matrix(n, n, l);
}
