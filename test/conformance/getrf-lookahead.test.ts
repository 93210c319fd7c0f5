/**
 * Native getrf's blocked look-ahead driver (native/src/lapack/getrf_lookahead.cc), which takes
 * over from the recursive LU at min(m, n) ≥ LOOKAHEAD_MIN (and m ≤ 4n) with column blocks of
 * BLOCK: sizes on both sides of that switch and around the block boundaries, square and
 * rectangular, exact zero pivots at block edges, a matrix that pivots on every step (known pivots and factors), and the
 * same factors bit for bit on 1, 2 and 3 threads (blocks are claimed dynamically, but each
 * update is computed the same way whichever thread runs it).
 *
 * Checked against the ts reference (same pivots, factors to 1e-10 relative) and LAPACK's
 * residual ‖P·A − L·U‖₁ / (‖A‖₁·max(m, n)·ε) < 10. About 7 s on a busy 2-core machine, most of
 * it the ts reference and the residuals.
 */
import { describe, expect, it } from 'vitest';
import { loadNative } from '../../src/backend/native/load.js';
import { Rng } from '../../src/random.js';
import { BACKENDS, tableOf } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';
import { luResidual, randomMatrix } from '../helpers/lapack.js';

/** Keep in step with native/src/lapack/getrf.cc (kBlock, kLookaheadMin). */
const BLOCK = 96;
const LOOKAHEAD_MIN = 256;

const native = BACKENDS.find((b) => b.name === 'native');
const run = it.runIf(native?.available);

function factor(m: number, n: number, a: Float64Array, backend: 'native' | 'ts'): { lu: Float64Array; ipiv: Int32Array; info: number } {
  const lu = a.slice();
  const ipiv = new Int32Array(Math.min(m, n));
  const info = tableOf(backend).getrf(m, n, lu, ipiv);
  return { lu, ipiv, info };
}

/** Native against the ts reference: info, pivots exactly, factors to 1e-10, residual < 10. */
function expectLikeReference(m: number, n: number, a: Float64Array): number {
  const got = factor(m, n, a, 'native');
  const want = factor(m, n, a, 'ts');
  expect(got.info).toBe(want.info);
  expect(Array.from(got.ipiv)).toEqual(Array.from(want.ipiv));
  expectClose(got.lu, want.lu, 1e-10);
  expect(luResidual(m, n, a, got.lu, got.ipiv)).toBeLessThan(10);
  return got.info;
}

describe('native getrf: the look-ahead driver', () => {
  run('square sizes across the switch and the block boundaries agree with ts', () => {
    const rng = new Rng(21);
    const k = Math.ceil(LOOKAHEAD_MIN / BLOCK) + 1;
    for (const n of [LOOKAHEAD_MIN - 1, LOOKAHEAD_MIN, k * BLOCK - 1, k * BLOCK, k * BLOCK + 1, k * BLOCK + 3]) {
      expect(expectLikeReference(n, n, randomMatrix(rng, n, n))).toBe(0);
    }
  });

  run('tall and wide matrices (k = min(m, n) on and off a block edge) agree with ts', () => {
    const rng = new Rng(22);
    const k = Math.ceil(LOOKAHEAD_MIN / BLOCK + 1) * BLOCK; // a block edge past the switch
    for (const [m, n] of [[k, k + 2 * BLOCK + 5], [k + 2 * BLOCK + 5, k], [k + 3, 2 * k], [2 * k, k + 3], [k - 1, k + 1]]) {
      expect(expectLikeReference(m, n, randomMatrix(rng, m, n))).toBe(0);
    }
  });

  run('an exactly zero column at a block edge gives info = its index + 1, finite factors', () => {
    const rng = new Rng(23);
    const n = LOOKAHEAD_MIN + BLOCK + 3;
    for (const col of [BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK + 2, n - 1]) {
      const a = randomMatrix(rng, n, n);
      for (let i = 0; i < n; i++) a[i * n + col] = 0;
      expect(expectLikeReference(n, n, a)).toBe(col + 1);
    }
    // Wide: the zero column lies past k = m, so no pivot is zero.
    const [m, w] = [LOOKAHEAD_MIN + 1, LOOKAHEAD_MIN + 2 * BLOCK];
    const b = randomMatrix(rng, m, w);
    for (let i = 0; i < m; i++) b[i * w + m + 2] = 0;
    expect(expectLikeReference(m, w, b)).toBe(0);
  });

  run('a matrix that pivots on every step gives the known pivots and factors', () => {
    // A = P·L·U with |L(i, j)| < 0.45 below the diagonal and row r of A = row (r + 1) mod n of
    // L·U: partial pivoting must find exactly these factors, and every step i < n − 1 swaps
    // with the last row (which holds the row the step needs). L (two subdiagonals) and U (dense,
    // off-diagonal row sums below 1 ≤ |diagonal|) are diagonally dominant, so well conditioned:
    // random dense triangular factors are exponentially ill-conditioned, and the computed
    // factors would drift from these by more than rounding.
    const n = LOOKAHEAD_MIN + 2 * BLOCK + 3;
    const rng = new Rng(24);
    const l = new Float64Array(n * n);
    const u = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      l[i * n + i] = 1;
      for (let j = Math.max(0, i - 2); j < i; j++) l[i * n + j] = 0.9 * (rng.next() - 0.5);
      u[i * n + i] = (rng.next() < 0.5 ? -1 : 1) * (1 + rng.next());
      for (let j = i + 1; j < n; j++) u[i * n + j] = (rng.next() * 2 - 1) / n;
    }
    const a = new Float64Array(n * n);
    for (let r = 0; r < n; r++) {
      const src = (r + 1) % n;
      for (let p = 0; p <= src; p++) {
        const v = l[src * n + p];
        for (let j = p; j < n; j++) a[r * n + j] += v * u[p * n + j];
      }
    }
    const got = factor(n, n, a, 'native');
    expect(got.info).toBe(0);
    expect(Array.from(got.ipiv)).toEqual(new Array(n).fill(n - 1));
    const packed = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) packed[i * n + j] = j < i ? l[i * n + j] : u[i * n + j];
    expectClose(got.lu, packed, 1e-9);
    expect(luResidual(n, n, a, got.lu, got.ipiv)).toBeLessThan(10);
  });

  run('the factors are bit-identical on 1, 2 and 3 threads', () => {
    const addon = loadNative();
    const saved = addon.info().threads;
    const [m, n] = [LOOKAHEAD_MIN + BLOCK + 7, LOOKAHEAD_MIN + 3 * BLOCK + 1];
    const a = randomMatrix(new Rng(25), m, n);
    const outs: { lu: Float64Array; ipiv: Int32Array }[] = [];
    try {
      for (const t of [1, 2, 3]) {
        addon.setThreads(t);
        outs.push(factor(m, n, a, 'native'));
      }
    } finally {
      addon.setThreads(saved);
    }
    for (const o of outs.slice(1)) {
      expect(Array.from(o.ipiv)).toEqual(Array.from(outs[0].ipiv));
      expect(o.lu.every((v, i) => Object.is(v, outs[0].lu[i]))).toBe(true);
    }
  });
});
