/**
 * Numerically hard data: a mean of 1e8 and a spread of about 1. The textbook covariance
 * E[xxᵀ] − μμᵀ cancels ~16 digits there and returns noise (shown below); the centred
 * computation (kernel centring + Chan's merge) gives the PCA of the data shifted to the
 * origin. The offsets are multiples of 2⁻²⁰, so 1e8 + offset is an exact double and the
 * shifted data set is known exactly.
 */
import { describe, expect, it } from 'vitest';
import { PcaAccumulator } from '../../src/pca/accumulator.js';
import { pca } from '../../src/pca/pca.js';
import { Matrix } from '../../src/matrix.js';
import { Rng } from '../../src/random.js';
import { withBackend } from '../../src/backend/registry.js';
import { BACKENDS } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';

const n = 4000;
const d = 6;
const rng = new Rng(99);
const small = new Matrix(n, d); // the spread: correlated, unequal scales, exact multiples of 2⁻²⁰
const large = new Matrix(n, d);
for (let i = 0; i < n; i++) {
  const z = [rng.normal(), rng.normal(), rng.normal()];
  for (let j = 0; j < d; j++) {
    const v = z[j % 3] * (1 + j * 0.3) + 0.2 * rng.normal();
    small.data[i * d + j] = Math.round(v * 2 ** 20) / 2 ** 20;
    large.data[i * d + j] = 1e8 + small.data[i * d + j];
  }
}

/** The textbook one-pass covariance, Σxxᵀ/n − μμᵀ (scaled to n − 1), for contrast. */
function naiveCovariance(x: Matrix): Float64Array {
  const sxx = new Float64Array(d * d);
  const sx = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      sx[a] += x.get(i, a);
      for (let b = 0; b < d; b++) sxx[a * d + b] += x.get(i, a) * x.get(i, b);
    }
  }
  return sxx.map((v, p) => (v / n - (sx[Math.floor(p / d)] / n) * (sx[p % d] / n)) * (n / (n - 1)));
}

describe('data with mean 1e8 and spread 1', () => {
  const reference = pca(small);
  const exactCov = new PcaAccumulator().update(small).covariance();

  it('defeats the textbook E[xxᵀ] − μμᵀ (the failure this design avoids)', () => {
    const naive = naiveCovariance(large);
    let worst = 0;
    for (let p = 0; p < d * d; p++) worst = Math.max(worst, Math.abs(naive[p] - exactCov.data[p]) / Math.abs(exactCov.data[p]));
    expect(worst).toBeGreaterThan(0.01);
  });

  it.each(BACKENDS.filter((b) => b.available).map((b) => b.name))('gives the PCA of the shifted data (on %s)', (backend) => {
    const model = withBackend(backend, () => pca(large));
    expectClose(model.explainedVariance, reference.explainedVariance, 1e-9);
    expectClose(model.components.data, reference.components.data, 1e-8);
    // The mean itself is a double near 1e8: right to its last bit (spacing 2⁻²⁶ there).
    for (let j = 0; j < d; j++) expect(Math.abs(model.mean[j] - (1e8 + reference.mean[j]))).toBeLessThanOrEqual(2 ** -26);
  });

  it('also streamed in chunks, and merged', () => {
    const acc = new PcaAccumulator();
    const other = new PcaAccumulator();
    for (let r0 = 0; r0 < n; r0 += 333) {
      const chunk = new Matrix(Math.min(333, n - r0), d, large.data.slice(r0 * d, Math.min(n, r0 + 333) * d));
      (r0 % 666 === 0 ? acc : other).update(chunk);
    }
    acc.merge(other);
    expectClose(acc.covariance().data, exactCov.data, 1e-9);
    expectClose(acc.finish().explainedVariance, reference.explainedVariance, 1e-9);
  });
});
