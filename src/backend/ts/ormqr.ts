/**
 * C ← op(Q) C or C op(Q) for Q = H_0 ⋯ H_{k−1}, one reflector at a time (LAPACK dorm2r),
 * row-major. Contract: `ormqr` in ../kernels.ts.
 */
export function ormqr(
  side: 0 | 1,
  trans: 0 | 1,
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  tau: Float64Array,
  c: Float64Array,
): void {
  if (m === 0 || n === 0 || k === 0) return;
  const left = side === 0;
  const nq = left ? m : n;
  const v = new Float64Array(nq);
  const w = new Float64Array(left ? n : m);
  // Qᵀ C = H_{k−1} ⋯ H_0 C and C Q = C H_0 ⋯ H_{k−1} take H_0 first; the other two H_{k−1}.
  const forward = left === (trans === 1);
  for (let s = 0; s < k; s++) {
    const j = forward ? s : k - 1 - s;
    const t = tau[j];
    if (t === 0) continue;
    v[j] = 1;
    for (let i = j + 1; i < nq; i++) v[i] = a[i * k + j];
    if (left) {
      // Rows j.. of C: w = vᵀ C, C −= tau v w.
      w.fill(0);
      for (let i = j; i < m; i++) {
        const vi = v[i];
        if (vi === 0) continue;
        for (let col = 0; col < n; col++) w[col] += vi * c[i * n + col];
      }
      for (let i = j; i < m; i++) {
        const tv = t * v[i];
        if (tv === 0) continue;
        for (let col = 0; col < n; col++) c[i * n + col] -= tv * w[col];
      }
    } else {
      // Columns j.. of C, row by row: s = C v, C −= tau s vᵀ.
      for (let r = 0; r < m; r++) {
        const row = r * n;
        let sum = 0;
        for (let i = j; i < n; i++) sum += c[row + i] * v[i];
        const ts = t * sum;
        if (ts === 0) continue;
        for (let i = j; i < n; i++) c[row + i] -= ts * v[i];
      }
    }
  }
}
