/** leastSquares, mse and standardize: numpy literals, the course's conventions, errors. */
import { describe, expect, it } from 'vitest';
import { Matrix, NonFiniteError, ShapeError, leastSquares, matmul, mse, project, standardize } from '../../src/entry/node.js';
import { Rng } from '../../src/random.js';
import { expectClose } from '../helpers/close.js';

describe('leastSquares', () => {
  it('numpy lstsq on a tall full-rank system (QR path, 1e-14)', () => {
    const A = [[1, 2], [3, 4], [5, 7], [0.5, -1]];
    expectClose(leastSquares(A, [1, -2, 0.5, 3]), [1.7071583514099804, -1.2613882863340584], 1e-14);
  });

  it('numpy lstsq minimum-norm solutions for rank-deficient and wide systems (SVD path)', () => {
    const rankTwo = [[1, 2, 3], [2, 4, 6], [1, 0, 1], [0, 1, 1]]; // column 3 = column 1 + column 2
    expectClose(leastSquares(rankTwo, [1, -2, 0.5, 3]), [-0.6666666666666672, 0.46794871794871834, -0.1987179487179488], 1e-13);
    expectClose(leastSquares([[1, 2, 3], [4, 5, 6.5]], [1, 2]), [-0.13294797687861332, 0.11560693641618497, 0.3005780346820812], 1e-13);
  });

  it('the course\'s example: fitting [6, 0, 0] on B = [[1,0],[1,1],[1,2]] gives the projection coefficients [5, −3]', () => {
    expectClose(leastSquares([[1, 0], [1, 1], [1, 2]], [6, 0, 0]), [5, -3], 1e-14);
  });

  it('QR stays accurate where the normal equations lose everything (cond(X) ≈ 1e8)', () => {
    // Polynomial-like columns with a near-dependency: cond(XᵀX) ≈ 1e16 wipes the normal equations.
    const n = 20;
    const X = new Matrix(n, 2);
    const truth = [1.5, -2];
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      X.data[i * 2] = 1;
      X.data[i * 2 + 1] = 1 + 1e-8 * i;
      y[i] = truth[0] + truth[1] * X.data[i * 2 + 1];
    }
    const beta = leastSquares(X, y);
    expect(Math.abs(beta[0] - truth[0])).toBeLessThan(1e-6);
    expect(Math.abs(beta[1] - truth[1])).toBeLessThan(1e-6);
  });

  it('several right-hand sides as columns; residual orthogonal to the columns of X', () => {
    const rng = new Rng(4);
    const X = new Matrix(30, 4, Float64Array.from({ length: 120 }, () => rng.next()));
    const Y = new Matrix(30, 2, Float64Array.from({ length: 60 }, () => rng.next()));
    const beta = leastSquares(X, Y);
    expect(beta.shape).toEqual([4, 2]);
    const fit = matmul(X, beta);
    for (let c = 0; c < 2; c++) {
      for (let j = 0; j < 4; j++) {
        let s = 0;
        for (let i = 0; i < 30; i++) s += X.data[i * 4 + j] * (Y.data[i * 2 + c] - fit.data[i * 2 + c]);
        expect(Math.abs(s)).toBeLessThan(1e-13);
      }
    }
    // Column by column equals the single-vector solve, and matches project()'s coefficients.
    const y0 = Float64Array.from({ length: 30 }, (_, i) => Y.data[i * 2]);
    expectClose(leastSquares(X, y0), [beta.get(0, 0), beta.get(1, 0), beta.get(2, 0), beta.get(3, 0)], 1e-12);
    expectClose(project(y0, X).coefficients, leastSquares(X, y0), 1e-10);
  });

  it('errors: mismatched rows and non-finite input', () => {
    expect(() => leastSquares([[1, 2], [3, 4]], [1, 2, 3])).toThrow(/leastSquares: X is 2×2 but y has length 3; y needs one entry per row of X/);
    expect(() => leastSquares([[1, NaN], [3, 4]], [1, 2])).toThrow(NonFiniteError);
  });
});

describe('leastSquares: dependent columns', () => {
  it('two equal columns give the minimum-norm solution (numpy lstsq), not a huge one from R₂₂ ≈ 1e-15', () => {
    const x = new Matrix(2, 2, Float64Array.from([0.3029246935620904, 0.3029246935620904, -1.84445767570287, -1.84445767570287]));
    // numpy.linalg.lstsq(x, [1, 2]): both coefficients (x₀·1 + x₁·2) / (2‖x_col‖²).
    const c = (0.3029246935620904 - 2 * 1.84445767570287) / (2 * (0.3029246935620904 ** 2 + 1.84445767570287 ** 2));
    expectClose(leastSquares(x, [1, 2]), [c, c], 1e-14);
  });
});

describe('mse', () => {
  it('mean over rows of the squared row error', () => {
    expect(mse([[1, 2], [3, 4]], [[1, 0], [3, 5]])).toBe(2.5);
    expect(mse([1, 2, 3], [1, 2, 5])).toBe(4 / 3);
    expect(() => mse([[1, 2]], [[1, 2, 3]])).toThrow(/mse: A is 1×2 and B is 1×3; they must have the same shape/);
    expect(() => mse([[1, 2]], [1, 2])).toThrow(ShapeError);
  });
});

describe('standardize', () => {
  it('numpy: (X − mean) / std with population std; constant columns divided by 1 and reported 0', () => {
    const S = [[1, 2, 3], [1, 5, 3], [1, -1, 3], [1, 4, 3]];
    const r = standardize(S);
    expect(Array.from(r.mean)).toEqual([1, 2.5, 3]);
    expectClose(r.std, [0, 2.29128784747792, 0], 1e-15);
    expectClose(r.data.data, [0, -0.2182178902359924, 0, 0, 1.091089451179962, 0, 0, -1.5275252316519468, 0, 0, 0.6546536707079772, 0], 1e-15);
  });

  it('a constant 0.1 column is constant (numpy\'s std says 1.4e-17 and would blow it up)', () => {
    const r = standardize([[0.1, 1], [0.1, 2], [0.1, 3]]);
    expect(r.std[0]).toBe(0);
    expect(r.mean[0]).toBe(0.1);
    expect([r.data.get(0, 0), r.data.get(1, 0), r.data.get(2, 0)]).toEqual([0, 0, 0]);
  });

  it('non-constant columns end with mean 0 and population std 1', () => {
    const rng = new Rng(6);
    const X = new Matrix(50, 3, Float64Array.from({ length: 150 }, () => rng.next() * 100 + 1e3));
    const { data } = standardize(X);
    for (let j = 0; j < 3; j++) {
      let s = 0;
      let q = 0;
      for (let i = 0; i < 50; i++) s += data.get(i, j);
      for (let i = 0; i < 50; i++) q += (data.get(i, j) - s / 50) ** 2;
      expect(Math.abs(s / 50)).toBeLessThan(1e-14);
      expect(Math.sqrt(q / 50)).toBeCloseTo(1, 14);
    }
  });

  it('errors: no rows, non-finite input', () => {
    expect(() => standardize([])).toThrow(/standardize: X needs at least 1 row/);
    expect(() => standardize([[1, Infinity]])).toThrow(/standardize: X must be finite; entry \(0, 1\) is Infinity/);
  });
});
