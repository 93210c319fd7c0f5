/** mean, cov, affineMean, affineCov: the course's values, numpy literals, the affine identities. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Matrix, OptionError, ShapeError, affineCov, affineMean, cov, matmul, mean, transpose } from '../../src/entry/node.js';
import { BACKENDS } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';
import { withBackend } from '../../src/entry/node.js';
import { Rng } from '../../src/random.js';

const COURSE = [[0, 3], [1, 4], [2, 5]];

describe('mean and cov', () => {
  it('course: samples (0,3), (1,4), (2,5) → mean (1, 4), population cov [[2/3, 2/3], [2/3, 2/3]]', () => {
    expect(Array.from(mean(COURSE))).toEqual([1, 4]);
    expectClose(cov(COURSE, { ddof: 0 }).data, [2 / 3, 2 / 3, 2 / 3, 2 / 3], 1e-15);
    // ddof 1 (the default, numpy's np.cov) divides by n − 1.
    expectClose(cov(COURSE).data, [1, 1, 1, 1], 1e-15);
  });

  it.each(BACKENDS.filter((b) => b.available).map((b) => b.name))('numpy np.cov(X, rowvar=False) on %s (1e-14)', (name) => {
    const X = [[0.5, -1.2, 3.3], [2.0, 0.1, -0.7], [1.1, 1.9, 0.4], [-0.3, 0.8, 2.2], [4.0, -2.5, 1.0]];
    withBackend(name, () => {
      expectClose(mean(X), [1.4600000000000002, -0.18, 1.2399999999999998], 1e-15);
      expectClose(cov(X).data, [2.7230000000000003, -1.809, -1.2555, -1.809, 2.947, -0.7234999999999999, -1.2555, -0.7234999999999999, 2.4230000000000005], 1e-14);
      expectClose(cov(X, { ddof: 0 }).data, [2.1784000000000003, -1.4472, -1.0044000000000002, -1.4472, 2.3576, -0.5788, -1.0044000000000002, -0.5788, 1.9384000000000006], 1e-14);
    });
  });

  it('cov is exactly symmetric and agrees with a naive double loop (the course\'s cross-check)', () => {
    const rng = new Rng(3);
    const n = 57;
    const d = 33;
    const X = new Matrix(n, d, Float64Array.from({ length: n * d }, () => rng.next() * 10 - 3));
    const C = cov(X, { ddof: 0 });
    const mu = mean(X);
    const naive = new Float64Array(d * d);
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += (X.data[i * d + a] - mu[a]) * (X.data[i * d + b] - mu[b]);
        naive[a * d + b] = s / n;
      }
    }
    expectClose(C.data, naive, 1e-13);
    for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) expect(C.data[a * d + b]).toBe(C.data[b * d + a]);
  });

  it('propagates NaN like numpy and leaves its input untouched', () => {
    const X = new Matrix(2, 2, new Float64Array([1, NaN, 3, 4]));
    const before = X.data.slice();
    expect(Number.isNaN(mean(X)[1])).toBe(true);
    expect(mean(X)[0]).toBe(2);
    expect(Number.isNaN(cov(X).data[3])).toBe(true);
    expect(X.data).toEqual(before);
  });

  it('rejects bad shapes and options with messages that say what was wrong', () => {
    expect(() => mean([])).toThrow(ShapeError);
    expect(() => mean([])).toThrow(/mean: X needs at least 1 row.*got 0×0/);
    expect(() => cov([[1, 2]])).toThrow(/cov: X needs at least 2 rows.*ddof = 1.*got 1×2/);
    expect(() => cov([[1, 2]], { ddof: 0 })).not.toThrow();
    expect(() => cov(COURSE, { ddof: -1 })).toThrow(OptionError);
    expect(() => cov(COURSE, { ddof: 0.5 })).toThrow(/option 'cov: ddof' must be an integer ≥ 0; got 0.5/);
  });
});

describe('affine maps', () => {
  it('affineMean = A·mu + b and affineCov = A·S·Aᵀ on small literals', () => {
    expect(Array.from(affineMean([1, 4], [[2, 0], [0, 1]], [1, -1]))).toEqual([3, 3]);
    expect(Array.from(affineMean([1, 4], [[1, 1], [1, -1], [0, 2]]))).toEqual([5, -3, 8]);
    expect(affineCov([[1, 0], [0, 4]], [[1, 1]]).toArray()).toEqual([[5]]);
    expect(affineCov([[2, 1], [1, 3]], [[1, 0], [1, 1]]).toArray()).toEqual([[2, 3], [3, 7]]);
  });

  it('property: mean(AX + b) = A·mean(X) + b and cov(AX + b) = A·cov(X)·Aᵀ', () => {
    const arb = fc.record({
      n: fc.integer({ min: 2, max: 12 }),
      d: fc.integer({ min: 1, max: 5 }),
      p: fc.integer({ min: 1, max: 5 }),
      seed: fc.integer({ min: 1, max: 1e6 }),
    });
    fc.assert(
      fc.property(arb, ({ n, d, p, seed }) => {
        const rng = new Rng(seed);
        const X = new Matrix(n, d, Float64Array.from({ length: n * d }, () => rng.next() * 4 - 2));
        const A = new Matrix(p, d, Float64Array.from({ length: p * d }, () => rng.next() * 4 - 2));
        const b = Float64Array.from({ length: p }, () => rng.next() * 10 - 5);
        // Rows are samples: the mapped data set is X Aᵀ + 1 bᵀ.
        const Y = matmul(X, transpose(A));
        for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) Y.data[i * p + j] += b[j];
        // Against the magnitudes summed (Y's entries, b), not the mean itself: a mean that
        // cancels to near zero (seed 989570: p = 1) has no relative accuracy to speak of.
        const size = Math.max(1, ...Y.data.map(Math.abs), ...b.map(Math.abs));
        const meanDiff = Array.from(mean(Y), (v, j) => Math.abs(v - affineMean(mean(X), A, b)[j]) / size);
        expect(Math.max(...meanDiff)).toBeLessThan(1e-12);
        const S = cov(X);
        const scale = Math.max(1, ...cov(Y).data.map(Math.abs));
        const diff = affineCov(S, A).data.map((v, i) => (v - cov(Y).data[i]) / scale);
        expect(Math.max(...diff.map(Math.abs))).toBeLessThan(1e-12);
      }),
      { numRuns: 60 },
    );
  });

  it('rejects mismatched shapes naming them', () => {
    expect(() => affineMean([1, 2, 3], [[1, 0], [0, 1]])).toThrow(/affineMean: A is 2×2 and mu has length 3/);
    expect(() => affineMean([1, 2], [[1, 0], [0, 1]], [1])).toThrow(/affineMean: b has length 1 but A has 2 rows/);
    expect(() => affineCov([[1, 2, 3], [4, 5, 6]], [[1, 0]])).toThrow(/affineCov: S must be square \(d × d\); got 2×3/);
    expect(() => affineCov([[1, 0], [0, 1]], [[1, 0, 0]])).toThrow(ShapeError);
  });
});
