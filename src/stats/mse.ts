/** Mean squared error between two data sets, as the course measures reconstructions. */
import { ShapeError } from '../errors.js';
import type { MatrixLike, VectorLike } from '../matrix.js';
import { asMatrix, asVector, isVectorLike } from '../validate.js';

/**
 * Mean over rows of the squared row error: Σᵢ ‖Aᵢ − Bᵢ‖² / n for A, B of the same shape
 * (n × d). Vectors are single columns (n × 1), so this is then the plain mean of squared
 * differences. The course's PCA reconstruction error (k = 1: 445.18 on MNIST) is this number.
 * NaN/±Inf propagate. Empty inputs (n = 0) give NaN, as numpy's mean of nothing.
 * @throws ShapeError when A and B differ in shape.
 * @example mse([[1, 2], [3, 4]], [[1, 0], [3, 5]]) // (4 + 1) / 2 = 2.5
 */
export function mse(A: MatrixLike | VectorLike, B: MatrixLike | VectorLike): number {
  const [a, ar, ac] = flat(A, 'mse: A');
  const [b, br, bc] = flat(B, 'mse: B');
  if (ar !== br || ac !== bc) {
    throw new ShapeError(`mse: A is ${ar}×${ac} and B is ${br}×${bc}; they must have the same shape`, [[ar, ac], [br, bc]]);
  }
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const t = a[i] - b[i];
    s += t * t;
  }
  return s / ar;
}

function flat(x: MatrixLike | VectorLike, name: string): [Float64Array, number, number] {
  if (isVectorLike(x)) {
    const v = asVector(x, name);
    return [v, v.length, 1];
  }
  const m = asMatrix(x as MatrixLike, name);
  return [m.data, m.rows, m.cols];
}
