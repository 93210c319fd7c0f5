import { describe, expect, it } from 'vitest';
import { Matrix, NonFiniteError, ShapeError, eye, matrix, zeros, transpose } from '../src/entry/node.js';

describe('Matrix', () => {
  it('wraps a Float64Array without copying', () => {
    const data = new Float64Array([1, 2, 3, 4, 5, 6]);
    const m = new Matrix(2, 3, data);
    expect(m.data).toBe(data);
    expect(m.shape).toEqual([2, 3]);
    expect(m.get(1, 2)).toBe(6);
  });

  it('get refuses an index outside the shape (no undefined, no wrap-around into the next row)', () => {
    const m = new Matrix(2, 3, new Float64Array(6));
    for (const [i, j] of [[2, 0], [0, 3], [-1, 0], [0, -1], [0.5, 0], [NaN, 0], [1, Infinity]]) {
      expect(() => m.get(i, j)).toThrow(ShapeError);
    }
    expect(() => m.get(5, 0)).toThrow(/index \(5, 0\) is outside the 2×3 matrix/);
    expect(() => m.get(0, 4)).toThrow(ShapeError); // would read element (1, 1) without the check
  });

  it('rejects data of the wrong length or type, and bad dimensions', () => {
    expect(() => new Matrix(2, 2, new Float64Array(3))).toThrow(/3 entries; a 2×2 matrix needs 4/);
    expect(() => new Matrix(2, 2, [1, 2, 3, 4] as unknown as Float64Array)).toThrow(ShapeError);
    expect(() => new Matrix(-1, 2)).toThrow(/rows must be a non-negative integer; got -1/);
    expect(() => new Matrix(1.5, 2)).toThrow(ShapeError);
  });

  it('matrix() copies nested arrays, Matrix.from copies a matrix', () => {
    const rows = [[1, 2], [3, 4]];
    const m = matrix(rows);
    rows[0][0] = 99;
    expect(m.toArray()).toEqual([[1, 2], [3, 4]]);
    const c = Matrix.from(m);
    c.data[0] = 7;
    expect(m.get(0, 0)).toBe(1);
    expect(Matrix.from([[5]]).toArray()).toEqual([[5]]);
  });

  it('accepts typed-array rows and empty shapes', () => {
    expect(matrix([new Float64Array([1, 2]), new Float64Array([3, 4])]).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(matrix([]).shape).toEqual([0, 0]);
    expect(matrix([[], []]).shape).toEqual([2, 0]);
  });

  it('names the ragged row and the non-number position', () => {
    expect(() => matrix([[1, 2], [3]])).toThrow(/row 1 has 1 entries but row 0 has 2/);
    let caught: unknown;
    try {
      matrix([[1, 2], [3, 'x' as unknown as number]]);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(NonFiniteError);
    expect((caught as NonFiniteError).position).toEqual([1, 1]);
    expect(() => matrix('abc' as unknown as number[][])).toThrow(/array of rows; got "abc"/);
    expect(() => matrix([1, 2] as unknown as number[][])).toThrow(/row 0 must be an array of numbers; got 1/);
  });

  it('keeps NaN and Inf (IEEE policy for construction)', () => {
    const m = matrix([[NaN, Infinity]]);
    expect(Number.isNaN(m.get(0, 0))).toBe(true);
    expect(m.get(0, 1)).toBe(Infinity);
  });

  it('zeros, eye, transpose', () => {
    expect(zeros(2, 3).toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(eye(3).toArray()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    expect(eye(0).shape).toEqual([0, 0]);
    expect(transpose([[1, 2, 3], [4, 5, 6]]).toArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(transpose(zeros(0, 3)).shape).toEqual([3, 0]);
  });

  it('transposes across tile edges', () => {
    const m = new Matrix(70, 45);
    m.data.forEach((_, i) => (m.data[i] = i));
    const t = transpose(m);
    for (let i = 0; i < 70; i++) for (let j = 0; j < 45; j++) expect(t.get(j, i)).toBe(m.get(i, j));
  });
});
