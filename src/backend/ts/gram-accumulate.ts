/**
 * Shifted scatter update, the streaming-PCA hot path (contract: `gramAccumulate` in
 * ../kernels.ts): lower(C) += (A − 1·shiftᵀ)ᵀ (A − 1·shiftᵀ), then the upper triangle mirrors
 * the lower.
 *
 * Rows are taken RB at a time, centred into a transposed scratch block (feature-major, so a
 * feature's values over the block are contiguous), and the lower triangle of the block's Gram
 * matrix is formed from 4 × 4 tiles of dot products — half the work of a full product. The
 * scratch is the one allocation (RB · n values).
 */

/** Rows per block: the 8 scratch rows a tile reads (8 · RB values) stay in L1. */
const RB = 128;

export function gramAccumulate(m: number, n: number, a: Float64Array, shift: Float64Array, c: Float64Array): void {
  if (n === 0) return;
  if (m > 0) {
    const rb0 = Math.min(RB, m);
    const t = new Float64Array(rb0 * n);
    for (let r0 = 0; r0 < m; r0 += RB) {
      const rb = Math.min(RB, m - r0);
      // t[j·rb + r] = a[r0 + r, j] − shift[j]
      for (let r = 0; r < rb; r++) {
        const row = (r0 + r) * n;
        for (let j = 0; j < n; j++) t[j * rb + r] = a[row + j] - shift[j];
      }
      lowerGram(n, rb, t, c);
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) c[j * n + i] = c[i * n + j];
}

/** lower(C) += T Tᵀ for T n × k (row stride k): 4 × 4 tiles on and below the diagonal. */
function lowerGram(n: number, k: number, t: Float64Array, c: Float64Array): void {
  const nq = n - (n % 4);
  for (let i = 0; i < nq; i += 4) {
    const i0 = i * k, i1 = i0 + k, i2 = i1 + k, i3 = i2 + k;
    // j ≤ i: the diagonal tile is computed whole and only its lower half is stored.
    for (let j = 0; j <= i; j += 4) {
      const j0 = j * k, j1 = j0 + k, j2 = j1 + k, j3 = j2 + k;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let p = 0; p < k; p++) {
        const b0 = t[j0 + p], b1 = t[j1 + p], b2 = t[j2 + p], b3 = t[j3 + p];
        let x = t[i0 + p];
        c00 += x * b0; c01 += x * b1; c02 += x * b2; c03 += x * b3;
        x = t[i1 + p];
        c10 += x * b0; c11 += x * b1; c12 += x * b2; c13 += x * b3;
        x = t[i2 + p];
        c20 += x * b0; c21 += x * b1; c22 += x * b2; c23 += x * b3;
        x = t[i3 + p];
        c30 += x * b0; c31 += x * b1; c32 += x * b2; c33 += x * b3;
      }
      let ci = i * n + j;
      if (j < i) {
        c[ci] += c00; c[ci + 1] += c01; c[ci + 2] += c02; c[ci + 3] += c03;
        ci += n;
        c[ci] += c10; c[ci + 1] += c11; c[ci + 2] += c12; c[ci + 3] += c13;
        ci += n;
        c[ci] += c20; c[ci + 1] += c21; c[ci + 2] += c22; c[ci + 3] += c23;
        ci += n;
        c[ci] += c30; c[ci + 1] += c31; c[ci + 2] += c32; c[ci + 3] += c33;
      } else {
        c[ci] += c00;
        ci += n;
        c[ci] += c10; c[ci + 1] += c11;
        ci += n;
        c[ci] += c20; c[ci + 1] += c21; c[ci + 2] += c22;
        ci += n;
        c[ci] += c30; c[ci + 1] += c31; c[ci + 2] += c32; c[ci + 3] += c33;
      }
    }
  }
  // The last n mod 4 rows of C's lower triangle, one dot product each.
  for (let i = nq; i < n; i++) {
    const ti = i * k;
    for (let j = 0; j <= i; j++) {
      const tj = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += t[ti + p] * t[tj + p];
      c[i * n + j] += s;
    }
  }
}
