import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Matrix, NonFiniteError, OptionError, ShapeError, SingularMatrixError, backends, det, eye, inv, matmul, slogdet,
  solve, withBackend,
} from '../../src/entry/node.js';
import { luFactor } from '../../src/linalg/lu.js';
import { randomMatrix } from '../../src/random.js';
import { expectClose } from '../helpers/close.js';

/** Agreement with numpy literals (LAPACK getrf vs our LU: different rounding, same algorithm). */
const RTOL = 1e-12;

const A1 = [[4, -2, 1], [3, 6, -4], [2, 1, 8]];
const A4 = [[0, 7, -5, 3], [2, 8, 0, 4], [3, 12, 0, 5], [1, 3, 1, 3]];
const A5 = [
  [1.5, -0.3, 2.2, 0.7, -1.1], [0.4, 3.1, -0.9, 1.2, 0.5], [-2.0, 0.8, 1.7, -0.6, 2.4],
  [0.9, -1.4, 0.3, 2.8, -0.2], [1.1, 0.6, -2.5, 0.4, 1.9],
];
const ARANGE16 = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]];
const hilbert = (n: number) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => 1 / (i + j + 1)));

const flat = (rows: number[][]) => rows.flat();

/** Matrices whose condition number stays small: diagonally dominant with random off-diagonals. */
const wellConditioned = (maxN: number) =>
  fc.integer({ min: 1, max: maxN }).chain((n) =>
    fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n * n, maxLength: n * n }).map((xs) => {
      const a = new Matrix(n, n, Float64Array.from(xs));
      for (let i = 0; i < n; i++) a.data[i * n + i] += (a.data[i * n + i] >= 0 ? 1 : -1) * n;
      return a;
    }));

/** Entries in [-10, 10] on a 0.01 grid: general (often ill-conditioned, sometimes singular)
 * matrices without the subnormal entries fc.double likes, where det underflows to 0. */
const entry = fc.integer({ min: -1000, max: 1000 }).map((x) => x / 100);

const anySquare = (maxN: number) =>
  fc.integer({ min: 1, max: maxN }).chain((n) =>
    fc.array(entry, { minLength: n * n, maxLength: n * n })
      .map((xs) => new Matrix(n, n, Float64Array.from(xs))));

const pairOfSquares = (maxN: number) =>
  fc.integer({ min: 1, max: maxN }).chain((n) =>
    fc.array(entry, { minLength: 2 * n * n, maxLength: 2 * n * n }).map((xs) => [
      new Matrix(n, n, Float64Array.from(xs.slice(0, n * n))),
      new Matrix(n, n, Float64Array.from(xs.slice(n * n))),
    ] as const));

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe('det (the course and numpy)', () => {
  it('reproduces the course\'s determinants', () => {
    expect(det(A4)).toBeCloseTo(-4, 13);
    expect(det([[0, 2, 1], [1, 1, 1], [2, 1, 0]])).toBeCloseTo(3, 14);
    expect(det([[2, 0, 0, 0], [0, 3, 0, 0], [0, 0, 4, 4], [0, 0, 5, 5]])).toBe(0);
  });

  it('matches numpy.linalg.det', () => {
    expectClose([det(A1)], [262.99999999999983], RTOL);
    expectClose([det(A4)], [-4.0000000000000036], RTOL);
    expectClose([det(A5)], [210.4116699999999], RTOL);
  });

  it('gives ±1 for permutation matrices and 1 for the empty matrix', () => {
    expect(det([[0, 1], [1, 0]])).toBe(-1);
    expect(det([[0, 1, 0], [0, 0, 1], [1, 0, 0]])).toBe(1);
    expect(det([])).toBe(1);
    expect(slogdet([])).toEqual({ sign: 1, logAbsDet: 0 });
  });

  it('is 0 (not -0) when a pivot column is exactly zero', () => {
    expect(Object.is(det([[0, 0], [0, 1]]), 0)).toBe(true);
    expect(Object.is(det([[1, 2], [-2, -4]]), 0)).toBe(true);
  });
});

describe('slogdet (numpy semantics)', () => {
  it('matches numpy on a small matrix and agrees with det', () => {
    const r = slogdet(A5);
    expect(r.sign).toBe(1);
    expectClose([r.logAbsDet], [5.349065945104853], RTOL);
    const s = slogdet(A4);
    expect(s.sign).toBe(-1);
    expectClose([s.logAbsDet], [Math.log(4)], 1e-14);
  });

  it('returns sign 0 and -Infinity for singular matrices', () => {
    expect(slogdet([[1, 2], [2, 4]])).toEqual({ sign: 0, logAbsDet: -Infinity });
    expect(slogdet([[0, 0], [0, 0]])).toEqual({ sign: 0, logAbsDet: -Infinity });
  });

  it('handles a 300×300 determinant beyond float range (numpy: det = inf, slogdet finite)', () => {
    // randomMatrix(300, 300, 2024, -50, 50) regenerated in numpy (mulberry32 ported) gives
    // slogdet = (1.0, 1712.381175931613) and det = inf.
    const A = randomMatrix(300, 300, 2024, -50, 50);
    expect(A.data[0]).toBe(31.176237389445305); // the same matrix numpy saw
    const r = slogdet(A);
    expect(r.sign).toBe(1);
    expectClose([r.logAbsDet], [1712.381175931613], 1e-12);
    expect(det(A)).toBe(Infinity);
    // A seeded matrix in range: numpy slogdet = (-1.0, 332.2977896798639).
    const B = randomMatrix(300, 300, 7);
    const b = slogdet(B);
    expect(b.sign).toBe(-1);
    expectClose([b.logAbsDet], [332.2977896798639], 1e-12);
    expectClose([det(B)], [-Math.exp(332.2977896798639)], 1e-10);
  });

  it('is consistent with det (property)', () => {
    fc.assert(
      fc.property(anySquare(7), (A) => {
        const d = det(A);
        const { sign, logAbsDet } = slogdet(A);
        if (d === 0) {
          expect(sign).toBe(0);
          return;
        }
        expect(sign).toBe(Math.sign(d));
        expect(Math.abs(logAbsDet - Math.log(Math.abs(d)))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(logAbsDet)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('det — properties', () => {
  it('det(AB) = det(A)·det(B)', () => {
    fc.assert(
      fc.property(pairOfSquares(6), ([A, B]) => {
        const lhs = det(matmul(A, B));
        const rhs = det(A) * det(B);
        // Scale of the rounding: products of the row norms (Hadamard's bound).
        const hadamard = (m: Matrix) => {
          let p = 1;
          for (let i = 0; i < m.rows; i++) {
            let s = 0;
            for (let j = 0; j < m.cols; j++) s += m.get(i, j) ** 2;
            p *= Math.sqrt(s);
          }
          return p;
        };
        expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-13 * A.rows * hadamard(A) * hadamard(B));
      }),
      { numRuns: 200 },
    );
  });

  it('P·A = L·U reconstructs A for the blocked factorisation (n across the panel width)', () => {
    for (const n of [1, 5, 63, 64, 65, 130, 200]) {
      const A = randomMatrix(n, n, n);
      const f = luFactor(A, 'A');
      const L = new Matrix(n, n);
      const U = new Matrix(n, n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const v = f.lu[i * n + j];
          if (j < i) L.data[i * n + j] = v;
          else U.data[i * n + j] = v;
        }
        L.data[i * n + i] = 1;
      }
      const PA = new Matrix(n, n);
      for (let i = 0; i < n; i++) PA.data.set(A.data.subarray(f.perm[i] * n, (f.perm[i] + 1) * n), i * n);
      expect(maxAbsDiff(matmul(L, U).data, PA.data)).toBeLessThanOrEqual(1e-13 * n);
      // Partial pivoting: every multiplier has |l| ≤ 1.
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(Math.abs(L.data[i * n + j])).toBeLessThanOrEqual(1);
      expect(Array.from(f.perm).sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });

  it('P·A = L·U holds on every available backend (the getrf kernel)', () => {
    const n = 150;
    const A = randomMatrix(n, n, 99);
    const ref = slogdet(A);
    for (const b of backends().filter((x) => x.available)) {
      const r = withBackend(b.name, () => slogdet(A));
      expect(r.sign).toBe(ref.sign);
      expectClose([r.logAbsDet], [ref.logAbsDet], 1e-12);
    }
  });
});

describe('inv', () => {
  it('matches numpy.linalg.inv', () => {
    expectClose(inv(A1).data, flat([
      [0.19771863117870722, 0.06463878326996197, 0.007604562737642592],
      [-0.12167300380228137, 0.11406844106463877, 0.07224334600760458],
      [-0.034220532319391636, -0.030418250950570346, 0.1140684410646388],
    ]), RTOL);
    expectClose(inv(A5).data, flat([
      [0.42912733880207304, -0.06979460787512404, -0.06889684398208515, -0.14056777364107226, 0.33904013023612245],
      [0.05480019240377684, 0.28247054928084553, 0.0065295807974909215, -0.1242264747007616, -0.06393229044757831],
      [0.26911340041167864, -0.01519592520700018, 0.16354178454075288, -0.018756564215283295, -0.04875204878132469],
      [-0.13108540985393063, 0.15800787095126426, 0.02557557762837012, 0.3439025031263713, -0.11357830105145789],
      [0.11594604044538025, -0.10205327489677736, 0.24762790010649133, 0.0235305389667788, 0.309982331303202],
    ]), RTOL);
    expect(inv([[0, 1], [1, 0]]).toArray()).toEqual([[0, 1], [1, 0]]);
    expect(inv([]).shape).toEqual([0, 0]);
  });

  it('inverts the ill-conditioned Hilbert 6 to the accuracy its condition (1.5e7) allows', () => {
    // numpy.linalg.inv(hilbert(6)); exact inverse entries are integers (36, -630, ...).
    const ref = flat([
      [36.0000000049468, -630.000000142647, 3360.0000009708674, -7560.000002535307, 7560.000002806657, -2772.0000011084558],
      [-630.000000140884, 14700.000004062353, -88200.00002765079, 211680.00007221373, -220500.00007994342, 83160.00003157012],
      [3360.0000009502787, -88200.00002740198, 564480.0001865203, -1411200.0004871404, 1512000.0005392884, -582120.000212969],
      [-7560.000002464719, 211680.00007107493, -1411200.000483806, 3628800.001263601, -3969000.0013988875, 1552320.0005524377],
      [7560.0000027137185, -220500.00007825808, 1512000.0005327133, -3969000.001391363, 4410000.001540349, -1746360.0006083092],
      [-2772.000001066969, 83160.00003077011, -582120.0002094604, 1552320.000547086, -1746360.0006056745, 698544.0002391931],
    ]);
    expectClose(inv(hilbert(6)).data, ref, 1e-8);
  });

  it('A·inv(A) ≈ I for well-conditioned random A (property)', () => {
    fc.assert(
      fc.property(wellConditioned(12), (A) => {
        const n = A.rows;
        expect(maxAbsDiff(matmul(A, inv(A)).data, eye(n).data)).toBeLessThanOrEqual(1e-13 * n);
        expect(maxAbsDiff(matmul(inv(A), A).data, eye(n).data)).toBeLessThanOrEqual(1e-13 * n);
      }),
      { numRuns: 200 },
    );
  });

  it('throws SingularMatrixError naming the zero pivot', () => {
    expect(() => inv([[1, 2], [2, 4]])).toThrow(SingularMatrixError);
    expect(() => inv([[1, 2], [2, 4]])).toThrow('inv: A (2×2) is singular: pivot 1 of its LU factorisation (partial pivoting) is exactly 0');
    expect(() => inv([[0, 0], [0, 0]])).toThrow(/pivot 0 .* is exactly 0/);
  });

  it('refuses the numerically singular arange(1, 17) (numpy returns garbage only when LAPACK misses the exact 0)', () => {
    expect(() => inv(ARANGE16)).toThrow(SingularMatrixError);
    expect(() => inv(ARANGE16)).toThrow(/singular to working precision: \|pivot 2\| = .* ≤ tol·max\|A\| = 1\.421e-14/);
    // tol: 0 is numpy's rule (exact zero pivots only): our rounding leaves a ~1e-15 pivot, so
    // it returns huge meaningless numbers, as numpy does for such matrices.
    const garbage = inv(ARANGE16, { tol: 0 });
    expect(Math.max(...garbage.data.map(Math.abs))).toBeGreaterThan(1e13);
  });

  it('keeps badly scaled but well-conditioned matrices with tol: 0', () => {
    const D = [[1, 0], [0, 1e-20]];
    expect(() => inv(D)).toThrow(SingularMatrixError); // pivot 1e-20 ≤ 2ε·max|A|
    expect(inv(D, { tol: 0 }).toArray()).toEqual([[1, 0], [0, 1e20]]);
  });

  it('accepts Hilbert 12 but refuses Hilbert 13 (cond 4.5e18 > 1/ε) by default', () => {
    expect(() => inv(hilbert(12))).not.toThrow();
    expect(() => inv(hilbert(13))).toThrow(SingularMatrixError);
  });
});

describe('solve', () => {
  it('matches numpy.linalg.solve for a vector and for a matrix of right-hand sides', () => {
    const x = solve(A5, [1, -2, 0.5, 3, -1.5]);
    expect(x).toBeInstanceOf(Float64Array);
    expectClose(x, [-0.395995383716122, -0.7836571041900862, 0.39813452362219265, 0.7677615980140267, 0.04948466023771397], RTOL);
    const X = solve(A5, [[1, 0], [0, 1], [2, -1], [0.5, 0.5], [-3, 2]]);
    expect(X).toBeInstanceOf(Matrix);
    expect(X.shape).toEqual([5, 2]);
    expectClose(X.data, flat([
      [-0.7960706266910009, 0.6068986097586698], [0.19754298799111278, 0.08596315023781717],
      [0.7330748337295168, -0.28562008941804407], [0.4327519001203689, 0.07722694278316403],
      [-0.30697988376785385, 0.2820487570865247],
    ]), RTOL);
    // The course's 4×4 (needs a row swap at the first pivot). numpy: [-31, 8, 11, 1.67e-16].
    expectClose(solve(A4, Float64Array.from([1, 2, 3, 4])), [-31, 8, 11, 0], 1e-14);
  });

  it('solves A·x = b to a small residual (property)', () => {
    fc.assert(
      fc.property(wellConditioned(10).chain((A) => fc.tuple(fc.constant(A), fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: A.rows, maxLength: A.rows }))), ([A, b]) => {
        const x = solve(A, b);
        expect(maxAbsDiff(matmul(A, x), b)).toBeLessThanOrEqual(1e-12 * A.rows * 5);
      }),
      { numRuns: 200 },
    );
  });

  it('throws SingularMatrixError for singular A and ShapeError for mismatched b', () => {
    expect(() => solve([[1, 2], [2, 4]], [1, 2])).toThrow(SingularMatrixError);
    expect(() => solve([[1, 2], [2, 4]], [1, 2])).toThrow(/^solve: A \(2×2\) is singular/);
    expect(() => solve([[1, 0], [0, 1]], [1, 2, 3])).toThrow(ShapeError);
    expect(() => solve([[1, 0], [0, 1]], [1, 2, 3])).toThrow('solve: A is 2×2 so b needs 2 rows (a vector of length 2 or an 2×k matrix); got a vector of length 3');
    expect(() => solve([[1, 0], [0, 1]], [[1, 2, 3]])).toThrow(/got 1×3/);
  });
});

describe('lu — validation', () => {
  it('names the shape when A is not square', () => {
    for (const [fn, f] of [['det', det], ['slogdet', slogdet], ['inv', inv]] as const) {
      expect(() => f([[1, 2, 3], [4, 5, 6]])).toThrow(ShapeError);
      expect(() => f([[1, 2, 3], [4, 5, 6]])).toThrow(`${fn}: A must be square; got 2×3`);
    }
    expect(() => solve([[1, 2]], [1])).toThrow('solve: A must be square; got 1×2');
  });

  it('refuses NaN and ±Inf in A and b', () => {
    expect(() => det([[1, NaN], [0, 1]])).toThrow(NonFiniteError);
    expect(() => inv([[1, 0], [Infinity, 1]])).toThrow('inv: A must be finite; entry (1, 0) is Infinity');
    expect(() => solve([[1, 0], [0, 1]], [1, NaN])).toThrow('solve: b must be finite; entry 1 is NaN');
    expect(() => solve([[1, 0], [0, 1]], [[1], [-Infinity]])).toThrow(/solve: B must be finite/);
    expect(() => slogdet([[NaN]])).toThrow(NonFiniteError);
  });

  it('refuses a negative or non-finite tol', () => {
    expect(() => inv([[1]], { tol: -1 })).toThrow(OptionError);
    expect(() => inv([[1]], { tol: -1 })).toThrow("option 'inv: tol' must be ≥ 0; got -1");
    expect(() => solve([[1]], [1], { tol: Infinity })).toThrow(/option 'solve: tol' must be a finite number/);
  });

  it('never mutates its inputs', () => {
    const A = Matrix.from(A5);
    const b = Float64Array.from([1, 2, 3, 4, 5]);
    const before = A.data.slice();
    det(A);
    slogdet(A);
    inv(A);
    solve(A, b);
    solve(A, new Matrix(5, 1, b));
    expect(A.data).toEqual(before);
    expect(Array.from(b)).toEqual([1, 2, 3, 4, 5]);
  });
});
