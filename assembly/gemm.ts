/**
 * Row-major DGEMM: C ← alpha · op(A) · op(B) + beta · C, with the semantics of `gemm` in
 * src/backend/kernels.ts, over byte pointers into linear memory.
 *
 * Goto-style blocking: op(B) is packed in KC × NC panels, op(A) in MC × KC blocks, both into
 * static scratch (packing absorbs the transposes and zero-pads the ragged edges), and a
 * 4 × 4 f64x2 register tile does the arithmetic. 4 × 4 is what V8 keeps in registers: 8
 * accumulators + 2 B vectors + 4 A splats = 14 of the 15 xmm registers it allocates; every
 * larger tile tried (4×6, 6×4, 4×8, 8×4, 5×4, 3×8) spilled and ran at 10–13 GFLOP/s instead of ~20.
 * That is the plain build; the relaxed-SIMD build's fused multiply-adds free a register per
 * product, and it runs a 6 × 4 tile (gemm-micro6x4.ts).
 */

import { madd } from './fma';
import { micro6x4 } from './gemm-micro6x4';

// Rows of gemm's register tile: 6 in the relaxed-SIMD build (gemm-micro6x4.ts), 4 in the plain one.
export const MR = ASC_FEATURE_RELAXED_SIMD ? 6 : 4;
export const NR = 4; // columns of the register tile (2 × f64x2)
export const KC = 256; // depth of a packed panel
export const MC = ASC_FEATURE_RELAXED_SIMD ? 126 : 128; // rows of a packed A block (multiple of MR)
export const NC = 1024; // columns of a packed B panel (multiple of NR)

const packA = memory.data(MC * KC * 8, 16); // MC/MR strips, each KC × MR, column by column
const packB = memory.data(KC * NC * 8, 16); // NC/NR strips, each KC × NR, row by row
const edge = memory.data(MR * NR * 8, 16); // a ragged tile is computed here, then added to C

/**
 * C[0..4][0..4] += alpha · Ã · B̃ over `kc` ≥ 1 steps, Ã / B̃ being one packed strip each
 * (Ã 4 rows: this is the plain build's tile, and gram-accumulate.ts's in both builds).
 * `ldc` is C's row stride in bytes. Kept out of line (several call sites, too big to inline) so
 * V8 tiers it up on its own, within the first long gemm call. Exported for gram-accumulate.ts,
 * whose SYRK runs the same tile on the lower triangle only.
 */
export function micro(kc: i32, a: usize, b: usize, c: usize, ldc: usize, alpha: f64): void {
  let c00 = f64x2.splat(0), c01 = c00, c10 = c00, c11 = c00;
  let c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  const end = a + <usize>kc * (4 * 8);
  // Unrolled twice, each half ended by its own exit test: the branch keeps TurboFan from
  // hoisting the second half's loads above the first half's arithmetic (which spills), and
  // halves the per-iteration loop overhead (stack check, counter).
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
    }
    a += 4 * 8;
    b += NR * 8;
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
    }
    a += 4 * 8;
    b += NR * 8;
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
}

/** The MR × NR tile: a compile-time choice, so each build contains one of the two. */
// @ts-ignore: decorator
@inline function tile(kc: i32, a: usize, b: usize, c: usize, ldc: usize, alpha: f64): void {
  if (MR == 6) micro6x4(kc, a, b, c, ldc, alpha);
  else micro(kc, a, b, c, ldc, alpha);
}

/**
 * Packs the mc × kc block of op(A) at `a`, where op(A)[i][p] = a[i·rs + p·cs] (strides in
 * elements), as MR-row strips stored column by column; rows past mc are zero.
 */
export function packABlock(a: usize, rs: usize, cs: usize, mc: i32, kc: i32, dst: usize): void {
  for (let i = 0; i < mc; i += MR) {
    const mr = min(MR, mc - i);
    for (let p = 0; p < kc; p++) {
      const src = a + (<usize>i * rs + <usize>p * cs) * 8;
      let r = 0;
      for (; r < mr; r++) store<f64>(dst + <usize>r * 8, load<f64>(src + <usize>r * rs * 8));
      for (; r < MR; r++) store<f64>(dst + <usize>r * 8, 0);
      dst += MR * 8;
    }
  }
}

/**
 * Packs the kc × nc panel of op(B) at `b`, where op(B)[p][j] = b[p·rs + j·cs] (strides in
 * elements), as NR-column strips stored row by row; columns past nc are zero.
 */
export function packBPanel(b: usize, rs: usize, cs: usize, kc: i32, nc: i32, dst: usize): void {
  for (let j = 0; j < nc; j += NR) {
    const nr = min(NR, nc - j);
    for (let p = 0; p < kc; p++) {
      const src = b + (<usize>p * rs + <usize>j * cs) * 8;
      let q = 0;
      for (; q < nr; q++) store<f64>(dst + <usize>q * 8, load<f64>(src + <usize>q * cs * 8));
      for (; q < NR; q++) store<f64>(dst + <usize>q * 8, 0);
      dst += NR * 8;
    }
  }
}

/** C ← beta · C over m rows of n (row stride ldc elements); beta = 0 writes zeros without
 * reading C, so NaN/Inf there do not leak. */
export function scaleC(m: i32, n: i32, c: usize, ldc: usize, beta: f64): void {
  if (beta == 1) return;
  const bytes = <usize>n << 3;
  for (let i = 0; i < m; i++) {
    const row = c + <usize>i * ldc * 8;
    if (beta == 0) {
      memory.fill(row, 0, bytes);
    } else {
      const end = row + bytes;
      for (let p = row; p < end; p += 8) store<f64>(p, load<f64>(p) * beta);
    }
  }
}

/** The `gemm` kernel on contiguous operands (row strides k or m, k or n, and n). */
export function gemm(
  transA: i32,
  transB: i32,
  m: i32,
  n: i32,
  k: i32,
  alpha: f64,
  a: usize,
  b: usize,
  beta: f64,
  c: usize,
): void {
  gemmStrided(transA, transB, m, n, k, alpha, a, transA ? m : k, b, transB ? k : n, beta, c, n);
}

/**
 * BLAS dgemm with leading dimensions (row strides, in elements), row-major: the blocked
 * decompositions (lapack/) call it on sub-blocks of one matrix. A is stored m × k (row stride
 * lda) or k × m when transposed; B k × n (ldb) or n × k; C m × n (ldc). Same semantics as
 * `gemm` otherwise. The static packing buffers are used within one call only.
 */
export function gemmStrided(
  transA: i32,
  transB: i32,
  m: i32,
  n: i32,
  k: i32,
  alpha: f64,
  a: usize,
  lda: i32,
  b: usize,
  ldb: i32,
  beta: f64,
  c: usize,
  ldcElems: i32,
): void {
  if (<f64>m * <f64>n * <f64>k >= splitFromWork && gemmSplit(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldcElems) != 0) return;
  gemmScratch(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldcElems, scratchA, scratchB, scratchEdge);
}

// Where gemmStrided packs: this module's statics, unless the helper thread runs a whole
// routine (threads/trsm-part.ts) beside this thread's instance — the statics are one memory's
// bytes, shared by both instances, while these pointers (wasm globals) are each instance's own.
let scratchA: usize = packA;
let scratchB: usize = packB;
let scratchEdge: usize = edge;

/** gemmStrided packs into `scratch` (PACK_A_BYTES + PACK_B_BYTES + EDGE_BYTES, 16-aligned) from now on; 0: into the statics again. */
export function useGemmScratch(scratch: usize): void {
  scratchA = scratch ? scratch : packA;
  scratchB = scratch ? scratch + PACK_A_BYTES : packB;
  scratchEdge = scratch ? scratch + PACK_A_BYTES + PACK_B_BYTES : edge;
}

/**
 * The host's two-thread gemm (src/backend/wasm/threads/): returns 1 when it computed the
 * product on both threads, 0 when this thread is to compute it. Every product of the
 * decompositions passes through `gemmStrided`, so their trailing updates split with it.
 */
@external("env", "gemmSplit")
declare function gemmSplit(
  transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32, b: usize, ldb: i32, beta: f64, c: usize, ldc: i32,
): i32;

/** Products (and trsm solves) of at least this many multiply-adds are offered to the host; none until it sets it. */
let splitFromWork: f64 = Infinity;

/** The threshold `setGemmSplitFrom` set (lapack/trsm.ts offers its solves from it too). */
export function splitFrom(): f64 {
  return splitFromWork;
}

/** Where the host offers two threads: products from `work` multiply-adds (m·n·k) up go to `gemmSplit`. */
export function setGemmSplitFrom(work: f64): void {
  splitFromWork = work;
}

/** Bytes of each piece of scratch `gemmScratch` takes: a packed A block, a packed B panel, an edge tile. */
export const PACK_A_BYTES: usize = MC * KC * 8;
export const PACK_B_BYTES: usize = KC * NC * 8;
export const EDGE_BYTES: usize = MR * NR * 8;

/**
 * `gemmStrided` packing into the caller's scratch (`packA`: MC·KC doubles, `packB`: KC·NC,
 * `edge`: MR·NR, all 16-aligned) instead of this module's statics: two threads run it at once
 * (assembly/threads/) over one shared memory, each with scratch of its own.
 */
export function gemmScratch(
  transA: i32,
  transB: i32,
  m: i32,
  n: i32,
  k: i32,
  alpha: f64,
  a: usize,
  lda: i32,
  b: usize,
  ldb: i32,
  beta: f64,
  c: usize,
  ldcElems: i32,
  packA: usize,
  packB: usize,
  edge: usize,
): void {
  if (m <= 0 || n <= 0) return;
  const ldc = <usize>ldcElems * 8;
  // beta is applied once up front; the tiles then only ever accumulate into C.
  scaleC(m, n, c, <usize>ldcElems, beta);
  if (k <= 0) return;
  const rsA: usize = transA ? 1 : <usize>lda;
  const csA: usize = transA ? <usize>lda : 1;
  const rsB: usize = transB ? 1 : <usize>ldb;
  const csB: usize = transB ? <usize>ldb : 1;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packBPanel(b + (<usize>pc * rsB + <usize>jc * csB) * 8, rsB, csB, kc, nc, packB);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packABlock(a + (<usize>ic * rsA + <usize>pc * csA) * 8, rsA, csA, mc, kc, packA);
        macroKernel(mc, nc, kc, alpha, packA, packB, c + <usize>ic * ldc + <usize>jc * 8, ldc, edge);
      }
    }
  }
}

/**
 * C[0..mc][0..nc] += alpha · Ã · B̃ for one packed A block (mc ≤ MC rows) and one packed B
 * panel (nc ≤ NC columns) of depth kc; `ldc` in bytes. Ragged tiles go through `edge`.
 */
export function macroKernel(mc: i32, nc: i32, kc: i32, alpha: f64, packA: usize, packB: usize, c: usize, ldc: usize, edge: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = min(NR, nc - jr);
    const bp = packB + <usize>jr * kc * 8;
    for (let ir = 0; ir < mc; ir += MR) {
      const mr = min(MR, mc - ir);
      const ap = packA + <usize>ir * kc * 8;
      const cp = c + <usize>ir * ldc + <usize>jr * 8;
      if (mr == MR && nr == NR) {
        tile(kc, ap, bp, cp, ldc, alpha);
      } else {
        memory.fill(edge, 0, MR * NR * 8);
        tile(kc, ap, bp, edge, NR * 8, alpha);
        for (let r = 0; r < mr; r++) {
          for (let q = 0; q < nr; q++) {
            const dst = cp + <usize>r * ldc + <usize>q * 8;
            store<f64>(dst, load<f64>(dst) + load<f64>(edge + <usize>(r * NR + q) * 8));
          }
        }
      }
    }
  }
}
