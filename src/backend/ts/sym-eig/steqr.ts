import { ev2c, ev2rt1, ev2rt2, ev2s, laev2 } from './eig2x2.js';
import { lartg, rgC, rgR, rgS } from './lartg.js';
import { EPS, EPS2, SAFMIN } from './machine.js';
import { rotateRows, sweepBackward, sweepForward } from './rotations.js';
import { lapy2, signOf } from './scalar.js';
import { csBuf, snBuf } from './scratch.js';
import { blockNorm, firstNonZero, MAXIT, scaleBlock, SSFMAX, SSFMIN } from './tridiagonal-block.js';

/**
 * dsteqr (COMPZ = 'V') on the tridiagonal (d, e), rotations applied to the rows of zt (= Zᵀ).
 * Splits into unreduced blocks at negligible e[m] (|e[m]| ≤ √|d[m]|·√|d[m+1]|·ε, the
 * relative test that keeps tiny eigenvalues of graded matrices), then runs QL when the
 * block's bottom end is larger, QR otherwise, so eigenvalues emerge from the large end.
 * Returns 0 or (first non-negligible i) + 1 after 30·n iterations in total.
 */
export function steqr(n: number, d: Float64Array, e: Float64Array, zt: Float64Array): number {
  const cs = csBuf;
  const sn = snBuf;
  const nmaxit = n * MAXIT;
  let jtot = 0;
  let l1 = 0;
  while (l1 < n) {
    if (l1 > 0) e[l1 - 1] = 0;
    let m = l1;
    for (; m < n - 1; m++) {
      const tst = Math.abs(e[m]);
      if (tst === 0) break;
      if (tst <= Math.sqrt(Math.abs(d[m])) * Math.sqrt(Math.abs(d[m + 1])) * EPS) {
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

    // Scale the block so the shift's squares neither overflow nor underflow.
    const anorm = blockNorm(d, e, l, lend);
    if (anorm === 0) continue;
    const scale = anorm > SSFMAX ? SSFMAX / anorm : anorm < SSFMIN ? SSFMIN / anorm : 1;
    if (scale !== 1) scaleBlock(d, e, l, lend, scale);

    if (Math.abs(d[lend]) < Math.abs(d[l])) {
      lend = lsv;
      l = lendsv;
    }
    if (lend > l) {
      // QL: deflate at the top (l), chase the bulge upwards from m.
      while (l <= lend) {
        for (m = l; m < lend; m++) {
          const tst = e[m] * e[m];
          if (tst <= EPS2 * Math.abs(d[m]) * Math.abs(d[m + 1]) + SAFMIN) break;
        }
        if (m < lend) e[m] = 0;
        let p = d[l];
        if (m === l) {
          l++; // d[l] converged
          continue;
        }
        if (m === l + 1) {
          laev2(d[l], e[l], d[l + 1]);
          rotateRows(n, zt, l, ev2c, ev2s);
          d[l] = ev2rt1;
          d[l + 1] = ev2rt2;
          e[l] = 0;
          l += 2;
          continue;
        }
        if (jtot === nmaxit) return firstNonZero(e, n);
        jtot++;
        // Wilkinson shift: the eigenvalue of the leading 2×2 closer to d[l].
        let g = (d[l + 1] - p) / (2 * e[l]);
        let r = lapy2(g, 1);
        g = d[m] - p + e[l] / (g + signOf(r, g));
        let s = 1;
        let c = 1;
        p = 0;
        for (let i = m - 1; i >= l; i--) {
          const f = s * e[i];
          const b = c * e[i];
          lartg(g, f);
          c = rgC;
          s = rgS;
          r = rgR;
          if (i !== m - 1) e[i + 1] = r;
          g = d[i + 1] - p;
          r = (d[i] - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
          cs[i] = c;
          sn[i] = -s;
        }
        sweepBackward(n, zt, l, m, cs, sn);
        d[l] -= p;
        e[l] = g;
      }
    } else {
      // QR: deflate at the bottom (l), chase the bulge downwards from m.
      while (l >= lend) {
        for (m = l; m > lend; m--) {
          const tst = e[m - 1] * e[m - 1];
          if (tst <= EPS2 * Math.abs(d[m]) * Math.abs(d[m - 1]) + SAFMIN) break;
        }
        if (m > lend) e[m - 1] = 0;
        let p = d[l];
        if (m === l) {
          l--;
          continue;
        }
        if (m === l - 1) {
          laev2(d[l - 1], e[l - 1], d[l]);
          rotateRows(n, zt, l - 1, ev2c, ev2s);
          d[l - 1] = ev2rt1;
          d[l] = ev2rt2;
          e[l - 1] = 0;
          l -= 2;
          continue;
        }
        if (jtot === nmaxit) return firstNonZero(e, n);
        jtot++;
        let g = (d[l - 1] - p) / (2 * e[l - 1]);
        let r = lapy2(g, 1);
        g = d[m] - p + e[l - 1] / (g + signOf(r, g));
        let s = 1;
        let c = 1;
        p = 0;
        for (let i = m; i < l; i++) {
          const f = s * e[i];
          const b = c * e[i];
          lartg(g, f);
          c = rgC;
          s = rgS;
          r = rgR;
          if (i !== m) e[i - 1] = r;
          g = d[i] - p;
          r = (d[i + 1] - g) * s + 2 * c * b;
          p = s * r;
          d[i] = g + p;
          g = c * r - b;
          cs[i] = c;
          sn[i] = s;
        }
        sweepForward(n, zt, m, l, cs, sn);
        d[l] -= p;
        e[l - 1] = g;
      }
    }
    if (scale !== 1) scaleBlock(d, e, lsv, lendsv, 1 / scale);
  }
  return 0;
}
