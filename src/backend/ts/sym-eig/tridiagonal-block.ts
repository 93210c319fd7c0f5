/** Pieces shared by `steqr` and `sterf`: the iteration cap, block scaling and the failure code. */

import { EPS2, SAFMAX, SAFMIN } from './machine.js';

/** dsteqr/dsterf rescale a block whose largest entry leaves [SSFMIN, SSFMAX]. */
export const SSFMAX = Math.sqrt(SAFMAX) / 3;
export const SSFMIN = Math.sqrt(SAFMIN) / EPS2;
/** LAPACK's cap: 30 · n QL/QR iterations over the whole matrix. */
export const MAXIT = 30;

/** dlanst('M') over the block l … lend; NaN propagates (so a NaN block is never skipped as zero). */
export function blockNorm(d: Float64Array, e: Float64Array, l: number, lend: number): number {
  let anorm = 0;
  for (let i = l; i <= lend; i++) {
    const x = Math.abs(d[i]);
    if (x > anorm || x !== x) anorm = x;
    if (anorm !== anorm) return anorm;
  }
  for (let i = l; i < lend; i++) {
    const x = Math.abs(e[i]);
    if (x > anorm || x !== x) anorm = x;
    if (anorm !== anorm) return anorm;
  }
  return anorm;
}

export function scaleBlock(d: Float64Array, e: Float64Array, l: number, lend: number, f: number): void {
  for (let i = l; i <= lend; i++) d[i] *= f;
  for (let i = l; i < lend; i++) e[i] *= f;
}

/** The convergence failure code: 1 + the first off-diagonal that is still not negligible. */
export function firstNonZero(e: Float64Array, n: number): number {
  for (let i = 0; i < n - 1; i++) if (e[i] !== 0) return i + 1;
  return n;
}
