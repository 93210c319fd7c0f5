/**
 * Householder tridiagonalisation (dsytd2('L') on the column-major view of the row-major upper
 * triangle) and the level-2 sweeps over the trailing triangle it is made of.
 */

import { gBeta, larfg } from './householder';
import { madd } from '../fma';

/**
 * y ← tau · T · v for the m × m symmetric T whose upper triangle is stored row-major at `t`
 * (row stride `ld` bytes): one pass over the triangle, each row giving a dot (for y[p]) and
 * an axpy (into y[p+1..]).
 */
function symv(m: i32, tau: f64, t: usize, ld: usize, v: usize, y: usize): void {
  memory.fill(y, 0, <usize>m << 3);
  for (let p = 0; p < m; p++) {
    const row = t + <usize>p * ld;
    const t1 = tau * load<f64>(v + (<usize>p << 3));
    const yp = load<f64>(y + (<usize>p << 3)) + t1 * load<f64>(row + (<usize>p << 3));
    const t1v = f64x2.splat(t1);
    let acc0 = f64x2.splat(0);
    let acc1 = acc0;
    let q = p + 1;
    for (; q + 3 < m; q += 4) {
      const o = <usize>q << 3;
      const a0 = v128.load(row + o, 0, 8);
      const a1 = v128.load(row + o, 16, 8);
      v128.store(y + o, madd(t1v, a0, v128.load(y + o, 0, 8)), 0, 8);
      v128.store(y + o, madd(t1v, a1, v128.load(y + o, 16, 8)), 16, 8);
      acc0 = madd(a0, v128.load(v + o, 0, 8), acc0);
      acc1 = madd(a1, v128.load(v + o, 16, 8), acc1);
    }
    acc0 = f64x2.add(acc0, acc1);
    let s = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1);
    for (; q < m; q++) {
      const o = <usize>q << 3;
      const aq = load<f64>(row + o);
      store<f64>(y + o, load<f64>(y + o) + t1 * aq);
      s += aq * load<f64>(v + o);
    }
    store<f64>(y + (<usize>p << 3), yp + tau * s);
  }
}

/** T ← T − v·yᵀ − y·vᵀ on the upper triangle (row-major, stride `ld` bytes) of the m × m T. */
function syr2(m: i32, t: usize, ld: usize, v: usize, y: usize): void {
  for (let p = 0; p < m; p++) {
    const row = t + <usize>p * ld;
    const vp = load<f64>(v + (<usize>p << 3));
    const yp = load<f64>(y + (<usize>p << 3));
    const vv = f64x2.splat(vp);
    const yv = f64x2.splat(yp);
    let q = p;
    for (; q + 3 < m; q += 4) {
      const o = <usize>q << 3;
      const r0 = madd(yv, v128.load(v + o, 0, 8), f64x2.mul(vv, v128.load(y + o, 0, 8)));
      const r1 = madd(yv, v128.load(v + o, 16, 8), f64x2.mul(vv, v128.load(y + o, 16, 8)));
      v128.store(row + o, f64x2.sub(v128.load(row + o, 0, 8), r0), 0, 8);
      v128.store(row + o, f64x2.sub(v128.load(row + o, 16, 8), r1), 16, 8);
    }
    for (; q < m; q++) {
      const o = <usize>q << 3;
      store<f64>(row + o, load<f64>(row + o) - (vp * load<f64>(y + o) + yp * load<f64>(v + o)));
    }
  }
}

/**
 * Step k's rank-2 update fused with step k+1's symv, over rows 1…m−1 of step k's m × m trailing
 * block at `t` (row 0 is already updated and gave reflector k+1, `v2` with v2[0] = 1). Each row is
 * updated and immediately multiplied by v2 while in registers, so the trailing triangle (which
 * outgrows L2 at n ≈ 350) is streamed once per step instead of twice. y2 ← tau2 · T' · v2.
 * v2 / y2 are indexed from column k+2, i.e. one behind v / y.
 */
function syr2Symv(m: i32, t: usize, ld: usize, v: usize, y: usize, v2: usize, y2: usize, tau2: f64): void {
  memory.fill(y2, 0, <usize>(m - 1) << 3);
  const v2s = v2 - 8; // v2s + 8q = v2[q − 1]: same column as v[q]
  const y2s = y2 - 8;
  for (let p = 1; p < m; p++) {
    const row = t + <usize>p * ld;
    const po = <usize>p << 3;
    const vp = load<f64>(v + po);
    const yp = load<f64>(y + po);
    const app = load<f64>(row + po) - (vp * yp + yp * vp);
    store<f64>(row + po, app);
    const t1 = tau2 * load<f64>(v2s + po);
    const ydiag = load<f64>(y2s + po) + t1 * app;
    const vv = f64x2.splat(vp);
    const yv = f64x2.splat(yp);
    const t1v = f64x2.splat(t1);
    let acc0 = f64x2.splat(0);
    let acc1 = acc0;
    let q = p + 1;
    for (; q + 3 < m; q += 4) {
      const o = <usize>q << 3;
      const n0 = f64x2.sub(
        v128.load(row + o, 0, 8),
        madd(yv, v128.load(v + o, 0, 8), f64x2.mul(vv, v128.load(y + o, 0, 8))),
      );
      const n1 = f64x2.sub(
        v128.load(row + o, 16, 8),
        madd(yv, v128.load(v + o, 16, 8), f64x2.mul(vv, v128.load(y + o, 16, 8))),
      );
      v128.store(row + o, n0, 0, 8);
      v128.store(row + o, n1, 16, 8);
      v128.store(y2s + o, madd(t1v, n0, v128.load(y2s + o, 0, 8)), 0, 8);
      v128.store(y2s + o, madd(t1v, n1, v128.load(y2s + o, 16, 8)), 16, 8);
      acc0 = madd(n0, v128.load(v2s + o, 0, 8), acc0);
      acc1 = madd(n1, v128.load(v2s + o, 16, 8), acc1);
    }
    acc0 = f64x2.add(acc0, acc1);
    let s = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1);
    for (; q < m; q++) {
      const o = <usize>q << 3;
      const an = load<f64>(row + o) - (vp * load<f64>(y + o) + yp * load<f64>(v + o));
      store<f64>(row + o, an);
      store<f64>(y2s + o, load<f64>(y2s + o) + t1 * an);
      s += an * load<f64>(v2s + o);
    }
    store<f64>(y2s + po, ydiag + tau2 * s);
  }
}

/**
 * dsytd2('L') on the column-major view (= upper triangle of row-major `a`): A = Q·T·Qᵀ with
 * Q = H₀H₁…H_{n−2}. Diagonal → d, off-diagonal → e, tau_k → tau, reflector k's v (v[k+1] = 1
 * implicit) in row k, columns k+2.. of `a`. `y`, `y2`: n scratch values each. Same arithmetic
 * as dsytd2, reordered: step k's syr2 on row k+1 first, then reflector k+1, then the rest of
 * step k's syr2 fused with step k+1's symv.
 */
export function tridiagonalize(n: i32, a: usize, d: usize, e: usize, tau: usize, y: usize, y2: usize): void {
  const ld = <usize>n << 3;
  // Reflector 0 and its (unfused) symv.
  let tk = larfg(n - 1, load<f64>(a + 8), a + 16);
  let beta = gBeta;
  if (tk != 0) {
    store<f64>(a + 8, 1);
    symv(n - 1, tk, a + 8 + ld, ld, a + 8, y);
  }
  for (let k = 0; k < n - 1; k++) {
    const m = n - k - 1; // v spans indices k+1..n−1
    const rowk = a + <usize>k * ld;
    const vp = rowk + (<usize>(k + 1) << 3); // v: the contiguous row segment a[k][k+1..n−1]
    const t = vp + ld; // a[k+1][k+1]: the trailing m × m block
    if (tk != 0) {
      // w = y − ½·tau·(yᵀv)·v, so that the update is T ← T − v·wᵀ − w·vᵀ
      let dot: f64 = 0;
      for (let q = 0; q < m; q++) dot += load<f64>(y + (<usize>q << 3)) * load<f64>(vp + (<usize>q << 3));
      const alpha = -0.5 * tk * dot;
      for (let q = 0; q < m; q++) {
        const o = <usize>q << 3;
        store<f64>(y + o, load<f64>(y + o) + alpha * load<f64>(vp + o));
      }
      // Row 0 of the block first: reflector k+1 is made from it.
      const v0 = load<f64>(vp);
      const y0 = load<f64>(y);
      for (let q = 0; q < m; q++) {
        const o = <usize>q << 3;
        store<f64>(t + o, load<f64>(t + o) - (v0 * load<f64>(y + o) + y0 * load<f64>(vp + o)));
      }
    }
    // Reflector k+1 from the (now final) row k+1.
    let tn: f64 = 0;
    let betan: f64 = 0;
    const vpn = t + 8; // a[k+1][k+2]
    if (k + 1 < n - 1) {
      tn = larfg(m - 1, load<f64>(vpn), vpn + 8);
      betan = gBeta;
      if (tn != 0) store<f64>(vpn, 1);
    }
    if (tk != 0 && tn != 0) syr2Symv(m, t, ld, vp, y, vpn, y2, tn);
    else if (tk != 0) syr2(m - 1, t + ld + 8, ld, vp + 8, y + 8);
    else if (tn != 0) symv(m - 1, tn, t + ld + 8, ld, vpn, y2);
    store<f64>(vp, beta);
    store<f64>(e + (<usize>k << 3), beta);
    store<f64>(d + (<usize>k << 3), load<f64>(rowk + (<usize>k << 3)));
    store<f64>(tau + (<usize>k << 3), tk);
    const ty = y;
    y = y2;
    y2 = ty;
    tk = tn;
    beta = betan;
  }
  const last = <usize>(n - 1);
  store<f64>(d + (last << 3), load<f64>(a + last * ld + (last << 3)));
}
