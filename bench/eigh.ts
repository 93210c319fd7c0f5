/** eigh (symmetric eigendecomposition with vectors) on every backend, beside ml-matrix and numpy. */
import { backends, eigh, Matrix, withBackend } from '../src/entry/node.js';
import { randomMatrix } from '../src/random.js';
import { loadMlMatrix } from './anchors/ml-matrix.js';
import { timeNumpy } from './anchors/numpy.js';
import type { BenchCase } from './harness.js';

export const EIGH_SIZES = [100, 200, 500];

/** A random symmetric matrix (B + Bᵀ)/2 with entries in [-0.5, 0.5). */
export function randomSymmetric(n: number, seed: number): Matrix {
  const b = randomMatrix(n, n, seed);
  const s = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s.data[i * n + j] = 0.5 * (b.data[i * n + j] + b.data[j * n + i]);
  return s;
}

export async function eighCases(sizes: number[], impls: Set<string> | undefined): Promise<BenchCase[]> {
  const want = (name: string) => !impls || impls.has(name);
  const ml = want('ml-matrix') ? await loadMlMatrix() : undefined;
  const cases: BenchCase[] = [];
  for (const n of sizes) {
    const a = randomSymmetric(n, 3);
    const size = `n=${n}`;
    for (const { name, available } of backends()) {
      if (available && want(name)) cases.push({ size, impl: name, flops: 0, fn: () => withBackend(name, () => eigh(a)) });
    }
    // The top 10 pairs only (truncated PCA's call): subsetByIndex, scipy's subset_by_index.
    const top = [n - 10, n - 1] as const;
    for (const { name, available } of backends()) {
      if (n >= 10 && available && want(name)) cases.push({ size, impl: `${name} top-10`, flops: 0, fn: () => withBackend(name, () => eigh(a, { subsetByIndex: top })) });
    }
    if (ml) {
      const ma = new ml.Matrix(a.toArray());
      cases.push({ size, impl: 'ml-matrix', flops: 0, fn: () => new ml.EigenvalueDecomposition(ma, { assumeSymmetric: true }) });
    }
    if (want('numpy')) {
      const t = timeNumpy(`b = rng.random((${n}, ${n})); a = (b + b.T) / 2`, 'np.linalg.eigh(a)');
      if (typeof t === 'number') cases.push({ size, impl: 'numpy', flops: 0, fn: () => undefined, externalMedianMs: t });
      else console.warn(`numpy anchor skipped: ${t}`);
      const ts = n < 10 ? 'n < 10' : timeNumpy(`import scipy.linalg; b = rng.random((${n}, ${n})); a = (b + b.T) / 2`, `scipy.linalg.eigh(a, subset_by_index=[${n - 10}, ${n - 1}])`);
      if (typeof ts === 'number') cases.push({ size, impl: 'scipy top-10', flops: 0, fn: () => undefined, externalMedianMs: ts });
      else console.warn(`scipy anchor skipped: ${ts}`);
    }
  }
  return cases;
}
