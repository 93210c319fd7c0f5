/**
 * Power iteration: the dominant eigenpair of a square matrix from repeated products A·x.
 */
import { callPinned, type BackendOption } from '../backend/registry.js';
import { OptionError, ShapeError } from '../errors.js';
import type { MatrixLike, VectorLike } from '../matrix.js';
import { Rng } from '../random.js';
import { asMatrix, assertFinite, assertSquareNonEmpty, asVector, integerOption, numberOption, optionsObject } from '../validate.js';

export interface PowerIterationOptions extends BackendOption {
  /** Stop when ‖A·v − λ·v‖₂ ≤ tol · |λ| (relative residual of the unit vector v). Default 1e-10; > 0. */
  tol?: number;
  /** Cap on the number of products A·x (default 1000); reaching it returns `converged: false`. */
  maxIter?: number;
  /** Starting vector (length n, finite, non-zero). Default: a seeded random normal vector. */
  x0?: VectorLike;
  /** Seed of the default random start (default 1); ignored when x0 is given. */
  seed?: number;
}

/** `powerIteration`'s result. */
export interface PowerIterationResult {
  /** The Rayleigh quotient vᵀAv of the final unit vector: the dominant eigenvalue when converged. */
  value: number;
  /** Unit 2-norm, sign fixed so that its largest-|x| entry (the first such) is positive. */
  vector: Float64Array;
  /** Number of products A·x performed. */
  iterations: number;
  /** Whether the residual ‖A·v − λ·v‖₂ fell to `tol`·|λ|; false when `maxIter` was reached first. */
  converged: boolean;
}

/**
 * Dominant eigenvalue (largest |λ|) and its eigenvector of an n × n matrix, by power
 * iteration with the Rayleigh quotient. Converges at the rate |λ₂/λ₁|; when two eigenvalues
 * share the largest modulus (±λ, a complex pair, a rotation) it cannot converge and returns
 * `converged: false` after `maxIter` products rather than throwing. A start orthogonal to the
 * dominant eigenvector converges to another one: the default random start avoids that with
 * probability 1. A zero product A·x ends at once with value 0 (x is then in the null space).
 * Non-finite entries throw `NonFiniteError`; a non-square A `ShapeError`.
 * @example powerIteration([[2, 1], [1, 2]]) // { value: 3, vector ≈ [0.7071, 0.7071], iterations: 20, converged: true }
 */
export function powerIteration(A: MatrixLike, options: PowerIterationOptions = {}): PowerIterationResult {
  const pinned = callPinned(powerIteration, [A, options], 'powerIteration');
  if (pinned) return pinned.result as PowerIterationResult;
  options = optionsObject(options, 'powerIteration', ['tol', 'maxIter', 'x0', 'seed']);
  const a = asMatrix(A, 'powerIteration: A');
  assertSquareNonEmpty(a, 'powerIteration: A');
  assertFinite(a, 'powerIteration: A');
  const tol = numberOption(options.tol, 'tol', 1e-10, { min: 0, minExclusive: true });
  const maxIter = integerOption(options.maxIter, 'maxIter', 1000, 1);
  const n = a.rows;
  const data = a.data;

  let x: Float64Array;
  if (options.x0 !== undefined) {
    const given = asVector(options.x0, 'powerIteration: x0');
    if (given.length !== n) throw new ShapeError(`powerIteration: x0 has length ${given.length}; A is ${n}×${n}`, [[given.length], a.shape]);
    x = given.slice();
    if (!x.every(Number.isFinite)) throw new OptionError('x0', 'a finite vector', options.x0);
  } else {
    const rng = new Rng(integerOption(options.seed, 'seed', 1));
    x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = rng.normal();
  }
  const len0 = norm2(x);
  if (len0 === 0) throw new OptionError('x0', 'a non-zero vector', options.x0);
  for (let i = 0; i < n; i++) x[i] /= len0;

  const y = new Float64Array(n);
  let value = 0;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIter) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      const row = i * n;
      for (let j = 0; j < n; j++) s += data[row + j] * x[j];
      y[i] = s;
    }
    iterations++;
    value = 0;
    for (let i = 0; i < n; i++) value += x[i] * y[i];
    let res = 0;
    for (let i = 0; i < n; i++) res += (y[i] - value * x[i]) ** 2;
    if (Math.sqrt(res) <= tol * Math.abs(value)) {
      converged = true;
      break;
    }
    const len = norm2(y);
    for (let i = 0; i < n; i++) x[i] = y[i] / len;
  }

  let at = 0;
  for (let i = 1; i < n; i++) if (Math.abs(x[i]) > Math.abs(x[at])) at = i;
  if (x[at] < 0) for (let i = 0; i < n; i++) x[i] = -x[i];
  return { value, vector: x, iterations, converged };
}

/** 2-norm; the plain sum of squares unless it overflows or underflows (then rescaled). */
function norm2(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  if (s > 1e-280 && s < Infinity) return Math.sqrt(s);
  let big = 0;
  for (let i = 0; i < x.length; i++) big = Math.max(big, Math.abs(x[i]));
  if (big === 0 || !Number.isFinite(big)) return big;
  s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] / big) ** 2;
  return big * Math.sqrt(s);
}
