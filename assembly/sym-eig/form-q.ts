/** Qᵀ from the tridiagonalisation's reflectors (dorgtr's job), four reflectors at a time. */

import { madd } from '../fma';

const qtScratch = memory.data(16 * 8, 16); // formQt's 4 × 4 T factor

/**
 * X ← X·(I − V·T·Vᵀ) on `rows` rows of `len` values at `base` (row stride `ld` bytes): V interleaved
 * at `vi` (see formQt), T (4 × 4, row-major) at `t`. Out of line and called once per block, so
 * V8 tiers it up early in the first call instead of running all of formQt in its baseline tier.
 */
function applyWyRows(base: usize, ld: usize, rows: i32, len: i32, vi: usize, t: usize): void {
  const t00 = load<f64>(t), t01 = load<f64>(t, 8), t02 = load<f64>(t, 16), t03 = load<f64>(t, 24);
  const t11 = load<f64>(t, 40), t12 = load<f64>(t, 48), t13 = load<f64>(t, 56);
  const t22 = load<f64>(t, 80), t23 = load<f64>(t, 88);
  const t33 = load<f64>(t, 120);
  const evenBytes = <usize>(len & ~1) << 3;
  for (let r = 0; r < rows; r++) {
    const row = base + <usize>r * ld;
    const rowEnd = row + evenBytes;
    // d = row · V, two column pairs per iteration into eight accumulators (hides add latency)
    let a0 = f64x2.splat(0), a1 = a0, a2 = a0, a3 = a0;
    let b0 = a0, b1 = a0, b2 = a0, b3 = a0;
    let pr = row;
    let pv = vi;
    const rowEnd2 = row + (<usize>(len & ~3) << 3);
    while (pr < rowEnd2) {
      const x = v128.load(pr, 0, 8);
      const z = v128.load(pr, 16, 8);
      a0 = madd(x, v128.load(pv, 0), a0);
      a1 = madd(x, v128.load(pv, 16), a1);
      a2 = madd(x, v128.load(pv, 32), a2);
      a3 = madd(x, v128.load(pv, 48), a3);
      b0 = madd(z, v128.load(pv, 64), b0);
      b1 = madd(z, v128.load(pv, 80), b1);
      b2 = madd(z, v128.load(pv, 96), b2);
      b3 = madd(z, v128.load(pv, 112), b3);
      pr += 32;
      pv += 128;
    }
    if (pr < rowEnd) {
      const x = v128.load(pr, 0, 8);
      a0 = madd(x, v128.load(pv, 0), a0);
      a1 = madd(x, v128.load(pv, 16), a1);
      a2 = madd(x, v128.load(pv, 32), a2);
      a3 = madd(x, v128.load(pv, 48), a3);
      pr += 16;
      pv += 64;
    }
    a0 = f64x2.add(a0, b0);
    a1 = f64x2.add(a1, b1);
    a2 = f64x2.add(a2, b2);
    a3 = f64x2.add(a3, b3);
    let d0 = f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a0, 1);
    let d1 = f64x2.extract_lane(a1, 0) + f64x2.extract_lane(a1, 1);
    let d2 = f64x2.extract_lane(a2, 0) + f64x2.extract_lane(a2, 1);
    let d3 = f64x2.extract_lane(a3, 0) + f64x2.extract_lane(a3, 1);
    if (len & 1) {
      const x = load<f64>(pr);
      d0 += x * load<f64>(pv);
      d1 += x * load<f64>(pv, 16);
      d2 += x * load<f64>(pv, 32);
      d3 += x * load<f64>(pv, 48);
    }
    // w = −d · T; row += w · Vᵀ
    const w0 = -(d0 * t00);
    const w1 = -(d0 * t01 + d1 * t11);
    const w2 = -(d0 * t02 + d1 * t12 + d2 * t22);
    const w3 = -(d0 * t03 + d1 * t13 + d2 * t23 + d3 * t33);
    const s0 = f64x2.splat(w0), s1 = f64x2.splat(w1), s2 = f64x2.splat(w2), s3 = f64x2.splat(w3);
    pr = row;
    pv = vi;
    while (pr < rowEnd) {
      const u = f64x2.add(
        madd(s1, v128.load(pv, 16), f64x2.mul(s0, v128.load(pv, 0))),
        madd(s3, v128.load(pv, 48), f64x2.mul(s2, v128.load(pv, 32))),
      );
      v128.store(pr, f64x2.add(v128.load(pr, 0, 8), u), 0, 8);
      pr += 16;
      pv += 64;
    }
    if (len & 1) {
      store<f64>(pr, load<f64>(pr) + (w0 * load<f64>(pv) + w1 * load<f64>(pv, 16) +
        w2 * load<f64>(pv, 32) + w3 * load<f64>(pv, 48)));
    }
  }
}

/**
 * Overwrites `a` (holding the reflectors) with Qᵀ = H_{n−2}…H₀, row-major, as X ← X·H_k for k
 * descending, four reflectors at a time: X ← X·(I − V·T·Vᵀ) (compact WY, dlarft 'Forward').
 * Before a block k_hi…k_lo, X is the identity outside [k_hi+2..]², and the block touches only
 * rows/columns ≥ k_lo+1; the reflectors are copied to `vb` first because rows k_lo+1…k_hi are
 * overwritten. Each row of X then costs two passes over L1 (four dots; one 4-term update) instead
 * of eight. Same flops as dorg2l; ~1.7× faster here.
 * `vb` needs 8·n + 8 f64 (16-aligned): V by rows (for dlarft), then V interleaved (for the rows).
 */
export function formQt(n: i32, a: usize, tau: usize, vb: usize): void {
  const ld = <usize>n << 3;
  const last = n - 1;
  // T (4 × 4 upper triangular) and the four taus, in static scratch.
  const t = qtScratch;
  store<f64>(a + <usize>last * ld + (<usize>last << 3), 1);
  let kHi = n - 2;
  // The ragged block goes first, where the region is smallest.
  let b = (n - 1) & 3;
  if (b == 0) b = 4;
  while (kHi >= 0) {
    const kLo = kHi - b + 1;
    const c0 = kLo + 1; // first row / column the block touches
    const len = n - c0;
    const lenB = <usize>len << 3;
    const vstride = <usize>n << 3; // rows of vb are n long (len ≤ n)
    // Copy V: slot j holds reflector kHi − j over columns c0..n−1 (zeros before its implicit 1).
    for (let j = 0; j < 4; j++) {
      const dst = vb + <usize>j * vstride;
      memory.fill(dst, 0, lenB);
      let tj: f64 = 0;
      if (j < b) {
        const k = kHi - j;
        tj = load<f64>(tau + (<usize>k << 3));
        const off = <usize>(k + 1 - c0) << 3; // position of the implicit 1
        store<f64>(dst + off, 1);
        const cnt = n - k - 2;
        if (cnt > 0) memory.copy(dst + off + 8, a + <usize>k * ld + (<usize>(k + 2) << 3), <usize>cnt << 3);
      }
      store<f64>(t + (<usize>(j * 4 + j) << 3), tj);
    }
    // dlarft: T[0:i, i] = −tau_i · T[0:i, 0:i] · (V[:, 0:i]ᵀ v_i)
    for (let i = 1; i < 4; i++) {
      const ti = load<f64>(t + (<usize>(i * 4 + i) << 3));
      const vi = vb + <usize>i * vstride;
      for (let j = 0; j < i; j++) {
        const vj = vb + <usize>j * vstride;
        let s: f64 = 0;
        for (let q = 0; q < len; q++) s += load<f64>(vj + (<usize>q << 3)) * load<f64>(vi + (<usize>q << 3));
        store<f64>(t + (<usize>(j * 4 + i) << 3), -ti * s); // temporarily the plain product
      }
      // T[0:i, i] ← T[0:i, 0:i] · tmp (upper triangular, so row j uses tmp[j..i−1])
      for (let j = 0; j < i; j++) {
        let s: f64 = 0;
        for (let l = j; l < i; l++) {
          s += load<f64>(t + (<usize>(j * 4 + l) << 3)) * load<f64>(t + (<usize>(l * 4 + i) << 3));
        }
        store<f64>(t + (<usize>(j * 4 + i) << 3), s);
      }
    }
    // Rows c0…kHi+1 of X become identity rows; columns c0…kHi+1 of the rows below become 0.
    for (let r = c0; r <= kHi + 1; r++) {
      const row = a + <usize>r * ld + (<usize>c0 << 3);
      memory.fill(row, 0, lenB);
      store<f64>(row + (<usize>(r - c0) << 3), 1);
    }
    const zeroCols = <usize>(kHi + 2 - c0) << 3;
    for (let r = kHi + 2; r < n; r++) memory.fill(a + <usize>r * ld + (<usize>c0 << 3), 0, zeroCols);

    // V again, interleaved by column pairs: [v0 v0' v1 v1' v2 v2' v3 v3'] per 64 bytes, so the row
    // loops below address V with one pointer and constant offsets (half the instructions of four
    // separately indexed streams, which is what bounded these loops).
    const vi = vb + 4 * vstride;
    const pairs = (len + 1) >> 1;
    for (let h = 0; h < pairs; h++) {
      const q = h << 1;
      const dst = vi + (<usize>h << 6);
      for (let j = 0; j < 4; j++) {
        const src = vb + <usize>j * vstride + (<usize>q << 3);
        store<f64>(dst + (<usize>j << 4), load<f64>(src));
        store<f64>(dst + (<usize>j << 4) + 8, q + 1 < len ? load<f64>(src + 8) : 0);
      }
    }
    applyWyRows(a + <usize>c0 * ld + (<usize>c0 << 3), ld, n - c0, len, vi, t);
    kHi = kLo - 1;
    b = 4;
  }
  // Row and column 0 of Qᵀ are e_0 (H_k never touches index 0).
  store<f64>(a, 1);
  memory.fill(a + 8, 0, <usize>last << 3);
  for (let i = 1; i <= last; i++) store<f64>(a + <usize>i * ld, 0);
}
