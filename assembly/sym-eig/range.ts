/**
 * Selected eigenpairs il..iu (the `symEigRange` kernel, dsyevx's job for range 'I'), as
 * native/src/sym_eig_range.cc: dsyev's scaling, the tridiagonalisation symEig uses, the wanted
 * eigenvalues by bisection (stebz.ts, O(n·k)), their vectors by inverse iteration (stein.ts)
 * and only those k vectors back-transformed by the reflectors (2n²k flops). For the top k of
 * many (truncated PCA) the cost is the tridiagonalisation alone.
 *
 * Returns −1 when inverse iteration is the wrong tool: a wanted cluster of more than
 * MAX_CLUSTER values (its Gram-Schmidt would cost O(n·c²)) or vectors that did not converge.
 * `a` is destroyed by then, so the caller runs the full symEig on a fresh copy and picks the
 * pairs out (it also does so up front when k ≥ n / 2).
 */

import { scal } from './blas1';
import { scaleUpper } from './scaling';
import { stebz } from './stebz';
import { stein, steinWorkSize } from './stein';
import { tridiagonalize } from './tridiagonalize';

const MAX_CLUSTER = 256;

/** f64 slots `symEigRange` needs as `work` for order n and k wanted pairs. */
export function symEigRangeWorkSize(n: i32, k: i32, wantVectors: i32): i32 {
  return 6 * n + (wantVectors ? steinWorkSize(n) + k * n : 0);
}

/** Largest run of consecutive (ascending) values closer than ortol: stein's clusters. */
function largestRun(w: usize, k: i32, ortol: f64): i32 {
  let best = k > 0 ? 1 : 0;
  let run = 1;
  for (let j = 1; j < k; j++) {
    run = load<f64>(w + (<usize>j << 3)) - load<f64>(w + (<usize>(j - 1) << 3)) <= ortol ? run + 1 : 1;
    best = max(best, run);
  }
  return best;
}

/**
 * x ← Qᵀ-side back-transformation of one tridiagonal eigenvector stored as a row: the row
 * becomes (Q·x)ᵀ = xᵀ·H_{n−2}⋯H_0, reflector j's v (v[j+1] = 1 implied, the rest in row j of
 * `a` from column j+2) applied as a dot and an axpy along contiguous rows.
 */
function backTransformRow(n: i32, a: usize, tau: usize, x: usize): void {
  const ld = <usize>n << 3;
  for (let j = n - 2; j >= 0; j--) {
    const t = load<f64>(tau + (<usize>j << 3));
    if (t == 0) continue;
    const xv = x + (<usize>(j + 1) << 3); // x[j+1..]
    const vt = a + <usize>j * ld + (<usize>(j + 2) << 3); // v[j+2..]
    const len = n - j - 2;
    let s = load<f64>(xv);
    for (let q = 0; q < len; q++) s += load<f64>(xv + 8 + (<usize>q << 3)) * load<f64>(vt + (<usize>q << 3));
    s *= t;
    store<f64>(xv, load<f64>(xv) - s);
    for (let q = 0; q < len; q++) {
      const p = xv + 8 + (<usize>q << 3);
      store<f64>(p, load<f64>(p) - s * load<f64>(vt + (<usize>q << 3)));
    }
  }
}

export function symEigRange(n: i32, a: usize, il: i32, iu: i32, w: usize, z: usize, wantVectors: i32, work: usize): i32 {
  if (n <= 0 || il > iu || iu >= n) return 0;
  const k = iu - il + 1;
  if (n == 1) {
    store<f64>(w, load<f64>(a));
    if (wantVectors) store<f64>(z, 1);
    return 0;
  }
  const ld = <usize>n << 3;
  const d = work;
  const e = d + ld;
  const tau = e + ld;
  const y = tau + ld;
  const y2 = y + ld;
  const e2 = y2 + ld;
  const sigma = scaleUpper(n, a); // dsyev's scaling (scaling.ts)
  tridiagonalize(n, a, d, e, tau, y, y2);
  stebz(n, d, e, il, iu, w, e2);
  if (wantVectors) {
    const sw = e2 + ld;
    const zt = sw + (<usize>steinWorkSize(n) << 3);
    let onenrm: f64 = 0;
    for (let i = 0; i < n; i++) {
      const r = abs<f64>(load<f64>(d + (<usize>i << 3))) + (i > 0 ? abs<f64>(load<f64>(e + (<usize>(i - 1) << 3))) : 0) +
        (i + 1 < n ? abs<f64>(load<f64>(e + (<usize>i << 3))) : 0);
      onenrm = max<f64>(onenrm, r);
    }
    if (largestRun(w, k, 1e-3 * onenrm) > MAX_CLUSTER) return -1;
    if (stein(n, d, e, k, w, zt, sw) != 0) return -1;
    for (let j = 0; j < k; j++) backTransformRow(n, a, tau, zt + <usize>j * ld);
    // z (n × k) ← ztᵀ
    const ldz = <usize>k << 3;
    for (let j = 0; j < k; j++) {
      const src = zt + <usize>j * ld;
      for (let i = 0; i < n; i++) store<f64>(z + <usize>i * ldz + (<usize>j << 3), load<f64>(src + (<usize>i << 3)));
    }
  }
  if (sigma != 1) scal(k, 1 / sigma, w);
  return 0;
}
