/**
 * The logistic sigmoid σ(z) = 1 / (1 + e^−z) and its derivative σ′(z) = σ(z)(1 − σ(z)), on
 * numbers, vectors and matrices (element-wise; NaN propagates, as element-wise arithmetic does).
 *
 * Both are evaluated through t = e^−|z|, which never overflows: σ = 1/(1 + t) for z ≥ 0 and
 * t/(1 + t) for z < 0, σ′ = t/(1 + t)². The textbook forms lose the tails: 1/(1 + e^−z) is
 * fine, but σ(1 − σ) is 0 for z ≳ 37 (σ rounds to 1) while σ′(40) = 4.2e-18 is representable.
 * These are the same expressions the dense-layer kernels use for the sigmoid activation.
 */
import { ShapeError, describeValue } from '../errors.js';
import { Matrix, type MatrixLike, type VectorLike } from '../matrix.js';
import { asMatrix, asVector, isVectorLike } from '../validate.js';

function sigmoidScalar(z: number): number {
  const t = Math.exp(-Math.abs(z));
  const s = 1 / (1 + t);
  return z >= 0 ? s : t * s;
}

function sigmoidPrimeScalar(z: number): number {
  const t = Math.exp(-Math.abs(z));
  const s = 1 / (1 + t);
  return t * s * s;
}

/**
 * The logistic sigmoid 1 / (1 + e^−z), element-wise. Accurate in both tails, never overflows.
 * @throws ShapeError when z is not a number, vector or matrix (ragged rows, a string).
 * @example sigmoid(0) // 0.5
 * @example sigmoid([-1, 0, 1]) // Float64Array [0.2689…, 0.5, 0.7310…]
 * @example sigmoid([[0, 800]]).toArray() // [[0.5, 1]]
 */
export function sigmoid(z: number): number;
export function sigmoid(z: VectorLike): Float64Array;
export function sigmoid(z: MatrixLike): Matrix;
export function sigmoid(z: number | VectorLike | MatrixLike): number | Float64Array | Matrix {
  return elementwise(z, sigmoidScalar, 'sigmoid');
}

/**
 * The sigmoid's derivative σ′(z) = σ(z)(1 − σ(z)) = e^−|z| / (1 + e^−|z|)², element-wise.
 * Keeps full relative precision for large |z| (σ′(40) ≈ 4.25e-18, not 0).
 * @throws ShapeError when z is not a number, vector or matrix (ragged rows, a string).
 * @example sigmoidPrime(0) // 0.25
 * @example sigmoidPrime([-2, 2]) // Float64Array [0.1049…, 0.1049…]
 */
export function sigmoidPrime(z: number): number;
export function sigmoidPrime(z: VectorLike): Float64Array;
export function sigmoidPrime(z: MatrixLike): Matrix;
export function sigmoidPrime(z: number | VectorLike | MatrixLike): number | Float64Array | Matrix {
  return elementwise(z, sigmoidPrimeScalar, 'sigmoidPrime');
}

function elementwise(
  z: number | VectorLike | MatrixLike,
  f: (x: number) => number,
  fn: string,
): number | Float64Array | Matrix {
  if (typeof z === 'number') return f(z);
  if (z === null || typeof z !== 'object') {
    throw new ShapeError(`${fn}: z must be a number, vector or matrix; got ${describeValue(z)}`);
  }
  if (isVectorLike(z)) return asVector(z, `${fn}: z`).map(f);
  const m = asMatrix(z as MatrixLike, `${fn}: z`);
  return new Matrix(m.rows, m.cols, m.data.map(f));
}
