/**
 * Reference `pairwiseSqDist` in plain TypeScript: D ← max(0, xx·1ᵀ + 1·yyᵀ − 2·X·Yᵀ).
 *
 * The cross term goes through the tiled ts gemm (transB layout, so Y is read by rows and
 * nothing is copied); a second pass adds the squared norms and clamps. The clamp is written
 * `v < 0 ? 0 : v` so a NaN stays NaN (Math.max would keep it too, but the form matches the
 * native and wasm kernels, where max() would swallow it).
 */
import { gemm } from './gemm.js';

export function pairwiseSqDist(
  m: number,
  n: number,
  d: number,
  x: Float64Array,
  y: Float64Array,
  xx: Float64Array,
  yy: Float64Array,
  dist: Float64Array,
): void {
  if (m === 0 || n === 0) return;
  gemm(0, 1, m, n, d, -2, x, y, 0, dist);
  for (let i = 0; i < m; i++) {
    const xi = xx[i];
    const row = i * n;
    for (let j = 0; j < n; j++) {
      const v = dist[row + j] + xi + yy[j];
      dist[row + j] = v < 0 ? 0 : v;
    }
  }
}
