/**
 * pca of a 50 000 × 500 in-memory matrix, top 10 components, on every backend, beside numpy
 * (centre + X.T @ X + eigh, the covariance route, timed in its own process in the same run)
 * and ml-pca (the npm PCA package, default SVD method).
 *
 * ml-pca needs over a minute per fit at full size, so it is timed once each on 2 500 and
 * 5 000 rows and extrapolated linearly in the row count (its cost is a fixed d × d part plus
 * a part proportional to n, which two points pin down); its row in the table says so.
 */
import { performance } from 'node:perf_hooks';
import { backends, pca, withBackend } from '../src/entry/node.js';
import { randomMatrix } from '../src/random.js';
import { numpyCases, type BenchCase } from './harness.js';

export const PCA_ROWS = [50_000];
const D = 500;
const K = 10;
const ML_PCA_ROWS: [number, number] = [2_500, 5_000];

interface MlPcaModule {
  PCA: new (data: number[][], options?: { method?: string }) => { getExplainedVariance(): number[] };
}

async function loadMlPca(): Promise<MlPcaModule | undefined> {
  try {
    return (await import('ml-pca')) as unknown as MlPcaModule;
  } catch {
    return undefined;
  }
}

function timeOnce(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

export async function pcaCases(sizes: number[], impls: Set<string> | undefined): Promise<BenchCase[]> {
  const want = (name: string) => !impls || impls.has(name);
  const cases: BenchCase[] = [];
  for (const n of sizes) {
    const x = randomMatrix(n, D, 1, 0, 1);
    const size = `${n}×${D}, k=${K}`;
    // The scatter (SYRK, half of 2·n·d² flops) dominates; the d³ eigensolver is ~10 % of it here.
    const flops = n * D * D;
    for (const { name, available } of backends()) {
      if (available && want(name)) cases.push({ size, impl: name, flops, fn: () => withBackend(name, () => pca(x, { components: K })) });
    }
    cases.push(
      ...numpyCases({ size, flops }, want, `X = rng.random((${n}, ${D}))`, 'np.linalg.eigh((lambda Xc: Xc.T @ Xc)(X - X.mean(0)))', {
        note: 'centre + X.T@X + eigh',
      }),
    );
    const ml = want('ml-pca') ? await loadMlPca() : undefined;
    if (ml) {
      const [n1, n2] = ML_PCA_ROWS;
      const rows1 = Array.from({ length: n1 }, (_, i) => Array.from(x.data.subarray(i * D, (i + 1) * D)));
      const rows2 = Array.from({ length: n2 }, (_, i) => Array.from(x.data.subarray(i * D, (i + 1) * D)));
      const t1 = timeOnce(() => new ml.PCA(rows1));
      const t2 = timeOnce(() => new ml.PCA(rows2));
      const extrapolated = t2 + ((t2 - t1) * (n - n2)) / (n2 - n1);
      cases.push({
        size,
        impl: `ml-pca (timed on ${n1 / 1000}k and ${n2 / 1000}k rows, linear extrapolation)`,
        flops,
        fn: () => undefined,
        externalMedianMs: extrapolated,
      });
    } else if (want('ml-pca')) {
      console.warn('ml-pca anchor skipped: the ml-pca dev dependency is not installed');
    }
  }
  return cases;
}
