/** Level-1 BLAS on contiguous f64 (f64x2, unaligned): the reflectors' norm and scalings. */

import { madd } from '../fma';

/** Euclidean norm of `len` contiguous f64 at `x`; rescales only when the plain sum is unsafe. */
export function nrm2(len: i32, x: usize): f64 {
  let acc = f64x2.splat(0);
  let i = 0;
  for (; i + 1 < len; i += 2) {
    const v = v128.load(x + (<usize>i << 3), 0, 8);
    acc = madd(v, v, acc);
  }
  let ssq = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (i < len) {
    const v = load<f64>(x + (<usize>i << 3));
    ssq += v * v;
  }
  // Safe range: no overflow, and anything that underflowed is negligible next to the sum.
  if (ssq > 1e-280 && ssq < 1e300) return sqrt<f64>(ssq);
  let scale: f64 = 0;
  for (let j = 0; j < len; j++) scale = max<f64>(scale, abs<f64>(load<f64>(x + (<usize>j << 3))));
  if (scale == 0 || scale != scale || scale > 1.7976931348623157e308) return scale;
  ssq = 0;
  for (let j = 0; j < len; j++) {
    const v = load<f64>(x + (<usize>j << 3)) / scale;
    ssq += v * v;
  }
  return scale * sqrt<f64>(ssq);
}

/** x ← alpha · x over `len` contiguous f64. */
export function scal(len: i32, alpha: f64, x: usize): void {
  const av = f64x2.splat(alpha);
  let i = 0;
  for (; i + 1 < len; i += 2) {
    const p = x + (<usize>i << 3);
    v128.store(p, f64x2.mul(av, v128.load(p, 0, 8)), 0, 8);
  }
  if (i < len) {
    const p = x + (<usize>i << 3);
    store<f64>(p, alpha * load<f64>(p));
  }
}
