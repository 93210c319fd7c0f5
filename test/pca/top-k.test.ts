/**
 * The top-k methods of pca() (issue #10): 'randomized' (randomized SVD, adaptive power
 * iterations by default) and 'truncated' (exact top k by the eigenvalue-subset solver), and
 * what 'auto' does with an integer k.
 *
 * The file takes ~10 s on a busy machine (the exact references are full eigendecompositions;
 * the flat spectra of the accuracy target are in flat-spectrum.test.ts).
 *
 * Tolerances (stated once):
 * - randomized with its DEFAULT settings: top-k explained variances within 1e-6 relative of the
 *   exact ones (scikit-learn's full solver for digits and breast_cancer, from
 *   test/fixtures/sklearn-pca.json; our exact route for the synthetic sets); largest principal
 *   angle between the randomized and exact top-k subspaces below 1e-4 rad.
 * - truncated: variances within 1e-10 relative plus 1e-13 of the largest (the scatter squares
 *   the data, so the smallest carry ε·λ_max), components 1e-8 entry-wise against the full route.
 */
import { describe, expect, it } from 'vitest';
import { OptionError, withBackend } from '../../src/entry/node.js';
import { qr } from '../../src/linalg/qr.js';
import { Matrix } from '../../src/matrix.js';
import { autoRoute } from '../../src/pca/auto-method.js';
import type { PcaModel } from '../../src/pca/model.js';
import { pca, type PcaMethod } from '../../src/pca/pca.js';
import { Rng, randomMatrix } from '../../src/random.js';
import { BACKENDS } from '../helpers/backends.js';
import { thrown } from '../helpers/thrown.js';
import { SKLEARN, dataset } from './fixtures.js';
import { subspaceAngle } from '../helpers/subspace.js';

const RANDOMIZED_RTOL = 1e-6;
const ANGLE_TOL = 1e-4;

function maxRelativeError(got: ArrayLike<number>, want: ArrayLike<number>, k: number): number {
  let worst = 0;
  for (let i = 0; i < k; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / want[i]);
  return worst;
}

/** What every model must satisfy, whichever method made it. */
function expectInvariants(m: PcaModel): void {
  const { rows: k, cols: d, data } = m.components;
  for (let i = 0; i < k; i++) {
    for (let p = 0; p <= i; p++) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += data[i * d + j] * data[p * d + j];
      expect(Math.abs(dot - (i === p ? 1 : 0))).toBeLessThan(1e-10);
    }
    // Sign convention: the largest-|x| entry of each row is positive.
    let at = 0;
    for (let j = 1; j < d; j++) if (Math.abs(data[i * d + j]) > Math.abs(data[i * d + at])) at = j;
    expect(data[i * d + at]).toBeGreaterThan(0);
    if (i > 0) expect(m.explainedVariance[i]).toBeLessThanOrEqual(m.explainedVariance[i - 1] * (1 + 1e-12));
  }
  const ratios = Array.from(m.explainedVarianceRatio);
  for (const r of ratios) expect(r >= 0 && r <= 1).toBe(true);
  expect(ratios.reduce((s, r) => s + r, 0)).toBeLessThanOrEqual(1 + 1e-12);
  expect(m.noiseVariance).toBeGreaterThanOrEqual(0);
}

/**
 * n × d data: a rank-`rank` signal with singular values √n · i^(−decay) (i = 1 … rank) along
 * random orthonormal directions, plus Gaussian noise of standard deviation `noise`.
 */
function lowRankPlusNoise(n: number, d: number, rank: number, decay: number, noise: number, seed: number): Matrix {
  const rng = new Rng(seed);
  const gaussian = (r: number, c: number) => new Matrix(r, c, Float64Array.from({ length: r * c }, () => rng.normal()));
  const u = qr(gaussian(n, rank)).q;
  const v = qr(gaussian(d, rank)).q;
  const x = new Matrix(n, d);
  for (let c = 0; c < rank; c++) {
    const s = Math.sqrt(n) * (c + 1) ** -decay;
    for (let i = 0; i < n; i++) {
      const ui = s * u.data[i * rank + c];
      for (let j = 0; j < d; j++) x.data[i * d + j] += ui * v.data[j * rank + c];
    }
  }
  for (let i = 0; i < n * d; i++) x.data[i] += noise * rng.normal();
  return x;
}

describe('randomized PCA with default settings: accuracy against the exact PCA', () => {
  it.each(['digits', 'breast_cancer'] as const)('%s: top-k variances within 1e-6, subspace within 1e-4 rad', (name) => {
    const x = dataset(name);
    const exactVariance = SKLEARN.cases.find((c) => c.name === name)!.explainedVariance;
    for (const k of [2, 5, 10]) {
      const model = pca(x, { method: 'randomized', components: k });
      expect(maxRelativeError(model.explainedVariance, exactVariance, k)).toBeLessThan(RANDOMIZED_RTOL);
      expect(subspaceAngle(model.components, pca(x, { components: k, method: 'covariance' }).components)).toBeLessThan(ANGLE_TOL);
      expectInvariants(model);
    }
  });

  // Slowly decaying spectra: scikit-learn's defaults (7 or 4 fixed iterations) leave these
  // 1e-4 … 1e-2 off; the adaptive block-Krylov default runs 4–9 iterations and lands within 1e-10.
  it.each([
    ['2000 × 500, rank 50, σ_i ∝ i^−0.5, noise 0.1', 2000, 500, 50, 0.5, 0.1],
    ['1000 × 300, rank 100, σ_i ∝ i^−0.25, noise 0.3', 1000, 300, 100, 0.25, 0.3],
    ['300 × 800 (wide), rank 40, σ_i ∝ i^−0.3, noise 0.2', 300, 800, 40, 0.3, 0.2],
  ] as const)('low rank + noise, %s', (_, n, d, rank, decay, noise) => {
    const x = lowRankPlusNoise(n, d, rank, decay, noise, 11);
    for (const k of [2, 10]) {
      const exact = pca(x, { components: k, method: d <= n ? 'covariance' : 'gram' });
      const model = pca(x, { method: 'randomized', components: k });
      expect(maxRelativeError(model.explainedVariance, exact.explainedVariance, k)).toBeLessThan(RANDOMIZED_RTOL);
      expect(subspaceAngle(model.components, exact.components)).toBeLessThan(ANGLE_TOL);
      expect(Math.abs(model.noiseVariance - exact.noiseVariance) / exact.noiseVariance).toBeLessThan(RANDOMIZED_RTOL);
      expectInvariants(model);
    }
  });

  it('powerIterations: q is a fixed schedule of q block-Krylov iterations: more of them, closer', () => {
    const x = lowRankPlusNoise(600, 300, 40, 0.2, 0.3, 4);
    const want = pca(x, { components: 10, method: 'truncated' }).explainedVariance;
    const errors = [0, 1, 3].map((q) => maxRelativeError(pca(x, { method: 'randomized', components: 10, powerIterations: q }).explainedVariance, want, 10));
    expect(errors[0]).toBeGreaterThan(errors[1]);
    expect(errors[1]).toBeGreaterThan(errors[2]);
    // The default (adaptive) beats a short fixed schedule.
    expect(maxRelativeError(pca(x, { method: 'randomized', components: 10 }).explainedVariance, want, 10)).toBeLessThan(Math.min(errors[2], RANDOMIZED_RTOL));
  });

  it('a mean a million times the spread: the centred copy is used, no digits lost', () => {
    const base = lowRankPlusNoise(400, 50, 5, 0.5, 0.1, 3);
    const shifted = new Matrix(400, 50, base.data.map((v, i) => v + 1e7 * (1 + (i % 50))));
    const exact = pca(base, { components: 5 });
    const model = pca(shifted, { method: 'randomized', components: 5 });
    expect(maxRelativeError(model.explainedVariance, exact.explainedVariance, 5)).toBeLessThan(1e-8);
    // Ratios divide by the trace, taken from sums about the first row (colStats): its digits
    // survive the 1e7 offsets too.
    expect(maxRelativeError(model.explainedVarianceRatio, exact.explainedVarianceRatio, 5)).toBeLessThan(1e-8);
    expect(Math.abs(model.noiseVariance / exact.noiseVariance - 1)).toBeLessThan(1e-6);
  });
});

describe('truncated PCA: the exact top k', () => {
  it.each([
    ['digits (covariance side)', () => dataset('digits')],
    ['breast_cancer', () => dataset('breast_cancer')],
    ['60 × 200 (Gram side)', () => randomMatrix(60, 200, 5)],
  ] as const)('%s: equals the full route to rounding', (_, make) => {
    const x = make();
    const top = (m: PcaModel) => Math.max(...m.explainedVariance);
    for (const k of [1, 3, 10]) {
      const full = pca(x, { components: k, method: x.cols <= x.rows ? 'covariance' : 'gram' });
      const model = pca(x, { components: k, method: 'truncated' });
      for (let i = 0; i < k; i++) {
        expect(Math.abs(model.explainedVariance[i] - full.explainedVariance[i])).toBeLessThanOrEqual(1e-10 * full.explainedVariance[i] + 1e-13 * top(full));
        expect(Math.abs(model.explainedVarianceRatio[i] - full.explainedVarianceRatio[i])).toBeLessThan(1e-12);
      }
      expect(Math.abs(model.noiseVariance - full.noiseVariance)).toBeLessThanOrEqual(1e-10 * full.noiseVariance + 1e-13 * top(full));
      for (let i = 0; i < k * x.cols; i++) expect(Math.abs(model.components.data[i] - full.components.data[i])).toBeLessThan(1e-8);
      expectInvariants(model);
    }
  });
});

describe.each(BACKENDS.filter((b) => b.available))('seeded randomized PCA on $name', ({ name }) => {
  const x = lowRankPlusNoise(120, 40, 40, 0.2, 0.5, 9);
  const fit = (seed: number, powerIterations: number | 'adaptive' = 'adaptive') =>
    withBackend(name, () => pca(x, { method: 'randomized', components: 4, seed, powerIterations }));

  it('the same seed gives the same model, bit for bit, call after call', () => {
    const a = fit(7);
    const b = fit(7);
    expect(Array.from(b.components.data)).toEqual(Array.from(a.components.data));
    expect(Array.from(b.explainedVariance)).toEqual(Array.from(a.explainedVariance));
  });

  it('the same seed gives the model the ts backend gives (to rounding); another seed another sketch', () => {
    const reference = withBackend('ts', () => pca(x, { method: 'randomized', components: 4, seed: 7, powerIterations: 0 }));
    const model = fit(7, 0);
    for (let i = 0; i < model.components.data.length; i++) expect(model.components.data[i]).toBeCloseTo(reference.components.data[i], 9);
    for (let i = 0; i < 4; i++) expect(model.explainedVariance[i] / reference.explainedVariance[i]).toBeCloseTo(1, 11);
    // Adaptive: the stop is taken on the same pass, so the models agree to rounding too.
    const adaptive = fit(7);
    const adaptiveReference = withBackend('ts', () => pca(x, { method: 'randomized', components: 4, seed: 7 }));
    for (let i = 0; i < adaptive.components.data.length; i++) expect(adaptive.components.data[i]).toBeCloseTo(adaptiveReference.components.data[i], 9);
    // No power iteration on a flat spectrum: the sketch, hence the model, depends on Ω.
    expect(Math.abs(fit(8, 0).explainedVariance[3] / model.explainedVariance[3] - 1)).toBeGreaterThan(1e-6);
  });

  it('the default seed is fixed (omitting it equals seed 0)', () => {
    const a = withBackend(name, () => pca(x, { method: 'randomized', components: 4, powerIterations: 0 }));
    expect(Array.from(a.explainedVariance)).toEqual(Array.from(fit(0, 0).explainedVariance));
  });
});

describe('options of the top-k methods', () => {
  const x = randomMatrix(30, 8, 2);
  const refused = (options: Parameters<typeof pca>[1]) => thrown(() => pca(x, options));

  it.each([
    ['oversamples', -1],
    ['oversamples', 2.5],
    ['oversamples', '10'],
    ['powerIterations', -1],
    ['powerIterations', 1.5],
    ['powerIterations', 'auto'],
    ['seed', -1],
    ['seed', 2 ** 32],
    ['seed', 0.5],
    ['seed', Number.NaN],
    ['seed', '7'],
  ] as const)('%s: %s is an OptionError naming it', (option, value) => {
    const err = refused({ method: 'randomized', components: 2, [option]: value });
    expect(err).toBeInstanceOf(OptionError);
    expect((err as OptionError).option).toBe(option);
  });

  it('accepts the edges: 0 oversamples, 0 iterations, seed 2³² − 1', () => {
    expect(pca(x, { method: 'randomized', components: 2, oversamples: 0, powerIterations: 0, seed: 2 ** 32 - 1 }).nComponents).toBe(2);
  });

  it.each(['randomized', 'truncated'] as const)('%s needs an integer components in 1..min(n, d)', (method) => {
    for (const components of [0.5, undefined, 9]) {
      const err = refused({ method, components });
      expect(err).toBeInstanceOf(OptionError);
      expect((err as OptionError).option).toBe('components');
      if (components !== 9) expect(err.message).toContain(`'${method}'`);
    }
  });

  it.each(['covariance', 'gram', 'truncated'] as const)('a randomized option with method %s is refused, not ignored', (method) => {
    const err = refused({ method, components: 2, seed: 3 });
    expect(err).toBeInstanceOf(OptionError);
    expect(err.message).toContain("only with method 'randomized' or 'auto'");
  });
});

describe('tiny and degenerate data (every method gives the exact model)', () => {
  const methods: PcaMethod[] = ['covariance', 'gram', 'truncated', 'randomized', 'auto'];

  it.each([
    ['2 × 1', [[1], [3]], 1],
    ['2 × 3, k = min(n, d) = 2', [[1, 2, 3], [4, 0, -1]], 2],
    ['5 × 3, k = 3', randomMatrix(5, 3, 4).toArray(), 3],
    ['rank 2 in 6 × 4, k = 3', [[1, 2, 3, 4], [2, 4, 6, 8.5], [0, 1, 0, 1], [1, 3, 3, 5], [3, 6, 9, 12.5], [-1, 0, -3, -2]], 3],
    ['a constant column', [[7, 1, 2], [7, 3, 1], [7, 0, 5], [7, 2, 2]], 2],
    ['all rows equal', [[1, 2], [1, 2], [1, 2]], 1],
  ] as const)('%s', (_, rows, k) => {
    const exact = pca(rows as number[][], { components: k, method: 'covariance' });
    const top = Math.max(exact.explainedVariance[0], 1e-300);
    for (const method of methods) {
      const model = pca(rows as number[][], { components: k, method });
      for (let i = 0; i < k; i++) expect(Math.abs(model.explainedVariance[i] - exact.explainedVariance[i])).toBeLessThanOrEqual(1e-12 * top);
      expect(Math.abs(model.noiseVariance - exact.noiseVariance)).toBeLessThanOrEqual(1e-12 * top);
      expectInvariants(model);
      // Where the variance is clearly non-zero the axis is unique (up to the sign convention).
      for (let i = 0; i < k; i++) {
        if (exact.explainedVariance[i] < 1e-9 * top || (i + 1 < k && exact.explainedVariance[i] - exact.explainedVariance[i + 1] < 1e-6 * top)) continue;
        for (let j = 0; j < exact.nFeatures; j++) expect(model.components.get(i, j)).toBeCloseTo(exact.components.get(i, j), 8);
      }
    }
  });
});

describe('extreme scale: the power-of-two rescaling covers the top-k methods', () => {
  const base = lowRankPlusNoise(50, 6, 3, 0.5, 0.1, 4);
  it.each([
    ['randomized', 1e152],
    ['truncated', 1e152],
    ['randomized', 1e-152],
    ['truncated', 1e-152],
  ] as const)('%s on data scaled by %s', (method, factor) => {
    const reference = pca(base, { components: 3, method });
    const model = pca(new Matrix(50, 6, base.data.map((v) => v * factor)), { components: 3, method });
    for (let i = 0; i < 3; i++) {
      expect(model.explainedVariance[i] / (reference.explainedVariance[i] * factor * factor)).toBeCloseTo(1, 10);
      expect(model.explainedVarianceRatio[i]).toBeCloseTo(reference.explainedVarianceRatio[i], 12);
    }
    for (let i = 0; i < 18; i++) expect(model.components.data[i]).toBeCloseTo(reference.components.data[i], 10);
  });
});

describe("method 'auto' with an integer k", () => {
  it('follows the measured rule on the issue shapes (k = 10)', () => {
    expect(autoRoute(2000, 5000, 10, 10, 50).name).toBe('randomized');
    expect(autoRoute(20000, 2000, 10, 10, 50).name).toBe('randomized');
    expect(autoRoute(50000, 500, 10, 10, 50).name).toBe('truncated');
    // Small data stays exact.
    expect(autoRoute(1797, 64, 10, 10, 50).name).toBe('truncated');
    expect(autoRoute(569, 30, 10, 10, 50).name).toBe('full');
  });

  it('with a fraction or no components, always the exact full route', () => {
    const x = dataset('digits');
    const exact = pca(x, { method: 'covariance', components: 0.9 });
    expect(Array.from(pca(x, { components: 0.9 }).explainedVariance)).toEqual(Array.from(exact.explainedVariance));
  });

  it('randomized under auto is as accurate as the exact route needs (wide low-rank + noise)', () => {
    const x = lowRankPlusNoise(600, 4000, 30, 0.5, 0.1, 5);
    expect(autoRoute(600, 4000, 5, 10, 50).name).toBe('randomized');
    const exact = pca(x, { components: 5, method: 'gram' });
    const model = pca(x, { components: 5 });
    expect(maxRelativeError(model.explainedVariance, exact.explainedVariance, 5)).toBeLessThan(RANDOMIZED_RTOL);
    expectInvariants(model);
  });
});
