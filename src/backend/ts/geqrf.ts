/**
 * Householder QR in place, row-major (LAPACK dgeqr2, unblocked): the reference the native
 * blocked dgeqrf is tested against. Contract: `geqrf` in ../kernels.ts.
 */

/** LAPACK's dlamch('S') / dlamch('E'): below this a reflector's scaling would overflow. */
const SAFMIN = 2.2250738585072014e-308 / (Number.EPSILON / 2);

export function geqrf(m: number, n: number, a: Float64Array, tau: Float64Array): void {
  const k = Math.min(m, n);
  const w = new Float64Array(n);
  for (let j = 0; j < k; j++) {
    tau[j] = larfgColumn(m, n, a, j);
    const t = tau[j];
    if (t === 0 || j + 1 >= n) continue;
    // Apply H = I − tau v vᵀ to the trailing columns: w = vᵀ A, then A −= tau v w (row-major friendly).
    for (let c = j + 1; c < n; c++) w[c] = a[j * n + c];
    for (let i = j + 1; i < m; i++) {
      const vi = a[i * n + j];
      if (vi === 0) continue;
      const row = i * n;
      for (let c = j + 1; c < n; c++) w[c] += vi * a[row + c];
    }
    for (let c = j + 1; c < n; c++) a[j * n + c] -= t * w[c];
    for (let i = j + 1; i < m; i++) {
      const tv = t * a[i * n + j];
      if (tv === 0) continue;
      const row = i * n;
      for (let c = j + 1; c < n; c++) a[row + c] -= tv * w[c];
    }
  }
}

/** dlarfg on column j from the diagonal down: v's tail and beta in place; returns tau. */
function larfgColumn(m: number, n: number, a: Float64Array, j: number): number {
  let alpha = a[j * n + j];
  let xnorm = tailNorm(a, n, j, m);
  if (xnorm === 0) return 0; // H = I: LAPACK leaves the column (and the sign of R[j, j]) as it is
  // beta = −copysign(‖(alpha, x)‖, alpha), −0 counting as negative (C's copysign, gfortran's SIGN).
  const negative = alpha < 0 || Object.is(alpha, -0);
  let beta = negative ? Math.hypot(alpha, xnorm) : -Math.hypot(alpha, xnorm);
  // A tiny column (|beta| < SAFMIN) would overflow 1/(alpha − beta): rescale first, as dlarfg does.
  let knt = 0;
  while (Math.abs(beta) < SAFMIN && knt < 20) {
    knt++;
    for (let i = j + 1; i < m; i++) a[i * n + j] /= SAFMIN;
    beta /= SAFMIN;
    alpha /= SAFMIN;
  }
  if (knt > 0) {
    xnorm = tailNorm(a, n, j, m);
    beta = negative ? Math.hypot(alpha, xnorm) : -Math.hypot(alpha, xnorm);
  }
  const tau = (beta - alpha) / beta;
  const s = 1 / (alpha - beta);
  for (let i = j + 1; i < m; i++) a[i * n + j] *= s;
  for (let q = 0; q < knt; q++) beta *= SAFMIN;
  a[j * n + j] = beta;
  return tau;
}

/** ‖a[j+1.., j]‖₂ without overflow or underflow (the dnrm2 scaled sum of squares). */
function tailNorm(a: Float64Array, n: number, j: number, m: number): number {
  let scale = 0;
  let ssq = 1;
  for (let i = j + 1; i < m; i++) {
    const v = a[i * n + j];
    if (v !== 0) {
      const av = Math.abs(v);
      if (scale < av) {
        ssq = 1 + ssq * (scale / av) * (scale / av);
        scale = av;
      } else {
        ssq += (av / scale) * (av / scale);
      }
    }
  }
  return scale * Math.sqrt(ssq);
}
