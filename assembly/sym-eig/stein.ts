/**
 * Inverse iteration for tridiagonal eigenvectors (LAPACK dstein with dlagtf / dlagts), as
 * native/src/lapack/stein.cc: T − λI is factored by Gaussian elimination with partial pivoting
 * (U with two superdiagonals), tiny pivots are perturbed to ε‖T‖₁, and a seeded random start is
 * iterated until its largest entry, after dstein's scaling of the right-hand side, passes
 * sqrt(0.1 / n), then twice more. Eigenvalues within 1e-3‖T‖₁ form a cluster whose vectors are
 * orthogonalised against each other every iteration, and equal eigenvalues are pulled 10ε|λ|
 * apart first, so repeated eigenvalues get independent vectors.
 */

import { axpy, dot } from '../lapack/blas1';

const EPS: f64 = 1.1102230246251565e-16;
const MAX_ITS = 5;
const EXTRA = 2;

/** f64 slots `stein` needs as scratch for order n. */
export function steinWorkSize(n: i32): i32 {
  return 6 * n;
}

/** T − λI = P·L·U into u0 (diagonal), u1, u2 (superdiagonals), l (multipliers), piv (0/1 per step). */
function factor(n: i32, d: usize, e: usize, lambda: f64, u0: usize, u1: usize, u2: usize, l: usize, piv: usize): void {
  let a = load<f64>(d) - lambda;
  let b = n > 1 ? load<f64>(e) : 0;
  for (let k = 0; k + 1 < n; k++) {
    const o = <usize>k << 3;
    const c = load<f64>(e + o);
    const an = load<f64>(d + o + 8) - lambda;
    const bn = k + 2 < n ? load<f64>(e + o + 8) : 0;
    if (abs<f64>(a) >= abs<f64>(c)) {
      const m = a != 0 ? c / a : 0;
      store<f64>(u0 + o, a);
      store<f64>(u1 + o, b);
      store<f64>(u2 + o, 0);
      store<f64>(l + o, m);
      store<f64>(piv + o, 0);
      a = an - m * b;
      b = bn;
    } else {
      const m = a / c;
      store<f64>(u0 + o, c);
      store<f64>(u1 + o, an);
      store<f64>(u2 + o, bn);
      store<f64>(l + o, m);
      store<f64>(piv + o, 1);
      a = b - m * an;
      b = -m * bn;
    }
  }
  store<f64>(u0 + (<usize>(n - 1) << 3), a);
}

// @ts-ignore: decorator
@inline function pivot(u0: usize, k: i32, tol: f64): f64 {
  const p = load<f64>(u0 + (<usize>k << 3));
  return abs<f64>(p) < tol ? copysign<f64>(tol, p) : p;
}

/** x ← (T − λI)⁻¹·x from `factor`, pivots below tol perturbed to ±tol (dlagts job −1). */
function solve(n: i32, x: usize, tol: f64, u0: usize, u1: usize, u2: usize, l: usize, piv: usize): void {
  for (let k = 0; k + 1 < n; k++) {
    const o = <usize>k << 3;
    if (load<f64>(piv + o) != 0) {
      const t = load<f64>(x + o);
      store<f64>(x + o, load<f64>(x + o + 8));
      store<f64>(x + o + 8, t);
    }
    store<f64>(x + o + 8, load<f64>(x + o + 8) - load<f64>(l + o) * load<f64>(x + o));
  }
  const last = <usize>(n - 1) << 3;
  store<f64>(x + last, load<f64>(x + last) / pivot(u0, n - 1, tol));
  if (n > 1) {
    const o = last - 8;
    store<f64>(x + o, (load<f64>(x + o) - load<f64>(u1 + o) * load<f64>(x + last)) / pivot(u0, n - 2, tol));
  }
  for (let k = n - 3; k >= 0; k--) {
    const o = <usize>k << 3;
    const v = load<f64>(x + o) - load<f64>(u1 + o) * load<f64>(x + o + 8) - load<f64>(u2 + o) * load<f64>(x + o + 16);
    store<f64>(x + o, v / pivot(u0, k, tol));
  }
}

/**
 * Eigenvectors of the tridiagonal (d, e) for the k ascending eigenvalues at w, as ROWS of zt
 * (row stride n). Returns how many did not converge (dstein's info). work: steinWorkSize(n).
 */
export function stein(n: i32, d: usize, e: usize, k: i32, w: usize, zt: usize, work: usize): i32 {
  if (n <= 0 || k <= 0) return 0;
  const ld = <usize>n << 3;
  if (n == 1) {
    for (let j = 0; j < k; j++) store<f64>(zt + <usize>j * ld, 1);
    return 0;
  }
  let onenrm: f64 = 0;
  for (let i = 0; i < n; i++) {
    const r = abs<f64>(load<f64>(d + (<usize>i << 3))) + (i > 0 ? abs<f64>(load<f64>(e + (<usize>(i - 1) << 3))) : 0) +
      (i + 1 < n ? abs<f64>(load<f64>(e + (<usize>i << 3))) : 0);
    onenrm = max<f64>(onenrm, r);
  }
  if (onenrm == 0) onenrm = 1; // T = 0: any orthonormal basis
  const ortol = 1e-3 * onenrm;
  const dtpcrt = sqrt<f64>(0.1 / <f64>n);
  const tol = EPS * onenrm;
  const u0 = work;
  const u1 = u0 + ld;
  const u2 = u1 + ld;
  const l = u2 + ld;
  const piv = l + ld;
  const x = piv + ld;
  let failed = 0;
  let xjm: f64 = 0;
  let gpind = 0;
  let seed: u64 = 0x9e3779b97f4a7c15;
  for (let j = 0; j < k; j++) {
    let xj = load<f64>(w + (<usize>j << 3));
    if (j > 0) {
      const pertol = 10 * abs<f64>(EPS * xj);
      if (xj - xjm < pertol) xj = xjm + pertol;
      if (xj - xjm > ortol) gpind = j;
    }
    factor(n, d, e, xj, u0, u1, u2, l, piv);
    for (let i = 0; i < n; i++) {
      // splitmix64: a reproducible start in [−1, 1)
      seed += 0x9e3779b97f4a7c15;
      let s = seed;
      s = (s ^ (s >> 30)) * 0xbf58476d1ce4e5b9;
      s = (s ^ (s >> 27)) * 0x94d049bb133111eb;
      s ^= s >> 31;
      store<f64>(x + (<usize>i << 3), 2 * (<f64>(s >> 11) * 1.1102230246251565e-16) - 1);
    }
    let nrmchk = 0;
    let its = 0;
    let converged = false;
    while (its < MAX_ITS + EXTRA) {
      its++;
      let asum: f64 = 0;
      for (let i = 0; i < n; i++) asum += abs<f64>(load<f64>(x + (<usize>i << 3)));
      const scl = <f64>n * onenrm * max<f64>(EPS, abs<f64>(load<f64>(u0 + (<usize>(n - 1) << 3)))) / asum;
      for (let i = 0; i < n; i++) {
        const p = x + (<usize>i << 3);
        store<f64>(p, load<f64>(p) * scl);
      }
      solve(n, x, tol, u0, u1, u2, l, piv);
      for (let i = gpind; i < j; i++) {
        const zi = zt + <usize>i * ld;
        axpy(n, -dot(n, x, zi), zi, x);
      }
      let nrm: f64 = 0;
      for (let i = 0; i < n; i++) nrm = max<f64>(nrm, abs<f64>(load<f64>(x + (<usize>i << 3))));
      if (!(nrm >= dtpcrt)) {
        if (its >= MAX_ITS) break;
        continue;
      }
      if (++nrmchk >= EXTRA + 1) {
        converged = true;
        break;
      }
    }
    if (!converged) failed++;
    const ss = dot(n, x, x);
    const inv: f64 = ss > 0 ? 1 / sqrt<f64>(ss) : 0;
    const zj = zt + <usize>j * ld;
    for (let i = 0; i < n; i++) store<f64>(zj + (<usize>i << 3), load<f64>(x + (<usize>i << 3)) * inv);
    xjm = xj;
  }
  return failed;
}
