/**
 * Distance and angle between two vectors, with the course's formulas (numpy's
 * `norm(x − y)` and `arccos(x·y / (‖x‖‖y‖))`), guarded against overflow and the cosine's
 * rounding past ±1.
 */
import { ShapeError } from '../errors.js';
import type { VectorLike } from '../matrix.js';
import { asVector } from '../validate.js';
import { maxAbs, pow2ScaleFor } from './scaling.js';

/**
 * Euclidean distance ‖x − y‖ between two vectors of the same length. Rescaled by a power of
 * two, so it equals √Σ(x − y)² bit for bit in the normal range yet never overflows. NaN/±Inf
 * propagate.
 * @throws ShapeError when the lengths differ.
 * @example distance([1, 0], [0, 1]) // Math.SQRT2
 */
export function distance(x: VectorLike, y: VectorLike): number {
  const [u, v] = pair(x, y, 'distance');
  const diff = new Float64Array(u.length);
  for (let i = 0; i < u.length; i++) diff[i] = u[i] - v[i];
  const big = maxAbs(diff);
  if (!Number.isFinite(big)) return big; // NaN or Infinity, as numpy
  const s = pow2ScaleFor(big);
  let sum = 0;
  for (let i = 0; i < diff.length; i++) {
    const t = diff[i] * s;
    sum += t * t;
  }
  return Math.sqrt(sum) / s;
}

/**
 * Angle in radians (0..π) between two non-zero vectors: arccos of the cosine
 * x·y / (‖x‖‖y‖), CLAMPED to [−1, 1] — rounding can push it past 1 for parallel vectors
 * ([0.1, 0.7] and [0.3, 2.1] give 1.0000000000000002), where an unclamped arccos is NaN.
 * Near 0 and π arccos resolves the cosine, not the angle: angles below ~1e-8 come out as 0.
 * A zero vector has no direction: the result is NaN (as numpy's 0/0), as it is for NaN input.
 * @throws ShapeError when the lengths differ.
 * @example angle([1, 0], [0, 1]) // Math.PI / 2
 * @example angle([0.1, 0.7], [0.3, 2.1]) // 0
 */
export function angle(x: VectorLike, y: VectorLike): number {
  const [u, v] = pair(x, y, 'angle');
  // Each vector scaled by its own power of two: the cosine is scale-invariant and the scaling
  // is exact, so this is the plain formula's value without its overflow or underflow.
  const su = pow2ScaleFor(maxAbs(u));
  const sv = pow2ScaleFor(maxAbs(v));
  let uv = 0;
  let uu = 0;
  let vv = 0;
  for (let i = 0; i < u.length; i++) {
    const a = u[i] * su;
    const b = v[i] * sv;
    uv += a * b;
    uu += a * a;
    vv += b * b;
  }
  const c = uv / (Math.sqrt(uu) * Math.sqrt(vv));
  if (Number.isNaN(c)) return NaN;
  return Math.acos(Math.min(1, Math.max(-1, c)));
}

function pair(x: VectorLike, y: VectorLike, fn: string): [Float64Array, Float64Array] {
  const u = asVector(x, `${fn}: x`);
  const v = asVector(y, `${fn}: y`);
  if (u.length !== v.length) throw new ShapeError(`${fn}: x has length ${u.length} and y has length ${v.length}; they must match`, [[u.length], [v.length]]);
  return [u, v];
}
