/**
 * Lower triangle of the shifted scatter, the wasm half of the `gramAccumulate` kernel
 * (src/backend/kernels.ts): lower(C) += lower((A − 1·shiftᵀ)ᵀ (A − 1·shiftᵀ)). The JS wrapper
 * streams A through in row blocks and mirrors C once at the end.
 *
 * SYRK on gemm's 4 × 4 f64x2 micro-kernel: KC rows at a time are centred and packed into
 * 4-feature strips (KC steps of 4 values, zero-padded past n). A strip is both the Ã sliver
 * (4 rows of op(A) = Yᵀ) and the B̃ sliver (4 columns of op(B) = Y) gemm's micro-kernel takes,
 * so one packing serves both operands, and only tiles on or below the diagonal are computed:
 * half the multiply-adds of a gemm.
 */
import { micro } from './gemm';

const KC = 256; // rows per packed block: one strip (KC · 4 doubles = 8 KB) stays in L1
const MR = 4;
const edge = memory.data(MR * MR * 8, 16); // a ragged or diagonal tile is computed here

/** f64 slots `gramAccumulateBlock` needs as `work`: KC rows of ⌈n/4⌉ zero-padded strips. */
export function gramAccumulateWorkSize(n: i32): i32 {
  return KC * ((n + MR - 1) & ~(MR - 1));
}

export function gramAccumulateBlock(m: i32, n: i32, a: usize, shift: usize, c: usize, work: usize): void {
  gramAccumulateStrips(m, n, a, shift, c, work, edge, 0, (n + MR - 1) / MR);
}

/** Bytes of the `edge` tile gramAccumulateStrips takes. */
export const GRAM_EDGE_BYTES: usize = MR * MR * 8;

/**
 * `gramAccumulateBlock` on the rows of C's 4-row strips g0 ≤ gi < g1 only, with the caller's
 * `edge` tile (GRAM_EDGE_BYTES, 16-aligned): two threads run two of these at once,
 * on strips that split the lower triangle's tiles about evenly.
 */
export function gramAccumulateStrips(m: i32, n: i32, a: usize, shift: usize, c: usize, work: usize, edge: usize, g0: i32, g1: i32): void {
  if (n <= 0 || m <= 0 || g0 >= g1) return;
  const ldc = <usize>n * 8;
  for (let r0 = 0; r0 < m; r0 += KC) {
    const kc = min(KC, m - r0);
    pack(a + <usize>r0 * ldc, n, kc, shift, g1, work); // strips [0, g1): every one a tile of these rows reads
    const stripBytes = <usize>kc * (MR * 8);
    for (let gi = g0; gi < g1; gi++) {
      const ap = work + <usize>gi * stripBytes;
      const mr = min(MR, n - gi * MR);
      for (let gj = 0; gj <= gi; gj++) {
        const bp = work + <usize>gj * stripBytes;
        const cp = c + <usize>(gi * MR) * ldc + <usize>(gj * MR) * 8;
        if (gj < gi && mr == MR) {
          micro(kc, ap, bp, cp, ldc, 1.0);
        } else {
          // Diagonal tiles add only their lower half; a ragged last strip only its real rows.
          memory.fill(edge, 0, MR * MR * 8);
          micro(kc, ap, bp, edge, MR * 8, 1.0);
          for (let r = 0; r < mr; r++) {
            const qEnd = gj < gi ? MR : r + 1;
            for (let q = 0; q < qEnd; q++) {
              const dst = cp + <usize>r * ldc + <usize>q * 8;
              store<f64>(dst, load<f64>(dst) + load<f64>(edge + <usize>(r * MR + q) * 8));
            }
          }
        }
      }
    }
  }
}

/** Centres kc rows of A (row stride n) by `shift` into 4-feature strips: strip g, step p holds
 * features 4g..4g+3 of row p; features past n are 0. */
function pack(a: usize, n: i32, kc: i32, shift: usize, strips: i32, dst: usize): void {
  for (let g = 0; g < strips; g++) {
    const f0 = g * MR;
    const nr = min(MR, n - f0);
    const s = shift + <usize>f0 * 8;
    if (nr == MR) {
      const s01 = v128.load(s, 0, 8);
      const s23 = v128.load(s, 16, 8);
      for (let p = 0; p < kc; p++) {
        const src = a + (<usize>p * <usize>n + <usize>f0) * 8;
        v128.store(dst, f64x2.sub(v128.load(src, 0, 8), s01));
        v128.store(dst, f64x2.sub(v128.load(src, 16, 8), s23), 16);
        dst += MR * 8;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const src = a + (<usize>p * <usize>n + <usize>f0) * 8;
        let q = 0;
        for (; q < nr; q++) store<f64>(dst + <usize>q * 8, load<f64>(src + <usize>q * 8) - load<f64>(s + <usize>q * 8));
        for (; q < MR; q++) store<f64>(dst + <usize>q * 8, 0);
        dst += MR * 8;
      }
    }
  }
}
