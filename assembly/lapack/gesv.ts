/**
 * One-call solve (the `gesv` kernel, LAPACK dgesv's job): max|A| and the finiteness check in
 * one SIMD pass over A where it already lies in this memory, then getrf and getrs in place.
 * The host copies A in and X out once (a getrf call and a getrs call would copy the factors
 * out and back in between).
 */

import { getrf, getrfWorkSize } from './getrf';
import { getrs } from './getrs';

/** f64 slots `gesv` needs as `work`. */
export function gesvWorkSize(n: i32): i32 {
  return getrfWorkSize(n, n);
}

/** max |x[i]| over len entries; NaN if one is NaN, +Inf if one is ±Inf (and none is NaN). */
function maxAbs(len: i32, x: usize): f64 {
  // f64x2.max propagates NaN, as f64's max does.
  let m0 = f64x2.splat(0);
  let m1 = m0;
  let i = 0;
  for (; i + 3 < len; i += 4) {
    const o = <usize>i << 3;
    m0 = f64x2.max(m0, f64x2.abs(v128.load(x + o, 0, 8)));
    m1 = f64x2.max(m1, f64x2.abs(v128.load(x + o, 16, 8)));
  }
  m0 = f64x2.max(m0, m1);
  let m = max<f64>(f64x2.extract_lane(m0, 0), f64x2.extract_lane(m0, 1));
  for (; i < len; i++) m = max<f64>(m, abs<f64>(load<f64>(x + (<usize>i << 3))));
  return m;
}

/**
 * A (n × n at `a`, overwritten by its LU factors) X = B (n × nrhs at `b`, overwritten by X).
 * Returns max|A| — NaN or +Inf for a non-finite A, which is then left unfactorised.
 */
export function gesv(n: i32, nrhs: i32, a: usize, ipiv: usize, b: usize, work: usize): f64 {
  if (n <= 0) return 0;
  const m = maxAbs(n * n, a);
  if (!(m < Infinity)) return m;
  getrf(n, n, a, ipiv, work);
  getrs(0, n, nrhs, a, ipiv, b);
  return m;
}
