/**
 * Bisection on Sturm counts (LAPACK dstebz, range 'I'), as native/src/lapack/stebz.cc: Kahan's
 * LDLᵀ count with dstebz's pivmin guard against zero pivots. For the k wanted eigenvalues it
 * costs O(n·k) against the O(n²) of all of them. Each eigenvalue starts from the Gershgorin
 * interval (or the previous one's lower end: they come ascending) and stops at ε·‖T‖₁.
 */

const EPS: f64 = 1.1102230246251565e-16; // 2^-53
const DBL_MIN: f64 = 2.2250738585072014e-308;

/** Eigenvalues of T (diagonal d, off-diagonal e, squared in e2) less than x. */
function sturmCount(n: i32, d: usize, e2: usize, pivmin: f64, x: f64): i32 {
  let q = load<f64>(d) - x;
  if (abs<f64>(q) < pivmin) q = -pivmin;
  let cnt = q < 0 ? 1 : 0;
  for (let i = 1; i < n; i++) {
    q = load<f64>(d + (<usize>i << 3)) - x - load<f64>(e2 + (<usize>(i - 1) << 3)) / q;
    if (abs<f64>(q) < pivmin) q = -pivmin;
    if (q < 0) cnt++;
  }
  return cnt;
}

/** Eigenvalues il..iu (0-based, ascending) of the n × n tridiagonal (d, e) into w; e2: n scratch. */
export function stebz(n: i32, d: usize, e: usize, il: i32, iu: i32, w: usize, e2: usize): void {
  if (n <= 0 || il > iu) return;
  let emax2: f64 = 0;
  for (let i = 0; i + 1 < n; i++) {
    const v = load<f64>(e + (<usize>i << 3));
    store<f64>(e2 + (<usize>i << 3), v * v);
    emax2 = max<f64>(emax2, v * v);
  }
  const pivmin = DBL_MIN * max<f64>(1, emax2);
  let gl = load<f64>(d);
  let gu = gl;
  let tnorm: f64 = 0;
  for (let i = 0; i < n; i++) {
    const r = (i > 0 ? abs<f64>(load<f64>(e + (<usize>(i - 1) << 3))) : 0) + (i + 1 < n ? abs<f64>(load<f64>(e + (<usize>i << 3))) : 0);
    const di = load<f64>(d + (<usize>i << 3));
    gl = min<f64>(gl, di - r);
    gu = max<f64>(gu, di + r);
    tnorm = max<f64>(tnorm, abs<f64>(di) + r);
  }
  if (tnorm == 0) {
    memory.fill(w, 0, <usize>(iu - il + 1) << 3);
    return;
  }
  const fudge: f64 = 2.1;
  gl -= fudge * tnorm * EPS * n + fudge * 2 * pivmin;
  gu += fudge * tnorm * EPS * n + fudge * 2 * pivmin;
  const atol = max<f64>(EPS * tnorm, 2 * pivmin);
  let lo0 = gl;
  for (let j = il; j <= iu; j++) {
    // Invariant: count(lo) ≤ j < count(hi).
    let lo = lo0;
    let hi = gu;
    for (let it = 0; it < 2200; it++) {
      const tol = max<f64>(atol, 2 * EPS * max<f64>(abs<f64>(lo), abs<f64>(hi)));
      if (hi - lo <= tol) break;
      const mid = 0.5 * (lo + hi);
      if (sturmCount(n, d, e2, pivmin, mid) > j) hi = mid;
      else lo = mid;
    }
    store<f64>(w + (<usize>(j - il) << 3), 0.5 * (lo + hi));
    lo0 = lo;
  }
}
