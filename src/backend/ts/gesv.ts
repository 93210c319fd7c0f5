/**
 * Reference one-call solve (dgesv's job): getrf on a copy of A, then getrs. The copy is also
 * the pass that finds max|A| and any NaN/±Inf (which end the call before factorising).
 */
import { getrf } from './getrf.js';
import { getrs } from './getrs.js';

export function gesv(n: number, nrhs: number, a: Float64Array, b: Float64Array, diag: Float64Array): number {
  if (n === 0) return 0;
  const size = n * n;
  const lu = new Float64Array(size);
  let maxAbs = 0;
  for (let i = 0; i < size; i++) {
    const v = a[i];
    const av = Math.abs(v);
    if (!(av < Infinity)) return av; // NaN or +Inf: the caller names the entry
    if (av > maxAbs) maxAbs = av;
    lu[i] = v;
  }
  const ipiv = new Int32Array(n);
  getrf(n, n, lu, ipiv);
  for (let i = 0; i < n; i++) diag[i] = lu[i * n + i];
  getrs(0, n, nrhs, lu, ipiv, b);
  return maxAbs;
}
