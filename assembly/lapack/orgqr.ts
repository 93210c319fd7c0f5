/**
 * The first n columns of Q = H_0 ⋯ H_{k−1} in place (the `orgqr` kernel, LAPACK dorgqr),
 * row-major, blocked: columns k..n start as unit vectors, then blocks of reflectors from the
 * last back: each block reaches the columns to its right as one block reflector (larfb), then
 * its own columns are formed by dorg2r inside the transposed panel P (contiguous rows).
 * Rows < i of the columns right of block i are still zero (only reflectors ≥ i + ib have
 * touched them), so larfb covers rows i..m only. `work` holds qrWorkSize(m, n) f64.
 */

import { axpy, dot, scal } from './blas1';
import { larfbLeft, larft, makeExplicit, panelIn, panelOut } from './block-reflector';
import { qrBlock } from './qr-block';

/** dorg2r in P-space: rows of P (explicit reflectors, length len) become Q's columns. */
function org2rPanel(len: i32, ib: i32, p: usize, tau: usize): void {
  for (let j = ib - 1; j >= 0; j--) {
    const tj = load<f64>(tau + (<usize>j << 3));
    const pj = p + ((<usize>j * len + j) << 3);
    // H_j applied to the columns formed so far (rows j..len).
    if (tj != 0) {
      for (let s = j + 1; s < ib; s++) {
        const ps = p + ((<usize>s * len + j) << 3);
        axpy(len - j, -tj * dot(len - j, pj, ps), pj, ps);
      }
    }
    // Column j of Q is H_j·e_j = e_j − tau·v.
    scal(len - j - 1, -tj, pj + 8);
    store<f64>(pj, 1 - tj);
  }
}

export function orgqr(m: i32, n: i32, k: i32, a: usize, tau: usize, work: usize): void {
  if (m <= 0 || n <= 0) return;
  const ld = <usize>n << 3;
  for (let r = 0; r < m; r++) {
    const ar = a + <usize>r * ld;
    if (n > k) memory.fill(ar + (<usize>k << 3), 0, <usize>(n - k) << 3);
    if (r >= k && r < n) store<f64>(ar + (<usize>r << 3), 1);
  }
  if (k <= 0) return;
  const nb = qrBlock(min(m, n));
  const p = work;
  const t = p + ((<usize>nb * m) << 3);
  const w = t + ((<usize>nb * nb) << 3);
  for (let i = ((k - 1) / nb) * nb; i >= 0; i -= nb) {
    const ib = min(nb, k - i);
    const len = m - i;
    const aii = a + <usize>i * ld + (<usize>i << 3);
    const taui = tau + (<usize>i << 3);
    panelOut(len, ib, aii, n, p);
    makeExplicit(len, ib, p);
    if (i + ib < n) {
      larft(len, ib, p, taui, t);
      larfbLeft(false, len, n - i - ib, ib, p, t, aii + (<usize>ib << 3), n, w);
    }
    org2rPanel(len, ib, p, taui);
    panelIn(len, ib, p, aii, n);
    for (let r = 0; r < i; r++) memory.fill(a + <usize>r * ld + (<usize>i << 3), 0, <usize>ib << 3);
  }
}
