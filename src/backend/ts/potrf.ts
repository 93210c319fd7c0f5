/**
 * Reference Cholesky, lower (dpotrf), row-major in place: the dot-product (Cholesky–
 * Banachiewicz) form, whose inner loops run along two contiguous rows. Reads the lower
 * triangle only; zeroes the strict upper triangle on success.
 */
export function potrf(n: number, a: Float64Array): number {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = a[ri + j];
      for (let p = 0; p < j; p++) s -= a[ri + p] * a[rj + p];
      if (j < i) {
        a[ri + j] = s / a[rj + j];
      } else {
        if (!(s > 0)) return i + 1; // also NaN
        a[ri + i] = Math.sqrt(s);
      }
    }
  }
  for (let i = 0; i < n; i++) a.fill(0, i * n + i + 1, i * n + n);
  return 0;
}
