/**
 * gesv (one-call solve) on every backend that implements it: the scipy literal, the same X and
 * U diagonal as that backend's getrf + getrs (the contract), residuals on the square
 * catalogue, NaN/±Inf in A reported by the return value without factorising, exact
 * singularity as a 0 on the diagonal, zero sizes, native/wasm against ts, hostile arguments
 * to the native glue.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/random.js';
import { backendsAndVariantsWith, checkLoads, tableOf } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';
import { luCatalogue, norm1, randomMatrix } from '../helpers/lapack.js';

const A4 = [0, 7, -5, 3, 2, 8, 0, 4, 3, 12, 0, 5, 1, 3, 1, 3];

/** ‖A·X − B‖₁ / (‖A‖₁·‖X‖₁·n·ε): LAPACK's solve-test ratio (dget02). */
function solveRatio(n: number, k: number, a: Float64Array, x: Float64Array, b: Float64Array): number {
  const r = b.slice();
  for (let i = 0; i < n; i++) for (let p = 0; p < n; p++) for (let j = 0; j < k; j++) r[i * k + j] -= a[i * n + p] * x[p * k + j];
  return norm1(n, k, r) / (norm1(n, n, a) * norm1(n, k, x) * n * Number.EPSILON);
}

describe.each(backendsAndVariantsWith('gesv'))('gesv on $name', (backend) => {
  const { name, available } = backend;
  checkLoads(backend);
  const run = it.runIf(available);

  run('matches scipy.linalg.solve (1e-14 relative), returns max|A|, leaves A as it was', () => {
    const a = Float64Array.from(A4);
    const x = Float64Array.from([1, -2, 0.5, 3]);
    const diag = new Float64Array(4);
    expect(tableOf(name).gesv(4, 1, a, x, diag)).toBe(12);
    expectClose(x, [-91.99999999999996, 24.499999999999993, 31.99999999999999, -3.4999999999999987], 1e-14);
    expect(Array.from(a)).toEqual(A4);
    // U's diagonal of P·A = L·U, as scipy.linalg.lu gives it (its product is ±det A = ∓4).
    expectClose(diag, [3, 7, 0.2857142857142858, 0.666666666666667], 1e-14);
  });

  run.each(luCatalogue(5).filter((c) => c.m === c.n && !c.name.startsWith('rank')).map((c) => [c.name, c] as const))(
    '%s: the X and U diagonal of getrf + getrs exactly, solve ratio < 10 (1 and 37 right-hand sides)', (_, { n, a }) => {
      const { gesv, getrf, getrs } = tableOf(name);
      const rng = new Rng(n);
      const lu = a.slice();
      const ipiv = new Int32Array(n);
      getrf(n, n, lu, ipiv);
      for (const k of [1, 37]) {
        const b = randomMatrix(rng, n, k);
        const [x, want] = [b.slice(), b.slice()];
        const diag = new Float64Array(n);
        const maxAbs = gesv(n, k, a, x, diag);
        getrs(0, n, k, lu, ipiv, want);
        expect(maxAbs).toBe(a.reduce((m, v) => Math.max(m, Math.abs(v)), 0));
        expect(Array.from(diag)).toEqual(Array.from({ length: n }, (_, i) => lu[i * n + i]));
        expect(Array.from(x)).toEqual(Array.from(want));
        expect(solveRatio(n, k, a, x, b)).toBeLessThan(10);
      }
    });

  run('NaN or ±Inf in A: returned (NaN / +Inf), no exception, A not written', () => {
    const { gesv } = tableOf(name);
    for (const [bad, want] of [[NaN, NaN], [Infinity, Infinity], [-Infinity, Infinity]] as const) {
      for (const at of [0, 5, 15]) {
        const a = Float64Array.from(A4);
        a[at] = bad;
        const before = Array.from(a);
        const r = gesv(4, 1, a, Float64Array.from([1, 2, 3, 4]), new Float64Array(4));
        expect(Object.is(r, want) || (Number.isNaN(want) && Number.isNaN(r))).toBe(true);
        expect(Array.from(a)).toEqual(before);
      }
    }
    // A NaN beside an Inf is reported as not finite either way.
    const both = Float64Array.from(A4);
    both[1] = Infinity;
    both[9] = NaN;
    expect(gesv(4, 1, both, new Float64Array(4), new Float64Array(4)) < Infinity).toBe(false);
  });

  run('an exactly singular A: a 0 on the diagonal, no exception', () => {
    const a = Float64Array.from([1, 2, 3, 2, 4, 6, 1, 0, 1]); // row 2 = 2 × row 1
    const diag = new Float64Array(3);
    expect(tableOf(name).gesv(3, 2, a, new Float64Array(6).fill(1), diag)).toBe(6);
    expect(Array.from(diag)).toContain(0);
  });

  run('zero sizes: n = 0 returns 0 and writes nothing; nrhs = 0 still reports max|A| and the diagonal', () => {
    const { gesv } = tableOf(name);
    const b = Float64Array.from([7]);
    expect(gesv(0, 1, new Float64Array(0), b, new Float64Array(0))).toBe(0);
    expect(Array.from(b)).toEqual([7]);
    const diag = new Float64Array(2);
    expect(gesv(2, 0, Float64Array.from([1, 2, -4, 3]), new Float64Array(0), diag)).toBe(4);
    expect(Array.from(diag)).toEqual([-4, 2.75]);
  });

  it.runIf(available && name !== 'ts')('agrees with the ts reference (300×300, 64 right-hand sides, 1e-11 relative)', () => {
    const rng = new Rng(9);
    const n = 300;
    const a = randomMatrix(rng, n, n);
    const b = randomMatrix(rng, n, 64);
    const [x, y] = [b.slice(), b.slice()];
    const [d1, d2] = [new Float64Array(n), new Float64Array(n)];
    expect(tableOf(name).gesv(n, 64, a, x, d1)).toBe(tableOf('ts').gesv(n, 64, a, y, d2));
    expectClose(x, y, 1e-11);
    expectClose(d1, d2, 1e-11);
  });

  it.runIf(available && name === 'native')('the glue throws TypeError/RangeError on hostile arguments, never crashes', () => {
    const k = tableOf(name) as unknown as Record<string, (...args: unknown[]) => unknown>;
    const a = Float64Array.from([1, 0, 0, 1]);
    const b = new Float64Array(2);
    const d = new Float64Array(2);
    expect(() => k.gesv(2, 1, a, b)).toThrow(TypeError);
    expect(() => k.gesv(2, 1, [1, 0, 0, 1], b, d)).toThrow(TypeError);
    expect(() => k.gesv(2, 1, a.subarray(0, 3), b, d)).toThrow(RangeError);
    expect(() => k.gesv(2, 2, a, b, d)).toThrow(RangeError);
    expect(() => k.gesv(2, 1, a, b, d.subarray(0, 1))).toThrow(RangeError);
    expect(() => k.gesv(-1, 1, a, b, d)).toThrow(RangeError);
    expect(() => k.gesv(2 ** 40, 1, a, b, d)).toThrow(RangeError);
  });
});
