/**
 * Reference symmetric eigensolver (the `symEig` kernel) in plain TypeScript, following LAPACK
 * dsyev's path step by step (LAPACK 3.12: dsyev.f, dsytd2.f, dlarfg.f, dorg2l.f, dsteqr.f,
 * dsterf.f, dlartg.f90, dlaev2.f; background in Golub & Van Loan §8.3):
 *
 * 1. scale A into [RMIN, RMAX] when its largest entry is extreme (dsyev), so no square
 *    under- or overflows;
 * 2. Householder tridiagonalisation T = Qᵀ A Q with symmetric rank-2 updates on one triangle,
 *    the reflectors kept in A (dsytd2, UPLO = 'L');
 * 3. values only: root-free QL/QR (Pal–Walker–Kahan, dsterf), O(n²);
 *    vectors: Q formed explicitly, then implicit QL/QR with Wilkinson shifts (dsteqr), each
 *    block run as QL or QR towards its larger end — what keeps graded matrices accurate;
 * 4. sort ascending, eigenvectors with their values.
 *
 * Layout. Row-major, symmetric: the row-major upper triangle is the same memory as LAPACK's
 * column-major lower one, so dsytd2 'L' reads contiguous rows. The eigenvector matrix is kept
 * TRANSPOSED while it is built (row j = eigenvector j), in `z` itself: every Givens rotation
 * then updates two contiguous rows, and one permuted transpose at the end (through `a`, which
 * is free workspace by then) sorts and lays out the columns. The kernel allocates nothing once
 * its O(n) scratch has grown to the largest n seen.
 *
 * Files (native twins in parentheses): this driver (sym_eig.cc); tridiagonalize.ts with
 * householder.ts (tridiagonalize.cc, lapack/householder.cc), form-q.ts (form_q.cc); steqr.ts
 * and sterf.ts (steqr.cc, sterf.cc) with lartg.ts, eig2x2.ts and tridiagonal-block.ts (lartg.h,
 * eig2x2.h, tridiagonal_block.h); rotations.ts (rotations.cc). Native only: divide and conquer
 * (lapack/stedc.cc) and the back-transformation without Q (apply_q.cc).
 */

import { formQTransposed } from './form-q.js';
import { EPS, SAFMIN } from './machine.js';
import { dBuf, eBuf, ensureScratch, perm, tauBuf } from './scratch.js';
import { heapSort, heapSortIndex } from './sort.js';
import { steqr } from './steqr.js';
import { sterf } from './sterf.js';
import { tridiagonalize } from './tridiagonalize.js';

/** dsyev rescales A whose largest entry leaves [RMIN, RMAX]. */
const SMLNUM = SAFMIN / EPS;
const RMIN = Math.sqrt(SMLNUM);
const RMAX = Math.sqrt(1 / SMLNUM);

/**
 * symEig(n, a, w, z, wantVectors) — see `Kernels.symEig` in ../kernels.ts for the contract.
 * Returns 0, or i + 1 when the iteration cap was hit with off-diagonal i not yet negligible.
 */
export function symEig(n: number, a: Float64Array, w: Float64Array, z: Float64Array, wantVectors: 0 | 1): number {
  if (n === 0) return 0;
  if (n === 1) {
    w[0] = a[0];
    if (wantVectors) z[0] = 1;
    return 0;
  }
  ensureScratch(n);
  const d = dBuf;
  const e = eBuf;

  let anrm = 0;
  for (let i = 0; i < n * n; i++) {
    const x = Math.abs(a[i]);
    if (x > anrm) anrm = x;
  }
  let sigma = 1;
  if (anrm > 0 && anrm < RMIN) sigma = RMIN / anrm;
  else if (anrm > RMAX) sigma = RMAX / anrm;
  if (sigma !== 1) for (let i = 0; i < n * n; i++) a[i] *= sigma;

  tridiagonalize(n, a, d, e, tauBuf);

  let info: number;
  if (wantVectors) {
    formQTransposed(n, a, tauBuf, z);
    info = steqr(n, d, e, z);
    if (info !== 0) return info;
    for (let j = 0; j < n; j++) perm[j] = j;
    heapSortIndex(perm, n, d);
    // z holds Vᵀ (unsorted rows). Copy it to `a`, then write back transposed and sorted.
    for (let i = 0; i < n * n; i++) a[i] = z[i];
    for (let j = 0; j < n; j++) {
      const src = perm[j] * n;
      for (let r = 0, dst = j; r < n; r++, dst += n) z[dst] = a[src + r];
      w[j] = d[perm[j]] / sigma;
    }
  } else {
    info = sterf(n, d, e);
    if (info !== 0) return info;
    heapSort(d, n);
    for (let j = 0; j < n; j++) w[j] = d[j] / sigma;
  }
  return 0;
}
