import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Matrix, NonFiniteError, OptionError, ShapeError, cond, eye, inv, matmul, pinv, svd, transpose,
} from '../../src/entry/node.js';
import { randomMatrix } from '../../src/random.js';
import { expectClose } from '../helpers/close.js';

/** Agreement with numpy literals (LAPACK gesdd vs one-sided Jacobi). */
const RTOL = 1e-12;

const flat = (rows: number[][]) => rows.flat();

const G = [[3, 2, 3], [2, 5, -1], [2, 4, 8], [12, 2, 1]]; // 4×3 (the course's Gram–Schmidt matrix)
const W = [[6, 2, 1, 7, 5], [2, 8, 5, -4, 1], [1, -6, 3, 2, 8]]; // 3×5
const R2 = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]; // 3×4, rank 2
const R1 = [[1, 2], [2, 4], [3, 6]]; // 3×2, rank 1
const ARANGE16 = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]]; // rank 2

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

function maxAbs(a: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]));
  return d;
}

/** u · diag(s) · vt */
function reconstruct(u: Matrix, s: Float64Array, vt: Matrix): Matrix {
  const us = u.clone();
  for (let i = 0; i < u.rows; i++) for (let j = 0; j < u.cols; j++) us.data[i * u.cols + j] *= s[j];
  return matmul(us, vt);
}

/** ‖QᵀQ − I‖max for the columns of q. */
function orthonormalityError(q: Matrix): number {
  return maxAbsDiff(matmul(transpose(q), q).data, eye(q.cols).data);
}

const dims = fc.integer({ min: 1, max: 9 });
const entry = fc.integer({ min: -1000, max: 1000 }).map((x) => x / 100);
const anyMatrix = fc.tuple(dims, dims).chain(([m, n]) =>
  fc.array(entry, { minLength: m * n, maxLength: m * n }).map((xs) => new Matrix(m, n, Float64Array.from(xs))));
/** X·Y with inner dimension r ≤ min(m, n): rank-deficient whenever r < min(m, n). */
const lowRank = fc.record({ m: dims, n: dims, r: fc.integer({ min: 1, max: 4 }) }).chain(({ m, n, r }) =>
  fc.array(fc.integer({ min: -4, max: 4 }), { minLength: (m + n) * r, maxLength: (m + n) * r }).map((xs) =>
    matmul(new Matrix(m, r, Float64Array.from(xs.slice(0, m * r))), new Matrix(r, n, Float64Array.from(xs.slice(m * r))))));

describe('svd — numpy literals (full_matrices=False; numpy signs normalised to ours)', () => {
  it('decomposes the tall 4×3 G', () => {
    const { u, s, vt } = svd(G);
    expect(u.shape).toEqual([4, 3]);
    expect(vt.shape).toEqual([3, 3]);
    expectClose(s, [13.99487250775879, 8.261768415609582, 4.5701997919580135], RTOL);
    expectClose(u.data, flat([
      [0.31280979657950136, 0.2030257729917075, -0.03241205941655265],
      [0.2282664450760638, -0.023561544361470465, 0.9725773733717671],
      [0.43047619011077554, 0.8344042897075781, -0.09370782485527245],
      [0.8153126461449857, -0.511854344951779, -0.21038430257637156],
    ]), 1e-11);
    expectClose(vt.data, flat([
      [0.8602912536128636, 0.36581125468875436, 0.35507898403066185],
      [-0.4734445621065505, 0.3149631122782836, 0.8225864602068979],
      [-0.18907460318335817, 0.8757741511639955, -0.44415135999345867],
    ]), 1e-11);
  });

  it('decomposes the wide 3×5 W', () => {
    const { u, s, vt } = svd(W);
    expect(u.shape).toEqual([3, 3]);
    expect(vt.shape).toEqual([3, 5]);
    expectClose(s, [13.026272152899615, 10.960999410425922, 7.012326698267468], RTOL);
    expectClose(u.data, flat([
      [0.6290507988725201, 0.5055736152591348, -0.5905001371648045],
      [-0.27270806497891964, 0.8548639439137247, 0.4414045182049292],
      [0.7279597541988829, -0.11663171502675052, 0.6756268491679569],
    ]), 1e-11);
    expectClose(vt.data, flat([
      [0.30375907788748124, -0.40620381527202926, 0.11126665553751222, 0.5335453826576169, 0.6675911466381411],
      [0.422090877949945, 0.780024590080362, 0.40416006094606377, -0.010373497400821424, 0.22349041435631348],
      [-0.28301090676527346, -0.2429329517860032, 0.5195712005636999, -0.6485529739738276, 0.41269021684907536],
    ]), 1e-11);
  });

  it('finds the singular values of rank-deficient matrices (zeros to rounding)', () => {
    const s2 = svd(R2, { vectors: false }).s;
    expectClose(s2.subarray(0, 2), [25.436835633480243, 1.7226122475210635], RTOL);
    expect(s2[2]).toBeLessThan(1e-14 * s2[0]); // numpy: 2.6e-16
    const s1 = svd(R1).s;
    expectClose([s1[0]], [8.366600265340756], RTOL);
    expect(s1[1]).toBeLessThan(1e-14 * s1[0]);
    const s16 = svd(ARANGE16).s;
    expectClose(s16.subarray(0, 2), [38.62265683187288, 2.071323066878741], RTOL);
    expect(Math.max(s16[2], s16[3])).toBeLessThan(1e-14 * s16[0]);
  });

  it('keeps tiny singular values of a column-graded matrix to high relative accuracy', () => {
    // A = B·diag(1, 1e-4, 1e-8, 1e-12, 1e-16) with B well-conditioned: Jacobi's relative
    // accuracy (Demmel & Veselić). Reference: mpmath svd_r at 60 digits of the same doubles.
    const B = [[4, 1, -1, 0, 2], [1, 5, 2, -1, 0], [-1, 2, 6, 1, 1], [0, -1, 1, 4, -2], [2, 0, 1, -2, 7]];
    const d = [1, 1e-4, 1e-8, 1e-12, 1e-16];
    const A = B.map((row) => row.map((v, j) => v * d[j]));
    const ref = [4.69041576219771, 0.0005364021570652506, 4.9679859662194936e-08, 4.0880033438271476e-12, 1.847474851408662e-16];
    const { s } = svd(A, { vectors: false });
    for (let i = 0; i < 5; i++) expect(Math.abs(s[i] - ref[i]) / ref[i]).toBeLessThan(1e-13);
  });

  it('matches numpy on a seeded 120×80 matrix', () => {
    const C = randomMatrix(120, 80, 11);
    const { s } = svd(C, { vectors: false });
    expectClose([s[0], s[1], s[40], s[78], s[79]], [5.587025650959727, 5.4215356602526645, 2.72182559286232, 0.662192292512386, 0.4968768122626887], 1e-12);
    expectClose([cond(C)], [11.244287342605917], 1e-12);
  });

  it('handles degenerate shapes and values', () => {
    expect(Array.from(svd([[3, 0], [0, -4]]).s)).toEqual([4, 3]);
    const z = svd([[0, 0, 0], [0, 0, 0]]);
    expect(Array.from(z.s)).toEqual([0, 0]);
    expect(orthonormalityError(z.u)).toBeLessThan(1e-15);
    expect(orthonormalityError(transpose(z.vt))).toBeLessThan(1e-15);
    const e = svd(new Matrix(0, 3));
    expect([e.u.shape, e.s.length, e.vt.shape]).toEqual([[0, 0], 0, [0, 3]]);
    const col = svd([[3], [4]]);
    expect(Array.from(col.s)).toEqual([5]);
    expectClose(col.u.data, [0.6, 0.8], 1e-15);
    expect(Array.from(col.vt.data)).toEqual([1]);
    // Scale invariance: no overflow or underflow in the squared norms.
    for (const k of [1e-300, 1e300]) expectClose(svd([[3 * k, 0], [0, -4 * k]], { vectors: false }).s, [4 * k, 3 * k], 1e-15);
  });

  it('converges on the rank-deficient products where rotations once chased subnormals', () => {
    for (const A of [[[-7, 6, -6], [10, -4, 4], [-7, 6, -6]], [[9, -3, 12], [-6, 2, -8], [12, -4, 16]]]) {
      const { u, s, vt } = svd(A);
      expect(maxAbsDiff(reconstruct(u, s, vt).data, A.flat())).toBeLessThan(1e-13);
      expect(orthonormalityError(u)).toBeLessThan(1e-14);
    }
  });
});

describe('svd — properties', () => {
  it('u·diag(s)·vt = A, u and v orthonormal, s descending and ≥ 0, signs normalised', () => {
    fc.assert(
      fc.property(fc.oneof(anyMatrix, lowRank), (A) => {
        const { u, s, vt } = svd(A);
        const k = Math.min(A.rows, A.cols);
        expect([u.shape, s.length, vt.shape]).toEqual([[A.rows, k], k, [k, A.cols]]);
        const scale = Math.max(maxAbs(A.data), 1e-300);
        expect(maxAbsDiff(reconstruct(u, s, vt).data, A.data)).toBeLessThanOrEqual(1e-14 * scale * Math.max(A.rows, A.cols));
        expect(orthonormalityError(u)).toBeLessThanOrEqual(1e-14 * k);
        expect(orthonormalityError(transpose(vt))).toBeLessThanOrEqual(1e-14 * k);
        for (let j = 0; j < k; j++) {
          expect(s[j]).toBeGreaterThanOrEqual(0);
          if (j > 0) expect(s[j]).toBeLessThanOrEqual(s[j - 1]);
          let big = 0;
          for (let i = 1; i < u.rows; i++) if (Math.abs(u.get(i, j)) > Math.abs(u.get(big, j))) big = i;
          expect(u.get(big, j)).toBeGreaterThan(0);
        }
        expectClose(svd(A, { vectors: false }).s, s, 1e-15);
      }),
      { numRuns: 300 },
    );
  });

  it('is accurate on a 200×150 random matrix', () => {
    const A = randomMatrix(200, 150, 5);
    const { u, s, vt } = svd(A);
    expect(maxAbsDiff(reconstruct(u, s, vt).data, A.data)).toBeLessThan(1e-13);
    expect(orthonormalityError(u)).toBeLessThan(1e-13);
    expect(orthonormalityError(transpose(vt))).toBeLessThan(1e-13);
  });
});

describe('pinv (numpy semantics, rcond 1e-15)', () => {
  it('matches numpy on full-rank rectangular matrices', () => {
    expectClose(pinv(G).data, flat([
      [0.008935446324648572, -0.02485450801325097, -0.017476945115945948, 0.0881547139403707],
      [0.009705434685289623, 0.19144059450264125, 0.025105201898110812, -0.03851732473811442],
      [0.03130092219536219, -0.09107350702838216, 0.10310681350165643, -0.009830781627719613],
    ]), RTOL);
    const p = pinv(W);
    expect(p.shape).toEqual([5, 3]);
    expectClose(p.data, flat([
      [0.057969684424737294, 0.00874552972452627, -0.014783706001765696],
      [0.03681960786269709, 0.05404731384451167, -0.05440643220892712],
      [-0.019737544328673102, 0.0618970427600241, 0.05197739549406208],
      [0.0799008434293809, -0.052803367732217374, -0.03256006504032602],
      [0.007794863609837855, 0.029431745065863293, 0.07469163204333364],
    ]), RTOL);
  });

  it('matches numpy on rank-deficient matrices', () => {
    expectClose(pinv(R2).data, flat([
      [-0.375, -0.09999999999999995, 0.17499999999999996],
      [-0.14583333333333343, -0.03333333333333333, 0.07916666666666669],
      [0.08333333333333333, 0.03333333333333332, -0.01666666666666665],
      [0.3125000000000001, 0.09999999999999998, -0.1125],
    ]), 1e-12);
    expectClose(pinv(R1).data, flat([
      [0.014285714285714285, 0.028571428571428564, 0.042857142857142844],
      [0.028571428571428577, 0.05714285714285714, 0.0857142857142857],
    ]), 1e-12);
    expectClose(pinv(ARANGE16).data, flat([
      [-0.28499999999999986, -0.1449999999999997, -0.0050000000000000105, 0.13499999999999984],
      [-0.1074999999999999, -0.052499999999999866, 0.0024999999999999966, 0.05749999999999991],
      [0.06999999999999997, 0.03999999999999993, 0.009999999999999998, -0.019999999999999962],
      [0.24749999999999983, 0.13249999999999973, 0.017499999999999998, -0.09749999999999984],
    ]), 1e-12);
    expect(pinv([[0, 0, 0], [0, 0, 0]]).toArray()).toEqual([[0, 0], [0, 0], [0, 0]]);
    expect(pinv(new Matrix(0, 2)).shape).toEqual([2, 0]);
  });

  it('equals inv for invertible square matrices', () => {
    const A = [[4, -2, 1], [3, 6, -4], [2, 1, 8]];
    expectClose(pinv(A).data, inv(A).data, 1e-14);
  });

  it('rcond decides which singular values count', () => {
    const A = [[1, 0], [0, 1e-10]];
    expect(pinv(A).toArray()).toEqual([[1, 0], [0, 1e10]]);
    expect(pinv(A, { rcond: 1e-8 }).toArray()).toEqual([[1, 0], [0, 0]]);
  });

  it('satisfies the four Moore–Penrose conditions (property, incl. rank-deficient)', () => {
    fc.assert(
      fc.property(fc.oneof(anyMatrix, lowRank), (A) => {
        const P = pinv(A);
        expect(P.shape).toEqual([A.cols, A.rows]);
        const s = svd(A, { vectors: false }).s;
        const smax = s[0];
        if (smax === 0) {
          expect(maxAbs(P.data)).toBe(0);
          return;
        }
        // Error scales: A-sized quantities by ‖A‖ = smax, A⁺-sized ones by ‖A⁺‖ = 1/s_r, with the
        // condition number of the retained part amplifying rounding.
        let r = 0;
        while (r < s.length && s[r] > 1e-15 * smax) r++;
        const kappa = smax / s[r - 1];
        const tolA = 1e-13 * kappa * smax;
        const tolP = 1e-13 * kappa / s[r - 1];
        const AP = matmul(A, P);
        const PA = matmul(P, A);
        expect(maxAbsDiff(matmul(AP, A).data, A.data)).toBeLessThanOrEqual(tolA); // A A⁺ A = A
        expect(maxAbsDiff(matmul(PA, P).data, P.data)).toBeLessThanOrEqual(tolP); // A⁺ A A⁺ = A⁺
        expect(maxAbsDiff(AP.data, transpose(AP).data)).toBeLessThanOrEqual(1e-13 * kappa); // (A A⁺)ᵀ = A A⁺
        expect(maxAbsDiff(PA.data, transpose(PA).data)).toBeLessThanOrEqual(1e-13 * kappa); // (A⁺ A)ᵀ = A⁺ A
      }),
      { numRuns: 300 },
    );
  });
});

describe('cond', () => {
  it('matches numpy.linalg.cond', () => {
    expectClose([cond(G)], [3.062201467074802], RTOL);
    expectClose([cond(W)], [1.8576248245989468], RTOL);
    expect(cond([[1, 0], [0, 1e-3]])).toBeCloseTo(1000, 9);
    expect(cond(eye(4))).toBe(1);
    expect(cond([[1, 2], [2, 4]])).toBeGreaterThan(1e15); // numpy: 2.5e16 or inf, rounding decides
    expect(cond([[0, 0], [0, 1]])).toBe(Infinity);
  });
});

describe('svd / pinv / cond — validation', () => {
  it('refuses non-finite input', () => {
    expect(() => svd([[1, NaN]])).toThrow(NonFiniteError);
    expect(() => svd([[1, NaN]])).toThrow('svd: A must be finite; entry (0, 1) is NaN');
    expect(() => pinv([[Infinity]])).toThrow(/pinv: A must be finite/);
    expect(() => cond([[1], [-Infinity]])).toThrow(/cond: A must be finite; entry \(1, 0\)/);
  });

  it('refuses bad options', () => {
    expect(() => pinv([[1]], { rcond: -1 })).toThrow(OptionError);
    expect(() => pinv([[1]], { rcond: -1 })).toThrow("option 'pinv: rcond' must be ≥ 0; got -1");
    expect(() => svd([[1]], { vectors: 'yes' as never })).toThrow(OptionError);
    expect(() => svd([[1]], { maxSweeps: 0 })).toThrow(/option 'svd: maxSweeps' must be an integer ≥ 1/);
    expect(() => cond(new Matrix(0, 2))).toThrow(ShapeError);
    expect(() => cond(new Matrix(0, 2))).toThrow('cond: A must have at least one row and column; got 0×2');
  });

  it('accepts and ignores maxSweeps (the kernels cap their own iterations now)', () => {
    const A = randomMatrix(30, 30, 1);
    expect(Array.from(svd(A, { maxSweeps: 1 }).s)).toEqual(Array.from(svd(A).s));
    expect(() => svd([[1]], { full: 'yes' as never })).toThrow(OptionError);
  });

  it('gives numpy full_matrices=True shapes with full, orthonormal and consistent with thin', () => {
    for (const A of [randomMatrix(7, 4, 3), randomMatrix(4, 7, 4), Matrix.from(R1)]) {
      const f = svd(A, { full: true });
      const t = svd(A);
      const k = Math.min(A.rows, A.cols);
      expect([f.u.shape, f.vt.shape]).toEqual([[A.rows, A.rows], [A.cols, A.cols]]);
      expect(orthonormalityError(f.u)).toBeLessThan(1e-14);
      expect(orthonormalityError(transpose(f.vt))).toBeLessThan(1e-14);
      expectClose(f.s, t.s, 1e-15);
      // Columns of u for non-zero singular values agree (the others span the same null space).
      for (let i = 0; i < A.rows; i++) for (let j = 0; j < k; j++) if (t.s[j] > 1e-12) expect(Math.abs(f.u.get(i, j) - t.u.get(i, j))).toBeLessThan(1e-14);
    }
  });

  it('never mutates its input', () => {
    const A = Matrix.from(G);
    const before = A.data.slice();
    svd(A);
    pinv(A);
    cond(A);
    expect(A.data).toEqual(before);
  });
});
