/**
 * colMeans on every backend: numpy's values, a catalogue of shapes against a plain sum, the
 * large-mean case the shifted summation exists for, and the empty / NaN edge cases.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/random.js';
import { checkLoads, randomArray, tableOf, KERNEL_BACKENDS } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';

/** [m, n]: empty, single row/column, odd widths, and row counts past the wasm streaming block. */
const SHAPES: [number, number][] = [
  [0, 3], [3, 0], [1, 1], [1, 7], [7, 1], [2, 2], [3, 5], [5, 16], [17, 9], [64, 33],
  [257, 2], [1000, 3], [1500, 130], [3000, 513],
];


/** The textbook mean: sum each column in row order, divide by m. */
function naiveMeans(m: number, n: number, a: Float64Array): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j] += a[i * n + j];
  for (let j = 0; j < n; j++) out[j] /= m;
  return out;
}

describe.each(KERNEL_BACKENDS)('colMeans on $name', (backend) => {
  const { name, available } = backend;
  checkLoads(backend);

  const run = it.runIf(available);

  run('known values (numpy a.mean(axis=0), 1e-15 relative)', () => {
    const a = new Float64Array([1.5, -2, 0.25, 3, 0, 1, -1, 2, 4, 0.5, 2, -3]);
    const out = new Float64Array(4).fill(NaN);
    tableOf(name).colMeans(3, 4, a, out);
    expectClose(out, [1.8333333333333333, -0.16666666666666666, 0.4166666666666667, 0.6666666666666666], 1e-15);
  });

  run('shape catalogue against a plain sum', () => {
    const rng = new Rng(23);
    for (const [m, n] of SHAPES) {
      if (m === 0) continue;
      const a = randomArray(rng, m * n);
      const out = new Float64Array(n + 3).fill(99);
      tableOf(name).colMeans(m, n, a, out.subarray(0, n));
      const want = naiveMeans(m, n, a);
      for (let j = 0; j < n; j++) {
        // Entries are in [-1, 1): both sums are within m·ε of exact.
        if (!(Math.abs(out[j] - want[j]) <= 2 * m * Number.EPSILON)) {
          throw new Error(`m=${m} n=${n}: mean[${j}] = ${out[j]}, expected ${want[j]}`);
        }
      }
      expect(Array.from(out.subarray(n))).toEqual([99, 99, 99]); // writes exactly n entries
    }
  });

  run('keeps the digits of data with a large mean (1e8 ± 1)', () => {
    // Entries 1e8 + k·2⁻²⁰ with integer k are exact doubles, so the exact mean is known.
    const m = 20000;
    const rng = new Rng(8);
    const a = new Float64Array(m);
    let sumK = 0;
    for (let i = 0; i < m; i++) {
      const k = Math.floor(rng.next() * 2 ** 21) - 2 ** 20;
      sumK += k;
      a[i] = 1e8 + k * 2 ** -20;
    }
    const exact = 1e8 + (sumK / m) * 2 ** -20;
    const out = new Float64Array(1);
    tableOf(name).colMeans(m, 1, a, out);
    const ulp = 2 ** -26; // spacing of doubles near 1e8
    expect(Math.abs(out[0] - exact)).toBeLessThanOrEqual(2 * ulp);
  });

  run('m = 0 gives NaN (the mean of nothing); n = 0 writes nothing', () => {
    const out = new Float64Array(3);
    tableOf(name).colMeans(0, 3, new Float64Array(0), out);
    expect(Array.from(out).every(Number.isNaN)).toBe(true);
    const untouched = new Float64Array([5]);
    tableOf(name).colMeans(4, 0, new Float64Array(0), untouched);
    expect(untouched[0]).toBe(5);
  });

  run('propagates NaN and Inf to their own column only; leaves A untouched', () => {
    const a = new Float64Array([1, 2, 3, 4, NaN, 6, 7, 8, Infinity]);
    const a0 = a.slice();
    const out = new Float64Array(3);
    tableOf(name).colMeans(3, 3, a, out);
    expect(out[0]).toBe(4);
    expect(Number.isNaN(out[1])).toBe(true);
    expect(out[2]).toBe(Infinity);
    expect(a).toEqual(a0);
  });

  run.each([
    [5000, 500],
    [777, 1001],
  ])('agrees with ts (ts: with a plain sum) to 1e-14 relative on random %i×%i, mean 1e3', (m, n) => {
    const a = randomArray(new Rng(m + n), m * n, 1e3);
    const out = new Float64Array(n);
    tableOf(name).colMeans(m, n, a, out);
    const expected = new Float64Array(n);
    if (name === 'ts') expected.set(naiveMeans(m, n, a));
    else tableOf('ts').colMeans(m, n, a, expected);
    expectClose(out, expected, 1e-14);
  });
});
