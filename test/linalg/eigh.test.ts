import { describe, expect, it } from 'vitest';
import {
  Matrix, NonFiniteError, OptionError, ShapeError, backends, eigh, lastDispatch, withBackend,
} from '../../src/entry/node.js';
import { expectClose } from '../helpers/close.js';

const available = backends().filter((b) => b.available).map((b) => b.name);

// numpy 2.4 np.linalg.eigh, eigenvector signs normalised (largest |entry| positive). Tolerance 1e-13.
const A4 = [[4, 1, -2, 2], [1, 2, 0, 1], [-2, 0, 3, -2], [2, 1, -2, -1]];
const A4_VALUES = [-2.1975169774394243, 1.0843644637732166, 2.2685314064312423, 6.844621107234965];
const A4_VECTORS = [
  [-0.17670517062447652, 0.6422600067660328, 0.20171109662094233, 0.7180459594506796],
  [-0.17810046990630068, -0.5441878481946866, 0.7894499124874397, 0.2211529881551807],
  [0.2876680343197011, 0.5202218509386148, 0.5796341693167879, -0.5573513771375096],
  [0.9242849167461131, -0.14398227457619123, 0.010280998686330534, 0.3533564748939929],
];

describe('eigh (facade)', () => {
  it.each(available)('reproduces numpy on %s, vectors sign-normalised', (name) => {
    const { values, vectors } = withBackend(name, () => eigh(A4));
    expect(lastDispatch()).toEqual({ kernel: 'symEig', backend: name });
    expectClose(values, A4_VALUES, 1e-13);
    expectClose(vectors!.data, A4_VECTORS.flat(), 1e-13);
    expectClose(withBackend(name, () => eigh([[2, 1], [1, 2]])).values, [1, 3], 1e-15);
  });

  it('values only: same values, no vectors', () => {
    const r = eigh(A4, { vectors: false });
    expect(r.vectors).toBeUndefined();
    expectClose(r.values, A4_VALUES, 1e-13);
  });

  it('reads only the lower triangle, as numpy (UPLO=L)', () => {
    const upperJunk = A4.map((row, i) => row.map((x, j) => (j > i ? 1e6 : x)));
    expectClose(eigh(upperJunk).values, A4_VALUES, 1e-13);
  });

  it('handles 0×0 and 1×1', () => {
    expect(eigh(new Matrix(0, 0)).values.length).toBe(0);
    const r = eigh([[-3]]);
    expect(Array.from(r.values)).toEqual([-3]);
    expect(r.vectors!.toArray()).toEqual([[1]]);
  });

  it('does not mutate its input', () => {
    const m = Matrix.from(A4);
    const copy = m.data.slice();
    eigh(m);
    expect(m.data).toEqual(copy);
  });

  it('refuses non-square, non-finite input and bad options with typed errors', () => {
    expect(() => eigh([[1, 2, 3], [4, 5, 6]])).toThrow(ShapeError);
    expect(() => eigh([[1, 2, 3], [4, 5, 6]])).toThrow(/must be square; got 2×3/);
    expect(() => eigh([[1, 0], [NaN, 1]])).toThrow(NonFiniteError);
    expect(() => eigh([[1, 0], [Infinity, 1]])).toThrow(/entry \(1, 0\) is Infinity/);
    expect(() => eigh([[1]], { vectors: 'yes' as unknown as boolean })).toThrow(OptionError);
  });
});
