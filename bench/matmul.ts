/** matmul (gemm) on every available backend, beside ml-matrix and numpy. */
import { backends, matmul, withBackend } from '../src/entry/node.js';
import { randomMatrix } from '../src/random.js';
import { loadMlMatrix } from './anchors/ml-matrix.js';
import { timeNumpy } from './anchors/numpy.js';
import type { BenchCase } from './harness.js';

export const DEFAULT_SIZES = [64, 256, 512, 1024];

export async function matmulCases(sizes: number[], impls: Set<string> | undefined): Promise<BenchCase[]> {
  const want = (name: string) => !impls || impls.has(name);
  const ml = want('ml-matrix') ? await loadMlMatrix() : undefined;
  const cases: BenchCase[] = [];
  for (const n of sizes) {
    const a = randomMatrix(n, n, 1);
    const b = randomMatrix(n, n, 2);
    const size = `n=${n}`;
    const flops = 2 * n ** 3;
    for (const { name, available } of backends()) {
      if (available && want(name)) cases.push({ size, impl: name, flops, fn: () => withBackend(name, () => matmul(a, b)) });
    }
    if (ml) {
      const ma = new ml.Matrix(a.toArray());
      const mb = new ml.Matrix(b.toArray());
      cases.push({ size, impl: 'ml-matrix', flops, fn: () => ma.mmul(mb) });
    }
    if (want('numpy')) {
      const t = timeNumpy(`a = rng.random((${n}, ${n})); b = rng.random((${n}, ${n}))`, 'a @ b');
      if (typeof t === 'number') cases.push({ size, impl: 'numpy', flops, fn: () => undefined, externalMedianMs: t });
      else console.warn(`numpy anchor skipped: ${t}`);
    }
  }
  return cases;
}
