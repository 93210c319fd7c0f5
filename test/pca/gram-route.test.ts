/**
 * The n < d trick: eigenvectors of the n × n Gram matrix of the centred rows, mapped back with
 * Xcᵀ and normalised, give the same model as the d × d covariance route — the course requires
 * the same reconstruction — and 'auto' takes it when d > n.
 */
import { describe, expect, it } from 'vitest';
import { pca } from '../../src/pca/pca.js';
import { Matrix } from '../../src/matrix.js';
import { randomMatrix } from '../../src/random.js';
import { expectClose } from '../helpers/close.js';

/** n × d data of rank ≤ r (plus the mean), spread over unequal scales. */
function lowRank(n: number, d: number, r: number, seed: number): Matrix {
  const a = randomMatrix(n, r, seed);
  const b = randomMatrix(r, d, seed + 1);
  const x = new Matrix(n, d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      let s = 5 + j * 0.01;
      for (let p = 0; p < r; p++) s += a.data[i * r + p] * b.data[p * d + j] * (r - p);
      x.data[i * d + j] = s;
    }
  }
  return x;
}

describe("the 'gram' route (n < d)", () => {
  const x = randomMatrix(30, 100, 11);

  it.each([1, 2, 5, 10, 29, 30])('reconstructs exactly as the covariance route with k = %i', (k) => {
    const viaGram = pca(x, { method: 'gram', components: k });
    const viaCov = pca(x, { method: 'covariance', components: k });
    expectClose(viaGram.reconstruct(x).data, viaCov.reconstruct(x).data, 1e-10);
    expectClose(viaGram.explainedVariance, viaCov.explainedVariance, 1e-10);
    expectClose(viaGram.explainedVarianceRatio, viaCov.explainedVarianceRatio, 1e-10);
    expect(viaGram.noiseVariance).toBeCloseTo(viaCov.noiseVariance, 12);
  });

  it('gives the same components, with the same signs', () => {
    const viaGram = pca(x, { method: 'gram', components: 20 });
    const viaCov = pca(x, { method: 'covariance', components: 20 });
    expectClose(viaGram.components.data, viaCov.components.data, 1e-9);
  });

  it("is what 'auto' uses when d > n, and covariance when d ≤ n", () => {
    expect(pca(x, { components: 7 }).components.data).toEqual(pca(x, { method: 'gram', components: 7 }).components.data);
    const tall = randomMatrix(100, 30, 12);
    expect(pca(tall, { components: 7 }).components.data).toEqual(pca(tall, { method: 'covariance', components: 7 }).components.data);
  });

  it('completes an orthonormal basis past the rank of the data', () => {
    // Rank 3 after centring: components 4..6 carry no variance; they must still be unit rows
    // orthogonal to each other and to the first 3, as the full SVD's are.
    const y = lowRank(12, 40, 3, 5);
    const model = pca(y, { method: 'gram', components: 6 });
    const v = model.components;
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j <= i; j++) {
        let dot = 0;
        for (let c = 0; c < 40; c++) dot += v.get(i, c) * v.get(j, c);
        expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-12);
      }
    }
    expect(model.explainedVariance[3]).toBeLessThan(1e-12 * model.explainedVariance[0]);
    // the reconstruction with 3 components is already exact
    expectClose(pca(y, { method: 'gram', components: 3 }).reconstruct(y).data, y.data, 1e-12);
  });
});
