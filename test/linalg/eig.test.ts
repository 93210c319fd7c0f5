import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ConvergenceError, Matrix, NonFiniteError, OptionError, ShapeError, det, eig, powerIteration,
} from '../../src/entry/node.js';

/** numpy literals (numpy.linalg.eig, float64) are compared to 1e-13 relative, up to ordering and vector phase. */
const RTOL = 1e-13;

type C = [number, number];
const cmul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];

/** Eigenvalues as [re, im] pairs sorted by re, then im. */
function sortedValues(r: { re: Float64Array; im: Float64Array }): C[] {
  return Array.from(r.re, (x, k): C => [x, r.im[k]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

function expectValues(got: { re: Float64Array; im: Float64Array }, want: C[], rtol = RTOL): void {
  const g = sortedValues(got);
  const w = [...want].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const scale = Math.max(...w.map(([x, y]) => Math.hypot(x, y)), 1e-300);
  expect(g).toHaveLength(w.length);
  g.forEach(([x, y], k) => expect(Math.hypot(x - w[k][0], y - w[k][1]) / scale).toBeLessThan(rtol));
}

/** max_k ‖A v_k − λ_k v_k‖ / ‖A‖_max over all eigenpairs, in complex arithmetic. */
function residual(a: Matrix, r: ReturnType<typeof eig>): number {
  const n = a.rows;
  const { re, im } = r.complexVectors!;
  const scale = Math.max(...a.data.map(Math.abs), 1e-300);
  let worst = 0;
  for (let k = 0; k < n; k++) {
    const lambda: C = [r.values.re[k], r.values.im[k]];
    for (let i = 0; i < n; i++) {
      let av: C = [0, 0];
      for (let j = 0; j < n; j++) av = [av[0] + a.get(i, j) * re.get(j, k), av[1] + a.get(i, j) * im.get(j, k)];
      const lv = cmul(lambda, [re.get(i, k), im.get(i, k)]);
      worst = Math.max(worst, Math.hypot(av[0] - lv[0], av[1] - lv[1]) / scale);
    }
  }
  return worst;
}

/** |v_mine − c·v_numpy| minimised over the phase c (|c| = 1): 0 when equal up to phase/sign. */
function phaseDistance(mine: C[], theirs: C[]): number {
  // c = <theirs, mine> / |<theirs, mine>|
  let ip: C = [0, 0];
  mine.forEach((m, i) => (ip = [ip[0] + theirs[i][0] * m[0] + theirs[i][1] * m[1], ip[1] + theirs[i][0] * m[1] - theirs[i][1] * m[0]]));
  const len = Math.hypot(...ip);
  const c: C = [ip[0] / len, ip[1] / len];
  return Math.max(...mine.map((m, i) => {
    const t = cmul(c, theirs[i]);
    return Math.hypot(m[0] - t[0], m[1] - t[1]);
  }));
}


describe('eig: numpy literals', () => {
  it('3×3 real spectrum: values, and unit vectors equal to numpy up to sign', () => {
    const A = [[1, 2, 3], [4, 5, 6], [7, 8, 10]];
    const r = eig(A);
    expectValues(r.values, [[16.707493316124744, 0], [-0.9057401795217589, 0], [0.1982468633970087, 0]]);
    const numpyV = [
      [-0.223513357727852, -0.865845781428926, 0.27829648598057244],
      [-0.5039456275263903, 0.08565120135087381, -0.8318468022052949],
      [-0.8343144391740168, 0.4929248974122574, 0.48018950795669213],
    ];
    const numpyW = [16.707493316124744, -0.9057401795217589, 0.1982468633970087];
    expect(r.vectors).toBeInstanceOf(Matrix);
    for (let k = 0; k < 3; k++) {
      const j = numpyW.findIndex((w) => Math.abs(w - r.values.re[k]) < 1e-9);
      const mine = [0, 1, 2].map((i): C => [r.vectors!.get(i, k), 0]);
      const theirs = [0, 1, 2].map((i): C => [numpyV[i][j], 0]);
      expect(phaseDistance(mine, theirs)).toBeLessThan(1e-13);
    }
  });

  it('4×4 with a complex pair: values, conjugate pair adjacent (+im first), complex vectors equal numpy up to phase', () => {
    const A = [[4, -2, 1, 0], [3, 1, -1, 2], [0, 2, 3, 1], [1, 0, -2, 2]];
    const r = eig(A);
    expectValues(r.values, [
      [2.629097335594575, 3.094549411542], [2.629097335594575, -3.094549411542],
      [3.800204527679833, 0], [0.9416008011310223, 0],
    ]);
    const k = Array.from(r.values.im).findIndex((v) => v !== 0);
    expect(r.values.im[k]).toBeGreaterThan(0);
    expect(r.values.im[k + 1]).toBe(-r.values.im[k]);
    expect(r.values.re[k + 1]).toBe(r.values.re[k]);
    expect(r.vectors).toBeUndefined();
    // numpy's eigenvector for 2.629… + 3.0945…i:
    const numpyV: C[] = [
      [-0.00525393697203245, -0.3957163457810911], [-0.5945706546198772, 0],
      [0.04262511192824823, 0.5262300252149957], [-0.4551132732098088, -0.06327460340790539],
    ];
    const { re, im } = r.complexVectors!;
    expect(phaseDistance([0, 1, 2, 3].map((i): C => [re.get(i, k), im.get(i, k)]), numpyV)).toBeLessThan(1e-13);
    // The partner column is the conjugate.
    for (let i = 0; i < 4; i++) {
      expect(re.get(i, k + 1)).toBe(re.get(i, k));
      expect(im.get(i, k + 1) + im.get(i, k)).toBe(0);
    }
    expect(residual(new Matrix(4, 4, Float64Array.from(A.flat())), r)).toBeLessThan(1e-14);
  });

  it('rotation by 90° → ±i (doc example)', () => {
    const r = eig([[0, -1], [1, 0]]);
    expect(Array.from(r.values.re)).toEqual([0, 0]);
    expect(Array.from(r.values.im)).toEqual([1, -1]);
    expect(residual(new Matrix(2, 2, Float64Array.from([0, -1, 1, 0])), r)).toBeLessThan(1e-15);
  });

  it('block matrix with a Jordan block and a rotation block: numpy [2±i, 3, 3, −1]', () => {
    const A = [[2, -1, 0, 0, 0], [1, 2, 0, 0, 0], [0, 0, 3, 1, 0], [0, 0, 0, 3, 1], [0, 0, 0, 0, -1]];
    expectValues(eig(A).values, [[2, 1], [2, -1], [3, 0], [3, 0], [-1, 0]], 1e-14);
  });

  it('defective [[1, 1], [0, 1]]: double eigenvalue 1, both vectors along e₁ (as numpy)', () => {
    const r = eig([[1, 1], [0, 1]]);
    expect(Array.from(r.values.re)).toEqual([1, 1]);
    expect(Math.abs(r.vectors!.get(0, 0))).toBe(1);
    expect(Math.abs(r.vectors!.get(0, 1))).toBeCloseTo(1, 15);
  });

  it('symmetric: numpy eigvalsh values, orthogonal vectors', () => {
    const r = eig([[4, 1, 2], [1, 3, 0], [2, 0, 5]]);
    expectValues(r.values, [[1.854897308799576, 0], [3.4760236029181333, 0], [6.669079088282287, 0]]);
    const v = r.vectors!;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < i; j++) {
        let d = 0;
        for (let k = 0; k < 3; k++) d += v.get(k, i) * v.get(k, j);
        expect(Math.abs(d)).toBeLessThan(1e-14);
      }
    }
  });
});

describe('eig: behaviour', () => {
  it('triangular: the diagonal; zero matrix: zeros with the identity as vectors; 1×1 and 0×0', () => {
    expectValues(eig([[1, 5, 7], [0, -2, 3], [0, 0, 4]]).values, [[1, 0], [-2, 0], [4, 0]], 1e-15);
    const z = eig(new Matrix(3, 3));
    expect(Array.from(z.values.re)).toEqual([0, 0, 0]);
    expect(z.vectors!.toArray()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    expect(eig([[-7]]).values.re[0]).toBe(-7);
    expect(eig([[-7]]).vectors!.toArray()).toEqual([[1]]);
    const empty = eig(new Matrix(0, 0));
    expect(empty.values.re.length).toBe(0);
    expect(empty.vectors!.shape).toEqual([0, 0]);
  });

  it('{ vectors: false } gives the same values and no vectors', () => {
    const A = [[4, -2, 1, 0], [3, 1, -1, 2], [0, 2, 3, 1], [1, 0, -2, 2]];
    const full = eig(A);
    const vals = eig(A, { vectors: false });
    expect(vals.vectors).toBeUndefined();
    expect(vals.complexVectors).toBeUndefined();
    expect(Array.from(vals.values.re)).toEqual(Array.from(full.values.re));
    expect(Array.from(vals.values.im)).toEqual(Array.from(full.values.im));
  });

  it('a companion matrix (roots of x⁴ − 10x³ + 35x² − 50x + 24 = 1, 2, 3, 4)', () => {
    const A = [[10, -35, 50, -24], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]];
    expectValues(eig(A).values, [[1, 0], [2, 0], [3, 0], [4, 0]], 1e-12);
  });

  it('a complex pair split off by a subnormal entry: finite unit vectors (CI found NaN here; numpy ±1.9e-161i)', () => {
    // The standardised 2 × 2 block has a subnormal off-diagonal, so (d − p)² + e² underflows to 0
    // and Cramer's rule divided 0 by 0; the dlaln2-style solve keeps every vector finite.
    const a = new Matrix(6, 6);
    a.data[0 * 6 + 2] = 8.000357110972235;
    a.data[2 * 6 + 0] = -4.4e-323;
    a.data[3 * 6 + 0] = 1.4210854715201999e-14;
    const r = eig(a);
    for (const x of [...r.complexVectors!.re.data, ...r.complexVectors!.im.data]) expect(Number.isFinite(x)).toBe(true);
    expect(residual(a, r)).toBeLessThan(1e-15);
    expect(Array.from(r.values.re)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Math.abs(r.values.im[0])).toBeLessThan(1e-150);
  });

  it('property: tiny, subnormal and mixed-scale entries: finite values and vectors, residual ≤ 1e-12·n·max|a| (60 000 runs clean locally)', () => {
    const entry = fc.oneof(
      fc.constant(0),
      fc.double({ min: -10, max: 10, noNaN: true }),
      fc.double({ min: -1e-300, max: 1e-300, noNaN: true }),
      fc.constantFrom(4.9e-324, -4.4e-323, 2.2250738585072014e-308, 1e-160, -1e-160),
      fc.double({ min: -1e-150, max: 1e-150, noNaN: true }),
    );
    const arb = fc.integer({ min: 2, max: 8 }).chain((n) =>
      fc.array(entry, { minLength: n * n, maxLength: n * n }).map((xs) => new Matrix(n, n, Float64Array.from(xs))));
    fc.assert(fc.property(arb, (a) => {
      const r = eig(a);
      for (const x of [...r.values.re, ...r.values.im, ...r.complexVectors!.re.data, ...r.complexVectors!.im.data]) {
        expect(Number.isFinite(x)).toBe(true);
      }
      expect(residual(a, r)).toBeLessThan(1e-12 * a.rows);
    }), { numRuns: 400 });
  });

  it('property: Σλ = trace, Πλ = det, A v = λ v for every pair, unit vectors, conjugate pairs adjacent', () => {
    const arb = fc.integer({ min: 1, max: 9 }).chain((n) =>
      fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n * n, maxLength: n * n })
        .map((xs) => new Matrix(n, n, Float64Array.from(xs))));
    fc.assert(fc.property(arb, (a) => {
      const n = a.rows;
      const r = eig(a);
      const scale = Math.max(...a.data.map(Math.abs), 1e-300);
      let trace = 0;
      for (let i = 0; i < n; i++) trace += a.get(i, i);
      let sumRe = 0;
      let sumIm = 0;
      let prod: C = [1, 0];
      for (let k = 0; k < n; k++) {
        sumRe += r.values.re[k];
        sumIm += r.values.im[k];
        prod = cmul(prod, [r.values.re[k], r.values.im[k]]);
      }
      expect(Math.abs(sumRe - trace)).toBeLessThan(1e-12 * n * scale);
      expect(Math.abs(sumIm)).toBeLessThan(1e-12 * n * scale);
      expect(Math.abs(prod[0] - det(a))).toBeLessThan(1e-11 * Math.max(1, scale * n) ** n);
      expect(residual(a, r)).toBeLessThan(1e-12 * n);
      let allReal = true;
      for (let k = 0; k < n; k++) {
        if (r.values.im[k] > 0) {
          expect(r.values.im[k + 1]).toBe(-r.values.im[k]);
          expect(r.values.re[k + 1]).toBe(r.values.re[k]);
          allReal = false;
          k++;
        } else {
          expect(r.values.im[k]).toBe(0);
        }
        let len = 0;
        for (let i = 0; i < n; i++) len += r.complexVectors!.re.get(i, k) ** 2 + r.complexVectors!.im.get(i, k) ** 2;
        expect(Math.abs(len - 1)).toBeLessThan(1e-14);
      }
      expect(r.vectors === undefined).toBe(!allReal);
    }), { numRuns: 300 });
  });
});

describe('eig: errors', () => {
  it('ShapeError for non-square', () => {
    expect(() => eig([[1, 2, 3], [4, 5, 6]])).toThrow(ShapeError);
    expect(() => eig([[1, 2, 3], [4, 5, 6]])).toThrow('eig: A must be square; got 2×3');
  });

  it('NonFiniteError for NaN/Inf', () => {
    expect(() => eig([[1, NaN], [0, 1]])).toThrow(NonFiniteError);
    expect(() => eig([[1, 0], [Infinity, 1]])).toThrow('eig: A must be finite; entry (1, 0) is Infinity');
  });

  it('ConvergenceError past the sweep cap; OptionError for bad options', () => {
    const A = [[1, 2, 3], [4, 5, 6], [7, 8, 10]];
    expect(() => eig(A, { maxIter: 1 })).toThrow(ConvergenceError);
    expect(() => eig(A, { maxIter: 1 })).toThrow(/eig: the QR iteration did not converge for eigenvalue 2 after 1 sweeps/);
    expect(() => eig(A, { maxIter: 0 })).toThrow("option 'maxIter' must be an integer ≥ 1; got 0");
    expect(() => eig(A, { vectors: 'yes' as unknown as boolean })).toThrow(OptionError);
  });
});

describe('powerIteration', () => {
  it('[[2, 1], [1, 2]] → 3 with (1, 1)/√2 (doc example)', () => {
    const r = powerIteration([[2, 1], [1, 2]]);
    expect(r.converged).toBe(true);
    expect(r.value).toBeCloseTo(3, 12);
    expect(r.vector[0]).toBeCloseTo(Math.SQRT1_2, 9);
    expect(r.vector[1]).toBeCloseTo(Math.SQRT1_2, 9);
  });

  it("the course's PageRank matrix: eigenvalue 1, vector ∝ [16, 16/3, 40, 76/3, 0, 40/3]", () => {
    const L = [
      [0, 1 / 2, 1 / 3, 0, 0, 0], [1 / 3, 0, 0, 0, 1 / 2, 0], [1 / 3, 1 / 2, 0, 1, 0, 1 / 2],
      [1 / 3, 0, 1 / 3, 0, 1 / 2, 1 / 2], [0, 0, 0, 0, 0, 0], [0, 0, 1 / 3, 0, 0, 0],
    ];
    const r = powerIteration(L, { x0: [1, 1, 1, 1, 1, 1] });
    expect(r.converged).toBe(true);
    expect(r.value).toBeCloseTo(1, 10);
    const want = [16, 16 / 3, 40, 76 / 3, 0, 40 / 3];
    const len = Math.hypot(...want);
    want.forEach((w, i) => expect(Math.abs(r.vector[i] - w / len)).toBeLessThan(1e-9));
    // |λ₂| = 0.6222 (numpy): about log(1e-10)/log(0.6222) ≈ 50 products.
    expect(r.iterations).toBeGreaterThan(20);
    expect(r.iterations).toBeLessThan(80);
  });

  it('a negative dominant eigenvalue; sign fixed so the largest entry is positive', () => {
    const r = powerIteration([[-3, 0], [0, 1]], { x0: [-1, 1] });
    expect(r.converged).toBe(true);
    expect(r.value).toBeCloseTo(-3, 12);
    expect(r.vector[0]).toBeCloseTo(1, 10);
  });

  it('agrees with eig on random positive matrices (Perron root)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 8 }).chain((n) =>
      fc.array(fc.double({ min: 0.1, max: 1, noNaN: true }), { minLength: n * n, maxLength: n * n })
        .map((xs) => new Matrix(n, n, Float64Array.from(xs)))), (a) => {
      const p = powerIteration(a, { seed: 3 });
      expect(p.converged).toBe(true);
      const top = Math.max(...eig(a).values.re);
      expect(Math.abs(p.value - top)).toBeLessThan(1e-9 * top);
    }), { numRuns: 100 });
  });

  it('does not converge when two eigenvalues share the largest modulus: converged false at maxIter', () => {
    const r = powerIteration([[0, 1], [1, 0]], { maxIter: 50 });
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(50);
  });

  it('a zero product ends at once with value 0; the seed makes the default start reproducible', () => {
    const z = powerIteration([[0, 0], [0, 0]]);
    expect(z).toMatchObject({ value: 0, iterations: 1, converged: true });
    const a = [[4, 1, 0], [1, 3, 1], [0, 1, 2]];
    expect(Array.from(powerIteration(a, { seed: 9 }).vector)).toEqual(Array.from(powerIteration(a, { seed: 9 }).vector));
  });

  it('errors: shapes, non-finite input, bad options', () => {
    expect(() => powerIteration([[1, 2]])).toThrow('powerIteration: A must be square and non-empty; got 1×2');
    expect(() => powerIteration([[NaN]])).toThrow(NonFiniteError);
    expect(() => powerIteration([[1]], { tol: 0 })).toThrow("option 'tol' must be > 0; got 0");
    expect(() => powerIteration([[1]], { maxIter: 0 })).toThrow(OptionError);
    expect(() => powerIteration([[1, 0], [0, 1]], { x0: [1] })).toThrow('powerIteration: x0 has length 1; A is 2×2');
    expect(() => powerIteration([[1, 0], [0, 1]], { x0: [0, 0] })).toThrow("option 'x0' must be a non-zero vector");
    expect(() => powerIteration([[1, 0], [0, 1]], { x0: [NaN, 1] })).toThrow("option 'x0' must be a finite vector");
  });
});
