import { ShapeError } from '../errors.js';
import { Matrix, type MatrixLike, type VectorLike } from '../matrix.js';
import { asMatrix, asVector, isVectorLike } from '../validate.js';

/**
 * Inner product u · v.
 * @throws ShapeError when the lengths differ (NaN propagates).
 * @example dot([1, 2, 3], [4, 5, 6]) // 32
 */
export function dot(u: VectorLike, v: VectorLike): number {
  const x = asVector(u, 'dot: u');
  const y = asVector(v, 'dot: v');
  if (x.length !== y.length) throw new ShapeError(`dot: lengths differ, ${x.length} vs ${y.length}`, [[x.length], [y.length]]);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/**
 * Euclidean norm of a vector, or Frobenius norm of a matrix (numpy's default). Scaled so
 * that huge or tiny entries neither overflow nor underflow (as LAPACK's dnrm2).
 * @throws ShapeError when the argument is not a vector or matrix.
 * @example norm([3, 4]) // 5
 */
export function norm(v: VectorLike | MatrixLike): number {
  const data = isVectorLike(v) ? asVector(v, 'norm: v') : asMatrix(v, 'norm: A').data;
  let big = 0;
  for (let i = 0; i < data.length; i++) {
    const a = Math.abs(data[i]);
    if (a > big || Number.isNaN(a)) big = a;
  }
  if (big === 0 || !Number.isFinite(big)) return big;
  let s = 0;
  for (let i = 0; i < data.length; i++) {
    const r = data[i] / big;
    s += r * r;
  }
  return big * Math.sqrt(s);
}

/**
 * Outer product u vᵀ (length m and n → m × n).
 * @throws ShapeError or NonFiniteError when u or v is not a vector of numbers.
 * @example outer([1, 2], [3, 4]).toArray() // [[3, 4], [6, 8]]
 */
export function outer(u: VectorLike, v: VectorLike): Matrix {
  const x = asVector(u, 'outer: u');
  const y = asVector(v, 'outer: v');
  const out = new Matrix(x.length, y.length);
  for (let i = 0; i < x.length; i++) for (let j = 0; j < y.length; j++) out.data[i * y.length + j] = x[i] * y[j];
  return out;
}
