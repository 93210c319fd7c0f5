/**
 * The sweeps of the one-sided Jacobi SVD (the wasm side of `gesdd`; the driver around them is
 * the ts reference's, src/backend/ts/gesdd.ts, `JacobiSweeps` there says what they do): pairs
 * of W's k rows (length l) are rotated until every pair is orthogonal to within tol relative to
 * the norms, each rotation also applied to R's rows (k × k) when `r` is not 0. The three sums
 * of a pair are one f64x2 pass over both rows, and each rotation one more.
 */

import { lapy2 } from './sym-eig/scalar';
import { madd, nmadd } from './fma';

/** (x, y) ← (c·x − s·y, s·x + c·y) over `len` values of two rows. */
// @ts-ignore: decorator
@inline function rotate(len: i32, x: usize, y: usize, c: f64, s: f64): void {
  const cv = f64x2.splat(c);
  const sv = f64x2.splat(s);
  let i = 0;
  for (; i + 1 < len; i += 2) {
    const o = <usize>i << 3;
    const a = v128.load(x + o, 0, 8);
    const b = v128.load(y + o, 0, 8);
    v128.store(x + o, nmadd(sv, b, f64x2.mul(cv, a)), 0, 8);
    v128.store(y + o, madd(cv, b, f64x2.mul(sv, a)), 0, 8);
  }
  if (i < len) {
    const o = <usize>i << 3;
    const a = load<f64>(x + o);
    const b = load<f64>(y + o);
    store<f64>(x + o, c * a - s * b);
    store<f64>(y + o, s * a + c * b);
  }
}

export function jacobiSweeps(k: i32, l: i32, w: usize, r: usize, tol: f64, maxSweeps: i32, negligibleSq: f64): i32 {
  const ldw = <usize>l << 3;
  const ldr = <usize>k << 3;
  let sweep = 0;
  while (true) {
    let rotated = 0;
    for (let p = 0; p < k - 1; p++) {
      const wp = w + <usize>p * ldw;
      for (let q = p + 1; q < k; q++) {
        const wq = w + <usize>q * ldw;
        let aa = f64x2.splat(0);
        let bb = aa;
        let gg = aa;
        let i = 0;
        for (; i + 1 < l; i += 2) {
          const o = <usize>i << 3;
          const x = v128.load(wp + o, 0, 8);
          const y = v128.load(wq + o, 0, 8);
          aa = madd(x, x, aa);
          bb = madd(y, y, bb);
          gg = madd(x, y, gg);
        }
        let alpha = f64x2.extract_lane(aa, 0) + f64x2.extract_lane(aa, 1);
        let beta = f64x2.extract_lane(bb, 0) + f64x2.extract_lane(bb, 1);
        let gamma = f64x2.extract_lane(gg, 0) + f64x2.extract_lane(gg, 1);
        if (i < l) {
          const o = <usize>i << 3;
          const x = load<f64>(wp + o);
          const y = load<f64>(wq + o);
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        // A row below NEGLIGIBLE is zero for good (see the ts sweeps).
        if (alpha < negligibleSq || beta < negligibleSq) continue;
        if (gamma == 0 || abs<f64>(gamma) <= tol * sqrt<f64>(alpha) * sqrt<f64>(beta)) continue;
        rotated++;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1.0 : -1.0) / (abs<f64>(zeta) + lapy2(1, zeta));
        const c = 1 / sqrt<f64>(1 + t * t);
        const s = c * t;
        rotate(l, wp, wq, c, s);
        if (r != 0) rotate(k, r + <usize>p * ldr, r + <usize>q * ldr, c, s);
      }
    }
    if (rotated == 0) return 0;
    if (++sweep >= maxSweeps) return sweep;
  }
}
