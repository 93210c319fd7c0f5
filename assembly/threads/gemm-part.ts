/**
 * gemm for the threaded module: each thread runs `gemmPart` on its own block of C's rows or
 * columns (src/backend/wasm/threads/split.ts picks the cut), packing into the scratch it was
 * handed rather than the module's statics.
 */
import { EDGE_BYTES, KC, MC, NC, NR, PACK_A_BYTES, PACK_B_BYTES, gemmScratch, macroKernel, packABlock, packBPanel, scaleC } from '../gemm';

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
 * The two-thread product proper (BLIS's way): per kc × nc panel of op(B), both threads pack
 * half of the panel's strips into one shared buffer, then both take MC-row blocks of C from a
 * shared counter — packing each block of A they take, multiplying it by the shared panel —
 * until none is left. A is packed once and B once in all, as on one thread, and a thread that
 * runs slower (a busy core) simply takes fewer blocks. The JS side (threads/threaded-kernels.ts)
 * runs the panels and waits between the two steps.
 */

/** The blocking the JS side loops over: [KC, NC, NR, MC]. */
export function gemmBlocking(i: i32): i32 {
  return i == 0 ? KC : i == 1 ? NC : i == 2 ? NR : MC;
}

/** C ← beta · C over m × n (row stride ldc elements), before the panels; beta = 0 does not read C. */
export function gemmScaleC(m: i32, n: i32, c: usize, ldc: i32, beta: f64): void {
  scaleC(m, n, c, <usize>ldc, beta);
}

/**
 * Packs NR-column strips s0 ≤ s < s1 of the kc × nc panel of op(B) starting at (pc, jc) into
 * `packB`, where the whole panel's strips lie as packBPanel lays them out.
 */
export function gemmPackPanel(transB: i32, b: usize, ldb: i32, pc: i32, jc: i32, kc: i32, nc: i32, s0: i32, s1: i32, packB: usize): void {
  const rsB: usize = transB ? 1 : <usize>ldb;
  const csB: usize = transB ? <usize>ldb : 1;
  const j0 = s0 * NR;
  const j1 = min(s1 * NR, nc);
  if (j0 >= j1) return;
  packBPanel(b + (<usize>pc * rsB + <usize>(jc + j0) * csB) * 8, rsB, csB, kc, j1 - j0, packB + <usize>j0 * kc * 8);
}

/**
 * Takes `rows`-row blocks of C (rows ≤ MC, a multiple of MR) from the i32 `counter` until m is
 * reached; each: pack that block of op(A) for depth pc..pc+kc into `packA`, multiply by the
 * packed panel into C[ic..][jc..jc+nc]. `ldc` in elements.
 */
export function gemmPanelRows(
  transA: i32, m: i32, alpha: f64, a: usize, lda: i32, pc: i32, jc: i32, kc: i32, nc: i32,
  packB: usize, c: usize, ldc: i32, counter: usize, rows: i32, packA: usize, edge: usize,
): void {
  const rsA: usize = transA ? 1 : <usize>lda;
  const csA: usize = transA ? <usize>lda : 1;
  const ldcBytes = <usize>ldc * 8;
  while (true) {
    const ic = atomic.add<i32>(counter, rows);
    if (ic >= m) break;
    const mc = min(rows, m - ic);
    packABlock(a + (<usize>ic * rsA + <usize>pc * csA) * 8, rsA, csA, mc, kc, packA);
    macroKernel(mc, nc, kc, alpha, packA, packB, c + <usize>ic * ldcBytes + <usize>jc * 8, ldcBytes, edge);
  }
}
