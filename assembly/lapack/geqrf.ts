/**
 * Householder QR (the `geqrf` kernel of src/backend/kernels.ts), row-major in place, blocked
 * as LAPACK dgeqrf: a panel of ib columns is copied out transposed (so every reflector is a
 * contiguous row of P, block-reflector.ts) and factored there by dgeqr2 (larfg, then each
 * later column of the panel gets dot + axpy along contiguous rows); the panel goes back into A
 * and the columns to its right get Hᵀ as one block reflector (larft + larfb: two gemms).
 * `work` holds qrWorkSize(m, n) f64.
 */

import { axpy, dot } from './blas1';
import { larfbLeft, larft, makeExplicit, panelIn, panelOut } from './block-reflector';
import { larfg } from './larfg';
import { qrBlock } from './qr-block';

/** dgeqr2 on P (ib reflector rows of length len), tau at `tau`. */
function geqr2Panel(len: i32, ib: i32, p: usize, tau: usize): void {
  for (let r = 0; r < ib; r++) {
    const pr = p + ((<usize>r * len + r) << 3);
    const rest = len - r - 1;
    const tr = larfg(len - r, pr, pr + 8);
    store<f64>(tau + (<usize>r << 3), tr);
    if (tr == 0) continue;
    for (let s = r + 1; s < ib; s++) {
      const ps = p + ((<usize>s * len + r) << 3);
      const w = tr * (load<f64>(ps) + dot(rest, pr + 8, ps + 8));
      store<f64>(ps, load<f64>(ps) - w);
      axpy(rest, -w, pr + 8, ps + 8);
    }
  }
}

export function geqrf(m: i32, n: i32, a: usize, tau: usize, work: usize): void {
  const k = min(m, n);
  if (k <= 0) return;
  const nb = qrBlock(k);
  const p = work;
  const t = p + ((<usize>nb * m) << 3);
  const w = t + ((<usize>nb * nb) << 3);
  for (let i = 0; i < k; i += nb) {
    const ib = min(nb, k - i);
    const len = m - i;
    const aii = a + ((<usize>i * n + i) << 3);
    const taui = tau + (<usize>i << 3);
    panelOut(len, ib, aii, n, p);
    geqr2Panel(len, ib, p, taui);
    panelIn(len, ib, p, aii, n);
    if (i + ib < n) {
      // A(i:m, i+ib:n) ← Hᵀ·A(i:m, i+ib:n), H = H_i ⋯ H_{i+ib−1}.
      makeExplicit(len, ib, p);
      larft(len, ib, p, taui, t);
      larfbLeft(true, len, n - i - ib, ib, p, t, aii + (<usize>ib << 3), n, w);
    }
  }
}
