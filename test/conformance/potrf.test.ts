/**
 * potrf on every backend that implements it: numpy.linalg.cholesky literals, LAPACK's
 * residual ‖A − L·Lᵀ‖₁ / (‖A‖₁·n·ε) < 10 on SPD matrices (random, graded, Hilbert 12, across
 * the recursion's leaf size), only the lower triangle read and the upper zeroed, info on
 * matrices that are not positive definite, native against ts, hostile arguments to the glue.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/random.js';
import { backendsAndVariantsWith, checkLoads, tableOf } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';
import { hilbert, norm1, randomMatrix } from '../helpers/lapack.js';

/** B·Bᵀ + shift·I (SPD), with junk (1e300 and NaN) in the strict upper triangle the kernel must not read. */
function spd(rng: Rng, n: number, shift: number, junkUpper = true): { a: Float64Array; sym: Float64Array } {
  const b = randomMatrix(rng, n, n);
  const sym = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) {
    let s = i === j ? shift : 0;
    for (let p = 0; p < n; p++) s += b[i * n + p] * b[j * n + p];
    sym[i * n + j] = s;
    sym[j * n + i] = s;
  }
  const a = sym.slice();
  if (junkUpper) for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[i * n + j] = (i + j) % 2 ? NaN : 1e300;
  return { a, sym };
}

/** ‖A − L·Lᵀ‖₁ / (‖A‖₁·n·ε), and checks L is lower with a positive diagonal. */
function cholRatio(n: number, sym: Float64Array, l: Float64Array): number {
  const r = sym.slice();
  for (let i = 0; i < n; i++) {
    if (!(l[i * n + i] > 0)) throw new Error(`L(${i},${i}) = ${l[i * n + i]}`);
    for (let j = i + 1; j < n; j++) if (!Object.is(l[i * n + j], 0)) throw new Error(`upper (${i},${j}) = ${l[i * n + j]}`);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p <= Math.min(i, j); p++) s += l[i * n + p] * l[j * n + p];
      r[i * n + j] -= s;
    }
  }
  return norm1(n, n, r) / (norm1(n, n, sym) * n * Number.EPSILON);
}

describe.each(backendsAndVariantsWith('potrf'))('potrf on $name', (backend) => {
  const { name, available } = backend;
  checkLoads(backend);
  const run = it.runIf(available);

  run('matches numpy.linalg.cholesky (1e-15 relative)', () => {
    const a = Float64Array.from([4, 99, 99, 99, 2, 5, 99, 99, -2, 0, 6, 99, 1, -1, 2, 7]);
    expect(tableOf(name).potrf(4, a)).toBe(0);
    expectClose(a, [2, 0, 0, 0, 1, 2, 0, 0, -1, 0.5, 2.179449471770337, 0, 0.5, -0.75, 1.31914046975573, 2.108878474699913], 1e-15);
  });

  run('residual < 10 on SPD matrices: random (1..200, across the 32-row leaf), graded, Hilbert 12', () => {
    const { potrf } = tableOf(name);
    const rng = new Rng(9);
    for (const n of [1, 2, 31, 32, 33, 64, 65, 200]) {
      const { a, sym } = spd(rng, n, 0.1);
      expect(potrf(n, a)).toBe(0);
      expect(cholRatio(n, sym, a)).toBeLessThan(10);
    }
    // Graded: D·S·D with D from 1 to 1e-8.
    const n = 90;
    const { sym } = spd(rng, n, 1, false);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sym[i * n + j] *= 10 ** (-8 * i / n) * 10 ** (-8 * j / n);
    const g = sym.slice();
    expect(potrf(n, g)).toBe(0);
    expect(cholRatio(n, sym, g)).toBeLessThan(10);
    const h = hilbert(12);
    const hl = h.slice();
    expect(potrf(12, hl)).toBe(0); // numpy also succeeds (cond 1.7e16)
    expect(cholRatio(12, h, hl)).toBeLessThan(10);
  });

  run('returns j + 1 for the first leading minor that is not positive definite', () => {
    const { potrf } = tableOf(name);
    expect(potrf(2, Float64Array.from([1, 0, 2, 1]))).toBe(2); // [[1, 2], [2, 1]]: minor 2 has det −3
    expect(potrf(2, Float64Array.from([-1, 0, 0, 1]))).toBe(1);
    expect(potrf(2, Float64Array.from([1, 0, 1, 1]))).toBe(2); // singular PSD [[1, 1], [1, 1]]
    expect(potrf(0, new Float64Array(0))).toBe(0);
    // Large: SPD except one diagonal entry driven negative at 150.
    const rng = new Rng(2);
    const n = 200;
    const { a } = spd(rng, n, 0.5);
    a[150 * n + 150] = -1e6;
    expect(potrf(n, a)).toBe(151);
  });

  it.runIf(available && name !== 'ts')('agrees with the ts reference on 300×300 (1e-12 relative)', () => {
    const { a } = spd(new Rng(31), 300, 1);
    const [x, y] = [a.slice(), a.slice()];
    expect(tableOf(name).potrf(300, x)).toBe(0);
    expect(tableOf('ts').potrf(300, y)).toBe(0);
    expectClose(x, y, 1e-12);
  });

  it.runIf(available && name === 'native')('the glue throws TypeError/RangeError on hostile arguments, never crashes', () => {
    const k = tableOf(name) as unknown as Record<string, (...args: unknown[]) => unknown>;
    expect(() => k.potrf(2)).toThrow(TypeError);
    expect(() => k.potrf(2, [1, 0, 0, 1])).toThrow(TypeError);
    expect(() => k.potrf(2, new Float64Array(3))).toThrow(RangeError);
    expect(() => k.potrf(-1, new Float64Array(3))).toThrow(RangeError);
    expect(() => k.potrf(2 ** 33, new Float64Array(3))).toThrow(RangeError);
  });
});
