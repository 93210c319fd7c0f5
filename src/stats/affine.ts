/**
 * How the mean and covariance move under an affine map x ↦ A x + b:
 * mean(A X + b) = A·mean(X) + b and cov(A X + b) = A·S·Aᵀ (b drops out).
 */
import { callPinned, type BackendOption } from '../backend/registry.js';
import { kernelsFor } from '../backend/dispatch.js';
import { ShapeError } from '../errors.js';
import { Matrix, type MatrixLike, type VectorLike } from '../matrix.js';
import { asMatrix, assertSquare, asVector, optionsObject } from '../validate.js';

/**
 * The mean after the affine map: A (p × d) · mu (length d) + b (length p, default 0) → length p.
 * @throws ShapeError when A's columns differ from mu's length or b's length from A's rows (NaN
 *   propagates).
 * @example affineMean([1, 4], [[2, 0], [0, 1]], [1, -1]) // Float64Array [3, 3]
 */
export function affineMean(mu: VectorLike, A: MatrixLike, b?: VectorLike): Float64Array {
  const m = asVector(mu, 'affineMean: mu');
  const a = asMatrix(A, 'affineMean: A');
  if (a.cols !== m.length) {
    throw new ShapeError(`affineMean: A is ${a.rows}×${a.cols} and mu has length ${m.length}; A's columns must equal mu's length`, [a.shape, [m.length]]);
  }
  const out = new Float64Array(a.rows);
  if (b !== undefined) {
    const bv = asVector(b, 'affineMean: b');
    if (bv.length !== a.rows) {
      throw new ShapeError(`affineMean: b has length ${bv.length} but A has ${a.rows} rows; b must match A's rows`, [[bv.length], a.shape]);
    }
    out.set(bv);
  }
  kernelsFor('gemm', a.rows * a.cols).gemm(0, 0, a.rows, 1, a.cols, 1, a.data, m, b === undefined ? 0 : 1, out);
  return out;
}

/**
 * The covariance after the affine map: A (p × d) · S (d × d) · Aᵀ → p × p (two gemm calls).
 * The translation b does not change the covariance. S must be square (`ShapeError`).
 * @example affineCov([[1, 0], [0, 4]], [[1, 1]]).toArray() // [[5]]
 */
export function affineCov(S: MatrixLike, A: MatrixLike, options: BackendOption = {}): Matrix {
  const pinned = callPinned(affineCov, [S, A, options], 'affineCov');
  if (pinned) return pinned.result as Matrix;
  optionsObject(options, 'affineCov', []);
  const s = asMatrix(S, 'affineCov: S');
  const a = asMatrix(A, 'affineCov: A');
  assertSquare(s, 'affineCov: S', 'd × d');
  if (a.cols !== s.rows) {
    throw new ShapeError(`affineCov: A is ${a.rows}×${a.cols} and S is ${s.rows}×${s.cols}; A's columns must equal S's size`, [a.shape, s.shape]);
  }
  const p = a.rows;
  const d = a.cols;
  const as = new Float64Array(p * d);
  kernelsFor('gemm', p * d * d).gemm(0, 0, p, d, d, 1, a.data, s.data, 0, as);
  const out = new Matrix(p, p);
  kernelsFor('gemm', p * p * d).gemm(0, 1, p, p, d, 1, as, a.data, 0, out.data);
  return out;
}
