/**
 * trsm split across two threads: each solves its own columns (left side) or rows (right side)
 * of B whole. The helper's half packs its products into the scratch it was handed: the
 * module's static packing buffers are in use by this thread's half.
 */
import { useGemmScratch } from '../gemm';
import { trsmAlone } from '../lapack/trsm';

/** `trsmAlone` packing into `scratch` (gemmPartScratchBytes()). */
export function trsmPart(side: i32, uplo: i32, transA: i32, diag: i32, m: i32, n: i32, a: usize, lda: i32, b: usize, ldb: i32, scratch: usize): void {
  useGemmScratch(scratch);
  trsmAlone(side, uplo, transA, diag, m, n, a, lda, b, ldb);
  useGemmScratch(0);
}
