/**
 * colStats on every backend: numpy's values, bit-equality with the ts reference over a shape
 * catalogue (the contract fixes the order of additions), the mean it implies against colMeans,
 * the large-mean case the shift exists for, huge and tiny entries, and where the first NaN/±Inf
 * is reported.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/random.js';
import { backendsWith, checkLoads, randomArray, tableOf } from '../helpers/backends.js';

/** [m, n]: empty, single row/column, odd widths, rows past wasm's streaming block, and sizes
 * past native's threading threshold (2^18 entries), narrow and wide. */
const SHAPES: [number, number][] = [
  [0, 3], [1, 1], [1, 7], [7, 1], [2, 2], [3, 5], [5, 16], [17, 9], [64, 33],
  [257, 2], [1000, 3], [1500, 130], [3000, 513], [40, 9001],
];

interface Stats {
  first: number;
  sum: Float64Array;
  sumSq: Float64Array;
  maxAbs: Float64Array;
}

function statsOn(name: Parameters<typeof tableOf>[0], m: number, n: number, a: Float64Array, shift = a.subarray(0, n)): Stats {
  // Poisoned outputs: the kernel must overwrite every entry.
  const [sum, sumSq, maxAbs] = [0, 1, 2].map(() => new Float64Array(n).fill(NaN));
  const first = tableOf(name).colStats(m, n, a, shift, sum, sumSq, maxAbs);
  return { first, sum, sumSq, maxAbs };
}

/** The contract written out plainly: row after row, column by column. */
function plainStats(m: number, n: number, a: Float64Array, shift: Float64Array): Stats {
  const sum = new Float64Array(n);
  const sumSq = new Float64Array(n);
  const maxAbs = new Float64Array(n);
  let first = -1;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const v = a[i * n + j];
      const t = v - shift[j];
      sum[j] += t;
      sumSq[j] += t * t;
      if (Number.isNaN(v) || Number.isNaN(maxAbs[j])) maxAbs[j] = NaN;
      else maxAbs[j] = Math.max(maxAbs[j], Math.abs(v));
      if (first < 0 && !Number.isFinite(v)) first = i * n + j;
    }
  }
  return { first, sum, sumSq, maxAbs };
}

/** Bit equality, NaN equal to NaN and +0 ≠ −0 (Object.is), with the first differing entry named. */
function expectSameBits(got: Stats, want: Stats, label: string): void {
  expect(got.first, `${label}: first non-finite`).toBe(want.first);
  for (const key of ['sum', 'sumSq', 'maxAbs'] as const) {
    const j = got[key].findIndex((v, i) => !Object.is(v, want[key][i]));
    if (j >= 0) throw new Error(`${label}: ${key}[${j}] = ${got[key][j]}, expected ${want[key][j]}`);
  }
}

describe.each(backendsWith('colStats'))('colStats on $name', (backend) => {
  const { name, available } = backend;
  checkLoads(backend);

  const run = it.runIf(available);

  run('known values (numpy: (a − a[0]).sum(0), ((a − a[0])²).sum(0), |a|.max(0))', () => {
    const a = new Float64Array([1.5, -2, 0.25, 3, 0, 1, -1, 2, 4, 0.5, 2, -3]);
    const s = statsOn(name, 3, 4, a);
    expect(s.first).toBe(-1);
    expect(Array.from(s.sum)).toEqual([1, 5.5, 0.5, -7]);
    expect(Array.from(s.sumSq)).toEqual([8.5, 15.25, 4.625, 37]);
    expect(Array.from(s.maxAbs)).toEqual([4, 2, 2, 3]);
    // An explicit shift (zeros: plain sums and sums of squares).
    const z = statsOn(name, 3, 4, a, new Float64Array(4));
    expect(Array.from(z.sum)).toEqual([5.5, -0.5, 1.25, 2]);
    expect(Array.from(z.sumSq)).toEqual([18.25, 5.25, 5.0625, 22]);
  });

  run('a column with a mean far beyond its spread (numpy literals, 1e-15 relative)', () => {
    const a = new Float64Array([1e8 + 0.5, -3e-9, 1e8 - 0.25, 4e-9, 1e8 + 1.0, -2e-9]);
    const s = statsOn(name, 3, 2, a);
    expect(Array.from(s.sum)).toEqual([-0.25, 7.999999999999999e-9]);
    expect(s.sumSq[0]).toBe(0.8125);
    expect(Math.abs(s.sumSq[1] / 4.999999999999999e-17 - 1)).toBeLessThan(1e-15);
    expect(Array.from(s.maxAbs)).toEqual([100000001, 4e-9]);
    // Centred sums of squares as the facade forms them: numpy's two-pass ((b − b.mean(0))²).sum(0).
    const centred = (j: number) => s.sumSq[j] - s.sum[j] * (s.sum[j] / 3);
    expect(Math.abs(centred(0) / 0.7916666666666667 - 1)).toBeLessThan(1e-15);
    expect(Math.abs(centred(1) / 2.866666666666667e-17 - 1)).toBeLessThan(1e-14);
  });

  run('same bits as the contract written plainly (and as ts), over the shape catalogue', () => {
    const rng = new Rng(31);
    for (const [m, n] of SHAPES) {
      const a = randomArray(rng, m * n, 3);
      const label = `${m}×${n}`;
      if (m > 0) expectSameBits(statsOn(name, m, n, a), plainStats(m, n, a, a.subarray(0, n)), `${label}, shift row 0`);
      const shift = randomArray(rng, n);
      expectSameBits(statsOn(name, m, n, a, shift), plainStats(m, n, a, shift), `${label}, explicit shift`);
    }
  });

  run('the mean it implies is bit for bit colMeans', () => {
    const rng = new Rng(5);
    for (const [m, n] of [[1, 4], [9, 3], [3000, 513], [40, 9001]] as const) {
      const a = randomArray(rng, m * n, 1e3);
      const s = statsOn(name, m, n, a);
      const means = new Float64Array(n);
      tableOf(name).colMeans(m, n, a, means);
      for (let j = 0; j < n; j++) expect(a[j] + s.sum[j] / m).toBe(means[j]);
    }
  });

  run('keeps the digits of the centred sum of squares at mean 1e8 (exact integers · 2⁻²⁰)', () => {
    // Every entry, difference and square here is an exact double and every partial sum fits
    // in 53 bits, so the sums are exact and the centred value is known in closed form.
    const m = 2000;
    const rng = new Rng(8);
    const k = Array.from({ length: m }, () => Math.floor(rng.next() * 2 ** 16) - 2 ** 15);
    const a = Float64Array.from(k, (v) => 1e8 + v * 2 ** -20);
    const s = statsOn(name, m, 1, a);
    const diffs = k.map((v) => v - k[0]);
    const s1 = diffs.reduce((p, v) => p + v, 0);
    const s2 = diffs.reduce((p, v) => p + v * v, 0);
    expect(s.sum[0]).toBe(s1 * 2 ** -20);
    expect(s.sumSq[0]).toBe(s2 * 2 ** -40);
    const exactCentred = (s2 - (s1 * s1) / m) * 2 ** -40;
    const centred = s.sumSq[0] - s.sum[0] * (s.sum[0] / m);
    expect(Math.abs(centred / exactCentred - 1)).toBeLessThan(1e-14);
  });

  run('huge entries: max exact, sums overflow to Inf, yet −1 (the entries are finite)', () => {
    const a = new Float64Array([1e300, -1e300, 5e299, -3e300, 2, 7]);
    const s = statsOn(name, 3, 2, a, new Float64Array(2));
    expect(s.first).toBe(-1);
    expect(Array.from(s.maxAbs)).toEqual([1e300, 3e300]);
    expect(s.sumSq[0]).toBe(Infinity);
    expect(s.sum[1]).toBe(-1e300 + -3e300 + 7);
  });

  run('tiny entries: max exact, squares underflow to 0, subnormals kept in the sums', () => {
    const a = new Float64Array([1e-300, 5e-324, -2e-300, 5e-324, 3e-310, -1e-323]);
    const s = statsOn(name, 3, 2, a, new Float64Array(2));
    expect(s.first).toBe(-1);
    expect(Array.from(s.maxAbs)).toEqual([2e-300, 1e-323]);
    expect(Array.from(s.sumSq)).toEqual([0, 0]);
    expect(s.sum[1]).toBe(0);
    expect(s.sum[0]).toBe(1e-300 - 2e-300 + 3e-310);
  });

  run('0 rows: zero sums and maxima, −1; 0 columns: nothing written, −1; 1 row about itself: zeros', () => {
    const s = statsOn(name, 0, 3, new Float64Array(0), new Float64Array(3));
    expect(s.first).toBe(-1);
    expect([...s.sum, ...s.sumSq, ...s.maxAbs]).toEqual(new Array(9).fill(0));
    const untouched = new Float64Array([5]);
    expect(tableOf(name).colStats(4, 0, new Float64Array(0), new Float64Array(0), untouched, untouched.slice(), untouched.slice())).toBe(-1);
    expect(untouched[0]).toBe(5);
    const one = statsOn(name, 1, 3, new Float64Array([-4, 0, 2.5]));
    expect([...one.sum, ...one.sumSq]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(one.maxAbs)).toEqual([4, 0, 2.5]);
  });

  run('reports the FIRST non-finite entry in row-major order; NaN sticks in maxAbs, then Inf', () => {
    // (1, 2) = +Inf comes before (2, 0) = NaN in row-major order; column 1 is clean.
    const a = new Float64Array([1, 2, 3, 4, 5, Infinity, NaN, 8, -Infinity, -1, 2, 0]);
    const a0 = a.slice();
    const s = statsOn(name, 4, 3, a);
    expect(s.first).toBe(5);
    expect(Number.isNaN(s.maxAbs[0])).toBe(true);
    expect(s.maxAbs[1]).toBe(8);
    expect(s.maxAbs[2]).toBe(Infinity);
    expect(s.sum[1]).toBe(0 + 3 + 6 + 0);
    expect(a).toEqual(a0); // inputs are not written
    // A NaN after an Inf in the same column still gives NaN; one in row 0 (the shift) is index j.
    expect(Number.isNaN(statsOn(name, 3, 1, new Float64Array([1, -Infinity, NaN])).maxAbs[0])).toBe(true);
    expect(statsOn(name, 2, 3, new Float64Array([1, NaN, 3, 4, 5, 6])).first).toBe(1);
  });

  run('finds the entry in a large matrix (threaded on native), in the last row and column', () => {
    const [m, n] = [700, 1001];
    const a = randomArray(new Rng(2), m * n);
    a[(m - 1) * n + n - 1] = NaN;
    expect(statsOn(name, m, n, a).first).toBe(m * n - 1);
    a[350 * n + 3] = -Infinity;
    const s = statsOn(name, m, n, a);
    expect(s.first).toBe(350 * n + 3);
    expectSameBits(s, plainStats(m, n, a, a.subarray(0, n)), 'with NaN and -Inf');
  });
});
