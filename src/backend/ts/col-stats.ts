/**
 * Column sums, sums of squares about a shift and max |x| in one pass, with the first NaN/±Inf
 * entry's index (contract: `colStats` in ../kernels.ts). Row by row (contiguous), so each
 * column is summed in row order as the contract requires.
 */
export function colStats(m: number, n: number, a: Float64Array, shift: Float64Array, sum: Float64Array, sumSq: Float64Array, maxAbs: Float64Array): number {
  if (n === 0) return -1;
  sum.fill(0, 0, n);
  sumSq.fill(0, 0, n);
  maxAbs.fill(0, 0, n);
  for (let i = 0, r = 0; i < m; i++, r += n) {
    for (let j = 0; j < n; j++) {
      const v = a[r + j];
      const t = v - shift[j];
      sum[j] += t;
      sumSq[j] += t * t;
      const mag = Math.abs(v);
      // NaN sticks (a later number never replaces it), and a NaN entry replaces any number.
      if (mag > maxAbs[j] || mag !== mag) maxAbs[j] = mag;
    }
  }
  return firstNonFinite(m, n, a, maxAbs);
}

/**
 * The row-major index of the first NaN/±Inf of A, or −1, searched only when some maxAbs[j] is
 * not finite (the statistics pass already knows which columns are clean).
 */
export function firstNonFinite(m: number, n: number, a: Float64Array, maxAbs: Float64Array): number {
  let clean = true;
  for (let j = 0; j < n; j++) if (!Number.isFinite(maxAbs[j])) clean = false;
  if (clean) return -1;
  for (let i = 0; i < m * n; i++) if (!Number.isFinite(a[i])) return i;
  return -1;
}
