/**
 * A compact native conformance check that runs where vitest cannot: under qemu-user with an
 * arm64 Node (vitest's bundler ships x64-only binaries). Loads the addon through the package's
 * own loader (dist/, so `npm run build:ts` first; MMLKIT_NATIVE_PATH picks a file), then checks
 * gemm on shapes straddling every micro-kernel's edges (against a triple loop, as
 * test/conformance/gemm-scheduling.test.ts does), getrf (including the look-ahead driver),
 * symEig and gesdd by their residuals at LAPACK's test thresholds. Prints one JSON object:
 * { isa, origin, skipped, failures, values } — `values` (pivots, eigenvalues, singular values)
 * let test/native/prebuilds.test.ts compare two architectures' results.
 *
 *   node test/native/prebuild-check.mjs
 */
import { checkCase, lcgArray, symmetric } from '../helpers/gemm-check.mjs';

const { loadNative, nativeOrigin } = await import('../../dist/src/backend/native/load.js');

const EPS = Number.EPSILON;
const failures = [];
const values = {};

/** Fails when ratio (a residual over its scale · ε) is not below `limit` (LAPACK's tests use 30). */
function expectSmall(what, ratio, limit = 30) {
  if (!(ratio < limit)) failures.push(`${what}: residual ratio ${ratio} (limit ${limit})`);
}

const addon = loadNative();
const origin = nativeOrigin();

// gemm: the shapes that cross MR (4/6/8), NR (4/8/24), MC and KC edges, each layout and scalar
// case, on one thread and on two.
const SHAPES = [[1, 1, 1], [7, 9, 3], [119, 25, 255], [121, 23, 257], [145, 49, 257], [289, 97, 300], [13, 200, 31], [200, 13, 31]];
const LAYOUTS = [[0, 0], [1, 0], [0, 1], [1, 1]];
const SCALARS = [[1, 0], [2.5, -0.5], [-1, 1]];
for (const threads of [1, 2]) {
  addon.setThreads(threads);
  SHAPES.forEach((shape, i) => {
    for (const [j, layout] of LAYOUTS.entries()) {
      const bad = checkCase(addon.gemm, shape, layout, SCALARS[(i + j) % 3], 10 * i + j + threads);
      if (bad) failures.push(`gemm threads=${threads}: ${bad}`);
    }
  });
}

// getrf: n = 300 takes the look-ahead driver, 70 × 50 the unblocked one; ‖PA − LU‖₁ / (‖A‖₁ n ε).
for (const [m, n] of [[300, 300], [70, 50]]) {
  const a0 = lcgArray(m + n, m * n);
  const lu = a0.slice();
  const k = Math.min(m, n);
  const ipiv = new Int32Array(k);
  const info = addon.getrf(m, n, lu, ipiv);
  if (info !== 0) failures.push(`getrf ${m}×${n}: info ${info}`);
  const pa = a0.slice();
  for (let i = 0; i < k; i++) {
    const r = ipiv[i];
    if (r !== i) for (let j = 0; j < n; j++) [pa[i * n + j], pa[r * n + j]] = [pa[r * n + j], pa[i * n + j]];
  }
  const diff = new Float64Array(n);
  const colSum = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p <= Math.min(i, j, k - 1); p++) s += (p === i ? 1 : lu[i * n + p]) * lu[p * n + j];
      diff[j] += Math.abs(pa[i * n + j] - s);
      colSum[j] += Math.abs(a0[i * n + j]);
    }
  }
  expectSmall(`getrf ${m}×${n} ‖PA − LU‖`, Math.max(...diff) / (Math.max(...colSum) * Math.max(m, n) * EPS));
  values[`getrf${m}x${n}`] = { ipiv: Array.from(ipiv), diagU: Array.from({ length: k }, (_, i) => lu[i * n + i]) };
}

// symEig, n = 150: ‖AZ − ZΛ‖ / (‖A‖ n ε) and ‖ZᵀZ − I‖ / (n ε).
{
  const n = 150;
  const a0 = symmetric(n);
  const w = new Float64Array(n);
  const z = new Float64Array(n * n);
  const info = addon.symEig(n, a0.slice(), w, z, 1);
  if (info !== 0) failures.push(`symEig ${n}: info ${info}`);
  const normA = Math.max(...Array.from({ length: n }, (_, i) => a0.subarray(i * n, i * n + n).reduce((s, x) => s + Math.abs(x), 0)));
  let res = 0;
  let orth = 0;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let p = 0; p < n; p++) s += a0[i * n + p] * z[p * n + j];
      res = Math.max(res, Math.abs(s - w[j] * z[i * n + j]));
    }
    for (let l = 0; l <= j; l++) {
      let s = 0;
      for (let p = 0; p < n; p++) s += z[p * n + j] * z[p * n + l];
      orth = Math.max(orth, Math.abs(s - (l === j ? 1 : 0)));
    }
  }
  expectSmall(`symEig ${n} ‖AZ − ZΛ‖`, res / (normA * n * EPS));
  expectSmall(`symEig ${n} ‖ZᵀZ − I‖`, orth / (n * EPS));
  for (let j = 1; j < n; j++) if (!(w[j - 1] <= w[j])) failures.push(`symEig ${n}: eigenvalues not ascending at ${j}`);
  values.symEig = Array.from(w);
}

// gesdd (thin), 160 × 120 and 60 × 90: ‖A − UΣVᵀ‖ / (‖A‖ max(m, n) ε), ‖UᵀU − I‖, ‖VVᵀ − I‖.
for (const [m, n] of [[160, 120], [60, 90]]) {
  const k = Math.min(m, n);
  const a0 = lcgArray(3 * m + n, m * n);
  const s = new Float64Array(k);
  const u = new Float64Array(m * k);
  const vt = new Float64Array(k * n);
  const info = addon.gesdd(1, m, n, a0.slice(), s, u, vt);
  if (info !== 0) failures.push(`gesdd ${m}×${n}: info ${info}`);
  let res = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let x = 0;
      for (let p = 0; p < k; p++) x += u[i * k + p] * s[p] * vt[p * n + j];
      res = Math.max(res, Math.abs(a0[i * n + j] - x));
    }
  }
  let orthU = 0;
  let orthV = 0;
  for (let p = 0; p < k; p++) {
    for (let q = 0; q <= p; q++) {
      let su = 0;
      let sv = 0;
      for (let i = 0; i < m; i++) su += u[i * k + p] * u[i * k + q];
      for (let j = 0; j < n; j++) sv += vt[p * n + j] * vt[q * n + j];
      orthU = Math.max(orthU, Math.abs(su - (p === q ? 1 : 0)));
      orthV = Math.max(orthV, Math.abs(sv - (p === q ? 1 : 0)));
    }
  }
  const scale = s[0] * Math.max(m, n) * EPS;
  expectSmall(`gesdd ${m}×${n} ‖A − UΣVᵀ‖`, res / scale);
  expectSmall(`gesdd ${m}×${n} ‖UᵀU − I‖`, orthU / (Math.max(m, n) * EPS));
  expectSmall(`gesdd ${m}×${n} ‖VVᵀ − I‖`, orthV / (Math.max(m, n) * EPS));
  for (let j = 1; j < k; j++) if (!(s[j - 1] >= s[j] && s[j] >= 0)) failures.push(`gesdd ${m}×${n}: s not descending at ${j}`);
  values[`gesdd${m}x${n}`] = Array.from(s);
}

const { isa } = addon.info();
process.stdout.write(JSON.stringify({ isa, arch: process.arch, origin: origin?.kind, path: origin?.path, skipped: origin?.skipped ?? [], failures, values }));
