/**
 * gramAccumulate on every backend: numpy's values, a catalogue of shapes (block- and
 * tile-straddling) against a plain triple loop with an element-wise error bound, the
 * lower-triangle-only contract (NaN planted above the diagonal never leaks), accuracy on
 * large-mean data, and agreement with ts on large random inputs.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/random.js';
import { backendsAndVariantsWith, checkLoads, randomArray, tableOf } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';

/** [m, n]: degenerate, the 4/8/24/48 tile and panel edges, and row blocks (128, 256, ~1000). */
const SHAPES: [number, number][] = [
  [0, 0], [0, 4], [3, 0], [1, 1], [1, 9], [9, 1], [2, 3], [5, 4], [7, 5], [4, 8], [13, 23],
  [3, 24], [30, 25], [8, 47], [65, 48], [129, 49], [257, 13], [100, 97], [300, 130], [1100, 31],
];


/** Symmetric n × n with the strict upper triangle set to NaN: the kernel must not read it. */
function lowerOnly(rng: Rng, n: number): { c: Float64Array; lower: Float64Array } {
  const lower = new Float64Array(n * n);
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = rng.next() * 2 - 1;
      lower[i * n + j] = lower[j * n + i] = v;
      c[i * n + j] = v;
      if (j < i) c[j * n + i] = NaN;
    }
  }
  return { c, lower };
}

/** C0 + (A − 1sᵀ)ᵀ(A − 1sᵀ) by the plain triple loop, with per-entry bound Σ|y_ri||y_rj| + |c0|. */
function reference(m: number, n: number, a: Float64Array, s: Float64Array, c0: Float64Array): { value: Float64Array; bound: Float64Array } {
  const value = new Float64Array(n * n);
  const bound = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      let abs = 0;
      for (let r = 0; r < m; r++) {
        const p = (a[r * n + i] - s[i]) * (a[r * n + j] - s[j]);
        sum += p;
        abs += Math.abs(p);
      }
      value[i * n + j] = c0[i * n + j] + sum;
      bound[i * n + j] = abs + Math.abs(c0[i * n + j]);
    }
  }
  return { value, bound };
}

describe.each(backendsAndVariantsWith('gramAccumulate'))('gramAccumulate on $name', (backend) => {
  const { name, available } = backend;
  checkLoads(backend);

  const run = it.runIf(available);

  run('known values (numpy C0 + (A - s).T @ (A - s), exact in binary)', () => {
    const a = new Float64Array([1.5, -2, 0.25, 3, 0, 1, -1, 2, 4, 0.5, 2, -3]); // 4 × 3
    const s = new Float64Array([0.5, 1, -0.25]);
    const c = new Float64Array([1, NaN, NaN, 2, 5, NaN, 3, -1, 0.5]); // lower of [[1,2,3],[2,5,-1],[3,-1,0.5]]
    tableOf(name).gramAccumulate(4, 3, a, s, c);
    expect(Array.from(c)).toEqual([10.5, -5.0, 0.25, -5.0, 17.0, -2.25, 0.25, -2.25, 27.9375]);
  });

  run('shape catalogue against a triple loop; only the lower triangle is read, C ends symmetric', () => {
    const rng = new Rng(31);
    for (const [m, n] of SHAPES) {
      const a = randomArray(rng, m * n);
      const s = randomArray(rng, n);
      const { c, lower } = lowerOnly(rng, n);
      const [a0, s0] = [a.slice(), s.slice()];
      tableOf(name).gramAccumulate(m, n, a, s, c);
      const ref = reference(m, n, a, s, lower);
      for (let i = 0; i < n * n; i++) {
        const err = Math.abs(c[i] - ref.value[i]);
        const tol = 4 * Number.EPSILON * (m + 2) * ref.bound[i] + Number.MIN_VALUE;
        if (!(err <= tol)) throw new Error(`m=${m} n=${n}: C[${i}] = ${c[i]}, expected ${ref.value[i]}`);
      }
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(c[j * n + i]).toBe(c[i * n + j]);
      expect(a).toEqual(a0);
      expect(s).toEqual(s0);
    }
  });

  run('m = 0 only mirrors the lower triangle; n = 0 does nothing', () => {
    const c = new Float64Array([1, NaN, 2, 3]);
    tableOf(name).gramAccumulate(0, 2, new Float64Array(0), new Float64Array(2), c);
    expect(Array.from(c)).toEqual([1, 2, 2, 3]);
    tableOf(name).gramAccumulate(5, 0, new Float64Array(0), new Float64Array(0), new Float64Array(0));
  });

  run('centres before multiplying: data at 1e8 ± 1 gives the scatter of the centred data', () => {
    // Entries 1e8 + u with u = k·2⁻²⁰ exact; the shift 1e8 + 0.25 is exact too, so the
    // centred values u − 0.25 are exact and the expected scatter needs no large numbers.
    const m = 3000;
    const n = 7;
    const rng = new Rng(4);
    const a = new Float64Array(m * n);
    const u = new Float64Array(m * n);
    for (let i = 0; i < m * n; i++) {
      u[i] = (Math.floor(rng.next() * 2 ** 21) - 2 ** 20) * 2 ** -20 - 0.25;
      a[i] = 1e8 + 0.25 + u[i];
    }
    const shift = new Float64Array(n).fill(1e8 + 0.25);
    const c = new Float64Array(n * n);
    tableOf(name).gramAccumulate(m, n, a, shift, c);
    const expected = new Float64Array(n * n);
    tableOf('ts').gramAccumulate(m, n, u, new Float64Array(n), expected);
    expectClose(c, expected, 1e-13);
  });

  run('propagates NaN to its row and column of C only', () => {
    const a = new Float64Array([1, 2, 3, 4, 5, NaN, 7, 8, 9]); // NaN in feature 2
    const c = new Float64Array(9);
    tableOf(name).gramAccumulate(3, 3, a, new Float64Array(3), c);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) expect(Number.isNaN(c[i * 3 + j])).toBe(i === 2 || j === 2);
    }
  });

  run.each([
    [2000, 500],
    [1300, 301],
    [517, 1030],
  ])('agrees with ts (ts: with gemm on a centred copy) to 1e-12 relative on random %i×%i', (m, n) => {
    const rng = new Rng(m * 7 + n);
    const a = randomArray(rng, m * n, 3);
    const s = randomArray(rng, n, 3);
    const c = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) c[i * n + j] = c[j * n + i] = rng.next();
    const expected = c.slice();
    tableOf(name).gramAccumulate(m, n, a, s, c);
    if (name === 'ts') {
      // Independent check: gemm(transA) on an explicitly centred copy.
      const y = new Float64Array(m * n);
      for (let r = 0; r < m; r++) for (let j = 0; j < n; j++) y[r * n + j] = a[r * n + j] - s[j];
      tableOf('ts').gemm(1, 0, n, n, m, 1, y, y, 1, expected);
    } else {
      tableOf('ts').gramAccumulate(m, n, a, s, expected);
    }
    expectClose(c, expected, 1e-12);
  });
});
