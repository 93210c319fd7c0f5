/**
 * gemm for the threaded module: each thread runs `gemmPart` on its own block of C's rows or
 * columns (src/backend/wasm/threads/split.ts picks the cut), packing into the scratch it was
 * handed rather than the module's statics.
 */
import { EDGE_BYTES, PACK_A_BYTES, PACK_B_BYTES, gemmScratch } from '../gemm';

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
