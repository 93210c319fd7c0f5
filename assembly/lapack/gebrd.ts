/**
 * Householder bidiagonalisation (LAPACK dgebrd/dlabrd, m ≥ n, upper bidiagonal) and the
 * application of its orthogonal factors (dormbr), for the wasm SVD (gesdd.ts). A translation
 * of native/src/lapack/gebrd.cc.
 *
 * Everything here is COLUMN-major (column j of an m × n matrix is m contiguous f64 at
 * a + j·lda): the SVD driver works on a tall column-major matrix, which for a square or wide
 * row-major A is the caller's buffer itself. Column-major products go to the row-major gemm by
 * transposition (gemmCol), and the column-major gemvs walk contiguous columns (f64x2).
 *
 * dgebrd's structure: a panel of NB columns and rows is reduced by dlabrd with matrix-vector
 * products against the not-yet-updated trailing matrix, accumulating X (m × nb) and Y (n × nb)
 * so the trailing matrix then takes A22 −= V·Yᵀ + X·Uᵀ as two gemms.
 */

import { gemmStrided, splitFrom } from '../gemm';
import { axpy, dot, scal } from './blas1';
import { larft, makeExplicit } from './block-reflector';
import { larfg } from './larfg';
import { madd } from '../fma';

/** dgebrd's panel width (ilaenv's default). */
const NB = 32;
/** Reflectors per block when applying Q or P: 128 measured no slower than 64 (native's) and
 * ahead in most runs at n = 1000 (fewer passes over C; noisy machine). */
const ORM_BLOCK = 128;

/** Pointer to element (r, c), 1-based, of a column-major matrix at `a` (leading dimension ld). */
// @ts-ignore: decorator
@inline function at(a: usize, ld: i32, r: i32, c: i32): usize {
  return a + ((<usize>(r - 1) + <usize>(c - 1) * <usize>ld) << 3);
}

/** Column-major dgemm: C (m × n, ldc) ← alpha·op(A)·op(B) + beta·C, on the row-major gemm. */
export function gemmCol(
  transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, beta: f64, c: usize, ldc: i32,
): void {
  // Column-major C is row-major Cᵀ = op(B)ᵀ·op(A)ᵀ.
  gemmStrided(transB, transA, n, m, k, alpha, b, ldb, a, lda, beta, c, ldc);
}

/** y (m, stride incy) ← alpha·A·x + beta·y, A m × n column-major (lda), x stride incx. */
export function gemvN(m: i32, n: i32, alpha: f64, a: usize, lda: i32, x: usize, incx: i32, beta: f64, y: usize, incy: i32): void {
  if (m <= 0) return;
  const sy = <usize>incy << 3;
  if (beta == 0) {
    for (let r = 0; r < m; r++) store<f64>(y + <usize>r * sy, 0);
  } else if (beta != 1) {
    for (let r = 0; r < m; r++) store<f64>(y + <usize>r * sy, beta * load<f64>(y + <usize>r * sy));
  }
  const sx = <usize>incx << 3;
  const ld = <usize>lda << 3;
  if (incy == 1) {
    let j = 0;
    // Four columns per pass over y: one load and store of y per four multiply-adds.
    for (; j + 3 < n; j += 4) {
      const a0 = a + <usize>j * ld;
      const a1 = a0 + ld;
      const a2 = a1 + ld;
      const a3 = a2 + ld;
      const x0 = alpha * load<f64>(x + <usize>j * sx);
      const x1 = alpha * load<f64>(x + <usize>(j + 1) * sx);
      const x2 = alpha * load<f64>(x + <usize>(j + 2) * sx);
      const x3 = alpha * load<f64>(x + <usize>(j + 3) * sx);
      const v0 = f64x2.splat(x0);
      const v1 = f64x2.splat(x1);
      const v2 = f64x2.splat(x2);
      const v3 = f64x2.splat(x3);
      let r = 0;
      for (; r + 3 < m; r += 4) {
        const o = <usize>r << 3;
        let p = v128.load(y + o, 0, 8);
        let q = v128.load(y + o, 16, 8);
        p = madd(v0, v128.load(a0 + o, 0, 8), p);
        q = madd(v0, v128.load(a0 + o, 16, 8), q);
        p = madd(v1, v128.load(a1 + o, 0, 8), p);
        q = madd(v1, v128.load(a1 + o, 16, 8), q);
        p = madd(v2, v128.load(a2 + o, 0, 8), p);
        q = madd(v2, v128.load(a2 + o, 16, 8), q);
        p = madd(v3, v128.load(a3 + o, 0, 8), p);
        q = madd(v3, v128.load(a3 + o, 16, 8), q);
        v128.store(y + o, p, 0, 8);
        v128.store(y + o, q, 16, 8);
      }
      // The last rows one at a time, in a lane, with the same multiply-adds as the rows above:
      // a row's result must not depend on where a two-thread split put it (gemvPart).
      for (; r < m; r++) {
        const o = <usize>r << 3;
        let t = f64x2.splat(load<f64>(y + o));
        t = madd(v0, v128.load64_splat(a0 + o), t);
        t = madd(v1, v128.load64_splat(a1 + o), t);
        t = madd(v2, v128.load64_splat(a2 + o), t);
        t = madd(v3, v128.load64_splat(a3 + o), t);
        store<f64>(y + o, f64x2.extract_lane(t, 0));
      }
    }
    for (; j < n; j++) {
      const xj = alpha * load<f64>(x + <usize>j * sx);
      if (xj != 0) axpy(m, xj, a + <usize>j * ld, y);
    }
  } else {
    for (let j = 0; j < n; j++) {
      const xj = alpha * load<f64>(x + <usize>j * sx);
      if (xj == 0) continue;
      const aj = a + <usize>j * ld;
      for (let r = 0; r < m; r++) {
        const p = y + <usize>r * sy;
        store<f64>(p, load<f64>(p) + xj * load<f64>(aj + (<usize>r << 3)));
      }
    }
  }
}

/** y (n, stride incy) ← alpha·Aᵀ·x + beta·y, A m × n column-major (lda), x stride incx. */
export function gemvT(m: i32, n: i32, alpha: f64, a: usize, lda: i32, x: usize, incx: i32, beta: f64, y: usize, incy: i32): void {
  const sy = <usize>incy << 3;
  const sx = <usize>incx << 3;
  const ld = <usize>lda << 3;
  let j0 = 0;
  if (incx == 1) {
    // Four columns per pass over x: four dot products sharing each load of x.
    for (; j0 + 3 < n; j0 += 4) {
      const a0 = a + <usize>j0 * ld;
      const a1 = a0 + ld;
      const a2 = a1 + ld;
      const a3 = a2 + ld;
      // Two partial sums per column (rows r, r + 1 and r + 2, r + 3): eight independent chains.
      let s0 = f64x2.splat(0);
      let s1 = s0;
      let s2 = s0;
      let s3 = s0;
      let t0 = s0;
      let t1 = s0;
      let t2 = s0;
      let t3 = s0;
      let r = 0;
      for (; r + 3 < m; r += 4) {
        const o = <usize>r << 3;
        const xv = v128.load(x + o, 0, 8);
        const xw = v128.load(x + o, 16, 8);
        s0 = madd(xv, v128.load(a0 + o, 0, 8), s0);
        t0 = madd(xw, v128.load(a0 + o, 16, 8), t0);
        s1 = madd(xv, v128.load(a1 + o, 0, 8), s1);
        t1 = madd(xw, v128.load(a1 + o, 16, 8), t1);
        s2 = madd(xv, v128.load(a2 + o, 0, 8), s2);
        t2 = madd(xw, v128.load(a2 + o, 16, 8), t2);
        s3 = madd(xv, v128.load(a3 + o, 0, 8), s3);
        t3 = madd(xw, v128.load(a3 + o, 16, 8), t3);
      }
      if (r + 1 < m) {
        const o = <usize>r << 3;
        const xv = v128.load(x + o, 0, 8);
        s0 = madd(xv, v128.load(a0 + o, 0, 8), s0);
        s1 = madd(xv, v128.load(a1 + o, 0, 8), s1);
        s2 = madd(xv, v128.load(a2 + o, 0, 8), s2);
        s3 = madd(xv, v128.load(a3 + o, 0, 8), s3);
        r += 2;
      }
      s0 = f64x2.add(s0, t0);
      s1 = f64x2.add(s1, t1);
      s2 = f64x2.add(s2, t2);
      s3 = f64x2.add(s3, t3);
      let d0 = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1);
      let d1 = f64x2.extract_lane(s1, 0) + f64x2.extract_lane(s1, 1);
      let d2 = f64x2.extract_lane(s2, 0) + f64x2.extract_lane(s2, 1);
      let d3 = f64x2.extract_lane(s3, 0) + f64x2.extract_lane(s3, 1);
      if (r < m) {
        const o = <usize>r << 3;
        const xr = load<f64>(x + o);
        d0 += xr * load<f64>(a0 + o);
        d1 += xr * load<f64>(a1 + o);
        d2 += xr * load<f64>(a2 + o);
        d3 += xr * load<f64>(a3 + o);
      }
      const p = y + <usize>j0 * sy;
      if (beta == 0) {
        store<f64>(p, alpha * d0);
        store<f64>(p + sy, alpha * d1);
        store<f64>(p + 2 * sy, alpha * d2);
        store<f64>(p + 3 * sy, alpha * d3);
      } else {
        store<f64>(p, alpha * d0 + beta * load<f64>(p));
        store<f64>(p + sy, alpha * d1 + beta * load<f64>(p + sy));
        store<f64>(p + 2 * sy, alpha * d2 + beta * load<f64>(p + 2 * sy));
        store<f64>(p + 3 * sy, alpha * d3 + beta * load<f64>(p + 3 * sy));
      }
    }
  }
  for (let j = j0; j < n; j++) {
    const aj = a + <usize>j * ld;
    let s: f64 = 0;
    if (incx == 1) {
      s = dot(m, aj, x);
    } else {
      for (let r = 0; r < m; r++) s += load<f64>(aj + (<usize>r << 3)) * load<f64>(x + <usize>r * sx);
    }
    const p = y + <usize>j * sy;
    store<f64>(p, beta == 0 ? alpha * s : alpha * s + beta * load<f64>(p));
  }
}

/**
 * The host's two-thread gemv (src/backend/wasm/threads/): returns 1 when it computed
 * y ← alpha·op(A)·x + beta·y on both threads (rows of y for `trans` 0, entries of Aᵀx for 1),
 * 0 when this thread is to compute it.
 */
@external("env", "gemvSplit")
declare function gemvSplit(trans: i32, m: i32, n: i32, alpha: f64, a: usize, lda: i32, x: usize, incx: i32, beta: f64, y: usize, incy: i32): i32;

/**
 * labrd's two products with the whole trailing matrix (half of the bidiagonalisation's flops,
 * bound by memory) are offered to two threads from this many multiply-adds: below it the
 * hand-over (~2–5 µs with the helper spinning) costs more than half the product saves.
 */
const GEMV_SPLIT_FROM: f64 = 40_000;

/** gemvN (trans 0) or gemvT (trans 1) over the trailing matrix, on two threads where the host offers them. */
function gemvTrailing(trans: i32, m: i32, n: i32, alpha: f64, a: usize, lda: i32, x: usize, incx: i32, beta: f64, y: usize, incy: i32): void {
  if (m <= 0 || n <= 0) return;
  if (splitFrom() < Infinity && <f64>m * <f64>n >= GEMV_SPLIT_FROM && gemvSplit(trans, m, n, alpha, a, lda, x, incx, beta, y, incy) != 0) return;
  if (trans) gemvT(m, n, alpha, a, lda, x, incx, beta, y, incy);
  else gemvN(m, n, alpha, a, lda, x, incx, beta, y, incy);
}

/** dlarfg on a strided vector: copied into `tmp` (len f64), reflected there, copied back. */
function larfgStrided(len: i32, alpha: usize, x: usize, incx: i32, tmp: usize): f64 {
  const sx = <usize>incx << 3;
  store<f64>(tmp, load<f64>(alpha));
  for (let r = 0; r < len - 1; r++) store<f64>(tmp + (<usize>(r + 1) << 3), load<f64>(x + <usize>r * sx));
  const tau = larfg(len, tmp, tmp + 8);
  store<f64>(alpha, load<f64>(tmp));
  for (let r = 0; r < len - 1; r++) store<f64>(x + <usize>r * sx, load<f64>(tmp + (<usize>(r + 1) << 3)));
  return tau;
}

/**
 * dlabrd (m ≥ n): reduces the first nb rows and columns of A (m × n), leaving the trailing
 * matrix un-updated and returning X (m × nb, ldx) and Y (n × nb, ldy) for the gemm update.
 * Written 1-based, line for line as LAPACK's (as native's). `tmp` holds n f64.
 */
function labrd(m: i32, n: i32, nb: i32, a: usize, lda: i32, d: usize, e: usize, tauq: usize, taup: usize,
  x: usize, ldx: i32, y: usize, ldy: i32, tmp: usize): void {
  for (let i = 1; i <= nb; i++) {
    const i8 = <usize>(i - 1) << 3;
    // Update A(i:m, i).
    gemvN(m - i + 1, i - 1, -1, at(a, lda, i, 1), lda, at(y, ldy, i, 1), ldy, 1, at(a, lda, i, i), 1);
    gemvN(m - i + 1, i - 1, -1, at(x, ldx, i, 1), ldx, at(a, lda, 1, i), 1, 1, at(a, lda, i, i), 1);
    // Reflector Q(i) annihilates A(i+1:m, i).
    const tq = larfg(m - i + 1, at(a, lda, i, i), at(a, lda, min(i + 1, m), i));
    store<f64>(tauq + i8, tq);
    store<f64>(d + i8, load<f64>(at(a, lda, i, i)));
    if (i < n) {
      store<f64>(at(a, lda, i, i), 1);
      // Y(i+1:n, i).
      gemvTrailing(1, m - i + 1, n - i, 1, at(a, lda, i, i + 1), lda, at(a, lda, i, i), 1, 0, at(y, ldy, i + 1, i), 1);
      gemvT(m - i + 1, i - 1, 1, at(a, lda, i, 1), lda, at(a, lda, i, i), 1, 0, at(y, ldy, 1, i), 1);
      gemvN(n - i, i - 1, -1, at(y, ldy, i + 1, 1), ldy, at(y, ldy, 1, i), 1, 1, at(y, ldy, i + 1, i), 1);
      gemvT(m - i + 1, i - 1, 1, at(x, ldx, i, 1), ldx, at(a, lda, i, i), 1, 0, at(y, ldy, 1, i), 1);
      gemvT(i - 1, n - i, -1, at(a, lda, 1, i + 1), lda, at(y, ldy, 1, i), 1, 1, at(y, ldy, i + 1, i), 1);
      scal(n - i, tq, at(y, ldy, i + 1, i));
      // Update A(i, i+1:n).
      gemvN(n - i, i, -1, at(y, ldy, i + 1, 1), ldy, at(a, lda, i, 1), lda, 1, at(a, lda, i, i + 1), lda);
      gemvT(i - 1, n - i, -1, at(a, lda, 1, i + 1), lda, at(x, ldx, i, 1), ldx, 1, at(a, lda, i, i + 1), lda);
      // Reflector P(i) annihilates A(i, i+2:n).
      const tp = larfgStrided(n - i, at(a, lda, i, i + 1), at(a, lda, i, min(i + 2, n)), lda, tmp);
      store<f64>(taup + i8, tp);
      store<f64>(e + i8, load<f64>(at(a, lda, i, i + 1)));
      store<f64>(at(a, lda, i, i + 1), 1);
      // X(i+1:m, i).
      gemvTrailing(0, m - i, n - i, 1, at(a, lda, i + 1, i + 1), lda, at(a, lda, i, i + 1), lda, 0, at(x, ldx, i + 1, i), 1);
      gemvT(n - i, i, 1, at(y, ldy, i + 1, 1), ldy, at(a, lda, i, i + 1), lda, 0, at(x, ldx, 1, i), 1);
      gemvN(m - i, i, -1, at(a, lda, i + 1, 1), lda, at(x, ldx, 1, i), 1, 1, at(x, ldx, i + 1, i), 1);
      gemvN(i - 1, n - i, 1, at(a, lda, 1, i + 1), lda, at(a, lda, i, i + 1), lda, 0, at(x, ldx, 1, i), 1);
      gemvN(m - i, i - 1, -1, at(x, ldx, i + 1, 1), ldx, at(x, ldx, 1, i), 1, 1, at(x, ldx, i + 1, i), 1);
      scal(m - i, tp, at(x, ldx, i + 1, i));
    } else {
      store<f64>(taup + i8, 0);
    }
  }
}

/** f64 slots gebrd needs as `work`. */
export function gebrdWorkSize(m: i32, n: i32): i32 {
  return (m + n) * NB + n + 2;
}

/**
 * A (m × n, column-major, lda, m ≥ n) = Q·B·Pᵀ with B upper bidiagonal: d (n) its diagonal,
 * e (n − 1) its super-diagonal; the reflectors stay in A as dgebrd leaves them (Q's below the
 * diagonal, P's right of the super-diagonal), d and e also written onto A's two diagonals.
 * taup has n entries (the last 0).
 */
export function gebrd(m: i32, n: i32, a: usize, lda: i32, d: usize, e: usize, tauq: usize, taup: usize, work: usize): void {
  if (n <= 0) return;
  const x = work;
  const y = x + ((<usize>m * NB) << 3);
  const tmp = y + ((<usize>n * NB) << 3);
  for (let i = 0; i < n; i += NB) {
    const nb = min(NB, n - i);
    const ai = a + ((<usize>i + <usize>i * lda) << 3);
    const ldx = m - i;
    const ldy = n - i;
    const i8 = <usize>i << 3;
    labrd(m - i, n - i, nb, ai, lda, d + i8, e + i8, tauq + i8, taup + i8, x, ldx, y, ldy, tmp);
    const mt = m - i - nb;
    const nt = n - i - nb;
    if (nt > 0) {
      const a22 = ai + ((<usize>nb + <usize>nb * lda) << 3);
      // A22 −= V·Yᵀ (V: the panel's column reflectors below it) and X·Uᵀ (U: its row reflectors).
      gemmCol(0, 1, mt, nt, nb, -1, ai + (<usize>nb << 3), lda, y + (<usize>nb << 3), ldy, 1, a22, lda);
      gemmCol(0, 0, mt, nt, nb, -1, x + (<usize>nb << 3), ldx, ai + ((<usize>nb * lda) << 3), lda, 1, a22, lda);
    }
    for (let j = 0; j < nb; j++) {
      store<f64>(ai + ((<usize>j + <usize>j * lda) << 3), load<f64>(d + ((<usize>(i + j)) << 3)));
      if (i + j + 1 < n) store<f64>(ai + ((<usize>j + <usize>(j + 1) * lda) << 3), load<f64>(e + ((<usize>(i + j)) << 3)));
    }
  }
}

/** f64 slots applyBlocksBackward (ormbr) needs as `work`: C with `cols` columns, `count` reflectors of length ≤ len. */
export function ormbrWorkSize(len: i32, cols: i32, count: i32): i32 {
  const nb = max(1, min(ORM_BLOCK, count));
  return nb * len + nb * nb + 2 * cols * nb + 8;
}

/**
 * C (rows × cols, column-major, ldc) ← H(0)⋯H(count−1)·C for `count` reflectors of gebrd's
 * output: reflector i has its unit at row i and its tail at v + (i + 1)·sv + i·sr (sv: step
 * along the reflector, sr: step to the next reflector, in elements; columnwise storage has
 * sv = 1, sr = lda; rowwise sv = lda, sr = 1 — the reflector is then copied out of a row).
 * Applied as block reflectors from the last block back (dormqr's order); each block is copied
 * into a contiguous panel (reflector r = row r, block-reflector.ts's layout), and C read as
 * the row-major Cᵀ takes Cᵀ ← Cᵀ·Hᵀ (dlarfb, right, transposed). `work`: ormbrWorkSize.
 */
export function applyBlocksBackward(rows: i32, cols: i32, count: i32, v: usize, sv: i32, sr: i32, tau: usize, c: usize, ldc: i32, work: usize): void {
  if (count <= 0 || cols <= 0) return;
  const nb = min(ORM_BLOCK, count);
  const p = work;
  const t = p + ((<usize>nb * rows) << 3);
  const w = t + ((<usize>nb * nb) << 3);
  const w2 = w + ((<usize>cols * nb) << 3);
  const last = (count - 1) / nb * nb;
  for (let i = last; i >= 0; i -= nb) {
    const k = min(nb, count - i);
    const len = rows - i;
    // Panel: reflector r (i + r) as row r, entries from its own position i + r on.
    for (let r = 0; r < k; r++) {
      const pr = p + ((<usize>r * len) << 3);
      const src = v + ((<usize>(i + r) * sv + <usize>(i + r) * sr) << 3);
      const step = <usize>sv << 3;
      for (let q = r + 1; q < len; q++) store<f64>(pr + (<usize>q << 3), load<f64>(src + <usize>(q - r) * step));
    }
    makeExplicit(len, k, p);
    memory.fill(t, 0, (<usize>k * k) << 3); // T's strict lower triangle stays 0 for the gemm below
    larft(len, k, p, tau + (<usize>i << 3), t);
    // Cᵀ ← Cᵀ·Hᵀ = Cᵀ − ((Cᵀ·V)·Tᵀ)·Vᵀ: three gemms (the middle one on the full k × k T,
    // cheaper than k² short dot products per row of C).
    const ci = c + (<usize>i << 3);
    gemmStrided(0, 1, cols, k, len, 1, ci, ldc, p, len, 0, w, k); // W = Cᵀ·V
    gemmStrided(0, 1, cols, k, k, 1, w, k, t, k, 0, w2, k); // W2 = W·Tᵀ
    gemmStrided(0, 0, cols, len, k, -1, w2, k, p, len, 1, ci, ldc); // Cᵀ −= W2·Vᵀ
  }
}

/** C (m × cols, column-major, ldc) ← Q·C, Q from gebrd's (a, tauq) for an m × n A (dormbr 'Q', 'L', 'N'). */
export function ormbrQ(m: i32, n: i32, cols: i32, a: usize, lda: i32, tauq: usize, c: usize, ldc: i32, work: usize): void {
  applyBlocksBackward(m, cols, n, a, 1, lda, tauq, c, ldc, work);
}

/** C (n × cols, column-major, ldc) ← P·C, P from gebrd's (a, taup) (dormbr 'P', 'L', 'N'). */
export function ormbrP(n: i32, cols: i32, a: usize, lda: i32, taup: usize, c: usize, ldc: i32, work: usize): void {
  // P = diag(1, P'), P' = G(0)⋯G(n−2) on coordinates 1..n−1; G(i)'s unit at A(i, i+1), its
  // tail along row i: the (n−1) × (n−1) block of A at (0, 1) read rowwise.
  if (n <= 1) return;
  applyBlocksBackward(n - 1, cols, n - 1, a + ((<usize>lda) << 3), lda, 1, taup, c + 8, ldc, work);
}
