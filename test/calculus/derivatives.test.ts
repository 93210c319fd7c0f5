import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Matrix, NonFiniteError, OptionError, ShapeError, gradient, hessian, jacobian } from '../../src/entry/node.js';
import { expectClose } from '../helpers/close.js';

/** The course's test function (course 2). */
const q = (p: ArrayLike<number>) => (p[0] - 1) ** 2 + 2 * (p[1] + 0.5) ** 2 + p[0] * p[1];

describe('course values: q(x, y) = (x−1)² + 2(y+0.5)² + xy at (2, 1), h = 0.01', () => {
  it('gradient [3, 8]', () => {
    expectClose(gradient(q, [2, 1], { h: 0.01 }), [3, 8], 1e-12);
  });

  it('Hessian ≈ [[2, 1], [1, 4]] to 1e-8', () => {
    const h = hessian(q, [2, 1], { h: 0.01 });
    expect(h.shape).toEqual([2, 2]);
    h.data.forEach((v, k) => expect(Math.abs(v - [2, 1, 1, 4][k])).toBeLessThan(1e-8));
  });

  it('the default steps give the same values to about 1e-9', () => {
    expectClose(gradient(q, [2, 1]), [3, 8], 1e-9);
    expectClose(hessian(q, [2, 1]).data, [2, 1, 1, 4], 1e-6);
  });
});

/** f(x) = ½ xᵀAx + bᵀx + c with symmetric A: ∇f = Ax + b, ∇²f = A. */
const quadratic = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc
    .record({
      a: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: n * n, maxLength: n * n }),
      b: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: n, maxLength: n }),
      c: fc.double({ min: -3, max: 3, noNaN: true }),
      x: fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: n, maxLength: n }),
    })
    .map(({ a, b, c, x }) => {
      const A = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] = (a[i * n + j] + a[j * n + i]) / 2;
      const f = (p: Float64Array) => {
        let s = c;
        for (let i = 0; i < n; i++) {
          s += b[i] * p[i];
          for (let j = 0; j < n; j++) s += 0.5 * p[i] * A[i * n + j] * p[j];
        }
        return s;
      };
      const grad = Array.from({ length: n }, (_, i) => b[i] + x.reduce((s, xj, j) => s + A[i * n + j] * xj, 0));
      return { n, A, f, grad, x };
    }),
);

describe('properties', () => {
  it('the gradient of a random quadratic is exact to ~1e-8 (central differences have no truncation error there)', () => {
    fc.assert(
      fc.property(quadratic, ({ f, grad, x }) => {
        const g = gradient(f, x);
        const scale = Math.max(1, ...grad.map(Math.abs));
        g.forEach((v, i) => expect(Math.abs(v - grad[i]) / scale).toBeLessThan(1e-8));
      }),
    );
  });

  it('the Hessian of a random quadratic is A (to rounding), and exactly symmetric', () => {
    fc.assert(
      fc.property(quadratic, ({ n, A, f, x }) => {
        const h = hessian(f, x);
        expect(h.shape).toEqual([n, n]);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(h.get(i, j)).toBe(h.get(j, i));
        const scale = Math.max(1, ...Array.from(A, Math.abs));
        h.data.forEach((v, k) => expect(Math.abs(v - A[k]) / scale).toBeLessThan(1e-5));
      }),
    );
  });

  it('the Jacobian of a linear map x ↦ Mx + c is M (m × n)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 1000 }),
        (m, n, seed) => {
          const M = Array.from({ length: m * n }, (_, k) => Math.sin(seed + 3 * k) * 4);
          const c = Array.from({ length: m }, (_, i) => Math.cos(seed + i));
          const x = Array.from({ length: n }, (_, j) => Math.sin(seed * 7 + j) * 3);
          const f = (p: Float64Array) => c.map((ci, i) => ci + M.slice(i * n, (i + 1) * n).reduce((s, mij, j) => s + mij * p[j], 0));
          const J = jacobian(f, x);
          expect(J.shape).toEqual([m, n]);
          J.data.forEach((v, k) => expect(Math.abs(v - M[k])).toBeLessThan(1e-8));
        },
      ),
    );
  });

  it('a smooth non-polynomial function: gradient to ~1e-9, Hessian to ~1e-6 against the analytic ones', () => {
    // f = sin(x)·exp(y/2) + x²y³ at (0.7, −1.3)
    const f = ([x, y]: Float64Array) => Math.sin(x) * Math.exp(y / 2) + x * x * y ** 3;
    const [x, y] = [0.7, -1.3];
    const e = Math.exp(y / 2);
    const grad = [Math.cos(x) * e + 2 * x * y ** 3, 0.5 * Math.sin(x) * e + 3 * x * x * y * y];
    const hess = [-Math.sin(x) * e + 2 * y ** 3, 0.5 * Math.cos(x) * e + 6 * x * y * y, 0.5 * Math.cos(x) * e + 6 * x * y * y, 0.25 * Math.sin(x) * e + 6 * x * x * y];
    expectClose(gradient(f, [x, y]), grad, 1e-9);
    expectClose(hessian(f, [x, y]).data, hess, 1e-6);
    // The Jacobian of the gradient is the Hessian.
    expectClose(jacobian((p) => [Math.cos(p[0]) * Math.exp(p[1] / 2) + 2 * p[0] * p[1] ** 3, 0.5 * Math.sin(p[0]) * Math.exp(p[1] / 2) + 3 * p[0] ** 2 * p[1] ** 2], [x, y]).data, hess, 1e-9);
  });

  it('default steps scale with |x|: accurate far from the origin too', () => {
    const f = ([x]: Float64Array) => Math.log(x);
    expectClose(gradient(f, [1e6]), [1e-6], 1e-9);
    expectClose(hessian(f, [1e6]).data, [-1e-12], 1e-6);
  });

  it('a per-coordinate h is used coordinate by coordinate', () => {
    // Central differences of x³ have error exactly h²: the step of each coordinate shows.
    const f = ([x, y]: Float64Array) => x ** 3 + y ** 3;
    const g = gradient(f, [1, 1], { h: [0.1, 0.01] });
    expect(g[0]).toBeCloseTo(3 + 0.01, 12);
    expect(g[1]).toBeCloseTo(3 + 0.0001, 12);
  });

  it('jacobian accepts a scalar function (a 1 × n row, the course\'s J) and Float64Array results', () => {
    expectClose(jacobian(q, [2, 1], { h: 0.01 }).data, [3, 8], 1e-12);
    expect(jacobian(q, [2, 1]).shape).toEqual([1, 2]);
    expect(jacobian((p) => Float64Array.of(p[0], 2 * p[0]), [1]).shape).toEqual([2, 1]);
  });

  it('never mutates x, and f cannot corrupt the evaluation by writing into its argument', () => {
    const x = Float64Array.of(2, 1);
    const vandal = (p: Float64Array) => {
      const v = q(p);
      p[0] = 1e9;
      return v;
    };
    expectClose(gradient(vandal, x, { h: 0.01 }), [3, 8], 1e-12);
    expectClose(hessian(vandal, x, { h: 0.01 }).data, [2, 1, 1, 4], 1e-8);
    expect(Array.from(x)).toEqual([2, 1]);
  });

  it('n = 0 gives empty results without calling f more than needed', () => {
    expect(gradient(() => 1, []).length).toBe(0);
    expect(hessian(() => 1, []).shape).toEqual([0, 0]);
    expect(jacobian(() => [1, 2], []).shape).toEqual([2, 0]);
  });
});

describe('errors', () => {
  it('f returning NaN, ±Inf or a non-number: NonFiniteError naming the point', () => {
    const nanAt = (p: Float64Array) => (p[0] > 2 ? NaN : q(p));
    expect(() => gradient(nanAt, [2, 1], { h: 0.01 })).toThrow(NonFiniteError);
    expect(() => gradient(nanAt, [2, 1], { h: 0.01 })).toThrow(/gradient: f returned NaN at x = \[2\.01, 1\]/);
    expect(() => hessian(() => Infinity, [0])).toThrow(/hessian: f returned Infinity at x = \[/);
    expect(() => gradient((() => 'deep') as unknown as (p: Float64Array) => number, [0])).toThrow(/returned "deep"/);
    expect(() => jacobian((p) => [p[0], NaN], [1])).toThrow(/jacobian: f returned NaN at entry 1 at x = \[1\]/);
  });

  it('h ≤ 0, non-finite or too small to move x: OptionError naming h', () => {
    expect(() => gradient(q, [2, 1], { h: 0 })).toThrow(OptionError);
    expect(() => gradient(q, [2, 1], { h: 0 })).toThrow("option 'gradient: h' must be a finite number > 0; got 0");
    expect(() => hessian(q, [2, 1], { h: -0.01 })).toThrow(/'hessian: h' must be a finite number > 0; got -0.01/);
    expect(() => jacobian(q, [2, 1], { h: [0.1, NaN] })).toThrow(/'jacobian: h\[1\]' must be a finite number > 0; got NaN/);
    expect(() => gradient(q, [1e6, 1], { h: 1e-20 })).toThrow(/large enough that x\[0\] ± h differ/);
    expect(() => gradient(q, [2, 1], { h: '0.1' as unknown as number })).toThrow(OptionError);
  });

  it('h with the wrong number of entries: ShapeError with both lengths', () => {
    expect(() => gradient(q, [2, 1], { h: [0.1, 0.1, 0.1] })).toThrow(ShapeError);
    expect(() => gradient(q, [2, 1], { h: [0.1, 0.1, 0.1] })).toThrow('gradient: h has 3 entries but x has 2');
  });

  it('non-finite x: NonFiniteError with the position; f not a function: ShapeError', () => {
    expect(() => gradient(q, [2, NaN])).toThrow('gradient: x must be finite; entry 1 is NaN');
    try {
      gradient(q, [2, NaN]);
    } catch (e) {
      expect(e).toBeInstanceOf(NonFiniteError);
      expect((e as NonFiniteError).position).toEqual([1]);
    }
    expect.assertions(4);
    expect(() => hessian(undefined as unknown as (p: Float64Array) => number, [1])).toThrow(/hessian: f must be a function; got undefined/);
  });

  it('a vector function that changes length between calls: ShapeError', () => {
    expect(() => jacobian((p) => (p[0] > 1 ? [1, 2, 3] : [1, 2]), [1])).toThrow(/returned 3 values at x = \[.*\]; expected 2/);
  });

  it('results are Matrix / Float64Array', () => {
    expect(gradient(q, [2, 1])).toBeInstanceOf(Float64Array);
    expect(hessian(q, [2, 1])).toBeInstanceOf(Matrix);
    expect(jacobian(q, [2, 1])).toBeInstanceOf(Matrix);
  });
});
