/**
 * Plain gradient descent, x ← x − learningRate·∇f(x), until the gradient is small.
 */
import { NonFiniteError } from '../errors.js';
import { Matrix, type VectorLike } from '../matrix.js';
import { integerOption, numberOption, optionsObject } from '../validate.js';
import { formatPoint, pointArgument } from './evaluate.js';
import { resolveObjective, type ObjectiveLike } from './objective.js';

/** Options of `gradientDescent`. */
export interface GradientDescentOptions {
  /** Step size; finite and > 0 (default 0.1). Too large for the curvature diverges. */
  learningRate?: number;
  /** Most iterations; an integer ≥ 0 (default 1000). */
  maxIter?: number;
  /** Converged when ‖∇f(x)‖ ≤ tol; finite and > 0 (default 1e-8). */
  tol?: number;
}

/** What `gradientDescent` returns. */
export interface GradientDescentResult {
  /** The final point. */
  x: Float64Array;
  /** f(x). */
  value: number;
  /** Steps taken. */
  iterations: number;
  /** Whether ‖∇f(x)‖ ≤ tol at the final x (false: maxIter ran out first). */
  converged: boolean;
  /** (iterations + 1) × n: row 0 is x0, row k the point after step k. */
  path: Matrix;
}

/**
 * Minimises f from x0 (length n) by gradient descent with a fixed learning rate, checking
 * ‖∇f(x)‖ ≤ tol before each step. The objective is f or `{ f, grad }` (an exact gradient;
 * central differences otherwise — see `Objective`). Running out of `maxIter` is not an
 * error (`converged: false`); f or ∇f turning non-finite (divergence: the learning rate is
 * too large for the curvature) throws `NonFiniteError` naming the point and the iteration.
 * @throws NonFiniteError at a non-finite x0 or when f returns a non-number; OptionError for a bad
 *   option.
 * @example
 * const q = { f: ([x, y]: Float64Array) => x * x + 4 * y * y, grad: ([x, y]: Float64Array) => [2 * x, 8 * y] };
 * gradientDescent(q, [1, 1], { learningRate: 0.1 }).x; // ≈ [0, 0] (converged: true)
 */
export function gradientDescent(objective: ObjectiveLike, x0: VectorLike, options: GradientDescentOptions = {}): GradientDescentResult {
  options = optionsObject(options, 'gradientDescent', ['learningRate', 'maxIter', 'tol']);
  const o = resolveObjective(objective, 'gradientDescent');
  let x = pointArgument(x0, 'gradientDescent: x0');
  const n = x.length;
  const rate = numberOption(options.learningRate, 'gradientDescent: learningRate', 0.1, { min: 0, minExclusive: true });
  const maxIter = integerOption(options.maxIter, 'gradientDescent: maxIter', 1000);
  const tol = numberOption(options.tol, 'gradientDescent: tol', 1e-8, { min: 0, minExclusive: true });

  const path: number[] = Array.from(x); // grows with the iterations actually taken
  let iterations = 0;
  let converged = false;
  try {
    for (;;) {
      const g = o.grad(x);
      let g2 = 0;
      for (let i = 0; i < n; i++) g2 += g[i] * g[i];
      if (Math.sqrt(g2) <= tol) {
        converged = true;
        break;
      }
      if (iterations === maxIter) break;
      const next = new Float64Array(n);
      for (let i = 0; i < n; i++) next[i] = x[i] - rate * g[i];
      for (let i = 0; i < n; i++) {
        if (!Number.isFinite(next[i])) throw new NonFiniteError(`the step from x = ${formatPoint(x)} overflowed`, [i], next[i]);
      }
      x = next;
      iterations++;
      for (let i = 0; i < n; i++) path.push(x[i]);
    }
    return { x, value: o.value(x), iterations, converged, path: new Matrix(iterations + 1, n, Float64Array.from(path)) };
  } catch (e) {
    if (e instanceof NonFiniteError && iterations > 0) {
      throw new NonFiniteError(
        `gradientDescent diverged after ${iterations} iterations (learningRate ${rate} is too large for this function?): ${e.message}`,
        e.position,
        e.value,
      );
    }
    throw e;
  }
}
