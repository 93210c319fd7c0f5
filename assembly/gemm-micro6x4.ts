/**
 * The relaxed-SIMD build's gemm register tile: 6 × 4 (12 f64x2 accumulators). Fused
 * multiply-adds need no register for the product, so 12 accumulators + 2 B vectors + 1 A splat
 * fit V8's 15 xmm registers; with separate mul and add the same tile spills (see gemm.ts), so
 * the plain build keeps the 4 × 4 `micro` and never compiles this one (MR in gemm.ts).
 *
 * C[0..6][0..4] += alpha · Ã · B̃ over `kc` ≥ 1 steps, Ã a 6-row strip (kc × 6, column by
 * column) and B̃ a 4-column strip (kc × 4, row by row); `ldc` is C's row stride in bytes.
 */
import { madd } from './fma';

export function micro6x4(kc: i32, a: usize, b: usize, c: usize, ldc: usize, alpha: f64): void {
  let c00 = f64x2.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
  let c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
  const end = a + <usize>kc * (6 * 8);
  // Unrolled twice with an exit test in between, as gemm.ts's micro (same reasons).
  while (true) {
    {
      const b0 = v128.load(b, 0);
      const b1 = v128.load(b, 16);
      const a0 = v128.load64_splat(a, 0);
      c00 = madd(a0, b0, c00);
      c01 = madd(a0, b1, c01);
      const a1 = v128.load64_splat(a, 8);
      c10 = madd(a1, b0, c10);
      c11 = madd(a1, b1, c11);
      const a2 = v128.load64_splat(a, 16);
      c20 = madd(a2, b0, c20);
      c21 = madd(a2, b1, c21);
      const a3 = v128.load64_splat(a, 24);
      c30 = madd(a3, b0, c30);
      c31 = madd(a3, b1, c31);
      const a4 = v128.load64_splat(a, 32);
      c40 = madd(a4, b0, c40);
      c41 = madd(a4, b1, c41);
      const a5 = v128.load64_splat(a, 40);
      c50 = madd(a5, b0, c50);
      c51 = madd(a5, b1, c51);
    }
    a += 6 * 8;
    b += 4 * 8;
    if (a >= end) break;
    {
      const b0 = v128.load(b, 0);
      const b1 = v128.load(b, 16);
      const a0 = v128.load64_splat(a, 0);
      c00 = madd(a0, b0, c00);
      c01 = madd(a0, b1, c01);
      const a1 = v128.load64_splat(a, 8);
      c10 = madd(a1, b0, c10);
      c11 = madd(a1, b1, c11);
      const a2 = v128.load64_splat(a, 16);
      c20 = madd(a2, b0, c20);
      c21 = madd(a2, b1, c21);
      const a3 = v128.load64_splat(a, 24);
      c30 = madd(a3, b0, c30);
      c31 = madd(a3, b1, c31);
      const a4 = v128.load64_splat(a, 32);
      c40 = madd(a4, b0, c40);
      c41 = madd(a4, b1, c41);
      const a5 = v128.load64_splat(a, 40);
      c50 = madd(a5, b0, c50);
      c51 = madd(a5, b1, c51);
    }
    a += 6 * 8;
    b += 4 * 8;
    if (a >= end) break;
  }
  const va = f64x2.splat(alpha);
  // C rows need not be 16-byte aligned (odd n): the alignment hint is 8.
  let r = c;
  v128.store(r, madd(va, c00, v128.load(r, 0, 8)), 0, 8);
  v128.store(r, madd(va, c01, v128.load(r, 16, 8)), 16, 8);
  r += ldc;
  v128.store(r, madd(va, c10, v128.load(r, 0, 8)), 0, 8);
  v128.store(r, madd(va, c11, v128.load(r, 16, 8)), 16, 8);
  r += ldc;
  v128.store(r, madd(va, c20, v128.load(r, 0, 8)), 0, 8);
  v128.store(r, madd(va, c21, v128.load(r, 16, 8)), 16, 8);
  r += ldc;
  v128.store(r, madd(va, c30, v128.load(r, 0, 8)), 0, 8);
  v128.store(r, madd(va, c31, v128.load(r, 16, 8)), 16, 8);
  r += ldc;
  v128.store(r, madd(va, c40, v128.load(r, 0, 8)), 0, 8);
  v128.store(r, madd(va, c41, v128.load(r, 16, 8)), 16, 8);
  r += ldc;
  v128.store(r, madd(va, c50, v128.load(r, 0, 8)), 0, 8);
  v128.store(r, madd(va, c51, v128.load(r, 16, 8)), 16, 8);
}
