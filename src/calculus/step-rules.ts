/**
 * The sandpit's step rules (course 2, "Gradient descent in a sandpit"). A rule maps
 * an objective and a point x to the step to take from x; `descend` applies one repeatedly.
 *
 *   steepest   −γ·J
 *   Newton     −H⁻¹·J            (solves H·step = −J; never forms H⁻¹)
 *   hybrid     Newton, unless it does not point downhill (step·(−J) ≤ 0) or is longer than
 *              maxNorm — or H is singular — then −γ·J
 *
 * J is the gradient and H the Hessian of the objective at x: exact when the objective
 * carries them, central differences otherwise (see objective.ts).
 */
import { SingularMatrixError } from '../errors.js';
import type { VectorLike } from '../matrix.js';
import { solve } from '../linalg/lu.js';
import { numberOption, optionsObject } from '../validate.js';
import { formatPoint, pointArgument } from './evaluate.js';
import { resolveObjective, type ObjectiveLike, type ResolvedObjective } from './objective.js';

/** A step rule: the step (length n) to take from the point x (length n). */
export type StepRule = (objective: ObjectiveLike, x: VectorLike) => Float64Array;

/** Options of `steepestStep`. */
export interface SteepestStepOptions {
  /** γ in step = −γ·J; finite and > 0 (default 0.5, the course's). */
  learningRate?: number;
}

/** Options of `hybridStep`. */
export interface HybridStepOptions {
  /** γ of the steepest-descent fallback; finite and > 0 (default 0.5). */
  learningRate?: number;
  /** Longest Newton step accepted (Euclidean norm); finite and > 0 (default 2). */
  maxNorm?: number;
}

/**
 * Steepest descent: step = −γ·∇f(x).
 * @throws OptionError for a `learningRate` ≤ 0. The rule it returns throws NonFiniteError when the
 *   objective gives a non-number.
 * @example
 * const q = ([x, y]: Float64Array) => (x - 1) ** 2 + 2 * (y + 0.5) ** 2 + x * y;
 * steepestStep({ learningRate: 0.5 })({ f: q, h: 0.01 }, [2, 1]); // Float64Array [-1.5, -4] (to ~1e-14)
 */
export function steepestStep(options: SteepestStepOptions = {}): StepRule {
  options = optionsObject(options, 'steepestStep', ['learningRate']);
  const gamma = numberOption(options.learningRate, 'steepestStep: learningRate', 0.5, { min: 0, minExclusive: true });
  return (objective, x) => {
    const x0 = pointArgument(x, 'steepestStep: x');
    return steepest(resolveObjective(objective, 'steepestStep'), x0, gamma);
  };
}

/**
 * Newton's step: solves H·step = −J (LU with partial pivoting, `solve`). Pure Newton, as in
 * the course: it heads for the stationary point of the local quadratic model, which is a
 * maximum or a saddle when H is not positive definite — use `hybridStep` to refuse such
 * steps. A Hessian singular to working precision throws `SingularMatrixError` naming x
 * (there is no Newton step there).
 * @example
 * const q = ([x, y]: Float64Array) => (x - 1) ** 2 + 2 * (y + 0.5) ** 2 + x * y;
 * newtonStep()({ f: q, h: 0.01 }, [2, 1]); // Float64Array [-0.5714285714…, -1.8571428571…]
 */
export function newtonStep(): StepRule {
  return (objective, x) => {
    const x0 = pointArgument(x, 'newtonStep: x');
    const o = resolveObjective(objective, 'newtonStep');
    const step = newton(o, x0, o.grad(x0));
    if (step === undefined) {
      throw new SingularMatrixError(
        `newtonStep: the Hessian at x = ${formatPoint(x0)} is singular to working precision, so Newton's step is undefined; ` +
          'hybridStep falls back to steepest descent there',
      );
    }
    return step;
  };
}

/**
 * The course's hybrid: Newton's step, unless it does not point downhill (step·(−J) ≤ 0:
 * a maximum or saddle of the quadratic model, or an indefinite H), is longer than
 * `maxNorm`, or H is singular — then steepest descent −γ·J.
 * @throws OptionError for a `learningRate` or `maxNorm` ≤ 0. The rule it returns throws
 *   NonFiniteError when the objective gives a non-number.
 * @example
 * const q = ([x, y]: Float64Array) => (x - 1) ** 2 + 2 * (y + 0.5) ** 2 + x * y;
 * hybridStep()({ f: q, h: 0.01 }, [2, 1]); // Newton's [-0.5714…, -1.8571…] (downhill, length 1.94 ≤ 2)
 */
export function hybridStep(options: HybridStepOptions = {}): StepRule {
  options = optionsObject(options, 'hybridStep', ['learningRate', 'maxNorm']);
  const gamma = numberOption(options.learningRate, 'hybridStep: learningRate', 0.5, { min: 0, minExclusive: true });
  const maxNorm = numberOption(options.maxNorm, 'hybridStep: maxNorm', 2, { min: 0, minExclusive: true });
  return (objective, x) => {
    const x0 = pointArgument(x, 'hybridStep: x');
    const o = resolveObjective(objective, 'hybridStep');
    const j = o.grad(x0);
    const step = newton(o, x0, j);
    if (step !== undefined) {
      let downhill = 0;
      let length2 = 0;
      for (let i = 0; i < step.length; i++) {
        downhill -= step[i] * j[i];
        length2 += step[i] * step[i];
      }
      if (downhill > 0 && Math.sqrt(length2) <= maxNorm) return step;
    }
    return scaled(j, -gamma);
  };
}

function steepest(o: ResolvedObjective, x: Float64Array, gamma: number): Float64Array {
  return scaled(o.grad(x), -gamma);
}

/** −H⁻¹J, or undefined when H is singular to working precision. */
function newton(o: ResolvedObjective, x: Float64Array, j: Float64Array): Float64Array | undefined {
  const hess = o.hess(x);
  try {
    return solve(hess, scaled(j, -1));
  } catch (e) {
    if (e instanceof SingularMatrixError) return undefined;
    throw e;
  }
}

function scaled(v: Float64Array, s: number): Float64Array {
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = s * v[i];
  return out;
}
