/**
 * Level-1 BLAS on contiguous f64 runs (f64x2, unaligned: rows of odd-width matrices start on
 * 8-byte boundaries): the inner loops of the triangular solves, the LU leaves and the
 * Householder panels. Multiplies and adds stay separate (no FMA in plain wasm SIMD), so each
 * element rounds as the scalar loop would.
 */

/** y[0..len) += alpha · x[0..len). */
export function axpy(len: i32, alpha: f64, x: usize, y: usize): void {
  const av = f64x2.splat(alpha);
  let i = 0;
  for (; i + 3 < len; i += 4) {
    const o = <usize>i << 3;
    v128.store(y + o, f64x2.add(v128.load(y + o, 0, 8), f64x2.mul(av, v128.load(x + o, 0, 8))), 0, 8);
    v128.store(y + o, f64x2.add(v128.load(y + o, 16, 8), f64x2.mul(av, v128.load(x + o, 16, 8))), 16, 8);
  }
  if (i + 1 < len) {
    const o = <usize>i << 3;
    v128.store(y + o, f64x2.add(v128.load(y + o, 0, 8), f64x2.mul(av, v128.load(x + o, 0, 8))), 0, 8);
    i += 2;
  }
  if (i < len) {
    const o = <usize>i << 3;
    store<f64>(y + o, load<f64>(y + o) + alpha * load<f64>(x + o));
  }
}

/** Σ x[i]·y[i] over [0, len): four partial sums, so the add latency does not bind. */
export function dot(len: i32, x: usize, y: usize): f64 {
  let s0 = f64x2.splat(0);
  let s1 = s0;
  let i = 0;
  for (; i + 3 < len; i += 4) {
    const o = <usize>i << 3;
    s0 = f64x2.add(s0, f64x2.mul(v128.load(x + o, 0, 8), v128.load(y + o, 0, 8)));
    s1 = f64x2.add(s1, f64x2.mul(v128.load(x + o, 16, 8), v128.load(y + o, 16, 8)));
  }
  if (i + 1 < len) {
    const o = <usize>i << 3;
    s0 = f64x2.add(s0, f64x2.mul(v128.load(x + o, 0, 8), v128.load(y + o, 0, 8)));
    i += 2;
  }
  const s = f64x2.add(s0, s1);
  let r = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  if (i < len) {
    const o = <usize>i << 3;
    r += load<f64>(x + o) * load<f64>(y + o);
  }
  return r;
}

/** x[0..len) ← alpha · x[0..len). */
export function scal(len: i32, alpha: f64, x: usize): void {
  const av = f64x2.splat(alpha);
  let i = 0;
  for (; i + 1 < len; i += 2) {
    const o = <usize>i << 3;
    v128.store(x + o, f64x2.mul(av, v128.load(x + o, 0, 8)), 0, 8);
  }
  if (i < len) {
    const o = <usize>i << 3;
    store<f64>(x + o, alpha * load<f64>(x + o));
  }
}

/** x[0..len) ← x[0..len) / d (a true division: a triangular solve's diagonal, as BLAS divides). */
export function divide(len: i32, d: f64, x: usize): void {
  const dv = f64x2.splat(d);
  let i = 0;
  for (; i + 1 < len; i += 2) {
    const o = <usize>i << 3;
    v128.store(x + o, f64x2.div(v128.load(x + o, 0, 8), dv), 0, 8);
  }
  if (i < len) {
    const o = <usize>i << 3;
    store<f64>(x + o, load<f64>(x + o) / d);
  }
}

/** Swaps x[0..len) and y[0..len) (row interchanges). */
export function swap(len: i32, x: usize, y: usize): void {
  let i = 0;
  for (; i + 1 < len; i += 2) {
    const o = <usize>i << 3;
    const t = v128.load(x + o, 0, 8);
    v128.store(x + o, v128.load(y + o, 0, 8), 0, 8);
    v128.store(y + o, t, 0, 8);
  }
  if (i < len) {
    const o = <usize>i << 3;
    const t = load<f64>(x + o);
    store<f64>(x + o, load<f64>(y + o));
    store<f64>(y + o, t);
  }
}
