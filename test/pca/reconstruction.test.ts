/**
 * The course's invariant: with the population normalisation (covariance divided by N), the mean
 * squared reconstruction error over the rows with k components equals the sum of the
 * eigenvalues beyond k. In scikit-learn's terms (variances divided by n − 1) that is
 * Σ_{j>k} explainedVariance_j · (n − 1)/n.
 */
import { describe, expect, it } from 'vitest';
import { pca } from '../../src/pca/pca.js';
import { digits } from './fixtures.js';

function meanSquaredRowError(a: Float64Array, b: Float64Array, rows: number): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return s / rows;
}

describe('reconstruction error', () => {
  const x = digits();
  const n = x.rows;
  const full = pca(x);
  const variances = full.explainedVariance;

  it.each([1, 2, 3, 5, 10, 20, 40, 63])('with k = %i equals the sum of the eigenvalues beyond k (digits)', (k) => {
    const model = pca(x, { components: k });
    const mse = meanSquaredRowError(model.reconstruct(x).data, x.data, n);
    let tail = 0;
    for (let j = k; j < variances.length; j++) tail += (variances[j] * (n - 1)) / n;
    expect(Math.abs(mse - tail)).toBeLessThanOrEqual(1e-9 * full.explainedVariance[0]);
    // and it is the noise variance times the number of axes left out, rescaled the same way
    expect(Math.abs(model.noiseVariance * (64 - k) * ((n - 1) / n) - tail)).toBeLessThanOrEqual(1e-9 * variances[0]);
  });

  it('is zero with every component kept (reconstruction is exact)', () => {
    const mse = meanSquaredRowError(full.reconstruct(x).data, x.data, n);
    // Pixels are 0..16: a rounding-level error per entry squares to far below 1e-20.
    expect(mse).toBeLessThan(1e-20);
  });
});
