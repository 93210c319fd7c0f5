/**
 * dsteqr: implicit QL/QR with Wilkinson shifts on the symmetric tridiagonal, splitting it into
 * unreduced blocks. Also the values-only path (no rotations recorded): there is no separate dsterf.
 */

import { gCs1, gRt1, gRt2, gSn1, laev2 } from './eig2x2';
import { gC, gR, gS, lartg } from './lartg';
import { EPS, EPS2, SAFMIN } from './machine';
import { beginSweep } from './rotations';
import { lapy2 } from './scalar';

const SSFMAX: f64 = 2.2346346549904327e153; // dsteqr: sqrt(SAFMAX) / 3
const SSFMIN: f64 = 1.210184973390412e-122; // dsteqr: sqrt(SAFMIN) / EPS2 = 2^-405

const MAXIT = 30; // LAPACK's cap: 30·n QL/QR iterations in total

// The sweeps' outputs (p, g), as in dsteqr's inner loops.
let gP: f64 = 0;
let gG: f64 = 0;

/**
 * One implicit sweep with the shift already folded into `g`: QL (`backward`, dsteqr's inner loop
 * i = m−1 … l, records (c, −s)) or QR (i = m … l−1, records (c, s)); rotations go to `rp` unless
 * it is 0; (p, g) come back in gP, gG. Out of line (called once per iteration from two sites, so
 * Binaryen keeps it) so that V8 tiers it up early in the first call instead of running the whole
 * of steqr in its baseline tier.
 */
function sweep(d: usize, e: usize, l: i32, m: i32, g: f64, rp: usize, backward: bool): void {
  let s: f64 = 1;
  let c: f64 = 1;
  let p: f64 = 0;
  if (backward) {
    for (let i = m - 1; i >= l; i--) {
      const ei = load<f64>(e + (<usize>i << 3));
      const f = s * ei;
      const b = c * ei;
      lartg(g, f);
      c = gC;
      s = gS;
      if (i != m - 1) store<f64>(e + (<usize>(i + 1) << 3), gR);
      g = load<f64>(d + (<usize>(i + 1) << 3)) - p;
      const r = (load<f64>(d + (<usize>i << 3)) - g) * s + 2 * c * b;
      p = s * r;
      store<f64>(d + (<usize>(i + 1) << 3), g + p);
      g = c * r - b;
      if (rp) {
        store<f64>(rp, c);
        store<f64>(rp, -s, 8);
        rp += 16;
      }
    }
  } else {
    for (let i = m; i < l; i++) {
      const ei = load<f64>(e + (<usize>i << 3));
      const f = s * ei;
      const b = c * ei;
      lartg(g, f);
      c = gC;
      s = gS;
      if (i != m) store<f64>(e + (<usize>(i - 1) << 3), gR);
      g = load<f64>(d + (<usize>i << 3)) - p;
      const r = (load<f64>(d + (<usize>(i + 1) << 3)) - g) * s + 2 * c * b;
      p = s * r;
      store<f64>(d + (<usize>i << 3), g + p);
      g = c * r - b;
      if (rp) {
        store<f64>(rp, c);
        store<f64>(rp, s, 8);
        rp += 16;
      }
    }
  }
  gP = p;
  gG = g;
}

/**
 * dsteqr on the tridiagonal (d: n diagonal, e: n − 1 off-diagonal), rotations recorded when
 * `vec`. Returns 0, or i + 1 where e[i] is the first off-diagonal that failed to vanish within
 * 30·n iterations.
 */
export function steqr(n: i32, d: usize, e: usize, vec: bool): i32 {
  const nmaxit = MAXIT * n;
  let jtot = 0;
  let l1 = 0;
  while (true) {
    if (l1 > n - 1) break;
    if (l1 > 0) store<f64>(e + (<usize>(l1 - 1) << 3), 0);
    // Split off the next unreduced block l1..m.
    let m = n - 1;
    for (let mm = l1; mm < n - 1; mm++) {
      const tst = abs<f64>(load<f64>(e + (<usize>mm << 3)));
      if (tst == 0) {
        m = mm;
        break;
      }
      const dm = abs<f64>(load<f64>(d + (<usize>mm << 3)));
      const dm1 = abs<f64>(load<f64>(d + (<usize>(mm + 1) << 3)));
      if (tst <= sqrt<f64>(dm) * sqrt<f64>(dm1) * EPS) {
        store<f64>(e + (<usize>mm << 3), 0);
        m = mm;
        break;
      }
    }
    let l = l1;
    const lsv = l;
    let lend = m;
    const lendsv = lend;
    l1 = m + 1;
    if (lend == l) continue;

    // Scale the block into [SSFMIN, SSFMAX] so the shifts cannot over/underflow.
    let anorm: f64 = 0;
    for (let i = l; i <= lend; i++) anorm = max<f64>(anorm, abs<f64>(load<f64>(d + (<usize>i << 3))));
    for (let i = l; i < lend; i++) anorm = max<f64>(anorm, abs<f64>(load<f64>(e + (<usize>i << 3))));
    if (anorm == 0) continue;
    let scale: f64 = 1;
    if (anorm > SSFMAX) scale = SSFMAX / anorm;
    else if (anorm < SSFMIN) scale = SSFMIN / anorm;
    if (scale != 1) {
      for (let i = l; i <= lend; i++) store<f64>(d + (<usize>i << 3), load<f64>(d + (<usize>i << 3)) * scale);
      for (let i = l; i < lend; i++) store<f64>(e + (<usize>i << 3), load<f64>(e + (<usize>i << 3)) * scale);
    }

    // QL if the bottom end is larger, else QR: chase from the big end (graded matrices).
    if (abs<f64>(load<f64>(d + (<usize>lend << 3))) < abs<f64>(load<f64>(d + (<usize>l << 3)))) {
      lend = lsv;
      l = lendsv;
    }

    if (lend > l) {
      // ---- QL iteration
      while (true) {
        let m = lend;
        for (let mm = l; mm < lend; mm++) {
          const em = load<f64>(e + (<usize>mm << 3));
          const tst = em * em;
          const dm = abs<f64>(load<f64>(d + (<usize>mm << 3)));
          const dm1 = abs<f64>(load<f64>(d + (<usize>(mm + 1) << 3)));
          if (tst <= EPS2 * dm * dm1 + SAFMIN) {
            m = mm;
            break;
          }
        }
        if (m < lend) store<f64>(e + (<usize>m << 3), 0);
        let p = load<f64>(d + (<usize>l << 3));
        if (m == l) {
          // Eigenvalue found.
          l++;
          if (l <= lend) continue;
          break;
        }
        if (m == l + 1) {
          // 2 × 2 block: solve directly.
          laev2(p, load<f64>(e + (<usize>l << 3)), load<f64>(d + (<usize>(l + 1) << 3)), vec);
          if (vec) {
            const rp = beginSweep(l, 1, 1);
            store<f64>(rp, gCs1);
            store<f64>(rp, gSn1, 8);
          }
          store<f64>(d + (<usize>l << 3), gRt1);
          store<f64>(d + (<usize>(l + 1) << 3), gRt2);
          store<f64>(e + (<usize>l << 3), 0);
          l += 2;
          if (l <= lend) continue;
          break;
        }
        if (jtot == nmaxit) break;
        jtot++;
        // Wilkinson shift.
        const el = load<f64>(e + (<usize>l << 3));
        let g = (load<f64>(d + (<usize>(l + 1) << 3)) - p) / (2 * el);
        let r = lapy2(g, 1);
        g = load<f64>(d + (<usize>m << 3)) - p + el / (g + copysign<f64>(r, g));
        // Rotations i = m−1 … l are recorded in that order (replayed backward).
        sweep(d, e, l, m, g, vec ? beginSweep(l, m - l, 1) : 0, true);
        store<f64>(d + (<usize>l << 3), load<f64>(d + (<usize>l << 3)) - gP);
        store<f64>(e + (<usize>l << 3), gG);
      }
    } else {
      // ---- QR iteration
      while (true) {
        let m = lend;
        for (let mm = l; mm > lend; mm--) {
          const em = load<f64>(e + (<usize>(mm - 1) << 3));
          const tst = em * em;
          const dm = abs<f64>(load<f64>(d + (<usize>mm << 3)));
          const dm1 = abs<f64>(load<f64>(d + (<usize>(mm - 1) << 3)));
          if (tst <= EPS2 * dm * dm1 + SAFMIN) {
            m = mm;
            break;
          }
        }
        if (m > lend) store<f64>(e + (<usize>(m - 1) << 3), 0);
        let p = load<f64>(d + (<usize>l << 3));
        if (m == l) {
          l--;
          if (l >= lend) continue;
          break;
        }
        if (m == l - 1) {
          laev2(load<f64>(d + (<usize>(l - 1) << 3)), load<f64>(e + (<usize>(l - 1) << 3)), p, vec);
          if (vec) {
            const rp = beginSweep(m, 1, 0);
            store<f64>(rp, gCs1);
            store<f64>(rp, gSn1, 8);
          }
          store<f64>(d + (<usize>(l - 1) << 3), gRt1);
          store<f64>(d + (<usize>l << 3), gRt2);
          store<f64>(e + (<usize>(l - 1) << 3), 0);
          l -= 2;
          if (l >= lend) continue;
          break;
        }
        if (jtot == nmaxit) break;
        jtot++;
        const el = load<f64>(e + (<usize>(l - 1) << 3));
        let g = (load<f64>(d + (<usize>(l - 1) << 3)) - p) / (2 * el);
        let r = lapy2(g, 1);
        g = load<f64>(d + (<usize>m << 3)) - p + el / (g + copysign<f64>(r, g));
        // Rotations i = m … l−1, recorded and replayed forward.
        sweep(d, e, l, m, g, vec ? beginSweep(m, l - m, 0) : 0, false);
        store<f64>(d + (<usize>l << 3), load<f64>(d + (<usize>l << 3)) - gP);
        store<f64>(e + (<usize>(l - 1) << 3), gG);
      }
    }

    // Undo the block's scaling.
    if (scale != 1) {
      const inv = 1 / scale;
      for (let i = lsv; i <= lendsv; i++) store<f64>(d + (<usize>i << 3), load<f64>(d + (<usize>i << 3)) * inv);
      for (let i = lsv; i < lendsv; i++) store<f64>(e + (<usize>i << 3), load<f64>(e + (<usize>i << 3)) * inv);
    }
    if (jtot >= nmaxit) {
      for (let i = 0; i < n - 1; i++) if (load<f64>(e + (<usize>i << 3)) != 0) return i + 1;
      // Everything converged on the last allowed iteration: carry on (remaining blocks are 1 × 1).
    }
  }
  return 0;
}
