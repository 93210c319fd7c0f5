/**
 * Column means of a row-major m × n matrix (contract: `colMeans` in ../kernels.ts).
 *
 * Sums are taken relative to the first row, out[j] = a[0, j] + Σ_i (a[i, j] − a[0, j]) / m:
 * data whose mean is large beside its spread (1e8 ± 1) then sums small numbers, not large ones,
 * and the mean keeps the digits the centred scatter needs. One pass, row by row (contiguous).
 */
export function colMeans(m: number, n: number, a: Float64Array, out: Float64Array): void {
  if (n === 0) return;
  if (m === 0) {
    out.fill(NaN, 0, n);
    return;
  }
  out.fill(0, 0, n);
  for (let i = 1, r = n; i < m; i++, r += n) {
    for (let j = 0; j < n; j++) out[j] += a[r + j] - a[j];
  }
  for (let j = 0; j < n; j++) out[j] = a[j] + out[j] / m;
}
