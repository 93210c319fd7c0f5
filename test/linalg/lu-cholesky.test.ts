/**
 * The public lu() and cholesky(): scipy/numpy literals first, then the identities
 * A = p·l·u and A = L·Lᵀ on every available backend, then shapes and errors.
 */
import { describe, expect, it } from 'vitest';
import {
  Matrix, NonFiniteError, ShapeError, SingularMatrixError, backends, cholesky, lu, matmul, transpose, withBackend,
} from '../../src/entry/node.js';
import { randomMatrix } from '../../src/random.js';
import { expectClose } from '../helpers/close.js';

const A4 = [[0, 7, -5, 3], [2, 8, 0, 4], [3, 12, 0, 5], [1, 3, 1, 3]];
const R = [[1.5, -0.3, 2.2, 0.7, -1.1], [0.4, 3.1, -0.9, 1.2, 0.5], [-2.0, 0.8, 1.7, -0.6, 2.4]];
const available = backends().filter((b) => b.available).map((b) => b.name);

describe('lu (scipy.linalg.lu conventions: A = p·l·u)', () => {
  it('matches scipy.linalg.lu on square, wide and tall matrices (1e-14 relative)', () => {
    const sq = lu(A4);
    expect(sq.p.toArray()).toEqual([[0, 1, 0, 0], [0, 0, 0, 1], [1, 0, 0, 0], [0, 0, 1, 0]]);
    expectClose(sq.l.data, [1, 0, 0, 0, 0, 1, 0, 0, 0.3333333333333333, -0.14285714285714285, 1, 0, 0.6666666666666666, 0, 0, 1], 1e-14);
    expectClose(sq.u.data, [3, 12, 0, 5, 0, 7, -5, 3, 0, 0, 0.2857142857142858, 1.761904761904762, 0, 0, 0, 0.666666666666667], 1e-14);

    const wide = lu(R);
    expect([wide.p.shape, wide.l.shape, wide.u.shape]).toEqual([[3, 3], [3, 3], [3, 5]]);
    expect(wide.p.toArray()).toEqual([[0, 0, 1], [0, 1, 0], [1, 0, 0]]);
    expectClose(wide.l.data, [1, 0, 0, -0.2, 1, 0, -0.75, 0.09202453987730065, 1], 1e-14);
    expectClose(wide.u.data, [-2, 0.8, 1.7, -0.6, 2.4, 0, 3.2600000000000002, -0.56, 1.08, 0.98, 0, 0, 3.5265337423312886,
      0.15061349693251525, 0.609815950920245], 1e-14);

    const tall = lu(transpose(R));
    expect([tall.p.shape, tall.l.shape, tall.u.shape]).toEqual([[5, 5], [5, 3], [3, 3]]);
    expect(tall.p.toArray()).toEqual([[0, 0, 1, 0, 0], [0, 1, 0, 0, 0], [1, 0, 0, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1]]);
    expectClose(tall.l.data, [1, 0, 0, -0.13636363636363635, 1, 0, 0.6818181818181818, 0.3404580152671755, 1,
      0.3181818181818182, 0.49923664122137396, 0.47175227243073986, -0.5, 0.016793893129770986, -0.9208889662071066], 1e-14);
    expectClose(tall.u.data, [2.2, -0.9, 1.7, 0, 2.9772727272727275, 1.0318181818181817, 0, 0, -3.5103816793893126], 1e-14);
  });

  it('reconstructs A = p·l·u on every backend, square and rectangular, across block sizes', () => {
    for (const backend of available) {
      for (const [m, n] of [[1, 1], [40, 40], [150, 150], [120, 37], [37, 120]]) {
        const A = randomMatrix(m, n, m * 1000 + n);
        const { p, l, u } = withBackend(backend, () => lu(A));
        expectClose(matmul(p, matmul(l, u)).data, A.data, 1e-13);
      }
    }
  });

  it('handles singular and empty matrices', () => {
    const s = lu([[1, 2], [2, 4]]);
    expect(s.u.get(1, 1)).toBe(0);
    expectClose(matmul(s.p, matmul(s.l, s.u)).data, [1, 2, 2, 4], 1e-15);
    const e = lu(new Matrix(0, 0));
    expect([e.p.shape, e.l.shape, e.u.shape]).toEqual([[0, 0], [0, 0], [0, 0]]);
    const w = lu(new Matrix(0, 3));
    expect([w.p.shape, w.l.shape, w.u.shape]).toEqual([[0, 0], [0, 0], [0, 3]]);
    const t = lu(new Matrix(3, 0));
    expect([t.p.shape, t.l.shape, t.u.shape]).toEqual([[3, 3], [3, 0], [0, 0]]);
    expect(t.p.toArray()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  });

  it('refuses NaN/Inf and does not mutate A', () => {
    expect(() => lu([[1, NaN], [0, 1]])).toThrow(NonFiniteError);
    expect(() => lu([[1, 0], [Infinity, 1]])).toThrow('lu: A must be finite; entry (1, 0) is Infinity');
    const A = Matrix.from(A4);
    const before = A.data.slice();
    lu(A);
    expect(A.data).toEqual(before);
  });
});

describe('cholesky (numpy.linalg.cholesky conventions: lower L, A = L·Lᵀ)', () => {
  const S = [[4, 2, -2, 1], [2, 5, 0, -1], [-2, 0, 6, 2], [1, -1, 2, 7]];

  it('matches numpy.linalg.cholesky (1e-15 relative)', () => {
    expectClose(cholesky(S).data, [2, 0, 0, 0, 1, 2, 0, 0, -1, 0.5, 2.179449471770337, 0, 0.5, -0.75, 1.31914046975573, 2.108878474699913], 1e-15);
    expect(cholesky([[4, 2], [2, 3]]).toArray()).toEqual([[2, 0], [1, 1.4142135623730951]]);
    expect(cholesky(new Matrix(0, 0)).shape).toEqual([0, 0]);
  });

  it('reads only the lower triangle, as numpy does (the upper is not checked)', () => {
    const asym = S.map((row, i) => row.map((v, j) => (j > i ? 1000 : v)));
    expect(cholesky(asym).data).toEqual(cholesky(S).data);
  });

  it('reconstructs A = L·Lᵀ on every backend (n = 150)', () => {
    const B = randomMatrix(150, 150, 4);
    const A = matmul(B, transpose(B));
    for (let i = 0; i < 150; i++) A.data[i * 150 + i] += 1;
    for (const backend of available) {
      const L = withBackend(backend, () => cholesky(A));
      expectClose(matmul(L, transpose(L)).data, A.data, 1e-13);
    }
  });

  it('throws SingularMatrixError when A is not positive definite, ShapeError when not square, NonFiniteError on NaN', () => {
    expect(() => cholesky([[1, 2], [2, 1]])).toThrow(SingularMatrixError);
    expect(() => cholesky([[1, 2], [2, 1]])).toThrow('cholesky: A (2×2) is not positive definite: its leading minor of order 2 is not');
    expect(() => cholesky([[1, 1], [1, 1]])).toThrow(SingularMatrixError); // semidefinite
    expect(() => cholesky([[-1]])).toThrow(/leading minor of order 1/);
    expect(() => cholesky([[1, 2, 3]])).toThrow(ShapeError);
    expect(() => cholesky([[1, 2, 3]])).toThrow('cholesky: A must be square; got 1×3');
    expect(() => cholesky([[1, 0], [NaN, 1]])).toThrow(NonFiniteError);
  });
});
