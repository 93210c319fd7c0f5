/**
 * symEig on the matrices that are hard for divide and conquer (the native path above its leaf
 * size, 25): repeated and clustered eigenvalues that deflate (identity, rank one + identity,
 * Wilkinson, glued Wilkinson, a tight cluster), graded entries, and sizes around the leaf size.
 * Bounds as LAPACK's tests state them: ‖AZ − ZΛ‖_F / (‖A‖_F · n · ε) < 10 and
 * ‖ZᵀZ − I‖_F / (n · ε) < 10; eigenvalues against numpy.linalg.eigvalsh literals (numpy 2.4) or
 * the exact spectrum, at 1e-12 of ‖A‖₂. Runs on every backend (wasm also takes divide and
 * conquer from n = 160, with 1-row leaves; ts uses QL/QR: the same bounds hold for it).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/random.js';
import { backendsAndVariantsWith, BACKENDS, checkLoads, tableOf, KERNEL_BACKENDS } from '../helpers/backends.js';
import { eigRatios, randomSymmetric, symmetrize, tridiagonal } from '../helpers/sym-eig.js';

const BOUND = 10;
const VALUE_RTOL = 1e-12;

interface Case {
  label: string;
  n: number;
  a: () => Float64Array;
  /** Reference eigenvalues at (ascending) indices `at`. */
  at: number[];
  values: number[];
  /** Not on ts (native and wasm take divide and conquer here; ts's QL/QR takes seconds at this size). */
  notTs?: boolean;
}

/** W_n⁺: diagonal |i − (n−1)/2|, off-diagonal 1; eigenvalues pair up to within ε at the top. */
function wilkinson(n: number): Float64Array {
  const m = (n - 1) / 2;
  return tridiagonal(Array.from({ length: n }, (_, i) => Math.abs(i - m)), new Array(n - 1).fill(1));
}

/** `copies` W_b⁺ blocks on the diagonal, glued by off-diagonal entries `glue`. */
function gluedWilkinson(b: number, copies: number, glue: number): Float64Array {
  const n = b * copies;
  const m = (b - 1) / 2;
  const d = Array.from({ length: n }, (_, i) => Math.abs((i % b) - m));
  const e = Array.from({ length: n - 1 }, (_, i) => ((i + 1) % b === 0 ? glue : 1));
  return tridiagonal(d, e);
}

/** I + u uᵀ, u_i = (i + 1)/n: eigenvalue 1 (n − 1 times) and 1 + ‖u‖². */
function rankOnePlusIdentity(n: number): { a: Float64Array; values: number[] } {
  const u = Array.from({ length: n }, (_, i) => (i + 1) / n);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = (i === j ? 1 : 0) + u[i] * u[j];
  const uu = u.reduce((s, x) => s + x * x, 0);
  return { a, values: [...new Array(n - 1).fill(1), 1 + uu] };
}

/** V diag(λ) Vᵀ for an exactly orthogonal V: a product of Givens rotations (seeded angles). */
function withSpectrum(lambda: number[], seed: number): Float64Array {
  const n = lambda.length;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = lambda[i];
  const rng = new Rng(seed);
  for (let sweep = 0; sweep < 3; sweep++) {
    for (let p = 0; p + 1 < n; p++) {
      const q = p + 1 + Math.floor(rng.next() * (n - p - 1));
      const t = 2 * Math.PI * rng.next();
      const c = Math.cos(t);
      const s = Math.sin(t);
      for (let k = 0; k < n; k++) { // rows p, q
        const x = a[p * n + k];
        const y = a[q * n + k];
        a[p * n + k] = c * x - s * y;
        a[q * n + k] = s * x + c * y;
      }
      for (let k = 0; k < n; k++) { // columns p, q
        const x = a[k * n + p];
        const y = a[k * n + q];
        a[k * n + p] = c * x - s * y;
        a[k * n + q] = s * x + c * y;
      }
    }
  }
  return symmetrize(a, n);
}

const all = (n: number) => Array.from({ length: n }, (_, i) => i);
const gradedTri = (n: number) =>
  tridiagonal(
    Array.from({ length: n }, (_, i) => 10 ** ((-15 * i) / n)),
    Array.from({ length: n - 1 }, (_, i) => 10 ** ((-15 * (i + 0.5)) / n)),
  );
/** Three tight clusters (spread 1e-12) and a few isolated values. */
const clusterSpectrum = (n: number) =>
  Array.from({ length: n }, (_, i) => (i % 4 === 3 ? i / n : [-1, 0.5, 2][i % 4] + 1e-12 * i)).sort((x, y) => x - y);

const CASES: Case[] = [
  ...[24, 25, 26, 27, 50, 51, 52, 159, 160, 161].map((n) => ({ label: `random (around native's leaf size 25, twice it, and wasm's crossover 160)`, n, a: () => randomSymmetric(n, 70 + n), at: [], values: [] })),
  { label: 'Wilkinson W101+', n: 101, a: () => wilkinson(101), at: [0, 1, 25, 50, 75, 99, 100], values: [-1.1254415221200547, 0.25380581709666405, 13.000000000000007, 25.0, 37.99999999999998, 50.74619418290335, 50.74619418290336] },
  { label: 'Wilkinson W501+', n: 501, a: () => wilkinson(501), at: [0, 1, 125, 250, 375, 499, 500], values: [-1.1254415221201945, 0.25380581709680783, 62.99999999999997, 124.99999999999997, 187.99999999999997, 250.7461941829033, 250.74619418290337], notTs: true },
  { label: '24 glued W21+ (glue 1e-10)', n: 504, a: () => gluedWilkinson(21, 24, 1e-10), at: [0, 1, 126, 252, 378, 502, 503], values: [-1.1254415221200245, -1.12544152212001, 2.961058884185724, 5.000244425001914, 8.038941115820768, 10.74619418296377, 10.746194182963771], notTs: true },
  { label: 'graded tridiagonal (1 … 1e-15)', n: 300, a: () => gradedTri(300), at: [0, 1, 75, 150, 225, 298, 299], values: [-0.6280603494781721, -0.39149234106790415, -2.5512688498903154e-12, 9.101686798384155e-12, 3.838153105516904e-06, 1.6797039983024427, 2.275714962532059] },
  { label: 'identity', n: 300, a: () => tridiagonal(new Array(300).fill(1), new Array(299).fill(0)), at: all(300), values: new Array(300).fill(1) },
  ...[60, 400].map((n) => {
    const { a, values } = rankOnePlusIdentity(n);
    return { label: 'rank one + identity', n, a: () => a, at: all(n), values, notTs: n > 100 };
  }),
  ...[90, 500].map((n) => {
    const values = clusterSpectrum(n);
    return { label: 'three clusters of width 1e-12', n, a: () => withSpectrum(values, n), at: all(n), values, notTs: n > 100 };
  }),
  { label: 'random', n: 1000, a: () => randomSymmetric(1000, 11), at: [], values: [], notTs: true },
];

describe.each(backendsAndVariantsWith('symEig'))('symEig on $name: divide-and-conquer hard cases', (backend) => {
  const { name, available } = backend;
  checkLoads(backend);
  const via = BACKENDS.some((b) => b.name === 'native' && b.available) ? 'native' : 'ts';

  it.runIf(available).each(CASES.filter((c) => !c.notTs || name !== 'ts'))('$label, n = $n: residual and orthogonality < 10 n ε, values at 1e-12', (c) => {
    const { n } = c;
    const a = c.a();
    const w = new Float64Array(n).fill(NaN);
    const z = new Float64Array(n * n).fill(NaN);
    expect(tableOf(name).symEig(n, a.slice(), w, z, 1)).toBe(0);
    for (let j = 1; j < n; j++) expect(w[j - 1]).toBeLessThanOrEqual(w[j]);
    const { residual, orthogonality } = eigRatios(tableOf(via).gemm, n, n, a, w, z);
    expect(residual).toBeLessThan(BOUND);
    expect(orthogonality).toBeLessThan(BOUND);
    let norm2 = Math.max(Math.abs(w[0]), Math.abs(w[n - 1]));
    if (c.values.length) norm2 = Math.max(Math.abs(c.values[0]), Math.abs(c.values[c.values.length - 1]));
    c.at.forEach((i, k) => expect(Math.abs(w[i] - c.values[k]) / norm2).toBeLessThan(VALUE_RTOL));
    // Values-only mode (dsterf) agrees.
    const w0 = new Float64Array(n);
    expect(tableOf(name).symEig(n, a.slice(), w0, new Float64Array(0), 0)).toBe(0);
    for (let j = 0; j < n; j++) expect(Math.abs(w0[j] - w[j]) / norm2).toBeLessThan(VALUE_RTOL);
  });
});
