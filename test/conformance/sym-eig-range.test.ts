/**
 * symEigRange on every backend that implements it (native, wasm: bisection + inverse iteration;
 * ts: the reference symEig, then selected). Eigenvalues il..iu must be symEig's at those
 * indices (numpy.linalg.eigvalsh literals where given, at 1e-12 of ‖A‖₂), the vectors must
 * satisfy LAPACK's bounds ‖AZ − ZΛ‖_F / (‖A‖_F · n · ε) < 10 and ‖ZᵀZ − I‖_F / (n · ε) < 10,
 * and span the same space as symEig's columns il..iu when the selection does not cut a
 * cluster (‖Z_fullᵀ Z‖ singular values all 1).
 */
import { describe, expect, it } from 'vitest';
import { backendsAndVariantsWith, backendsWith, checkLoads, tableOf } from '../helpers/backends.js';
import { eigRatios, randomSymmetric, tridiagonal } from '../helpers/sym-eig.js';

const BOUND = 10;
const VALUE_RTOL = 1e-12;

const wilkinson = (n: number) => tridiagonal(Array.from({ length: n }, (_, i) => Math.abs(i - (n - 1) / 2)), new Array(n - 1).fill(1));
const glued = (b: number, c: number) =>
  tridiagonal(
    Array.from({ length: b * c }, (_, i) => Math.abs((i % b) - (b - 1) / 2)),
    Array.from({ length: b * c - 1 }, (_, i) => ((i + 1) % b === 0 ? 1e-10 : 1)),
  );
const hilbert = (n: number) => Float64Array.from({ length: n * n }, (_, k) => 1 / (Math.floor(k / n) + (k % n) + 1));
const identity = (n: number) => Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0));
const rankOnePlusIdentity = (n: number) => Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0) + ((Math.floor(k / n) + 1) / n) * (((k % n) + 1) / n));

interface Case {
  label: string;
  n: number;
  a: () => Float64Array;
  ranges: [number, number][];
  /** Whether a range may cut a cluster of (nearly) equal eigenvalues: then only bounds, no span check. */
  clustered?: boolean;
  /** Only where the kernel's own algorithm runs (native, wasm); ts would just repeat symEig, slowly. */
  nativeOnly?: boolean;
}

const CASES: Case[] = [
  { label: 'random', n: 1, a: () => Float64Array.of(-2.5), ranges: [[0, 0]] },
  { label: 'random', n: 2, a: () => randomSymmetric(2, 1), ranges: [[0, 0], [1, 1], [0, 1]] },
  { label: 'random', n: 30, a: () => randomSymmetric(30, 2), ranges: [[0, 0], [29, 29], [10, 16], [20, 29], [0, 29]] },
  { label: 'random', n: 300, a: () => randomSymmetric(300, 3), ranges: [[290, 299], [0, 4], [100, 160], [0, 299]] },
  { label: 'Hilbert', n: 12, a: () => hilbert(12), ranges: [[0, 3], [9, 11]] },
  { label: 'Wilkinson W201+', n: 201, a: () => wilkinson(201), ranges: [[181, 200], [0, 49]], clustered: true },
  { label: '20 glued W21+', n: 420, a: () => glued(21, 20), ranges: [[360, 419], [100, 180]], clustered: true },
  { label: 'identity', n: 200, a: () => identity(200), ranges: [[10, 100]], clustered: true },
  // A cluster of 281 wanted values: native leaves inverse iteration for divide and conquer, wasm
  // for its full symEig.
  { label: 'identity', n: 600, a: () => identity(600), ranges: [[10, 290]], clustered: true, nativeOnly: true },
  { label: 'rank one + identity', n: 300, a: () => rankOnePlusIdentity(300), ranges: [[295, 299], [0, 50]], clustered: true },
  { label: 'zero', n: 40, a: () => new Float64Array(1600), ranges: [[5, 20]], clustered: true },
];

/** numpy.linalg.eigvalsh (numpy 2.4) of Hilbert(12), ascending. */
const HILBERT12 = [
  1.085093689349308e-16, 2.6494018824425325e-14, 3.1113467026020814e-12, 2.2519645794742295e-10, 1.1228610682975098e-8,
  4.0823761103439136e-7, 1.1163357483235139e-5, 0.00023308908902175762, 0.003722312237891125, 0.044738548752180904,
  0.3802752459550369, 1.7953720595619975,
];

describe.each(backendsAndVariantsWith('symEigRange'))('symEigRange on $name', (backend) => {
  const { name, available } = backend;
  checkLoads(backend);
  const run = it.runIf(available);
  const g = tableOf(backendsWith('gemm').some((b) => b.name === 'native' && b.available) ? 'native' : 'ts').gemm;

  const flat = CASES.filter((c) => !c.nativeOnly || name !== 'ts').flatMap((c) => c.ranges.map(([il, iu]) => ({ ...c, il, iu })));
  run.each(flat)('$label, n = $n, [$il, $iu]: symEig values, residual and orthogonality < 10 n ε', (c) => {
    const { n, il, iu } = c;
    const k = iu - il + 1;
    const a = c.a();
    const w = new Float64Array(k).fill(NaN);
    const z = new Float64Array(n * k).fill(NaN);
    expect(tableOf(name).symEigRange(n, a.slice(), il, iu, w, z, 1)).toBe(0);
    const wf = new Float64Array(n);
    const zf = new Float64Array(n * n);
    expect(tableOf(name).symEig(n, a.slice(), wf, zf, 1)).toBe(0);
    const norm2 = Math.max(Math.abs(wf[0]), Math.abs(wf[n - 1]), Number.MIN_VALUE);
    for (let j = 0; j < k; j++) expect(Math.abs(w[j] - wf[il + j]) / norm2).toBeLessThan(VALUE_RTOL);
    if (c.label === 'Hilbert') for (let j = 0; j < k; j++) expect(Math.abs(w[j] - HILBERT12[il + j]) / norm2).toBeLessThan(VALUE_RTOL);
    // Residual and orthogonality.
    const { residual, orthogonality } = eigRatios(g, n, k, a, w, z);
    expect(residual).toBeLessThan(BOUND); // A = 0: exactly 0 (see eigRatios)
    expect(orthogonality).toBeLessThan(BOUND);
    // Same span as symEig's columns il..iu: P = Z_selᵀ Z is orthogonal (‖PᵀP − I‖ small).
    if (!c.clustered) {
      const zsel = new Float64Array(n * k);
      for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) zsel[i * k + j] = zf[i * n + il + j];
      const p = new Float64Array(k * k);
      g(1, 0, k, k, n, 1, zsel, z, 0, p);
      const ptp = new Float64Array(k * k);
      g(1, 0, k, k, k, 1, p, p, 0, ptp);
      let worst = 0;
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) worst = Math.max(worst, Math.abs(ptp[i * k + j] - (i === j ? 1 : 0)));
      expect(worst).toBeLessThan(1e-10);
    }
    // Values only: same values, z untouched.
    const w0 = new Float64Array(k);
    const untouched = new Float64Array(3).fill(-1.5);
    expect(tableOf(name).symEigRange(n, a.slice(), il, iu, w0, untouched, 0)).toBe(0);
    expect(Array.from(untouched)).toEqual([-1.5, -1.5, -1.5]);
    for (let j = 0; j < k; j++) expect(Math.abs(w0[j] - w[j]) / norm2).toBeLessThan(VALUE_RTOL);
  });

  run('n = 0 does nothing and returns 0', () => {
    const w = Float64Array.of(7);
    expect(tableOf(name).symEigRange(0, new Float64Array(0), 0, 0, w, new Float64Array(0), 1)).toBe(0);
    expect(w[0]).toBe(7);
  });

  run('writes exactly k entries of w and n·k of z', () => {
    const n = 20;
    const w = new Float64Array(3 + 4).fill(123);
    const z = new Float64Array(n * 3 + 5).fill(123);
    expect(tableOf(name).symEigRange(n, randomSymmetric(n, 9), 5, 7, w.subarray(0, 3), z.subarray(0, n * 3), 1)).toBe(0);
    expect(Array.from(w.subarray(3))).toEqual([123, 123, 123, 123]);
    expect(Array.from(z.subarray(n * 3))).toEqual([123, 123, 123, 123, 123]);
  });
});

describe('native symEigRange glue', () => {
  const native = backendsWith('symEigRange').find((b) => b.name === 'native');
  it.runIf(native?.available)('bad arguments raise TypeError / RangeError, never crash the process', () => {
    const f = tableOf('native').symEigRange as (...a: unknown[]) => number;
    const v = (n: number) => new Float64Array(n);
    const call = (...args: unknown[]) => () => f(...args);
    expect(call(3, v(8), 0, 1, v(2), v(6), 1)).toThrow(/a has 8 elements/);
    expect(call(3, v(9), 0, 1, v(1), v(6), 1)).toThrow(/w has 1 elements/);
    expect(call(3, v(9), 0, 1, v(2), v(5), 1)).toThrow(/z has 5 elements/);
    expect(call(3, v(9), 2, 1, v(2), v(6), 1)).toThrow(RangeError);
    expect(call(3, v(9), 0, 3, v(4), v(12), 1)).toThrow(RangeError);
    expect(call(3, v(9), -1, 1, v(2), v(6), 1)).toThrow(RangeError);
    expect(call(3, 'a', 0, 1, v(2), v(6), 1)).toThrow(TypeError);
    expect(call(3, v(9), 0, 1, v(2), v(6))).toThrow(TypeError);
    expect(call(3, v(9), 0, 1, v(2), v(0), 0)()).toBe(0); // values only: z may be empty
  });
});
