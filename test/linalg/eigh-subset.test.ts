import { describe, expect, it } from 'vitest';
import { Matrix, OptionError, backends, eigh, lastDispatch, withBackend } from '../../src/entry/node.js';
import { A4, A4_VALUES, A4_VECTORS } from '../fixtures/eigh-a4.js';
import { expectClose } from '../helpers/close.js';
import { randomSymmetric as symmetricArray } from '../helpers/sym-eig.js';

const available = backends().filter((b) => b.available).map((b) => b.name);

const randomSymmetric = (n: number, seed: number): Matrix => new Matrix(n, n, symmetricArray(n, seed));

/** Columns il..iu of a row-major n × n matrix. */
function columns(m: Matrix, il: number, iu: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < m.rows; i++) for (let j = il; j <= iu; j++) out.push(m.data[i * m.cols + j]);
  return out;
}

describe('eigh subsetByIndex (scipy subset_by_index)', () => {
  it.each(available)('numpy literals on %s: each single index and ranges of A4', (name) => {
    for (const [il, iu] of [[0, 0], [1, 2], [3, 3], [0, 3], [2, 3]] as const) {
      const { values, vectors } = withBackend(name, () => eigh(A4, { subsetByIndex: [il, iu] }));
      if (name !== 'wasm') expect(lastDispatch()).toEqual({ kernel: 'symEigRange', backend: name });
      expectClose(values, A4_VALUES.slice(il, iu + 1), 1e-13);
      expect(vectors!.rows).toBe(4);
      expect(vectors!.cols).toBe(iu - il + 1);
      expectClose(vectors!.data, A4_VECTORS.flatMap((row) => row.slice(il, iu + 1)), 1e-13);
    }
  });

  it.each(available)('same values and (sign-fixed) vectors as the full decomposition on %s, n = 120', (name) => {
    const a = randomSymmetric(120, 5);
    const full = withBackend(name, () => eigh(a));
    for (const [il, iu] of [[110, 119], [0, 9], [40, 70]] as const) {
      const sub = withBackend(name, () => eigh(a, { subsetByIndex: [il, iu] }));
      expectClose(sub.values, full.values.slice(il, iu + 1), 1e-12);
      expectClose(sub.vectors!.data, columns(full.vectors!, il, iu), 1e-9);
      const valuesOnly = withBackend(name, () => eigh(a, { subsetByIndex: [il, iu], vectors: false }));
      expect(valuesOnly.vectors).toBeUndefined();
      expectClose(valuesOnly.values, full.values.slice(il, iu + 1), 1e-12);
    }
  });

  it('refuses ranges that are not [il, iu] with 0 ≤ il ≤ iu < n (OptionError)', () => {
    const bad: unknown[] = [[2, 1], [-1, 0], [0, 4], [0.5, 1], [0, Number.NaN], [1], [0, 1, 2], '0,1', null, { 0: 0, 1: 1 }, 3];
    for (const subsetByIndex of bad) {
      expect(() => eigh(A4, { subsetByIndex } as never)).toThrow(OptionError);
    }
    expect(() => eigh([], { subsetByIndex: [0, 0] })).toThrow(OptionError);
    expect(() => eigh(A4, { subsetByIndex: [0, 0], vectors: 1 } as never)).toThrow(OptionError);
  });
});
