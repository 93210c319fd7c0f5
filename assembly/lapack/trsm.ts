/**
 * Blocked triangular solve (the `trsm` kernel of src/backend/kernels.ts), row-major with row
 * strides, as native/src/lapack/trsm.cc: the triangle is halved recursively, so all but the
 * kLeaf-wide diagonal leaves run as gemmStrided calls (the f64x2 register tile); a leaf is
 * plain substitution along contiguous rows (of B for left solves; of A for right solves, in
 * axpy or dot form, whichever keeps A's row contiguous). One right-hand side takes a trsv
 * (dot products / axpys along A's rows) instead of gemm calls that would be matrix-vector
 * products paying for their packing.
 *
 * Pointers are byte offsets into linear memory; lda, ldb are row strides in elements.
 * `trans` 1 means op(A) = Aᵀ; `lower` says whether op(A) (not A) is lower triangular.
 */

import { gemmStrided, splitFrom as trsmSplitFrom } from '../gemm';
import { axpy, divide, dot, scal } from './blas1';

/** Rows (left) or columns (right) of the triangle solved by substitution. */
const LEAF = 32;
/** Left leaves sweep B in column chunks this wide, so LEAF rows of the chunk stay in L1 (32 KB). */
const LEFT_CHUNK = 128;

/** op(A)(i, j). */
// @ts-ignore: decorator
@inline function at(a: usize, lda: i32, trans: bool, i: i32, j: i32): f64 {
  return trans ? load<f64>(a + ((<usize>j * lda + i) << 3)) : load<f64>(a + ((<usize>i * lda + j) << 3));
}

/** Address of op(A)'s block starting at (r0, c0), to pass to gemm with transA = trans. */
// @ts-ignore: decorator
@inline function block(a: usize, lda: i32, trans: bool, r0: i32, c0: i32): usize {
  return trans ? a + ((<usize>c0 * lda + r0) << 3) : a + ((<usize>r0 * lda + c0) << 3);
}

// @ts-ignore: decorator
@inline function row(p: usize, ld: i32, i: i32): usize {
  return p + ((<usize>i * ld) << 3);
}

/** op(A)·X = B by substitution, m ≤ LEAF rows: row i of B minus multiples of solved rows. */
function leftLeaf(a: usize, lda: i32, trans: bool, unit: bool, lower: bool, m: i32, n: i32, b: usize, ldb: i32): void {
  for (let c0 = 0; c0 < n; c0 += LEFT_CHUNK) {
    const w = min(LEFT_CHUNK, n - c0);
    const bc = b + (<usize>c0 << 3);
    for (let s = 0; s < m; s++) {
      const i = lower ? s : m - 1 - s;
      const bi = row(bc, ldb, i);
      const j0 = lower ? 0 : i + 1;
      const j1 = lower ? i : m;
      for (let j = j0; j < j1; j++) axpy(w, -at(a, lda, trans, i, j), row(bc, ldb, j), bi);
      if (!unit) divide(w, at(a, lda, trans, i, i), bi);
    }
  }
}

/** X·op(A) = B, n ≤ LEAF columns: each row of B is a row-vector system x·T = b. */
function rightLeaf(a: usize, lda: i32, trans: bool, unit: bool, lower: bool, m: i32, n: i32, b: usize, ldb: i32): void {
  for (let r = 0; r < m; r++) {
    const x = row(b, ldb, r);
    for (let s = 0; s < n; s++) {
      const j = lower ? n - 1 - s : s;
      const aj = row(a, lda, j);
      const xj = x + (<usize>j << 3);
      if (!trans) {
        // T = A: once x_j is final, remove x_j·A(j, ·) from the entries still to come.
        if (!unit) store<f64>(xj, load<f64>(xj) / load<f64>(aj + (<usize>j << 3)));
        const v = load<f64>(xj);
        if (lower) axpy(j, -v, aj, x);
        else axpy(n - j - 1, -v, aj + (<usize>(j + 1) << 3), xj + 8);
      } else {
        // T = Aᵀ: x_j = (b_j − Σ x_p·A(j, p)) / A(j, j) over the entries already final.
        let v = load<f64>(xj) - (lower ? dot(n - j - 1, aj + (<usize>(j + 1) << 3), xj + 8) : dot(j, aj, x));
        if (!unit) v /= load<f64>(aj + (<usize>j << 3));
        store<f64>(xj, v);
      }
    }
  }
}

/** op(A)·x = b for one right-hand side (b with stride ldb): along A's contiguous rows. */
function leftVector(a: usize, lda: i32, trans: bool, unit: bool, lower: bool, m: i32, b: usize, ldb: i32): void {
  const contiguous = ldb == 1;
  for (let s = 0; s < m; s++) {
    const i = lower ? s : m - 1 - s;
    const ai = row(a, lda, i);
    const bi = b + ((<usize>i * ldb) << 3);
    if (!trans) {
      let v = load<f64>(bi);
      if (contiguous) {
        v -= lower ? dot(i, ai, b) : dot(m - i - 1, ai + (<usize>(i + 1) << 3), bi + 8);
      } else {
        const j0 = lower ? 0 : i + 1;
        const j1 = lower ? i : m;
        for (let j = j0; j < j1; j++) v -= load<f64>(ai + (<usize>j << 3)) * load<f64>(b + ((<usize>j * ldb) << 3));
      }
      store<f64>(bi, unit ? v : v / load<f64>(ai + (<usize>i << 3)));
    } else {
      // op(A)(·, i) is row i of A: once x_i is final, remove it from the entries still to come.
      if (!unit) store<f64>(bi, load<f64>(bi) / load<f64>(ai + (<usize>i << 3)));
      const xi = load<f64>(bi);
      if (contiguous) {
        if (lower) axpy(m - i - 1, -xi, ai + (<usize>(i + 1) << 3), bi + 8);
        else axpy(i, -xi, ai, b);
      } else {
        const j0 = lower ? i + 1 : 0;
        const j1 = lower ? m : i;
        for (let j = j0; j < j1; j++) {
          const p = b + ((<usize>j * ldb) << 3);
          store<f64>(p, load<f64>(p) - load<f64>(ai + (<usize>j << 3)) * xi);
        }
      }
    }
  }
}

function leftRec(a: usize, lda: i32, trans: bool, unit: bool, lower: bool, m: i32, n: i32, b: usize, ldb: i32): void {
  if (m <= LEAF) {
    leftLeaf(a, lda, trans, unit, lower, m, n, b, ldb);
    return;
  }
  const m1 = m >> 1;
  const m2 = m - m1;
  const b2 = row(b, ldb, m1);
  const a22 = row(a, lda, m1) + (<usize>m1 << 3);
  const t = trans ? 1 : 0;
  if (lower) {
    leftRec(a, lda, trans, unit, true, m1, n, b, ldb);
    // B2 −= T21·X1
    gemmStrided(t, 0, m2, n, m1, -1, block(a, lda, trans, m1, 0), lda, b, ldb, 1, b2, ldb);
    leftRec(a22, lda, trans, unit, true, m2, n, b2, ldb);
  } else {
    leftRec(a22, lda, trans, unit, false, m2, n, b2, ldb);
    // B1 −= T12·X2
    gemmStrided(t, 0, m1, n, m2, -1, block(a, lda, trans, 0, m1), lda, b2, ldb, 1, b, ldb);
    leftRec(a, lda, trans, unit, false, m1, n, b, ldb);
  }
}

function rightRec(a: usize, lda: i32, trans: bool, unit: bool, lower: bool, m: i32, n: i32, b: usize, ldb: i32): void {
  if (n <= LEAF) {
    rightLeaf(a, lda, trans, unit, lower, m, n, b, ldb);
    return;
  }
  const n1 = n >> 1;
  const n2 = n - n1;
  const b2 = b + (<usize>n1 << 3);
  const a22 = row(a, lda, n1) + (<usize>n1 << 3);
  const t = trans ? 1 : 0;
  if (!lower) {
    rightRec(a, lda, trans, unit, false, m, n1, b, ldb);
    // B2 −= X1·T12
    gemmStrided(0, t, m, n2, n1, -1, b, ldb, block(a, lda, trans, 0, n1), lda, 1, b2, ldb);
    rightRec(a22, lda, trans, unit, false, m, n2, b2, ldb);
  } else {
    rightRec(a22, lda, trans, unit, true, m, n2, b2, ldb);
    // B1 −= X2·T21
    gemmStrided(0, t, m, n1, n2, -1, b2, ldb, block(a, lda, trans, n1, 0), lda, 1, b, ldb);
    rightRec(a, lda, trans, unit, true, m, n1, b, ldb);
  }
}

/**
 * trsm with row strides: side 0 solves op(A)·X = alpha·B (A m × m), side 1 X·op(A) = alpha·B
 * (A n × n); uplo 0 lower / 1 upper (of A); diag 1 unit. X overwrites B (m × n).
 */
export function trsmStrided(
  side: i32, uplo: i32, transA: i32, diag: i32, m: i32, n: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32,
): void {
  if (m <= 0 || n <= 0) return;
  if (alpha != 1) {
    for (let i = 0; i < m; i++) {
      if (alpha == 0) memory.fill(row(b, ldb, i), 0, <usize>n << 3);
      else scal(n, alpha, row(b, ldb, i));
    }
    if (alpha == 0) return;
  }
  if (<f64>m * <f64>n * <f64>(side == 0 ? m : n) >= trsmSplitFrom() && trsmSplit(side, uplo, transA, diag, m, n, a, lda, b, ldb) != 0) return;
  trsmAlone(side, uplo, transA, diag, m, n, a, lda, b, ldb);
}

/**
 * The host's two-thread trsm (src/backend/wasm/threads/): X overwrites B (alpha already
 * applied), its columns (side 0) or rows (side 1) solved on two threads — each is a system of
 * its own. Returns 1 when it did, 0 when this thread is to.
 */
@external("env", "trsmSplit")
declare function trsmSplit(side: i32, uplo: i32, transA: i32, diag: i32, m: i32, n: i32, a: usize, lda: i32, b: usize, ldb: i32): i32;

/** `trsmStrided` with alpha = 1 on this thread, never offered to the host (a two-thread trsm's halves). */
export function trsmAlone(side: i32, uplo: i32, transA: i32, diag: i32, m: i32, n: i32, a: usize, lda: i32, b: usize, ldb: i32): void {
  if (m <= 0 || n <= 0) return;
  const trans = transA != 0;
  const lower = (uplo == 0) != trans; // is op(A) lower?
  const unit = diag != 0;
  if (side == 0) {
    if (n == 1) leftVector(a, lda, trans, unit, lower, m, b, ldb);
    else leftRec(a, lda, trans, unit, lower, m, n, b, ldb);
  } else {
    rightRec(a, lda, trans, unit, lower, m, n, b, ldb);
  }
}

/** The `trsm` kernel on contiguous operands (A k × k, B m × n). */
export function trsm(side: i32, uplo: i32, transA: i32, diag: i32, m: i32, n: i32, alpha: f64, a: usize, b: usize): void {
  trsmStrided(side, uplo, transA, diag, m, n, alpha, a, side == 0 ? m : n, b, n);
}
