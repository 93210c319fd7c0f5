/**
 * C ← op(Q)·C or C·op(Q) for Q = H_0 ⋯ H_{k−1} without forming Q (the `ormqr` kernel,
 * LAPACK dormqr), blocked: each block of ib reflectors (columns of the nq × k `a`) is copied
 * into the panel P, and applied as one block reflector (larft + larfb: two gemms).
 * `work` holds qrWorkSize(m, n) f64.
 */

import { larfbLeft, larfbRight, larft, makeExplicit, panelOut } from './block-reflector';
import { qrBlock } from './qr-block';

export function ormqr(side: i32, trans: i32, m: i32, n: i32, k: i32, a: usize, tau: usize, c: usize, work: usize): void {
  if (m <= 0 || n <= 0 || k <= 0) return;
  const left = side == 0;
  const tr = trans != 0;
  const nq = left ? m : n;
  const nb = qrBlock(k);
  const p = work;
  const t = p + ((<usize>nb * nq) << 3);
  const w = t + ((<usize>nb * nb) << 3);
  // Qᵀ·C = H_{k−1} ⋯ H_0·C and C·Q = C·H_0 ⋯ H_{k−1} take H_0 first; each block then applies
  // H_blk (C·Q, Q·C) or H_blkᵀ (Qᵀ·C, C·Qᵀ).
  const forward = left == tr;
  const blocks = (k + nb - 1) / nb;
  for (let s = 0; s < blocks; s++) {
    const i = (forward ? s : blocks - 1 - s) * nb;
    const ib = min(nb, k - i);
    const len = nq - i;
    panelOut(len, ib, a + ((<usize>i * k + i) << 3), k, p);
    makeExplicit(len, ib, p);
    larft(len, ib, p, tau + (<usize>i << 3), t);
    if (left) larfbLeft(tr, len, n, ib, p, t, c + ((<usize>i * n) << 3), n, w);
    else larfbRight(tr, m, len, ib, p, t, c + (<usize>i << 3), n, w);
  }
}
