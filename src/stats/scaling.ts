/**
 * Power-of-two rescaling for sums of squares. Multiplying by 2^e is exact (away from the
 * subnormal range), so Σ (2^e·v)² gives bit for bit the result of Σ v² scaled by 4^e: results
 * agree with numpy's plain formulas while huge or tiny vectors neither overflow nor underflow.
 */

/** 2^−floor(log2 max|v|): brings the largest magnitude into [1, 2). 1 for a zero or non-finite max. */
export function pow2ScaleFor(maxAbs: number): number {
  if (!(maxAbs > 0) || !Number.isFinite(maxAbs)) return 1;
  const e = Math.floor(Math.log2(maxAbs));
  // log2 may round across an integer for values just below a power of two; either neighbour
  // keeps the scaled maximum within [0.5, 4), which is all that matters here.
  return 2 ** -Math.max(-1022, Math.min(1023, e));
}

/** max |v_i| over a vector (NaN if any entry is NaN). */
export function maxAbs(v: ArrayLike<number>): number {
  let big = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    if (a > big || Number.isNaN(a)) big = a;
  }
  return big;
}
