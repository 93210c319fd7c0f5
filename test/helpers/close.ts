/**
 * Tolerances by purpose, named once (numpy's test_linalg uses ~1e-11 for float64).
 * `expectClose` compares with a bound scaled to the magnitudes involved.
 */
import { expect } from 'vitest';

/** Relative agreement required between backends and with the reference (issue #2). */
export const GEMM_RTOL = 1e-12;

/** max |x − y| / max(|y|, tiny): one number per comparison, easy to read in failures. */
export function relativeError(x: ArrayLike<number>, y: ArrayLike<number>): number {
  expect(x.length).toBe(y.length);
  let diff = 0;
  let size = 0;
  for (let i = 0; i < x.length; i++) {
    diff = Math.max(diff, Math.abs(x[i] - y[i]));
    size = Math.max(size, Math.abs(y[i]));
  }
  return diff / Math.max(size, Number.MIN_VALUE);
}

export function expectClose(x: ArrayLike<number>, y: ArrayLike<number>, rtol: number): void {
  const err = relativeError(x, y);
  if (!(err <= rtol)) throw new Error(`relative error ${err.toExponential(3)} exceeds ${rtol}`);
}
