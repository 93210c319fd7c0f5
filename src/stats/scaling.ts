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

/** Magnitudes beyond which sums of squares could overflow (or, below the other, underflow to zero). */
const SCALE_ABOVE = 2 ** 480;
const SCALE_BELOW = 2 ** -480;

/**
 * The exact power-of-two factor that brings data of extreme magnitude to about 1 before an
 * algorithm squares it (LAPACK's dlascl, as dgesdd and dsyevd apply it); 1 when max|v| is
 * within [2^-480, 2^480], zero or not finite (non-finite data is refused by its own check).
 */
export function extremeScaleFor(v: ArrayLike<number>): number {
  return extremeScaleForMax(maxAbs(v));
}

/** `extremeScaleFor` from a max |v| already known (e.g. from the `colStats` kernel). */
export function extremeScaleForMax(big: number): number {
  if (!Number.isFinite(big) || big === 0 || (big >= SCALE_BELOW && big <= SCALE_ABOVE)) return 1;
  return pow2ScaleFor(big);
}
