/**
 * gemm on every backend: a catalogue of shapes (degenerate, odd, block-straddling) × the four
 * transpose layouts × alpha/beta cases, checked against a plain triple loop with an
 * element-wise error bound, then against the ts backend on large random inputs.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/random.js';
import { BACKENDS, backendsAndVariantsWith, checkLoads, randomArray, tableOf } from '../helpers/backends.js';
import { GEMM_RTOL, expectClose } from '../helpers/close.js';

type Layout = [0 | 1, 0 | 1];
const LAYOUTS: Layout[] = [[0, 0], [1, 0], [0, 1], [1, 1]];

/** [m, n, k]: zeros, ones, primes, and sizes straddling common block edges (4, 8, 16, 64, 256). */
const SHAPES: [number, number, number][] = [
  [0, 0, 0], [0, 5, 3], [5, 0, 3], [4, 6, 0], [1, 1, 1], [1, 9, 1], [9, 1, 1], [1, 1, 13],
  [2, 3, 4], [3, 5, 7], [4, 4, 4], [7, 5, 3], [8, 8, 8], [9, 17, 5], [13, 11, 29],
  [16, 16, 16], [31, 33, 17], [63, 65, 64], [67, 3, 130], [5, 70, 257], [100, 1, 300],
];

const SCALARS: [number, number][] = [[1, 0], [2.5, -0.5], [-1, 1]];


/** Triple loop plus, per element, the bound |alpha|·Σ|a||b| + |beta|·|c| for the error test. */
function reference(
  [ta, tb]: Layout, m: number, n: number, k: number, alpha: number,
  a: Float64Array, b: Float64Array, beta: number, c: Float64Array,
): { value: Float64Array; bound: Float64Array } {
  const value = new Float64Array(m * n);
  const bound = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let sa = 0;
      for (let p = 0; p < k; p++) {
        const x = ta ? a[p * m + i] : a[i * k + p];
        const y = tb ? b[j * k + p] : b[p * n + j];
        s += x * y;
        sa += Math.abs(x * y);
      }
      const cij = beta === 0 ? 0 : beta * c[i * n + j];
      value[i * n + j] = alpha * s + cij;
      bound[i * n + j] = Math.abs(alpha) * sa + Math.abs(cij);
    }
  }
  return { value, bound };
}

/**
 * ts's A·B for one of the big random cases, computed once and shared by every backend compared
 * with it (the operands come from the same seed for each backend): the ts product of a 1024³
 * case in four layouts costs more than the backend under test.
 */
const tsProducts = new Map<string, Float64Array>();
function tsProduct(key: string, ta: 0 | 1, tb: 0 | 1, m: number, n: number, k: number, a: Float64Array, b: Float64Array): Float64Array {
  let c = tsProducts.get(key);
  if (!c) {
    c = new Float64Array(m * n);
    tableOf('ts').gemm(ta, tb, m, n, k, 1, a, b, 0, c);
    tsProducts.set(key, c);
  }
  return c;
}

/** Row-major A·B by the textbook i-k-j loop (no tiling): the independent check of ts. */
function naiveProduct(m: number, n: number, k: number, a: Float64Array, b: Float64Array): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const x = a[i * k + p];
      for (let j = 0; j < n; j++) c[i * n + j] += x * b[p * n + j];
    }
  }
  return c;
}

describe.each(backendsAndVariantsWith('gemm'))('gemm on $name', (backend) => {
  const { name, available } = backend;
  checkLoads(backend);

  const run = it.runIf(available);
  const runOther = it.runIf(available && name !== 'ts'); // checked against ts
  // wasm-threads computes each element as the one-thread wasm it wraps does (the same tiles,
  // cut between threads), so that is its reference: much faster than ts at 1024³.
  const refName = name === 'wasm-threads' ? 'wasm-single' : 'ts';

  run('known values (numpy float64, exact in binary)', () => {
    const { gemm } = tableOf(name);
    // numpy: A @ B with A 3×4, B 4×2 (entries exact binary fractions, so the result is exact).
    const a = new Float64Array([1.5, -2, 0.25, 3, 0, 1, -1, 2, 4, 0.5, 2, -3]);
    const b = new Float64Array([2, -1, 0.5, 3, -4, 1.25, 1, 0]);
    const c = new Float64Array(6).fill(NaN);
    gemm(0, 0, 3, 2, 4, 1, a, b, 0, c);
    expect(Array.from(c)).toEqual([4.0, -7.1875, 6.5, 1.75, -2.75, 0.0]);
    // numpy: A.T @ A (the Gram matrix PCA needs), through the transA layout.
    const g = new Float64Array(16);
    gemm(1, 0, 4, 4, 3, 1, a, a, 0, g);
    expect(Array.from(g)).toEqual([18.25, -1, 8.375, -7.5, -1, 5.25, -0.5, -5.5, 8.375, -0.5, 5.0625, -7.25, -7.5, -5.5, -7.25, 22]);
  });

  run('known values (numpy float64, rounded inputs, 1e-15 relative)', () => {
    const x = new Float64Array([0.001, 0.299, -0.274, -0.891, -0.455, -0.992, 0.06, 1.34, -0.492, -0.62, 0.49, 0.357, 0.105, -0.93, -0.029]);
    const y = new Float64Array([0.695, -1.344, -0.458, -1.901, -1.29, -1.842, -0.235, -1.267, 0.271, 0.157, -0.187, -2.517]);
    const numpy = [
      -0.459269, -0.59512, -0.019485, 0.308924, -0.301127, 1.87987, 0.700507, 4.76714,
      -1.820232, -2.626164, -0.250376, -0.573476, -0.966253, -0.013251, 0.102051, -0.340779,
      1.264816, 1.567387, 0.175883, 1.051698,
    ];
    const c = new Float64Array(20);
    tableOf(name).gemm(0, 0, 5, 4, 3, 1, x, y, 0, c);
    expectClose(c, numpy, 1e-15);
  });

  run.each(LAYOUTS)('shape catalogue, transA=%i transB=%i, all alpha/beta cases', (ta, tb) => {
    const { gemm } = tableOf(name);
    const rng = new Rng(17 + ta * 2 + tb);
    for (const [m, n, k] of SHAPES) {
      for (const [alpha, beta] of SCALARS) {
        const a = randomArray(rng, m * k);
        const b = randomArray(rng, k * n);
        const c0 = beta === 0 ? new Float64Array(m * n).fill(NaN) : randomArray(rng, m * n);
        const c = c0.slice();
        gemm(ta, tb, m, n, k, alpha, a, b, beta, c);
        const ref = reference([ta, tb], m, n, k, alpha, a, b, beta, c0);
        for (let i = 0; i < m * n; i++) {
          const err = Math.abs(c[i] - ref.value[i]);
          const tol = 4 * Number.EPSILON * (k + 2) * ref.bound[i] + Number.MIN_VALUE;
          if (!(err <= tol)) {
            throw new Error(`m=${m} n=${n} k=${k} alpha=${alpha} beta=${beta}: C[${i}] = ${c[i]}, expected ${ref.value[i]}`);
          }
        }
      }
    }
  });

  run('leaves A and B untouched and writes exactly m·n entries of C', () => {
    const rng = new Rng(5);
    const a = randomArray(rng, 37 * 41);
    const b = randomArray(rng, 41 * 29);
    const [a0, b0] = [a.slice(), b.slice()];
    const c = new Float64Array(37 * 29 + 7).fill(123);
    tableOf(name).gemm(0, 0, 37, 29, 41, 1, a, b, 0, c.subarray(0, 37 * 29));
    expect(a).toEqual(a0);
    expect(b).toEqual(b0);
    expect(Array.from(c.subarray(37 * 29))).toEqual(new Array(7).fill(123));
  });

  run('propagates NaN and Inf as IEEE arithmetic does', () => {
    const a = new Float64Array([1, NaN, 0, 1]); // [[1, NaN], [0, 1]]
    const b = new Float64Array([1, 0, 0, Infinity]); // [[1, 0], [0, Inf]]
    const c = new Float64Array(4);
    tableOf(name).gemm(0, 0, 2, 2, 2, 1, a, b, 0, c);
    // row 0: [1·1 + NaN·0, 1·0 + NaN·Inf] = [NaN, NaN]; row 1: [0·1 + 1·0, 0·0 + 1·Inf] = [0, Inf]
    expect(Number.isNaN(c[0]) && Number.isNaN(c[1])).toBe(true);
    expect(c[2]).toBe(0);
    expect(c[3]).toBe(Infinity);
  });

  run.each([
    [1024, 1024, 1024],
    [513, 1031, 257],
    [2000, 64, 700],
  ])('agrees with the reference to 1e-12 relative on random %i×%i×%i', (m, n, k) => {
    const rng = new Rng(m + n + k);
    // ts is checked against a plain i-k-j loop; every other backend against ts, in all layouts.
    for (const [ta, tb] of name === 'ts' ? [[0, 0] as Layout] : LAYOUTS) {
      const a = randomArray(rng, m * k);
      const b = randomArray(rng, k * n);
      const c = new Float64Array(m * n);
      tableOf(name).gemm(ta, tb, m, n, k, 1, a, b, 0, c);
      const expected = name === 'ts' ? naiveProduct(m, n, k, a, b) : name === 'wasm-threads' ? new Float64Array(m * n) : tsProduct(`${m}×${n}×${k} ${ta}${tb}`, ta, tb, m, n, k, a, b);
      if (name === 'wasm-threads') tableOf(refName).gemm(ta, tb, m, n, k, 1, a, b, 0, expected);
      expectClose(c, expected, GEMM_RTOL);
    }
  });

  // The skinny path (native: C at most 32 columns wide, k >= 32, A at least 65 536 entries)
  // around its edges: l across the 4-column vectors and the 32 threshold, k = 31/32, row counts
  // off the 4-row tiles and the 256-row and 512-column chunks, k across the row and depth blocks,
  // small m with a long k; the larger products also run on the thread team.
  const SKINNY_L = [1, 7, 8, 15, 16, 17, 31, 32, 33];
  const SKINNY_MK: [number, number][] = [[515, 131], [259, 257], [2100, 32], [2100, 31], [9, 8000], [6, 12000], [3001, 700]];
  runOther.each(LAYOUTS)('skinny shapes agree with ts, transA=%i transB=%i', (ta, tb) => {
    const rng = new Rng(91 + ta * 2 + tb);
    for (const [m, k] of SKINNY_MK) {
      for (const n of m * k > 1e6 ? [20, 32] : SKINNY_L) {
        for (const [alpha, beta] of SCALARS) {
          const a = randomArray(rng, m * k);
          const b = randomArray(rng, k * n);
          const c = beta === 0 ? new Float64Array(m * n).fill(NaN) : randomArray(rng, m * n);
          const expected = c.slice();
          tableOf(name).gemm(ta, tb, m, n, k, alpha, a, b, beta, c);
          tableOf(refName).gemm(ta, tb, m, n, k, alpha, a, b, beta, expected);
          try {
            expectClose(c, expected, GEMM_RTOL);
          } catch (e) {
            throw new Error(`m=${m} n=${n} k=${k} alpha=${alpha} beta=${beta}: ${(e as Error).message}`);
          }
        }
      }
    }
  });

  runOther.each(LAYOUTS)('skinny shapes propagate NaN and Inf like ts, transA=%i transB=%i', (ta, tb) => {
    const rng = new Rng(7 + ta * 2 + tb);
    const [m, n, k] = [515, 17, 131];
    const a = randomArray(rng, m * k);
    const b = randomArray(rng, k * n);
    a[3 * k + 5] = NaN; // one element of A: a whole row (or column) of C turns NaN
    a[m * k - 1] = Infinity;
    b[2] = -Infinity;
    const c = new Float64Array(m * n).fill(NaN); // beta = 0: never read
    const expected = new Float64Array(m * n);
    tableOf(name).gemm(ta, tb, m, n, k, 1, a, b, 0, c);
    tableOf(refName).gemm(ta, tb, m, n, k, 1, a, b, 0, expected);
    const finite: number[] = [];
    for (let i = 0; i < m * n; i++) {
      if (Number.isFinite(expected[i])) finite.push(i);
      else expect(Object.is(c[i], expected[i]) || (Number.isNaN(c[i]) && Number.isNaN(expected[i]))).toBe(true);
    }
    expect(finite.length).toBeGreaterThan(m * n / 2);
    expectClose(finite.map((i) => c[i]), finite.map((i) => expected[i]), GEMM_RTOL);
  });
});

describe('native gemm glue', () => {
  const native = BACKENDS.find((b) => b.name === 'native');
  it.runIf(native?.available)('bad arguments raise TypeError / RangeError, never crash the process', () => {
    const gemm = tableOf('native').gemm as (...a: unknown[]) => void;
    const f = (n: number) => new Float64Array(n);
    const call = (...args: unknown[]) => () => gemm(...args);
    expect(call(0, 0, 2, 2, 2, 1, f(3), f(4), 0, f(4))).toThrow(/a has 3 elements, needs 2x2/);
    expect(call(0, 0, 2, 2, 2, 1, f(4), f(4), 0, f(3))).toThrow(RangeError);
    expect(call(0, 0, 2, 2, 2, 1, [1, 2, 3, 4], f(4), 0, f(4))).toThrow(TypeError);
    expect(call(0, 0, -1, 2, 2, 1, f(4), f(4), 0, f(4))).toThrow(/m must be a non-negative integer/);
    expect(call(0, 0, 1e6, 1e6, 1e6, 1, f(4), f(4), 0, f(4))).toThrow(RangeError);
    expect(call(0, 0)).toThrow(/expects 10 arguments/);
  });
});
