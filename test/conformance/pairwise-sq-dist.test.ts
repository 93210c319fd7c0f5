/**
 * pairwiseSqDist on every backend: literal numpy values, a catalogue of shapes (empty,
 * single rows/columns, sizes straddling the gemm blocks), NaN propagation and the clamp,
 * then agreement with ts on large inputs; ts itself is checked against a direct Σ(x − y)² loop.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/random.js';
import { BACKENDS, backendsAndVariantsWith, checkLoads, randomArray, tableOf } from '../helpers/backends.js';
import { GEMM_RTOL, expectClose } from '../helpers/close.js';

/** [m, n, d]: zeros, ones, primes, and sizes straddling the gemm kernels' block edges. */
const SHAPES: [number, number, number][] = [
  [0, 0, 0], [0, 4, 3], [4, 0, 3], [3, 4, 0], [1, 1, 1], [1, 7, 1], [7, 1, 1], [1, 1, 13],
  [2, 3, 4], [3, 5, 7], [4, 4, 4], [5, 3, 9], [8, 8, 8], [9, 17, 5], [13, 11, 29],
  [31, 33, 17], [63, 65, 64], [67, 3, 130], [5, 70, 257], [100, 1, 300],
];


function rowSqNorms(a: Float64Array, rows: number, d: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let p = 0; p < d; p++) s += a[i * d + p] ** 2;
    out[i] = s;
  }
  return out;
}

/** Σ_p (x_ip − y_jp)², with the bound ‖x_i‖² + ‖y_j‖² that the expansion's error scales with. */
function direct(m: number, n: number, d: number, x: Float64Array, y: Float64Array): { value: Float64Array; scale: Float64Array } {
  const value = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let b = 0;
      for (let p = 0; p < d; p++) {
        const u = x[i * d + p];
        const v = y[j * d + p];
        s += (u - v) ** 2;
        b += u * u + v * v;
      }
      value[i * n + j] = s;
      scale[i * n + j] = b;
    }
  }
  return { value, scale };
}

function run(name: Parameters<typeof tableOf>[0], m: number, n: number, d: number, x: Float64Array, y: Float64Array): Float64Array {
  const dist = new Float64Array(m * n).fill(NaN);
  tableOf(name).pairwiseSqDist(m, n, d, x, y, rowSqNorms(x, m, d), rowSqNorms(y, n, d), dist);
  return dist;
}

describe.each(backendsAndVariantsWith('pairwiseSqDist'))('pairwiseSqDist on $name', (backend) => {
  const { name, available } = backend;
  checkLoads(backend);

  const test = it.runIf(available);

  test('known values (numpy, entries exact in binary so the expansion is exact)', () => {
    // numpy: ((X[:, None] - Y[None]) ** 2).sum(-1); X's row 1 equals Y's row 3 → exactly 0.
    const x = new Float64Array([0.5, -1.25, 2.0, 3.0, 0.0, -0.75, 1.5, 1.5, 1.5]);
    const y = new Float64Array([1.0, 2.0, -0.5, 0.25, -1.0, 2.0, -2.0, 0.5, 0.0, 3.0, 0.0, -0.75]);
    expect(Array.from(run(name, 3, 4, 3, x, y))).toEqual([
      17.0625, 0.125, 13.3125, 15.375, 8.0625, 16.125, 25.8125, 0.0, 4.5, 8.0625, 15.5, 9.5625,
    ]);
  });

  test('known values (numpy expansion on rounded inputs, 1e-14 relative)', () => {
    const x = new Float64Array([0.001, 0.299, -0.274, -0.891, -0.455, -0.992, 0.06, 1.34, -0.492, -0.62, 0.49, 0.357]);
    const y = new Float64Array([0.695, -1.344, -0.458, -1.901, -1.29, -1.842, -0.235, -1.267]);
    // numpy: (x**2).sum(1)[:, None] + (y**2).sum(1)[None, :] - 2 * x @ y.T
    const numpy = [4.235040999999999, 6.393459, 12.218809, 8.303199, 7.930413, 5.293089];
    expectClose(run(name, 3, 2, 4, x, y), numpy, 1e-14);
  });

  test('shape catalogue: matches Σ(x − y)² within the expansion\'s error bound, never negative', () => {
    const rng = new Rng(29);
    for (const [m, n, d] of SHAPES) {
      const x = randomArray(rng, m * d);
      const y = randomArray(rng, n * d);
      // Make some pairs identical so the clamp at 0 is exercised.
      if (m > 0 && n > 0) y.set(x.subarray(0, d), 0);
      const got = run(name, m, n, d, x, y);
      const ref = direct(m, n, d, x, y);
      for (let i = 0; i < m * n; i++) {
        const tol = 8 * Number.EPSILON * (d + 2) * ref.scale[i];
        if (!(got[i] >= 0 && Math.abs(got[i] - ref.value[i]) <= tol)) {
          throw new Error(`m=${m} n=${n} d=${d}: D[${i}] = ${got[i]}, expected ${ref.value[i]} ± ${tol}`);
        }
      }
    }
  });

  test('d = 0 gives zeros; m or n = 0 writes nothing', () => {
    const dist = new Float64Array(6).fill(7);
    tableOf(name).pairwiseSqDist(2, 3, 0, new Float64Array(0), new Float64Array(0), new Float64Array(2), new Float64Array(3), dist);
    expect(Array.from(dist)).toEqual([0, 0, 0, 0, 0, 0]);
    const untouched = new Float64Array(3).fill(7);
    tableOf(name).pairwiseSqDist(0, 3, 2, new Float64Array(0), new Float64Array(6), new Float64Array(0), new Float64Array(3), untouched);
    expect(Array.from(untouched)).toEqual([7, 7, 7]);
  });

  test('clamps rounding negatives to 0 but lets NaN through', () => {
    // Norms passed slightly too small make xx + yy − 2xy negative for the identical pair.
    const x = new Float64Array([1, 2, NaN, 0]);
    const y = new Float64Array([1, 2]);
    const dist = new Float64Array(2);
    tableOf(name).pairwiseSqDist(2, 1, 2, x, y, new Float64Array([5 - 1e-9, NaN]), new Float64Array([5 - 1e-9]), dist);
    expect(dist[0]).toBe(0);
    expect(Number.isNaN(dist[1])).toBe(true);
  });

  test('leaves the inputs untouched and writes exactly m·n entries', () => {
    const rng = new Rng(5);
    const [m, n, d] = [37, 29, 41];
    const x = randomArray(rng, m * d);
    const y = randomArray(rng, n * d);
    const xx = rowSqNorms(x, m, d);
    const yy = rowSqNorms(y, n, d);
    const before = [x, y, xx, yy].map((a) => a.slice());
    const dist = new Float64Array(m * n + 5).fill(123);
    tableOf(name).pairwiseSqDist(m, n, d, x, y, xx, yy, dist.subarray(0, m * n));
    [x, y, xx, yy].forEach((a, i) => expect(a).toEqual(before[i]));
    expect(Array.from(dist.subarray(m * n))).toEqual([123, 123, 123, 123, 123]);
  });

  test.each([
    [600, 700, 784],
    [257, 1031, 65],
  ])('agrees on random %i×%i, d = %i (ts: with the direct loop; others: with ts)', (m, n, d) => {
    const rng = new Rng(m + n + d);
    const x = randomArray(rng, m * d);
    const y = randomArray(rng, n * d);
    const got = run(name, m, n, d, x, y);
    // Random rows are far apart (distances ~ the norms), so relative agreement is meaningful.
    const expected = name === 'ts' ? direct(m, n, d, x, y).value : run('ts', m, n, d, x, y);
    expectClose(got, expected, name === 'ts' ? 1e-12 : GEMM_RTOL);
  });
});

describe('pairwiseSqDist native glue', () => {
  const native = BACKENDS.find((b) => b.name === 'native');
  it.runIf(native?.available)('bad arguments raise TypeError / RangeError instead of crashing', () => {
    const { pairwiseSqDist } = tableOf('native');
    const f = (n: number) => new Float64Array(n);
    const call = (...args: unknown[]) => () => (pairwiseSqDist as (...a: unknown[]) => void)(...args);
    expect(call(2, 2, 2, f(3), f(4), f(2), f(2), f(4))).toThrow(RangeError);
    expect(call(2, 2, 2, f(4), f(4), f(2), f(1), f(4))).toThrow(/yy has 1 elements, needs 2x1/);
    expect(call(2, 2, 2, f(4), f(4), f(2), f(2), f(3))).toThrow(/dist has 3 elements/);
    expect(call(2, 2, 2, [1, 2, 3, 4], f(4), f(2), f(2), f(4))).toThrow(TypeError);
    expect(call(-1, 2, 2, f(4), f(4), f(2), f(2), f(4))).toThrow(/m must be a non-negative integer/);
    expect(call(2, 2)).toThrow(/expects 8 arguments/);
  });
});
