/**
 * Squared Euclidean distances between rows (the `pairwiseSqDist` kernel of
 * src/backend/kernels.ts): D ← max(0, xx·1ᵀ + 1·yyᵀ − 2·X·Yᵀ), over byte pointers.
 *
 * The cross term is this module's packed SIMD gemm (transB: Y's rows are the columns of Yᵀ,
 * absorbed by packing, so nothing is transposed); one f64x2 pass then adds the norms and
 * clamps. wasm's f64x2.max returns NaN when either operand is NaN, so NaN propagates (and
 * max(−0, 0) is +0), as the contract asks.
 */
import { gemm } from './gemm';

export function pairwiseSqDist(
  m: i32,
  n: i32,
  d: i32,
  x: usize,
  y: usize,
  xx: usize,
  yy: usize,
  dist: usize,
): void {
  if (m <= 0 || n <= 0) return;
  gemm(0, 1, m, n, d, -2.0, x, y, 0.0, dist);
  addNormsAndClamp(m, n, xx, yy, dist);
}

/** D ← max(0, D + xx·1ᵀ + 1·yyᵀ) over m × n: the pass after the cross term (threads/ runs it too). */
export function addNormsAndClamp(m: i32, n: i32, xx: usize, yy: usize, dist: usize): void {
  const zero = f64x2.splat(0);
  const n2 = n & ~1;
  for (let i = 0; i < m; i++) {
    const row = dist + <usize>i * <usize>n * 8;
    const xi = load<f64>(xx + (<usize>i << 3));
    const vx = f64x2.splat(xi);
    for (let j = 0; j < n2; j += 2) {
      const p = row + (<usize>j << 3);
      // Rows of an odd-width D are only 8-byte aligned: the alignment hint says so.
      const v = f64x2.add(f64x2.add(v128.load(p, 0, 8), vx), v128.load(yy + (<usize>j << 3), 0, 8));
      v128.store(p, f64x2.max(v, zero), 0, 8);
    }
    if (n2 < n) {
      const p = row + (<usize>n2 << 3);
      const v = load<f64>(p) + xi + load<f64>(yy + (<usize>n2 << 3));
      store<f64>(p, v < 0 ? 0 : v);
    }
  }
}
