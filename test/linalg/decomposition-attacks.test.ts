/**
 * The decompositions' public functions attacked as a hostile user would: misspelt options,
 * forged matrices, non-finite entries where only one triangle is read, degenerate shapes —
 * on every backend, each giving the same typed error (or the same answer).
 */
import { describe, expect, it } from 'vitest';
import {
  Matrix, NonFiniteError, OptionError, ShapeError, cholesky, eigh, inv, isSingular, lu, matrix, pinv, qr, rank,
  rowEchelon, solve, svd, withBackend,
} from '../../src/entry/node.js';
import { BACKENDS } from '../helpers/backends.js';

const A = [[4, 2], [2, 3]];
const available = BACKENDS.filter((b) => b.available).map((b) => b.name);

describe.each(available)('decomposition attacks on %s', (backend) => {
  const on = <T>(f: () => T): T => withBackend(backend, f);

  it("refuses misspelt options instead of silently using the default (numpy's names included)", () => {
    const cases: [string, () => unknown][] = [
      ['svd: full_matrices', () => svd(A, { full_matrices: true } as never)],
      ['svd: compute_uv', () => svd(A, { compute_uv: false } as never)],
      ['pinv: rtol', () => pinv(A, { rtol: 1e-3 } as never)],
      ['eigh: subset_by_index', () => eigh(A, { subset_by_index: [1, 1] } as never)],
      ['eigh: UPLO', () => eigh(A, { UPLO: 'U' } as never)],
      ['qr: modes', () => qr(A, { modes: 'complete' } as never)],
      ['inv: rcond', () => inv(A, { rcond: 1e-3 } as never)],
      ['solve: assume_a', () => solve(A, [1, 1], { assume_a: 'pos' } as never)],
      ['rank: tolerance', () => rank(A, { tolerance: 1 } as never)],
      ['isSingular: tolerance', () => isSingular(A, { tolerance: 1 } as never)],
      ['rowEchelon: method', () => rowEchelon(A, { method: 'row-addition' } as never)],
    ];
    for (const [option, call] of cases) {
      let err: unknown;
      try {
        on(call);
      } catch (e) {
        err = e;
      }
      expect(err, option).toBeInstanceOf(OptionError);
      // The naming rule (errors.ts): `option` is the key as written, `fn` the function.
      expect(`${(err as OptionError).fn}: ${(err as OptionError).option}`).toBe(option);
      expect((err as Error).message).toMatch(/unknown option/);
    }
  });

  it('still takes every documented option', () => {
    expect(on(() => svd(A, { vectors: true, full: true, maxSweeps: 30 })).s.length).toBe(2);
    expect(on(() => eigh(A, { vectors: false, subsetByIndex: [1, 1] })).values.length).toBe(1);
    expect(on(() => qr(A, { mode: 'complete' })).q.rows).toBe(2);
    expect(on(() => rank(A, { rtol: 1e-10 }))).toBe(2);
    expect(on(() => isSingular(A, { tol: 0, strategy: 'row-addition' }))).toBe(false);
    expect(on(() => inv(A, { tol: 0 })).rows).toBe(2);
  });

  it('reads only the lower triangle in cholesky, but still refuses NaN/Inf anywhere in A', () => {
    expect(() => on(() => cholesky([[4, NaN], [2, 3]]))).toThrow(NonFiniteError);
    expect(() => on(() => cholesky([[4, 2], [Infinity, 3]]))).toThrow(NonFiniteError);
    // A finite but asymmetric upper triangle is ignored, as numpy does.
    expect(on(() => cholesky([[4, 99], [2, 3]])).toArray()).toEqual(on(() => cholesky(A)).toArray());
  });

  it('turns forged matrices into ShapeError, never a wrong answer or a crash', () => {
    const short = new Matrix(2, 2, new Float64Array(4));
    (short as { data: Float64Array }).data = new Float64Array(3); // data reassigned after construction
    const calls: (() => unknown)[] = [() => lu(short), () => cholesky(short), () => svd(short), () => qr(short), () => eigh(short), () => solve(short, [1, 1])];
    for (const call of calls) expect(() => on(call)).toThrow(ShapeError);
    // A resizable buffer shrunk after the Matrix was made (the view then holds fewer entries).
    // (ES2024 resizable buffers: typed through a cast, the tsconfig's lib predates them.)
    const Resizable = ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void };
    const buffer = new Resizable(4 * 8, { maxByteLength: 4 * 8 });
    const shrunk = new Matrix(2, 2, new Float64Array(buffer).fill(1));
    buffer.resize(8);
    expect(() => on(() => cholesky(shrunk))).toThrow(ShapeError);
    expect(() => on(() => svd(shrunk))).toThrow(ShapeError);
    // Dimensions forged far past the data: a ShapeError, not a giant allocation.
    const huge = matrix(A);
    Object.assign(huge, { rows: 1e6, cols: 1e6 });
    expect(() => on(() => inv(huge))).toThrow(ShapeError);
    const tall = matrix(A);
    (tall as { rows: number }).rows = 1000; // claims more rows than it holds
    expect(() => on(() => inv(tall))).toThrow(ShapeError);
    expect(() => on(() => cholesky(tall))).toThrow(ShapeError);
  });

  it('handles empty and one-element shapes the same way everywhere', () => {
    expect(on(() => lu(new Matrix(0, 3))).u.shape).toEqual([0, 3]);
    expect(on(() => lu(new Matrix(3, 0))).p.shape).toEqual([3, 3]);
    expect(on(() => cholesky(new Matrix(0, 0))).shape).toEqual([0, 0]);
    expect(on(() => cholesky([[9]])).toArray()).toEqual([[3]]);
    expect(on(() => svd(new Matrix(0, 4), { full: true })).vt.shape).toEqual([4, 4]);
    expect(on(() => eigh([[5]], { subsetByIndex: [0, 0] })).values[0]).toBe(5);
  });

  it('solve (one gesv call): a NaN/±Inf in A is named by its entry, before anything about b; a singular A is refused', () => {
    const n = 60; // past every backend's small-size crossover, so the backend's own gesv runs
    const a = matrix(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 4 : 1 / (1 + i + j)))));
    const ones = new Float64Array(n).fill(1);
    for (const [at, bad] of [[n * n - 1, NaN], [0, Infinity], [n + 7, -Infinity]] as const) {
      const hostile = new Matrix(n, n, a.data.slice());
      hostile.data[at] = bad;
      const entry = `entry (${Math.floor(at / n)}, ${at % n}) is ${bad}`;
      expect(() => on(() => solve(hostile, ones))).toThrow(NonFiniteError);
      expect(() => on(() => solve(hostile, ones))).toThrow(entry);
      // A wrong b too: A's entry is still what is reported.
      expect(() => on(() => solve(hostile, new Float64Array(n - 1)))).toThrow(entry);
    }
    expect(() => on(() => solve(a, new Float64Array(n - 1)))).toThrow(ShapeError);
    const singular = new Matrix(n, n, a.data.slice());
    singular.data.set(singular.data.subarray(0, n), n); // row 1 = row 0
    expect(() => on(() => solve(singular, ones))).toThrow(/singular/);
    const x = on(() => solve(a, ones));
    const want = withBackend('ts', () => solve(a, ones));
    for (let i = 0; i < n; i++) expect(x[i]).toBeCloseTo(want[i]!, 12);
  });
});
