/**
 * Givens rotations applied to the rows of zt (= Zᵀ): one QL or QR sweep (dlasr), or the
 * rotation of a 2×2 deflation. Unlike the native rotations.cc, each sweep is applied as soon as
 * it is computed.
 */

/**
 * One QL sweep's rotations (dlasr 'R','V','B' on Z, here on the rows of zt): for j = hi−1 down
 * to lo, rows j+1 and j become c·z[j+1] − s·z[j] and s·z[j+1] + c·z[j]. The second result is
 * the input of the next rotation, so it is carried in registers down a strip of 4 columns:
 * each element is loaded and stored once per sweep, not twice (measured 1.5× faster; the
 * update is then bound by scalar multiply throughput, as JS has no SIMD).
 */
export function sweepBackward(n: number, zt: Float64Array, lo: number, hi: number, cs: Float64Array, sn: Float64Array): void {
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
export function sweepForward(n: number, zt: Float64Array, lo: number, hi: number, cs: Float64Array, sn: Float64Array): void {
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
export function rotateRows(n: number, zt: Float64Array, j: number, c: number, s: number): void {
  const ra = j * n;
  const rb = ra + n;
  for (let r = 0; r < n; r++) {
    const x = zt[rb + r];
    const y = zt[ra + r];
    zt[rb + r] = c * x - s * y;
    zt[ra + r] = s * x + c * y;
  }
}
