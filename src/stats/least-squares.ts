/**
 * Linear least squares min ‖X β − y‖₂, by Householder QR (not the normal equations).
 *
 * The course solves the normal equations XᵀX β = Xᵀy; that squares X's condition number, so a
 * problem with cond(X) = 1e8 loses all sixteen digits. QR works on X itself (error ∝ cond(X)),
 * and when X is rank-deficient or wide — where R has a (numerically) zero diagonal entry and
 * the solution is not unique — the SVD gives the minimum-norm solution, as numpy's `lstsq`.
 */
import { callPinned, type BackendOption } from '../backend/registry.js';
import { kernelsFor } from '../backend/dispatch.js';
import { ShapeError } from '../errors.js';
import { Matrix, type MatrixLike, type VectorLike } from '../matrix.js';
import { applyQ, householder, smallPivot } from '../linalg/qr.js';
import { pinv } from '../linalg/svd.js';
import { multiply } from '../linalg/matmul.js';
import { asMatrix, asVector, assertFinite, isVectorLike, optionsObject } from '../validate.js';

/**
 * Least-squares coefficients β minimising ‖X β − y‖₂ for X (n × p) and y (length n → β length p)
 * or Y (n × q → β p × q, one fit per column). Full column rank: Householder QR, R β = Qᵀ y.
 * Rank-deficient (some |R_jj| ≤ max(n, p) · ε · max|R_ii|) or n < p: the minimum-norm solution
 * X⁺ y by SVD (numpy's `lstsq`). Non-finite input throws `NonFiniteError`.
 * @throws ShapeError when y does not have one entry (row) per row of X; NonFiniteError at a
 *   NaN/±Inf.
 * @example leastSquares([[1, 0], [1, 1], [1, 2]], [6, 0, 0]) // Float64Array [5, -3]
 */
export function leastSquares(X: MatrixLike, y: VectorLike, options?: BackendOption): Float64Array;
export function leastSquares(X: MatrixLike, y: MatrixLike, options?: BackendOption): Matrix;
export function leastSquares(X: MatrixLike, y: VectorLike | MatrixLike, options: BackendOption = {}): Float64Array | Matrix {
  const pinned = callPinned(leastSquares, [X, y, options], 'leastSquares');
  if (pinned) return pinned.result as Float64Array | Matrix;
  optionsObject(options, 'leastSquares', []);
  const x = asMatrix(X, 'leastSquares: X');
  const single = isVectorLike(y);
  const rhs = single ? columnOf(asVector(y, 'leastSquares: y')) : asMatrix(y as MatrixLike, 'leastSquares: y');
  if (rhs.rows !== x.rows) {
    const given = single ? `y has length ${rhs.rows}` : `y is ${rhs.rows}×${rhs.cols}`;
    throw new ShapeError(`leastSquares: X is ${x.rows}×${x.cols} but ${given}; y needs one entry per row of X`, [x.shape, rhs.shape]);
  }
  assertFinite(x, 'leastSquares: X');
  assertFinite(rhs, 'leastSquares: y');
  const beta = qrSolve(x, rhs) ?? multiply(pinv(x), rhs);
  return single ? beta.data : beta;
}

/** β from R β = Qᵀ y (ormqr, then trsm), or undefined when X is wide or numerically rank-deficient. */
function qrSolve(x: Matrix, y: Matrix): Matrix | undefined {
  const { rows: n, cols: p } = x;
  const q = y.cols;
  if (n < p) return undefined;
  if (p === 0) return new Matrix(p, q);
  const f = householder(x);
  if (smallPivot(f) >= 0) return undefined;
  const w = new Matrix(n, q, y.data.slice());
  applyQ(f, 'left', true, w);
  // R is the leading p × p block of the n × p factorisation (row stride p); (Qᵀy)[0..p) the first p rows.
  const beta = new Matrix(p, q, w.data.slice(0, p * q));
  kernelsFor('trsm', p * p * q).trsm(0, 1, 0, 0, p, q, 1, f.h.subarray(0, p * p), beta.data);
  return beta;
}

function columnOf(v: Float64Array): Matrix {
  return new Matrix(v.length, 1, v);
}
