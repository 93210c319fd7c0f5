import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/matrix.js';
import { pca } from '../../src/pca/pca.js';
import { gaussianTestMatrix } from '../../src/pca/gaussian-test-matrix.js';
import { modelFromSketch } from '../../src/pca/sketch-model.js';
import { randomMatrix } from '../../src/random.js';

describe('gaussianTestMatrix', () => {
  it('is reproducible from its seed and differs between seeds', () => {
    const a = gaussianTestMatrix(50, 7, 42);
    expect(gaussianTestMatrix(50, 7, 42).data).toEqual(a.data);
    expect(gaussianTestMatrix(50, 7, 43).data).not.toEqual(a.data);
  });

  it('has standard normal entries (mean ≈ 0, variance ≈ 1 over 40 000 draws)', () => {
    const { data } = gaussianTestMatrix(200, 200, 7);
    const mean = data.reduce((s, v) => s + v, 0) / data.length;
    const variance = data.reduce((s, v) => s + (v - mean) ** 2, 0) / data.length;
    // Standard errors: 1/200 for the mean, ~0.007 for the variance; 5 of them as the bound.
    expect(Math.abs(mean)).toBeLessThan(0.025);
    expect(Math.abs(variance - 1)).toBeLessThan(0.035);
  });
});

describe('modelFromSketch', () => {
  it('gives the exact model when B = Qᵀ·Xc with Q spanning the whole range', () => {
    const x = randomMatrix(30, 6, 3);
    const exact = pca(x, { components: 3 });
    const [n, d] = [x.rows, x.cols];
    const xc = new Matrix(n, d, x.data.map((v, i) => v - exact.mean[i % d]));
    let trace = 0;
    for (const v of xc.data) trace += v * v;
    // Q = I: B is Xc itself (n × d), the most accurate sketch there is.
    const model = modelFromSketch({ b: xc, mean: exact.mean, n, trace }, 3, false);
    expect(Array.from(model.explainedVariance)).toEqual(Array.from(exact.explainedVariance).map((v) => expect.closeTo(v, 12)));
    expect(Array.from(model.explainedVarianceRatio)).toEqual(Array.from(exact.explainedVarianceRatio).map((v) => expect.closeTo(v, 12)));
    expect(model.noiseVariance).toBeCloseTo(exact.noiseVariance, 12);
    expect(Array.from(model.components.data)).toEqual(Array.from(exact.components.data).map((v) => expect.closeTo(v, 10)));
  });
});
