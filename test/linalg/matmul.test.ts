import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Matrix, ShapeError, add, backends, dot, lastDispatch, matmul, matrix, norm, outer, scale, sub,
  transpose, withBackend,
} from '../../src/entry/node.js';

const available = backends().filter((b) => b.available).map((b) => b.name);

/** Small integer matrices: every product is exact in float64, so identities hold exactly. */
const intMatrix = (rows: number, cols: number) =>
  fc.array(fc.integer({ min: -50, max: 50 }), { minLength: rows * cols, maxLength: rows * cols })
    .map((xs) => new Matrix(rows, cols, Float64Array.from(xs)));

const dims = fc.integer({ min: 0, max: 9 });

describe('matmul (facade)', () => {
  it('reproduces a numpy product', () => {
    for (const name of available) {
      const c = withBackend(name, () => matmul([[1.5, -2, 0.25, 3], [0, 1, -1, 2], [4, 0.5, 2, -3]], [[2, -1], [0.5, 3], [-4, 1.25], [1, 0]]));
      expect(c.toArray()).toEqual([[4, -7.1875], [6.5, 1.75], [-2.75, 0]]);
      expect(lastDispatch()).toEqual({ kernel: 'gemm', backend: name });
    }
  });

  it('an output big enough to be left unzeroed (Node) is written whole on every backend; depth 0 gives zeros', () => {
    // Small integers: every entry is exact, so any entry a kernel left unwritten would show
    // (memory that was never zeroed, from freed buffers of nonzero values like this one).
    const n = 300;
    const a = new Matrix(n, 4, Float64Array.from({ length: 4 * n }, (_, i) => (i % 7) - 3));
    const b = new Matrix(4, n, Float64Array.from({ length: 4 * n }, (_, i) => (i % 5) - 2));
    const want = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let p = 0; p < 4; p++) want[i * n + j] += a.data[i * 4 + p] * b.data[p * n + j];
    for (let i = 0; i < 3; i++) new Float64Array(n * n).fill(12345.5); // garbage for the allocator to hand back
    for (const name of available) {
      const c = withBackend(name, () => matmul(a, b));
      expect(c.data, name).toEqual(want);
      const z = withBackend(name, () => matmul(new Matrix(n, 0), new Matrix(0, n)));
      expect(z.data.every((v) => v === 0), name).toBe(true);
    }
  });

  it('treats a right vector as a column and a left vector as a row (numpy matmul)', () => {
    expect(Array.from(matmul([[1, 2], [3, 4]], [1, 1]))).toEqual([3, 7]);
    expect(Array.from(matmul([1, 1], [[1, 2], [3, 4]]))).toEqual([4, 6]);
    expect(() => matmul([1, 2] as number[], [3, 4] as number[] as unknown as number[][])).toThrow(/both operands are vectors/);
  });

  it('names both shapes when inner dimensions differ', () => {
    const err = (() => {
      try {
        matmul([[1, 2, 3]], [[1, 2]]);
      } catch (e) {
        return e as ShapeError;
      }
    })();
    expect(err).toBeInstanceOf(ShapeError);
    expect(err!.message).toMatch(/A is 1×3 and B is 1×2.*3 ≠ 1/);
    expect(err!.shapes).toEqual([[1, 3], [1, 2]]);
  });

  it('handles empty inner and outer dimensions', () => {
    expect(matmul(new Matrix(2, 0), new Matrix(0, 3)).toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(matmul(new Matrix(0, 4), new Matrix(4, 2)).shape).toEqual([0, 2]);
  });

  it('does not mutate its inputs', () => {
    const a = matrix([[1, 2], [3, 4]]);
    const b = matrix([[5, 6], [7, 8]]);
    matmul(a, b);
    expect(a.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(b.toArray()).toEqual([[5, 6], [7, 8]]);
  });

  it('property: (AB)ᵀ = BᵀAᵀ, A(B + C) = AB + AC and (AB)C = A(BC), exactly on integers, every backend', () => {
    for (const name of available) {
      withBackend(name, () =>
        fc.assert(
          fc.property(
            dims.chain((m) => dims.chain((k) => dims.chain((n) => dims.chain((p) =>
              fc.tuple(intMatrix(m, k), intMatrix(k, n), intMatrix(k, n), intMatrix(n, p)))))),
            ([a, b, c, d]) => {
              expect(transpose(matmul(a, b)).data).toEqual(matmul(transpose(b), transpose(a)).data);
              expect(matmul(a, add(b, c)).data).toEqual(add(matmul(a, b), matmul(a, c)).data);
              expect(matmul(matmul(a, b), d).data).toEqual(matmul(a, matmul(b, d)).data);
            },
          ),
          { numRuns: 60 },
        ),
      );
    }
  });
});

describe('element-wise and vector helpers', () => {
  it('add, sub, scale on matrices and vectors', () => {
    expect(add([[1, 2]], [[10, 20]]).toArray()).toEqual([[11, 22]]);
    expect(Array.from(sub([1, 2], [1, 1]))).toEqual([0, 1]);
    expect(scale([[1, 2]], 3).toArray()).toEqual([[3, 6]]);
    expect(Array.from(scale([1, -2], 0.5))).toEqual([0.5, -1]);
    expect(() => add([[1, 2]], [[1], [2]])).toThrow(/shapes differ, 1×2 vs 2×1/);
    expect(() => add([1, 2], [1])).toThrow(/lengths differ, 2 vs 1/);
  });

  it('dot, outer, and an overflow-safe norm', () => {
    expect(dot([1, 2, 3], [4, 5, 6])).toBe(32);
    expect(outer([1, 2], [3, 4]).toArray()).toEqual([[3, 4], [6, 8]]);
    expect(norm([3, 4])).toBe(5);
    expect(norm([3e200, 4e200])).toBeCloseTo(5e200, -190);
    expect(norm([3e-200, 4e-200]) / 5e-200).toBeCloseTo(1, 14);
    expect(norm([[1, 2], [2, 4]])).toBe(5);
    expect(norm([])).toBe(0);
    expect(Number.isNaN(norm([1, NaN]))).toBe(true);
    expect(() => dot([1], [1, 2])).toThrow(ShapeError);
  });
});
