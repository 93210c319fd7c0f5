/**
 * The spectrum of a fit that computed only the top k eigenvalues (methods 'truncated' and,
 * through sketch-model.ts, 'randomized' do the same): the other r − k share what the top k
 * leave of the trace, so `buildModel`'s noise variance is the exact one.
 */
import type { Spectrum } from './spectrum.js';

/** `ascendingTop` are the k largest eigenvalues in ascending order (eigh's subset output). */
export function truncatedSpectrum(ascendingTop: Float64Array, n: number, r: number, trace: number): Spectrum {
  const k = ascendingTop.length;
  const values = new Float64Array(r);
  let kept = 0;
  for (let i = 0; i < k; i++) {
    values[i] = Math.max(0, ascendingTop[k - 1 - i]);
    kept += values[i];
  }
  values.fill(r > k ? Math.max(0, trace - kept) / (r - k) : 0, k);
  return { n, values, trace };
}
