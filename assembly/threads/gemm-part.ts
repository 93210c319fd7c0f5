/**
 * gemm split across two threads: each thread runs `gemmPart` on its own block of C's rows or
 * columns (src/backend/wasm/threads/split.ts picks the cut), packing into the scratch it was
 * handed rather than the module's statics.
 */
import { EDGE_BYTES, KC, MC, MR, NC, NR, PACK_A_BYTES, PACK_B_BYTES, gemmScratch, macroKernel, packABlock, packBPanel, scaleC } from '../gemm';

/** Bytes of scratch one thread needs for `gemmPart` (16-aligned pieces). */
export function gemmPartScratchBytes(): usize {
  return PACK_A_BYTES + PACK_B_BYTES + EDGE_BYTES;
}

/** `gemmStrided` (leading dimensions in elements) over `scratch` of gemmPartScratchBytes(). */
export function gemmPart(
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
  ldc: i32,
  scratch: usize,
): void {
  const packB = scratch + PACK_A_BYTES;
  gemmScratch(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, scratch, packB, packB + PACK_B_BYTES);
}

/*
 * The two-thread product proper (BLIS's way, with few meeting points): for a group of kc × nc
 * panels of op(B) (all of k, up to 2048 deep), both threads pack half of every panel's strips
 * into one shared buffer; then both take row blocks of C from a shared counter, and each block
 * is carried through every panel of the group (packing its block of A per panel) by the
 * thread that took it. A and B are packed once in all, as on one thread; the threads meet
 * twice per group (after packing, at the end) rather than twice per panel, which matters on a
 * busy machine where a meeting can cost a whole time slice; and a thread that runs slower
 * takes fewer blocks. Blocks shrink as the rows run out (a quarter of what is left, guided
 * self-scheduling), so the two finish close together. The JS side
 * (threads/threaded-kernels.ts) runs the groups.
 */

/**
 * The blocking the JS side loops over: [KC, NC, NR, MC, MR]. MR (4 plain, 6 relaxed) is the
 * grain of every row cut: blocks of C starting on multiples of MR get the very tiles one
 * thread would run, so a split product rounds as the one-thread one does (a ragged tile is
 * added to C after the multiply, which in the relaxed build is not the fused multiply-add a
 * whole tile ends with).
 */
export function gemmBlocking(i: i32): i32 {
  return i == 0 ? KC : i == 1 ? NC : i == 2 ? NR : i == 3 ? MC : MR;
}

/**
 * Packs NR-column strips s0 ≤ s < s1 of the panels of op(B) at depths pc0, pc0 + KC, … < pcEnd
 * and columns jc..jc+nc: panel p at packB + p·PACK_B_BYTES, laid out as packBPanel lays it.
 */
export function gemmPackPanels(transB: i32, b: usize, ldb: i32, pc0: i32, pcEnd: i32, jc: i32, nc: i32, s0: i32, s1: i32, packB: usize): void {
  const rsB: usize = transB ? 1 : <usize>ldb;
  const csB: usize = transB ? <usize>ldb : 1;
  const j0 = s0 * NR;
  const j1 = min(s1 * NR, nc);
  if (j0 >= j1) return;
  let panel = packB;
  for (let pc = pc0; pc < pcEnd; pc += KC) {
    const kc = min(KC, pcEnd - pc);
    packBPanel(b + (<usize>pc * rsB + <usize>(jc + j0) * csB) * 8, rsB, csB, kc, j1 - j0, panel + <usize>j0 * kc * 8);
    panel += PACK_B_BYTES;
  }
}

/**
 * Takes row blocks of C from the i32 `counter` (the next free row) until m is reached — a
 * quarter of the rows left, in whole MR tiles, at least `minRows` and at most `maxRows` (≤ MC,
 * both multiples of MR, so every block starts on a tile one thread would run) — and carries
 * each through the group's panels: pack the block of op(A) for that depth into `packA`,
 * multiply by the packed panel into C[ic..][jc..jc+nc]. The group at depth 0 first applies
 * beta to the block's part of C (C ← beta·C; beta = 0 does not read C), while it is about to be
 * used anyway. `ldc` in elements.
 */
export function gemmRowBlocks(
  transA: i32, m: i32, alpha: f64, a: usize, lda: i32, pc0: i32, pcEnd: i32, jc: i32, nc: i32,
  packB: usize, beta: f64, c: usize, ldc: i32, counter: usize, minRows: i32, maxRows: i32, packA: usize, edge: usize,
): void {
  const rsA: usize = transA ? 1 : <usize>lda;
  const csA: usize = transA ? <usize>lda : 1;
  const ldcBytes = <usize>ldc * 8;
  while (true) {
    let ic = atomic.load<i32>(counter);
    let mc = 0;
    while (ic < m) {
      const quarter = ((m - ic + 3) / 4 + MR - 1) / MR * MR;
      const rows = min(maxRows, max(minRows, quarter));
      const seen = atomic.cmpxchg<i32>(counter, ic, ic + rows);
      if (seen == ic) {
        mc = min(rows, m - ic);
        break;
      }
      ic = seen;
    }
    if (mc == 0) break;
    const cBlock = c + <usize>ic * ldcBytes + <usize>jc * 8;
    if (pc0 == 0) scaleC(mc, nc, cBlock, <usize>ldc, beta);
    let panel = packB;
    for (let pc = pc0; pc < pcEnd; pc += KC) {
      const kc = min(KC, pcEnd - pc);
      packABlock(a + (<usize>ic * rsA + <usize>pc * csA) * 8, rsA, csA, mc, kc, packA);
      macroKernel(mc, nc, kc, alpha, packA, panel, cBlock, ldcBytes, edge);
      panel += PACK_B_BYTES;
    }
  }
}

/**
 * The helper's side of the LU's look-ahead (src/backend/wasm/threads/threaded-kernels.ts):
 * C -= A·B (m × n ≤ NC, depth k, one group of panels; all row-major with row stride ld). It
 * packs all of B, says so in the i32 at `packed` (this thread joins the row blocks from then
 * on, once its panel is factored), then takes row blocks from `counter` like gemmRowBlocks.
 */
export function gemmAheadPart(
  m: i32, n: i32, k: i32, a: usize, b: usize, c: usize, ld: i32,
  packB: usize, counter: usize, packed: usize, minRows: i32, maxRows: i32, packA: usize, edge: usize,
): void {
  gemmPackPanels(0, b, ld, 0, k, 0, n, 0, (n + NR - 1) / NR, packB);
  atomic.store<i32>(packed, 1);
  gemmRowBlocks(0, m, -1, a, ld, 0, k, 0, n, packB, 1, c, ld, counter, minRows, maxRows, packA, edge);
}
