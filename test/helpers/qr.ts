/**
 * Shared pieces of the QR conformance suites (geqrf, orgqr, ormqr): the matrix catalogue the
 * issue names and LAPACK's test ratios, computed in plain TS so they judge every backend alike.
 */
import type { Kernels } from '../../src/backend/kernels.js';
import { Rng } from '../../src/random.js';

export interface Case {
  name: string;
  m: number;
  n: number;
  a: Float64Array;
  /** Slow in plain TS (ts's unblocked kernels, these O(n³) checks): run on compiled backends only. */
  big?: boolean;
}

function random(m: number, n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const a = new Float64Array(m * n);
  for (let i = 0; i < a.length; i++) a[i] = rng.next() * 2 - 1;
  return a;
}

/**
 * LAPACK-style test matrices: random (square, and sizes straddling the 32-column panel), graded
 * columns (1 … 1e-12), Hilbert(12) (cond ≈ 1.7e16), rank-deficient (rank 5 of 30 and a repeated
 * column), tall 2000 × 50, wide 50 × 2000, 530 × 512 (past native's switch to larger blocks), and the degenerate 0 × 0, 0 × n, n × 0, 1 × 1.
 */
export function catalogue(): Case[] {
  const cases: Case[] = [];
  for (const [m, n] of [[0, 0], [0, 5], [5, 0], [1, 1], [1, 6], [6, 1], [4, 3], [3, 4], [31, 31], [32, 32], [33, 33], [65, 40], [40, 65], [64, 97], [150, 150]] as [number, number][]) {
    cases.push({ name: `random ${m}×${n}`, m, n, a: random(m, n, 7 + m * 131 + n) });
  }
  {
    const m = 60, n = 45;
    const a = random(m, n, 11);
    for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) a[i * n + j] *= 10 ** (-12 * j / (n - 1));
    cases.push({ name: 'graded columns 60×45 (1 … 1e-12)', m, n, a });
  }
  {
    const n = 12;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = 1 / (i + j + 1);
    cases.push({ name: 'Hilbert(12)', m: n, n, a });
  }
  {
    const m = 40, n = 30, r = 5;
    const u = random(m, r, 3), v = random(r, n, 4);
    const a = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let p = 0; p < r; p++) for (let j = 0; j < n; j++) a[i * n + j] += u[i * r + p] * v[p * n + j];
    cases.push({ name: 'rank 5 of 40×30', m, n, a });
    const b = random(50, 36, 5);
    for (let i = 0; i < 50; i++) b[i * 36 + 20] = b[i * 36 + 3];
    cases.push({ name: 'repeated column 50×36', m: 50, n: 36, a: b });
  }
  cases.push({ name: 'tall 2000×50', m: 2000, n: 50, a: random(2000, 50, 21) });
  cases.push({ name: 'random 530×512 (native: 64-reflector blocks)', m: 530, n: 512, a: random(530, 512, 23), big: true });
  cases.push({ name: 'wide 50×2000', m: 50, n: 2000, a: random(50, 2000, 22) });
  return cases;
}

export interface Factors {
  h: Float64Array;
  tau: Float64Array;
  q: Float64Array;
  r: Float64Array;
}

/** geqrf, then the reduced Q (m × k) by orgqr and R (k × n), all on one kernel table. */
export function factor(k: Kernels, m: number, n: number, a: Float64Array): Factors {
  const kk = Math.min(m, n);
  const h = a.slice();
  const tau = new Float64Array(kk);
  k.geqrf(m, n, h, tau);
  const q = new Float64Array(m * kk);
  for (let i = 0; i < m; i++) for (let j = 0; j < kk; j++) q[i * kk + j] = h[i * n + j];
  k.orgqr(m, kk, kk, q, tau);
  const r = new Float64Array(kk * n);
  for (let i = 0; i < kk; i++) for (let j = i; j < n; j++) r[i * n + j] = h[i * n + j];
  return { h, tau, q, r };
}

function frob(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
}

/** ‖A − Q R‖_F / (‖A‖_F · max(m, n) · ε), LAPACK's dqrt01 ratio (0 for an empty A). */
export function residualRatio(m: number, n: number, a: Float64Array, q: Float64Array, r: Float64Array): number {
  const k = Math.min(m, n);
  const d = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const qp = q[i * k + p];
      if (qp === 0) continue;
      for (let j = p; j < n; j++) d[i * n + j] += qp * r[p * n + j];
    }
  }
  for (let i = 0; i < m * n; i++) d[i] -= a[i];
  const na = frob(a);
  return na === 0 ? frob(d) : frob(d) / (na * Math.max(m, n) * Number.EPSILON);
}

/** ‖QᵀQ − I‖_F / (m · ε) for Q m × c (0 for an empty Q). */
export function orthogonalityRatio(m: number, c: number, q: Float64Array): number {
  const g = new Float64Array(c * c);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < c; p++) {
      const qp = q[i * c + p];
      for (let j = p; j < c; j++) g[p * c + j] += qp * q[i * c + j];
    }
  }
  let s = 0;
  for (let p = 0; p < c; p++) for (let j = p; j < c; j++) s += (p === j ? 1 : 2) * (g[p * c + j] - (p === j ? 1 : 0)) ** 2;
  return m === 0 ? 0 : Math.sqrt(s) / (Math.max(m, 1) * Number.EPSILON);
}
