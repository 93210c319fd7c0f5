/**
 * Test matrices and LAPACK-style residuals for the factorisation kernels (getrf, potrf, …):
 * the catalogue LAPACK's own tests use (random, graded, Hilbert, rank-deficient, tall, wide),
 * and ‖A − factors‖₁ / (‖A‖₁ · n · ε), which LAPACK's testers require to stay below 10.
 */
import { Rng } from '../../src/random.js';

export interface TestMatrix {
  name: string;
  m: number;
  n: number;
  a: Float64Array;
}

export function hilbert(n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = 1 / (i + j + 1);
  return a;
}

export function randomMatrix(rng: Rng, m: number, n: number): Float64Array {
  const a = new Float64Array(m * n);
  for (let i = 0; i < a.length; i++) a[i] = rng.next() * 2 - 1;
  return a;
}

/** Rows scaled from 1 down to 1e-12 geometrically (a graded matrix, rows of very different size). */
export function graded(rng: Rng, m: number, n: number): Float64Array {
  const a = randomMatrix(rng, m, n);
  for (let i = 0; i < m; i++) {
    const s = 10 ** (-12 * i / Math.max(1, m - 1));
    for (let j = 0; j < n; j++) a[i * n + j] *= s;
  }
  return a;
}

/** m × n of rank r: an m × r times an r × n random product. */
export function rankDeficient(rng: Rng, m: number, n: number, r: number): Float64Array {
  const x = randomMatrix(rng, m, r);
  const y = randomMatrix(rng, r, n);
  const a = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let p = 0; p < r; p++) {
    const v = x[i * r + p];
    for (let j = 0; j < n; j++) a[i * n + j] += v * y[p * n + j];
  }
  return a;
}

/** The catalogue getrf is checked on (square ones double as getrs/getri inputs). */
export function luCatalogue(seed = 1): TestMatrix[] {
  const rng = new Rng(seed);
  return [
    { name: 'random 1×1', m: 1, n: 1, a: randomMatrix(rng, 1, 1) },
    { name: 'random 7×7', m: 7, n: 7, a: randomMatrix(rng, 7, 7) },
    { name: 'random 150×150', m: 150, n: 150, a: randomMatrix(rng, 150, 150) },
    { name: 'random 67×130', m: 67, n: 130, a: randomMatrix(rng, 67, 130) },
    { name: 'random 130×67', m: 130, n: 67, a: randomMatrix(rng, 130, 67) },
    { name: 'graded 120×120', m: 120, n: 120, a: graded(rng, 120, 120) },
    { name: 'Hilbert 12', m: 12, n: 12, a: hilbert(12) },
    { name: 'rank 30 of 100×100', m: 100, n: 100, a: rankDeficient(rng, 100, 100, 30) },
    { name: 'tall 2000×50', m: 2000, n: 50, a: randomMatrix(rng, 2000, 50) },
    { name: 'wide 50×2000', m: 50, n: 2000, a: randomMatrix(rng, 50, 2000) },
  ];
}

export function norm1(m: number, n: number, a: ArrayLike<number>): number {
  let best = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += Math.abs(a[i * n + j]);
    best = Math.max(best, s);
  }
  return best;
}

/** Applies getrf's interchanges to the rows of a copy of A (m × n): P·A. */
export function permuteRows(m: number, n: number, a: Float64Array, ipiv: Int32Array): Float64Array {
  const pa = a.slice();
  for (let i = 0; i < Math.min(m, n); i++) {
    const p = ipiv[i];
    for (let c = 0; c < n; c++) {
      const t = pa[i * n + c];
      pa[i * n + c] = pa[p * n + c];
      pa[p * n + c] = t;
    }
  }
  return pa;
}

/** ‖P·A − L·U‖₁ / (‖A‖₁ · max(m, n) · ε) from getrf's packed output. */
export function luResidual(m: number, n: number, a: Float64Array, lu: Float64Array, ipiv: Int32Array): number {
  const k = Math.min(m, n);
  const r = permuteRows(m, n, a, ipiv);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      const top = Math.min(i, j, k - 1);
      for (let p = 0; p <= top; p++) s += (p === i ? 1 : lu[i * n + p]) * lu[p * n + j];
      r[i * n + j] -= s;
    }
  }
  const na = norm1(m, n, a);
  return na === 0 ? norm1(m, n, r) : norm1(m, n, r) / (na * Math.max(m, n) * Number.EPSILON);
}
