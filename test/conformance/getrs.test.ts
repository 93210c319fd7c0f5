/**
 * getrs on every backend that implements it: scipy.linalg.lu_solve literals (both
 * transposes), residuals on the square catalogue with many right-hand sides in one call,
 * zero sizes, native against ts, hostile arguments (pivot indices out of range) to the glue.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/random.js';
import { backendsAndVariantsWith, checkLoads, tableOf } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';
import { luCatalogue, norm1, randomMatrix } from '../helpers/lapack.js';

const A4 = [0, 7, -5, 3, 2, 8, 0, 4, 3, 12, 0, 5, 1, 3, 1, 3];

/** ‖op(A)·X − B‖₁ / (‖A‖₁·‖X‖₁·n·ε): LAPACK's solve-test ratio (dget02). */
function solveRatio(trans: 0 | 1, n: number, k: number, a: Float64Array, x: Float64Array, b: Float64Array): number {
  const r = b.slice();
  for (let i = 0; i < n; i++) for (let p = 0; p < n; p++) {
    const v = trans ? a[p * n + i] : a[i * n + p];
    for (let j = 0; j < k; j++) r[i * k + j] -= v * x[p * k + j];
  }
  return norm1(n, k, r) / (norm1(n, n, a) * norm1(n, k, x) * n * Number.EPSILON);
}

describe.each(backendsAndVariantsWith('getrs'))('getrs on $name', (backend) => {
  const { name, available } = backend;
  checkLoads(backend);
  const run = it.runIf(available);

  run('matches scipy.linalg.lu_solve, trans 0 and 1 (1e-14 relative)', () => {
    const { getrf, getrs } = tableOf(name);
    const lu = Float64Array.from(A4);
    const ipiv = new Int32Array(4);
    getrf(4, 4, lu, ipiv);
    const x = Float64Array.from([1, -2, 0.5, 3]);
    getrs(0, 4, 1, lu, ipiv, x);
    expectClose(x, [-91.99999999999996, 24.499999999999993, 31.99999999999999, -3.4999999999999987], 1e-14);
    const y = Float64Array.from([1, -2, 0.5, 3]);
    getrs(1, 4, 1, lu, ipiv, y);
    expectClose(y, [-2.749999999999999, 40.87499999999997, -22.499999999999982, -13.249999999999995], 1e-14);
  });

  run.each(luCatalogue(4).filter((c) => c.m === c.n && !c.name.startsWith('rank')).map((c) => [c.name, c] as const))(
    'solve ratio < 10 on %s, 1 and 37 right-hand sides, both transposes', (_, { n, a }) => {
      const { getrf, getrs } = tableOf(name);
      const lu = a.slice();
      const ipiv = new Int32Array(n);
      getrf(n, n, lu, ipiv);
      const rng = new Rng(n);
      for (const k of [1, 37]) {
        for (const trans of [0, 1] as const) {
          const b = randomMatrix(rng, n, k);
          const x = b.slice();
          getrs(trans, n, k, lu, ipiv, x);
          expect(solveRatio(trans, n, k, a, x, b)).toBeLessThan(10);
        }
      }
    });

  run('zero sizes do nothing; lu and ipiv are not written', () => {
    const { getrs } = tableOf(name);
    const b = Float64Array.from([1, 2]);
    getrs(0, 0, 2, new Float64Array(0), new Int32Array(0), b);
    getrs(0, 2, 0, Float64Array.from([1, 0, 0, 1]), Int32Array.from([0, 1]), new Float64Array(0));
    expect(Array.from(b)).toEqual([1, 2]);
    const lu = Float64Array.from([2, 1, 0.5, 3]);
    const ipiv = Int32Array.from([1, 1]);
    getrs(0, 2, 1, lu, ipiv, b);
    expect(Array.from(lu)).toEqual([2, 1, 0.5, 3]);
    expect(Array.from(ipiv)).toEqual([1, 1]);
  });

  it.runIf(available && name !== 'ts')('agrees with the ts reference (300×300, 64 right-hand sides, 1e-11 relative)', () => {
    const rng = new Rng(8);
    const n = 300;
    const lu = randomMatrix(rng, n, n);
    const ipiv = new Int32Array(n);
    tableOf('ts').getrf(n, n, lu, ipiv);
    for (const trans of [0, 1] as const) {
      const b = randomMatrix(rng, n, 64);
      const [x, y] = [b.slice(), b.slice()];
      tableOf(name).getrs(trans, n, 64, lu, ipiv, x);
      tableOf('ts').getrs(trans, n, 64, lu, ipiv, y);
      expectClose(x, y, 1e-11);
    }
  });

  it.runIf(available && name === 'native')('the glue throws TypeError/RangeError on hostile arguments, never crashes', () => {
    const k = tableOf(name) as unknown as Record<string, (...args: unknown[]) => unknown>;
    const lu = Float64Array.from([1, 0, 0, 1]);
    const b = new Float64Array(2);
    expect(() => k.getrs(0, 2, 1, lu, Int32Array.from([0, 1]))).toThrow(TypeError);
    expect(() => k.getrs(0, 2, 1, lu, [0, 1], b)).toThrow(TypeError);
    expect(() => k.getrs(0, 2, 1, lu, Int32Array.from([0]), b)).toThrow(RangeError);
    expect(() => k.getrs(0, 2, 1, lu, Int32Array.from([0, 2]), b)).toThrow(RangeError);
    expect(() => k.getrs(0, 2, 1, lu, Int32Array.from([-1, 1]), b)).toThrow(RangeError);
    expect(() => k.getrs(0, 2, 1, lu.subarray(0, 3), Int32Array.from([0, 1]), b)).toThrow(RangeError);
    expect(() => k.getrs(0, 2, 2, lu, Int32Array.from([0, 1]), b)).toThrow(RangeError);
    expect(() => k.getrs(2, 2, 1, lu, Int32Array.from([0, 1]), b)).toThrow(RangeError);
  });
});
