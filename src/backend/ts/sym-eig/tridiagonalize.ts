import { householder } from './householder.js';
import { pBuf, vBuf } from './scratch.js';

/**
 * dsytd2 (UPLO = 'L') on the row-major upper triangle: for k = 0 … n−2 the reflector
 * H(k) = I − tau v vᵀ (v[0] = 1, v[1:] stored in a[k, k+2:]) annihilates a[k, k+2:], and the
 * trailing block B = a[k+1:, k+1:] becomes H B H via p = tau B v, w = p − ½ tau (pᵀv) v,
 * B ← B − v wᵀ − w vᵀ, touching only j ≥ i so every inner loop runs along a row.
 * Unblocked, as dsytd2 (the blocked dsytrd was not tried here).
 */
export function tridiagonalize(n: number, a: Float64Array, d: Float64Array, e: Float64Array, tau: Float64Array): void {
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
