/**
 * Newton–Raphson root finding: x ← x − f(x)/f′(x) for a scalar equation, and
 * x ← x − J(x)⁻¹·F(x) (solving J·Δ = −F) for a system F: Rⁿ → Rⁿ.
 */
import { ConvergenceError, SingularMatrixError } from '../errors.js';
import type { Matrix, MatrixLike, VectorLike } from '../matrix.js';
import { solve } from '../linalg/lu.js';
import { integerOption, numberOption, optionsObject } from '../validate.js';
import { FIRST_DERIVATIVE_STEP, jacobian } from './derivatives.js';
import { callMatrix, callScalar, callVector, formatPoint, functionArgument, pointArgument } from './evaluate.js';

/** Options of `newtonRaphson`. */
export interface NewtonRaphsonOptions {
  /** Converged when the step is ≤ tol·max(1, ‖x‖) (or f(x) is exactly 0); finite, > 0 (default 1e-12). */
  tol?: number;
  /** Most iterations; an integer ≥ 0 (default 100). */
  maxIter?: number;
}

/** What `newtonRaphson` returns; `x` is a number for a scalar equation, a Float64Array for a system. */
export interface NewtonRaphsonResult<T extends number | Float64Array> {
  /** The root found (the last iterate when not converged). */
  x: T;
  /** Newton steps taken. */
  iterations: number;
  /** Whether the last step met `tol` (false: maxIter ran out first; not an error). */
  converged: boolean;
}

/**
 * A root of f near x0 by Newton–Raphson. Scalar form: f, f′: R → R (pass `undefined` for f′
 * to use a central difference). System form: x0 of length n, F returns n values and df
 * the n × n Jacobian (Matrix or number[][]; `undefined`: `jacobian` by central differences).
 * f′(x) = 0 throws `ConvergenceError` (no Newton step from a stationary point); a singular
 * Jacobian throws `SingularMatrixError`; non-finite values of f or f′ throw `NonFiniteError`
 * naming the point.
 * @example
 * newtonRaphson((x) => x * x - 2, (x) => 2 * x, 1).x;      // 1.414213562373095 (√2 to 1 ulp)
 * newtonRaphson(([x, y]) => [x + y - 3, x - y - 1], undefined, [0, 0]).x; // Float64Array [2, 1]
 */
export function newtonRaphson(
  f: (x: number) => number,
  df: ((x: number) => number) | undefined,
  x0: number,
  options?: NewtonRaphsonOptions,
): NewtonRaphsonResult<number>;
export function newtonRaphson(
  f: (x: Float64Array) => VectorLike,
  df: ((x: Float64Array) => MatrixLike) | undefined,
  x0: VectorLike,
  options?: NewtonRaphsonOptions,
): NewtonRaphsonResult<Float64Array>;
export function newtonRaphson(
  f: ((x: number) => number) | ((x: Float64Array) => VectorLike),
  df: ((x: number) => number) | ((x: Float64Array) => MatrixLike) | undefined,
  x0: number | VectorLike,
  options: NewtonRaphsonOptions = {},
): NewtonRaphsonResult<number> | NewtonRaphsonResult<Float64Array> {
  options = optionsObject(options, 'newtonRaphson', ['tol', 'maxIter']);
  functionArgument(f, 'newtonRaphson: f');
  if (df !== undefined && df !== null) functionArgument(df, 'newtonRaphson: df');
  const tol = numberOption(options.tol, 'newtonRaphson: tol', 1e-12, { min: 0, minExclusive: true });
  const maxIter = integerOption(options.maxIter, 'newtonRaphson: maxIter', 100);
  if (typeof x0 === 'number') {
    return scalarNewton(f as (x: number) => number, (df ?? undefined) as ((x: number) => number) | undefined, x0, tol, maxIter);
  }
  return systemNewton(
    f as (x: Float64Array) => VectorLike,
    (df ?? undefined) as ((x: Float64Array) => MatrixLike) | undefined,
    pointArgument(x0, 'newtonRaphson: x0'),
    tol,
    maxIter,
  );
}

function scalarNewton(
  f: (x: number) => number,
  df: ((x: number) => number) | undefined,
  x0: number,
  tol: number,
  maxIter: number,
): NewtonRaphsonResult<number> {
  let x = pointArgument([x0], 'newtonRaphson: x0')[0];
  const at = (g: (x: number) => number, v: number, what: string) => callScalar((p) => g(p[0]), Float64Array.of(v), what);
  const slope = (v: number): number => {
    if (df) return at(df, v, 'newtonRaphson: df');
    const h = FIRST_DERIVATIVE_STEP * Math.max(1, Math.abs(v));
    const [lo, hi] = [v - h, v + h];
    return (at(f, hi, 'newtonRaphson: f') - at(f, lo, 'newtonRaphson: f')) / (hi - lo);
  };
  for (let k = 0; k < maxIter; k++) {
    const fx = at(f, x, 'newtonRaphson: f');
    if (fx === 0) return { x, iterations: k, converged: true };
    const d = slope(x);
    if (d === 0) {
      throw new ConvergenceError(`newtonRaphson: f'(x) = 0 at x = ${formatPoint([x])} after ${k} iterations; Newton's step is undefined there (start elsewhere)`, k);
    }
    const step = -fx / d;
    x += step;
    if (Math.abs(step) <= tol * Math.max(1, Math.abs(x))) return { x, iterations: k + 1, converged: true };
  }
  return { x, iterations: maxIter, converged: false };
}

function systemNewton(
  f: (x: Float64Array) => VectorLike,
  df: ((x: Float64Array) => MatrixLike) | undefined,
  x0: Float64Array,
  tol: number,
  maxIter: number,
): NewtonRaphsonResult<Float64Array> {
  const n = x0.length;
  let x = x0;
  const jac = (p: Float64Array): Matrix => (df ? callMatrix(df, p, 'newtonRaphson: df', n, n) : jacobian(f, p));
  for (let k = 0; k < maxIter; k++) {
    const fx = callVector(f, x, 'newtonRaphson: f', n);
    if (fx.every((v) => v === 0)) return { x, iterations: k, converged: true };
    let step: Float64Array;
    try {
      step = solve(jac(x), fx.map((v) => -v));
    } catch (e) {
      if (!(e instanceof SingularMatrixError)) throw e;
      throw new SingularMatrixError(`newtonRaphson: the Jacobian at x = ${formatPoint(x)} (iteration ${k}) is singular; ${e.message}`);
    }
    const next = new Float64Array(n);
    let s2 = 0;
    let x2 = 0;
    for (let i = 0; i < n; i++) {
      next[i] = x[i] + step[i];
      s2 += step[i] * step[i];
      x2 += next[i] * next[i];
    }
    x = next;
    if (Math.sqrt(s2) <= tol * Math.max(1, Math.sqrt(x2))) return { x, iterations: k + 1, converged: true };
  }
  return { x, iterations: maxIter, converged: false };
}
