/**
 * LU with partial pivoting (the `getrf` kernel of src/backend/kernels.ts), row-major in place:
 * the recursive LU of native/src/lapack/getrf.cc (Toledo 1997; LAPACK's dgetrf2). The columns
 * are split in halves: factor the left half, swap + trsm + one gemm for the right half,
 * recurse on the trailing block, swap the left half's lower rows. Recursion turns the panel
 * itself into trsm + gemm, so only LEAF-wide leaves run the scalar elimination.
 *
 * The leaf is copied to a column-major scratch first (`work`, passed in by the caller), so its
 * pivot search, scaling and rank-1 updates run along contiguous columns (f64x2) instead of
 * down strided columns of the row-major matrix.
 *
 * Look-ahead (two threads): on the two-thread module the trailing block's update is done in
 * two products, first the columns the recursion factors next (its left half), then the rest,
 * which goes to the helper (`luAheadSplit`) while this thread already factors that left half:
 * the panels' serial work (leaves, small solves) overlaps the largest product instead of
 * leaving the helper idle. The recursion splits on multiples of NR (4) columns, so the two
 * products round every entry as the one product of a single thread does.
 */

import { gemmStrided, splitFrom } from '../gemm';
import { axpy, scal } from './blas1';
import { laswp } from './laswp';
import { trsmStrided } from './trsm';

/** Columns at or below which the unblocked elimination runs (native's kLeaf). */
const LEAF = 16;
const DBL_MIN: f64 = 2.2250738585072014e-308;

/** f64 slots `getrf(m, n, …, work)` needs: one leaf in column-major order. */
export function getrfWorkSize(m: i32, n: i32): i32 {
  return LEAF * max(m, n);
}

/**
 * Unblocked elimination (dgetf2) of m × n at `a` (row stride lda), min(m, n) ≤ LEAF or
 * n ≤ LEAF, through a column-major copy in `t`. The pivot is the first of the largest |a(i, j)|;
 * an exactly zero column (below the diagonal) is neither swapped nor scaled.
 */
function getf2(m: i32, n: i32, a: usize, lda: i32, ipiv: usize, t: usize): i32 {
  const k = min(m, n);
  const ldt = <usize>m << 3;
  for (let i = 0; i < m; i++) {
    const ai = a + ((<usize>i * lda) << 3);
    for (let c = 0; c < n; c++) store<f64>(t + <usize>c * ldt + (<usize>i << 3), load<f64>(ai + (<usize>c << 3)));
  }
  let info = 0;
  for (let j = 0; j < k; j++) {
    const cj = t + <usize>j * ldt;
    let p = j;
    let best = abs<f64>(load<f64>(cj + (<usize>j << 3)));
    for (let i = j + 1; i < m; i++) {
      const v = abs<f64>(load<f64>(cj + (<usize>i << 3)));
      if (v > best) {
        best = v;
        p = i;
      }
    }
    store<i32>(ipiv + (<usize>j << 2), p);
    if (load<f64>(cj + (<usize>p << 3)) == 0) {
      // The column is zero from the diagonal down: nothing to swap, scale or eliminate.
      if (info == 0) info = j + 1;
      continue;
    }
    if (p != j) {
      for (let c = 0; c < n; c++) {
        const col = t + <usize>c * ldt;
        const x = col + (<usize>j << 3);
        const y = col + (<usize>p << 3);
        const v = load<f64>(x);
        store<f64>(x, load<f64>(y));
        store<f64>(y, v);
      }
    }
    const piv = load<f64>(cj + (<usize>j << 3));
    const below = cj + (<usize>(j + 1) << 3);
    const len = m - j - 1;
    if (abs<f64>(piv) >= DBL_MIN) {
      scal(len, 1 / piv, below);
    } else {
      for (let i = 0; i < len; i++) {
        const q = below + (<usize>i << 3);
        store<f64>(q, load<f64>(q) / piv);
      }
    }
    for (let c = j + 1; c < n; c++) {
      const col = t + <usize>c * ldt;
      axpy(len, -load<f64>(col + (<usize>j << 3)), below, col + (<usize>(j + 1) << 3));
    }
  }
  for (let i = 0; i < m; i++) {
    const ai = a + ((<usize>i * lda) << 3);
    for (let c = 0; c < n; c++) store<f64>(ai + (<usize>c << 3), load<f64>(t + <usize>c * ldt + (<usize>i << 3)));
  }
  return info;
}

/**
 * The host's look-ahead (src/backend/wasm/threads/): the helper computes C -= A·B (m × n, depth
 * k, row-major, all with row stride lda) while this thread runs `getrfStrided(pm, pn, panel,
 * lda, ipiv, work)` (an export: the host calls back in). Returns the panel's info + 1 when it
 * did both, 0 when this thread is to do them.
 */
@external("env", "luAheadSplit")
declare function luAheadSplit(m: i32, n: i32, k: i32, a: usize, b: usize, c: usize, lda: i32, pm: i32, pn: i32, panel: usize, ipiv: usize, work: usize): i32;

/**
 * LU of the m × n block at `a` whose left `done` columns are already factored (info `doneInfo`,
 * pivots in ipiv): done is 0 or the n1 this call splits at.
 */
/** Where the recursion splits k columns: half, on a whole NR-column strip (see the look-ahead). */
function splitAt(k: i32): i32 {
  return (k >> 1) & ~3;
}

/**
 * LU of the m × n block at `a` whose left `done` columns are already factored (info `doneInfo`,
 * pivots in ipiv): done is 0 or the n1 this call splits at.
 */
function getrfRec(m: i32, n: i32, a: usize, lda: i32, ipiv: usize, work: usize, done: i32 = 0, doneInfo: i32 = 0): i32 {
  const k = min(m, n);
  if (k == 0) return 0;
  if (k <= LEAF || n <= LEAF) return getf2(m, n, a, lda, ipiv, work);
  const n1 = splitAt(k);
  const n2 = n - n1;
  const a12 = a + (<usize>n1 << 3);
  const a21 = a + ((<usize>n1 * lda) << 3);
  const a22 = a21 + (<usize>n1 << 3);
  let info = done ? doneInfo : getrfRec(m, n1, a, lda, ipiv, work);
  laswp(n2, a12, lda, 0, n1, ipiv, true);
  trsmStrided(0, 0, 0, 1, n1, n2, 1, a, lda, a12, lda);
  const m2 = m - n1;
  const ipiv2 = ipiv + (<usize>n1 << 2);
  // The trailing block's recursion splits at `next`: with two threads those columns are
  // updated first, and factored while the helper updates the rest.
  const next = min(m2, n2) <= LEAF || n2 <= LEAF ? 0 : splitAt(min(m2, n2));
  const rest = n2 - next;
  let info2: i32;
  if (next == 0 || <f64>m2 * <f64>rest * <f64>n1 < splitFrom()) {
    gemmStrided(0, 0, m2, n2, n1, -1, a21, lda, a12, lda, 1, a22, lda);
    info2 = getrfRec(m2, n2, a22, lda, ipiv2, work);
  } else {
    gemmStrided(0, 0, m2, next, n1, -1, a21, lda, a12, lda, 1, a22, lda);
    const a12r = a12 + (<usize>next << 3);
    const a22r = a22 + (<usize>next << 3);
    const ahead = luAheadSplit(m2, rest, n1, a21, a12r, a22r, lda, m2, next, a22, ipiv2, work);
    let nextInfo: i32;
    if (ahead > 0) {
      nextInfo = ahead - 1;
    } else {
      gemmStrided(0, 0, m2, rest, n1, -1, a21, lda, a12r, lda, 1, a22r, lda);
      nextInfo = getrfRec(m2, next, a22, lda, ipiv2, work);
    }
    info2 = getrfRec(m2, n2, a22, lda, ipiv2, work, next, nextInfo);
  }
  if (info == 0 && info2 > 0) info = info2 + n1;
  for (let i = n1; i < k; i++) {
    const q = ipiv + (<usize>i << 2);
    store<i32>(q, load<i32>(q) + n1);
  }
  laswp(n1, a, lda, n1, k, ipiv, true);
  return info;
}

/** LU of m × n at `a` with row stride lda (the host's look-ahead calls it for this thread's panel). */
export function getrfStrided(m: i32, n: i32, a: usize, lda: i32, ipiv: usize, work: usize): i32 {
  return getrfRec(m, n, a, lda, ipiv, work);
}

/** The `getrf` kernel: a is m × n (row stride n), ipiv min(m, n) i32, work getrfWorkSize f64. */
export function getrf(m: i32, n: i32, a: usize, ipiv: usize, work: usize): i32 {
  if (m <= 0 || n <= 0) return 0;
  return getrfRec(m, n, a, n, ipiv, work);
}
