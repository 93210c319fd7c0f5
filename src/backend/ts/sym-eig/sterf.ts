import { ev2rt1, ev2rt2, lae2 } from './eig2x2.js';
import { EPS, EPS2 } from './machine.js';
import { lapy2, signOf } from './scalar.js';
import { blockNorm, firstNonZero, MAXIT, scaleBlock, SSFMAX, SSFMIN } from './tridiagonal-block.js';

/**
 * dsterf: root-free QL/QR on (d, e²) — no square roots in the inner loop and no vectors, so
 * O(n²) in all. Same splitting, scaling, QL/QR choice and cap as `steqr`.
 */
export function sterf(n: number, d: Float64Array, e: Float64Array): number {
  const nmaxit = n * MAXIT;
  let jtot = 0;
  let l1 = 0;
  while (l1 < n) {
    if (l1 > 0) e[l1 - 1] = 0;
    let m = l1;
    for (; m < n - 1; m++) {
      if (Math.abs(e[m]) <= Math.sqrt(Math.abs(d[m])) * Math.sqrt(Math.abs(d[m + 1])) * EPS) {
        e[m] = 0;
        break;
      }
    }
    let l = l1;
    const lsv = l;
    let lend = m;
    const lendsv = lend;
    l1 = m + 1;
    if (lend === l) continue;

    const anorm = blockNorm(d, e, l, lend);
    if (anorm === 0) continue;
    const scale = anorm > SSFMAX ? SSFMAX / anorm : anorm < SSFMIN ? SSFMIN / anorm : 1;
    if (scale !== 1) scaleBlock(d, e, l, lend, scale);
    for (let i = l; i < lend; i++) e[i] *= e[i];

    if (Math.abs(d[lend]) < Math.abs(d[l])) {
      lend = lsv;
      l = lendsv;
    }
    if (lend >= l) {
      while (l <= lend) {
        for (m = l; m < lend; m++) if (Math.abs(e[m]) <= EPS2 * Math.abs(d[m] * d[m + 1])) break;
        if (m < lend) e[m] = 0;
        let p = d[l];
        if (m === l) {
          l++;
          continue;
        }
        if (m === l + 1) {
          lae2(d[l], Math.sqrt(e[l]), d[l + 1]);
          d[l] = ev2rt1;
          d[l + 1] = ev2rt2;
          e[l] = 0;
          l += 2;
          continue;
        }
        if (jtot === nmaxit) return firstNonZero(e, n);
        jtot++;
        const rte = Math.sqrt(e[l]);
        let sig = (d[l + 1] - p) / (2 * rte);
        const r0 = lapy2(sig, 1);
        sig = p - rte / (sig + signOf(r0, sig));
        let c = 1;
        let s = 0;
        let gamma = d[m] - sig;
        p = gamma * gamma;
        for (let i = m - 1; i >= l; i--) {
          const bb = e[i];
          const r = p + bb;
          if (i !== m - 1) e[i + 1] = s * r;
          const oldc = c;
          c = p / r;
          s = bb / r;
          const oldgam = gamma;
          const alpha = d[i];
          gamma = c * (alpha - sig) - s * oldgam;
          d[i + 1] = oldgam + (alpha - gamma);
          p = c !== 0 ? (gamma * gamma) / c : oldc * bb;
        }
        e[l] = s * p;
        d[l] = sig + gamma;
      }
    } else {
      while (l >= lend) {
        for (m = l; m > lend; m--) if (Math.abs(e[m - 1]) <= EPS2 * Math.abs(d[m] * d[m - 1])) break;
        if (m > lend) e[m - 1] = 0;
        let p = d[l];
        if (m === l) {
          l--;
          continue;
        }
        if (m === l - 1) {
          lae2(d[l], Math.sqrt(e[l - 1]), d[l - 1]);
          d[l] = ev2rt1;
          d[l - 1] = ev2rt2;
          e[l - 1] = 0;
          l -= 2;
          continue;
        }
        if (jtot === nmaxit) return firstNonZero(e, n);
        jtot++;
        const rte = Math.sqrt(e[l - 1]);
        let sig = (d[l - 1] - p) / (2 * rte);
        const r0 = lapy2(sig, 1);
        sig = p - rte / (sig + signOf(r0, sig));
        let c = 1;
        let s = 0;
        let gamma = d[m] - sig;
        p = gamma * gamma;
        for (let i = m; i < l; i++) {
          const bb = e[i];
          const r = p + bb;
          if (i !== m) e[i - 1] = s * r;
          const oldc = c;
          c = p / r;
          s = bb / r;
          const oldgam = gamma;
          const alpha = d[i + 1];
          gamma = c * (alpha - sig) - s * oldgam;
          d[i] = oldgam + (alpha - gamma);
          p = c !== 0 ? (gamma * gamma) / c : oldc * bb;
        }
        e[l - 1] = s * p;
        d[l] = sig + gamma;
      }
    }
    // Only d is unscaled: e is squared and, on success, zero.
    if (scale !== 1) for (let i = lsv; i <= lendsv; i++) d[i] /= scale;
  }
  return 0;
}
