/**
 * pairwiseDistances (squared, the kernel's job) between two m × 784 sets — MNIST's width —
 * on every backend, beside numpy's vectorised expansion timed in the same run.
 */
import { backends, pairwiseDistances, withBackend } from '../src/entry/node.js';
import { randomMatrix } from '../src/random.js';
import { numpyCases, type BenchCase } from './harness.js';

export const PAIRWISE_SIZES = [1000, 5000];
const D = 784;

/** The ts backend runs ~40 GFLOP at m = 5000 at a few GFLOP/s: above this it is left out
 * unless asked for by name (`--only ts`). */
const TS_MAX_DEFAULT = 2000;

export function pairwiseCases(sizes: number[], impls: Set<string> | undefined): BenchCase[] {
  const want = (name: string) => !impls || impls.has(name);
  const cases: BenchCase[] = [];
  for (const m of sizes) {
    const x = randomMatrix(m, D, 1, 0, 1);
    const y = randomMatrix(m, D, 2, 0, 1);
    const size = `${m}×${D} vs ${m}×${D}`;
    const flops = 2 * m * m * D;
    for (const { name, available } of backends()) {
      if (!available || !want(name)) continue;
      if (name === 'ts' && !impls && m > TS_MAX_DEFAULT) continue;
      cases.push({ size, impl: name, flops, fn: () => withBackend(name, () => pairwiseDistances(x, y, { squared: true })) });
    }
    cases.push(
      ...numpyCases(
        { size, flops },
        want,
        `X = rng.random((${m}, ${D})); Y = rng.random((${m}, ${D}))`,
        '(X**2).sum(1)[:, None] + (Y**2).sum(1)[None, :] - 2 * X @ Y.T',
      ),
    );
  }
  return cases;
}
