import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Matrix, NonFiniteError, OptionError, ShapeError, isSingular, matmul, rank, rowEchelon, withBackend,
} from '../../src/entry/node.js';
import { expectClose } from '../helpers/close.js';

const STRATEGIES = ['partial-pivot', 'row-addition'] as const;

/** All n×n permutation matrices. */
function permutationMatrices(n: number): number[][][] {
  const out: number[][][] = [];
  const rec = (prefix: number[]): void => {
    if (prefix.length === n) {
      out.push(prefix.map((c) => Array.from({ length: n }, (_, j) => (j === c ? 1 : 0))));
      return;
    }
    for (let c = 0; c < n; c++) if (!prefix.includes(c)) rec([...prefix, c]);
  };
  rec([]);
  return out;
}

/** Checks the staircase: leading 1 at each pivot, zeros below and left of it, zero rows last. */
function expectEchelon(m: Matrix, pivots: number[]): void {
  for (let r = 0; r < m.rows; r++) {
    const lead = r < pivots.length ? pivots[r] : m.cols;
    for (let c = 0; c < lead; c++) expect(m.get(r, c)).toBe(0);
    if (r < pivots.length) {
      expect(m.get(r, lead)).toBe(1);
      if (r > 0) expect(lead).toBeGreaterThan(pivots[r - 1]);
    }
  }
}

describe('rowEchelon — the course ("Identifying special matrices")', () => {
  it('finds the nb example with two equal-ratio rows singular, with both strategies', () => {
    const A = [[2, 0, 0, 0], [0, 3, 0, 0], [0, 0, 4, 4], [0, 0, 5, 5]];
    for (const strategy of STRATEGIES) {
      const r = rowEchelon(A, { strategy });
      expect(r.singular).toBe(true);
      expect(r.pivots).toEqual([0, 1, 2]);
      expect(isSingular(A, { strategy })).toBe(true);
    }
  });

  it('reduces the nb 4×4 by row addition to the course\'s matrix (det −4, non-singular)', () => {
    const A = [[0, 7, -5, 3], [2, 8, 0, 4], [3, 12, 0, 5], [1, 3, 1, 3]];
    const r = rowEchelon(A, { strategy: 'row-addition' });
    expect(r.singular).toBe(false);
    expect(r.pivots).toEqual([0, 1, 2, 3]);
    expectClose(r.matrix.data, [1, 7.5, -2.5, 3.5, 0, 1, -5 / 7, 3 / 7, 0, 0, 1, 1.5, 0, 0, 0, 1], 1e-15);
    expectEchelon(r.matrix, r.pivots);
    // Partial pivoting reaches a different (equally valid) echelon form, same verdict.
    const p = rowEchelon(A);
    expect(p.singular).toBe(false);
    expect(p.pivots).toEqual([0, 1, 2, 3]);
    expectEchelon(p.matrix, p.pivots);
  });

  it('reduces the 3×3 example by row addition to [[1,3,2],[0,1,0.5],[0,0,1]] (det 3)', () => {
    const r = rowEchelon([[0, 2, 1], [1, 1, 1], [2, 1, 0]], { strategy: 'row-addition' });
    expect(r.matrix.toArray()).toEqual([[1, 3, 2], [0, 1, 0.5], [0, 0, 1]]);
    expect(r.pivots).toEqual([0, 1, 2]);
    expect(r.singular).toBe(false);
  });

  it('finds np.arange(1, 17).reshape(4, 4) singular with both strategies', () => {
    const A = Array.from({ length: 4 }, (_, i) => [1, 2, 3, 4].map((j) => 4 * i + j));
    for (const strategy of STRATEGIES) {
      expect(rowEchelon(A, { strategy }).singular).toBe(true);
      expect(isSingular(A, { strategy })).toBe(true);
    }
    expect(rowEchelon(A).pivots).toEqual([0, 1]); // rank 2
  });

  it('finds every 4×4 permutation matrix non-singular with both strategies (row addition repairs zero pivots)', () => {
    const perms = permutationMatrices(4);
    expect(perms).toHaveLength(24);
    for (const P of perms) {
      for (const strategy of STRATEGIES) {
        const r = rowEchelon(P, { strategy });
        expect(r.singular).toBe(false);
        expect(r.pivots).toEqual([0, 1, 2, 3]);
        expectEchelon(r.matrix, r.pivots);
      }
    }
  });

  it('reproduces the course\'s trap with tol 0: a matrix with a zero row comes out non-singular', () => {
    // Exact arithmetic gives a last pivot of 0; the course's float arithmetic leaves 2.2e-16,
    // which passes its `== 0` test. The default relative tolerance catches it.
    const traps = [
      { A: [[1, 2, 2], [0, 0, 0], [1, 0.4, 0.3]], lastPivot: 2.220446049250313e-16 },
      { A: [[1, 3, 2, 0.4], [3, 1, 2, 0.4], [0, 0, 0, 0], [3, 3, 0.4, 2]], lastPivot: -2.220446049250313e-16 },
    ];
    for (const { A, lastPivot } of traps) {
      const n = A.length;
      const course = rowEchelon(A, { strategy: 'row-addition', tol: 0 });
      expect(course.singular).toBe(false); // wrong, as in the course
      expect(course.pivots).toHaveLength(n);
      const fixed = rowEchelon(A, { strategy: 'row-addition' });
      expect(fixed.singular).toBe(true);
      expect(fixed.pivots).toHaveLength(n - 1);
      // Elimination stopped at the offending row, which holds the un-normalised rounding residue.
      expect(fixed.matrix.get(n - 1, n - 1)).toBe(lastPivot);
      expect(isSingular(A, { strategy: 'row-addition' })).toBe(true);
      expect(isSingular(A)).toBe(true);
    }
  });
});

describe('rowEchelon — partial pivoting on rectangular matrices', () => {
  it('reduces a wide 3×5 of full row rank', () => {
    const r = rowEchelon([[6, 2, 1, 7, 5], [2, 8, 5, -4, 1], [1, -6, 3, 2, 8]]);
    expect(r.pivots).toEqual([0, 1, 2]);
    expect(r.singular).toBe(false);
    expectEchelon(r.matrix, r.pivots);
  });

  it('reduces rank-deficient rectangular matrices to the textbook echelon form', () => {
    const r = rowEchelon([[1, 2], [2, 4], [3, 6]]);
    expect(r.pivots).toEqual([0]);
    expect(r.singular).toBe(true);
    expect(r.matrix.toArray()).toEqual([[1, 2], [0, 0], [0, 0]]);
    const s = rowEchelon([[0, 0, 1, 2], [0, 0, 2, 4], [0, 1, 0, 1]]);
    expect(s.pivots).toEqual([1, 2]);
    expectEchelon(s.matrix, s.pivots);
    expect(s.matrix.toArray()[2]).toEqual([0, 0, 0, 0]);
  });

  it('handles empty and zero matrices', () => {
    expect(rowEchelon([]).pivots).toEqual([]);
    expect(rowEchelon([]).singular).toBe(false);
    const z = rowEchelon([[0, 0], [0, 0]]);
    expect(z.pivots).toEqual([]);
    expect(z.singular).toBe(true);
    expect(z.matrix.toArray()).toEqual([[0, 0], [0, 0]]);
  });

  it('measures the tolerance relative to max|A| (scaling A does not change the verdict)', () => {
    const A = [[1, 1], [1, 1 + 1e-12]];
    for (const k of [1e-200, 1, 1e200]) {
      const scaled = A.map((row) => row.map((v) => v * k));
      expect(isSingular(scaled)).toBe(true); // 1e-12 ≤ 1e-10 · max|A|
      expect(isSingular(scaled, { tol: 1e-13 })).toBe(false);
    }
  });
});

describe('rowEchelon — properties', () => {
  const intSquare = (maxN: number, maxAbs: number) =>
    fc.integer({ min: 1, max: maxN }).chain((n) =>
      fc.array(fc.integer({ min: -maxAbs, max: maxAbs }), { minLength: n * n, maxLength: n * n })
        .map((xs) => new Matrix(n, n, Float64Array.from(xs))));

  it('pivot count equals the SVD rank, and both strategies agree on singularity (small integer matrices)', () => {
    fc.assert(
      fc.property(intSquare(4, 3), (A) => {
        const p = rowEchelon(A);
        expect(p.pivots.length).toBe(rank(A));
        expectEchelon(p.matrix, p.pivots);
        expect(rowEchelon(A, { strategy: 'row-addition' }).singular).toBe(p.singular);
      }),
      { numRuns: 300 },
    );
  });

  it('a product X·Y with inner dimension r has at most r pivots', () => {
    const gen = fc.record({ m: fc.integer({ min: 1, max: 6 }), n: fc.integer({ min: 1, max: 6 }), r: fc.integer({ min: 1, max: 3 }) })
      .chain(({ m, n, r }) => fc.tuple(
        fc.array(fc.integer({ min: -4, max: 4 }), { minLength: m * r, maxLength: m * r }).map((x) => new Matrix(m, r, Float64Array.from(x))),
        fc.array(fc.integer({ min: -4, max: 4 }), { minLength: r * n, maxLength: r * n }).map((y) => new Matrix(r, n, Float64Array.from(y))),
      ));
    fc.assert(
      fc.property(gen, ([X, Y]) => {
        const A = matmul(X, Y);
        const e = rowEchelon(A);
        expect(e.pivots.length).toBeLessThanOrEqual(X.cols);
        expect(e.pivots.length).toBe(rank(A));
      }),
      { numRuns: 200 },
    );
  });

  it("isSingular (LU pivots) answers as rowEchelon's partial-pivot elimination does, on every backend", () => {
    // Integer matrices of rank n or n − 1 (a row made the sum of two others), small and large
    // enough to take the blocked native path; scaled so tol matters.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 90 }),
        fc.boolean(),
        fc.integer({ min: -3, max: 3 }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        (n, makeSingular, scaleExp, seed) => {
          let x = seed;
          const next = () => ((x = (x * 48271) % 2147483647) % 19) - 9;
          const A = new Matrix(n, n, Float64Array.from({ length: n * n }, next));
          if (makeSingular && n >= 3) for (let j = 0; j < n; j++) A.data[2 * n + j] = A.data[j] + A.data[n + j];
          for (let i = 0; i < A.data.length; i++) A.data[i] *= 10 ** scaleExp;
          const expected = rowEchelon(A).singular;
          for (const backend of ['ts', 'auto'] as const) expect(withBackend(backend, () => isSingular(A))).toBe(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('never mutates its input', () => {
    const A = new Matrix(3, 3, Float64Array.from([0, 2, 1, 1, 1, 1, 2, 1, 0]));
    const before = A.data.slice();
    for (const strategy of STRATEGIES) rowEchelon(A, { strategy });
    isSingular(A);
    rank(A);
    expect(A.data).toEqual(before);
  });
});

describe('rank (numpy matrix_rank semantics)', () => {
  it('matches numpy on full-rank and rank-deficient matrices', () => {
    expect(rank([[3, 2, 3], [2, 5, -1], [2, 4, 8], [12, 2, 1]])).toBe(3);
    expect(rank([[6, 2, 1, 7, 5], [2, 8, 5, -4, 1], [1, -6, 3, 2, 8]])).toBe(3);
    expect(rank([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]])).toBe(2);
    expect(rank([[1, 2], [2, 4], [3, 6]])).toBe(1);
    expect(rank([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]])).toBe(2);
    expect(rank([[0, 0], [0, 0]])).toBe(0);
    expect(rank([])).toBe(0);
  });

  it('takes an absolute tol or a relative rtol', () => {
    const A = [[1, 0], [0, 1e-12]];
    expect(rank(A)).toBe(2);
    expect(rank(A, { rtol: 1e-10 })).toBe(1);
    expect(rank(A, { tol: 1e-11 })).toBe(1);
    expect(rank(A, { tol: 1e-13 })).toBe(2);
    expect(rank([[1e-20]])).toBe(1); // default is relative: a tiny non-zero scalar has rank 1
  });

  it('ranks the Hilbert matrices as numpy does (11 for n = 12 and n = 13)', () => {
    const hilbert = (n: number) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => 1 / (i + j + 1)));
    expect(rank(hilbert(8))).toBe(8);
    expect(rank(hilbert(12))).toBe(11);
    expect(rank(hilbert(13))).toBe(11);
  });
});

describe('rowEchelon / isSingular / rank — errors', () => {
  it('refuses non-finite input', () => {
    expect(() => rowEchelon([[1, NaN], [0, 1]])).toThrow(NonFiniteError);
    expect(() => rowEchelon([[1, NaN], [0, 1]])).toThrow(/rowEchelon: A must be finite; entry \(0, 1\) is NaN/);
    expect(() => isSingular([[Infinity]])).toThrow(NonFiniteError);
    expect(() => rank([[1, 2], [-Infinity, 0]])).toThrow(/rank: A must be finite; entry \(1, 0\) is -Infinity/);
  });

  it('refuses bad options with OptionError naming them', () => {
    expect(() => rowEchelon([[1]], { tol: -1 })).toThrow(OptionError);
    expect(() => rowEchelon([[1]], { tol: -1 })).toThrow("option 'rowEchelon: tol' must be ≥ 0; got -1");
    expect(() => rowEchelon([[1]], { tol: NaN })).toThrow(/must be a finite number/);
    expect(() => rowEchelon([[1]], { strategy: 'gauss' as never })).toThrow(
      "option 'rowEchelon: strategy' must be 'partial-pivot' or 'row-addition'; got \"gauss\"",
    );
    expect(() => isSingular([[1]], { tol: -0.5 })).toThrow(OptionError);
    expect(() => rank([[1]], { tol: -1 })).toThrow(OptionError);
    expect(() => rank([[1]], { rtol: -1 })).toThrow(OptionError);
    expect(() => rank([[1]], { tol: 1, rtol: 1 })).toThrow(/rtol/);
  });

  it('names the shape when a square matrix is needed', () => {
    expect(() => isSingular([[1, 2, 3], [4, 5, 6]])).toThrow(ShapeError);
    expect(() => isSingular([[1, 2, 3], [4, 5, 6]])).toThrow('isSingular: A must be square; got 2×3');
    expect(() => rowEchelon([[1, 2, 3], [4, 5, 6]], { strategy: 'row-addition' })).toThrow(
      "rowEchelon: strategy 'row-addition' needs a square matrix; got 2×3",
    );
    expect(() => rowEchelon([[1, 2], [3]])).toThrow(ShapeError); // ragged
  });
});
