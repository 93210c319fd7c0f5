/**
 * Divide and conquer for the symmetric tridiagonal eigenproblem (LAPACK dstedc / dlaed0–3,
 * Cuppen; Gu & Eisenstat 1995), eigenvectors of T only: a translation of
 * native/src/lapack/stedc.cc, whose comment explains the merge (tearing at the middle,
 * deflation, secular roots by laed4.ts, Löwner's z, the products on gemm by column type).
 * Column-major (eigenvector j of T in column j of q). As bdsdc.ts, the recursion goes down to
 * 1-row leaves instead of native's 25-row QL leaves.
 *
 * Scratch: every function takes `work` and carves from it; one region of stedcWorkSize(n)
 * serves the whole tree (children finish before their merge takes its buffers).
 */

import { hypot, rot } from './bdsdc';
import { gemmCol } from './gebrd';
import { laed4 } from './laed4';

const EPS: f64 = 1.1102230246251565e-16; // DBL_EPSILON / 2

// @ts-ignore: decorator
@inline function ld(p: usize, j: i32): f64 {
  return load<f64>(p + (<usize>j << 3));
}
// @ts-ignore: decorator
@inline function st(p: usize, j: i32, x: f64): void {
  store<f64>(p + (<usize>j << 3), x);
}
// @ts-ignore: decorator
@inline function ldi(p: usize, j: i32): i32 {
  return load<i32>(p + (<usize>j << 2));
}
// @ts-ignore: decorator
@inline function sti(p: usize, j: i32, x: i32): void {
  store<i32>(p + (<usize>j << 2), x);
}
// @ts-ignore: decorator
@inline function col(a: usize, lda: i32, j: i32): usize {
  return a + ((<usize>j * <usize>lda) << 3);
}
// @ts-ignore: decorator
@inline function f64s(count: i32): usize {
  return ((<usize>count * 8 + 15) & ~(<usize>15));
}
// @ts-ignore: decorator
@inline function i32s(count: i32): usize {
  return ((<usize>count * 4 + 15) & ~(<usize>15));
}

/**
 * q(:, p) ← src[order[p]] (n rows each) and d[p] ← val[order[p]] with `order` sorting val
 * ascending (stable); src (i32 pointers) must not alias q. Uses n i32 slots of work.
 */
function placeSorted(n: i32, count: i32, val: usize, src: usize, d: usize, q: usize, ldq: i32, work: usize): void {
  const order = work;
  for (let i = 0; i < count; i++) {
    const vi = ld(val, i);
    let j = i - 1;
    while (j >= 0 && ld(val, ldi(order, j)) > vi) {
      sti(order, j + 1, ldi(order, j));
      j--;
    }
    sti(order, j + 1, i);
  }
  for (let p = 0; p < count; p++) {
    const o = ldi(order, p);
    st(d, p, ld(val, o));
    memory.copy(col(q, ldq, p), <usize>ldi(src, o), <usize>n << 3);
  }
}

/** Merges two solved halves (d[0..n1), d[n1..n) ascending; q block diagonal) coupled by beta. */
function merge(n: i32, n1: i32, d: usize, q: usize, ldq: i32, beta: f64, work: usize): i32 {
  const n2 = n - n1;
  let wp = work;
  const z = wp; wp += f64s(n);
  const idx = wp; wp += i32s(n);
  const type = wp; wp += i32s(n);
  const keep = wp; wp += i32s(n);
  const defl = wp; wp += i32s(n);
  const val = wp; wp += f64s(n);
  const src = wp; wp += i32s(n);
  const sgn: f64 = beta < 0 ? -1 : 1;
  const rs2: f64 = 1 / sqrt<f64>(2);
  for (let j = 0; j < n1; j++) st(z, j, ld(col(q, ldq, j), n1 - 1) * rs2);
  for (let j = n1; j < n; j++) st(z, j, sgn * ld(col(q, ldq, j), n1) * rs2);
  const rho = abs<f64>(2 * beta);
  {
    let a = 0;
    let b = n1;
    let p = 0;
    while (a < n1 && b < n) sti(idx, p++, ld(d, b) < ld(d, a) ? b++ : a++);
    while (a < n1) sti(idx, p++, a++);
    while (b < n) sti(idx, p++, b++);
  }
  let zmax: f64 = 0;
  let dmax: f64 = 0;
  for (let j = 0; j < n; j++) {
    zmax = max<f64>(zmax, abs<f64>(ld(z, j)));
    dmax = max<f64>(dmax, abs<f64>(ld(d, j)));
  }
  const tol = 8 * EPS * max<f64>(dmax, zmax);

  // Deflation. Column types: 0 = rows 0..n1 only, 1 = dense, 2 = rows n1..n only, 3 = deflated.
  for (let j = 0; j < n; j++) sti(type, j, j < n1 ? 0 : 2);
  let k = 0;
  let nd = 0;
  if (rho * zmax > tol) {
    let pj = n;
    for (let p = 0; p < n; p++) {
      const nj = ldi(idx, p);
      if (rho * abs<f64>(ld(z, nj)) <= tol) {
        sti(type, nj, 3);
        sti(defl, nd++, nj);
        continue;
      }
      if (pj == n) {
        pj = nj;
        continue;
      }
      let s = ld(z, pj);
      let c = ld(z, nj);
      const tau = hypot(c, s);
      const t = ld(d, nj) - ld(d, pj);
      c /= tau;
      s = -s / tau;
      if (abs<f64>(t * c * s) <= tol) {
        st(z, nj, tau);
        st(z, pj, 0);
        if (ldi(type, nj) != ldi(type, pj)) sti(type, nj, 1);
        sti(type, pj, 3);
        rot(n, col(q, ldq, pj), col(q, ldq, nj), c, s);
        const dpj = ld(d, pj);
        const dnj = ld(d, nj);
        st(d, pj, dpj * c * c + dnj * s * s);
        st(d, nj, dpj * s * s + dnj * c * c);
        sti(defl, nd++, pj);
        pj = nj;
      } else {
        sti(keep, k++, pj);
        pj = nj;
      }
    }
    if (pj != n) sti(keep, k++, pj);
  } else {
    for (let p = 0; p < n; p++) sti(defl, nd++, ldi(idx, p));
  }

  // Deflated columns and values leave unchanged.
  const Qd = wp; wp += f64s(n * nd);
  for (let t = 0; t < nd; t++) {
    const c = ldi(defl, t);
    const dst = Qd + ((<usize>t * n) << 3);
    memory.copy(dst, col(q, ldq, c), <usize>n << 3);
    st(val, k + t, ld(d, c));
    sti(src, k + t, <i32>dst);
  }
  const T = wp; wp += f64s(n * k);
  let info = 0;
  if (k > 0) {
    let ct0 = 0;
    let ct1 = 0;
    for (let s = 0; s < k; s++) {
      const ty = ldi(type, ldi(keep, s));
      if (ty == 0) ct0++;
      else if (ty == 1) ct1++;
    }
    const ct2 = k - ct0 - ct1;
    const n12 = ct0 + ct1;
    const n23 = ct1 + ct2;
    let next0 = 0;
    let next1 = ct0;
    let next2 = ct0 + ct1;
    const gpos = wp; wp += i32s(k);
    const dl = wp; wp += f64s(k);
    const zz = wp; wp += f64s(k);
    const Q2top = wp; wp += f64s(n1 * n12);
    const Q2bot = wp; wp += f64s(n2 * n23);
    for (let s = 0; s < k; s++) {
      const c = ldi(keep, s);
      st(dl, s, ld(d, c));
      st(zz, s, ld(z, c));
      const ty = ldi(type, c);
      const g = ty == 0 ? next0++ : ty == 1 ? next1++ : next2++;
      sti(gpos, s, g);
      if (g < n12) memory.copy(Q2top + ((<usize>g * n1) << 3), col(q, ldq, c), <usize>n1 << 3);
      if (g >= ct0) memory.copy(Q2bot + ((<usize>(g - ct0) * n2) << 3), col(q, ldq, c) + (<usize>n1 << 3), <usize>n2 << 3);
    }

    // Secular equation: S(:, i) = dl − λ_i.
    const S = wp; wp += f64s(k * k);
    const lam = wp; wp += f64s(k);
    for (let i = 0; i < k; i++) {
      if (!laed4(k, i, dl, zz, rho, col(S, k, i), lam + (<usize>i << 3))) info = 1;
    }

    // Secular eigenvectors, rows in group order: U(gpos[s], i).
    const U = wp; wp += f64s(k * k);
    if (k == 1) {
      store<f64>(U, 1);
    } else {
      // Gu–Eisenstat: the z for which the computed roots are exact.
      const w = wp; wp += f64s(k);
      const cv = wp; wp += f64s(k);
      for (let s = 0; s < k; s++) st(w, s, 1);
      for (let i = 0; i < k; i++) {
        const Si = col(S, k, i);
        const di = ld(dl, i);
        for (let s = 0; s < i; s++) st(w, s, ld(w, s) * ld(Si, s) / (ld(dl, s) - di));
        for (let s = i + 1; s < k; s++) st(w, s, ld(w, s) * ld(Si, s) / (ld(dl, s) - di));
        st(w, i, ld(w, i) * ld(Si, i));
      }
      for (let s = 0; s < k; s++) st(w, s, copysign<f64>(sqrt<f64>(-ld(w, s)), ld(zz, s)));
      for (let i = 0; i < k; i++) {
        const Si = col(S, k, i);
        let ss: f64 = 0;
        for (let s = 0; s < k; s++) {
          const x = ld(w, s) / ld(Si, s);
          st(cv, s, x);
          ss += x * x;
        }
        const inv = 1 / sqrt<f64>(ss);
        const Ui = col(U, k, i);
        for (let s = 0; s < k; s++) st(Ui, ldi(gpos, s), ld(cv, s) * inv);
      }
    }
    // New vectors = children's vectors × U, top and bottom rows apart.
    if (n12 > 0) gemmCol(0, 0, n1, k, n12, 1, Q2top, n1, U, k, 0, T, n);
    else for (let i = 0; i < k; i++) memory.fill(col(T, n, i), 0, <usize>n1 << 3);
    if (n23 > 0) gemmCol(0, 0, n2, k, n23, 1, Q2bot, n2, U + (<usize>ct0 << 3), k, 0, T + (<usize>n1 << 3), n);
    else for (let i = 0; i < k; i++) memory.fill(col(T, n, i) + (<usize>n1 << 3), 0, <usize>n2 << 3);
    for (let i = 0; i < k; i++) {
      st(val, i, ld(lam, i));
      sti(src, i, <i32>col(T, n, i));
    }
  }
  placeSorted(n, n, val, src, d, q, ldq, wp);
  return info;
}

function solve(n: i32, d: usize, e: usize, q: usize, ldq: i32, work: usize): i32 {
  if (n == 1) {
    store<f64>(q, 1);
    return 0;
  }
  const n1 = n / 2;
  const n2 = n - n1;
  const beta = ld(e, n1 - 1);
  st(d, n1 - 1, ld(d, n1 - 1) - abs<f64>(beta));
  st(d, n1, ld(d, n1) - abs<f64>(beta));
  const info1 = solve(n1, d, e, q, ldq, work);
  if (info1 != 0) return info1;
  const o = <usize>n1;
  const info2 = solve(n2, d + (o << 3), e + (o << 3), q + ((o + o * <usize>ldq) << 3), ldq, work);
  if (info2 != 0) return info2 + n1;
  return merge(n, n1, d, q, ldq, beta, work);
}

/** f64 slots stedc needs as `work` for order n. */
export function stedcWorkSize(n: i32): i32 {
  return 4 * (n + 2) * (n + 2) + 24 * (n + 2);
}

/**
 * Symmetric tridiagonal T (d: n diagonal, e: n − 1 off-diagonal; both destroyed): d receives
 * the eigenvalues ascending, q (n × n column-major, ldq) the eigenvectors of T. Returns 0, or
 * > 0 when a secular root failed to converge.
 */
export function stedc(n: i32, d: usize, e: usize, q: usize, ldq: i32, work: usize): i32 {
  for (let j = 0; j < n; j++) memory.fill(col(q, ldq, j), 0, <usize>n << 3);
  if (n == 0) return 0;
  // Split where the off-diagonal is negligible (as dstedc); blocks are solved independently.
  let start = 0;
  let blocks = 0;
  while (start < n) {
    let end = start;
    for (; end + 1 < n; end++) {
      const tiny = EPS * sqrt<f64>(abs<f64>(ld(d, end))) * sqrt<f64>(abs<f64>(ld(d, end + 1)));
      if (abs<f64>(ld(e, end)) <= tiny) break;
    }
    const m = end - start + 1;
    blocks++;
    const o = <usize>start;
    const dq = q + ((o + o * <usize>ldq) << 3);
    if (m == 1) {
      store<f64>(dq, 1);
    } else {
      // Scale to unit max-norm: the deflation tolerances are relative to it.
      let nrm: f64 = 0;
      for (let i = start; i <= end; i++) nrm = max<f64>(nrm, abs<f64>(ld(d, i)));
      for (let i = start; i < end; i++) nrm = max<f64>(nrm, abs<f64>(ld(e, i)));
      for (let i = start; i <= end; i++) st(d, i, ld(d, i) / nrm);
      for (let i = start; i < end; i++) st(e, i, ld(e, i) / nrm);
      const info = solve(m, d + (o << 3), e + (o << 3), dq, ldq, work);
      if (info != 0) return info + start;
      for (let i = start; i <= end; i++) st(d, i, ld(d, i) * nrm);
    }
    start = end + 1;
  }
  if (blocks > 1) {
    // Blocks are each ascending: sort the whole (columns through a copy).
    let wp = work;
    const val = wp; wp += f64s(n);
    const src = wp; wp += i32s(n);
    const Qc = wp; wp += f64s(n * n);
    for (let j = 0; j < n; j++) {
      st(val, j, ld(d, j));
      const dst = Qc + ((<usize>j * n) << 3);
      memory.copy(dst, col(q, ldq, j), <usize>n << 3);
      sti(src, j, <i32>dst);
    }
    placeSorted(n, n, val, src, d, q, ldq, wp);
  }
  return 0;
}
