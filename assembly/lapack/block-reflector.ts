/**
 * Block reflectors in compact WY form (LAPACK dlarft / dlarfb, forward), laid out for a
 * row-major matrix whose reflectors are its COLUMNS: the caller copies a block of ib
 * reflectors (each `len` long) into a panel P, ib × len row-major, reflector r in row r with
 * its implied entries made explicit (zeros before position r, 1 at r). So P = Vᵀ, every
 * reflector is a contiguous row, and H = H_0 ⋯ H_{ib−1} = I − V·T·Vᵀ with T upper triangular
 * (ib × ib, row stride ib). The application is two gemms around a small triangular product.
 */

import { gemmStrided } from '../gemm';
import { axpy, dot, scal } from './blas1';

/** P[r][c] ← A(c, r) over c < len, r < ib (A at `a`, row stride lda), implied parts explicit. */
export function panelOut(len: i32, ib: i32, a: usize, lda: i32, p: usize): void {
  for (let c = 0; c < len; c++) {
    const ac = a + ((<usize>c * lda) << 3);
    for (let r = 0; r < ib; r++) store<f64>(p + ((<usize>r * len + c) << 3), load<f64>(ac + (<usize>r << 3)));
  }
}

/** P's reflector rows with their implied zeros and unit diagonal written in. */
export function makeExplicit(len: i32, ib: i32, p: usize): void {
  for (let r = 0; r < ib; r++) {
    const pr = p + ((<usize>r * len) << 3);
    memory.fill(pr, 0, <usize>r << 3);
    store<f64>(pr + (<usize>r << 3), 1);
  }
}

/** A(c, r) ← P[r][c] over c < len, r < ib (the inverse of panelOut). */
export function panelIn(len: i32, ib: i32, p: usize, a: usize, lda: i32): void {
  for (let c = 0; c < len; c++) {
    const ac = a + ((<usize>c * lda) << 3);
    for (let r = 0; r < ib; r++) store<f64>(ac + (<usize>r << 3), load<f64>(p + ((<usize>r * len + c) << 3)));
  }
}

/** dlarft('F', 'C'): T of P's ib explicit reflectors (length len), tau at `tau`. */
export function larft(len: i32, ib: i32, p: usize, tau: usize, t: usize): void {
  // Every Vᵀ·v_j at once, as one gemm: T ← P·Pᵀ (the rows are explicit, zero before their own
  // position, so each full dot is LAPACK's partial one). One dot per entry ran at a tenth of
  // gemm's speed and was a tenth of an SVD's time at n = 300.
  gemmStrided(0, 1, ib, ib, len, 1, p, len, p, len, 0, t, ib);
  for (let j = 0; j < ib; j++) {
    const tj = load<f64>(tau + (<usize>j << 3));
    store<f64>(t + ((<usize>j * ib + j) << 3), tj);
    // T[0:j, j] = −tau_j·Vᵀ[0:j]·v_j, then T[0:j, j] ← T[0:j, 0:j]·T[0:j, j]; below the diagonal, zeros.
    for (let q = 0; q < j; q++) {
      const at = t + ((<usize>q * ib + j) << 3);
      store<f64>(at, tj == 0 ? 0 : -tj * load<f64>(at));
    }
    for (let q = j + 1; q < ib; q++) store<f64>(t + ((<usize>q * ib + j) << 3), 0);
    if (tj == 0) continue;
    // x = T[0:j, j] goes into row j's lower part (zeros, and contiguous), so that each
    // T[q][j] = T[q][q:j]·x[q:j] is one dot along two rows rather than a strided column walk.
    const x = t + ((<usize>j * ib) << 3);
    for (let q = 0; q < j; q++) store<f64>(x + (<usize>q << 3), load<f64>(t + ((<usize>q * ib + j) << 3)));
    for (let q = 0; q < j; q++) {
      store<f64>(t + ((<usize>q * ib + j) << 3), dot(j - q, t + ((<usize>q * ib + q) << 3), x + (<usize>q << 3)));
    }
    memory.fill(x, 0, <usize>j << 3);
  }
}

/** W (ib rows of nc, row stride nc) ← op(T)·W, op = Tᵀ when trans. */
function triLeft(trans: bool, ib: i32, nc: i32, t: usize, w: usize): void {
  const ld = <usize>nc << 3;
  if (trans) {
    // Row r of TᵀW mixes rows q ≤ r: from the last row up, each still reads old rows above it.
    for (let r = ib - 1; r >= 0; r--) {
      const wr = w + <usize>r * ld;
      scal(nc, load<f64>(t + ((<usize>r * ib + r) << 3)), wr);
      for (let q = 0; q < r; q++) axpy(nc, load<f64>(t + ((<usize>q * ib + r) << 3)), w + <usize>q * ld, wr);
    }
  } else {
    for (let r = 0; r < ib; r++) {
      const wr = w + <usize>r * ld;
      scal(nc, load<f64>(t + ((<usize>r * ib + r) << 3)), wr);
      for (let q = r + 1; q < ib; q++) axpy(nc, load<f64>(t + ((<usize>r * ib + q) << 3)), w + <usize>q * ld, wr);
    }
  }
}

/** W (mr rows of ib, row stride ib) ← W·op(T), op = Tᵀ when trans; row by row. */
function triRight(trans: bool, ib: i32, mr: i32, t: usize, w: usize): void {
  for (let i = 0; i < mr; i++) {
    const wi = w + ((<usize>i * ib) << 3);
    if (trans) {
      // (w·Tᵀ)[q] = Σ_{r ≥ q} w[r]·T[q][r]: T's row q, contiguous; ascending reads only old w.
      for (let q = 0; q < ib; q++) {
        store<f64>(wi + (<usize>q << 3), dot(ib - q, wi + (<usize>q << 3), t + ((<usize>q * ib + q) << 3)));
      }
    } else {
      // (w·T)[q] = Σ_{r ≤ q} w[r]·T[r][q]: descending reads only old w.
      for (let q = ib - 1; q >= 0; q--) {
        let s: f64 = 0;
        for (let r = 0; r <= q; r++) s += load<f64>(wi + (<usize>r << 3)) * load<f64>(t + ((<usize>r * ib + q) << 3));
        store<f64>(wi + (<usize>q << 3), s);
      }
    }
  }
}

/**
 * dlarfb('F', 'C'), left: C (mr × nc at c, row stride ldc) ← H·C or Hᵀ·C (trans), the block
 * reflector of P (ib × mr) and T. `w` holds ib·nc f64.
 */
export function larfbLeft(trans: bool, mr: i32, nc: i32, ib: i32, p: usize, t: usize, c: usize, ldc: i32, w: usize): void {
  if (mr <= 0 || nc <= 0 || ib <= 0) return;
  gemmStrided(0, 0, ib, nc, mr, 1, p, mr, c, ldc, 0, w, nc); // W = Vᵀ·C
  triLeft(trans, ib, nc, t, w);
  gemmStrided(1, 0, mr, nc, ib, -1, p, mr, w, nc, 1, c, ldc); // C −= V·W
}

/**
 * dlarfb('F', 'C'), right: C (mr × nc at c, row stride ldc) ← C·H or C·Hᵀ (trans), the block
 * reflector of P (ib × nc) and T. `w` holds mr·ib f64.
 */
export function larfbRight(trans: bool, mr: i32, nc: i32, ib: i32, p: usize, t: usize, c: usize, ldc: i32, w: usize): void {
  if (mr <= 0 || nc <= 0 || ib <= 0) return;
  gemmStrided(0, 1, mr, ib, nc, 1, c, ldc, p, nc, 0, w, ib); // W = C·V
  triRight(trans, ib, mr, t, w);
  gemmStrided(0, 0, mr, nc, ib, -1, w, ib, p, nc, 1, c, ldc); // C −= W·Vᵀ
}
