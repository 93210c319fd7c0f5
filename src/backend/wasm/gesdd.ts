/**
 * The wasm `gesdd` (contract in ../kernels.ts): LAPACK dgesdd's pipeline in wasm
 * (assembly/lapack/gesdd.ts: blocked bidiagonalisation, divide and conquer on the bidiagonal,
 * back-transformation by block reflectors, all on the wasm gemm). This wrapper checks the
 * operands, copies A into the arena, runs, and copies s, u and vt out.
 */

import type { Kernels } from '../kernels.js';
import type { Live } from './kernels.js';
import { copyIn, need } from './operands.js';

export function wasmGesdd(use: () => Live): Kernels['gesdd'] {
  return (jobz, m, n, a, s, u, vt) => {
    const k = Math.min(m, n);
    const uc = jobz === 2 ? m : k;
    const vr = jobz === 2 ? n : k;
    const sizeU = jobz === 0 ? 0 : m * uc;
    const sizeVt = jobz === 0 ? 0 : vr * n;
    need('gesdd', 'a', a, m * n);
    need('gesdd', 's', s, k);
    need('gesdd', 'u', u, sizeU);
    need('gesdd', 'vt', vt, sizeVt);
    const { exports, arena } = use();
    arena.reset();
    const pa = arena.alloc(m * n);
    const ps = arena.alloc(k);
    const pu = arena.alloc(sizeU);
    const pvt = arena.alloc(sizeVt);
    const pw = arena.alloc(exports.gesddWorkSize(jobz, m, n));
    copyIn(arena, pa, a, m * n);
    const info = exports.gesdd(jobz, m, n, pa, ps, pu, pvt, pw);
    if (k > 0) s.set(arena.view(ps, k));
    if (sizeU > 0) u.set(arena.view(pu, sizeU));
    if (sizeVt > 0) vt.set(arena.view(pvt, sizeVt));
    return info;
  };
}
