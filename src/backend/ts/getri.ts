/**
 * Reference inverse from LU factors: inv(A) = U⁻¹·L⁻¹·P (dgetri's flop count, 4n³/3 after
 * getrf). L⁻¹ is formed row by row (row i = −Σ_{p<i} L(i, p)·row p of L⁻¹, contiguous
 * axpys), then one upper trsm, then the interchanges as column swaps, one row at a time.
 */
import { trsmView } from './trsm.js';

export function getri(n: number, lu: Float64Array, ipiv: Int32Array, inv: Float64Array): number {
  for (let j = 0; j < n; j++) if (lu[j * n + j] === 0) return j + 1;
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    r.fill(0, 0, i);
    for (let p = 0; p < i; p++) {
      const l = lu[ri + p];
      const rp = p * n;
      for (let c = 0; c < p; c++) r[c] += l * inv[rp + c];
      r[p] += l;
    }
    for (let c = 0; c < i; c++) inv[ri + c] = -r[c];
    inv[ri + i] = 1;
    inv.fill(0, ri + i + 1, ri + n);
  }
  trsmView(0, 1, 0, 0, n, n, 1, lu, 0, n, inv, 0, n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let s = n - 1; s >= 0; s--) {
      const p = ipiv[s];
      if (p !== s) {
        const t = inv[ri + s];
        inv[ri + s] = inv[ri + p];
        inv[ri + p] = t;
      }
    }
    for (let c = 0; c < n; c++) inv[ri + c] += 0; // −0 → +0
  }
  return 0;
}
