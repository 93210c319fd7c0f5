/**
 * Divide and conquer for the bidiagonal SVD (LAPACK dbdsdc / dlasd0–3, Gu & Eisenstat 1995),
 * vectors of B only: a translation of native/src/lapack/bdsdc.cc, whose comment explains the
 * merge (deflation, secular roots by lasd4.ts, Löwner's weights, the vectors on gemm by column
 * type). Column-major throughout (column j of u at u + j·ldu).
 *
 * One difference: the recursion goes down to 1-row leaves (solved in closed form) instead of
 * native's 25-row leaves by bidiagonal QR, so no dbdsqr is needed here; the small merges cost
 * little beside the top levels' gemms.
 *
 * Scratch: every function takes `work` (free f64 memory) and carves from it; a node's children
 * run before its merge takes its buffers, so one region of bdsdcWorkSize(n) serves the tree.
 */

import { gemmCol } from './gebrd';
import { splitFrom } from '../gemm';
import { lasd4 } from './lasd4';

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
/** Column j of a column-major matrix. */
// @ts-ignore: decorator
@inline function col(a: usize, lda: i32, j: i32): usize {
  return a + ((<usize>j * <usize>lda) << 3);
}
/** Room for `count` f64 (16-byte steps, so v128 work stays aligned). */
// @ts-ignore: decorator
@inline function f64s(count: i32): usize {
  return ((<usize>count * 8 + 15) & ~(<usize>15));
}
// @ts-ignore: decorator
@inline function i32s(count: i32): usize {
  return ((<usize>count * 4 + 15) & ~(<usize>15));
}

function copy(count: i32, src: usize, dst: usize): void {
  memory.copy(dst, src, <usize>count << 3);
}

/** x ← c·x + s·y, y ← c·y − s·x over `len` contiguous entries (drot). */
export function rot(len: i32, x: usize, y: usize, c: f64, s: f64): void {
  const cv = f64x2.splat(c);
  const sv = f64x2.splat(s);
  let i = 0;
  for (; i + 1 < len; i += 2) {
    const o = <usize>i << 3;
    const a = v128.load(x + o, 0, 8);
    const b = v128.load(y + o, 0, 8);
    v128.store(x + o, f64x2.add(f64x2.mul(cv, a), f64x2.mul(sv, b)), 0, 8);
    v128.store(y + o, f64x2.sub(f64x2.mul(cv, b), f64x2.mul(sv, a)), 0, 8);
  }
  if (i < len) {
    const o = <usize>i << 3;
    const a = load<f64>(x + o);
    const b = load<f64>(y + o);
    store<f64>(x + o, c * a + s * b);
    store<f64>(y + o, c * b - s * a);
  }
}

export function hypot(x: f64, y: f64): f64 {
  const xa = abs<f64>(x);
  const ya = abs<f64>(y);
  const w = max<f64>(xa, ya);
  const v = min<f64>(xa, ya);
  if (v == 0) return w;
  const q = v / w;
  return w * sqrt<f64>(1 + q * q);
}

/**
 * Orders d[0..n) by val (ascending or descending, stable), with u's columns (nu rows) and v's
 * (nv rows) alike: the permutation applied in place cycle by cycle. Uses 2n + nu + nv slots.
 */
function sortColumns(ascending: bool, n: i32, val: usize, d: usize, u: usize, nu: i32, ldu: i32, v: usize, nv: i32, ldv: i32, work: usize): void {
  const order = work; // i32: position p receives column order[p]
  const done = order + i32s(n); // i32 flags
  const tu = done + i32s(n);
  const tv = tu + f64s(nu);
  // Stable insertion sort of the indices (merges hand over two nearly sorted runs).
  for (let i = 0; i < n; i++) {
    const vi = ld(val, i);
    let j = i - 1;
    while (j >= 0) {
      const vj = ld(val, ldi(order, j));
      if (ascending ? vj <= vi : vj >= vi) break;
      sti(order, j + 1, ldi(order, j));
      j--;
    }
    sti(order, j + 1, i);
  }
  for (let p = 0; p < n; p++) {
    st(d, p, ld(val, ldi(order, p)));
    sti(done, p, 0);
  }
  for (let start = 0; start < n; start++) {
    if (ldi(done, start) != 0 || ldi(order, start) == start) {
      sti(done, start, 1);
      continue;
    }
    copy(nu, col(u, ldu, start), tu);
    copy(nv, col(v, ldv, start), tv);
    let p = start;
    while (ldi(order, p) != start) {
      const q = ldi(order, p);
      copy(nu, col(u, ldu, q), col(u, ldu, p));
      copy(nv, col(v, ldv, q), col(v, ldv, p));
      sti(done, p, 1);
      p = q;
    }
    copy(nu, tu, col(u, ldu, p));
    copy(nv, tv, col(v, ldv, p));
    sti(done, p, 1);
  }
}

/**
 * A 1 × (1 + sqre) leaf [d0] or [d0 e0]: u (1 × 1), v ((1 + sqre) square), v's column 1 the
 * null vector when sqre.
 */
function leaf1(sqre: i32, d: usize, e: usize, u: usize, ldu: i32, v: usize, ldv: i32): void {
  const d0 = ld(d, 0);
  store<f64>(u, 1);
  if (sqre == 0) {
    st(d, 0, abs<f64>(d0));
    store<f64>(v, d0 < 0 ? -1 : 1);
    return;
  }
  const e0 = ld(e, 0);
  const s = hypot(d0, e0);
  st(d, 0, s);
  const v1 = col(v, ldv, 1);
  if (s == 0) {
    st(v, 0, 1);
    st(v, 1, 0);
    st(v1, 0, 0);
    st(v1, 1, 1);
    return;
  }
  st(v, 0, d0 / s);
  st(v, 1, e0 / s);
  st(v1, 0, -e0 / s);
  st(v1, 1, d0 / s);
}

/**
 * Merges two solved children (see bdsdc.cc): d[0..nl) and d[nl+1..n) ascending with their
 * vectors in the diagonal blocks of u and v; alpha, beta the coupling row. Returns 0, or 1
 * when a secular root did not converge.
 */
/** Merges of at least this many non-deflated values offer their three O(k²) passes to two threads. */
const MERGE_SPLIT_FROM = 96;

/**
 * The host's two-thread merge passes (src/backend/wasm/threads/): pass 0 secularRoots, 1
 * lownerWeights, 2 secularVectors, this thread taking pieces [0, cut) and the helper [cut, k).
 * Returns 1 when both halves ran, 0 when this thread is to run the whole pass.
 */
@external("env", "mergeSplit")
declare function mergeSplit(pass: i32, k: i32, cut: i32, dl: usize, zn: usize, rho: f64, Us: usize, Vs: usize, sig: usize, w: usize, zz: usize, gpos: usize, scratch: usize): i32;

/**
 * Roots i0 ≤ i < i1 of the secular equation (poles dl, weights zn, rho): σ_i into sig, and
 * Us(:, i) = dl − σ_i, Vs(:, i) = dl + σ_i. A root that fails to converge sets the i32 at `failed`.
 */
export function secularRoots(k: i32, i0: i32, i1: i32, dl: usize, zn: usize, rho: f64, Us: usize, Vs: usize, sig: usize, failed: usize): void {
  for (let i = i0; i < i1; i++) {
    if (!lasd4(k, i, dl, zn, rho, col(Us, k, i), col(Vs, k, i), sig + (<usize>i << 3))) store<i32>(failed, 1);
  }
}

/**
 * Löwner: the weights w(s), s0 ≤ s < s1, for which the computed roots are exact (dlasd3's
 * pairing of root i with pole i or i + 1 keeps the running products near 1), signed as zz.
 */
export function lownerWeights(k: i32, s0: i32, s1: i32, dl: usize, zz: usize, Us: usize, Vs: usize, w: usize): void {
  for (let s = s0; s < s1; s++) st(w, s, 1);
  for (let i = 0; i < k; i++) {
    const De = col(Us, k, i);
    const We = col(Vs, k, i);
    if (i + 1 == k) {
      for (let s = s0; s < s1; s++) st(w, s, ld(w, s) * ld(De, s) * ld(We, s));
      continue;
    }
    const dli = ld(dl, i);
    const dli1 = ld(dl, i + 1);
    for (let s = s0; s < min(i + 1, s1); s++) {
      const dls = ld(dl, s);
      st(w, s, ld(w, s) * ld(De, s) * ld(We, s) / ((dls - dli1) * (dls + dli1)));
    }
    for (let s = max(i + 1, s0); s < s1; s++) {
      const dls = ld(dl, s);
      st(w, s, ld(w, s) * ld(De, s) * ld(We, s) / ((dls - dli) * (dls + dli)));
    }
  }
  for (let s = s0; s < s1; s++) st(w, s, copysign<f64>(sqrt<f64>(abs<f64>(ld(w, s))), ld(zz, s)));
}

/**
 * The secular vectors i0 ≤ i < i1 from the roots and weights, written over Us(:, i) and
 * Vs(:, i) at the rows gpos gives; `scratch` holds 4k f64: this half's vc and uc (k each) at
 * 2k·(i0 > 0), so the two halves never share them.
 */
export function secularVectors(k: i32, i0: i32, i1: i32, dl: usize, w: usize, Us: usize, Vs: usize, gpos: usize, scratch: usize): void {
  const vc = scratch + (i0 > 0 ? <usize>(2 * k) << 3 : 0);
  const uc = vc + (<usize>k << 3);
  for (let i = i0; i < i1; i++) {
    const Ui = col(Us, k, i);
    const Vi = col(Vs, k, i);
    let vn: f64 = 0;
    let un: f64 = 1;
    for (let s = 0; s < k; s++) {
      const x = ld(w, s) / (ld(Ui, s) * ld(Vi, s));
      st(vc, s, x);
      vn += x * x;
    }
    st(uc, 0, -1);
    for (let s = 1; s < k; s++) {
      const x = ld(dl, s) * ld(vc, s);
      st(uc, s, x);
      un += x * x;
    }
    const vi = 1 / sqrt<f64>(vn);
    const ui = 1 / sqrt<f64>(un);
    for (let s = 0; s < k; s++) {
      const g = ldi(gpos, s);
      st(Ui, g, ld(uc, s) * ui);
      st(Vi, g, ld(vc, s) * vi);
    }
  }
}

function merge(nl: i32, nr: i32, sqre: i32, d: usize, alpha: f64, beta: f64, u: usize, ldu: i32, v: usize, ldv: i32, work: usize): i32 {
  const n = nl + nr + 1;
  const m = n + sqre;
  // Scale to unit max-norm: the deflation tolerances are relative to it.
  let orgnrm = max<f64>(abs<f64>(alpha), abs<f64>(beta));
  for (let j = 0; j < n; j++) if (j != nl) orgnrm = max<f64>(orgnrm, abs<f64>(ld(d, j)));
  if (orgnrm == 0) orgnrm = 1;
  alpha /= orgnrm;
  beta /= orgnrm;
  st(d, nl, 0); // the null slot's pole
  for (let j = 0; j < n; j++) st(d, j, ld(d, j) / orgnrm);

  let wp = work;
  const z = wp; wp += f64s(n);
  const idx = wp; wp += i32s(n);
  const type = wp; wp += i32s(n);
  const keep = wp; wp += i32s(n);
  const defl = wp; wp += i32s(n);

  let dmax: f64 = 0;
  for (let j = 0; j < nl; j++) st(z, j, alpha * ld(col(v, ldv, j), nl));
  for (let j = nl + 1; j < n; j++) st(z, j, beta * ld(col(v, ldv, j), nl + 1));
  for (let j = 0; j < n; j++) dmax = max<f64>(dmax, ld(d, j));
  const tol = 8 * EPS * max<f64>(dmax, max<f64>(abs<f64>(alpha), abs<f64>(beta)));
  {
    const a = alpha * ld(col(v, ldv, nl), nl);
    if (sqre != 0) {
      const b = beta * ld(col(v, ldv, m - 1), nl + 1);
      const r = hypot(a, b);
      let c: f64 = 1;
      let s: f64 = 0;
      if (r > tol) {
        c = a / r;
        s = b / r;
        st(z, nl, r);
      } else {
        st(z, nl, tol);
      }
      rot(m, col(v, ldv, nl), col(v, ldv, m - 1), c, s); // column m−1 becomes the node's null vector
    } else {
      st(z, nl, abs<f64>(a) <= tol ? tol : a);
    }
  }

  // The children's columns in ascending order of d: merge the two sorted lists.
  let ni = 0;
  {
    let a = 0;
    let b = nl + 1;
    while (a < nl && b < n) sti(idx, ni++, ld(d, b) < ld(d, a) ? b++ : a++);
    while (a < nl) sti(idx, ni++, a++);
    while (b < n) sti(idx, ni++, b++);
  }

  // Deflation. Column types: 0 = rows of the left child only, 1 = both, 2 = right only, 3 = deflated.
  for (let j = 0; j < n; j++) sti(type, j, j < nl ? 0 : 2);
  let k = 0;
  let nd = 0;
  sti(keep, k++, nl);
  {
    let pj = n; // previous kept candidate
    for (let t = 0; t < ni; t++) {
      const nj = ldi(idx, t);
      if (abs<f64>(ld(z, nj)) <= tol) {
        sti(type, nj, 3);
        sti(defl, nd++, nj);
        continue;
      }
      if (pj == n) {
        pj = nj;
        continue;
      }
      // Nearly equal d: a rotation of both columns zeroes z[pj]; if the off-diagonal it
      // creates is negligible, pj deflates.
      let s = ld(z, pj);
      let c = ld(z, nj);
      const tau = hypot(c, s);
      const tt = ld(d, nj) - ld(d, pj);
      c /= tau;
      s = -s / tau;
      if (abs<f64>(tt * c * s) <= tol) {
        st(z, nj, tau);
        st(z, pj, 0);
        if (ldi(type, nj) != ldi(type, pj)) sti(type, nj, 1);
        sti(type, pj, 3);
        rot(n, col(u, ldu, pj), col(u, ldu, nj), c, s);
        rot(m, col(v, ldv, pj), col(v, ldv, nj), c, s);
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
  }

  // Deflated columns leave unchanged: copies, since u and v are overwritten below.
  const Ud = wp; wp += f64s(n * nd);
  const Vd = wp; wp += f64s(m * nd);
  for (let t = 0; t < nd; t++) {
    const c = ldi(defl, t);
    copy(n, col(u, ldu, c), Ud + ((<usize>t * n) << 3));
    copy(m, col(v, ldv, c), Vd + ((<usize>t * m) << 3));
  }

  // Kept slots: poles dl ascending (dl[0] = 0, the null slot), weights zz. Group order of the
  // secular vectors' rows: type 0, type 1, the null slot, type 2.
  let ct0 = 0;
  let ct1 = 0;
  for (let s = 1; s < k; s++) {
    const ty = ldi(type, ldi(keep, s));
    if (ty == 0) ct0++;
    else if (ty == 1) ct1++;
  }
  const g0 = ct0 + ct1; // group row of the null slot
  const nv1 = nl + 1;
  const nv2 = nr + sqre;
  const gpos = wp; wp += i32s(k);
  const dl = wp; wp += f64s(k);
  const zz = wp; wp += f64s(k);
  const Utop = wp; wp += f64s(nl * g0);
  const Ubot = wp; wp += f64s(nr * (k - ct0));
  const Vtop = wp; wp += f64s(nv1 * (g0 + 1));
  const Vbot = wp; wp += f64s(nv2 * (k - ct0));
  {
    let next0 = 0;
    let next1 = ct0;
    let next2 = g0 + 1;
    for (let s = 0; s < k; s++) {
      const c = ldi(keep, s);
      st(dl, s, ld(d, c));
      st(zz, s, ld(z, c));
      let g: i32;
      if (s == 0) g = g0;
      else {
        const ty = ldi(type, c);
        g = ty == 0 ? next0++ : ty == 1 ? next1++ : next2++;
      }
      sti(gpos, s, g);
      if (s > 0 && g < g0) copy(nl, col(u, ldu, c), Utop + ((<usize>g * nl) << 3));
      if (s > 0 && g >= ct0) copy(nr, col(u, ldu, c) + (<usize>(nl + 1) << 3), Ubot + ((<usize>(g - ct0) * nr) << 3));
      if (g <= g0) copy(nv1, col(v, ldv, c), Vtop + ((<usize>g * nv1) << 3));
      if (g >= ct0) copy(nv2, col(v, ldv, c) + (<usize>nv1 << 3), Vbot + ((<usize>(g - ct0) * nv2) << 3));
    }
    // The null slot's column of u is e_nl: nothing in the right child's rows.
    memory.fill(Ubot + ((<usize>(g0 - ct0) * nr) << 3), 0, <usize>nr << 3);
  }
  // dlasd2: the smallest non-zero pole at least tol / 2 away from the pole at 0.
  if (k > 1 && ld(dl, 1) < tol / 2) st(dl, 1, tol / 2);

  // Secular equation. Us(:, i) first holds dl − σ_i and Vs(:, i) dl + σ_i, then the secular
  // vectors computed from them, column by column.
  let rho: f64 = 0;
  for (let s = 0; s < k; s++) rho += ld(zz, s) * ld(zz, s);
  const zn = wp; wp += f64s(k);
  {
    const inv = 1 / sqrt<f64>(rho);
    for (let s = 0; s < k; s++) st(zn, s, ld(zz, s) * inv);
  }
  const Us = wp; wp += f64s(k * k);
  const Vs = wp; wp += f64s(k * k);
  const sig = wp; wp += f64s(k);
  const w = wp; wp += f64s(k);
  const scratch = wp; wp += f64s(4 * k + 2); // each thread's vc, uc (secularVectors); the failure flag
  const failed = scratch + (<usize>(4 * k) << 3);
  store<i32>(failed, 0);
  // Three passes, each over independent pieces (roots; weights by row; vectors by column): on
  // the two-thread module the large ones are cut in two, one half for the helper; each piece is
  // computed as one thread computes it.
  const cut = k >> 1;
  const split = k >= MERGE_SPLIT_FROM && splitFrom() < Infinity;
  if (!(split && mergeSplit(0, k, cut, dl, zn, rho, Us, Vs, sig, w, zz, gpos, scratch) != 0)) secularRoots(k, 0, k, dl, zn, rho, Us, Vs, sig, failed);
  const info = load<i32>(failed);
  if (!(split && mergeSplit(1, k, cut, dl, zn, rho, Us, Vs, sig, w, zz, gpos, scratch) != 0)) lownerWeights(k, 0, k, dl, zz, Us, Vs, w);
  if (!(split && mergeSplit(2, k, cut, dl, zn, rho, Us, Vs, sig, w, zz, gpos, scratch) != 0)) secularVectors(k, 0, k, dl, w, Us, Vs, gpos, scratch);

  // New vectors = children's vectors × secular vectors, each child's rows apart, straight into
  // columns 0..k of u and v; the deflated ones after.
  if (g0 > 0) {
    gemmCol(0, 0, nl, k, g0, 1, Utop, nl, Us, k, 0, u, ldu);
  } else {
    for (let i = 0; i < k; i++) memory.fill(col(u, ldu, i), 0, <usize>nl << 3);
  }
  for (let i = 0; i < k; i++) st(col(u, ldu, i), nl, ld(col(Us, k, i), g0));
  if (nr > 0) gemmCol(0, 0, nr, k, k - ct0, 1, Ubot, nr, Us + (<usize>ct0 << 3), k, 0, u + (<usize>(nl + 1) << 3), ldu);
  gemmCol(0, 0, nv1, k, g0 + 1, 1, Vtop, nv1, Vs, k, 0, v, ldv);
  if (nv2 > 0) gemmCol(0, 0, nv2, k, k - ct0, 1, Vbot, nv2, Vs + (<usize>ct0 << 3), k, 0, v + (<usize>nv1 << 3), ldv);
  const val = wp; wp += f64s(n);
  for (let i = 0; i < k; i++) st(val, i, ld(sig, i));
  for (let t = 0; t < nd; t++) {
    st(val, k + t, ld(d, ldi(defl, t)));
    copy(n, Ud + ((<usize>t * n) << 3), col(u, ldu, k + t));
    copy(m, Vd + ((<usize>t * m) << 3), col(v, ldv, k + t));
  }
  sortColumns(true, n, val, d, u, n, ldu, v, m, ldv, wp);
  for (let j = 0; j < n; j++) st(d, j, ld(d, j) * orgnrm);
  return info;
}

/**
 * Solves the n × (n + sqre) bidiagonal (d, e: n and n − 1 + sqre entries): u (n × n block) and
 * v ((n + sqre) square block) receive the vectors, d ascending, v's column n the null vector.
 */
function solve(n: i32, sqre: i32, d: usize, e: usize, u: usize, ldu: i32, v: usize, ldv: i32, work: usize): i32 {
  if (n == 0) {
    if (sqre != 0) store<f64>(v, 1);
    return 0;
  }
  if (n == 1) {
    leaf1(sqre, d, e, u, ldu, v, ldv);
    return 0;
  }
  const nl = n / 2;
  const nr = n - nl - 1;
  const alpha = ld(d, nl);
  const beta = ld(e, nl);
  const info1 = solve(nl, 1, d, e, u, ldu, v, ldv, work);
  if (info1 != 0) return info1;
  const o = <usize>(nl + 1);
  const info2 = solve(nr, sqre, d + (o << 3), e + (o << 3), u + ((o + o * <usize>ldu) << 3), ldu, v + ((o + o * <usize>ldv) << 3), ldv, work);
  if (info2 != 0) return info2 + nl + 1;
  return merge(nl, nr, sqre, d, alpha, beta, u, ldu, v, ldv, work);
}

/** f64 slots bdsdc needs as `work` for order n. */
export function bdsdcWorkSize(n: i32): i32 {
  return 4 * (n + 2) * (n + 2) + 24 * (n + 2);
}

/**
 * Upper bidiagonal B (d: n diagonal, e: n − 1 super-diagonal; both destroyed) = U·diag(s)·Vᵀ:
 * d receives s descending, u and v (n × n column-major, ldu, ldv) the vectors of B. Returns 0,
 * or > 0 when a secular root failed to converge.
 */
export function bdsdc(n: i32, d: usize, e: usize, u: usize, ldu: i32, v: usize, ldv: i32, work: usize): i32 {
  for (let j = 0; j < n; j++) {
    memory.fill(col(u, ldu, j), 0, <usize>n << 3);
    memory.fill(col(v, ldv, j), 0, <usize>n << 3);
  }
  if (n == 0) return 0;
  let orgnrm: f64 = 0;
  for (let i = 0; i < n; i++) orgnrm = max<f64>(orgnrm, abs<f64>(ld(d, i)));
  for (let i = 0; i + 1 < n; i++) orgnrm = max<f64>(orgnrm, abs<f64>(ld(e, i)));
  if (orgnrm == 0) {
    for (let j = 0; j < n; j++) {
      st(col(u, ldu, j), j, 1);
      st(col(v, ldv, j), j, 1);
    }
    return 0;
  }
  for (let i = 0; i < n; i++) st(d, i, ld(d, i) / orgnrm);
  for (let i = 0; i + 1 < n; i++) st(e, i, ld(e, i) / orgnrm);
  // Split where the super-diagonal is negligible against ‖B‖ (as dbdsdc).
  let start = 0;
  while (start < n) {
    let end = start;
    while (end + 1 < n && abs<f64>(ld(e, end)) > EPS) end++;
    const m = end - start + 1;
    const o = <usize>start;
    const info = solve(m, 0, d + (o << 3), e + (o << 3), u + ((o + o * <usize>ldu) << 3), ldu, v + ((o + o * <usize>ldv) << 3), ldv, work);
    if (info != 0) return info + start;
    start = end + 1;
  }
  for (let i = 0; i < n; i++) st(d, i, ld(d, i) * orgnrm);
  // Descending order over all blocks (each block is ascending).
  const val = work;
  copy(n, d, val);
  sortColumns(false, n, val, d, u, n, ldu, v, n, ldv, work + f64s(n));
  return 0;
}
