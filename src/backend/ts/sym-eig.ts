/**
 * Reference symmetric eigensolver (the `symEig` kernel) in plain TypeScript, following LAPACK
 * dsyev's path step by step (LAPACK 3.12: dsyev.f, dsytd2.f, dlarfg.f, dorg2l.f, dsteqr.f,
 * dsterf.f, dlartg.f90, dlaev2.f; background in Golub & Van Loan §8.3):
 *
 * 1. scale A into [RMIN, RMAX] when its largest entry is extreme (dsyev), so no square
 *    under- or overflows;
 * 2. Householder tridiagonalisation T = Qᵀ A Q with symmetric rank-2 updates on one triangle,
 *    the reflectors kept in A (dsytd2, UPLO = 'L');
 * 3. values only: root-free QL/QR (Pal–Walker–Kahan, dsterf), O(n²);
 *    vectors: Q formed explicitly, then implicit QL/QR with Wilkinson shifts (dsteqr), each
 *    block run as QL or QR towards its larger end — what keeps graded matrices accurate;
 * 4. sort ascending, eigenvectors with their values.
 *
 * Layout. Row-major, symmetric: the row-major upper triangle is the same memory as LAPACK's
 * column-major lower one, so dsytd2 'L' reads contiguous rows. The eigenvector matrix is kept
 * TRANSPOSED while it is built (row j = eigenvector j), in `z` itself: every Givens rotation
 * then updates two contiguous rows, and one permuted transpose at the end (through `a`, which
 * is free workspace by then) sorts and lays out the columns. The kernel allocates nothing once
 * its O(n) scratch has grown to the largest n seen.
 */

const EPS = 2 ** -53; // dlamch('E'): relative machine precision
const EPS2 = EPS * EPS;
const SAFMIN = 2 ** -1022; // dlamch('S'): smallest normal, 1/SAFMIN does not overflow
const SAFMAX = 1 / SAFMIN;
/** dsteqr/dsterf rescale a block whose largest entry leaves [SSFMIN, SSFMAX]. */
const SSFMAX = Math.sqrt(SAFMAX) / 3;
const SSFMIN = Math.sqrt(SAFMIN) / EPS2;
/** dsyev rescales A whose largest entry leaves [RMIN, RMAX]. */
const SMLNUM = SAFMIN / EPS;
const RMIN = Math.sqrt(SMLNUM);
const RMAX = Math.sqrt(1 / SMLNUM);
/** dlarfg rescales a reflector whose norm is below this (its tau would lose accuracy). */
const SAFMN_LARFG = SAFMIN / EPS;
/** dlartg: f² + g² is safe to form when both |f| and |g| lie in (RTMIN, RTMAX). */
const RTMIN = Math.sqrt(SAFMIN);
const RTMAX = Math.sqrt(SAFMAX / 2);
/** LAPACK's cap: 30 · n QL/QR iterations over the whole matrix. */
const MAXIT = 30;

// Module-level O(n) scratch, grown on demand (kernels run synchronously, never re-entered).
let cap = 0;
let dBuf = new Float64Array(0); // diagonal of T, then the eigenvalues
let eBuf = new Float64Array(0); // off-diagonal of T
let tauBuf = new Float64Array(0); // Householder scalars
let vBuf = new Float64Array(0); // current Householder vector
let pBuf = new Float64Array(0); // tau · A v, then the rank-2 partner w
let csBuf = new Float64Array(0); // one QL/QR sweep's rotations, applied to Z after the sweep
let snBuf = new Float64Array(0);
let perm = new Int32Array(0);

function ensureScratch(n: number): void {
  if (n <= cap) return;
  cap = Math.max(n, 2 * cap);
  dBuf = new Float64Array(cap);
  eBuf = new Float64Array(cap);
  tauBuf = new Float64Array(cap);
  vBuf = new Float64Array(cap);
  pBuf = new Float64Array(cap);
  csBuf = new Float64Array(cap);
  snBuf = new Float64Array(cap);
  perm = new Int32Array(cap);
}

/**
 * symEig(n, a, w, z, wantVectors) — see `Kernels.symEig` in ../kernels.ts for the contract.
 * Returns 0, or i + 1 when the iteration cap was hit with off-diagonal i not yet negligible.
 */
export function symEig(n: number, a: Float64Array, w: Float64Array, z: Float64Array, wantVectors: 0 | 1): number {
  if (n === 0) return 0;
  if (n === 1) {
    w[0] = a[0];
    if (wantVectors) z[0] = 1;
    return 0;
  }
  ensureScratch(n);
  const d = dBuf;
  const e = eBuf;

  let anrm = 0;
  for (let i = 0; i < n * n; i++) {
    const x = Math.abs(a[i]);
    if (x > anrm) anrm = x;
  }
  let sigma = 1;
  if (anrm > 0 && anrm < RMIN) sigma = RMIN / anrm;
  else if (anrm > RMAX) sigma = RMAX / anrm;
  if (sigma !== 1) for (let i = 0; i < n * n; i++) a[i] *= sigma;

  tridiagonalize(n, a, d, e, tauBuf);

  let info: number;
  if (wantVectors) {
    formQTransposed(n, a, tauBuf, z);
    info = steqr(n, d, e, z);
    if (info !== 0) return info;
    for (let j = 0; j < n; j++) perm[j] = j;
    heapSortIndex(perm, n, d);
    // z holds Vᵀ (unsorted rows). Copy it to `a`, then write back transposed and sorted.
    for (let i = 0; i < n * n; i++) a[i] = z[i];
    for (let j = 0; j < n; j++) {
      const src = perm[j] * n;
      for (let r = 0, dst = j; r < n; r++, dst += n) z[dst] = a[src + r];
      w[j] = d[perm[j]] / sigma;
    }
  } else {
    info = sterf(n, d, e);
    if (info !== 0) return info;
    heapSort(d, n);
    for (let j = 0; j < n; j++) w[j] = d[j] / sigma;
  }
  return 0;
}

/**
 * dsytd2 (UPLO = 'L') on the row-major upper triangle: for k = 0 … n−2 the reflector
 * H(k) = I − tau v vᵀ (v[0] = 1, v[1:] stored in a[k, k+2:]) annihilates a[k, k+2:], and the
 * trailing block B = a[k+1:, k+1:] becomes H B H via p = tau B v, w = p − ½ tau (pᵀv) v,
 * B ← B − v wᵀ − w vᵀ, touching only j ≥ i so every inner loop runs along a row.
 * Unblocked, as dsytd2 (the blocked dsytrd was not tried here).
 */
function tridiagonalize(n: number, a: Float64Array, d: Float64Array, e: Float64Array, tau: Float64Array): void {
  const v = vBuf;
  const p = pBuf;
  for (let k = 0; k < n - 1; k++) {
    const row = k * n;
    const m = n - k - 1; // order of the trailing block, length of the reflected vector
    const taui = householder(a, row + k + 1, m);
    e[k] = a[row + k + 1];
    d[k] = a[row + k];
    tau[k] = taui;
    if (taui === 0) continue;
    v[0] = 1;
    for (let j = 1; j < m; j++) v[j] = a[row + k + 1 + j];
    const base = (k + 1) * n + (k + 1); // B[0, 0]
    symvUpper(m, n, a, base, v, p);
    let pv = 0;
    for (let j = 0; j < m; j++) {
      p[j] *= taui;
      pv += p[j] * v[j];
    }
    const alpha = -0.5 * taui * pv;
    for (let j = 0; j < m; j++) p[j] += alpha * v[j];
    syr2Upper(m, n, a, base, v, p);
  }
  d[n - 1] = a[n * n - 1];
}

/**
 * p ← B v for the symmetric m × m block B at a[base] (row stride n), from its upper triangle
 * (dsymv): row i contributes B[i, i:]·v[i:] to p[i] and B[i, j>i]·v[i] to p[j]. Two rows per
 * pass: two independent dot chains and half the traffic on p.
 */
function symvUpper(m: number, n: number, a: Float64Array, base: number, v: Float64Array, p: Float64Array): void {
  p.fill(0, 0, m);
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const r0 = base + i * n;
    const r1 = r0 + n;
    const v0 = v[i];
    const v1 = v[i + 1];
    const b01 = a[r0 + i + 1];
    let t0 = a[r0 + i] * v0 + b01 * v1;
    let t1 = b01 * v0 + a[r1 + i + 1] * v1;
    for (let j = i + 2; j < m; j++) {
      const x = a[r0 + j];
      const y = a[r1 + j];
      const vj = v[j];
      p[j] += x * v0 + y * v1;
      t0 += x * vj;
      t1 += y * vj;
    }
    p[i] += t0;
    p[i + 1] += t1;
  }
  if (i < m) p[i] += a[base + i * n + i] * v[i];
}

/** B ← B − v pᵀ − p vᵀ on the upper triangle of the block at a[base] (dsyr2), two rows per pass. */
function syr2Upper(m: number, n: number, a: Float64Array, base: number, v: Float64Array, p: Float64Array): void {
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const r0 = base + i * n;
    const r1 = r0 + n;
    const v0 = v[i];
    const p0 = p[i];
    const v1 = v[i + 1];
    const p1 = p[i + 1];
    a[r0 + i] -= v0 * p0 + p0 * v0;
    a[r0 + i + 1] -= v0 * p1 + p0 * v1;
    a[r1 + i + 1] -= v1 * p1 + p1 * v1;
    for (let j = i + 2; j < m; j++) {
      const pj = p[j];
      const vj = v[j];
      a[r0 + j] -= v0 * pj + p0 * vj;
      a[r1 + j] -= v1 * pj + p1 * vj;
    }
  }
  if (i < m) a[base + i * n + i] -= 2 * v[i] * p[i];
}

/**
 * dlarfg on x = a[off : off+m]: chooses beta = −sign(alpha)·‖x‖ (no cancellation in
 * alpha − beta), scales x[1:] into v[1:], stores beta in x[0] and returns tau (0: H = I).
 */
function householder(a: Float64Array, off: number, m: number): number {
  if (m <= 1) return 0;
  let alpha = a[off];
  let xnorm = norm2(a, off + 1, m - 1);
  if (xnorm === 0) return 0;
  let beta = -signOf(lapy2(alpha, xnorm), alpha);
  let knt = 0;
  if (Math.abs(beta) < SAFMN_LARFG) {
    // ‖x‖ is so small that 1/(alpha − beta) could overflow: scale up (at most 20 times), as dlarfg.
    const rsafmn = 1 / SAFMN_LARFG;
    do {
      knt++;
      for (let j = 1; j < m; j++) a[off + j] *= rsafmn;
      beta *= rsafmn;
      alpha *= rsafmn;
    } while (Math.abs(beta) < SAFMN_LARFG && knt < 20);
    xnorm = norm2(a, off + 1, m - 1);
    beta = -signOf(lapy2(alpha, xnorm), alpha);
  }
  const taui = (beta - alpha) / beta;
  const scal = 1 / (alpha - beta);
  for (let j = 1; j < m; j++) a[off + j] *= scal;
  for (let j = 0; j < knt; j++) beta *= SAFMN_LARFG;
  a[off] = beta;
  return taui;
}

/**
 * Qᵀ = H(n−2) ··· H(0), accumulated as M ← M · H(k) for k = n−2 down to 0 (the order of
 * dorg2l/dorg2r: each step touches only the trailing block, still the identity outside it).
 * M·H = M − tau (M v) vᵀ is a dot and an axpy along each row. Two reflectors are applied per
 * pass, to two rows at once (M·H(k)·H(k−1) = M − t₁ v₁ᵀ − t₂ v₂ᵀ with t₂ corrected by v₁·v₂):
 * four independent dot products per element keep the FP units busy instead of waiting on one
 * addition chain, and M is streamed half as often (measured 2.5× faster than one at a time).
 */
function formQTransposed(n: number, a: Float64Array, tau: Float64Array, qt: Float64Array): void {
  qt.fill(0, 0, n * n);
  for (let i = 0; i < n; i++) qt[i * n + i] = 1;
  const v1 = vBuf;
  const v2 = pBuf;
  let k = n - 2;
  for (; k >= 1; k -= 2) {
    // Columns and rows c0 … n−1, with c0 = k: v1 = (0, 1, a[k, k+2:]), v2 = (1, a[k−1, k+1:]).
    const c0 = k;
    const len = n - c0;
    const tau1 = tau[k];
    const tau2 = tau[k - 1];
    v1[0] = 0;
    v1[1] = 1;
    for (let j = 2; j < len; j++) v1[j] = a[k * n + c0 + j];
    v2[0] = 1;
    for (let j = 1; j < len; j++) v2[j] = a[(k - 1) * n + c0 + j];
    let g = 0;
    for (let j = 1; j < len; j++) g += v1[j] * v2[j];
    let r = c0;
    for (; r + 1 < n; r += 2) {
      const o0 = r * n + c0;
      const o1 = o0 + n;
      let s01 = 0, s02 = 0, s11 = 0, s12 = 0;
      for (let j = 0; j < len; j++) {
        const x = qt[o0 + j];
        const y = qt[o1 + j];
        const p = v1[j];
        const q = v2[j];
        s01 += x * p;
        s02 += x * q;
        s11 += y * p;
        s12 += y * q;
      }
      const t01 = tau1 * s01;
      const t02 = tau2 * (s02 - t01 * g);
      const t11 = tau1 * s11;
      const t12 = tau2 * (s12 - t11 * g);
      for (let j = 0; j < len; j++) {
        const p = v1[j];
        const q = v2[j];
        qt[o0 + j] -= t01 * p + t02 * q;
        qt[o1 + j] -= t11 * p + t12 * q;
      }
    }
    if (r < n) {
      const o0 = r * n + c0;
      let s01 = 0, s02 = 0;
      for (let j = 0; j < len; j++) {
        s01 += qt[o0 + j] * v1[j];
        s02 += qt[o0 + j] * v2[j];
      }
      const t01 = tau1 * s01;
      const t02 = tau2 * (s02 - t01 * g);
      for (let j = 0; j < len; j++) qt[o0 + j] -= t01 * v1[j] + t02 * v2[j];
    }
  }
  if (k === 0 && tau[0] !== 0) {
    // The odd one left over: H(0) on rows and columns 1 … n−1.
    const taui = tau[0];
    v1[0] = 1;
    for (let j = 1; j < n - 1; j++) v1[j] = a[1 + j];
    for (let r = 1; r < n; r++) {
      const o = r * n + 1;
      let t = 0;
      for (let j = 0; j < n - 1; j++) t += qt[o + j] * v1[j];
      t *= taui;
      for (let j = 0; j < n - 1; j++) qt[o + j] -= t * v1[j];
    }
  }
}

/**
 * dsteqr (COMPZ = 'V') on the tridiagonal (d, e), rotations applied to the rows of zt (= Zᵀ).
 * Splits into unreduced blocks at negligible e[m] (|e[m]| ≤ √|d[m]|·√|d[m+1]|·ε, the
 * relative test that keeps tiny eigenvalues of graded matrices), then runs QL when the
 * block's bottom end is larger, QR otherwise, so eigenvalues emerge from the large end.
 * Returns 0 or (first non-negligible i) + 1 after 30·n iterations in total.
 */
function steqr(n: number, d: Float64Array, e: Float64Array, zt: Float64Array): number {
  const cs = csBuf;
  const sn = snBuf;
  const nmaxit = n * MAXIT;
  let jtot = 0;
  let l1 = 0;
  while (l1 < n) {
    if (l1 > 0) e[l1 - 1] = 0;
    let m = l1;
    for (; m < n - 1; m++) {
      const tst = Math.abs(e[m]);
      if (tst === 0) break;
      if (tst <= Math.sqrt(Math.abs(d[m])) * Math.sqrt(Math.abs(d[m + 1])) * EPS) {
        e[m] = 0;
        break;
      }
    }
    let l = l1;
    const lsv = l;
    let lend = m;
    const lendsv = lend;
    l1 = m + 1;
    if (lend === l) continue;

    // Scale the block so the shift's squares neither overflow nor underflow.
    const anorm = blockNorm(d, e, l, lend);
    if (anorm === 0) continue;
    const scale = anorm > SSFMAX ? SSFMAX / anorm : anorm < SSFMIN ? SSFMIN / anorm : 1;
    if (scale !== 1) scaleBlock(d, e, l, lend, scale);

    if (Math.abs(d[lend]) < Math.abs(d[l])) {
      lend = lsv;
      l = lendsv;
    }
    if (lend > l) {
      // QL: deflate at the top (l), chase the bulge upwards from m.
      while (l <= lend) {
        for (m = l; m < lend; m++) {
          const tst = e[m] * e[m];
          if (tst <= EPS2 * Math.abs(d[m]) * Math.abs(d[m + 1]) + SAFMIN) break;
        }
        if (m < lend) e[m] = 0;
        let p = d[l];
        if (m === l) {
          l++; // d[l] converged
          continue;
        }
        if (m === l + 1) {
          laev2(d[l], e[l], d[l + 1]);
          rotateRows(n, zt, l, ev2c, ev2s);
          d[l] = ev2rt1;
          d[l + 1] = ev2rt2;
          e[l] = 0;
          l += 2;
          continue;
        }
        if (jtot === nmaxit) return firstNonZero(e, n);
        jtot++;
        // Wilkinson shift: the eigenvalue of the leading 2×2 closer to d[l].
        let g = (d[l + 1] - p) / (2 * e[l]);
        let r = lapy2(g, 1);
        g = d[m] - p + e[l] / (g + signOf(r, g));
        let s = 1;
        let c = 1;
        p = 0;
        for (let i = m - 1; i >= l; i--) {
          const f = s * e[i];
          const b = c * e[i];
          lartg(g, f);
          c = rgC;
          s = rgS;
          r = rgR;
          if (i !== m - 1) e[i + 1] = r;
          g = d[i + 1] - p;
          r = (d[i] - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
          cs[i] = c;
          sn[i] = -s;
        }
        sweepBackward(n, zt, l, m, cs, sn);
        d[l] -= p;
        e[l] = g;
      }
    } else {
      // QR: deflate at the bottom (l), chase the bulge downwards from m.
      while (l >= lend) {
        for (m = l; m > lend; m--) {
          const tst = e[m - 1] * e[m - 1];
          if (tst <= EPS2 * Math.abs(d[m]) * Math.abs(d[m - 1]) + SAFMIN) break;
        }
        if (m > lend) e[m - 1] = 0;
        let p = d[l];
        if (m === l) {
          l--;
          continue;
        }
        if (m === l - 1) {
          laev2(d[l - 1], e[l - 1], d[l]);
          rotateRows(n, zt, l - 1, ev2c, ev2s);
          d[l - 1] = ev2rt1;
          d[l] = ev2rt2;
          e[l - 1] = 0;
          l -= 2;
          continue;
        }
        if (jtot === nmaxit) return firstNonZero(e, n);
        jtot++;
        let g = (d[l - 1] - p) / (2 * e[l - 1]);
        let r = lapy2(g, 1);
        g = d[m] - p + e[l - 1] / (g + signOf(r, g));
        let s = 1;
        let c = 1;
        p = 0;
        for (let i = m; i < l; i++) {
          const f = s * e[i];
          const b = c * e[i];
          lartg(g, f);
          c = rgC;
          s = rgS;
          r = rgR;
          if (i !== m) e[i - 1] = r;
          g = d[i] - p;
          r = (d[i + 1] - g) * s + 2 * c * b;
          p = s * r;
          d[i] = g + p;
          g = c * r - b;
          cs[i] = c;
          sn[i] = s;
        }
        sweepForward(n, zt, m, l, cs, sn);
        d[l] -= p;
        e[l - 1] = g;
      }
    }
    if (scale !== 1) scaleBlock(d, e, lsv, lendsv, 1 / scale);
  }
  return 0;
}

/**
 * dsterf: root-free QL/QR on (d, e²) — no square roots in the inner loop and no vectors, so
 * O(n²) in all. Same splitting, scaling, QL/QR choice and cap as `steqr`.
 */
function sterf(n: number, d: Float64Array, e: Float64Array): number {
  const nmaxit = n * MAXIT;
  let jtot = 0;
  let l1 = 0;
  while (l1 < n) {
    if (l1 > 0) e[l1 - 1] = 0;
    let m = l1;
    for (; m < n - 1; m++) {
      if (Math.abs(e[m]) <= Math.sqrt(Math.abs(d[m])) * Math.sqrt(Math.abs(d[m + 1])) * EPS) {
        e[m] = 0;
        break;
      }
    }
    let l = l1;
    const lsv = l;
    let lend = m;
    const lendsv = lend;
    l1 = m + 1;
    if (lend === l) continue;

    const anorm = blockNorm(d, e, l, lend);
    if (anorm === 0) continue;
    const scale = anorm > SSFMAX ? SSFMAX / anorm : anorm < SSFMIN ? SSFMIN / anorm : 1;
    if (scale !== 1) scaleBlock(d, e, l, lend, scale);
    for (let i = l; i < lend; i++) e[i] *= e[i];

    if (Math.abs(d[lend]) < Math.abs(d[l])) {
      lend = lsv;
      l = lendsv;
    }
    if (lend >= l) {
      while (l <= lend) {
        for (m = l; m < lend; m++) if (Math.abs(e[m]) <= EPS2 * Math.abs(d[m] * d[m + 1])) break;
        if (m < lend) e[m] = 0;
        let p = d[l];
        if (m === l) {
          l++;
          continue;
        }
        if (m === l + 1) {
          lae2(d[l], Math.sqrt(e[l]), d[l + 1]);
          d[l] = ev2rt1;
          d[l + 1] = ev2rt2;
          e[l] = 0;
          l += 2;
          continue;
        }
        if (jtot === nmaxit) return firstNonZero(e, n);
        jtot++;
        const rte = Math.sqrt(e[l]);
        let sig = (d[l + 1] - p) / (2 * rte);
        const r0 = lapy2(sig, 1);
        sig = p - rte / (sig + signOf(r0, sig));
        let c = 1;
        let s = 0;
        let gamma = d[m] - sig;
        p = gamma * gamma;
        for (let i = m - 1; i >= l; i--) {
          const bb = e[i];
          const r = p + bb;
          if (i !== m - 1) e[i + 1] = s * r;
          const oldc = c;
          c = p / r;
          s = bb / r;
          const oldgam = gamma;
          const alpha = d[i];
          gamma = c * (alpha - sig) - s * oldgam;
          d[i + 1] = oldgam + (alpha - gamma);
          p = c !== 0 ? (gamma * gamma) / c : oldc * bb;
        }
        e[l] = s * p;
        d[l] = sig + gamma;
      }
    } else {
      while (l >= lend) {
        for (m = l; m > lend; m--) if (Math.abs(e[m - 1]) <= EPS2 * Math.abs(d[m] * d[m - 1])) break;
        if (m > lend) e[m - 1] = 0;
        let p = d[l];
        if (m === l) {
          l--;
          continue;
        }
        if (m === l - 1) {
          lae2(d[l], Math.sqrt(e[l - 1]), d[l - 1]);
          d[l] = ev2rt1;
          d[l - 1] = ev2rt2;
          e[l - 1] = 0;
          l -= 2;
          continue;
        }
        if (jtot === nmaxit) return firstNonZero(e, n);
        jtot++;
        const rte = Math.sqrt(e[l - 1]);
        let sig = (d[l - 1] - p) / (2 * rte);
        const r0 = lapy2(sig, 1);
        sig = p - rte / (sig + signOf(r0, sig));
        let c = 1;
        let s = 0;
        let gamma = d[m] - sig;
        p = gamma * gamma;
        for (let i = m; i < l; i++) {
          const bb = e[i];
          const r = p + bb;
          if (i !== m) e[i - 1] = s * r;
          const oldc = c;
          c = p / r;
          s = bb / r;
          const oldgam = gamma;
          const alpha = d[i + 1];
          gamma = c * (alpha - sig) - s * oldgam;
          d[i] = oldgam + (alpha - gamma);
          p = c !== 0 ? (gamma * gamma) / c : oldc * bb;
        }
        e[l - 1] = s * p;
        d[l] = sig + gamma;
      }
    }
    // Only d is unscaled: e is squared and, on success, zero.
    if (scale !== 1) for (let i = lsv; i <= lendsv; i++) d[i] /= scale;
  }
  return 0;
}

/**
 * One QL sweep's rotations (dlasr 'R','V','B' on Z, here on the rows of zt): for j = hi−1 down
 * to lo, rows j+1 and j become c·z[j+1] − s·z[j] and s·z[j+1] + c·z[j]. The second result is
 * the input of the next rotation, so it is carried in registers down a strip of 4 columns:
 * each element is loaded and stored once per sweep, not twice (measured 1.5× faster; the
 * update is then bound by scalar multiply throughput, as JS has no SIMD).
 */
function sweepBackward(n: number, zt: Float64Array, lo: number, hi: number, cs: Float64Array, sn: Float64Array): void {
  const n4 = n - (n % 4);
  for (let r = 0; r < n4; r += 4) {
    let o = hi * n + r;
    let k0 = zt[o], k1 = zt[o + 1], k2 = zt[o + 2], k3 = zt[o + 3];
    for (let j = hi - 1; j >= lo; j--) {
      const c = cs[j];
      const s = sn[j];
      const q = o - n;
      const x0 = zt[q], x1 = zt[q + 1], x2 = zt[q + 2], x3 = zt[q + 3];
      zt[o] = c * k0 - s * x0;
      zt[o + 1] = c * k1 - s * x1;
      zt[o + 2] = c * k2 - s * x2;
      zt[o + 3] = c * k3 - s * x3;
      k0 = s * k0 + c * x0;
      k1 = s * k1 + c * x1;
      k2 = s * k2 + c * x2;
      k3 = s * k3 + c * x3;
      o = q;
    }
    zt[o] = k0;
    zt[o + 1] = k1;
    zt[o + 2] = k2;
    zt[o + 3] = k3;
  }
  for (let r = n4; r < n; r++) {
    let o = hi * n + r;
    let k = zt[o];
    for (let j = hi - 1; j >= lo; j--) {
      const q = o - n;
      const x = zt[q];
      zt[o] = cs[j] * k - sn[j] * x;
      k = sn[j] * k + cs[j] * x;
      o = q;
    }
    zt[o] = k;
  }
}

/**
 * One QR sweep's rotations (dlasr 'R','V','F'): the same pair update for j = lo … hi−1, the
 * carry now being row j's partner moving down.
 */
function sweepForward(n: number, zt: Float64Array, lo: number, hi: number, cs: Float64Array, sn: Float64Array): void {
  const n4 = n - (n % 4);
  for (let r = 0; r < n4; r += 4) {
    let o = lo * n + r;
    let k0 = zt[o], k1 = zt[o + 1], k2 = zt[o + 2], k3 = zt[o + 3];
    for (let j = lo; j < hi; j++) {
      const c = cs[j];
      const s = sn[j];
      const q = o + n;
      const x0 = zt[q], x1 = zt[q + 1], x2 = zt[q + 2], x3 = zt[q + 3];
      zt[o] = s * x0 + c * k0;
      zt[o + 1] = s * x1 + c * k1;
      zt[o + 2] = s * x2 + c * k2;
      zt[o + 3] = s * x3 + c * k3;
      k0 = c * x0 - s * k0;
      k1 = c * x1 - s * k1;
      k2 = c * x2 - s * k2;
      k3 = c * x3 - s * k3;
      o = q;
    }
    zt[o] = k0;
    zt[o + 1] = k1;
    zt[o + 2] = k2;
    zt[o + 3] = k3;
  }
  for (let r = n4; r < n; r++) {
    let o = lo * n + r;
    let k = zt[o];
    for (let j = lo; j < hi; j++) {
      const q = o + n;
      const x = zt[q];
      zt[o] = sn[j] * x + cs[j] * k;
      k = cs[j] * x - sn[j] * k;
      o = q;
    }
    zt[o] = k;
  }
}

/** The 2×2 deflation's rotation on rows j, j+1: row j ← c·z[j] + s·z[j+1] (its eigenvector). */
function rotateRows(n: number, zt: Float64Array, j: number, c: number, s: number): void {
  const ra = j * n;
  const rb = ra + n;
  for (let r = 0; r < n; r++) {
    const x = zt[rb + r];
    const y = zt[ra + r];
    zt[rb + r] = c * x - s * y;
    zt[ra + r] = s * x + c * y;
  }
}

// Multiple results of the scalar helpers, returned through module slots (no allocation).
let rgC = 1;
let rgS = 0;
let rgR = 0;
let ev2rt1 = 0;
let ev2rt2 = 0;
let ev2c = 1;
let ev2s = 0;

/**
 * dlartg (LAPACK 3.10+, Anderson's safe scaling): c, s, r with [c s; −s c]·[f; g] = [r; 0],
 * c ≥ 0. f² + g² is formed directly only when neither square can under- or overflow.
 */
function lartg(f: number, g: number): void {
  if (g === 0) {
    rgC = 1;
    rgS = 0;
    rgR = f;
    return;
  }
  if (f === 0) {
    rgC = 0;
    rgS = g > 0 ? 1 : -1;
    rgR = Math.abs(g);
    return;
  }
  const f1 = Math.abs(f);
  const g1 = Math.abs(g);
  if (f1 > RTMIN && f1 < RTMAX && g1 > RTMIN && g1 < RTMAX) {
    const dd = Math.sqrt(f * f + g * g);
    rgC = f1 / dd;
    rgR = f >= 0 ? dd : -dd;
    rgS = g / rgR;
    return;
  }
  const u = Math.min(SAFMAX, Math.max(SAFMIN, f1, g1));
  const fs = f / u;
  const gs = g / u;
  const dd = Math.sqrt(fs * fs + gs * gs);
  rgC = Math.abs(fs) / dd;
  const r = f >= 0 ? dd : -dd;
  rgS = gs / r;
  rgR = r * u;
}

/**
 * dlaev2: eigen-decomposition of [[a, b], [b, c]]: rt1 (larger |·|), rt2, and (cs, sn) the unit
 * eigenvector of rt1. rt2 is computed as det/rt1, not as a difference that could cancel.
 */
function laev2(a: number, b: number, c: number): void {
  const sm = a + c;
  const df = a - c;
  const adf = Math.abs(df);
  const tb = b + b;
  const ab = Math.abs(tb);
  let acmx: number;
  let acmn: number;
  if (Math.abs(a) > Math.abs(c)) {
    acmx = a;
    acmn = c;
  } else {
    acmx = c;
    acmn = a;
  }
  let rt: number;
  if (adf > ab) rt = adf * Math.sqrt(1 + (ab / adf) ** 2);
  else if (adf < ab) rt = ab * Math.sqrt(1 + (adf / ab) ** 2);
  else rt = ab * Math.SQRT2;
  let sgn1: number;
  if (sm < 0) {
    ev2rt1 = 0.5 * (sm - rt);
    sgn1 = -1;
    ev2rt2 = (acmx / ev2rt1) * acmn - (b / ev2rt1) * b;
  } else if (sm > 0) {
    ev2rt1 = 0.5 * (sm + rt);
    sgn1 = 1;
    ev2rt2 = (acmx / ev2rt1) * acmn - (b / ev2rt1) * b;
  } else {
    ev2rt1 = 0.5 * rt;
    ev2rt2 = -0.5 * rt;
    sgn1 = 1;
  }
  let cs: number;
  let sgn2: number;
  if (df >= 0) {
    cs = df + rt;
    sgn2 = 1;
  } else {
    cs = df - rt;
    sgn2 = -1;
  }
  let cs1: number;
  let sn1: number;
  if (Math.abs(cs) > ab) {
    const ct = -tb / cs;
    sn1 = 1 / Math.sqrt(1 + ct * ct);
    cs1 = ct * sn1;
  } else if (ab === 0) {
    cs1 = 1;
    sn1 = 0;
  } else {
    const tn = -cs / tb;
    cs1 = 1 / Math.sqrt(1 + tn * tn);
    sn1 = tn * cs1;
  }
  if (sgn1 === sgn2) {
    const tn = cs1;
    cs1 = -sn1;
    sn1 = tn;
  }
  ev2c = cs1;
  ev2s = sn1;
}

/** dlae2: the eigenvalues of [[a, b], [b, c]] only (rt1 the larger in magnitude). */
function lae2(a: number, b: number, c: number): void {
  const sm = a + c;
  const adf = Math.abs(a - c);
  const ab = Math.abs(b + b);
  const acmx = Math.abs(a) > Math.abs(c) ? a : c;
  const acmn = Math.abs(a) > Math.abs(c) ? c : a;
  let rt: number;
  if (adf > ab) rt = adf * Math.sqrt(1 + (ab / adf) ** 2);
  else if (adf < ab) rt = ab * Math.sqrt(1 + (adf / ab) ** 2);
  else rt = ab * Math.SQRT2;
  if (sm < 0) {
    ev2rt1 = 0.5 * (sm - rt);
    ev2rt2 = (acmx / ev2rt1) * acmn - (b / ev2rt1) * b;
  } else if (sm > 0) {
    ev2rt1 = 0.5 * (sm + rt);
    ev2rt2 = (acmx / ev2rt1) * acmn - (b / ev2rt1) * b;
  } else {
    ev2rt1 = 0.5 * rt;
    ev2rt2 = -0.5 * rt;
  }
}

/** dlanst('M') over the block l … lend; NaN propagates (so a NaN block is never skipped as zero). */
function blockNorm(d: Float64Array, e: Float64Array, l: number, lend: number): number {
  let anorm = 0;
  for (let i = l; i <= lend; i++) {
    const x = Math.abs(d[i]);
    if (x > anorm || x !== x) anorm = x;
    if (anorm !== anorm) return anorm;
  }
  for (let i = l; i < lend; i++) {
    const x = Math.abs(e[i]);
    if (x > anorm || x !== x) anorm = x;
    if (anorm !== anorm) return anorm;
  }
  return anorm;
}

function scaleBlock(d: Float64Array, e: Float64Array, l: number, lend: number, f: number): void {
  for (let i = l; i <= lend; i++) d[i] *= f;
  for (let i = l; i < lend; i++) e[i] *= f;
}

/** The convergence failure code: 1 + the first off-diagonal that is still not negligible. */
function firstNonZero(e: Float64Array, n: number): number {
  for (let i = 0; i < n - 1; i++) if (e[i] !== 0) return i + 1;
  return n;
}

/** ‖x‖₂ of a[off : off+len], scaled by max|x| so tiny or huge columns keep full precision. */
function norm2(a: Float64Array, off: number, len: number): number {
  let scale = 0;
  for (let i = off; i < off + len; i++) {
    const x = Math.abs(a[i]);
    if (x > scale || x !== x) scale = x;
  }
  if (scale === 0 || scale !== scale || scale === Infinity) return scale;
  let ssq = 0;
  const inv = 1 / scale;
  for (let i = off; i < off + len; i++) {
    const x = a[i] * inv;
    ssq += x * x;
  }
  return scale * Math.sqrt(ssq);
}

/** dlapy2: √(x² + y²) without overflow. */
function lapy2(x: number, y: number): number {
  const xa = Math.abs(x);
  const ya = Math.abs(y);
  const w = Math.max(xa, ya);
  const z = Math.min(xa, ya);
  if (z === 0 || w === Infinity) return w;
  const q = z / w;
  return w * Math.sqrt(1 + q * q);
}

/** Fortran SIGN(a, b): |a| with the sign of b. */
function signOf(a: number, b: number): number {
  return b >= 0 ? Math.abs(a) : -Math.abs(a);
}

/** In-place ascending heapsort of x[0:n] (O(n log n), no allocation). */
function heapSort(x: Float64Array, n: number): void {
  for (let start = (n >> 1) - 1; start >= 0; start--) siftDown(x, start, n);
  for (let end = n - 1; end > 0; end--) {
    const t = x[0];
    x[0] = x[end];
    x[end] = t;
    siftDown(x, 0, end);
  }
}

function siftDown(x: Float64Array, root: number, end: number): void {
  const v = x[root];
  let i = root;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= end) break;
    if (child + 1 < end && x[child + 1] > x[child]) child++;
    if (!(x[child] > v)) break;
    x[i] = x[child];
    i = child;
  }
  x[i] = v;
}

/** Heapsort of the index array idx[0:n] by key[idx[·]], ascending. */
function heapSortIndex(idx: Int32Array, n: number, key: Float64Array): void {
  for (let start = (n >> 1) - 1; start >= 0; start--) siftDownIndex(idx, start, n, key);
  for (let end = n - 1; end > 0; end--) {
    const t = idx[0];
    idx[0] = idx[end];
    idx[end] = t;
    siftDownIndex(idx, 0, end, key);
  }
}

function siftDownIndex(idx: Int32Array, root: number, end: number, key: Float64Array): void {
  const v = idx[root];
  const kv = key[v];
  let i = root;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= end) break;
    if (child + 1 < end && key[idx[child + 1]] > key[idx[child]]) child++;
    if (!(key[idx[child]] > kv)) break;
    idx[i] = idx[child];
    i = child;
  }
  idx[i] = v;
}
