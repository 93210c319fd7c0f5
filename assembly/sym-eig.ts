/**
 * Symmetric eigendecomposition (the `symEig` kernel of src/backend/kernels.ts), LAPACK dsyev's
 * path: dsytd2-style Householder tridiagonalisation, explicit Qᵀ (dorgtr's job, four reflectors
 * at a time in compact WY form), dsteqr's implicit QL/QR with Wilkinson shifts, then a sort with
 * the vectors.
 *
 * Layout. A is row-major and symmetric, so its upper triangle in row-major order IS the lower
 * triangle in column-major order: dsytd2('L') runs unchanged with "column j" = row j, and every
 * symv / syr2 / reflector loop walks contiguous row segments (f64x2, unaligned: odd n).
 *
 * Vectors. Qᵀ is formed in place in `a` (reflector k lives in row k; forming proceeds from the
 * last reflector, each block's reflectors copied out before their rows are overwritten). The
 * QL/QR rotations act on columns of Z = Q·G₁G₂…, i.e. on two contiguous ROWS of Zᵀ, which is
 * why Zᵀ (not Z) is kept and transposed once at the end. The tridiagonal iteration never
 * reads Z, so rotations are only recorded (c, s per rotation, one header per sweep) and replayed
 * later in column strips of Zᵀ (8 doubles = one cache line per row): a strip of Zᵀ stays in L1
 * while the whole recorded sequence streams past it, and each sweep carries the moving row in
 * registers (one load + one store per element per rotation). Every element sees exactly the same
 * operations in the same order as with immediate application, so results are identical.
 */

// Machine constants as LAPACK's dlamch gives them (literals: no start-function initialisers).
const EPS: f64 = 1.1102230246251565e-16; // dlamch('E') = 2^-53
const EPS2: f64 = 1.232595164407831e-32; // EPS²
const SAFMIN: f64 = 2.2250738585072014e-308; // dlamch('S') = 2^-1022
const SAFMAX: f64 = 4.49423283715579e307; // 1 / SAFMIN = 2^1022
const SSFMAX: f64 = 2.2346346549904327e153; // dsteqr: sqrt(SAFMAX) / 3
const SSFMIN: f64 = 1.210184973390412e-122; // dsteqr: sqrt(SAFMIN) / EPS2 = 2^-405
const RTMIN: f64 = 1.4916681462400413e-154; // dlartg: sqrt(SAFMIN)
const RTMAX: f64 = 4.740375954054589e153; // dlartg: sqrt(SAFMAX / 2)
const LARFG_SMALL: f64 = 2.004168360008973e-292; // dlarfg: SAFMIN / EPS = 2^-969
const SYEV_RMIN: f64 = 1.0010415475915505e-146; // dsyev: sqrt(SAFMIN / (2 EPS)) = 2^-485
const SYEV_RMAX: f64 = 9.989595361011175e145; // dsyev: 1 / SYEV_RMIN = 2^485

const MAXIT = 30; // LAPACK's cap: 30·n QL/QR iterations in total
const STRIP = 8; // columns of Zᵀ per replay strip: one 64-byte cache line per row
const qtScratch = memory.data(16 * 8, 16); // formQt's 4 × 4 T factor

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
function rotCapacity(n: i32): i32 {
  return 32 * n + 64;
}

/**
 * f64 slots the JS side must provide as `work` for `symEig(n, …, wantVectors, work)`:
 * e, tau, y, perm (n each), plus the rotation buffer and sweep headers when vectors are wanted.
 */
export function symEigWorkSize(n: i32, wantVectors: i32): i32 {
  if (n <= 0) return 0;
  return 4 * n + (wantVectors ? 4 * rotCapacity(n) : 0);
}

// ---------------------------------------------------------------- scalar helpers (LAPACK)

/** dlapy2: sqrt(x² + y²) without destructive overflow. */
function lapy2(x: f64, y: f64): f64 {
  const xa = abs<f64>(x);
  const ya = abs<f64>(y);
  const w = max<f64>(xa, ya);
  const z = min<f64>(xa, ya);
  if (z == 0 || w > 1.7976931348623157e308) return w;
  const q = z / w;
  return w * sqrt<f64>(1 + q * q);
}

// dlartg's outputs (module globals: AssemblyScript has no cheap multi-value return).
let gC: f64 = 0;
let gS: f64 = 0;
let gR: f64 = 0;

/** dlartg (LAPACK ≥ 3.10): c·f + s·g = r, −s·f + c·g = 0, c ≥ 0, r carries f's sign. */
function lartg(f: f64, g: f64): void {
  if (g == 0) {
    gC = 1;
    gS = 0;
    gR = f;
    return;
  }
  if (f == 0) {
    gC = 0;
    gS = copysign<f64>(1, g);
    gR = abs<f64>(g);
    return;
  }
  const f1 = abs<f64>(f);
  const g1 = abs<f64>(g);
  if (f1 > RTMIN && f1 < RTMAX && g1 > RTMIN && g1 < RTMAX) {
    const d = sqrt<f64>(f * f + g * g);
    gC = f1 / d;
    const r = copysign<f64>(d, f);
    gS = g / r;
    gR = r;
  } else {
    const u = min<f64>(SAFMAX, max<f64>(SAFMIN, max<f64>(f1, g1)));
    const fs = f / u;
    const gs = g / u;
    const d = sqrt<f64>(fs * fs + gs * gs);
    gC = abs<f64>(fs) / d;
    const r = copysign<f64>(d, f);
    gS = gs / r;
    gR = r * u;
  }
}

// dlaev2's outputs: rt1 (larger |·|), rt2, and (cs1, sn1) the unit eigenvector of rt1.
let gRt1: f64 = 0;
let gRt2: f64 = 0;
let gCs1: f64 = 0;
let gSn1: f64 = 0;

/** dlaev2 / dlae2: eigen-decomposition of [[a, b], [b, c]]. */
function laev2(a: f64, b: f64, c: f64, wantVector: bool): void {
  const sm = a + c;
  const df = a - c;
  const adf = abs<f64>(df);
  const tb = b + b;
  const ab = abs<f64>(tb);
  let acmx: f64, acmn: f64;
  if (abs<f64>(a) > abs<f64>(c)) {
    acmx = a;
    acmn = c;
  } else {
    acmx = c;
    acmn = a;
  }
  let rt: f64;
  if (adf > ab) {
    const q = ab / adf;
    rt = adf * sqrt<f64>(1 + q * q);
  } else if (adf < ab) {
    const q = adf / ab;
    rt = ab * sqrt<f64>(1 + q * q);
  } else {
    rt = ab * 1.4142135623730951;
  }
  let sgn1: i32;
  if (sm < 0) {
    gRt1 = 0.5 * (sm - rt);
    sgn1 = -1;
    // Order of operations matters for an accurate smaller eigenvalue (LAPACK's comment).
    gRt2 = (acmx / gRt1) * acmn - (b / gRt1) * b;
  } else if (sm > 0) {
    gRt1 = 0.5 * (sm + rt);
    sgn1 = 1;
    gRt2 = (acmx / gRt1) * acmn - (b / gRt1) * b;
  } else {
    gRt1 = 0.5 * rt;
    gRt2 = -0.5 * rt;
    sgn1 = 1;
  }
  if (!wantVector) return;
  let cs: f64, sgn2: i32;
  if (df >= 0) {
    cs = df + rt;
    sgn2 = 1;
  } else {
    cs = df - rt;
    sgn2 = -1;
  }
  if (abs<f64>(cs) > ab) {
    const ct = -tb / cs;
    gSn1 = 1 / sqrt<f64>(1 + ct * ct);
    gCs1 = ct * gSn1;
  } else if (ab == 0) {
    gCs1 = 1;
    gSn1 = 0;
  } else {
    const tn = -cs / tb;
    gCs1 = 1 / sqrt<f64>(1 + tn * tn);
    gSn1 = tn * gCs1;
  }
  if (sgn1 == sgn2) {
    const tn = gCs1;
    gCs1 = -gSn1;
    gSn1 = tn;
  }
}

/** Euclidean norm of `len` contiguous f64 at `x`; rescales only when the plain sum is unsafe. */
function nrm2(len: i32, x: usize): f64 {
  let acc = f64x2.splat(0);
  let i = 0;
  for (; i + 1 < len; i += 2) {
    const v = v128.load(x + (<usize>i << 3), 0, 8);
    acc = f64x2.add(acc, f64x2.mul(v, v));
  }
  let ssq = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (i < len) {
    const v = load<f64>(x + (<usize>i << 3));
    ssq += v * v;
  }
  // Safe range: no overflow, and anything that underflowed is negligible next to the sum.
  if (ssq > 1e-280 && ssq < 1e300) return sqrt<f64>(ssq);
  let scale: f64 = 0;
  for (let j = 0; j < len; j++) scale = max<f64>(scale, abs<f64>(load<f64>(x + (<usize>j << 3))));
  if (scale == 0 || scale != scale || scale > 1.7976931348623157e308) return scale;
  ssq = 0;
  for (let j = 0; j < len; j++) {
    const v = load<f64>(x + (<usize>j << 3)) / scale;
    ssq += v * v;
  }
  return scale * sqrt<f64>(ssq);
}

/** x ← alpha · x over `len` contiguous f64. */
function scal(len: i32, alpha: f64, x: usize): void {
  const av = f64x2.splat(alpha);
  let i = 0;
  for (; i + 1 < len; i += 2) {
    const p = x + (<usize>i << 3);
    v128.store(p, f64x2.mul(av, v128.load(p, 0, 8)), 0, 8);
  }
  if (i < len) {
    const p = x + (<usize>i << 3);
    store<f64>(p, alpha * load<f64>(p));
  }
}

let gBeta: f64 = 0;

/**
 * dlarfg: H = I − tau·v·vᵀ with H·(alpha, x) = (beta, 0), v = (1, x'), x' overwriting x
 * (`m` − 1 values at `x`). Returns tau; beta goes to gBeta.
 */
function larfg(m: i32, alpha: f64, x: usize): f64 {
  if (m <= 1) {
    gBeta = alpha;
    return 0;
  }
  let xnorm = nrm2(m - 1, x);
  if (xnorm == 0) {
    gBeta = alpha;
    return 0;
  }
  let beta = -copysign<f64>(lapy2(alpha, xnorm), alpha);
  let knt = 0;
  if (abs<f64>(beta) < LARFG_SMALL) {
    // xnorm and beta may be inaccurate this small: scale up (at most 20 times) and recompute.
    const rs: f64 = 1 / LARFG_SMALL;
    do {
      knt++;
      scal(m - 1, rs, x);
      beta *= rs;
      alpha *= rs;
    } while (abs<f64>(beta) < LARFG_SMALL && knt < 20);
    xnorm = nrm2(m - 1, x);
    beta = -copysign<f64>(lapy2(alpha, xnorm), alpha);
  }
  const tau = (beta - alpha) / beta;
  scal(m - 1, 1 / (alpha - beta), x);
  for (let j = 0; j < knt; j++) beta *= LARFG_SMALL;
  gBeta = beta;
  return tau;
}

// ---------------------------------------------------------------- tridiagonalisation

/**
 * y ← tau · T · v for the m × m symmetric T whose upper triangle is stored row-major at `t`
 * (row stride `ld` bytes): one pass over the triangle, each row giving a dot (for y[p]) and
 * an axpy (into y[p+1..]).
 */
function symv(m: i32, tau: f64, t: usize, ld: usize, v: usize, y: usize): void {
  memory.fill(y, 0, <usize>m << 3);
  for (let p = 0; p < m; p++) {
    const row = t + <usize>p * ld;
    const t1 = tau * load<f64>(v + (<usize>p << 3));
    const yp = load<f64>(y + (<usize>p << 3)) + t1 * load<f64>(row + (<usize>p << 3));
    const t1v = f64x2.splat(t1);
    let acc0 = f64x2.splat(0);
    let acc1 = acc0;
    let q = p + 1;
    for (; q + 3 < m; q += 4) {
      const o = <usize>q << 3;
      const a0 = v128.load(row + o, 0, 8);
      const a1 = v128.load(row + o, 16, 8);
      v128.store(y + o, f64x2.add(v128.load(y + o, 0, 8), f64x2.mul(t1v, a0)), 0, 8);
      v128.store(y + o, f64x2.add(v128.load(y + o, 16, 8), f64x2.mul(t1v, a1)), 16, 8);
      acc0 = f64x2.add(acc0, f64x2.mul(a0, v128.load(v + o, 0, 8)));
      acc1 = f64x2.add(acc1, f64x2.mul(a1, v128.load(v + o, 16, 8)));
    }
    acc0 = f64x2.add(acc0, acc1);
    let s = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1);
    for (; q < m; q++) {
      const o = <usize>q << 3;
      const aq = load<f64>(row + o);
      store<f64>(y + o, load<f64>(y + o) + t1 * aq);
      s += aq * load<f64>(v + o);
    }
    store<f64>(y + (<usize>p << 3), yp + tau * s);
  }
}

/** T ← T − v·yᵀ − y·vᵀ on the upper triangle (row-major, stride `ld` bytes) of the m × m T. */
function syr2(m: i32, t: usize, ld: usize, v: usize, y: usize): void {
  for (let p = 0; p < m; p++) {
    const row = t + <usize>p * ld;
    const vp = load<f64>(v + (<usize>p << 3));
    const yp = load<f64>(y + (<usize>p << 3));
    const vv = f64x2.splat(vp);
    const yv = f64x2.splat(yp);
    let q = p;
    for (; q + 3 < m; q += 4) {
      const o = <usize>q << 3;
      const r0 = f64x2.add(
        f64x2.mul(vv, v128.load(y + o, 0, 8)),
        f64x2.mul(yv, v128.load(v + o, 0, 8)),
      );
      const r1 = f64x2.add(
        f64x2.mul(vv, v128.load(y + o, 16, 8)),
        f64x2.mul(yv, v128.load(v + o, 16, 8)),
      );
      v128.store(row + o, f64x2.sub(v128.load(row + o, 0, 8), r0), 0, 8);
      v128.store(row + o, f64x2.sub(v128.load(row + o, 16, 8), r1), 16, 8);
    }
    for (; q < m; q++) {
      const o = <usize>q << 3;
      store<f64>(row + o, load<f64>(row + o) - (vp * load<f64>(y + o) + yp * load<f64>(v + o)));
    }
  }
}

/**
 * Step k's rank-2 update fused with step k+1's symv, over rows 1…m−1 of step k's m × m trailing
 * block at `t` (row 0 is already updated and gave reflector k+1, `v2` with v2[0] = 1). Each row is
 * updated and immediately multiplied by v2 while in registers, so the trailing triangle (which
 * outgrows L2 at n ≈ 350) is streamed once per step instead of twice. y2 ← tau2 · T' · v2.
 * v2 / y2 are indexed from column k+2, i.e. one behind v / y.
 */
function syr2Symv(m: i32, t: usize, ld: usize, v: usize, y: usize, v2: usize, y2: usize, tau2: f64): void {
  memory.fill(y2, 0, <usize>(m - 1) << 3);
  const v2s = v2 - 8; // v2s + 8q = v2[q − 1]: same column as v[q]
  const y2s = y2 - 8;
  for (let p = 1; p < m; p++) {
    const row = t + <usize>p * ld;
    const po = <usize>p << 3;
    const vp = load<f64>(v + po);
    const yp = load<f64>(y + po);
    const app = load<f64>(row + po) - (vp * yp + yp * vp);
    store<f64>(row + po, app);
    const t1 = tau2 * load<f64>(v2s + po);
    const ydiag = load<f64>(y2s + po) + t1 * app;
    const vv = f64x2.splat(vp);
    const yv = f64x2.splat(yp);
    const t1v = f64x2.splat(t1);
    let acc0 = f64x2.splat(0);
    let acc1 = acc0;
    let q = p + 1;
    for (; q + 3 < m; q += 4) {
      const o = <usize>q << 3;
      const n0 = f64x2.sub(
        v128.load(row + o, 0, 8),
        f64x2.add(f64x2.mul(vv, v128.load(y + o, 0, 8)), f64x2.mul(yv, v128.load(v + o, 0, 8))),
      );
      const n1 = f64x2.sub(
        v128.load(row + o, 16, 8),
        f64x2.add(f64x2.mul(vv, v128.load(y + o, 16, 8)), f64x2.mul(yv, v128.load(v + o, 16, 8))),
      );
      v128.store(row + o, n0, 0, 8);
      v128.store(row + o, n1, 16, 8);
      v128.store(y2s + o, f64x2.add(v128.load(y2s + o, 0, 8), f64x2.mul(t1v, n0)), 0, 8);
      v128.store(y2s + o, f64x2.add(v128.load(y2s + o, 16, 8), f64x2.mul(t1v, n1)), 16, 8);
      acc0 = f64x2.add(acc0, f64x2.mul(n0, v128.load(v2s + o, 0, 8)));
      acc1 = f64x2.add(acc1, f64x2.mul(n1, v128.load(v2s + o, 16, 8)));
    }
    acc0 = f64x2.add(acc0, acc1);
    let s = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1);
    for (; q < m; q++) {
      const o = <usize>q << 3;
      const an = load<f64>(row + o) - (vp * load<f64>(y + o) + yp * load<f64>(v + o));
      store<f64>(row + o, an);
      store<f64>(y2s + o, load<f64>(y2s + o) + t1 * an);
      s += an * load<f64>(v2s + o);
    }
    store<f64>(y2s + po, ydiag + tau2 * s);
  }
}

/**
 * dsytd2('L') on the column-major view (= upper triangle of row-major `a`): A = Q·T·Qᵀ with
 * Q = H₀H₁…H_{n−2}. Diagonal → d, off-diagonal → e, tau_k → tau, reflector k's v (v[k+1] = 1
 * implicit) in row k, columns k+2.. of `a`. `y`, `y2`: n scratch values each. Same arithmetic
 * as dsytd2, reordered: step k's syr2 on row k+1 first, then reflector k+1, then the rest of
 * step k's syr2 fused with step k+1's symv.
 */
function tridiagonalise(n: i32, a: usize, d: usize, e: usize, tau: usize, y: usize, y2: usize): void {
  const ld = <usize>n << 3;
  // Reflector 0 and its (unfused) symv.
  let tk = larfg(n - 1, load<f64>(a + 8), a + 16);
  let beta = gBeta;
  if (tk != 0) {
    store<f64>(a + 8, 1);
    symv(n - 1, tk, a + 8 + ld, ld, a + 8, y);
  }
  for (let k = 0; k < n - 1; k++) {
    const m = n - k - 1; // v spans indices k+1..n−1
    const rowk = a + <usize>k * ld;
    const vp = rowk + (<usize>(k + 1) << 3); // v: the contiguous row segment a[k][k+1..n−1]
    const t = vp + ld; // a[k+1][k+1]: the trailing m × m block
    if (tk != 0) {
      // w = y − ½·tau·(yᵀv)·v, so that the update is T ← T − v·wᵀ − w·vᵀ
      let dot: f64 = 0;
      for (let q = 0; q < m; q++) dot += load<f64>(y + (<usize>q << 3)) * load<f64>(vp + (<usize>q << 3));
      const alpha = -0.5 * tk * dot;
      for (let q = 0; q < m; q++) {
        const o = <usize>q << 3;
        store<f64>(y + o, load<f64>(y + o) + alpha * load<f64>(vp + o));
      }
      // Row 0 of the block first: reflector k+1 is made from it.
      const v0 = load<f64>(vp);
      const y0 = load<f64>(y);
      for (let q = 0; q < m; q++) {
        const o = <usize>q << 3;
        store<f64>(t + o, load<f64>(t + o) - (v0 * load<f64>(y + o) + y0 * load<f64>(vp + o)));
      }
    }
    // Reflector k+1 from the (now final) row k+1.
    let tn: f64 = 0;
    let betan: f64 = 0;
    const vpn = t + 8; // a[k+1][k+2]
    if (k + 1 < n - 1) {
      tn = larfg(m - 1, load<f64>(vpn), vpn + 8);
      betan = gBeta;
      if (tn != 0) store<f64>(vpn, 1);
    }
    if (tk != 0 && tn != 0) syr2Symv(m, t, ld, vp, y, vpn, y2, tn);
    else if (tk != 0) syr2(m - 1, t + ld + 8, ld, vp + 8, y + 8);
    else if (tn != 0) symv(m - 1, tn, t + ld + 8, ld, vpn, y2);
    store<f64>(vp, beta);
    store<f64>(e + (<usize>k << 3), beta);
    store<f64>(d + (<usize>k << 3), load<f64>(rowk + (<usize>k << 3)));
    store<f64>(tau + (<usize>k << 3), tk);
    const ty = y;
    y = y2;
    y2 = ty;
    tk = tn;
    beta = betan;
  }
  const last = <usize>(n - 1);
  store<f64>(d + (last << 3), load<f64>(a + last * ld + (last << 3)));
}

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
      a0 = f64x2.add(a0, f64x2.mul(x, v128.load(pv, 0)));
      a1 = f64x2.add(a1, f64x2.mul(x, v128.load(pv, 16)));
      a2 = f64x2.add(a2, f64x2.mul(x, v128.load(pv, 32)));
      a3 = f64x2.add(a3, f64x2.mul(x, v128.load(pv, 48)));
      b0 = f64x2.add(b0, f64x2.mul(z, v128.load(pv, 64)));
      b1 = f64x2.add(b1, f64x2.mul(z, v128.load(pv, 80)));
      b2 = f64x2.add(b2, f64x2.mul(z, v128.load(pv, 96)));
      b3 = f64x2.add(b3, f64x2.mul(z, v128.load(pv, 112)));
      pr += 32;
      pv += 128;
    }
    if (pr < rowEnd) {
      const x = v128.load(pr, 0, 8);
      a0 = f64x2.add(a0, f64x2.mul(x, v128.load(pv, 0)));
      a1 = f64x2.add(a1, f64x2.mul(x, v128.load(pv, 16)));
      a2 = f64x2.add(a2, f64x2.mul(x, v128.load(pv, 32)));
      a3 = f64x2.add(a3, f64x2.mul(x, v128.load(pv, 48)));
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
        f64x2.add(f64x2.mul(s0, v128.load(pv, 0)), f64x2.mul(s1, v128.load(pv, 16))),
        f64x2.add(f64x2.mul(s2, v128.load(pv, 32)), f64x2.mul(s3, v128.load(pv, 48))),
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
function formQt(n: i32, a: usize, tau: usize, vb: usize): void {
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

// ---------------------------------------------------------------- rotation replay

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
        v128.store(p, f64x2.sub(f64x2.mul(c, t0), f64x2.mul(s, x0)), 0, 8);
        v128.store(p, f64x2.sub(f64x2.mul(c, t1), f64x2.mul(s, x1)), 16, 8);
        v128.store(p, f64x2.sub(f64x2.mul(c, t2), f64x2.mul(s, x2)), 32, 8);
        v128.store(p, f64x2.sub(f64x2.mul(c, t3), f64x2.mul(s, x3)), 48, 8);
        t0 = f64x2.add(f64x2.mul(s, t0), f64x2.mul(c, x0));
        t1 = f64x2.add(f64x2.mul(s, t1), f64x2.mul(c, x1));
        t2 = f64x2.add(f64x2.mul(s, t2), f64x2.mul(c, x2));
        t3 = f64x2.add(f64x2.mul(s, t3), f64x2.mul(c, x3));
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
        v128.store(p, f64x2.add(f64x2.mul(s, x0), f64x2.mul(c, u0)), 0, 8);
        v128.store(p, f64x2.add(f64x2.mul(s, x1), f64x2.mul(c, u1)), 16, 8);
        v128.store(p, f64x2.add(f64x2.mul(s, x2), f64x2.mul(c, u2)), 32, 8);
        v128.store(p, f64x2.add(f64x2.mul(s, x3), f64x2.mul(c, u3)), 48, 8);
        u0 = f64x2.sub(f64x2.mul(c, x0), f64x2.mul(s, u0));
        u1 = f64x2.sub(f64x2.mul(c, x1), f64x2.mul(s, u1));
        u2 = f64x2.sub(f64x2.mul(c, x2), f64x2.mul(s, u2));
        u3 = f64x2.sub(f64x2.mul(c, x3), f64x2.mul(s, u3));
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
        v128.store(p, f64x2.sub(f64x2.mul(c, t), f64x2.mul(s, x)), 0, 8);
        t = f64x2.add(f64x2.mul(s, t), f64x2.mul(c, x));
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
        v128.store(p, f64x2.add(f64x2.mul(s, x), f64x2.mul(c, u)), 0, 8);
        u = f64x2.sub(f64x2.mul(c, x), f64x2.mul(s, u));
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
function flushRotations(): void {
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
function beginSweep(lo: i32, cnt: i32, backward: i32): usize {
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

// ---------------------------------------------------------------- implicit QL / QR (dsteqr)

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
function steqr(n: i32, d: usize, e: usize, vec: bool): i32 {
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

// ---------------------------------------------------------------- driver

export function symEig(n: i32, a: usize, w: usize, z: usize, wantVectors: i32, work: usize): i32 {
  if (n <= 0) return 0;
  if (n == 1) {
    store<f64>(w, load<f64>(a));
    if (wantVectors) store<f64>(z, 1);
    return 0;
  }
  const vec = wantVectors != 0;
  const ld = <usize>n << 3;
  const e = work;
  const tau = e + ld;
  const y = tau + ld;
  const perm = y + ld; // n i32 (n f64 slots reserved)

  // dsyev's scaling: keep ‖A‖_max within [2^-485, 2^485] so the reduction cannot over/underflow.
  // Only the upper triangle is read from here on.
  let anrm: f64 = 0;
  for (let i = 0; i < n; i++) {
    const row = a + <usize>i * ld;
    for (let j = i; j < n; j++) anrm = max<f64>(anrm, abs<f64>(load<f64>(row + (<usize>j << 3))));
  }
  let sigma: f64 = 1;
  if (anrm > 0 && anrm < SYEV_RMIN) sigma = SYEV_RMIN / anrm;
  else if (anrm > SYEV_RMAX) sigma = SYEV_RMAX / anrm;
  if (sigma != 1) {
    for (let i = 0; i < n; i++) scal(n - i, sigma, a + <usize>i * ld + (<usize>i << 3));
  }

  tridiagonalise(n, a, w, e, tau, y, perm); // perm is free until the sort

  if (vec) {
    rotBase = perm + ld; // 2·rotCap ≥ 8·n + 8 f64: formQt's V copies fit here before any rotation
    formQt(n, a, tau, rotBase);
    ztBase = a;
    ztN = n;
    rotCap = rotCapacity(n);
    hdrBase = rotBase + (<usize>rotCap << 4);
    rotUsed = 0;
    sweeps = 0;
  }
  const info = steqr(n, w, e, vec);
  if (vec) flushRotations();
  if (info != 0) return info;

  if (sigma != 1) scal(n, 1 / sigma, w);

  // Sort ascending (stable insertion sort on indices: ties keep QL order, O(n²) ≪ O(n³)).
  for (let i = 0; i < n; i++) store<i32>(perm + (<usize>i << 2), i);
  for (let i = 1; i < n; i++) {
    const pi = load<i32>(perm + (<usize>i << 2));
    const vi = load<f64>(w + (<usize>pi << 3));
    let j = i - 1;
    while (j >= 0) {
      const pj = load<i32>(perm + (<usize>j << 2));
      if (load<f64>(w + (<usize>pj << 3)) <= vi) break;
      store<i32>(perm + (<usize>(j + 1) << 2), pj);
      j--;
    }
    store<i32>(perm + (<usize>(j + 1) << 2), pi);
  }
  for (let i = 0; i < n; i++) {
    store<f64>(y + (<usize>i << 3), load<f64>(w + (<usize>load<i32>(perm + (<usize>i << 2)) << 3)));
  }
  memory.copy(w, y, ld);

  if (vec) {
    // z[r][p] = Zᵀ[perm[p]][r]: transpose with the sort folded in, 8 source rows at a time so
    // the writes fill whole cache lines of z.
    for (let p0 = 0; p0 < n; p0 += 8) {
      const pEnd = min<i32>(p0 + 8, n);
      for (let p = p0; p < pEnd; p++) {
        const src = a + <usize>load<i32>(perm + (<usize>p << 2)) * ld;
        let dst = z + (<usize>p << 3);
        for (let r = 0; r < n; r++) {
          store<f64>(dst, load<f64>(src + (<usize>r << 3)));
          dst += ld;
        }
      }
    }
  }
  return 0;
}
