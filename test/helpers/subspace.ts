/** Comparing the subspaces two PCA models span (their components' row spaces). */
import type { Matrix } from '../../src/matrix.js';

/**
 * sin of the largest principal angle between the row spaces of a and b (k × d, orthonormal
 * rows), bounded above by ‖a − (a·bᵀ)·b‖_F.
 */
export function subspaceAngle(a: Matrix, b: Matrix): number {
  const [k, d] = [a.rows, a.cols];
  let ss = 0;
  for (let i = 0; i < k; i++) {
    const r = a.data.slice(i * d, (i + 1) * d);
    for (let p = 0; p < b.rows; p++) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += a.data[i * d + j] * b.data[p * d + j];
      for (let j = 0; j < d; j++) r[j] -= dot * b.data[p * d + j];
    }
    for (const v of r) ss += v * v;
  }
  return Math.asin(Math.min(1, Math.sqrt(ss)));
}
