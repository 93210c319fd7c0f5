/**
 * Small problems on each backend, pinned: where the faster backends' call overhead stops
 * paying is where src/backend/thresholds.ts sends `'auto'` back to ts.
 */
import { backends, eigh, matmul, withBackend } from '../src/entry/node.js';
import { randomMatrix } from '../src/random.js';
import { randomSymmetric } from './decomp.js';
import type { BenchCase } from './harness.js';

export const DISPATCH_SIZES = [2, 4, 8, 12, 16, 24, 32];

export function dispatchCases(sizes: number[], impls: Set<string> | undefined): BenchCase[] {
  const names = backends().filter((b) => b.available && (!impls || impls.has(b.name))).map((b) => b.name);
  const cases: BenchCase[] = [];
  for (const n of sizes) {
    const a = randomMatrix(n, n, 1);
    const b = randomMatrix(n, n, 2);
    for (const name of names) cases.push({ size: `gemm n=${n}`, impl: name, flops: 2 * n ** 3, fn: () => withBackend(name, () => matmul(a, b)) });
  }
  for (const n of sizes) {
    const s = randomSymmetric(n, 3);
    for (const name of names) cases.push({ size: `symEig n=${n}`, impl: name, flops: 0, fn: () => withBackend(name, () => eigh(s)) });
  }
  return cases;
}
