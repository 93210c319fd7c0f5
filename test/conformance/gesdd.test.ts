/**
 * gesdd on every backend that implements it (native: LAPACK's pipeline; ts: one-sided Jacobi,
 * the reference; wasm: LAPACK's pipeline as native's, assembly/lapack/gesdd.ts). First numpy's singular values (literals from `numpy.linalg.svd(A,
 * compute_uv=False)`, numpy 2.4, on matrices given by formulas both sides evaluate), then
 * LAPACK's accuracy ratios on a catalogue of families and shapes for jobz 0/1/2, zero sizes,
 * native vs ts, and hostile arguments to the native glue.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/random.js';
import { backendsAndVariantsWith, BACKENDS, checkerGemm, checkLoads, tableOf, KERNEL_BACKENDS, type TestBackendName } from '../helpers/backends.js';

const EPS = 2 ** -52;
/** Singular values against numpy: |s − s_numpy| ≤ 1e-12 · s_numpy[0] (issue #8's bound). */
const SV_RTOL = 1e-12;
/** LAPACK's test threshold for the scaled residual and orthogonality ratios. */
const RATIO = 10;

/** sin(1 + 7i + 3j² + ij): full rank, not structured. */
const sinq = (m: number, n: number) => fill(m, n, (i, j) => Math.sin(1 + 7 * i + 3 * j * j + i * j));
/** sin(1 + 7i + 3j): rank 2 exactly. */
const sinRank2 = (m: number, n: number) => fill(m, n, (i, j) => Math.sin(1 + 7 * i + 3 * j));
const hilbert = (n: number) => fill(n, n, (i, j) => 1 / (i + j + 1));
/** (sin(1 + 7i + 3j) + 3δij)·10^(−3j): columns graded over 15 decades. */
const gradedCols = () => fill(6, 6, (i, j) => (Math.sin(1 + 7 * i + 3 * j) + (i === j ? 3 : 0)) * 10 ** (-3 * j));
const gradedRows = () => fill(6, 6, (i, j) => (Math.sin(1 + 7 * i + 3 * j) + (i === j ? 3 : 0)) * 10 ** (-3 * i));

function fill(m: number, n: number, f: (i: number, j: number) => number): { m: number; n: number; a: Float64Array } {
  const a = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[i * n + j] = f(i, j);
  return { m, n, a };
}

/** numpy.linalg.svd(A, compute_uv=False) (at the listed indices when `at` is given). */
const NUMPY: { name: string; A: () => { m: number; n: number; a: Float64Array }; at?: number[]; s: number[] }[] = [
  { name: 'sinq 8×6', A: () => sinq(8, 6), s: [2.865680662006255, 2.365412223651034, 2.2698507657676146, 1.3502151122454455, 1.1239249584517634, 0.454732811071849] },
  { name: 'sinq 6×8', A: () => sinq(6, 8), s: [2.738108330929699, 2.503178995323879, 2.333707898523894, 1.513613028798537, 1.2520608584981372, 0.4688516038449976] },
  { name: 'sin rank 2, 7×5', A: () => sinRank2(7, 5), s: [4.449302903642454, 0.7466785871175107, 0, 0, 0] },
  { name: 'sin rank 2, 5×7', A: () => sinRank2(5, 7), s: [3.850791410588624, 1.1977749601496868, 0, 0, 0] },
  {
    name: 'Hilbert(12)',
    A: () => hilbert(12),
    s: [1.7953720595619977, 0.38027524595503703, 0.04473854875218105, 0.0037223122378911466, 0.0002330890890217741, 1.1163357483233162e-05, 4.0823761103966345e-07, 1.1228610672022345e-08, 2.2519645314790242e-10, 3.1113425772890174e-12, 2.64960241591187e-14, 1.0249925489188608e-16],
  },
  { name: 'graded columns', A: gradedCols, s: [4.193175090625615, 0.002441525884849655, 3.734331613083032e-6, 2.7238835516934374e-9, 2.9312749716056594e-12, 3.060962439994326e-15] },
  { name: 'graded rows', A: gradedRows, s: [4.039389729504991, 0.002722092289018732, 3.6926763759654543e-6, 2.6845740103086553e-9, 2.601777037695144e-12, 3.2946933620130867e-15] },
  // Past native's divide-and-conquer crossover (64), and m·n ≤ 1e4, so the vectors pass below runs it.
  { name: 'sinq 100×100', A: () => sinq(100, 100), at: [0, 1, 50, 98, 99], s: [12.413756463297839, 12.041287551937726, 6.277911906812943, 0.14225014137429826, 0.020157739590728644] },
  { name: 'sinq 120×80', A: () => sinq(120, 80), at: [0, 1, 40, 78, 79], s: [12.719945873753929, 12.134010204417418, 7.511679637056751, 1.3139136481297895, 0.5253032499422974] },
  { name: 'sinq 2000×50', A: () => sinq(2000, 50), at: [0, 1, 24, 48, 49], s: [32.473491207529776, 32.452634668000805, 31.66759734919438, 30.72460938319744, 30.71277383623204] },
  { name: 'sinq 50×2000', A: () => sinq(50, 2000), at: [0, 1, 24, 48, 49], s: [35.517573192108244, 35.458725637080065, 31.689990964201062, 27.12880904452194, 26.88461048023903] },
];

function randomCase(m: number, n: number, seed: number) {
  const rng = new Rng(seed);
  return fill(m, n, () => rng.next() * 2 - 1);
}

/** X (m × r) · Y (r × n): rank r. */
function lowRank(m: number, n: number, r: number, seed: number) {
  const x = randomCase(m, r, seed).a;
  const y = randomCase(r, n, seed + 1).a;
  return fill(m, n, (i, j) => {
    let acc = 0;
    for (let p = 0; p < r; p++) acc += x[i * r + p] * y[p * n + j];
    return acc;
  });
}

/** A Householder reflector I − 2vvᵀ/vᵀv: orthogonal, every singular value 1. */
function reflector(n: number) {
  const v = Array.from({ length: n }, (_, i) => Math.cos(i + 1));
  const vv = v.reduce((s, x) => s + x * x, 0);
  return fill(n, n, (i, j) => (i === j ? 1 : 0) - (2 * v[i] * v[j]) / vv);
}

/** Properties catalogue: name, matrix, the jobz values to run (2 only where small). */
const CASES: { name: string; A: () => { m: number; n: number; a: Float64Array }; jobs: (0 | 1 | 2)[] }[] = [
  { name: 'random 40×30', A: () => randomCase(40, 30, 1), jobs: [0, 1, 2] },
  { name: 'random 30×40', A: () => randomCase(30, 40, 2), jobs: [0, 1, 2] },
  { name: 'random 64×64', A: () => randomCase(64, 64, 3), jobs: [0, 1, 2] },
  { name: 'graded columns', A: gradedCols, jobs: [0, 1, 2] },
  { name: 'graded rows', A: gradedRows, jobs: [0, 1, 2] },
  { name: 'Hilbert(12)', A: () => hilbert(12), jobs: [0, 1, 2] },
  { name: 'rank 5, 30×20', A: () => lowRank(30, 20, 5, 7), jobs: [0, 1, 2] },
  { name: 'rank 3, 20×30', A: () => lowRank(20, 30, 3, 9), jobs: [0, 1, 2] },
  { name: 'zero 5×3', A: () => fill(5, 3, () => 0), jobs: [0, 1, 2] },
  { name: 'identity 10', A: () => fill(10, 10, (i, j) => (i === j ? 1 : 0)), jobs: [0, 1, 2] },
  { name: 'reflector 12 (all s = 1)', A: () => reflector(12), jobs: [0, 1, 2] },
  { name: 'repeated s (diag 3,3,3,1,1)', A: () => fill(5, 5, (i, j) => (i === j ? (i < 3 ? 3 : 1) : 0)), jobs: [0, 1, 2] },
  { name: '1×1', A: () => fill(1, 1, () => -2.5), jobs: [0, 1, 2] },
  { name: '1×5', A: () => sinq(1, 5), jobs: [0, 1, 2] },
  { name: '5×1', A: () => sinq(5, 1), jobs: [0, 1, 2] },
  { name: 'tiny scale 1e-300', A: () => fill(3, 2, (i, j) => Math.sin(i + 2 * j + 1) * 1e-300), jobs: [0, 1] },
  { name: 'huge scale 1e300', A: () => fill(3, 2, (i, j) => Math.sin(i + 2 * j + 1) * 1e300), jobs: [0, 1] },
  // Past LAPACK's 11/6 crossover native takes the QR (LQ of the buffer) route first.
  { name: 'tall 40×8', A: () => randomCase(40, 8, 13), jobs: [0, 1, 2] },
  { name: 'wide 8×40', A: () => randomCase(8, 40, 14), jobs: [0, 1, 2] },
  { name: 'rank 2, 45×9', A: () => lowRank(45, 9, 2, 15), jobs: [0, 1, 2] },
  { name: 'tall 2000×50', A: () => randomCase(2000, 50, 11), jobs: [0, 1] },
  { name: 'wide 50×2000', A: () => randomCase(50, 2000, 12), jobs: [0, 1] },
];

/** H1 · diag(sigma) · H2 with H1, H2 Householder reflectors of random vectors: an n × n matrix
 * with exactly the singular values sigma (up to rounding), in no particular order. */
function withSpectrum(sigma: number[], seed: number) {
  const n = sigma.length;
  const rng = new Rng(seed);
  const v1 = Array.from({ length: n }, () => rng.next() * 2 - 1);
  const v2 = Array.from({ length: n }, () => rng.next() * 2 - 1);
  const n1 = v1.reduce((acc, x) => acc + x * x, 0);
  const n2 = v2.reduce((acc, x) => acc + x * x, 0);
  // X = diag(sigma) H2, then A = H1 X = X − 2 v1 (v1ᵀ X) / (v1ᵀ v1).
  const x = fill(n, n, (i, j) => sigma[i] * ((i === j ? 1 : 0) - (2 * v2[i] * v2[j]) / n2)).a;
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) w[j] += v1[i] * x[i * n + j];
  return fill(n, n, (i, j) => x[i * n + j] - (2 * v1[i] * w[j]) / n1);
}

/** The n × n lower bidiagonal (row-major) with diagonal d and sub-diagonal e: its column-major
 * buffer is the upper bidiagonal native bidiagonalises to itself, so d and e reach the bidiagonal
 * SVD as given. */
function bidiagonal(d: number[], e: number[]) {
  return fill(d.length, d.length, (i, j) => (i === j ? d[i] : i === j + 1 ? e[j] : 0));
}

/** Divide and conquer's catalogue (native takes it with vectors from n = 64 on: lapack/bdsdc.cc):
 * sizes past the crossover, clustered and repeated values (deflation by rotation), tiny
 * bidiagonal entries and tiny weights (deflation), zero singular values. */
const DC_CASES: { name: string; A: () => { m: number; n: number; a: Float64Array }; jobs: (1 | 2)[]; noTs?: boolean }[] = [
  { name: 'random 200×200', A: () => randomCase(200, 200, 31), jobs: [1, 2] },
  // ~2-4 s (the checks are O(n³) in JS): the halves on two threads and the secular roots split
  // between threads only happen from n ≈ 600 on. ts's Jacobi would take far longer: not compared.
  { name: 'random 640×640 (children on two threads)', A: () => randomCase(640, 640, 39), jobs: [1], noTs: true },
  { name: 'random 150×100 (tall, bidiagonalised directly)', A: () => randomCase(150, 100, 32), jobs: [1, 2] },
  { name: 'random 100×150 (wide)', A: () => randomCase(100, 150, 33), jobs: [1, 2] },
  { name: 'random 400×120 (QR first, then the 120×120 triangle)', A: () => randomCase(400, 120, 34), jobs: [1, 2] },
  { name: 'random 120×400 (LQ first: QR of Aᵀ)', A: () => randomCase(120, 400, 40), jobs: [1, 2] },
  { name: 'rank 20, 300×90 (QR first, rank-deficient triangle)', A: () => lowRank(300, 90, 20, 41), jobs: [1] },
  {
    name: 'clustered s: 1 + j·1e-14 (60 values), 1e-8·(1 + j·1e-12) (40), spread (60)',
    A: () => withSpectrum([...Array.from({ length: 60 }, (_, j) => 1 + j * 1e-14), ...Array.from({ length: 40 }, (_, j) => 1e-8 * (1 + j * 1e-12)), ...Array.from({ length: 60 }, (_, j) => 0.5 + j / 100)], 35),
    jobs: [1],
  },
  { name: 'repeated s: 5 values, 30 times each', A: () => withSpectrum(Array.from({ length: 150 }, (_, j) => [4, 2, 1, 0.5, 0.25][j % 5]), 36), jobs: [1, 2] },
  { name: 'all s = 1 (reflector 100)', A: () => reflector(100), jobs: [1] },
  {
    name: 'bidiagonal with tiny, zero and 1e-9 entries (splits, deflation, zero s)',
    A: () => {
      const rng = new Rng(37);
      const d = Array.from({ length: 180 }, (_, i) => (i % 41 === 7 ? 0 : 0.5 + rng.next()));
      const e = Array.from({ length: 179 }, (_, i) => (i % 23 === 5 ? 1e-20 : i % 17 === 3 ? 1e-9 : rng.next() - 0.5));
      return bidiagonal(d, e);
    },
    jobs: [1, 2],
  },
  { name: 'graded bidiagonal d = 10^(-j/8), e = d/2', A: () => bidiagonal(Array.from({ length: 120 }, (_, j) => 10 ** (-j / 8)), Array.from({ length: 119 }, (_, j) => 10 ** (-j / 8) / 2)), jobs: [1] },
  { name: 'rank 37, 200×200 (163 zero s)', A: () => lowRank(200, 200, 37, 38), jobs: [1] },
  { name: 'Hilbert(100) (most s below ε·s[0])', A: () => hilbert(100), jobs: [1] },
  { name: 'zero 70×70', A: () => fill(70, 70, () => 0), jobs: [1, 2] },
];

interface Svd {
  info: number;
  s: Float64Array;
  u: Float64Array;
  vt: Float64Array;
  uc: number;
  vr: number;
}

function run(name: TestBackendName, jobz: 0 | 1 | 2, m: number, n: number, a: Float64Array): Svd {
  const k = Math.min(m, n);
  const uc = jobz === 2 ? m : jobz === 1 ? k : 0;
  const vr = jobz === 2 ? n : jobz === 1 ? k : 0;
  const s = new Float64Array(k);
  const u = new Float64Array(m * uc);
  const vt = new Float64Array(vr * n);
  const info = tableOf(name).gesdd(jobz, m, n, a.slice(), s, u, vt);
  return { info, s, u, vt, uc, vr };
}

const frob = (x: Float64Array) => Math.sqrt(x.reduce((acc, v) => acc + v * v, 0));

/** ‖A − U Σ Vᵀ‖_F / (‖A‖_F · max(m, n) · ε), over the first k columns/rows; computed on A and
 * Σ scaled by 1/max|A| so that 1e±300 entries do not over/underflow the norms. Products by
 * checkerGemm (native's where it loaded; held to the ts reference by its own suite). */
function residualRatio(m: number, n: number, a0: Float64Array, r: Svd): number {
  const k = Math.min(m, n);
  const big = a0.reduce((acc, v) => Math.max(acc, Math.abs(v)), 0) || 1;
  const a = a0.map((v) => v / big);
  const us = new Float64Array(m * k);
  for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) us[i * k + p] = r.u[i * r.uc + p] * (r.s[p] / big);
  const usv = new Float64Array(m * n);
  if (k > 0) checkerGemm()(0, 0, m, n, k, 1, us, r.vt.subarray(0, k * n), 0, usv);
  let err = 0;
  for (let i = 0; i < m * n; i++) err += (a[i] - usv[i]) ** 2;
  const an = frob(a);
  return an === 0 ? Math.sqrt(err) : Math.sqrt(err) / (an * Math.max(m, n) * EPS);
}

/** ‖G − I‖_F / (l · ε) for a c × c Gram matrix G. */
function fromIdentity(g: Float64Array, c: number, l: number): number {
  let err = 0;
  for (let p = 0; p < c; p++) for (let r = 0; r < c; r++) err += (g[p * c + r] - (p === r ? 1 : 0)) ** 2;
  return Math.sqrt(err) / (l * EPS);
}

/** ‖QᵀQ − I‖_F / (max(m, n) · ε) for the c columns of q (rows × c, row-major). */
function orthoColumns(q: Float64Array, rows: number, c: number, l: number): number {
  const g = new Float64Array(c * c);
  if (rows > 0) checkerGemm()(1, 0, c, c, rows, 1, q.subarray(0, rows * c), q.subarray(0, rows * c), 0, g);
  return fromIdentity(g, c, l);
}

/** The same for the c rows of q (c × cols, row-major). */
function orthoRows(q: Float64Array, c: number, cols: number, l: number): number {
  const g = new Float64Array(c * c);
  if (cols > 0) checkerGemm()(0, 1, c, c, cols, 1, q.subarray(0, c * cols), q.subarray(0, c * cols), 0, g);
  return fromIdentity(g, c, l);
}

for (const backend of KERNEL_BACKENDS) {
  if (!backendsAndVariantsWith('gesdd').includes(backend)) continue;
  describe(`gesdd on ${backend.name}`, () => {
    checkLoads(backend);
    const it_ = it.runIf(backend.available);
    const name = backend.name;

    for (const c of NUMPY) {
      it_(`${c.name}: singular values match numpy to ${SV_RTOL} of s[0]`, () => {
        const { m, n, a } = c.A();
        const r = run(name, 0, m, n, a);
        expect(r.info).toBe(0);
        const idx = c.at ?? c.s.map((_, i) => i);
        const got = idx.map((i) => r.s[i]);
        for (let i = 0; i < got.length; i++) expect(Math.abs(got[i] - c.s[i])).toBeLessThanOrEqual(SV_RTOL * c.s[0]);
        // The vectors pass yield the same values.
        if (m * n <= 1e4) {
          const rv = run(name, 1, m, n, a);
          for (let i = 0; i < r.s.length; i++) expect(Math.abs(rv.s[i] - r.s[i])).toBeLessThanOrEqual(SV_RTOL * c.s[0]);
          for (let i = 0; i < idx.length; i++) expect(Math.abs(rv.s[idx[i]] - c.s[i])).toBeLessThanOrEqual(SV_RTOL * c.s[0]);
        }
      });
    }

    /** Runs the kernel and checks what holds for every case: info 0, s descending ≥ 0 and, with
     * vectors, LAPACK's residual and orthogonality ratios. */
    const checkedRun = ({ m, n, a }: { m: number; n: number; a: Float64Array }, jobz: 0 | 1 | 2) => {
      const r = run(name, jobz, m, n, a);
      expect(r.info).toBe(0);
      for (let i = 0; i < Math.min(m, n); i++) {
        expect(r.s[i]).toBeGreaterThanOrEqual(0);
        if (i > 0) expect(r.s[i]).toBeLessThanOrEqual(r.s[i - 1]);
      }
      if (jobz !== 0) {
        const l = Math.max(m, n);
        expect(residualRatio(m, n, a, r)).toBeLessThan(RATIO);
        expect(orthoColumns(r.u, m, r.uc, l)).toBeLessThan(RATIO);
        expect(orthoRows(r.vt, r.vr, n, l)).toBeLessThan(RATIO);
      }
      return { m, n, a, r };
    };

    for (const c of CASES) {
      for (const jobz of c.jobs) {
        it_(`${c.name}, jobz ${jobz}: LAPACK's ratios < ${RATIO}, s descending ≥ 0`, () => {
          const { m, n, a, r } = checkedRun(c.A(), jobz);
          if (jobz === 0) return;
          // Values with vectors agree with values only (both within the bound of the exact ones).
          const r0 = run(name, 0, m, n, a);
          for (let i = 0; i < Math.min(m, n); i++) expect(Math.abs(r0.s[i] - r.s[i])).toBeLessThanOrEqual(SV_RTOL * Math.max(r.s[0], Number.MIN_VALUE));
        });
      }
    }

    // Divide and conquer is native's and wasm's path; ts's one-sided Jacobi is the reference these
    // cases compare against, not held to the ratios at these sizes (it measured 12-39 on some).
    for (const c of DC_CASES) {
      for (const jobz of c.jobs) {
        it.runIf(backend.available && name !== 'ts')(`divide and conquer, ${c.name}, jobz ${jobz}: LAPACK's ratios < ${RATIO}`, () => {
          const { m, n, a, r } = checkedRun(c.A(), jobz);
          const k = Math.min(m, n);
          // The values agree with values only (bidiagonal QR) and, off ts, with the ts reference.
          const tol = SV_RTOL * Math.max(r.s[0], Number.MIN_VALUE);
          const r0 = run(name, 0, m, n, a);
          for (let i = 0; i < k; i++) expect(Math.abs(r0.s[i] - r.s[i])).toBeLessThanOrEqual(tol);
          if (jobz === 1 && !c.noTs) {
            const ref = run('ts', 0, m, n, a);
            for (let i = 0; i < k; i++) expect(Math.abs(ref.s[i] - r.s[i])).toBeLessThanOrEqual(tol);
          }
        });
      }
    }

    it_('zero sizes: nothing computed; jobz 2 gives the identity for the non-empty side', () => {
      for (const [m, n] of [[0, 0], [0, 3], [3, 0]]) {
        for (const jobz of [0, 1, 2] as const) {
          const r = run(name, jobz, m, n, new Float64Array(0));
          expect(r.info).toBe(0);
          expect(r.s.length).toBe(0);
          if (jobz === 2) {
            const eye = (p: number) => Array.from({ length: p * p }, (_, i) => (i % (p + 1) === 0 ? 1 : 0));
            expect(Array.from(r.u)).toEqual(eye(m));
            expect(Array.from(r.vt)).toEqual(eye(n));
          }
        }
      }
    });

    it.runIf(backend.available && name !== 'ts')('agrees with the ts reference: values to 1e-12 of s[0], the same subspaces', () => {
      // 160×160 and 90×130 take divide and conquer on native.
      for (const [m, n, seed] of [[37, 23, 21], [23, 37, 22], [60, 60, 23], [160, 160, 24], [90, 130, 25]]) {
        const { a } = randomCase(m, n, seed);
        const mine = run(name, 1, m, n, a);
        const ref = run('ts', 1, m, n, a);
        const k = Math.min(m, n);
        for (let i = 0; i < k; i++) expect(Math.abs(mine.s[i] - ref.s[i])).toBeLessThanOrEqual(1e-12 * ref.s[0]);
        // Distinct values: each singular vector pair agrees up to one common sign.
        for (let j = 0; j < k; j++) {
          let dot = 0;
          for (let i = 0; i < m; i++) dot += mine.u[i * k + j] * ref.u[i * k + j];
          expect(Math.abs(Math.abs(dot) - 1)).toBeLessThan(1e-9);
        }
      }
    });
  });
}

describe('native gesdd glue', () => {
  const native = BACKENDS.find((b) => b.name === 'native');
  it.runIf(native?.available)('bad arguments raise TypeError / RangeError, never crash the process', () => {
    const gesdd = tableOf('native').gesdd as (...a: unknown[]) => number;
    const f = (n: number) => new Float64Array(n);
    const call = (...args: unknown[]) => () => gesdd(...args);
    expect(call(1, 3, 2, f(5), f(2), f(6), f(4))).toThrow(/a has 5 elements, needs 3x2/);
    expect(call(1, 3, 2, f(6), f(1), f(6), f(4))).toThrow(RangeError);
    expect(call(1, 3, 2, f(6), f(2), f(5), f(4))).toThrow(RangeError);
    expect(call(1, 3, 2, f(6), f(2), f(6), f(3))).toThrow(RangeError);
    expect(call(2, 3, 2, f(6), f(2), f(6), f(4))).toThrow(RangeError); // full u needs 3x3
    expect(call(3, 3, 2, f(6), f(2), f(6), f(4))).toThrow(/jobz must be 0, 1 or 2/);
    expect(call(0.5, 3, 2, f(6), f(2), f(6), f(4))).toThrow(RangeError);
    expect(call('1', 3, 2, f(6), f(2), f(6), f(4))).toThrow(TypeError);
    expect(call(1, -1, 2, f(6), f(2), f(6), f(4))).toThrow(/m must be a non-negative integer/);
    expect(call(1, 3, 2, [1, 2, 3, 4, 5, 6], f(2), f(6), f(4))).toThrow(TypeError);
    expect(call(1, 3, 2, f(6), f(2), new Float32Array(6), f(4))).toThrow(TypeError);
    expect(call(1, 1e6, 1e6, f(6), f(2), f(6), f(4))).toThrow(RangeError);
    expect(call(1, 3)).toThrow(/expects 7 arguments/);
    // jobz 0 does not need u or vt.
    expect(gesdd(0, 3, 2, f(6), f(2), f(0), f(0))).toBe(0);
  });

  it.runIf(native?.available)('NaN / Inf input returns at once with NaN outputs, never hangs or crashes', () => {
    const gesdd = tableOf('native').gesdd;
    for (const bad of [NaN, Infinity, -Infinity]) {
      const a = randomCase(300, 200, 5).a;
      a[17] = bad;
      const s = new Float64Array(200);
      const info = gesdd(1, 300, 200, a, s, new Float64Array(300 * 200), new Float64Array(200 * 200));
      expect(info).toBe(0);
      expect(s.every(Number.isNaN)).toBe(true);
    }
  });
});
