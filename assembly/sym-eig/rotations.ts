/**
 * The QL/QR rotations' record and its replay on Zᵀ. The tridiagonal iteration never reads Z, so
 * rotations are only recorded (c, s per rotation, one header per sweep) and replayed later in
 * column strips of Zᵀ (see index.ts for why this is exact).
 */

import { madd, nmadd } from '../fma';

const STRIP = 8; // columns of Zᵀ per replay strip: one 64-byte cache line per row

// Rotation recording (only when vectors are wanted). Each rotation is (c, s) as dlasr takes it;
// each sweep is a header (lo, count, backward) in i32s. A sweep with rotations lo..lo+count-1
// acting on rows (i, i+1) of Zᵀ is replayed backward (QL, i descending) or forward (QR).
let rotBase: usize = 0;
let rotCap: i32 = 0;
let rotUsed: i32 = 0;
let hdrBase: usize = 0;
let sweeps: i32 = 0;
let ztBase: usize = 0; // Zᵀ, n × n row-major (lives in `a`)
let ztN: i32 = 0;

/** Rotation capacity: ≥ 32·n rotations per replay keeps the Zᵀ traffic of a replay ≤ 1 byte
 * per element-rotation, and 32·n pairs still sit in L2 while they stream past each strip. */
export function rotCapacity(n: i32): i32 {
  return 32 * n + 64;
}

/**
 * Starts an empty record at `buffer` (rotCapacity(n) rotations, then the sweep headers) for
 * rotations acting on Zᵀ, n × n row-major at `zt`.
 */
export function startRotations(buffer: usize, zt: usize, n: i32): void {
  rotBase = buffer;
  ztBase = zt;
  ztN = n;
  rotCap = rotCapacity(n);
  hdrBase = rotBase + (<usize>rotCap << 4);
  rotUsed = 0;
  sweeps = 0;
}

/**
 * Replays every recorded sweep on columns [col, col+8) of Zᵀ. For rotation (c, s) on rows
 * (i, i+1), as dlasr('R', 'V', …) on Z's columns: t = row_{i+1}; row_{i+1} = c·t − s·row_i;
 * row_i = s·t + c·row_i. Backward sweeps carry row i+1's running value down, forward sweeps
 * carry row i's up, so each element costs one load and one store per rotation.
 */
function replayStrip8(zt: usize, ld: usize, col: usize): void {
  let rp = rotBase;
  for (let h = 0; h < sweeps; h++) {
    const hp = hdrBase + (<usize>h << 4);
    const lo = <usize>load<i32>(hp);
    const cnt = load<i32>(hp, 4);
    const backward = load<i32>(hp, 8);
    if (backward) {
      let p = zt + (lo + <usize>cnt) * ld + col;
      let t0 = v128.load(p, 0, 8);
      let t1 = v128.load(p, 16, 8);
      let t2 = v128.load(p, 32, 8);
      let t3 = v128.load(p, 48, 8);
      for (let r = 0; r < cnt; r++) {
        const c = v128.load64_splat(rp);
        const s = v128.load64_splat(rp, 8);
        rp += 16;
        const q = p - ld;
        const x0 = v128.load(q, 0, 8);
        const x1 = v128.load(q, 16, 8);
        const x2 = v128.load(q, 32, 8);
        const x3 = v128.load(q, 48, 8);
        v128.store(p, nmadd(s, x0, f64x2.mul(c, t0)), 0, 8);
        v128.store(p, nmadd(s, x1, f64x2.mul(c, t1)), 16, 8);
        v128.store(p, nmadd(s, x2, f64x2.mul(c, t2)), 32, 8);
        v128.store(p, nmadd(s, x3, f64x2.mul(c, t3)), 48, 8);
        t0 = madd(c, x0, f64x2.mul(s, t0));
        t1 = madd(c, x1, f64x2.mul(s, t1));
        t2 = madd(c, x2, f64x2.mul(s, t2));
        t3 = madd(c, x3, f64x2.mul(s, t3));
        p = q;
      }
      v128.store(p, t0, 0, 8);
      v128.store(p, t1, 16, 8);
      v128.store(p, t2, 32, 8);
      v128.store(p, t3, 48, 8);
    } else {
      let p = zt + lo * ld + col;
      let u0 = v128.load(p, 0, 8);
      let u1 = v128.load(p, 16, 8);
      let u2 = v128.load(p, 32, 8);
      let u3 = v128.load(p, 48, 8);
      for (let r = 0; r < cnt; r++) {
        const c = v128.load64_splat(rp);
        const s = v128.load64_splat(rp, 8);
        rp += 16;
        const q = p + ld;
        const x0 = v128.load(q, 0, 8);
        const x1 = v128.load(q, 16, 8);
        const x2 = v128.load(q, 32, 8);
        const x3 = v128.load(q, 48, 8);
        v128.store(p, madd(c, u0, f64x2.mul(s, x0)), 0, 8);
        v128.store(p, madd(c, u1, f64x2.mul(s, x1)), 16, 8);
        v128.store(p, madd(c, u2, f64x2.mul(s, x2)), 32, 8);
        v128.store(p, madd(c, u3, f64x2.mul(s, x3)), 48, 8);
        u0 = nmadd(s, u0, f64x2.mul(c, x0));
        u1 = nmadd(s, u1, f64x2.mul(c, x1));
        u2 = nmadd(s, u2, f64x2.mul(c, x2));
        u3 = nmadd(s, u3, f64x2.mul(c, x3));
        p = q;
      }
      v128.store(p, u0, 0, 8);
      v128.store(p, u1, 16, 8);
      v128.store(p, u2, 32, 8);
      v128.store(p, u3, 48, 8);
    }
  }
}

/** replayStrip8 for one f64x2 column pair (the ragged right edge). */
function replayStrip2(zt: usize, ld: usize, col: usize): void {
  let rp = rotBase;
  for (let h = 0; h < sweeps; h++) {
    const hp = hdrBase + (<usize>h << 4);
    const lo = <usize>load<i32>(hp);
    const cnt = load<i32>(hp, 4);
    const backward = load<i32>(hp, 8);
    if (backward) {
      let p = zt + (lo + <usize>cnt) * ld + col;
      let t = v128.load(p, 0, 8);
      for (let r = 0; r < cnt; r++) {
        const c = v128.load64_splat(rp);
        const s = v128.load64_splat(rp, 8);
        rp += 16;
        const q = p - ld;
        const x = v128.load(q, 0, 8);
        v128.store(p, nmadd(s, x, f64x2.mul(c, t)), 0, 8);
        t = madd(c, x, f64x2.mul(s, t));
        p = q;
      }
      v128.store(p, t, 0, 8);
    } else {
      let p = zt + lo * ld + col;
      let u = v128.load(p, 0, 8);
      for (let r = 0; r < cnt; r++) {
        const c = v128.load64_splat(rp);
        const s = v128.load64_splat(rp, 8);
        rp += 16;
        const q = p + ld;
        const x = v128.load(q, 0, 8);
        v128.store(p, madd(c, u, f64x2.mul(s, x)), 0, 8);
        u = nmadd(s, u, f64x2.mul(c, x));
        p = q;
      }
      v128.store(p, u, 0, 8);
    }
  }
}

/** replayStrip8 for a single column (odd n). */
function replayStrip1(zt: usize, ld: usize, col: usize): void {
  let rp = rotBase;
  for (let h = 0; h < sweeps; h++) {
    const hp = hdrBase + (<usize>h << 4);
    const lo = <usize>load<i32>(hp);
    const cnt = load<i32>(hp, 4);
    const backward = load<i32>(hp, 8);
    if (backward) {
      let p = zt + (lo + <usize>cnt) * ld + col;
      let t = load<f64>(p);
      for (let r = 0; r < cnt; r++) {
        const c = load<f64>(rp);
        const s = load<f64>(rp, 8);
        rp += 16;
        const q = p - ld;
        const x = load<f64>(q);
        store<f64>(p, c * t - s * x);
        t = s * t + c * x;
        p = q;
      }
      store<f64>(p, t);
    } else {
      let p = zt + lo * ld + col;
      let u = load<f64>(p);
      for (let r = 0; r < cnt; r++) {
        const c = load<f64>(rp);
        const s = load<f64>(rp, 8);
        rp += 16;
        const q = p + ld;
        const x = load<f64>(q);
        store<f64>(p, s * x + c * u);
        u = c * x - s * u;
        p = q;
      }
      store<f64>(p, u);
    }
  }
}

/** Applies every recorded rotation to Zᵀ, strip by strip, and empties the record. */
export function flushRotations(): void {
  if (sweeps == 0) return;
  const n = ztN;
  const ld = <usize>n << 3;
  let col = 0;
  for (; col + STRIP <= n; col += STRIP) replayStrip8(ztBase, ld, <usize>col << 3);
  for (; col + 2 <= n; col += 2) replayStrip2(ztBase, ld, <usize>col << 3);
  if (col < n) replayStrip1(ztBase, ld, <usize>col << 3);
  rotUsed = 0;
  sweeps = 0;
}

/** Opens a sweep of `cnt` rotations starting at row pair `lo`; returns where its (c, s) go. */
export function beginSweep(lo: i32, cnt: i32, backward: i32): usize {
  if (rotUsed + cnt > rotCap) flushRotations();
  const hp = hdrBase + (<usize>sweeps << 4);
  store<i32>(hp, lo);
  store<i32>(hp, cnt, 4);
  store<i32>(hp, backward, 8);
  sweeps++;
  const rp = rotBase + (<usize>rotUsed << 4);
  rotUsed += cnt;
  return rp;
}
