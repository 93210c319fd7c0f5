import { kernelsFor } from '../backend/dispatch.js';
import { callPinned, type BackendOption } from '../backend/registry.js';
import { ShapeError } from '../errors.js';
import { Matrix, type MatrixLike, type VectorLike } from '../matrix.js';
import { allocFloat64Unfilled, asMatrix, asVector, isVectorLike, optionsObject } from '../validate.js';

/**
 * Matrix product, as numpy's `matmul`: (m × k) · (k × n) → m × n. A vector on the right is a
 * column (result: Float64Array of length m); a vector on the left is a row (length n).
 * NaN and ±Inf propagate as IEEE arithmetic says. Runs on the active backend's `gemm`.
 * @throws ShapeError when the inner dimensions differ, or an argument is not a matrix or vector
 *   (ragged rows, a string …).
 * @example matmul([[1, 2], [3, 4]], [[5], [6]]).toArray() // [[17], [39]]
 * @example matmul([[1, 2], [3, 4]], [1, 1]) // Float64Array [3, 7]
 */
export function matmul(a: MatrixLike, b: MatrixLike, options?: BackendOption): Matrix;
export function matmul(a: MatrixLike, b: VectorLike, options?: BackendOption): Float64Array;
export function matmul(a: VectorLike, b: MatrixLike, options?: BackendOption): Float64Array;
export function matmul(a: MatrixLike | VectorLike, b: MatrixLike | VectorLike, options: BackendOption = {}): Matrix | Float64Array {
  const pinned = callPinned(matmul, [a, b, options], 'matmul');
  if (pinned) return pinned.result as Matrix | Float64Array;
  optionsObject(options, 'matmul', []);
  const aVec = isVectorLike(a);
  const bVec = isVectorLike(b);
  if (aVec && bVec) throw new ShapeError('matmul: both operands are vectors; use dot(u, v) or outer(u, v)');
  const left = aVec ? rowOf(asVector(a, 'matmul: A')) : asMatrix(a as MatrixLike, 'matmul: A');
  const right = bVec ? columnOf(asVector(b, 'matmul: B')) : asMatrix(b as MatrixLike, 'matmul: B');
  if (left.cols !== right.rows) {
    throw new ShapeError(
      `matmul: A is ${left.rows}×${left.cols} and B is ${right.rows}×${right.cols}; ` +
        `A's columns must equal B's rows (${left.cols} ≠ ${right.rows})`,
      [left.shape, right.shape],
    );
  }
  const out = multiply(left, right);
  return aVec || bVec ? out.data : out;
}

/** C = A · B for validated matrices: the internal entry other algorithms call. */
export function multiply(a: Matrix, b: Matrix): Matrix {
  const { rows: m, cols: k } = a;
  const n = b.cols;
  // gemm with beta = 0 writes every entry of C (never reading it), so C need not be zeroed
  // first; with depth 0 it is left to a zeroed one.
  const c = new Matrix(m, n, k > 0 ? allocFloat64Unfilled(m, n, 'matmul') : undefined);
  kernelsFor('gemm', m * n * k).gemm(0, 0, m, n, k, 1, a.data, b.data, 0, c.data);
  return c;
}

function rowOf(v: Float64Array): Matrix {
  return new Matrix(1, v.length, v);
}

function columnOf(v: Float64Array): Matrix {
  return new Matrix(v.length, 1, v);
}
