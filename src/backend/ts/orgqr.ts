/**
 * The first n columns of Q = H_0 ⋯ H_{k−1} in place, row-major (LAPACK dorg2r, unblocked,
 * last reflector first). Contract: `orgqr` in ../kernels.ts.
 */
export function orgqr(m: number, n: number, k: number, a: Float64Array, tau: Float64Array): void {
  if (m === 0 || n === 0) return;
  for (let j = k; j < n; j++) {
    for (let i = 0; i < m; i++) a[i * n + j] = 0;
    a[j * n + j] = 1;
  }
  const w = new Float64Array(n);
  for (let i = k - 1; i >= 0; i--) {
    const t = tau[i];
    if (i + 1 < n && t !== 0) {
      // Columns i+1.. of Q so far (rows i..m) <- H_i times them: w = vᵀ A, A −= tau v w.
      for (let c = i + 1; c < n; c++) w[c] = a[i * n + c];
      for (let r = i + 1; r < m; r++) {
        const vr = a[r * n + i];
        if (vr === 0) continue;
        for (let c = i + 1; c < n; c++) w[c] += vr * a[r * n + c];
      }
      for (let c = i + 1; c < n; c++) a[i * n + c] -= t * w[c];
      for (let r = i + 1; r < m; r++) {
        const tv = t * a[r * n + i];
        if (tv === 0) continue;
        for (let c = i + 1; c < n; c++) a[r * n + c] -= tv * w[c];
      }
    }
    // Column i of Q is H_i e_i = e_i − tau v.
    for (let r = i + 1; r < m; r++) a[r * n + i] *= -t;
    a[i * n + i] = 1 - t;
    for (let r = 0; r < i; r++) a[r * n + i] = 0;
  }
}
