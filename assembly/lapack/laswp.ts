/**
 * Row interchanges (LAPACK dlaswp) on a row-major matrix: each interchange is a contiguous
 * segment swap. For i = k1 .. k2−1 (forward) or k2−1 .. k1 (backward), rows i and ipiv[i]
 * (0-based i32 at `ipiv`) are swapped over columns [0, ncols) of `a` (row stride lda).
 */

import { swap } from './blas1';

export function laswp(ncols: i32, a: usize, lda: i32, k1: i32, k2: i32, ipiv: usize, forward: bool): void {
  if (ncols <= 0 || k2 <= k1) return;
  for (let s = 0; s < k2 - k1; s++) {
    const i = forward ? k1 + s : k2 - 1 - s;
    const p = load<i32>(ipiv + (<usize>i << 2));
    if (p != i) swap(ncols, a + ((<usize>i * lda) << 3), a + ((<usize>p * lda) << 3));
  }
}
