import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Matrix, NonFiniteError, OptionError, ShapeError, SingularMatrixError, changeBasis, det, gramSchmidt, matmul,
  reflectionMatrix, transformPoints,
} from '../../src/entry/node.js';
import { bear, main as reflectingBear } from '../../examples/reflecting-bear.js';
import { SvgFigure, escapeXml, niceTicks } from '../../src/plot/svg.js';

const COURSE_BASIS = [[1, -1], [1.5, 2]];

function maxDiff(x: Matrix, y: number[][]): number {
  expect(x.shape).toEqual([y.length, y[0].length]);
  let d = 0;
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < x.cols; j++) d = Math.max(d, Math.abs(x.get(i, j) - y[i][j]));
  return d;
}

function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}


describe('reflectionMatrix: the course (Reflecting Bear)', () => {
  it('course basis [[1,-1],[1.5,2]] → T = [[-5/13, 12/13], [12/13, 5/13]]: symmetric, T² = I, det −1', () => {
    // The mirror is the line along (1, 1.5): T = 2·e₁e₁ᵀ − I with e₁ = (2, 3)/√13, i.e. exactly these thirteenths.
    const T = reflectionMatrix(COURSE_BASIS);
    expect(maxDiff(T, [[-5 / 13, 12 / 13], [12 / 13, 5 / 13]])).toBeLessThan(1e-15);
    expect(T.get(0, 1)).toBe(T.get(1, 0));
    expect(maxDiff(matmul(T, T), identity(2))).toBeLessThan(1e-15);
    expect(Math.abs(det(T) + 1)).toBeLessThan(1e-15);
  });

  it('equals the course construction E · diag(1, −1) · E⁻¹ with E the Gram–Schmidt basis', () => {
    const E = gramSchmidt(COURSE_BASIS).basis;
    expect(maxDiff(reflectionMatrix(COURSE_BASIS), changeBasis(E, [[1, 0], [0, -1]]).toArray())).toBeLessThan(1e-15);
  });

  it('fixes points on the mirror and flips the normal', () => {
    const T = reflectionMatrix(COURSE_BASIS);
    expect(Array.from(matmul(T, [2, 3]))).toEqual([expect.closeTo(2, 14), expect.closeTo(3, 14)]);
    expect(Array.from(matmul(T, [-3, 2]))).toEqual([expect.closeTo(3, 14), expect.closeTo(-2, 14)]);
  });
});

describe('reflectionMatrix: n-D', () => {
  it('3-D: the mirror is the span of the first two basis vectors', () => {
    const B = [[1, 0, 1], [1, 1, 0], [0, 2, 5]];
    const T = reflectionMatrix(B);
    for (const v of [[1, 1, 0], [0, 1, 2]]) {
      const tv = matmul(T, v);
      v.forEach((x, i) => expect(tv[i]).toBeCloseTo(x, 14));
    }
    // The normal of the mirror: (1,1,0) × (0,1,2) = (2, −2, 1).
    const tn = matmul(T, [2, -2, 1]);
    [-2, 2, -1].forEach((x, i) => expect(tn[i]).toBeCloseTo(x, 14));
    expect(det(T)).toBeCloseTo(-1, 14);
  });

  it('1-D: the mirror is {0}, T = [[-1]]', () => {
    expect(reflectionMatrix([[5]]).toArray()).toEqual([[-1]]);
  });

  it('is invariant to scaling the basis (the degeneracy test is relative)', () => {
    const T1 = reflectionMatrix(COURSE_BASIS);
    const T2 = reflectionMatrix(COURSE_BASIS.map((r) => r.map((v) => v * 1e-20)));
    expect(maxDiff(T2, T1.toArray())).toBeLessThan(1e-15);
  });

  it('property: random bases give T symmetric (exactly), T² = I, det T = −1, and T fixes the mirror', () => {
    const arb = fc.integer({ min: 1, max: 7 }).chain((n) =>
      fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: n * n, maxLength: n * n })
        .map((xs) => new Matrix(n, n, Float64Array.from(xs))));
    fc.assert(fc.property(arb, (b) => {
      let T: Matrix;
      try {
        T = reflectionMatrix(b);
      } catch (e) {
        expect(e).toBeInstanceOf(SingularMatrixError); // a (rare) nearly dependent random basis
        return;
      }
      const n = b.rows;
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(T.get(i, j)).toBe(T.get(j, i));
      expect(maxDiff(matmul(T, T), identity(n))).toBeLessThan(1e-14);
      expect(Math.abs(det(T) + 1)).toBeLessThan(1e-13);
      // Every basis vector but the last lies in the mirror: T b_j = b_j.
      for (let j = 0; j < n - 1; j++) {
        const bj = Array.from({ length: n }, (_, i) => b.get(i, j));
        const size = Math.max(...bj.map(Math.abs));
        const tb = matmul(T, bj);
        for (let i = 0; i < n; i++) expect(Math.abs(tb[i] - bj[i])).toBeLessThan(1e-9 * Math.max(size, 1e-300));
      }
    }), { numRuns: 300 });
  });
});

describe('reflectionMatrix: errors', () => {
  it('refuses a degenerate basis, naming the dependent column', () => {
    expect(() => reflectionMatrix([[1, 2], [2, 4]])).toThrow(SingularMatrixError);
    expect(() => reflectionMatrix([[1, 2], [2, 4]])).toThrow(
      'reflectionMatrix: the basis is degenerate: column 1 lies in the span of the earlier columns (to tol); a mirror needs 2 linearly independent columns',
    );
    expect(() => reflectionMatrix([[0, 1], [0, 1]])).toThrow(/column 0 is zero/);
    expect(() => reflectionMatrix([[1, 1, 2], [0, 1, 1], [0, 0, 0]])).toThrow(/column 2 lies in the span/);
    // Nearly dependent: within 1e-12 rad of the first column; accepted with a smaller tol.
    expect(() => reflectionMatrix([[1, 1], [0, 1e-12]])).toThrow(SingularMatrixError);
    expect(reflectionMatrix([[1, 1], [0, 1e-12]], { tol: 1e-14 }).toArray()).toEqual([[1, 0], [0, -1]]);
  });

  it('refuses non-square, empty and non-finite bases and bad tol', () => {
    expect(() => reflectionMatrix([[1, 0, 0], [0, 1, 0]])).toThrow(ShapeError);
    expect(() => reflectionMatrix([[1, 0, 0], [0, 1, 0]])).toThrow(/must be square and non-empty .* got 2×3/);
    expect(() => reflectionMatrix(new Matrix(0, 0))).toThrow(ShapeError);
    expect(() => reflectionMatrix([[1, NaN], [0, 1]])).toThrow(NonFiniteError);
    expect(() => reflectionMatrix([[1, NaN], [0, 1]])).toThrow('reflectionMatrix: basis must be finite; entry (0, 1) is NaN');
    expect(() => reflectionMatrix(COURSE_BASIS, { tol: 0 })).toThrow(OptionError);
    expect(() => reflectionMatrix(COURSE_BASIS, { tol: 0 })).toThrow("option 'tol' must be > 0; got 0");
  });
});

describe('changeBasis', () => {
  it('numpy: E @ diag(1, −1) @ inv(E) for the (non-orthogonal) course basis = [[1/7, 4/7], [12/7, −1/7]]', () => {
    // numpy float64 gives [[0.1428571428571428, 0.5714285714285714], [1.7142857142857144, -0.14285714285714285]].
    expect(maxDiff(changeBasis(COURSE_BASIS, [[1, 0], [0, -1]]), [[1 / 7, 4 / 7], [12 / 7, -1 / 7]])).toBeLessThan(1e-15);
  });

  it('the doc example, and T = I gives I', () => {
    expect(maxDiff(changeBasis([[1, 1], [0, 1]], [[2, 0], [0, 3]]), [[2, 1], [0, 3]])).toBeLessThan(1e-15);
    expect(maxDiff(changeBasis([[2, 1, 0], [1, 3, 1], [0, 1, 4]], identity(3)), identity(3))).toBeLessThan(1e-15);
    expect(changeBasis(new Matrix(0, 0), new Matrix(0, 0)).shape).toEqual([0, 0]);
  });

  it('two equal columns are singular (R₂₂ is rounding noise just above n·ε·‖R‖; the SVD decides), an ill-conditioned basis is not', () => {
    const E = [[0.3029246935620904, 0.3029246935620904], [-1.84445767570287, -1.84445767570287]];
    expect(() => changeBasis(E, identity(2))).toThrow(SingularMatrixError);
    expect(() => changeBasis(E, identity(2))).toThrow(/smallest singular value .* = n·ε·σ_max\); its columns are not a basis/);
    // cond ≈ 4e13: flagged by QR's screen, kept by the SVD (numpy's rule), and T = I still gives I.
    expect(maxDiff(changeBasis([[1, 1], [0, 1e-13]], identity(2)), identity(2))).toBeLessThan(1e-12);
  });

  it('property: (E T E⁻¹) E = E T', () => {
    const arb = fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(
      fc.array(fc.integer({ min: -9, max: 9 }), { minLength: n * n, maxLength: n * n }).map((xs) => new Matrix(n, n, Float64Array.from(xs))),
      fc.array(fc.integer({ min: -9, max: 9 }), { minLength: n * n, maxLength: n * n }).map((xs) => new Matrix(n, n, Float64Array.from(xs))),
    ));
    fc.assert(fc.property(arb, ([e, t]) => {
      if (Math.abs(det(e)) < 0.5) return; // integer matrices: singular ones have det exactly 0 (rounded)
      const m = changeBasis(e, t);
      const lhs = matmul(m, e);
      const rhs = matmul(e, t);
      const scale = Math.max(1, ...rhs.data.map(Math.abs));
      // Forward error grows with cond(E); small integer matrices stay far below 1e-6 relative.
      for (let i = 0; i < lhs.data.length; i++) expect(Math.abs(lhs.data[i] - rhs.data[i])).toBeLessThan(1e-6 * scale);
    }), { numRuns: 300 });
  });

  it('throws SingularMatrixError for a singular E, ShapeError for mismatched shapes', () => {
    expect(() => changeBasis([[1, 2], [2, 4]], identity(2))).toThrow(SingularMatrixError);
    expect(() => changeBasis([[1, 2], [2, 4]], identity(2))).toThrow(/changeBasis: E is singular to working precision/);
    expect(() => changeBasis([[1, 2, 3]], [[1]])).toThrow('changeBasis: E must be square; got 1×3');
    expect(() => changeBasis(identity(2), identity(3))).toThrow('changeBasis: T must be 2×2 like E; got 3×3');
    expect(() => changeBasis(identity(2), [[1, Infinity], [0, 1]])).toThrow(NonFiniteError);
  });
});

describe('transformPoints', () => {
  it('NaN separator columns pass straight through; other columns are T·p', () => {
    const T = reflectionMatrix(COURSE_BASIS);
    const out = transformPoints(T, [[2, NaN, -3], [3, NaN, 2]]);
    expect(Number.isNaN(out.get(0, 1)) && Number.isNaN(out.get(1, 1))).toBe(true);
    expect(out.get(0, 0)).toBeCloseTo(2, 14);
    expect(out.get(1, 0)).toBeCloseTo(3, 14);
    expect(out.get(0, 2)).toBeCloseTo(3, 14);
    expect(out.get(1, 2)).toBeCloseTo(-2, 14);
  });

  it('a column with NaN in only some entries becomes an all-NaN separator (as numpy T @ P)', () => {
    const out = transformPoints([[1, 0], [0, 1]], [[1, NaN], [2, 5]]);
    expect(out.toArray()).toEqual([[1, NaN], [2, NaN]]);
  });

  it('the doc example; ±Inf follows IEEE; non-square T maps between dimensions', () => {
    expect(transformPoints([[0, 1], [1, 0]], [[1, NaN, 3], [2, NaN, 4]]).toArray()).toEqual([[2, NaN, 4], [1, NaN, 3]]);
    expect(transformPoints([[2, 0], [0, 1]], [[Infinity], [1]]).toArray()).toEqual([[Infinity], [NaN]]); // 0·∞ = NaN, as numpy
    expect(transformPoints([[1, 0], [0, 1], [1, 1]], [[1, 2], [3, 4]]).toArray()).toEqual([[1, 2], [3, 4], [4, 6]]);
  });

  it('names both shapes on a mismatch', () => {
    expect(() => transformPoints([[1, 0], [0, 1]], [[1, 2, 3]])).toThrow(ShapeError);
    expect(() => transformPoints([[1, 0], [0, 1]], [[1, 2, 3]])).toThrow(/T is 2×2 and P is 1×3; points are P's columns, so P needs 2 rows/);
  });

  it('does not mutate its inputs', () => {
    const p = new Matrix(2, 2, Float64Array.from([1, NaN, 2, NaN]));
    transformPoints([[0, 1], [1, 0]], p);
    expect(Array.from(p.data)).toEqual([1, NaN, 2, NaN]);
  });
});

describe('the Reflecting Bear example', () => {
  it('reflecting the bear twice gives the bear back, separators in place', () => {
    const T = reflectionMatrix(COURSE_BASIS);
    const b = bear();
    const twice = transformPoints(T, transformPoints(T, b));
    let separators = 0;
    for (let j = 0; j < b.cols; j++) {
      if (Number.isNaN(b.get(0, j))) {
        separators++;
        expect(Number.isNaN(twice.get(0, j)) && Number.isNaN(twice.get(1, j))).toBe(true);
      } else {
        expect(Math.abs(twice.get(0, j) - b.get(0, j))).toBeLessThan(1e-14);
        expect(Math.abs(twice.get(1, j) - b.get(1, j))).toBeLessThan(1e-14);
      }
    }
    expect(separators).toBeGreaterThanOrEqual(8); // head, ears, inner ears, eyes, snout, nose, mouth
  });

  it('writes an SVG with the bear and its reflection, one subpath per piece', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mmlkit-bear-')), 'bear.svg');
    reflectingBear(file);
    const svg = readFileSync(file, 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const pieces = bear().data.subarray(0, bear().cols).filter(Number.isNaN).length + 1;
    const paths = [...svg.matchAll(/<path d="([^"]*)"/g)].map((m) => m[1]);
    const moves = paths.map((d) => (d.match(/M/g) ?? []).length);
    expect(moves.filter((k) => k === pieces)).toHaveLength(2); // the bear and the reflected bear
    expect(svg).not.toContain('NaN');
  });
});

describe('svg writer (src/plot/svg.ts)', () => {
  it('escapes text, breaks lines at NaN, draws single points as dots', () => {
    const svg = new SvgFigure({ title: 'a < b & "c"' }).polyline([0, 1, NaN, 2, NaN, 3, 4], [0, 1, NaN, 2, NaN, 3, 4]).toString();
    expect(svg).toContain('a &lt; b &amp; &quot;c&quot;');
    const d = /<path d="([^"]*)"/.exec(svg)![1];
    expect(d.match(/M/g)).toHaveLength(3);
    expect(d).toContain('h0');
    expect(escapeXml(`<'&'>`)).toBe('&lt;&#39;&amp;&#39;&gt;');
  });

  it('nice ticks', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-3, 3.8, 5)).toEqual([-2, 0, 2]);
    expect(niceTicks(1, 1)).toEqual([]);
  });
});
