/** matmul (gemm) on every available backend, beside ml-matrix and numpy. */
import { backends, matmul, withBackend } from '../src/entry/node.js';
import { randomMatrix } from '../src/random.js';
import { loadMlMatrix } from './anchors/ml-matrix.js';
import { numpyCases, type BenchCase } from './harness.js';

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
      if (available && want(name)) cases.push({ size, n, impl: name, flops, fn: () => withBackend(name, () => matmul(a, b)) });
    }
    if (ml) {
      const ma = new ml.Matrix(a.toArray());
      const mb = new ml.Matrix(b.toArray());
      cases.push({ size, n, impl: 'ml-matrix', flops, fn: () => ma.mmul(mb) });
    }
    cases.push(...numpyCases({ size, flops, n }, want, `a = rng.random((${n}, ${n})); b = rng.random((${n}, ${n}))`, 'a @ b'));
  }
  return cases;
}
