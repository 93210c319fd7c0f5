import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Matrix, NonFiniteError, OptionError, ShapeError, gramSchmidt, matrix } from '../../src/entry/node.js';

/** max |x − y| over entries: the course prints 8 decimals, so its values are checked to 5e-9. */
function maxAbsDiff(x: Matrix, y: number[][]): number {
  expect(x.shape).toEqual([y.length, y[0].length]);
  let d = 0;
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < x.cols; j++) d = Math.max(d, Math.abs(x.get(i, j) - y[i][j]));
  return d;
}

function column(m: Matrix, j: number): number[] {
  return Array.from({ length: m.rows }, (_, i) => m.get(i, j));
}

const COURSE_DECIMALS = 5e-9;

describe('gramSchmidt: the course notebook (course 1)', () => {
  it('V (4×4) → the printed orthonormal basis, dimension 4, idempotent', () => {
    const V = [[1, 0, 2, 6], [0, 1, 8, 2], [2, 8, 3, 1], [1, -6, 2, 3]];
    const { basis, dimension } = gramSchmidt(V);
    expect(maxAbsDiff(basis, [
      [0.40824829, -0.1814885, 0.04982278, 0.89325973],
      [0, 0.1088931, 0.99349591, -0.03328918],
      [0.81649658, 0.50816781, -0.06462163, -0.26631346],
      [0.40824829, -0.83484711, 0.07942048, -0.36063281],
    ])).toBeLessThan(COURSE_DECIMALS);
    expect(dimension).toBe(4);
    // Idempotent: an orthonormal basis comes back unchanged (to rounding, 1e-14).
    expect(maxAbsDiff(gramSchmidt(basis).basis, basis.toArray())).toBeLessThan(1e-14);
  });

  it('A (4×3) → dimension 3 and the printed first column', () => {
    const { basis, dimension } = gramSchmidt([[3, 2, 3], [2, 5, -1], [2, 4, 8], [12, 2, 1]]);
    expect(dimension).toBe(3);
    const c0 = column(basis, 0);
    [0.23643312, 0.15762208, 0.15762208, 0.94573249].forEach((v, i) => expect(Math.abs(c0[i] - v)).toBeLessThan(COURSE_DECIMALS));
  });

  it('B (3×5) → columns 4 and 5 exactly zero, dimension 3', () => {
    const { basis, dimension } = gramSchmidt([[6, 2, 1, 7, 5], [2, 8, 5, -4, 1], [1, -6, 3, 2, 8]]);
    expect(dimension).toBe(3);
    expect(column(basis, 3)).toEqual([0, 0, 0]);
    expect(column(basis, 4)).toEqual([0, 0, 0]);
    // The first three columns are numpy.linalg.qr(B)'s Q up to column signs (numpy 1.x/2.x, float64; to 1e-14).
    const numpyQ = [
      [-0.9370425713316364, 0.12700832134978132, -0.32530002431617777],
      [-0.31234752377721214, -0.7214072652667577, 0.6180700462007377],
      [-0.15617376188860607, 0.6807646024348275, 0.715660053495591],
    ];
    for (let j = 0; j < 3; j++) {
      const s = Math.sign(basis.get(0, j)) * Math.sign(numpyQ[0][j]);
      for (let i = 0; i < 3; i++) expect(Math.abs(basis.get(i, j) - s * numpyQ[i][j])).toBeLessThan(1e-14);
    }
  });

  it('C (3×3, rank 2) → the printed basis with a zero column in place, integer dimension 2', () => {
    const { basis, dimension } = gramSchmidt([[1, 0, 2], [0, 1, -3], [1, 0, 2]]);
    expect(maxAbsDiff(basis, [[0.70710678, 0, 0], [0, 1, 0], [0.70710678, 0, 0]])).toBeLessThan(COURSE_DECIMALS);
    expect(column(basis, 2)).toEqual([0, 0, 0]);
    expect(dimension).toBe(2);
    expect(Number.isInteger(dimension)).toBe(true); // the course's sum of norms gave 0.9999999999999999-style values
  });
});

describe('gramSchmidt: behaviour', () => {
  it('keeps a dependent vector in its position as a zero column', () => {
    const { basis, dimension } = gramSchmidt([[1, 2, 0], [0, 0, 1], [0, 0, 0]]);
    expect(basis.toArray()).toEqual([[1, 0, 0], [0, 0, 1], [0, 0, 0]]);
    expect(dimension).toBe(2);
  });

  it('uses tol as an absolute threshold on the remainder norm', () => {
    const nearly = [[1, 1], [0, 1e-12]];
    expect(gramSchmidt(nearly).dimension).toBe(2);
    expect(gramSchmidt(nearly, { tol: 1e-10 }).dimension).toBe(1);
  });

  it('handles empty shapes and a zero matrix', () => {
    expect(gramSchmidt(new Matrix(0, 0))).toEqual({ basis: new Matrix(0, 0), dimension: 0 });
    expect(gramSchmidt(new Matrix(3, 0)).basis.shape).toEqual([3, 0]);
    expect(gramSchmidt(new Matrix(2, 2)).dimension).toBe(0);
  });

  it('does not mutate its input', () => {
    const a = matrix([[3, 1], [4, 1]]);
    gramSchmidt(a);
    expect(a.toArray()).toEqual([[3, 1], [4, 1]]);
  });

  it('does not overflow on huge columns; tiny ones fall under the absolute tol unless tol is scaled', () => {
    const huge = gramSchmidt([[3e200, 0], [4e200, 1]]);
    expect(huge.dimension).toBe(2);
    expect(huge.basis.get(0, 0)).toBeCloseTo(0.6, 15);
    expect(huge.basis.get(1, 1)).toBeCloseTo(0.6, 15);
    expect(gramSchmidt([[3e-200], [4e-200]]).dimension).toBe(0);
    const tiny = gramSchmidt([[3e-200], [4e-200]], { tol: 1e-300 });
    expect(Array.from(tiny.basis.data)).toEqual([0.6, 0.8]);
  });

  it('trap: the plain course algorithm can normalise rounding noise into a 4th "unit" vector in 3-D; reorthogonalisation does not', () => {
    // Column 2 = 3·col0 + col1 exactly; its remainder is rounding noise just above 1e-14.
    const A = [[8, 6, 30, -9], [-6, -3, -21, -1], [-9, -8, -35, 5]];
    const plain = gramSchmidt(A, { reorthogonalize: false });
    expect(plain.dimension).toBe(4); // what the course's algorithm does here (impossible in 3-D)
    const fixed = gramSchmidt(A);
    expect(fixed.dimension).toBe(3);
    expect(column(fixed.basis, 2)).toEqual([0, 0, 0]);
    expect(orthogonalityError(fixed.basis)).toBeLessThan(1e-15);
  });

  it('property: non-zero columns are orthonormal to working precision (default tol)', () => {
    fc.assert(fc.property(intMatrix, (a) => {
      const { basis, dimension } = gramSchmidt(a);
      expect(orthogonalityError(basis)).toBeLessThan(1e-14);
      let nonZero = 0;
      for (let j = 0; j < a.cols; j++) if (column(basis, j).some((v) => v !== 0)) nonZero++;
      expect(dimension).toBe(nonZero);
    }), { numRuns: 300 });
  });

  it('property: with tol 1e-10 the dimension is the exact rank, and every column of A lies in the span', () => {
    // A genuine remainder of an integer column is bounded below (Gram determinants are integers, so
    // dist² ≥ 1/det G); at these sizes it is in practice ≫ 1e-10 (checked over 50 000 runs), while
    // rounding noise stays ≲ 1e-13. tol 1e-10 separates the two.
    fc.assert(fc.property(intMatrix, (a) => {
      const { basis: q, dimension } = gramSchmidt(a, { tol: 1e-10 });
      expect(dimension).toBe(exactRank(a));
      const { rows: m, cols: n } = a;
      for (let j = 0; j < n; j++) {
        const aj = column(a, j);
        const rebuilt = new Array(m).fill(0);
        for (let k = 0; k < n; k++) {
          const qk = column(q, k);
          const c = qk.reduce((s, v, i) => s + v * aj[i], 0);
          for (let i = 0; i < m; i++) rebuilt[i] += c * qk[i];
        }
        for (let i = 0; i < m; i++) expect(Math.abs(rebuilt[i] - aj[i])).toBeLessThan(1e-9);
      }
    }), { numRuns: 300 });
  });
});

/** Small integer matrices, often rank-deficient (a column may be a combination of two others). */
const intMatrix = fc.integer({ min: 1, max: 7 }).chain((m) => fc.integer({ min: 1, max: 7 }).chain((n) =>
  fc.tuple(
    fc.array(fc.integer({ min: -9, max: 9 }), { minLength: m * n, maxLength: m * n }),
    fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 3 })), { maxLength: 3 }),
  ).map(([xs, combos]) => {
    const a = new Matrix(m, n, Float64Array.from(xs));
    combos.forEach(([target, src, c1, c2], k) => {
      const other = (src + k + 1) % n;
      if (target === src || target === other) return;
      for (let i = 0; i < m; i++) a.data[i * n + target] = c1 * a.data[i * n + src] + c2 * a.data[i * n + other];
    });
    return a;
  })));

/** max |QᵀQ − D| over pairs of columns, where D is 1 on non-zero columns and 0 on zero ones. */
function orthogonalityError(q: Matrix): number {
  let err = 0;
  for (let i = 0; i < q.cols; i++) {
    const ci = column(q, i);
    for (let j = 0; j <= i; j++) {
      const d = ci.reduce((s, v, k) => s + v * q.get(k, j), 0);
      const want = i === j && ci.some((v) => v !== 0) ? 1 : 0;
      err = Math.max(err, Math.abs(d - want));
    }
  }
  return err;
}

/** Rank of an integer matrix by fraction-free (Bareiss) elimination in BigInt: exact. */
function exactRank(a: Matrix): number {
  const m = a.toArray().map((r) => r.map((v) => BigInt(v)));
  let rank = 0;
  let prev = 1n;
  for (let col = 0; col < a.cols && rank < a.rows; col++) {
    const p = m.findIndex((r, i) => i >= rank && r[col] !== 0n);
    if (p < 0) continue;
    [m[rank], m[p]] = [m[p], m[rank]];
    for (let i = rank + 1; i < a.rows; i++) {
      for (let j = col + 1; j < a.cols; j++) m[i][j] = (m[rank][col] * m[i][j] - m[i][col] * m[rank][j]) / prev;
      m[i][col] = 0n;
    }
    prev = m[rank][col];
    rank++;
  }
  return rank;
}

describe('gramSchmidt: errors', () => {
  it('refuses NaN and ±Inf with NonFiniteError naming the entry', () => {
    expect(() => gramSchmidt([[1, 2], [NaN, 3]])).toThrow(NonFiniteError);
    expect(() => gramSchmidt([[1, 2], [NaN, 3]])).toThrow('gramSchmidt: A must be finite; entry (1, 0) is NaN');
    expect(() => gramSchmidt([[1, Infinity]])).toThrow(/entry \(0, 1\) is Infinity/);
  });

  it('refuses tol ≤ 0 or not a number with OptionError', () => {
    expect(() => gramSchmidt([[1]], { tol: 0 })).toThrow(OptionError);
    expect(() => gramSchmidt([[1]], { tol: 0 })).toThrow("option 'tol' must be > 0; got 0");
    expect(() => gramSchmidt([[1]], { tol: -1e-3 })).toThrow(/> 0; got -0.001/);
    expect(() => gramSchmidt([[1]], { tol: '1e-3' as unknown as number })).toThrow(/a finite number; got "1e-3"/);
  });

  it('refuses ragged rows with ShapeError', () => {
    expect(() => gramSchmidt([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => gramSchmidt([[1, 2], [3]])).toThrow(/row 1 has 1 entries but row 0 has 2/);
  });
});
