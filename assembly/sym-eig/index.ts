/**
 * Symmetric eigendecomposition (the `symEig` kernel of src/backend/kernels.ts), LAPACK dsyev's
 * path: dsytd2-style Householder tridiagonalisation, explicit Qᵀ (dorgtr's job, four reflectors
 * at a time in compact WY form), dsteqr's implicit QL/QR with Wilkinson shifts, then a sort with
 * the vectors.
 *
 * Layout. A is row-major and symmetric, so its upper triangle in row-major order IS the lower
 * triangle in column-major order: dsytd2('L') runs unchanged with "column j" = row j, and every
 * symv / syr2 / reflector loop walks contiguous row segments (f64x2, unaligned: odd n).
 *
 * Vectors. Qᵀ is formed in place in `a` (reflector k lives in row k; forming proceeds from the
 * last reflector, each block's reflectors copied out before their rows are overwritten). The
 * QL/QR rotations act on columns of Z = Q·G₁G₂…, i.e. on two contiguous ROWS of Zᵀ, which is
 * why Zᵀ (not Z) is kept and transposed once at the end. The tridiagonal iteration never
 * reads Z, so rotations are only recorded (c, s per rotation, one header per sweep) and replayed
 * later in column strips of Zᵀ (8 doubles = one cache line per row): a strip of Zᵀ stays in L1
 * while the whole recorded sequence streams past it, and each sweep carries the moving row in
 * registers (one load + one store per element per rotation). Every element sees exactly the same
 * operations in the same order as with immediate application, so results are identical.
 *
 * Files (native/src counterparts in brackets): this driver, sort and final transpose, with
 * scaling.ts (dsyev's scaling, shared with range.ts) [sym_eig.cc]; tridiagonalize.ts with householder.ts, blas1.ts [tridiagonalize.cc];
 * form-q.ts [form_q.cc]; steqr.ts with lartg.ts, eig2x2.ts, scalar.ts [steqr.cc, sterf.cc,
 * lartg.h, eig2x2.h]; rotations.ts, the record and its replay [rotations.cc]; machine.ts (dlamch).
 * Binaryen inlines across these files exactly as it did within one: applyWyRows (form-q.ts) and
 * sweep (steqr.ts) stay out of line, for the reasons given at each.
 */

import { scal } from './blas1';
import { scaleUpper } from './scaling';
import { formQt } from './form-q';
import { flushRotations, rotCapacity, startRotations } from './rotations';
import { steqr } from './steqr';
import { tridiagonalize } from './tridiagonalize';
import { applyBlocksBackward, ormbrWorkSize } from '../lapack/gebrd';
import { toRowMajor } from '../lapack/gesdd';
import { stedc, stedcWorkSize } from '../lapack/stedc';

/**
 * From this order on, vectors come from divide and conquer on T (lapack/stedc.ts, its merges
 * on gemm), then Z = Q·Z_T by the reflectors as block reflectors (dormtr, on gemm) instead of
 * forming Q: dsyevd's path, where QL/QR would apply ~3n³ flops of rotations. Measured (CPU
 * time, random matrices, shared 2-core Zen 3): QL ahead up to n ≈ 100 (0.07 vs 0.12 ms at 32),
 * even at 150, D&C ahead from 200 (6.1 vs 6.4–7.0 ms), 300 (16.9 vs 21.4), 500 (63 vs 93).
 */
const DC_MIN = 160;


/**
 * f64 slots the JS side must provide as `work` for `symEig(n, …, wantVectors, work)`:
 * e, tau, y, perm (n each), plus the rotation buffer and sweep headers when vectors are wanted.
 */
export function symEigWorkSize(n: i32, wantVectors: i32): i32 {
  if (n <= 0) return 0;
  if (wantVectors && n >= DC_MIN) return 4 * n + n * n + max(stedcWorkSize(n), ormbrWorkSize(n, n, n));
  return 4 * n + (wantVectors ? 4 * rotCapacity(n) : 0);
}

export function symEig(n: i32, a: usize, w: usize, z: usize, wantVectors: i32, work: usize): i32 {
  if (n <= 0) return 0;
  if (n == 1) {
    store<f64>(w, load<f64>(a));
    if (wantVectors) store<f64>(z, 1);
    return 0;
  }
  const vec = wantVectors != 0;
  const ld = <usize>n << 3;
  const e = work;
  const tau = e + ld;
  const y = tau + ld;
  const perm = y + ld; // n i32 (n f64 slots reserved)

  const sigma = scaleUpper(n, a); // dsyev's scaling (scaling.ts)

  tridiagonalize(n, a, w, e, tau, y, perm); // perm is free until the sort

  if (vec && n >= DC_MIN) {
    // Z_T (column-major) by divide and conquer, then Z = Q·Z_T = diag(1, Q')·Z_T: reflector k
    // has its unit at row k, column k+1 of `a` and its tail along that row, which is the
    // column-major storage of dormqr with a one-column offset and leading dimension n.
    const zt = perm + ld;
    const sw = zt + ((<usize>n * n) << 3);
    const info = stedc(n, w, e, zt, n, sw);
    if (info != 0) return info;
    if (sigma != 1) scal(n, 1 / sigma, w);
    applyBlocksBackward(n - 1, n, n - 1, a + 8, 1, n, tau, zt + 8, n, sw);
    toRowMajor(n, n, zt, n, z, n);
    return 0;
  }
  if (vec) {
    const rot = perm + ld; // 2·rotCap ≥ 8·n + 8 f64: formQt's V copies fit here before any rotation
    formQt(n, a, tau, rot);
    startRotations(rot, a, n); // Zᵀ = Qᵀ, in `a`
  }
  const info = steqr(n, w, e, vec);
  if (vec) flushRotations();
  if (info != 0) return info;

  if (sigma != 1) scal(n, 1 / sigma, w);

  // Sort ascending (stable insertion sort on indices: ties keep QL order, O(n²) ≪ O(n³)).
  for (let i = 0; i < n; i++) store<i32>(perm + (<usize>i << 2), i);
  for (let i = 1; i < n; i++) {
    const pi = load<i32>(perm + (<usize>i << 2));
    const vi = load<f64>(w + (<usize>pi << 3));
    let j = i - 1;
    while (j >= 0) {
      const pj = load<i32>(perm + (<usize>j << 2));
      if (load<f64>(w + (<usize>pj << 3)) <= vi) break;
      store<i32>(perm + (<usize>(j + 1) << 2), pj);
      j--;
    }
    store<i32>(perm + (<usize>(j + 1) << 2), pi);
  }
  for (let i = 0; i < n; i++) {
    store<f64>(y + (<usize>i << 3), load<f64>(w + (<usize>load<i32>(perm + (<usize>i << 2)) << 3)));
  }
  memory.copy(w, y, ld);

  if (vec) {
    // z[r][p] = Zᵀ[perm[p]][r]: transpose with the sort folded in, 8 source rows at a time so
    // the writes fill whole cache lines of z.
    for (let p0 = 0; p0 < n; p0 += 8) {
      const pEnd = min<i32>(p0 + 8, n);
      for (let p = p0; p < pEnd; p++) {
        const src = a + <usize>load<i32>(perm + (<usize>p << 2)) * ld;
        let dst = z + (<usize>p << 3);
        for (let r = 0; r < n; r++) {
          store<f64>(dst, load<f64>(src + (<usize>r << 3)));
          dst += ld;
        }
      }
    }
  }
  return 0;
}
