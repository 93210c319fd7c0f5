/**
 * trsm on every backend that implements it: scipy literals, then all 16 flag combinations ×
 * a shape catalogue (zeros, leaf-straddling, parallel-sized) with a componentwise residual
 * bound, then native against the ts reference, then hostile arguments to the native glue.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/random.js';
import { backendsAndVariantsWith, checkLoads, randomArray, tableOf } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';

type Flag = 0 | 1;
const FLAGS: [Flag, Flag, Flag, Flag][] = [];
for (const side of [0, 1] as const) for (const uplo of [0, 1] as const) for (const t of [0, 1] as const) for (const d of [0, 1] as const) FLAGS.push([side, uplo, t, d]);

/** [m, n]: zeros, ones, around the 32-row leaf, one long right-hand side (the SIMD trsv), and large enough to split across threads. */
const SHAPES: [number, number][] = [[0, 0], [0, 4], [4, 0], [1, 1], [1, 7], [7, 1], [3, 5], [31, 9], [32, 33], [33, 64], [65, 17], [100, 70], [200, 12], [70, 1], [1, 70], [150, 1]];

/** A k × k triangle-friendly matrix: off-diagonal entries O(1/k), diagonal in ±[1, 2]; both
 * triangles filled (the kernel must read only the one `uplo` names). */
function triangular(rng: Rng, k: number): Float64Array {
  const a = randomArray(rng, k * k);
  for (let i = 0; i < k * k; i++) a[i] /= Math.max(1, k / 4);
  for (let i = 0; i < k; i++) a[i * k + i] = (rng.next() < 0.5 ? -1 : 1) * (1 + rng.next());
  return a;
}

/** op(A) as a dense k × k with the unused triangle zeroed and a unit diagonal when diag = 1. */
function opTriangle(a: Float64Array, k: number, uplo: Flag, t: Flag, diag: Flag): Float64Array {
  const T = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const inTri = uplo === 0 ? j <= i : j >= i;
      const v = i === j && diag === 1 ? 1 : inTri ? a[i * k + j] : 0;
      if (t) T[j * k + i] = v;
      else T[i * k + j] = v;
    }
  }
  return T;
}

/** max over entries of |op(A)·X − alpha·B| / (|op(A)|·|X| + |alpha·B|), in units of k·ε. */
function residual(side: Flag, m: number, n: number, T: Float64Array, x: Float64Array, alpha: number, b: Float64Array): number {
  let worst = 0;
  const k = side === 0 ? m : n;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let size = 0;
      for (let p = 0; p < k; p++) {
        const prod = side === 0 ? T[i * k + p] * x[p * n + j] : x[i * n + p] * T[p * k + j];
        s += prod;
        size += Math.abs(prod);
      }
      const r = Math.abs(s - alpha * b[i * n + j]) / ((size + Math.abs(alpha * b[i * n + j])) * k * Number.EPSILON || 1);
      worst = Math.max(worst, r);
    }
  }
  return worst;
}

describe.each(backendsAndVariantsWith('trsm'))('trsm on $name', (backend) => {
  const { name, available } = backend;
  checkLoads(backend);
  const run = it.runIf(available);

  run('matches scipy.linalg.solve_triangular (1e-15 relative)', () => {
    const { trsm } = tableOf(name);
    // A lower with a junk upper triangle (must not be read); B 3×2.
    const A = Float64Array.from([2, 99, 99, -1.5, 4, 99, 0.5, 3, -8]);
    const B = [1, 2, 0.5, -1, 3, 0.25];
    let x = Float64Array.from(B);
    trsm(0, 0, 0, 0, 3, 2, 1, A, x); // solve_triangular(A, B, lower=True)
    expectClose(x, [0.5, 1, 0.3125, 0.125, -0.2265625, 0.078125], 1e-15);
    x = Float64Array.from(B);
    trsm(0, 0, 1, 0, 3, 2, 1, A, x); // trans='T'
    expectClose(x, [0.8984375, 0.837890625, 0.40625, -0.2265625, -0.375, -0.03125], 1e-15);
    // U = Aᵀ upper with unit diagonal: solve_triangular(A.T, B, lower=False, unit_diagonal=True)
    const U = Float64Array.from([7, -1.5, 0.5, 99, 7, 3, 99, 99, 7]);
    x = Float64Array.from(B);
    trsm(0, 1, 0, 1, 3, 2, 1, U, x);
    expectClose(x, [-13.25, -0.75, -8.5, -1.75, 3, 0.25], 1e-15);
    // Right side: X·A = 2·Bᵀ (Bᵀ 2×3); numpy 2 * solve(A.T, B).T
    x = Float64Array.from([1, 0.5, 3, 2, -1, 0.25]);
    trsm(1, 0, 0, 0, 2, 3, 2, A, x);
    expectClose(x, [1.796875, 0.8125, -0.75, 1.67578125, -0.453125, -0.0625], 1e-15);
  });

  run.each(FLAGS)('side=%i uplo=%i transA=%i diag=%i: residual ≤ 4·k·ε componentwise on the catalogue', (side, uplo, t, diag) => {
    const { trsm } = tableOf(name);
    const rng = new Rng(1 + side * 8 + uplo * 4 + t * 2 + diag);
    for (const [m, n] of SHAPES) {
      for (const alpha of [1, -2.5]) {
        const k = side === 0 ? m : n;
        const a = triangular(rng, k);
        const a0 = a.slice();
        const b = randomArray(rng, m * n);
        const x = b.slice();
        trsm(side, uplo, t, diag, m, n, alpha, a, x);
        if (a.some((v, i) => !Object.is(v, a0[i]))) throw new Error('A was written');
        const r = residual(side, m, n, opTriangle(a, k, uplo, t, diag), x, alpha, b);
        if (!(r <= 4)) throw new Error(`m=${m} n=${n} alpha=${alpha}: residual ${r} k·ε`);
      }
    }
  });

  run('alpha = 0 zeroes B without reading it; writes only m·n entries', () => {
    const { trsm } = tableOf(name);
    const b = new Float64Array(7).fill(NaN);
    trsm(0, 0, 0, 0, 2, 3, 0, new Float64Array(0), b.subarray(0, 6));
    expect(Array.from(b.subarray(0, 6))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Number.isNaN(b[6])).toBe(true);
  });

  run('a zero on the diagonal gives Inf/NaN as IEEE division does (no exception)', () => {
    const x = Float64Array.from([1, 1]);
    tableOf(name).trsm(0, 0, 0, 0, 2, 1, 1, Float64Array.from([0, 0, 1, 1]), x);
    expect(x[0]).toBe(Infinity);
  });

  it.runIf(available && name !== 'ts')('agrees with the ts reference on 300 × 250 (1e-12 relative), all layouts', () => {
    const rng = new Rng(77);
    for (const [side, uplo, t, diag] of FLAGS.filter((f) => f[3] === 0)) {
      const [m, n] = side === 0 ? [300, 250] : [250, 300];
      const k = side === 0 ? m : n;
      const a = triangular(rng, k);
      const b = randomArray(rng, m * n);
      const x = b.slice();
      const y = b.slice();
      tableOf(name).trsm(side, uplo, t, diag, m, n, 1, a, x);
      tableOf('ts').trsm(side, uplo, t, diag, m, n, 1, a, y);
      expectClose(x, y, 1e-12);
    }
  });

  it.runIf(available && name === 'native')('the glue throws TypeError/RangeError on hostile arguments, never crashes', () => {
    const { trsm } = tableOf(name) as unknown as { trsm: (...args: unknown[]) => void };
    const a = new Float64Array(9);
    const b = new Float64Array(6);
    expect(() => trsm(0, 0, 0, 0, 3, 2, 1, a)).toThrow(TypeError);
    expect(() => trsm(0, 0, 0, 0, 3, 2, 1, new Float32Array(9), b)).toThrow(TypeError);
    expect(() => trsm(0, 0, 0, 0, 3, 2, 1, a, [1, 2, 3, 4, 5, 6])).toThrow(TypeError);
    expect(() => trsm(0, 0, 0, 0, 3, 2, 1, a.subarray(0, 8), b)).toThrow(RangeError);
    expect(() => trsm(0, 0, 0, 0, 3, 3, 1, a, b)).toThrow(RangeError);
    expect(() => trsm(1, 0, 0, 0, 3, 2, 1, new Float64Array(3), b)).toThrow(RangeError);
    expect(() => trsm(2, 0, 0, 0, 3, 2, 1, a, b)).toThrow(RangeError);
    expect(() => trsm(0, 0, 0, 0, -1, 2, 1, a, b)).toThrow(RangeError);
    expect(() => trsm(0, 0, 0, 0, 1.5, 2, 1, a, b)).toThrow(RangeError);
    expect(() => trsm(0, 0, 0, 0, 1e300, 1e300, 1, a, b)).toThrow(RangeError);
    expect(() => trsm('0', 0, 0, 0, 3, 2, 1, a, b)).toThrow(TypeError);
  });
});
