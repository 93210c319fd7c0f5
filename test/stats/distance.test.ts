/** distance, angle and pairwiseDistances: course values, numpy/scikit-learn literals, properties. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Matrix, OptionError, ShapeError, angle, distance, pairwiseDistances, withBackend } from '../../src/entry/node.js';
import { Rng } from '../../src/random.js';
import { BACKENDS } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';

const X = [[0.5, -1.2, 3.3], [2.0, 0.1, -0.7], [1.1, 1.9, 0.4], [-0.3, 0.8, 2.2], [4.0, -2.5, 1.0]];
const Y = [[1.0, 0.0, -1.0], [0.2, 0.3, 0.4]];

describe('distance and angle', () => {
  it('course: distance([1,0],[0,1]) = √2 and angle = π/2', () => {
    expect(distance([1, 0], [0, 1])).toBe(Math.SQRT2);
    expect(angle([1, 0], [0, 1])).toBe(Math.PI / 2);
  });

  it('course trap: parallel [0.1,0.7] and [0.3,2.1] give angle 0, not NaN (cosine 1.0000000000000002 clamped)', () => {
    expect(angle([0.1, 0.7], [0.3, 2.1])).toBe(0);
    expect(angle([0.1, 0.7], [-0.3, -2.1])).toBe(Math.PI);
  });

  it('numpy: norm(x − y) and arccos(x·y/(‖x‖‖y‖)) on literals', () => {
    expect(distance(X[0], X[1])).toBe(4.465422712353221);
    expect(angle(X[0], X[1])).toBeCloseTo(1.762019023084102, 15);
  });

  it('neither overflows nor underflows where the plain formulas would', () => {
    expect(distance([3e200, 0], [0, 4e200])).toBeCloseTo(5e200, -186);
    expect(distance([3e-200, 0], [0, 4e-200]) / 5e-200).toBeCloseTo(1, 15);
    expect(angle([1e300, 1e300], [1e300, 0])).toBeCloseTo(Math.PI / 4, 15);
    expect(angle([1e-300, 1e-300], [1e-300, 0])).toBeCloseTo(Math.PI / 4, 15);
  });

  it('zero vectors have no angle (NaN, as numpy), NaN propagates, inputs are not mutated', () => {
    expect(Number.isNaN(angle([0, 0], [1, 2]))).toBe(true);
    expect(Number.isNaN(distance([NaN, 0], [1, 2]))).toBe(true);
    const x = [1, 2];
    distance(x, [3, 4]);
    expect(x).toEqual([1, 2]);
  });

  it('property: distance is symmetric, zero on itself, satisfies the triangle inequality; angle in [0, π]', () => {
    const vec = (n: number) => fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: n, maxLength: n });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(vec(n), vec(n), vec(n))), ([a, b, c]) => {
        expect(distance(a, b)).toBe(distance(b, a));
        expect(distance(a, a)).toBe(0);
        expect(distance(a, c)).toBeLessThanOrEqual((distance(a, b) + distance(b, c)) * (1 + 1e-12) + 1e-300);
        const t = angle(a, b);
        if (!Number.isNaN(t)) expect(t >= 0 && t <= Math.PI).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects vectors of different lengths', () => {
    expect(() => distance([1, 2], [1, 2, 3])).toThrow(ShapeError);
    expect(() => angle([1, 2], [1])).toThrow(/angle: x has length 2 and y has length 1; they must match/);
  });
});

describe('pairwiseDistances', () => {
  const available = BACKENDS.filter((b) => b.available).map((b) => b.name);

  it.each(available)('scikit-learn euclidean_distances literals on %s (1e-14)', (name) => {
    withBackend(name, () => {
      expectClose(pairwiseDistances(X, Y).data, [
        4.49221548904324, 3.2787192621509997, 1.0488088481701514, 2.118962010041709, 2.3622023622035435,
        1.835755975068582, 3.5454195802471675, 1.9339079605813716, 4.387482193696061, 4.758150901348127,
      ], 1e-14);
      const self = pairwiseDistances(X);
      expectClose(self.data, [
        0.0, 4.465422712353221, 4.287190222045203, 2.4186773244895643, 4.38520238985614, 4.465422712353221, 0.0,
        2.293468988235943, 3.7669616403674726, 3.6945906403822333, 4.287190222045203, 2.293468988235943, 0.0,
        2.5317977802344327, 5.303772242470448, 2.4186773244895643, 3.7669616403674726, 2.5317977802344327, 0.0,
        5.551576352712804, 4.38520238985614, 3.6945906403822333, 5.303772242470448, 5.551576352712804, 0.0,
      ], 1e-14);
      for (let i = 0; i < 5; i++) expect(self.get(i, i)).toBe(0);
    });
  });

  it('squared option, exact option, empty sets, and d = 0', () => {
    expect(pairwiseDistances([[0, 0]], [[1, 0], [0, 2]], { squared: true }).toArray()).toEqual([[1, 4]]);
    expect(pairwiseDistances([[0, 0], [3, 4]]).toArray()).toEqual([[0, 5], [5, 0]]);
    expect(pairwiseDistances([[0, 0], [3, 4]], undefined, { exact: true }).toArray()).toEqual([[0, 5], [5, 0]]);
    expect(pairwiseDistances(new Matrix(0, 3), Y).shape).toEqual([0, 2]);
    expect(pairwiseDistances(new Matrix(2, 0), new Matrix(3, 0)).toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
  });

  it('documented limit: the expansion loses tiny distances between large vectors; exact keeps them', () => {
    // Two points 1e-6 apart at distance 1e4 from the origin: ‖x‖² ≈ 1e8, so the expansion's
    // absolute error in the squared distance (~ε·1e8 ≈ 1e-8) swamps the true 1e-12.
    const a = [1e4, 0];
    const b = [1e4 + 1e-6, 0];
    const truth = b[0] - a[0]; // exact (Sterbenz): the true distance of the stored values
    const fast = pairwiseDistances([a], [b]).get(0, 0);
    const exact = pairwiseDistances([a], [b], { exact: true }).get(0, 0);
    expect(Math.abs(exact - truth) / truth).toBeLessThan(1e-9);
    expect(Math.abs(fast - truth) / truth).toBeGreaterThan(1e-3);
  });

  it('property: the expansion agrees with the exact sums within ε·(‖x‖² + ‖y‖²), on every backend', () => {
    const arb = fc.record({
      m: fc.integer({ min: 1, max: 40 }),
      n: fc.integer({ min: 1, max: 40 }),
      d: fc.integer({ min: 1, max: 30 }),
      magnitude: fc.constantFrom(1e-3, 1, 1e4),
      near: fc.boolean(),
      seed: fc.integer({ min: 1, max: 1e6 }),
    });
    fc.assert(
      fc.property(arb, ({ m, n, d, magnitude, near, seed }) => {
        const rng = new Rng(seed);
        const A = new Matrix(m, d, Float64Array.from({ length: m * d }, () => (rng.next() * 2 - 1) * magnitude));
        // `near`: Y's rows are perturbed copies of X's, the regime where the expansion cancels.
        const B = new Matrix(n, d, Float64Array.from({ length: n * d }, (_, i) =>
          near ? A.data[(Math.floor(i / d) % m) * d + (i % d)] * (1 + 1e-6 * (rng.next() - 0.5)) : (rng.next() * 2 - 1) * magnitude));
        const exact = pairwiseDistances(A, B, { squared: true, exact: true });
        for (const name of available) {
          const fast = withBackend(name, () => pairwiseDistances(A, B, { squared: true }));
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < n; j++) {
              let scale = 0;
              for (let p = 0; p < d; p++) scale += A.data[i * d + p] ** 2 + B.data[j * d + p] ** 2;
              expect(fast.get(i, j)).toBeGreaterThanOrEqual(0);
              expect(Math.abs(fast.get(i, j) - exact.get(i, j))).toBeLessThanOrEqual(8 * (d + 2) * Number.EPSILON * scale);
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('blocks over rows of X without changing the result (more rows than one block holds)', () => {
    // BLOCK_ENTRIES / n rows per block: n = 70 000 gives 59 rows, so 130 rows take 3 blocks.
    const rng = new Rng(2);
    const n = 70_000;
    const d = 2;
    const A = new Matrix(130, d, Float64Array.from({ length: 130 * d }, () => rng.next()));
    const B = new Matrix(n, d, Float64Array.from({ length: n * d }, () => rng.next()));
    const D = pairwiseDistances(A, B, { squared: true });
    for (const i of [0, 58, 59, 60, 117, 118, 129]) {
      for (const j of [0, 1, 34_999, 69_999]) {
        const e = (A.data[i * 2] - B.data[j * 2]) ** 2 + (A.data[i * 2 + 1] - B.data[j * 2 + 1]) ** 2;
        expect(Math.abs(D.get(i, j) - e)).toBeLessThan(1e-14);
      }
    }
  });

  it('property: symmetric for a single set, non-negative', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 1e6 }), (m, d, seed) => {
        const rng = new Rng(seed);
        const A = new Matrix(m, d, Float64Array.from({ length: m * d }, () => rng.next() * 200 - 100));
        const D = pairwiseDistances(A);
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < m; j++) {
            expect(D.get(i, j)).toBeGreaterThanOrEqual(0);
            expect(Math.abs(D.get(i, j) - D.get(j, i))).toBeLessThanOrEqual(1e-12 * (1 + D.get(i, j)));
          }
        }
      }),
      { numRuns: 50 },
    );
  });

  it('rejects mismatched feature counts and bad options', () => {
    expect(() => pairwiseDistances([[1, 2]], [[1, 2, 3]])).toThrow(
      /pairwiseDistances: X is 1×2 and Y is 1×3; both need the same number of columns/,
    );
    expect(() => pairwiseDistances([[1, 2]], undefined, { squared: 'yes' as unknown as boolean })).toThrow(OptionError);
  });
});
