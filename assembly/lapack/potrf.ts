/**
 * Cholesky, lower (the `potrf` kernel, LAPACK dpotrf 'L'), row-major in place, recursive as
 * native/src/lapack/potrf.cc: L11 = chol(A11), L21 = A21·L11⁻ᵀ (trsm), A22 −= L21·L21ᵀ (the
 * lower triangle by recursive halving into gemm calls), L22 = chol(A22). Only the lower
 * triangle is read (what the updates leave above the diagonal inside diagonal blocks is never
 * read), and the strict upper triangle is zeroed on success.
 */

import { gemmStrided } from '../gemm';
import { dot } from './blas1';
import { trsmStrided } from './trsm';

const LEAF = 32;
/** Diagonal blocks of the syrk up to this order are done as one full gemm. */
const SYRK_LEAF = 128;

/** Dot-product (Cholesky–Banachiewicz) form: inner loops along two contiguous rows. */
function potf2(n: i32, a: usize, lda: i32): i32 {
  const ld = <usize>lda << 3;
  for (let i = 0; i < n; i++) {
    const ri = a + <usize>i * ld;
    for (let j = 0; j <= i; j++) {
      const rj = a + <usize>j * ld;
      const s = load<f64>(ri + (<usize>j << 3)) - dot(j, ri, rj);
      if (j < i) {
        store<f64>(ri + (<usize>j << 3), s / load<f64>(rj + (<usize>j << 3)));
      } else {
        if (!(s > 0)) return i + 1; // also NaN
        store<f64>(ri + (<usize>i << 3), sqrt<f64>(s));
      }
    }
  }
  return 0;
}

/** Lower triangle of C ← C − A·Aᵀ (A n × k): halves so the strictly upper blocks are skipped. */
function syrkLower(n: i32, k: i32, a: usize, lda: i32, c: usize, ldc: i32): void {
  if (n <= SYRK_LEAF) {
    gemmStrided(0, 1, n, n, k, -1, a, lda, a, lda, 1, c, ldc);
    return;
  }
  const n1 = n >> 1;
  const n2 = n - n1;
  const a2 = a + ((<usize>n1 * lda) << 3);
  const c21 = c + ((<usize>n1 * ldc) << 3);
  syrkLower(n1, k, a, lda, c, ldc);
  gemmStrided(0, 1, n2, n1, k, -1, a2, lda, a, lda, 1, c21, ldc);
  syrkLower(n2, k, a2, lda, c21 + (<usize>n1 << 3), ldc);
}

function potrfRec(n: i32, a: usize, lda: i32): i32 {
  if (n <= LEAF) return potf2(n, a, lda);
  const n1 = n >> 1;
  const n2 = n - n1;
  let info = potrfRec(n1, a, lda);
  if (info) return info;
  const a21 = a + ((<usize>n1 * lda) << 3);
  const a22 = a21 + (<usize>n1 << 3);
  trsmStrided(1, 0, 1, 0, n2, n1, 1, a, lda, a21, lda);
  syrkLower(n2, n1, a21, lda, a22, lda);
  info = potrfRec(n2, a22, lda);
  return info ? info + n1 : 0;
}

export function potrf(n: i32, a: usize): i32 {
  if (n <= 0) return 0;
  const info = potrfRec(n, a, n);
  if (info) return info;
  const ld = <usize>n << 3;
  for (let i = 0; i + 1 < n; i++) memory.fill(a + <usize>i * ld + (<usize>(i + 1) << 3), 0, <usize>(n - i - 1) << 3);
  return 0;
}
