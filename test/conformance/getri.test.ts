/**
 * getri on every backend that implements it: numpy.linalg.inv literals, LAPACK's inverse
 * ratios ‖A·X − I‖₁ / (‖A‖₁·‖X‖₁·n·ε) on the square catalogue, info on a zero pivot, +0 not
 * −0, native against ts, hostile arguments to the glue.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/random.js';
import { backendsAndVariantsWith, checkLoads, tableOf } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';
import { luCatalogue, norm1, randomMatrix } from '../helpers/lapack.js';

const A4 = [0, 7, -5, 3, 2, 8, 0, 4, 3, 12, 0, 5, 1, 3, 1, 3];

function inverse(name: Parameters<typeof tableOf>[0], n: number, a: Float64Array): { info: number; x: Float64Array } {
  const { getrf, getri } = tableOf(name);
  const lu = a.slice();
  const ipiv = new Int32Array(n);
  getrf(n, n, lu, ipiv);
  const lu0 = lu.slice();
  const x = new Float64Array(n * n);
  const info = getri(n, lu, ipiv, x);
  if (lu.some((v, i) => !Object.is(v, lu0[i]))) throw new Error('getri wrote lu');
  return { info, x };
}

/** ‖A·X − I‖₁ / (‖A‖₁·‖X‖₁·n·ε) (LAPACK dget03's ratio). */
function inverseRatio(n: number, a: Float64Array, x: Float64Array): number {
  const r = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    r[i * n + i] = -1;
    for (let p = 0; p < n; p++) {
      const v = a[i * n + p];
      for (let j = 0; j < n; j++) r[i * n + j] += v * x[p * n + j];
    }
  }
  return norm1(n, n, r) / (norm1(n, n, a) * norm1(n, n, x) * n * Number.EPSILON);
}

describe.each(backendsAndVariantsWith('getri'))('getri on $name', (backend) => {
  const { name, available } = backend;
  checkLoads(backend);
  const run = it.runIf(available);

  run('matches numpy.linalg.inv (1e-14 relative) and gives +0, not −0', () => {
    const { info, x } = inverse(name, 4, Float64Array.from(A4));
    expect(info).toBe(0);
    expectClose(x, [-1.9999999999999993, 26.49999999999998, -13.999999999999988, -9.999999999999995,
      0.49999999999999983, -7.249999999999995, 3.999999999999997, 2.4999999999999987,
      0.4999999999999998, -9.249999999999993, 4.999999999999996, 3.4999999999999987,
      0.0, 1.4999999999999993, -0.9999999999999996, 0.0], 1e-14);
    // A 40×40 permutation matrix: its inverse is its transpose, exactly, with +0 zeros.
    const n = 40;
    const p = new Float64Array(n * n);
    for (let i = 0; i < n; i++) p[i * n + ((i * 7 + 3) % n)] = 1;
    const { x: pinv } = inverse(name, n, p);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(Object.is(pinv[i * n + j], p[j * n + i])).toBe(true);
  });

  run.each(luCatalogue(6).filter((c) => c.m === c.n && !c.name.startsWith('rank')).map((c) => [c.name, c] as const))(
    'inverse ratio < 10 on %s', (_, { n, a }) => {
      const { info, x } = inverse(name, n, a);
      expect(info).toBe(0);
      expect(inverseRatio(n, a, x)).toBeLessThan(10);
    });

  run('returns j + 1 for an exactly zero pivot, and 0 for n = 0', () => {
    const { getri } = tableOf(name);
    expect(getri(2, Float64Array.from([2, 1, 0.5, 0]), Int32Array.from([0, 1]), new Float64Array(4))).toBe(2);
    expect(getri(0, new Float64Array(0), new Int32Array(0), new Float64Array(0))).toBe(0);
  });

  it.runIf(available && name !== 'ts')('agrees with the ts reference on 300×300 (1e-11 relative)', () => {
    const a = randomMatrix(new Rng(21), 300, 300);
    expectClose(inverse(name, 300, a).x, inverse('ts', 300, a).x, 1e-11);
  });

  it.runIf(available && name === 'native')('the glue throws TypeError/RangeError on hostile arguments, never crashes', () => {
    const k = tableOf(name) as unknown as Record<string, (...args: unknown[]) => unknown>;
    const lu = Float64Array.from([1, 0, 0, 1]);
    const ip = Int32Array.from([0, 1]);
    expect(() => k.getri(2, lu, ip)).toThrow(TypeError);
    expect(() => k.getri(2, lu, ip, new Float64Array(3))).toThrow(RangeError);
    expect(() => k.getri(2, lu, Int32Array.from([0, 5]), new Float64Array(4))).toThrow(RangeError);
    expect(() => k.getri(2, lu, Int32Array.from([0]), new Float64Array(4))).toThrow(RangeError);
    expect(() => k.getri(2, lu, ip, lu)).toThrow(RangeError); // overlap
    const buf = new Float64Array(6);
    expect(() => k.getri(2, buf.subarray(0, 4), ip, buf.subarray(2, 6))).toThrow(RangeError);
  });
});
