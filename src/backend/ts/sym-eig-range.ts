/**
 * Reference `symEigRange` (see `Kernels.symEigRange` in ../kernels.ts): the full reference
 * symEig, then the eigenpairs il..iu selected. Correct first: the native kernel does the
 * O(n·k) bisection + inverse iteration instead (native/src/sym_eig_range.cc).
 */
import { symEig } from './sym-eig/index.js';

export function symEigRange(
  n: number,
  a: Float64Array,
  il: number,
  iu: number,
  w: Float64Array,
  z: Float64Array,
  wantVectors: 0 | 1,
): number {
  if (n === 0) return 0;
  const k = iu - il + 1;
  const wAll = new Float64Array(n);
  const zAll = new Float64Array(wantVectors ? n * n : 0);
  const info = symEig(n, a, wAll, zAll, wantVectors);
  if (info !== 0) return info;
  for (let j = 0; j < k; j++) w[j] = wAll[il + j];
  if (wantVectors) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) z[i * k + j] = zAll[i * n + il + j];
    }
  }
  return 0;
}
