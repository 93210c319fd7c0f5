/**
 * pca-wide (issue #10): the top 10 components of wide or large in-memory data, 2 000 × 5 000
 * and 20 000 × 2 000, where the full eigendecomposition is the wrong tool.
 *
 * Data: what PCA is for — 10 strong directions (scales 10 … 1, geometric) in random directions
 * plus N(0, 0.25) noise, the recipe of bench/gen-pca-data.py. mmlkit and the python side draw
 * it from the same recipe with their own generators (the spectra agree; the entries do not).
 * On data without a spectral gap (e.g. uniform noise) randomized PCA needs many more passes to
 * be accurate; docs/pca-methods.md says what 'auto' does then.
 *
 * Rows:
 * - native / wasm / ts: `pca(X, { components: 10 })`, method 'auto' (what a user gets);
 *   `native-exact`: method 'truncated', the exact top 10 on native.
 * - sklearn-auto: `PCA(n_components=10).fit(X)` (randomized SVD here: max(n, d) > 500 and
 *   k < 0.8·min(n, d)); sklearn-full: `svd_solver='full'`. Both in /usr/bin/python3, the
 *   interpreter with scikit-learn (bench/anchors/numpy.ts, variant 'sklearn').
 * - numpy / numpy-env: centre, then the smaller of Xc·Xcᵀ and XcᵀXc, then `eigh` (all
 *   eigenpairs: numpy has no subset solver).
 */
import { backends, Matrix, pca, withBackend } from '../src/entry/node.js';
import { Rng } from '../src/random.js';
import { numpyCases, type BenchCase } from './harness.js';

/** Rows of the two shapes; the column count goes with it. */
export const PCA_WIDE_ROWS = [2_000, 20_000];
const COLS: Record<number, number> = { 2_000: 5_000, 20_000: 2_000 };
const K = 10;
const RANK = 10;
const NOISE = 0.5;

/** Columns for n rows: the shapes, else 2 000. */
export function pcaWideCols(n: number): number {
  return COLS[n] ?? 2_000;
}

/** n × d: RANK Gaussian directions scaled 10 … 1 (geometric), plus Gaussian noise. */
export function lowRankData(n: number, d: number, seed = 1): Matrix {
  const rng = new Rng(seed);
  const basis = new Float64Array(RANK * d);
  for (let c = 0; c < RANK; c++) {
    const scale = 10 * 0.1 ** (c / (RANK - 1));
    for (let j = 0; j < d; j++) basis[c * d + j] = scale * rng.normal();
  }
  const x = new Matrix(n, d);
  const g = new Float64Array(RANK);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < RANK; c++) g[c] = rng.normal();
    for (let j = 0; j < d; j++) {
      let s = NOISE * rng.normal();
      for (let c = 0; c < RANK; c++) s += g[c] * basis[c * d + j];
      x.data[i * d + j] = s;
    }
  }
  return x;
}

const PYTHON_DATA = (n: number, d: number) =>
  [
    `basis = np.geomspace(10, 1, ${RANK})[:, None] * rng.normal(size=(${RANK}, ${d}))`,
    `X = rng.normal(size=(${n}, ${RANK})) @ basis + ${NOISE} * rng.normal(size=(${n}, ${d}))`,
  ].join('\n');

export async function pcaWideCases(sizes: number[], impls: Set<string> | undefined): Promise<BenchCase[]> {
  const want = (name: string) => !impls || impls.has(name);
  const cases: BenchCase[] = [];
  for (const n of sizes) {
    const d = pcaWideCols(n);
    const x = lowRankData(n, d);
    const size = `${n}×${d}, k=${K}`;
    // No single flop count fits every route; GFLOP/s is left out (0). The time of a fit grows
    // with the entries read (n·d per pass), which is what predicts the next shape's time: the
    // rows alone (cubed, the default) predicted 83 s for a 1.3 s fit and skipped it.
    const base = { size, flops: 0, n: n * d, costExponent: 1 };
    for (const { name, available } of backends()) {
      if (available && want(name)) cases.push({ ...base, impl: name, fn: () => withBackend(name, () => pca(x, { components: K })) });
    }
    if (want('native-exact') && backends().some((b) => b.name === 'native' && b.available)) {
      cases.push({ ...base, impl: 'native-exact', fn: () => withBackend('native', () => pca(x, { components: K, method: 'truncated' })), note: "method 'truncated'" });
    }
    const setup = `${PYTHON_DATA(n, d)}\nfrom sklearn.decomposition import PCA`;
    for (const [impl, solver] of [
      ['sklearn-auto', 'auto'],
      ['sklearn-full', 'full'],
    ] as const) {
      if (want(impl)) {
        cases.push({ ...base, impl, fn: () => undefined, python: { variant: 'sklearn', setup, stmt: `PCA(n_components=${K}, svd_solver='${solver}').fit(X)`, min: 1 }, note: `PCA(n_components=${K}, svd_solver='${solver}')` });
      }
    }
    const smaller = n < d ? 'Xc @ Xc.T' : 'Xc.T @ Xc';
    cases.push(
      ...numpyCases(base, want, PYTHON_DATA(n, d), `np.linalg.eigh((lambda Xc: ${smaller})(X - X.mean(0)))`, {
        note: `centre + ${smaller} + eigh`,
        min: 1,
      }),
    );
  }
  return cases;
}
