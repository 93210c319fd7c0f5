/**
 * Roots of the secular equation 1 + rho·Σ z_j² / (d_j − λ) = 0, the eigenvalues of
 * diag(d) + rho·z·zᵀ in the symmetric divide and conquer (LAPACK dlaed4's job): a translation of
 * native/src/lapack/laed4.cc, whose comment gives the method (origin at the nearer pole, the
 * two-pole rational model, Newton when it steps the wrong way, halving towards the bracket,
 * dlaed4's stopping test, bisection after 40 model steps).
 */

const EPS: f64 = 1.1102230246251565e-16; // dlamch('E')
const MODEL_STEPS = 40;
const MAX_STEPS = 200;

// @ts-ignore: decorator
@inline function ld(p: usize, j: i32): f64 {
  return load<f64>(p + (<usize>j << 3));
}

// The left sums of one evaluation and the current bracket (module globals: no multi-value
// return; used within one call only).
let gPsi: f64 = 0;
let gDpsi: f64 = 0;
let gErretm: f64 = 0;
let gLb: f64 = 0;
let gUb: f64 = 0;

/** delta[j] = (d[j] − base) − tau for every j; psi over the poles j < end with its error term. */
function evaluate(k: i32, end: i32, d: usize, z: usize, base: f64, tau: f64, delta: usize): void {
  for (let j = 0; j < k; j++) store<f64>(delta + (<usize>j << 3), (ld(d, j) - base) - tau);
  let psi: f64 = 0;
  let dpsi: f64 = 0;
  let erretm: f64 = 0;
  for (let j = 0; j < end; j++) {
    const zj = ld(z, j);
    const t = zj / ld(delta, j);
    psi += zj * t;
    dpsi += t * t;
    erretm += psi;
  }
  gPsi = psi;
  gDpsi = dpsi;
  gErretm = abs<f64>(erretm);
}

function narrow(w: f64, tau: f64): bool {
  if (w <= 0) gLb = max<f64>(gLb, tau);
  else gUb = min<f64>(gUb, tau);
  return gUb - gLb <= 2 * EPS * max<f64>(abs<f64>(gLb), abs<f64>(gUb));
}

function finish(k: i32, d: usize, base: f64, tau: f64, delta: usize, lambda: usize): bool {
  for (let j = 0; j < k; j++) store<f64>(delta + (<usize>j << 3), (ld(d, j) - base) - tau);
  store<f64>(lambda, base + tau);
  return gUb - gLb <= 4 * EPS * max<f64>(abs<f64>(gLb), abs<f64>(gUb));
}

/** Root between d[i] and d[i+1] (i + 1 < k). */
function interiorRoot(k: i32, i: i32, d: usize, z: usize, rho: f64, delta: usize, lambda: usize): bool {
  const rhoinv = 1 / rho;
  const ip1 = i + 1;
  const di0 = ld(d, i);
  const del = ld(d, ip1) - di0;
  const mid = del / 2;
  const zi = ld(z, i);
  const zp = ld(z, ip1);
  const zi2 = zi * zi;
  const zp2 = zp * zp;
  let c = rhoinv;
  for (let j = 0; j < k; j++) {
    if (j != i && j != ip1) {
      const zj = ld(z, j);
      c += zj * zj / ((ld(d, j) - di0) - mid);
    }
  }
  const wmid = c + zi2 / (-mid) + zp2 / (del - mid);
  const orgati = wmid > 0;
  let tau: f64;
  if (orgati) {
    const a = c * del + zi2 + zp2;
    const b = zi2 * del;
    const r = sqrt<f64>(abs<f64>(a * a - 4 * b * c));
    tau = a > 0 ? 2 * b / (a + r) : (a - r) / (2 * c);
    gLb = 0;
    gUb = mid;
  } else {
    const a = c * del - zi2 - zp2;
    const b = zp2 * del;
    const r = sqrt<f64>(abs<f64>(a * a + 4 * b * c));
    tau = a < 0 ? 2 * b / (a - r) : -(a + r) / (2 * c);
    gLb = -mid;
    gUb = 0;
  }
  if (!(tau > gLb && tau < gUb)) tau = (gLb + gUb) / 2;
  const org = orgati ? i : ip1;
  const base = ld(d, org);

  for (let it = 0; it < MAX_STEPS; it++) {
    evaluate(k, org, d, z, base, tau, delta);
    const psi = gPsi;
    const dpsi = gDpsi;
    let erretm = gErretm;
    let phi: f64 = 0;
    let dphi: f64 = 0;
    for (let j = k - 1; j > org; j--) {
      const zj = ld(z, j);
      const t = zj / ld(delta, j);
      phi += zj * t;
      dphi += t * t;
      erretm += phi;
    }
    let t = ld(z, org) / ld(delta, org);
    const dw = dpsi + dphi + t * t;
    t *= ld(z, org);
    const w = rhoinv + phi + psi + t;
    erretm = 8 * (phi - psi) + erretm + 2 * rhoinv + 3 * abs<f64>(t) + abs<f64>(tau) * dw;
    if (abs<f64>(w) <= EPS * erretm) {
      store<f64>(lambda, base + tau);
      return true;
    }
    if (narrow(w, tau)) break;
    let eta: f64;
    if (it >= MODEL_STEPS) {
      eta = (gLb + gUb) / 2 - tau;
    } else {
      const di = ld(delta, i);
      const dp = ld(delta, ip1);
      const cc = orgati
        ? w - dp * dw - (di0 - ld(d, ip1)) * (zi / di) * (zi / di)
        : w - di * dw - (ld(d, ip1) - di0) * (zp / dp) * (zp / dp);
      let a = (di + dp) * w - di * dp * dw;
      const b = di * dp * w;
      if (cc == 0) {
        if (a == 0) a = orgati ? zi2 + dp * dp * (dpsi + dphi) : zp2 + di * di * (dpsi + dphi);
        eta = b / a;
      } else {
        const r = sqrt<f64>(abs<f64>(a * a - 4 * b * cc));
        eta = a <= 0 ? (a - r) / (2 * cc) : 2 * b / (a + r);
      }
      if (w * eta >= 0 || !isFinite<f64>(eta)) eta = -w / dw;
      const next = tau + eta;
      if (!(next < gUb && next > gLb)) eta = (w < 0 ? gUb - tau : gLb - tau) / 2;
    }
    tau += eta;
  }
  return finish(k, d, base, tau, delta, lambda);
}

/** The largest root, in (d[k−1], d[k−1] + rho] (‖z‖ = 1). */
function lastRoot(k: i32, d: usize, z: usize, rho: f64, delta: usize, lambda: usize): bool {
  const rhoinv = 1 / rho;
  const n1 = k - 1;
  const n2 = k - 2;
  const base = ld(d, n1);
  const mid = rho / 2;
  let c = rhoinv;
  for (let j = 0; j < n2; j++) {
    const zj = ld(z, j);
    c += zj * zj / ((ld(d, j) - base) - mid);
  }
  const z1 = ld(z, n1);
  const z2 = ld(z, n2);
  const wmid = c + z2 * z2 / ((ld(d, n2) - base) - mid) + z1 * z1 / (-mid);
  const del = base - ld(d, n2);
  const ga = -c * del + z2 * z2 + z1 * z1;
  const gb = z1 * z1 * del;
  const gr = sqrt<f64>(ga * ga + 4 * gb * c);
  const guess = ga < 0 ? 2 * gb / (gr - ga) : (ga + gr) / (2 * c);
  let tau: f64;
  if (wmid <= 0) {
    const temp = z2 * z2 / (del + rho) + z1 * z1 / rho;
    tau = c <= temp ? rho : guess;
    gLb = mid;
    gUb = rho;
  } else {
    tau = guess;
    gLb = 0;
    gUb = mid;
  }
  if (!(tau >= gLb && tau <= gUb) || tau == 0) tau = (gLb + gUb) / 2;

  for (let it = 0; it < MAX_STEPS; it++) {
    evaluate(k, n1, d, z, base, tau, delta);
    const psi = gPsi;
    const dpsi = gDpsi;
    let erretm = gErretm;
    const t = z1 / ld(delta, n1);
    const phi = z1 * t;
    const dphi = t * t;
    erretm = 8 * (-phi - psi) + erretm - phi + rhoinv + abs<f64>(tau) * (dpsi + dphi);
    const w = rhoinv + phi + psi;
    if (abs<f64>(w) <= EPS * erretm) {
      store<f64>(lambda, base + tau);
      return true;
    }
    if (narrow(w, tau)) break;
    let eta: f64;
    if (it >= MODEL_STEPS) {
      eta = (gLb + gUb) / 2 - tau;
    } else {
      const da = ld(delta, n2);
      const db = ld(delta, n1);
      const cc = abs<f64>(w - da * dpsi - db * dphi);
      const a = (da + db) * w - da * db * (dpsi + dphi);
      const b = da * db * w;
      if (cc == 0) {
        eta = gUb - tau;
      } else {
        const r = sqrt<f64>(abs<f64>(a * a - 4 * b * cc));
        eta = a >= 0 ? (a + r) / (2 * cc) : 2 * b / (a - r);
      }
      if (w * eta > 0 || !isFinite<f64>(eta)) eta = -w / (dpsi + dphi);
      const next = tau + eta;
      if (!(next <= gUb && next >= gLb)) eta = (w < 0 ? gUb - tau : gLb - tau) / 2;
    }
    tau += eta;
  }
  return finish(k, d, base, tau, delta, lambda);
}

/**
 * Root i (0-based, ascending) for poles d_0 < … < d_{k−1}, ‖z‖ = 1, rho > 0: λ into *lambda,
 * d_j − λ into delta[j]. False when the stopping test was not met (the bracket's best is kept).
 */
export function laed4(k: i32, i: i32, d: usize, z: usize, rho: f64, delta: usize, lambda: usize): bool {
  if (k == 1) {
    const z0 = ld(z, 0);
    store<f64>(lambda, ld(d, 0) + rho * z0 * z0);
    store<f64>(delta, 1);
    return true;
  }
  return i + 1 == k ? lastRoot(k, d, z, rho, delta, lambda) : interiorRoot(k, i, d, z, rho, delta, lambda);
}
