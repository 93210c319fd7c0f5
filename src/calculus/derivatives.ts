/**
 * Numerical derivatives by central differences, as in the course 2 sandpit: the
 * gradient of f: Rⁿ → R, the Jacobian of f: Rⁿ → Rᵐ, and the Hessian as
 * central differences *of the central-difference gradient* (the course's nested scheme).
 *
 * Default steps. Central differences have truncation error O(h²·f‴) and rounding error
 * O(ε·|f|/h); the sum is smallest near h ∝ ε^(1/3) (≈ 6.1e-6), scaled by max(1, |x_i|) so
 * that x_i + h differs from x_i in about a third of its digits whatever x_i's size. The
 * nested Hessian divides by h² (a second difference), rounding error O(ε·|f|/h²) against
 * truncation O(h²): the balance is h ∝ ε^(1/4) (≈ 1.2e-4). A user-given `h` is used as is
 * (absolute, not scaled): `{ h: 0.01 }` is the course's probe.
 *
 * Each step is divided by the distance actually travelled, (x_i + h) − (x_i − h) in floating
 * point, not by 2h: f was evaluated at those rounded points, so this removes the error of
 * h not being representable relative to x_i.
 */
import { OptionError, ShapeError } from '../errors.js';
import { Matrix, type VectorLike } from '../matrix.js';
import { callScalar, callVector, functionArgument, pointArgument, type Point } from './evaluate.js';
import { optionsObject } from '../validate.js';

const EPS = 2 ** -52;
/** ε^(1/3): default relative step of first derivatives (see the module comment). */
export const FIRST_DERIVATIVE_STEP = Math.cbrt(EPS);
/** ε^(1/4): default relative step of the nested (second-difference) Hessian. */
export const SECOND_DERIVATIVE_STEP = Math.sqrt(Math.sqrt(EPS));

/** Options of `gradient`, `jacobian` and `hessian`. */
export interface DerivativeOptions {
  /**
   * Finite-difference step: one number for every coordinate, or one per coordinate (length
   * n); every entry finite and > 0. Default: ε^(1/3)·max(1, |x_i|) for `gradient` and
   * `jacobian`, ε^(1/4)·max(1, |x_i|) for `hessian`.
   */
  h?: number | VectorLike;
}

/**
 * A scalar function of a point of Rⁿ (receives its own copy of the point, a Float64Array).
 * @inlineType Point
 */
export type ScalarFunction = (x: Point) => number;
/**
 * A vector function of a point of Rⁿ (a Float64Array copy); a number counts as a vector of length 1.
 * @inlineType Point
 */
export type VectorFunction = (x: Point) => VectorLike | number;

/**
 * The gradient of f: Rⁿ → R at x by central differences:
 * ∂f/∂x_i ≈ (f(x + h_i e_i) − f(x − h_i e_i)) / 2h_i (2n evaluations of f).
 * x has length n; the result is a Float64Array of length n. f returning a non-number or
 * NaN/±Inf throws `NonFiniteError` naming the point; a step h ≤ 0 throws `OptionError`.
 * @example
 * const q = ([x, y]: Float64Array) => (x - 1) ** 2 + 2 * (y + 0.5) ** 2 + x * y;
 * gradient(q, [2, 1], { h: 0.01 }); // Float64Array [3, 8] (to rounding)
 */
export function gradient(f: ScalarFunction, x: VectorLike, options: DerivativeOptions = {}): Float64Array {
  options = optionsObject(options, 'gradient', ['h']);
  functionArgument(f, 'gradient: f');
  const x0 = pointArgument(x, 'gradient: x');
  const h = stepOption(options, x0, FIRST_DERIVATIVE_STEP, 'gradient');
  return centralGradient(f, x0, h, 'gradient: f');
}

/**
 * The Jacobian of f: Rⁿ → Rᵐ at x by central differences, as an m × n Matrix: column j is
 * (f(x + h_j e_j) − f(x − h_j e_j)) / 2h_j. f returns a Float64Array or number[] of length m
 * (a number counts as m = 1: the 1 × n row vector the course calls J); every call must
 * return the same length (`ShapeError`) and finite values (`NonFiniteError` naming the point).
 * @example
 * jacobian(([x, y]) => [x * y, x + 2 * y], [3, 4]).toArray(); // [[4, 3], [1, 2]] (to ~1e-10)
 */
export function jacobian(f: VectorFunction, x: VectorLike, options: DerivativeOptions = {}): Matrix {
  options = optionsObject(options, 'jacobian', ['h']);
  functionArgument(f, 'jacobian: f');
  const x0 = pointArgument(x, 'jacobian: x');
  const h = stepOption(options, x0, FIRST_DERIVATIVE_STEP, 'jacobian');
  const n = x0.length;
  const m = callVector(f, x0, 'jacobian: f').length;
  const out = new Matrix(m, n);
  const xp = x0.slice();
  for (let j = 0; j < n; j++) {
    const [lo, hi] = [x0[j] - h[j], x0[j] + h[j]];
    xp[j] = hi;
    const fp = callVector(f, xp, 'jacobian: f', m);
    xp[j] = lo;
    const fm = callVector(f, xp, 'jacobian: f', m);
    xp[j] = x0[j];
    const width = hi - lo;
    for (let i = 0; i < m; i++) out.data[i * n + j] = (fp[i] - fm[i]) / width;
  }
  return out;
}

/**
 * The Hessian of f: Rⁿ → R at x, the course's way: central differences of the
 * central-difference gradient, with the same step in both, so
 * H_ij = [f(x+h_i e_i+h_j e_j) − f(x+h_i e_i−h_j e_j) − f(x−h_i e_i+h_j e_j) + f(x−h_i e_i−h_j e_j)] / 4h_i h_j.
 * That expression is symmetric in i and j, so only i ≤ j is evaluated (2n(n+1) calls of f
 * instead of the 4n² of the literal nested loop) and the result is exactly symmetric.
 * x has length n; the result is an n × n Matrix.
 * @throws as `gradient`: NonFiniteError at a non-finite x or when f returns a non-number;
 *   OptionError for a step `h` that is not finite and > 0.
 * @example
 * const q = ([x, y]: Float64Array) => (x - 1) ** 2 + 2 * (y + 0.5) ** 2 + x * y;
 * hessian(q, [2, 1], { h: 0.01 }).toArray(); // [[2, 1], [1, 4]] (to ~1e-10)
 */
export function hessian(f: ScalarFunction, x: VectorLike, options: DerivativeOptions = {}): Matrix {
  options = optionsObject(options, 'hessian', ['h']);
  functionArgument(f, 'hessian: f');
  const x0 = pointArgument(x, 'hessian: x');
  const h = stepOption(options, x0, SECOND_DERIVATIVE_STEP, 'hessian');
  return nestedHessian(f, x0, h, 'hessian: f');
}

/** Central-difference gradient on a validated point with validated steps. */
export function centralGradient(f: ScalarFunction, x0: Float64Array, h: Float64Array, what: string): Float64Array {
  const n = x0.length;
  const g = new Float64Array(n);
  const xp = x0.slice();
  for (let i = 0; i < n; i++) {
    const [lo, hi] = [x0[i] - h[i], x0[i] + h[i]];
    xp[i] = hi;
    const fp = callScalar(f, xp, what);
    xp[i] = lo;
    const fm = callScalar(f, xp, what);
    xp[i] = x0[i];
    g[i] = (fp - fm) / (hi - lo);
  }
  return g;
}

/** The nested central-difference Hessian on a validated point with validated steps. */
export function nestedHessian(f: ScalarFunction, x0: Float64Array, h: Float64Array, what: string): Matrix {
  const n = x0.length;
  const out = new Matrix(n, n);
  const p = x0.slice();
  // f at x + s_i·h_i e_i + s_j·h_j e_j, the inner offset applied on top of the outer one as
  // the nested loop does (for i = j the point is x ± 2h_i or x itself).
  const at = (i: number, si: number, j: number, sj: number): number => {
    p[i] = x0[i] + si * h[i];
    p[j] += sj * h[j];
    const v = callScalar(f, p, what);
    p[i] = x0[i];
    p[j] = x0[j];
    return v;
  };
  for (let i = 0; i < n; i++) {
    const wi = x0[i] + h[i] - (x0[i] - h[i]);
    for (let j = i; j < n; j++) {
      const wj = x0[j] + h[j] - (x0[j] - h[j]);
      const upper = at(i, 1, j, 1) - at(i, 1, j, -1); // 2h_j · ∂f/∂x_j at x + h_i e_i
      const lower = at(i, -1, j, 1) - at(i, -1, j, -1); // 2h_j · ∂f/∂x_j at x − h_i e_i
      const v = (upper - lower) / (wi * wj);
      out.data[i * n + j] = v;
      out.data[j * n + i] = v;
    }
  }
  return out;
}

/**
 * The per-coordinate steps: the `h` option (number or vector, each finite and > 0) or the
 * default `relative · max(1, |x_i|)`. Also used by the step rules and optimisers.
 */
export function stepOption(options: DerivativeOptions | undefined, x: Float64Array, relative: number, fn: string): Float64Array {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new OptionError(`${fn}: options`, 'an object', options);
  }
  const given = options?.h;
  const n = x.length;
  const h = new Float64Array(n);
  if (given === undefined) {
    for (let i = 0; i < n; i++) h[i] = relative * Math.max(1, Math.abs(x[i]));
  } else if (typeof given === 'number') {
    checkStep(given, `${fn}: h`);
    h.fill(given);
  } else if (given instanceof Float64Array || Array.isArray(given)) {
    if (given.length !== n) {
      throw new ShapeError(`${fn}: h has ${given.length} entries but x has ${n}; give one step per coordinate or a single number`, [
        [given.length],
        [n],
      ]);
    }
    for (let i = 0; i < n; i++) {
      checkStep(given[i], `${fn}: h[${i}]`);
      h[i] = given[i];
    }
  } else {
    throw new OptionError(`${fn}: h`, 'a number > 0 or an array of numbers > 0 (one per coordinate)', given);
  }
  for (let i = 0; i < n; i++) {
    // A step so small that x_i ± h rounds back to x_i would divide 0 by 0.
    if (x[i] + h[i] === x[i] - h[i]) {
      throw new OptionError(`${fn}: h${typeof given === 'number' || given === undefined ? '' : `[${i}]`}`, `large enough that x[${i}] ± h differ (x[${i}] = ${x[i]})`, h[i]);
    }
  }
  return h;
}

function checkStep(v: unknown, name: string): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new OptionError(name, 'a finite number > 0', v);
  }
}
