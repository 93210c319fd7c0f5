/**
 * Reference LU with partial pivoting (dgetrf), row-major in place.
 *
 * Blocked and right-looking: a panel of NB columns is eliminated by the plain algorithm
 * (whole rows are swapped, so the interchanges reach the columns already factored, as
 * LAPACK's laswp does), the rows of U to its right are solved by the panel's unit lower
 * triangle, and the trailing block gets one rank-NB update through the ts gemm on packed
 * copies (4× a plain loop in V8). Below NB columns it is the unblocked algorithm.
 */
import type { Kernels } from '../kernels.js';
import { gemm as tsGemm } from './gemm.js';

/** Panel width (columns per gemm update). */
const NB = 64;

export function getrf(m: number, n: number, a: Float64Array, ipiv: Int32Array): number {
  return getrfWithGemm(m, n, a, ipiv, tsGemm);
}

/**
 * The same factorisation with the trailing updates on a given gemm: a backend that has gemm
 * but no getrf of its own keeps its fast gemm for the O(n³) part.
 */
export function getrfWithGemm(m: number, n: number, a: Float64Array, ipiv: Int32Array, gemm: Kernels['gemm']): number {
  const k = Math.min(m, n);
  let info = 0;
  let packL: Float64Array | undefined;
  let packU: Float64Array | undefined;
  let prod: Float64Array | undefined;
  for (let k0 = 0; k0 < k; k0 += NB) {
    const k1 = Math.min(k, k0 + NB); // panel columns [k0, k1)
    // 1. Panel: elimination restricted to the panel's columns; swaps move whole rows.
    for (let j = k0; j < k1; j++) {
      let p = j;
      let best = Math.abs(a[j * n + j]);
      for (let i = j + 1; i < m; i++) {
        const v = Math.abs(a[i * n + j]);
        if (v > best) {
          best = v;
          p = i;
        }
      }
      ipiv[j] = p;
      const rj = j * n;
      if (a[p * n + j] === 0) {
        if (info === 0) info = j + 1;
        continue; // the column below is all zero: nothing to eliminate
      }
      if (p !== j) {
        const rp = p * n;
        for (let c = 0; c < n; c++) {
          const t = a[rj + c];
          a[rj + c] = a[rp + c];
          a[rp + c] = t;
        }
      }
      const pivot = a[rj + j];
      for (let i = j + 1; i < m; i++) {
        const ri = i * n;
        const l = (a[ri + j] /= pivot);
        for (let c = j + 1; c < k1; c++) a[ri + c] -= l * a[rj + c];
      }
    }
    if (k1 === n) continue;
    // 2. U12 ← L11⁻¹·A12 (unit lower solve on the panel's rows, columns [k1, n)).
    for (let j = k0; j < k1; j++) {
      const rj = j * n;
      for (let i = j + 1; i < k1; i++) {
        const ri = i * n;
        const l = a[ri + j];
        for (let c = k1; c < n; c++) a[ri + c] -= l * a[rj + c];
      }
    }
    if (k1 === m) continue;
    // 3. A22 ← A22 − L21·U12 through gemm on packed copies.
    const rows = m - k1;
    const cols = n - k1;
    const kb = k1 - k0;
    if (!packL || packL.length < rows * kb) packL = new Float64Array(rows * kb);
    if (!packU || packU.length < kb * cols) packU = new Float64Array(kb * cols);
    if (!prod || prod.length < rows * cols) prod = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const src = (k1 + i) * n + k0;
      for (let j = 0; j < kb; j++) packL[i * kb + j] = a[src + j];
    }
    for (let i = 0; i < kb; i++) {
      const src = (k0 + i) * n + k1;
      for (let j = 0; j < cols; j++) packU[i * cols + j] = a[src + j];
    }
    gemm(0, 0, rows, cols, kb, 1, packL, packU, 0, prod);
    for (let i = 0; i < rows; i++) {
      const dst = (k1 + i) * n + k1;
      const src = i * cols;
      for (let j = 0; j < cols; j++) a[dst + j] -= prod[src + j];
    }
  }
  return info;
}
