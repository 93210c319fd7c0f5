/**
 * What the wasm decompositions (assembly/lapack/, symEigRange's bisection + inverse iteration
 * in assembly/sym-eig/, gesdd's bidiagonal divide and conquer, symEig's tridiagonal divide and
 * conquer) add to the shared suites: sizes straddling
 * the wasm block edges (LU leaves of 16 columns, trsm leaves of 32 rows and left-solve column
 * chunks of 128, QR blocks of 32 reflectors and 64 from min(m, n) = 512 on), zero pivots on
 * those edges, tall and wide shapes, scratch that must never be read before it is written (the
 * arena is reused from call to call, so a call after one that left NaN everywhere must give
 * the same bits as on a fresh instance), and the wrappers' own checks.
 */
import { describe, expect, it } from 'vitest';
import { ShapeError } from '../../src/errors.js';
import { Rng } from '../../src/random.js';
import { BACKENDS, tableOf } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';
import { luResidual, randomMatrix } from '../helpers/lapack.js';
import { factor, orthogonalityRatio, residualRatio } from '../helpers/qr.js';
import { thrown } from '../helpers/thrown.js';

const wasmLoaded = BACKENDS.some((b) => b.name === 'wasm' && b.available);

/** Fills the wasm arena with NaN: a gemm whose operands and result are all NaN. */
function poisonArena(): void {
  const n = 400;
  const nan = new Float64Array(n * n).fill(NaN);
  tableOf('wasm').gemm(0, 0, n, n, n, 1, nan, nan, 0, new Float64Array(n * n));
}

/** Runs `f` on a fresh instance, then again after poisoning the arena: the outputs must be identical. */
function sameBitsAfterPoison(f: () => ArrayLike<number>[]): ArrayLike<number>[] {
  const wasm = tableOf('wasm') as { release?: () => void };
  wasm.release?.();
  const fresh = f().map((x) => Array.from(x));
  poisonArena();
  const again = f().map((x) => Array.from(x));
  expect(again).toEqual(fresh);
  for (const out of again) for (const v of out) if (!Number.isFinite(v)) throw new Error(`non-finite output ${v}`);
  return again;
}

describe.runIf(wasmLoaded)('wasm decompositions', () => {
  it('getrf: leaf and recursion edges, tall and wide, agree with ts (same pivots) with residual < 10', () => {
    const rng = new Rng(31);
    const wasm = tableOf('wasm');
    const ts = tableOf('ts');
    for (const [m, n] of [[15, 15], [16, 16], [17, 17], [33, 33], [64, 64], [65, 65], [16, 200], [200, 16], [17, 300], [300, 17], [129, 47], [47, 129]]) {
      const a = randomMatrix(rng, m, n);
      const k = Math.min(m, n);
      const [x, y] = [a.slice(), a.slice()];
      const [px, py] = [new Int32Array(k), new Int32Array(k)];
      expect(wasm.getrf(m, n, x, px)).toBe(0);
      ts.getrf(m, n, y, py);
      expect(Array.from(px), `${m}×${n}`).toEqual(Array.from(py));
      expectClose(x, y, 1e-10);
      expect(luResidual(m, n, a, x, px)).toBeLessThan(10);
    }
  });

  it('getrf / getri: a zero pivot on a leaf or recursion edge gives info = j + 1, no NaN', () => {
    const wasm = tableOf('wasm');
    const n = 70;
    for (const zeroCol of [0, 15, 16, 17, 34, 35, 69]) {
      const a = randomMatrix(new Rng(zeroCol + 1), n, n);
      for (let i = 0; i < n; i++) a[i * n + zeroCol] = 0;
      const lu = a.slice();
      const ipiv = new Int32Array(n);
      expect(wasm.getrf(n, n, lu, ipiv), `zero column ${zeroCol}`).toBe(zeroCol + 1);
      expect(lu.every(Number.isFinite)).toBe(true);
      expect(luResidual(n, n, a, lu, ipiv)).toBeLessThan(10);
      expect(wasm.getri(n, lu, ipiv, new Float64Array(n * n))).toBe(zeroCol + 1);
    }
    // Two zero columns: the first is reported.
    const a = randomMatrix(new Rng(3), n, n);
    for (let i = 0; i < n; i++) a[i * n + 50] = a[i * n + 20] = 0;
    expect(wasm.getrf(n, n, a, new Int32Array(n))).toBe(21);
  });

  it('trsm: left solves across the 128-column chunk and right solves across the 32 leaf agree with ts', () => {
    const rng = new Rng(5);
    const wasm = tableOf('wasm');
    const ts = tableOf('ts');
    for (const [m, n] of [[40, 127], [40, 128], [40, 129], [33, 257], [257, 33], [64, 2]]) {
      for (const side of [0, 1] as const) {
        const k = side === 0 ? m : n;
        const a = randomMatrix(rng, k, k);
        for (let i = 0; i < k; i++) a[i * k + i] = 2 + rng.next();
        for (const [uplo, t] of [[0, 0], [0, 1], [1, 0], [1, 1]] as const) {
          const b = randomMatrix(rng, m, n);
          const [x, y] = [b.slice(), b.slice()];
          wasm.trsm(side, uplo, t, 0, m, n, 0.5, a, x);
          ts.trsm(side, uplo, t, 0, m, n, 0.5, a, y);
          expectClose(x, y, 1e-12);
        }
      }
    }
  });

  // The switch to 64-reflector blocks (min(m, n) = 512) is covered by the shared suites' 530×512.
  it('QR: tall and wide with several 32-reflector blocks and a ragged last one', () => {
    const wasm = tableOf('wasm');
    for (const [m, n] of [[700, 97], [97, 700], [130, 129]]) {
      const a = randomMatrix(new Rng(m + n), m, n);
      const k = Math.min(m, n);
      const { q, r } = factor(wasm, m, n, a);
      expect(residualRatio(m, n, a, q, r), `${m}×${n}`).toBeLessThan(10);
      expect(orthogonalityRatio(m, k, q), `${m}×${n}`).toBeLessThan(10);
    }
  });

  it('never reads scratch before writing it: identical bits on a fresh and on a NaN-poisoned arena', () => {
    const wasm = tableOf('wasm');
    const rng = new Rng(9);
    const n = 77;
    const a = randomMatrix(rng, n, n);
    const spd = new Float64Array(n * n);
    wasm.gemm(0, 1, n, n, n, 1, a, a, 0, spd);
    for (let i = 0; i < n; i++) spd[i * n + i] += n;
    const b = randomMatrix(rng, n, 3);
    const tall = randomMatrix(rng, 90, 40);
    sameBitsAfterPoison(() => {
      const lu = a.slice();
      const ipiv = new Int32Array(n);
      wasm.getrf(n, n, lu, ipiv);
      const x = b.slice();
      wasm.getrs(0, n, 3, lu, ipiv, x);
      const inv = new Float64Array(n * n);
      wasm.getri(n, lu, ipiv, inv);
      const l = spd.slice();
      wasm.potrf(n, l);
      const f = factor(wasm, 90, 40, tall);
      const c = randomMatrix(new Rng(1), 90, 5);
      wasm.ormqr(0, 1, 90, 5, 40, f.h, f.tau, c);
      const d = randomMatrix(new Rng(2), 5, 90);
      wasm.ormqr(1, 0, 5, 90, 40, f.h, f.tau, d);
      const t = b.slice();
      wasm.trsm(0, 0, 0, 0, n, 3, 2, l, t);
      const ev = new Float64Array(5);
      const ez = new Float64Array(n * 5);
      wasm.symEigRange(n, spd.slice(), n - 5, n - 1, ev, ez, 1);
      const [sv, su, svt] = [new Float64Array(40), new Float64Array(90 * 40), new Float64Array(40 * 40)];
      wasm.gesdd(1, 90, 40, tall.slice(), sv, su, svt);
      // Wide and full (U' built in vt), values only (Golub–Kahan QL), symEig's D&C path (n ≥ 160).
      const wide = randomMatrix(new Rng(3), 40, 90);
      const [wv, wu, wvt] = [new Float64Array(40), new Float64Array(40 * 40), new Float64Array(90 * 90)];
      wasm.gesdd(2, 40, 90, wide.slice(), wv, wu, wvt);
      const v0 = new Float64Array(40);
      wasm.gesdd(0, 90, 40, tall.slice(), v0, new Float64Array(0), new Float64Array(0));
      const big = randomMatrix(new Rng(4), 170, 170);
      for (let i = 0; i < 170; i++) for (let j = 0; j < i; j++) big[j * 170 + i] = big[i * 170 + j];
      const [bw, bz] = [new Float64Array(170), new Float64Array(170 * 170)];
      wasm.symEig(170, big, bw, bz, 1);
      return [lu, ipiv, x, inv, l, f.h, f.tau, f.q, c, d, t, ev, ez, sv, su, svt, wv, wu, wvt, v0, bw, bz];
    });
  });

  it('wrappers refuse short buffers and pivots that name no row, as ShapeError', () => {
    const wasm = tableOf('wasm');
    const lu = Float64Array.from([2, 1, 0.5, 3]);
    const err = thrown(() => wasm.getrs(0, 2, 1, lu, Int32Array.from([0, 5]), new Float64Array(2)));
    expect(err).toBeInstanceOf(ShapeError);
    expect(err.message).toMatch(/wasm getrs: ipiv\[1\] = 5 is not a row in \[1, 2\)/);
    expect(() => wasm.getri(2, lu, Int32Array.from([-1, 1]), new Float64Array(4))).toThrow(ShapeError);
    expect(() => wasm.getrf(3, 3, new Float64Array(9), new Int32Array(2))).toThrow(ShapeError);
    expect(() => wasm.potrf(3, new Float64Array(8))).toThrow(ShapeError);
    expect(() => wasm.geqrf(4, 3, new Float64Array(12), new Float64Array(2))).toThrow(ShapeError);
    expect(() => wasm.ormqr(0, 1, 4, 2, 2, new Float64Array(8), new Float64Array(2), new Float64Array(7))).toThrow(ShapeError);
    expect(() => wasm.trsm(0, 0, 0, 0, 3, 2, 1, new Float64Array(8), new Float64Array(6))).toThrow(ShapeError);
    expect(() => wasm.gesdd(1, 4, 3, new Float64Array(12), new Float64Array(3), new Float64Array(11), new Float64Array(9))).toThrow(ShapeError);
    expect(() => wasm.gesdd(2, 3, 4, new Float64Array(12), new Float64Array(3), new Float64Array(9), new Float64Array(15))).toThrow(ShapeError);
  });

  it('gesdd on a tall-skinny 20000 × 3: scratch grows with m·n (thin U), not m², and the factors hold', () => {
    const wasm = tableOf('wasm');
    const [m, n] = [20000, 3];
    const a = randomMatrix(new Rng(5), m, n);
    const [s, u, vt] = [new Float64Array(n), new Float64Array(m * n), new Float64Array(n * n)];
    expect(wasm.gesdd(1, m, n, a.slice(), s, u, vt)).toBe(0);
    let worst = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let r = 0;
        for (let p = 0; p < n; p++) r += u[i * n + p] * s[p] * vt[p * n + j];
        worst = Math.max(worst, Math.abs(r - a[i * n + j]));
      }
    }
    expect(worst).toBeLessThan(1e-12 * s[0]);
  });
});
