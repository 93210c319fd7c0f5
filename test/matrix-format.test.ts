/**
 * How a Matrix prints (issue #13): `String(m)` and `console.log(m)` show the values the way
 * numpy prints an array — aligned columns, at most 8 decimals, numpy's switch to scientific
 * notation, and only the corners past 1000 entries. Expected texts follow numpy 2.4's `str()`
 * of the same arrays (with commas between entries, and integers without numpy's trailing '.').
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Matrix, eye, matrix, zeros } from '../src/entry/node.js';

describe('String(matrix) and console.log(matrix)', () => {
  it('aligns the decimal points of a small matrix under its shape', () => {
    expect(String(matrix([[1, 2.5], [3, 4]]))).toBe('Matrix(2×2)\n[[1  , 2.5],\n [3  , 4  ]]');
    expect(String(eye(2))).toBe('Matrix(2×2)\n[[1, 0],\n [0, 1]]');
  });

  it('keeps at most 8 decimals, as numpy (np.sin(np.arange(6)).reshape(2, 3))', () => {
    const m = new Matrix(2, 3, Float64Array.from({ length: 6 }, (_, i) => Math.sin(i)));
    expect(String(m)).toBe('Matrix(2×3)\n[[ 0         ,  0.84147098,  0.90929743],\n [ 0.14112001, -0.7568025 , -0.95892427]]');
  });

  it("switches to scientific notation on numpy's rule (max ≥ 1e8, min < 1e-4 or a span over 1e3), nan and inf by name", () => {
    expect(String(matrix([[1e-5, 2], [-3, NaN]]))).toBe('Matrix(2×2)\n[[ 1e-05,  2e+00],\n [-3e+00,    nan]]');
    expect(String(matrix([[-0, 1 / 3], [Infinity, 2e8]]))).toBe('Matrix(2×2)\n[[-0.00000000e+00,  3.33333333e-01],\n [            inf,  2.00000000e+08]]');
  });

  it('past 1000 entries shows the first and last 3 rows and columns around ...', () => {
    const m = new Matrix(1797, 64, Float64Array.from({ length: 1797 * 64 }, (_, i) => i % 17));
    const lines = String(m).split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[0]).toBe('Matrix(1797×64)');
    expect(lines[1]).toBe('[[ 0,  1,  2, ..., 10, 11, 12],');
    expect(lines[4]).toBe(' ...,');
    expect(lines[7]).toBe(' [ 7,  8,  9, ...,  0,  1,  2]]'); // numpy: [ 7  8  9 ...  0  1  2]]
    // 1000 entries exactly are all shown (numpy's threshold is "more than 1000").
    expect(String(zeros(10, 100)).split('\n')).toHaveLength(11);
  });

  it('console.log (util.inspect) prints the same text, also inside objects and arrays', () => {
    expect(inspect(eye(2))).toBe(String(eye(2)));
    expect(inspect({ m: eye(2) })).toContain('m: Matrix(2×2)\n  [[1, 0],\n   [0, 1]]');
    expect(`${zeros(0, 3)}`).toBe('Matrix(0×3) []');
  });

  it('a forged matrix whose data does not fit its shape prints without throwing', () => {
    const m = eye(2);
    Object.defineProperty(m, 'rows', { value: 5 });
    expect(String(m)).toBe('Matrix(5×2) with a Float64Array of another length');
  });
});
