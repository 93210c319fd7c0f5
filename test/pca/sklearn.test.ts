/**
 * pca() against scikit-learn's PCA(svd_solver='full') on real data (iris, wine,
 * breast_cancer, digits), on every backend and by both routes.
 *
 * Tolerances (stated once): components, entry-wise absolute 1e-8 (they are unit vectors; only
 * the leading components whose eigenvalues are separated are compared, as the others are not
 * unique); explained variance / singular values / ratios, 1e-8 relative to each value plus
 * 1e-13 of the largest (the covariance route squares the data, so the smallest variances carry
 * an absolute error of ε·λ_max; singular values are compared squared for the same reason); mean, 1e-12 relative; scores and reconstructions, 1e-8 relative
 * to the largest magnitude in the block compared.
 */
import { describe, expect, it } from 'vitest';
import { pca } from '../../src/pca/pca.js';
import { withBackend } from '../../src/backend/registry.js';
import { Matrix } from '../../src/matrix.js';
import { BACKENDS } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';
import { SKLEARN, dataset, type SklearnCase } from './fixtures.js';

const COMPONENT_TOL = 1e-8;
const VARIANCE_RTOL = 1e-8;
const VARIANCE_FLOOR = 1e-13;
const SCORE_RTOL = 1e-8;

function expectVariances(got: ArrayLike<number>, want: number[], what: string): void {
  const top = Math.max(...want);
  for (let i = 0; i < want.length; i++) {
    const tol = VARIANCE_RTOL * Math.abs(want[i]) + VARIANCE_FLOOR * top;
    if (!(Math.abs(got[i] - want[i]) <= tol)) throw new Error(`${what}[${i}] = ${got[i]}, scikit-learn ${want[i]} (tolerance ${tol})`);
  }
}

function expectComponents(got: Matrix, want: number[][]): void {
  for (let i = 0; i < want.length; i++) {
    for (let j = 0; j < want[i].length; j++) {
      const diff = Math.abs(got.get(i, j) - want[i][j]);
      if (!(diff <= COMPONENT_TOL)) throw new Error(`components[${i}][${j}] = ${got.get(i, j)}, scikit-learn ${want[i][j]}`);
    }
  }
}

function firstRows(x: Matrix, count: number): Matrix {
  return new Matrix(count, x.cols, x.data.slice(0, count * x.cols));
}

const available = BACKENDS.filter((b) => b.available).map((b) => b.name);
const CASES: SklearnCase[] = SKLEARN.cases;

describe.each(available)('pca matches scikit-learn on %s', (backend) => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s: full spectrum, components, mean (covariance route)', (_name, c) => {
    const x = dataset(c.name);
    const model = withBackend(backend, () => pca(x, { method: 'covariance' }));
    expect(model.nComponents).toBe(Math.min(c.n, c.d));
    expectVariances(model.explainedVariance, c.explainedVariance, 'explainedVariance');
    expectVariances(model.explainedVarianceRatio, c.explainedVarianceRatio, 'explainedVarianceRatio');
    // Compared squared (σ² = (n − 1)·variance): a zero variance comes out as rounding noise
    // of order ε·λ_max, whose square root (1e-6 on digits' blank pixels) would swamp σ ≈ 0.
    expectVariances(model.singularValues.map((s) => s * s), c.singularValues.map((s) => s * s), 'singularValues²');
    expectClose(model.mean, c.mean, 1e-12);
    expectComponents(model.components, c.components);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s: k components — transform, whitening, reconstruction, noise variance', (_name, c) => {
    const x = dataset(c.name);
    const rows = firstRows(x, 5);
    const model = withBackend(backend, () => pca(x, { components: c.kTransform }));
    const white = withBackend(backend, () => pca(x, { components: c.kTransform, whiten: true }));
    expect(model.nComponents).toBe(c.kTransform);
    expectClose(model.transform(rows).data, c.transformRows.flat(), SCORE_RTOL);
    expectClose(white.transform(rows).data, c.whitenedRows.flat(), SCORE_RTOL);
    expectClose(model.reconstruct(rows).data, c.reconstructedRows.flat(), SCORE_RTOL);
    expectVariances([model.noiseVariance], [c.noiseVariance], 'noiseVariance');
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s: fractional components keep the k scikit-learn keeps', (_name, c) => {
    const x = dataset(c.name);
    for (const [f, k] of c.fractions) {
      expect(withBackend(backend, () => pca(x, { components: f })).nComponents, `components: ${f}`).toBe(k);
    }
  });

  it.each(CASES.filter((c) => c.n <= 600).map((c) => [c.name, c] as const))('%s: the gram route gives the same model', (_name, c) => {
    const x = dataset(c.name);
    const model = withBackend(backend, () => pca(x, { method: 'gram', components: c.kCompare }));
    expectVariances(model.explainedVariance, c.explainedVariance.slice(0, c.kCompare), 'explainedVariance');
    expectComponents(model.components, c.components);
  });
});
