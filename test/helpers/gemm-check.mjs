/**
 * Plain-JS gemm checks that also run outside vitest: in a child process started with
 * MMLKIT_ISA set (the addon reads it once, at load) and in worker_threads. Shared by
 * test/conformance/gemm-scheduling.test.ts.
 *
 * As a script: `node gemm-check.mjs <addon.node>` runs SCHEDULING_SHAPES on threads 1 and 3
 * and prints {"isa": ..., "failures": [...]}.
 * As a worker (workerData {addon, job, n, rounds}): runs the job and posts its results.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

/** Deterministic uniform values in [-1, 1) (an LCG: enough for test data). */
export function lcgArray(seed, len) {
  let s = (seed * 2654435761) >>> 0 || 1;
  const x = new Float64Array(len);
  for (let i = 0; i < len; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = s / 2 ** 31 - 1;
  }
  return x;
}

/**
 * [m, n, k] straddling every ISA's blocking (MR 4/6/8, NR 4/8/24, MC 120/128/144, KC 256/512,
 * 2048-row/column panels, 1024-deep steps: see native/src/gemm/context.h and driver.cc), very
 * tall, very wide, and tiny k with C large enough to run on the thread team. [2100, 40, 1030]
 * (too wide for the skinny path) is cut into two row panels and two steps of k.
 */
export const SCHEDULING_SHAPES = [
  [119, 25, 255], [121, 23, 257], [127, 9, 511], [129, 7, 513], [143, 47, 255], [145, 49, 257],
  [240, 150, 200], [289, 97, 300], [700, 700, 5], [500, 500, 1], [301, 300, 2],
  [3000, 5, 17], [5, 3000, 17], [2050, 4, 1100], [4, 2100, 1030],
  [2100, 40, 1030],
];

/** The four transpose layouts and two alpha/beta cases, rotated through the shapes. */
const LAYOUTS = [[0, 0], [1, 0], [0, 1], [1, 1]];
const SCALARS = [[1, 0], [2.5, -0.5], [-1, 1]];

/**
 * Runs gemm on one case and checks every element against a triple loop within
 * 4·ε·(k + 2)·(|alpha|·Σ|a·b| + |beta·c|); beta = 0 cases start from a NaN-filled C.
 * Returns null or a description of the first bad element.
 */
export function checkCase(gemm, [m, n, k], [ta, tb], [alpha, beta], seed) {
  const a = lcgArray(seed, m * k);
  const b = lcgArray(seed + 1, k * n);
  const c0 = beta === 0 ? new Float64Array(m * n).fill(NaN) : lcgArray(seed + 2, m * n);
  const c = c0.slice();
  gemm(ta, tb, m, n, k, alpha, a, b, beta, c);
  const row = new Float64Array(n);
  const abs = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    abs.fill(0);
    for (let p = 0; p < k; p++) {
      const x = ta ? a[p * m + i] : a[i * k + p];
      for (let j = 0; j < n; j++) {
        const y = tb ? b[j * k + p] : b[p * n + j];
        row[j] += x * y;
        abs[j] += Math.abs(x * y);
      }
    }
    for (let j = 0; j < n; j++) {
      const cij = beta === 0 ? 0 : beta * c0[i * n + j];
      const want = alpha * row[j] + cij;
      const tol = 4 * Number.EPSILON * (k + 2) * (Math.abs(alpha) * abs[j] + Math.abs(cij)) + Number.MIN_VALUE;
      if (!(Math.abs(c[i * n + j] - want) <= tol)) {
        return `m=${m} n=${n} k=${k} transA=${ta} transB=${tb} alpha=${alpha} beta=${beta}: C[${i},${j}] = ${c[i * n + j]}, expected ${want}`;
      }
    }
  }
  return null;
}

/** SCHEDULING_SHAPES under each thread count, layouts and scalars rotated; returns failures. */
export function checkShapes(addon, threadCounts) {
  const failures = [];
  const saved = addon.info().threads;
  try {
    for (const t of threadCounts) {
      addon.setThreads(t);
      SCHEDULING_SHAPES.forEach((shape, i) => {
        const j = i + t;
        const bad = checkCase(addon.gemm, shape, LAYOUTS[j % 4], SCALARS[j % 3], 100 * t + i);
        if (bad) failures.push(`threads=${t}: ${bad}`);
      });
    }
  } finally {
    addon.setThreads(saved);
  }
  return failures;
}

/** What a worker does: `rounds` products (or symEigs, or LU factorisations) of order n; returns the results. */
function workerJob({ addon: path, job, n, rounds }) {
  const addon = createRequire(import.meta.url)(path);
  const results = [];
  for (let r = 0; r < rounds; r++) {
    if (job === 'gemm') {
      const c = new Float64Array(n * n);
      addon.gemm(0, 1, n, n, n, 1, lcgArray(7, n * n), lcgArray(8, n * n), 0, c);
      results.push(c);
    } else if (job === 'getrf') {
      const a = lcgArray(10, n * n);
      const ipiv = new Int32Array(n);
      const info = addon.getrf(n, n, a, ipiv);
      results.push({ info, a, ipiv });
    } else {
      const a = symmetric(n);
      const w = new Float64Array(n);
      const z = new Float64Array(n * n);
      const info = addon.symEig(n, a, w, z, 1);
      results.push({ info, w, z });
    }
  }
  return results;
}

/** A symmetric n × n test matrix (row-major). */
export function symmetric(n) {
  const x = lcgArray(9, n * n);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = x[i * n + j] + x[j * n + i];
  return a;
}

export { workerJob };

if (!isMainThread && workerData?.job) {
  parentPort.postMessage(workerJob(workerData));
} else if (isMainThread && process.argv[1] === fileURLToPath(import.meta.url)) {
  const addon = createRequire(import.meta.url)(process.argv[2]);
  const failures = checkShapes(addon, [1, 3]);
  process.stdout.write(JSON.stringify({ isa: addon.info().isa, failures }));
}
