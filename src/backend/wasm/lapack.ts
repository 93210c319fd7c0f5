/**
 * The wasm backend's decompositions (assembly/lapack/), wrapped to the `Kernels` contract:
 * check the operands, copy them into the arena, run, copy the results out. The copies are
 * O(size) beside the kernels' O(n³).
 */

import type { Kernels } from '../kernels.js';
import type { Live } from './kernels.js';
import { copyIn, copyInI32, need, needI32, needPivots } from './operands.js';

type LapackKernels = Pick<Kernels, 'trsm' | 'getrf' | 'getrs' | 'gesv' | 'getri' | 'potrf' | 'geqrf' | 'orgqr' | 'ormqr'>;

/** `use` yields the live instance (instantiating it again after a release). */
export function wasmLapackKernels(use: () => Live): LapackKernels {
  return {
    trsm(side, uplo, transA, diag, m, n, alpha, a, b) {
      if (m === 0 || n === 0) return;
      const k = side === 0 ? m : n;
      const sizeB = m * n;
      need('trsm', 'b', b, sizeB);
      if (alpha === 0) {
        b.fill(0, 0, sizeB); // BLAS: neither A nor B is read
        return;
      }
      need('trsm', 'a', a, k * k);
      const { exports, arena } = use();
      arena.reset();
      const pa = arena.alloc(k * k);
      const pb = arena.alloc(sizeB);
      copyIn(arena, pa, a, k * k);
      copyIn(arena, pb, b, sizeB);
      exports.trsm(side, uplo, transA, diag, m, n, alpha, pa, pb);
      b.set(arena.view(pb, sizeB));
    },

    getrf(m, n, a, ipiv) {
      if (m === 0 || n === 0) return 0;
      const k = Math.min(m, n);
      const size = m * n;
      need('getrf', 'a', a, size);
      needI32('getrf', 'ipiv', ipiv, k);
      const { exports, arena } = use();
      arena.reset();
      const pa = arena.alloc(size);
      const pp = arena.allocI32(k);
      const pw = arena.alloc(exports.getrfWorkSize(m, n));
      copyIn(arena, pa, a, size);
      const info = exports.getrf(m, n, pa, pp, pw);
      a.set(arena.view(pa, size));
      ipiv.set(arena.viewI32(pp, k));
      return info;
    },

    getrs(trans, n, nrhs, lu, ipiv, b) {
      if (n === 0 || nrhs === 0) return;
      const size = n * n;
      const sizeB = n * nrhs;
      need('getrs', 'lu', lu, size);
      needPivots('getrs', ipiv, n);
      need('getrs', 'b', b, sizeB);
      const { exports, arena } = use();
      arena.reset();
      const pl = arena.alloc(size);
      const pp = arena.allocI32(n);
      const pb = arena.alloc(sizeB);
      copyIn(arena, pl, lu, size);
      copyInI32(arena, pp, ipiv, n);
      copyIn(arena, pb, b, sizeB);
      exports.getrs(trans, n, nrhs, pl, pp, pb);
      b.set(arena.view(pb, sizeB));
    },

    gesv(n, nrhs, a, b, diag) {
      if (n === 0) return 0;
      const size = n * n;
      const sizeB = n * nrhs;
      need('gesv', 'a', a, size);
      need('gesv', 'b', b, sizeB);
      need('gesv', 'diag', diag, n);
      const { exports, arena } = use();
      arena.reset();
      const pa = arena.alloc(size);
      const pp = arena.allocI32(n);
      const pb = arena.alloc(sizeB);
      const pw = arena.alloc(exports.gesvWorkSize(n));
      copyIn(arena, pa, a, size);
      copyIn(arena, pb, b, sizeB);
      const maxAbs = exports.gesv(n, nrhs, pa, pp, pb, pw);
      if (!(maxAbs < Infinity)) return maxAbs;
      // Only U's diagonal and X leave this memory: the factors stay behind.
      const lu = arena.view(pa, size);
      for (let i = 0; i < n; i++) diag[i] = lu[i * n + i];
      if (sizeB > 0) b.set(arena.view(pb, sizeB));
      return maxAbs;
    },

    getri(n, lu, ipiv, inv) {
      if (n === 0) return 0;
      const size = n * n;
      need('getri', 'lu', lu, size);
      needPivots('getri', ipiv, n);
      need('getri', 'inv', inv, size);
      const { exports, arena } = use();
      arena.reset();
      const pl = arena.alloc(size);
      const pp = arena.allocI32(n);
      const pi = arena.alloc(size);
      copyIn(arena, pl, lu, size);
      copyInI32(arena, pp, ipiv, n);
      const info = exports.getri(n, pl, pp, pi);
      if (info === 0) inv.set(arena.view(pi, size));
      return info;
    },

    potrf(n, a) {
      if (n === 0) return 0;
      const size = n * n;
      need('potrf', 'a', a, size);
      const { exports, arena } = use();
      arena.reset();
      const pa = arena.alloc(size);
      copyIn(arena, pa, a, size);
      const info = exports.potrf(n, pa);
      a.set(arena.view(pa, size));
      return info;
    },

    geqrf(m, n, a, tau) {
      const k = Math.min(m, n);
      if (k === 0) return;
      const size = m * n;
      need('geqrf', 'a', a, size);
      need('geqrf', 'tau', tau, k);
      const { exports, arena } = use();
      arena.reset();
      const pa = arena.alloc(size);
      const pt = arena.alloc(k);
      const pw = arena.alloc(exports.qrWorkSize(m, n));
      copyIn(arena, pa, a, size);
      exports.geqrf(m, n, pa, pt, pw);
      a.set(arena.view(pa, size));
      tau.set(arena.view(pt, k));
    },

    orgqr(m, n, k, a, tau) {
      if (m === 0 || n === 0) return;
      const size = m * n;
      need('orgqr', 'a', a, size);
      need('orgqr', 'tau', tau, k);
      const { exports, arena } = use();
      arena.reset();
      const pa = arena.alloc(size);
      const pt = arena.alloc(k);
      const pw = arena.alloc(exports.qrWorkSize(m, n));
      copyIn(arena, pa, a, size);
      copyIn(arena, pt, tau, k);
      exports.orgqr(m, n, k, pa, pt, pw);
      a.set(arena.view(pa, size));
    },

    ormqr(side, trans, m, n, k, a, tau, c) {
      if (m === 0 || n === 0 || k === 0) return;
      const nq = side === 0 ? m : n;
      const sizeA = nq * k;
      const sizeC = m * n;
      need('ormqr', 'a', a, sizeA);
      need('ormqr', 'tau', tau, k);
      need('ormqr', 'c', c, sizeC);
      const { exports, arena } = use();
      arena.reset();
      const pa = arena.alloc(sizeA);
      const pt = arena.alloc(k);
      const pc = arena.alloc(sizeC);
      const pw = arena.alloc(exports.qrWorkSize(m, n));
      copyIn(arena, pa, a, sizeA);
      copyIn(arena, pt, tau, k);
      copyIn(arena, pc, c, sizeC);
      exports.ormqr(side, trans, m, n, k, pa, pt, pc, pw);
      c.set(arena.view(pc, sizeC));
    },
  };
}
