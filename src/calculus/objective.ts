/**
 * What the optimisers minimise: a bare function f: Rⁿ → R, or an object that also carries its
 * exact derivatives. Whatever is missing is filled in by central differences, so a step rule
 * or `descend` never needs to know which form it was given.
 *
 *   f                          gradient and Hessian numerically (course style)
 *   { f, grad }                exact gradient; Hessian = central differences of `grad`
 *   { f, grad, hess }          everything exact
 *   { f, h: 0.01 }             numerical, with the course's probe step
 *
 * Sandpit surfaces (`sandpit.intro`, …) are objectives too: they carry `f` and `h`.
 */
import type { MatrixLike, VectorLike } from '../matrix.js';
import { Matrix } from '../matrix.js';
import { ShapeError, describeValue } from '../errors.js';
import {
  FIRST_DERIVATIVE_STEP,
  SECOND_DERIVATIVE_STEP,
  centralGradient,
  nestedHessian,
  stepOption,
  type ScalarFunction,
} from './derivatives.js';
import { callMatrix, callScalar, callVector, type Point } from './evaluate.js';

/** A function with (optionally) its exact derivatives. */
export interface Objective {
  /** The function to minimise, Rⁿ → R. */
  f: ScalarFunction;
  /** Exact gradient ∇f(x), length n. */
  grad?: (x: Point) => VectorLike;
  /** Exact Hessian ∇²f(x), n × n. */
  hess?: (x: Point) => MatrixLike;
  /**
   * Step of the central differences used for whatever is not given exactly (a number, or one
   * per coordinate). Default: the defaults of `gradient` / `hessian` (scaled to x). When
   * `grad` is exact and `hess` is not, the Hessian differences `grad` with this step.
   */
  h?: number | VectorLike;
}

/** Anything the optimisers accept as the function to minimise. */
export type ObjectiveLike = ScalarFunction | Objective;

/** An objective with every derivative available (exact or numerical). Internal. */
export interface ResolvedObjective {
  value(x: Float64Array): number;
  grad(x: Float64Array): Float64Array;
  hess(x: Float64Array): Matrix;
}

/** Validates the objective form once and returns uniform accessors. */
export function resolveObjective(objective: ObjectiveLike, fn: string): ResolvedObjective {
  const o: Objective | undefined = typeof objective === 'function' ? { f: objective } : objective;
  if (o === null || typeof o !== 'object' || typeof o.f !== 'function') {
    throw new ShapeError(`${fn}: the objective must be a function or an object { f, grad?, hess?, h? }; got ${describeValue(objective)}`);
  }
  for (const key of ['grad', 'hess'] as const) {
    if (o[key] !== undefined && typeof o[key] !== 'function') {
      throw new ShapeError(`${fn}: objective.${key} must be a function when given; got ${describeValue(o[key])}`);
    }
  }
  const { f, grad, hess } = o;
  const opts = { h: o.h };
  const value = (x: Float64Array) => callScalar(f, x, `${fn}: f`);
  const gradAt = grad
    ? (x: Float64Array) => callVector(grad, x, `${fn}: grad`, x.length)
    : (x: Float64Array) => centralGradient(f, x, stepOption(opts, x, FIRST_DERIVATIVE_STEP, fn), `${fn}: f`);
  let hessAt: (x: Float64Array) => Matrix;
  if (hess) hessAt = (x) => callMatrix(hess, x, `${fn}: hess`, x.length, x.length);
  else if (grad) hessAt = (x) => symmetricJacobianOfGradient(gradAt, x, stepOption(opts, x, FIRST_DERIVATIVE_STEP, fn));
  else hessAt = (x) => nestedHessian(f, x, stepOption(opts, x, SECOND_DERIVATIVE_STEP, fn), `${fn}: f`);
  return { value, grad: gradAt, hess: hessAt };
}

/**
 * Central differences of an exact gradient, symmetrised ((J + Jᵀ)/2): a Hessian is
 * symmetric, and the two halves differ only by truncation and rounding error.
 */
function symmetricJacobianOfGradient(g: (x: Float64Array) => Float64Array, x0: Float64Array, h: Float64Array): Matrix {
  const n = x0.length;
  const out = new Matrix(n, n);
  const xp = x0.slice();
  for (let j = 0; j < n; j++) {
    const [lo, hi] = [x0[j] - h[j], x0[j] + h[j]];
    xp[j] = hi;
    const gp = g(xp);
    xp[j] = lo;
    const gm = g(xp);
    xp[j] = x0[j];
    for (let i = 0; i < n; i++) out.data[i * n + j] = (gp[i] - gm[i]) / (hi - lo);
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (out.data[i * n + j] + out.data[j * n + i]);
      out.data[i * n + j] = v;
      out.data[j * n + i] = v;
    }
  }
  return out;
}
