/**
 * Roots of the secular equation of the bidiagonal divide and conquer (LAPACK dlasd4's job),
 * 1 + rho·Σ z_j² / (d_j² − σ²) = 0: a translation of native/src/lapack/lasd4.cc, whose comment
 * gives the method. The iterate is tau = σ² − d_org², and every d_j² − σ² is formed as
 * ((d_j − d_org) − ts)·((d_j + d_org) + ts) with ts = σ − d_org, so the outputs
 * delta_j = d_j − σ and work_j = d_j + σ keep full relative accuracy however close σ is to a
 * pole (what the Gu–Eisenstat vectors in bdsdc.ts need).
 */

const EPS: f64 = 1.1102230246251565e-16; // dlamch('E')
const MODEL_STEPS = 40;
const MAX_STEPS = 200;

// @ts-ignore: decorator
@inline function ld(p: usize, j: i32): f64 {
  return load<f64>(p + (<usize>j << 3));
}

/** d_j² − d_l² without cancellation. */
// @ts-ignore: decorator
@inline function gap(d: usize, j: i32, l: i32): f64 {
  return (ld(d, j) - ld(d, l)) * (ld(d, j) + ld(d, l));
}

/** σ − base for σ² = base² + tau. */
function sigmaShift(base: f64, tau: f64): f64 {
  const den = base + sqrt<f64>(max<f64>(base * base + tau, 0));
  return den > 0 ? tau / den : 0;
}

// evaluate()'s left sums (module globals: no multi-value return; used within one call only).
let gPsi: f64 = 0;
let gDpsi: f64 = 0;
let gErretm: f64 = 0;
// The bracket of the current root.
let gLb: f64 = 0;
let gUb: f64 = 0;

/** delta_j = d_j − σ, work_j = d_j + σ for all j; psi over the poles j < end with its error term. */
function evaluate(k: i32, end: i32, d: usize, z: usize, base: f64, tau: f64, delta: usize, work: usize): void {
  const ts = sigmaShift(base, tau);
  for (let j = 0; j < k; j++) {
    const dj = ld(d, j);
    store<f64>(delta + (<usize>j << 3), (dj - base) - ts);
    store<f64>(work + (<usize>j << 3), (dj + base) + ts);
  }
  let psi: f64 = 0;
  let dpsi: f64 = 0;
  let erretm: f64 = 0;
  for (let j = 0; j < end; j++) {
    const zj = ld(z, j);
    const t = zj / (ld(delta, j) * ld(work, j));
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

function finish(k: i32, d: usize, z: usize, base: f64, tau: f64, delta: usize, work: usize, sigma: usize): bool {
  evaluate(k, 0, d, z, base, tau, delta, work);
  store<f64>(sigma, base + sigmaShift(base, tau));
  return gUb - gLb <= 4 * EPS * max<f64>(abs<f64>(gLb), abs<f64>(gUb));
}

/** Root between d[i] and d[i+1] (i + 1 < k). */
function interiorRoot(k: i32, i: i32, d: usize, z: usize, rho: f64, delta: usize, work: usize, sigma: usize): bool {
  const rhoinv = 1 / rho;
  const ip1 = i + 1;
  const del = gap(d, ip1, i);
  const mid = del / 2;
  const zi = ld(z, i);
  const zp = ld(z, ip1);
  const zi2 = zi * zi;
  const zp2 = zp * zp;
  let c = rhoinv;
  for (let j = 0; j < k; j++) {
    if (j != i && j != ip1) {
      const zj = ld(z, j);
      c += zj * zj / (gap(d, j, i) - mid);
    }
  }
  const wmid = c + zi2 / (-mid) + zp2 / (del - mid);
  const orgati = wmid > 0; // root left of the midpoint: origin d[i]
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
    evaluate(k, org, d, z, base, tau, delta, work);
    const psi = gPsi;
    const dpsi = gDpsi;
    let erretm = gErretm;
    let phi: f64 = 0;
    let dphi: f64 = 0;
    for (let j = k - 1; j > org; j--) {
      const zj = ld(z, j);
      const t = zj / (ld(delta, j) * ld(work, j));
      phi += zj * t;
      dphi += t * t;
      erretm += phi;
    }
    let t = ld(z, org) / (ld(delta, org) * ld(work, org));
    const dw = dpsi + dphi + t * t;
    t *= ld(z, org);
    const w = rhoinv + phi + psi + t;
    erretm = 8 * (phi - psi) + erretm + 2 * rhoinv + 3 * abs<f64>(t) + abs<f64>(tau) * dw;
    if (abs<f64>(w) <= EPS * erretm) {
      store<f64>(sigma, base + sigmaShift(base, tau));
      return true;
    }
    if (narrow(w, tau)) break;
    let eta: f64;
    if (it >= MODEL_STEPS) {
      eta = (gLb + gUb) / 2 - tau;
    } else {
      const di = ld(delta, i) * ld(work, i); // pole − σ²
      const dp = ld(delta, ip1) * ld(work, ip1);
      const cc = orgati
        ? w - dp * dw - gap(d, i, ip1) * (zi / di) * (zi / di)
        : w - di * dw - gap(d, ip1, i) * (zp / dp) * (zp / dp);
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
  return finish(k, d, z, base, tau, delta, work, sigma);
}

/** The largest root: σ² in (d[k−1]², d[k−1]² + rho] (‖z‖ = 1). */
function lastRoot(k: i32, d: usize, z: usize, rho: f64, delta: usize, work: usize, sigma: usize): bool {
  const rhoinv = 1 / rho;
  const n1 = k - 1;
  const n2 = k - 2;
  const base = ld(d, n1);
  const mid = rho / 2;
  let c = rhoinv;
  for (let j = 0; j < n2; j++) {
    const zj = ld(z, j);
    c += zj * zj / (gap(d, j, n1) - mid);
  }
  const del = gap(d, n1, n2);
  const z1 = ld(z, n1);
  const z2 = ld(z, n2);
  const wmid = c + z2 * z2 / (-del - mid) + z1 * z1 / (-mid);
  let tau: f64;
  // The two-pole guess (dlasd4's).
  const ga = -c * del + z2 * z2 + z1 * z1;
  const gb = z1 * z1 * del;
  const gr = sqrt<f64>(ga * ga + 4 * gb * c);
  const guess = ga < 0 ? 2 * gb / (gr - ga) : (ga + gr) / (2 * c);
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
    evaluate(k, n1, d, z, base, tau, delta, work);
    const psi = gPsi;
    const dpsi = gDpsi;
    let erretm = gErretm;
    const t = z1 / (ld(delta, n1) * ld(work, n1));
    const phi = z1 * t;
    const dphi = t * t;
    erretm = 8 * (-phi - psi) + erretm - phi + rhoinv + abs<f64>(tau) * (dpsi + dphi);
    const w = rhoinv + phi + psi;
    if (abs<f64>(w) <= EPS * erretm) {
      store<f64>(sigma, base + sigmaShift(base, tau));
      return true;
    }
    if (narrow(w, tau)) break;
    let eta: f64;
    if (it >= MODEL_STEPS) {
      eta = (gLb + gUb) / 2 - tau;
    } else {
      const da = ld(delta, n2) * ld(work, n2);
      const db = ld(delta, n1) * ld(work, n1);
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
  return finish(k, d, z, base, tau, delta, work, sigma);
}

/**
 * Root i (0-based, ascending) of 1 + rho·Σ z_j²/(d_j² − σ²) = 0 for poles 0 ≤ d_0 < … < d_{k−1}
 * and ‖z‖ = 1: σ into *sigma, d_j − σ into delta[j], d_j + σ into work[j]. False when the
 * iteration did not meet its stopping test (the result is then the bracket's best).
 */
export function lasd4(k: i32, i: i32, d: usize, z: usize, rho: f64, delta: usize, work: usize, sigma: usize): bool {
  if (k == 1) {
    const d0 = ld(d, 0);
    const s = hypot(d0, sqrt<f64>(rho) * ld(z, 0));
    store<f64>(sigma, s);
    store<f64>(delta, d0 - s);
    store<f64>(work, d0 + s);
    return true;
  }
  return i + 1 == k ? lastRoot(k, d, z, rho, delta, work, sigma) : interiorRoot(k, i, d, z, rho, delta, work, sigma);
}

function hypot(x: f64, y: f64): f64 {
  const xa = abs<f64>(x);
  const ya = abs<f64>(y);
  const w = max<f64>(xa, ya);
  const v = min<f64>(xa, ya);
  if (v == 0) return w;
  const q = v / w;
  return w * sqrt<f64>(1 + q * q);
}
