/**
 * Shared by the symmetric eigensolver tests (symEig, its divide-and-conquer cases, symEigRange,
 * eigh's subsets): the seeded symmetric generator (python/gen replays it bit for bit, so the
 * numpy literals in those tests depend on it staying as it is), tridiagonal test matrices, and
 * LAPACK's eigenvector test ratios.
 */
import { Rng } from '../../src/random.js';
import type { Kernels } from '../../src/backend/kernels.js';

const EPS = 2 ** -52;

/** Symmetric, entries uniform in [−1, 1): upper triangle row by row, mirrored. */
export function randomSymmetric(n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const x = 2 * rng.next() - 1;
      a[i * n + j] = x;
      a[j * n + i] = x;
    }
  }
  return a;
}

/** The dense n × n symmetric tridiagonal matrix with diagonal d and off-diagonal e. */
export function tridiagonal(d: ArrayLike<number>, e: ArrayLike<number>): Float64Array {
  const n = d.length;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    a[i * n + i] = d[i];
    if (i + 1 < n) {
      a[i * n + i + 1] = e[i];
      a[(i + 1) * n + i] = e[i];
    }
  }
  return a;
}

/** A (n × n) made exactly symmetric in place, each pair set to its mean; returns a. */
export function symmetrize(a: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const x = 0.5 * (a[i * n + j] + a[j * n + i]);
      a[i * n + j] = x;
      a[j * n + i] = x;
    }
  }
  return a;
}

/**
 * LAPACK's ratios for k eigenpairs (w, Z) of the n × n matrix A (Z row-major n × k):
 * ‖AZ − Z diag(w)‖_F / (‖A‖_F · n · ε) and ‖ZᵀZ − I‖_F / (n · ε), both required below 10.
 * When A = 0 the residual is 0 if AZ − Z diag(w) is exactly 0, else Infinity. Products by
 * `gemm` (separately tested).
 */
export function eigRatios(
  gemm: Kernels['gemm'], n: number, k: number, a: Float64Array, w: Float64Array, z: Float64Array,
): { residual: number; orthogonality: number } {
  const az = new Float64Array(n * k);
  gemm(0, 0, n, k, n, 1, a, z, 0, az);
  let r2 = 0;
  let a2 = 0;
  for (let i = 0; i < n * k; i++) r2 += (az[i] - z[i] * w[i % k]) ** 2;
  for (const x of a) a2 += x * x;
  const ztz = new Float64Array(k * k);
  gemm(1, 0, k, k, n, 1, z, z, 0, ztz);
  let o2 = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) o2 += (ztz[i * k + j] - (i === j ? 1 : 0)) ** 2;
  const residual = a2 > 0 ? Math.sqrt(r2) / (Math.sqrt(a2) * n * EPS) : r2 === 0 ? 0 : Infinity;
  return { residual, orthogonality: Math.sqrt(o2) / (n * EPS) };
}
