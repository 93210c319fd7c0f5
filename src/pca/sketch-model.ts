/**
 * From a sketch to a `PcaModel`: the last step of every randomized route. The routes differ in
 * how they reach B ≈ Qᵀ·Xc (l × d, Q an orthonormal basis of an approximate range of the
 * centred data), then share this: the exact SVD of the small B gives the top k axes (rows of
 * Vᵀ) and variances σ², and the model is assembled by `buildModel`, so signs, variances (n − 1)
 * and ratios follow the same conventions as the exact routes.
 */
import { svd } from '../linalg/svd.js';
import { Matrix } from '../matrix.js';
import type { PcaModel } from './model.js';
import { buildModel, type Spectrum } from './spectrum.js';

export interface Sketch {
  /** B ≈ Qᵀ·Xc, l × d with k ≤ min(l, d). */
  b: Matrix;
  /** Column means of the data (length d). */
  mean: Float64Array;
  /** Rows of the data (≥ 2). */
  n: number;
  /** Total sum of squares of the centred data, Σ‖x − μ‖² (the scatter's trace). */
  trace: number;
}

/**
 * The model of the top k components of a sketch. Ratios are against the TOTAL variance (the
 * trace), not against the l values the sketch holds, and the noise variance is what the top k
 * leave of the trace spread over the other min(n, d) − k directions — scikit-learn's
 * randomized PCA does the same.
 */
export function modelFromSketch(sketch: Sketch, k: number, whiten: boolean): PcaModel {
  const { b, mean, n, trace } = sketch;
  const d = b.cols;
  const { s, vt } = svd(b);
  const rows = new Matrix(k, d, vt.data.slice(0, k * d));
  const r = Math.min(n, d);
  const values = new Float64Array(r);
  let kept = 0;
  for (let i = 0; i < k; i++) {
    values[i] = s[i] * s[i];
    kept += values[i];
  }
  // The directions the sketch did not resolve share the rest of the trace evenly: only their
  // sum enters the model (through the noise variance).
  const rest = r > k ? Math.max(0, trace - kept) / (r - k) : 0;
  values.fill(rest, k);
  const spectrum: Spectrum = { n, values, trace };
  return buildModel(spectrum, mean, rows, whiten);
}
