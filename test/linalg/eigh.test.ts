import { describe, expect, it } from 'vitest';
import {
  Matrix, NonFiniteError, OptionError, ShapeError, backends, eigh, lastDispatch, withBackend,
} from '../../src/entry/node.js';
import { A4, A4_VALUES, A4_VECTORS } from '../fixtures/eigh-a4.js';
import { expectClose } from '../helpers/close.js';

const available = backends().filter((b) => b.available).map((b) => b.name);

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
