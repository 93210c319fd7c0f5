/**
 * getrf on every backend that implements it: scipy.linalg.lu_factor literals, LAPACK's
 * residual ‖P·A − L·U‖₁ / (‖A‖₁·max(m, n)·ε) < 10 on the test catalogue, zero pivots (info,
 * no NaN), zero sizes, an exact property (scaled permutation matrices), native against ts,
 * and hostile arguments to the native glue.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/random.js';
import { backendsAndVariantsWith, checkLoads, tableOf } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';
import { luCatalogue, luResidual, randomMatrix } from '../helpers/lapack.js';

/** The course's 4×4 (needs a row swap at the first pivot). */
const A4 = [0, 7, -5, 3, 2, 8, 0, 4, 3, 12, 0, 5, 1, 3, 1, 3];
/** A 3×5 matrix (wide); its transpose is the tall case. */
const R = [1.5, -0.3, 2.2, 0.7, -1.1, 0.4, 3.1, -0.9, 1.2, 0.5, -2.0, 0.8, 1.7, -0.6, 2.4];
const RT = Array.from({ length: 15 }, (_, i) => R[(i % 3) * 5 + Math.floor(i / 3)]);

describe.each(backendsAndVariantsWith('getrf'))('getrf on $name', (backend) => {
  const { name, available } = backend;
  checkLoads(backend);
  const run = it.runIf(available);

  run('matches scipy.linalg.lu_factor (pivots exactly, factors to 1e-14 relative)', () => {
    const { getrf } = tableOf(name);
    const cases: [number, number, number[], number[], number[]][] = [
      [4, 4, A4, [3, 12, 0, 5, 0, 7, -5, 3, 0.3333333333333333, -0.14285714285714285, 0.2857142857142858, 1.761904761904762,
        0.6666666666666666, 0, 0, 0.666666666666667], [2, 2, 3, 3]],
      [3, 5, R, [-2.0, 0.8, 1.7, -0.6, 2.4, -0.2, 3.2600000000000002, -0.56, 1.08, 0.98, -0.75, 0.09202453987730065,
        3.5265337423312886, 0.15061349693251525, 0.609815950920245], [2, 1, 2]],
      [5, 3, RT, [2.2, -0.9, 1.7, -0.13636363636363635, 2.9772727272727275, 1.0318181818181817, 0.6818181818181818,
        0.3404580152671755, -3.5103816793893126, 0.3181818181818182, 0.49923664122137396, 0.47175227243073986, -0.5,
        0.016793893129770986, -0.9208889662071066], [2, 1, 2]],
    ];
    for (const [m, n, a, lu, piv] of cases) {
      const x = Float64Array.from(a);
      const ipiv = new Int32Array(Math.min(m, n));
      expect(getrf(m, n, x, ipiv)).toBe(0);
      expect(Array.from(ipiv)).toEqual(piv);
      expectClose(x, lu, 1e-14);
    }
  });

  run.each(luCatalogue(3).map((c) => [c.name, c] as const))('residual < 10 and |L| ≤ 1 on %s', (_, { m, n, a }) => {
    const lu = a.slice();
    const ipiv = new Int32Array(Math.min(m, n));
    tableOf(name).getrf(m, n, lu, ipiv);
    expect(lu.every(Number.isFinite)).toBe(true);
    expect(luResidual(m, n, a, lu, ipiv)).toBeLessThan(10);
    for (let i = 0; i < m; i++) for (let j = 0; j < Math.min(i, n); j++) if (!(Math.abs(lu[i * n + j]) <= 1 + 2 * Number.EPSILON)) throw new Error(`|L(${i},${j})| > 1`);
    for (let i = 0; i < ipiv.length; i++) if (!(ipiv[i] >= i && ipiv[i] < m)) throw new Error(`ipiv[${i}] = ${ipiv[i]}`);
  });

  run('an exactly zero pivot gives info = j + 1 and completes without NaN', () => {
    const { getrf } = tableOf(name);
    // Column 1 is a multiple of column 0, so after step 0 column 1 is zero below the diagonal.
    const a = Float64Array.from([1, 2, 3, 2, 4, 5, 3, 6, 7]);
    const ipiv = new Int32Array(3);
    expect(getrf(3, 3, a, ipiv)).toBe(2);
    expect(a.every(Number.isFinite)).toBe(true);
    expect(a[4]).toBe(0);
    // All zero: info 1, no interchanges, nothing written.
    const z = new Float64Array(9);
    const zp = new Int32Array(3);
    expect(getrf(3, 3, z, zp)).toBe(1);
    expect(Array.from(zp)).toEqual([0, 1, 2]);
    expect(Array.from(z)).toEqual(new Array(9).fill(0));
    // A large singular matrix (a zero column in the middle): first zero pivot reported, rest finite.
    const n = 120;
    const rng = new Rng(5);
    const s = randomMatrix(rng, n, n);
    for (let i = 0; i < n; i++) s[i * n + 70] = 0;
    const sp = new Int32Array(n);
    const lu = s.slice();
    expect(getrf(n, n, lu, sp)).toBe(71);
    expect(lu.every(Number.isFinite)).toBe(true);
    expect(luResidual(n, n, s, lu, sp)).toBeLessThan(10);
  });

  run('zero sizes return 0 and write nothing', () => {
    const { getrf } = tableOf(name);
    const a = Float64Array.from([5, 6]);
    expect(getrf(0, 0, new Float64Array(0), new Int32Array(0))).toBe(0);
    expect(getrf(0, 2, a, new Int32Array(0))).toBe(0);
    expect(getrf(2, 0, a, new Int32Array(0))).toBe(0);
    expect(Array.from(a)).toEqual([5, 6]);
    const one = Float64Array.from([-3]);
    const p = new Int32Array(1);
    expect(getrf(1, 1, one, p)).toBe(0);
    expect([one[0], p[0]]).toEqual([-3, 0]);
  });

  run('property: a permutation times diag(±2^k) factorises exactly (U = that diagonal, L = I)', () => {
    const { getrf } = tableOf(name);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }).chain((n) => fc.tuple(
          fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i), { minLength: n, maxLength: n }),
          fc.array(fc.integer({ min: -20, max: 20 }), { minLength: n, maxLength: n }),
          fc.array(fc.boolean(), { minLength: n, maxLength: n }),
        )),
        ([perm, exps, signs]) => {
          const n = perm.length;
          // Row perm[j] has its single non-zero in column j: every column's pivot is unique.
          const a = new Float64Array(n * n);
          for (let j = 0; j < n; j++) a[perm[j] * n + j] = (signs[j] ? -1 : 1) * 2 ** exps[j];
          const ipiv = new Int32Array(n);
          expect(getrf(n, n, a, ipiv)).toBe(0);
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < n; j++) {
              const want = i === j ? (signs[j] ? -1 : 1) * 2 ** exps[j] : 0;
              if (!Object.is(a[i * n + j] + 0, want)) throw new Error(`(${i},${j}) = ${a[i * n + j]}, want ${want}`);
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it.runIf(available && name !== 'ts')('agrees with the ts reference on 400×400 and 300×170 (same pivots, 1e-10 relative)', () => {
    const rng = new Rng(11);
    for (const [m, n] of [[400, 400], [300, 170], [170, 300]]) {
      const a = randomMatrix(rng, m, n);
      const [x, y] = [a.slice(), a.slice()];
      const [px, py] = [new Int32Array(Math.min(m, n)), new Int32Array(Math.min(m, n))];
      tableOf(name).getrf(m, n, x, px);
      tableOf('ts').getrf(m, n, y, py);
      expect(Array.from(px)).toEqual(Array.from(py));
      expectClose(x, y, 1e-10);
    }
  });

  it.runIf(available && name === 'native')('the glue throws TypeError/RangeError on hostile arguments, never crashes', () => {
    const k = tableOf(name) as unknown as Record<string, (...args: unknown[]) => unknown>;
    const a = new Float64Array(9);
    const ip = new Int32Array(3);
    expect(() => k.getrf(3, 3, a)).toThrow(TypeError);
    expect(() => k.getrf(3, 3, new Float32Array(9), ip)).toThrow(TypeError);
    expect(() => k.getrf(3, 3, a, new Float64Array(3))).toThrow(TypeError);
    expect(() => k.getrf(3, 3, a, new Uint32Array(3))).toThrow(TypeError);
    expect(() => k.getrf(3, 3, a, new Int32Array(2))).toThrow(RangeError);
    expect(() => k.getrf(3, 4, a, ip)).toThrow(RangeError);
    expect(() => k.getrf(-3, 3, a, ip)).toThrow(RangeError);
    expect(() => k.getrf(2 ** 40, 2 ** 40, a, ip)).toThrow(RangeError);
    expect(() => k.getrf(NaN, 3, a, ip)).toThrow(RangeError);
    expect(() => k.getrf('3', 3, a, ip)).toThrow(TypeError);
  });
});
