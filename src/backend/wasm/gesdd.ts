/**
 * The wasm `gesdd`: the ts reference's one-sided Jacobi driver (src/backend/ts/gesdd.ts) with
 * preconditioned sweeps in wasm.
 *
 * Preconditioning: the k rows of W are first rotated by the eigenvectors Z of their Gram
 * matrix G = W·Wᵀ (wasm gemm + symEig): W ← Zᵀ·W, R ← Zᵀ. The rows are then orthogonal up to
 * rounding (their cross products are about ε·‖W‖², where Jacobi from scratch starts at ‖W‖²),
 * so the sweeps converge in a few passes instead of the seven to ten a random matrix takes.
 * Z is orthogonal to working precision, so R·W₀ = W still holds to rounding and the driver's
 * results keep the contract's absolute accuracy (‖A − UΣVᵀ‖ ≈ ε‖A‖, each s within a small
 * multiple of ε·s[0]); the high relative accuracy plain Jacobi has for tiny singular values is
 * given up for speed.
 */

import type { Kernels } from '../kernels.js';
import type { JacobiSweeps } from '../ts/gesdd.js';
import type { Live } from './kernels.js';
import { copyIn } from './operands.js';

export function preconditionedSweeps(use: () => Live, gemm: Kernels['gemm'], symEig: Kernels['symEig']): JacobiSweeps {
  return (k, l, w, r, tol, maxSweeps, negligibleSq) => {
    if (k > 1) {
      const g = new Float64Array(k * k);
      gemm(0, 1, k, k, l, 1, w, w, 0, g);
      const lambda = new Float64Array(k);
      const z = new Float64Array(k * k);
      if (symEig(k, g, lambda, z, 1) === 0) {
        // Z's columns in descending order of eigenvalue: the rows of W then come sorted by
        // descending norm, the order one-sided Jacobi converges fastest in.
        const zd = new Float64Array(k * k);
        for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) zd[i * k + j] = z[i * k + (k - 1 - j)];
        const rotated = new Float64Array(k * l);
        gemm(1, 0, k, l, k, 1, zd, w, 0, rotated); // Zᵀ·W
        w.set(rotated);
        if (r) for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) r[i * k + j] = zd[j * k + i]; // R = Zᵀ (R was I)
      }
    }
    const { exports, arena } = use();
    arena.reset();
    const pw = arena.alloc(k * l);
    const pr = r ? arena.alloc(k * k) : 0;
    copyIn(arena, pw, w, k * l);
    if (r) copyIn(arena, pr, r, k * k);
    const info = exports.jacobiSweeps(k, l, pw, pr, tol, maxSweeps, negligibleSq);
    w.set(arena.view(pw, k * l));
    if (r) r.set(arena.view(pr, k * k));
    return info;
  };
}
