/**
 * Whitening as scikit-learn: transform divides each score column by √explainedVariance, so the
 * training scores have unit variance (n − 1 divisor) and are uncorrelated; inverseTransform
 * undoes it.
 */
import { describe, expect, it } from 'vitest';
import { pca } from '../../src/pca/pca.js';
import { expectClose } from '../helpers/close.js';
import { dataset } from './fixtures.js';

describe('whiten', () => {
  const x = dataset('wine');
  const k = 5;
  const model = pca(x, { components: k, whiten: true });
  const z = model.transform(x);
  const n = x.rows;

  it('gives training scores with identity covariance (ddof 1)', () => {
    const cov = new Float64Array(k * k);
    for (let i = 0; i < n; i++) for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) cov[a * k + b] += (z.get(i, a) * z.get(i, b)) / (n - 1);
    const identity = new Float64Array(k * k);
    for (let a = 0; a < k; a++) identity[a * k + a] = 1;
    expectClose(cov, identity, 1e-10);
  });

  it('is the plain scores divided by √explainedVariance, and inverseTransform undoes it', () => {
    const plain = pca(x, { components: k }).transform(x);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < k; a++) expect(z.get(i, a)).toBeCloseTo(plain.get(i, a) / Math.sqrt(model.explainedVariance[a]), 10);
    }
    expectClose(model.inverseTransform(z).data, pca(x, { components: k }).reconstruct(x).data, 1e-12);
  });

  it('does not divide by zero for an axis without variance (floor at ε, as scikit-learn)', () => {
    const flat = pca([[1, 0], [2, 0], [3, 0]], { components: 2, whiten: true });
    expect(flat.explainedVariance[1]).toBe(0);
    expect(Array.from(flat.transform([[2, 5]]).data).every(Number.isFinite)).toBe(true);
  });
});
