/**
 * Solve from LU factors (the `getrs` kernel, LAPACK dgetrs): the interchanges on B, then two
 * blocked triangular solves, so many right-hand sides cost one call and run on gemm.
 * lu is n × n (row stride n), b is n × nrhs (row stride nrhs).
 */

import { laswp } from './laswp';
import { trsmStrided } from './trsm';

export function getrs(trans: i32, n: i32, nrhs: i32, lu: usize, ipiv: usize, b: usize): void {
  if (n <= 0 || nrhs <= 0) return;
  if (trans == 0) {
    // A = Pᵀ·L·U: X = U⁻¹·L⁻¹·P·B
    laswp(nrhs, b, nrhs, 0, n, ipiv, true);
    trsmStrided(0, 0, 0, 1, n, nrhs, 1, lu, n, b, nrhs);
    trsmStrided(0, 1, 0, 0, n, nrhs, 1, lu, n, b, nrhs);
  } else {
    // Aᵀ = Uᵀ·Lᵀ·P: X = Pᵀ·L⁻ᵀ·U⁻ᵀ·B
    trsmStrided(0, 1, 1, 0, n, nrhs, 1, lu, n, b, nrhs);
    trsmStrided(0, 0, 1, 1, n, nrhs, 1, lu, n, b, nrhs);
    laswp(nrhs, b, nrhs, 0, n, ipiv, false);
  }
}
