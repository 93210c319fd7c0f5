/**
 * PCA of finite data whose squares leave the double range (issue #9 item 10): entries near
 * 1e154 used to fail with "eigh: A must be finite" about a scatter matrix the caller never saw.
 * pca() now fits on the data scaled by an exact power of two and scales the model back (as
 * LAPACK's dlascl), so it gives the same model as on data of ordinary size; the streaming
 * accumulator, which cannot rescale what it has summed, says the scatter overflowed.
 */
import { describe, expect, it } from 'vitest';
import { Matrix, NonFiniteError, PcaAccumulator, pca, withBackend } from '../../src/entry/node.js';
import { BACKENDS } from '../helpers/backends.js';

const available = BACKENDS.filter((b) => b.available).map((b) => b.name);
const BASE = [[1, 2, 0.5], [3, 5, -1], [4, 4, 2], [6, 9, 0], [2, 1, 1.5], [5, 7, -0.5]];

/** BASE · factor + offset: entries near `offset` with a spread of `factor`. */
function scaled(factor: number, offset = 0): Matrix {
  return new Matrix(BASE.length, 3, Float64Array.from(BASE.flat(), (v) => v * factor + offset));
}

describe.each(available)('pca at the edges of the double range on %s', (backend) => {
  const on = <T>(f: () => T): T => withBackend(backend, f);

  it.each([
    ['entries near 1e154, spread 1e152 (covariance route)', 1e152, 1e154, 'covariance'],
    ['entries near 1e154, spread 1e152 (gram route)', 1e152, 1e154, 'gram'],
    ['entries near 1e153, spread 1e153', 1e153, 0, 'covariance'],
    ['entries near 1e-150', 1e-150, 0, 'covariance'],
  ] as const)('%s: the model of the unscaled data, in the data units', (_, factor, offset, method) => {
    const reference = on(() => pca(BASE, { method }));
    const model = on(() => pca(scaled(factor, offset), { method }));
    for (let i = 0; i < model.components.data.length; i++) expect(model.components.data[i]).toBeCloseTo(reference.components.data[i], 12);
    for (let i = 0; i < 3; i++) {
      expect(model.explainedVarianceRatio[i]).toBeCloseTo(reference.explainedVarianceRatio[i], 12);
      expect(model.explainedVariance[i] / (reference.explainedVariance[i] * factor * factor)).toBeCloseTo(1, 10);
      expect(model.mean[i] / (reference.mean[i] * factor + offset)).toBeCloseTo(1, 12);
    }
    const z = model.transform(scaled(factor, offset)).data;
    const zRef = reference.transform(BASE).data;
    for (let i = 0; i < z.length; i++) expect(z[i] / factor).toBeCloseTo(zRef[i], 6);
  });

  it('60 rows of deviations near 3e153: the scatter passes 1.8e308 though no variance does', () => {
    // The case: every entry and every variance is a finite double, only Σ (x − μ)² is not.
    const rows = Array.from({ length: 60 }, (_, i) => [((i % 7) - 3) * 1e153, ((i % 5) - 2) * 1.5e153 + ((i % 7) - 3) * 2e152]);
    const model = on(() => pca(rows));
    const reference = on(() => pca(rows.map((r) => r.map((v) => v / 1e153))));
    for (let i = 0; i < 2; i++) {
      expect(Number.isFinite(model.explainedVariance[i])).toBe(true);
      expect(model.explainedVariance[i] / (reference.explainedVariance[i] * 1e306)).toBeCloseTo(1, 10);
      expect(model.explainedVarianceRatio[i]).toBeCloseTo(reference.explainedVarianceRatio[i], 12);
    }
  });

  it('variances past the largest double are a NonFiniteError saying so', () => {
    expect(() => on(() => pca(scaled(1e300)))).toThrow(/past the largest double/);
    expect(() => on(() => pca(scaled(1e300)))).toThrow(NonFiniteError);
  });

  it('the streaming accumulator says its scatter overflowed (it cannot rescale what it summed)', () => {
    const acc = new PcaAccumulator().update(scaled(1e154));
    expect(() => on(() => acc.finish())).toThrow(/scatter matrix overflowed .* divide the data by a power of ten/);
  });
});
