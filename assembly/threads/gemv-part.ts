/**
 * gemv split across two threads (the bidiagonalisation's products with its trailing matrix):
 * each thread computes its own rows of y (trans 0) or its own entries of Aᵀx (trans 1), each
 * entry summed in the order one thread sums it, so the split result is the one-thread result.
 */
import { gemvN, gemvT } from '../lapack/gebrd';

/** y ← alpha·op(A)·x + beta·y for A m × n column-major (lda): gemvN for trans 0, gemvT for 1. */
export function gemvPart(trans: i32, m: i32, n: i32, alpha: f64, a: usize, lda: i32, x: usize, incx: i32, beta: f64, y: usize, incy: i32): void {
  if (trans) gemvT(m, n, alpha, a, lda, x, incx, beta, y, incy);
  else gemvN(m, n, alpha, a, lda, x, incx, beta, y, incy);
}
