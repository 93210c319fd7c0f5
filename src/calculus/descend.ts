/**
 * The sandpit's search loop (course 2): from a start point, take up to `maxSteps`
 * steps of a step rule, stopping early on leaving the box, on reaching the minimum within
 * `tol`, or when the rule stops moving (a step shorter than `stepTol`).
 */
import { OptionError, describeValue } from '../errors.js';
import { Matrix, type VectorLike } from '../matrix.js';
import { integerOption, numberOption, optionsObject } from '../validate.js';
import { callVector, formatPoint, pointArgument } from './evaluate.js';
import type { ObjectiveLike } from './objective.js';
import type { StepRule } from './step-rules.js';

/** Why `descend` stopped. */
export type DescendReason =
  /** x is within `tol` of the known minimum (`minimum` option or the surface's). */
  | 'reached-minimum'
  /**
   * The rule's step was no longer than `stepTol`: the rule has stopped moving — at a
   * stationary point (for Newton's step, possibly a maximum or saddle), or, for steepest
   * descent, on ground too flat for its learning rate.
   */
  | 'small-step'
  /** The next step would leave the box; it was not taken (see `outside`). */
  | 'left-bounds'
  /** `maxSteps` steps were taken. */
  | 'max-steps';

/** Options of `descend`. */
export interface DescendOptions {
  /** Most steps to take; an integer ≥ 0 (default 100; the course's sandpit uses 5). */
  maxSteps?: number;
  /**
   * Distance counted as "at the minimum": stop when ‖x − minimum‖ ≤ tol (needs a known
   * minimum). Finite and > 0 (default 1e-8; the course's sandpit uses 0.15).
   */
  tol?: number;
  /** Stop when the rule's step has ‖step‖ ≤ stepTol; finite and > 0 (default: `tol`). */
  stepTol?: number;
  /**
   * The box: one [low, high] pair per coordinate (±Infinity for no limit). Default: the
   * objective's `bounds` when it has them (sandpit surfaces do), else unbounded.
   */
  bounds?: readonly (readonly [number, number])[];
  /** A known minimiser, length n. Default: the objective's `minimum` when it has one. */
  minimum?: VectorLike;
}

/** What `descend` returns. */
export interface DescendResult {
  /** The last point reached (inside the box). */
  x: Float64Array;
  /** (steps + 1) × n: row 0 is x0, row k the point after step k. */
  path: Matrix;
  /** Steps taken. */
  steps: number;
  /** Why it stopped. */
  reason: DescendReason;
  /** The point the refused step pointed to, when `reason` is 'left-bounds'. */
  outside?: Float64Array;
}

/** Optional fields `descend` reads from an objective object (sandpit surfaces carry them). */
interface SurfaceHints {
  bounds?: readonly (readonly [number, number])[];
  minimum?: VectorLike;
}

/**
 * Applies `rule` from x0 until one of the stopping reasons (checked in this order each step):
 * x within `tol` of the known minimum ('reached-minimum'); `maxSteps` reached ('max-steps');
 * the rule's step no longer than `stepTol` ('small-step'); x + step outside the box
 * ('left-bounds': the step is not taken, its target is returned as `outside`). x0 has length
 * n and must lie in the box (`OptionError` otherwise); the rule must return finite steps of
 * length n. Errors of the rule (e.g. `newtonStep` on a singular Hessian) propagate.
 * @throws NonFiniteError at a non-finite x0 or when the objective returns a non-number; OptionError
 *   for bad `bounds`, `maxSteps`, `tol` or `stepTol`.
 * @example
 * const q = ([x, y]: Float64Array) => (x - 1) ** 2 + 2 * (y + 0.5) ** 2 + x * y;
 * descend({ f: q, h: 0.01 }, [2, 1], steepestStep({ learningRate: 0.25 }), { maxSteps: 5 }).x;
 * // Float64Array [1.4150390625, -0.8515625] (to rounding)
 * descend(sandpit.intro, [3, 2], hybridStep({ learningRate: 0.1 }), { maxSteps: 5, tol: 0.15 }).reason; // 'reached-minimum'
 */
export function descend(objective: ObjectiveLike, x0: VectorLike, rule: StepRule, options: DescendOptions = {}): DescendResult {
  options = optionsObject(options, 'descend', ['maxSteps', 'tol', 'stepTol', 'bounds', 'minimum']);
  if (typeof rule !== 'function') throw new OptionError('descend: rule', 'a step rule such as steepestStep()', rule);
  let x = pointArgument(x0, 'descend: x0');
  const n = x.length;
  const hints: SurfaceHints = typeof objective === 'object' && objective !== null ? (objective as SurfaceHints) : {};
  const maxSteps = integerOption(options.maxSteps, 'descend: maxSteps', 100);
  const tol = numberOption(options.tol, 'descend: tol', 1e-8, { min: 0, minExclusive: true });
  const stepTol = numberOption(options.stepTol, 'descend: stepTol', tol, { min: 0, minExclusive: true });
  const box = boundsOption(options.bounds ?? hints.bounds, n);
  const minimumGiven = options.minimum ?? hints.minimum;
  const minimum = minimumGiven === undefined ? undefined : pointArgument(minimumGiven, 'descend: minimum');
  if (minimum && minimum.length !== n) {
    throw new OptionError('descend: minimum', `a point of length ${n} (as x0)`, minimum);
  }
  if (!inside(box, x)) {
    throw new OptionError('descend: bounds', `a box containing x0 = ${formatPoint(x)}`, describeBox(box));
  }

  const path: number[] = Array.from(x);
  let steps = 0;
  let reason: DescendReason;
  let outside: Float64Array | undefined;
  for (;;) {
    if (minimum && distance(x, minimum) <= tol) {
      reason = 'reached-minimum';
      break;
    }
    if (steps === maxSteps) {
      reason = 'max-steps';
      break;
    }
    const step = callVector(ruleAt, x, 'descend: the step rule', n);
    if (norm(step) <= stepTol) {
      reason = 'small-step';
      break;
    }
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) next[i] = x[i] + step[i];
    if (!inside(box, next)) {
      reason = 'left-bounds';
      outside = next;
      break;
    }
    x = next;
    path.push(...next);
    steps++;
  }
  return { x, path: new Matrix(steps + 1, n, Float64Array.from(path)), steps, reason, ...(outside ? { outside } : {}) };

  // callVector hands the rule a copy of x and checks what it returns (length n, finite).
  function ruleAt(p: Float64Array): Float64Array {
    return rule(objective, p);
  }
}

type Box = Float64Array | undefined; // [lo0, hi0, lo1, hi1, …]

function boundsOption(bounds: unknown, n: number): Box {
  if (bounds === undefined) return undefined;
  const expected = `${n} pairs [low, high] with low < high (one per coordinate of x0)`;
  if (!Array.isArray(bounds) || bounds.length !== n) throw new OptionError('descend: bounds', expected, bounds);
  const box = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const pair: unknown = bounds[i];
    if (!Array.isArray(pair) || pair.length !== 2) throw new OptionError(`descend: bounds[${i}]`, 'a pair [low, high]', pair);
    const [lo, hi] = pair as unknown[];
    if (typeof lo !== 'number' || typeof hi !== 'number' || Number.isNaN(lo) || Number.isNaN(hi) || !(lo < hi)) {
      throw new OptionError(`descend: bounds[${i}]`, 'numbers low < high (±Infinity allowed)', `[${describeValue(lo)}, ${describeValue(hi)}]`);
    }
    box[2 * i] = lo;
    box[2 * i + 1] = hi;
  }
  return box;
}

function describeBox(box: Box): string {
  if (!box) return 'unbounded';
  const parts: string[] = [];
  for (let i = 0; i < box.length; i += 2) parts.push(`[${box[i]}, ${box[i + 1]}]`);
  return parts.join(' × ');
}

function inside(box: Box, x: Float64Array): boolean {
  if (!box) return true;
  for (let i = 0; i < x.length; i++) if (!(x[i] >= box[2 * i] && x[i] <= box[2 * i + 1])) return false;
  return true;
}

function norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

function distance(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}
