/**
 * From a sketch to a `PcaModel`: the last step of every randomized route. The routes differ in
 * how they reach B ≈ Qᵀ·Xc (l × d, Q an orthonormal basis of an approximate range of the
 * centred data), then share this: the exact SVD of the small B gives the top k axes (rows of
 * Vᵀ) and variances σ², and the model is assembled by `buildModel`, so signs, variances (n − 1)
 * and ratios follow the same conventions as the exact routes.
 */
import { kernelsFor } from '../backend/dispatch.js';
import { eigh } from '../linalg/eigh.js';
import { formQ, householder } from '../linalg/qr.js';
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

/** The model of the top k components of a sketch, by the SVD of B (see `assemble`). */
export function modelFromSketch(sketch: Sketch, k: number, whiten: boolean): PcaModel {
  const d = sketch.b.cols;
  const { s, vt } = svd(sketch.b);
  return assemble(sketch, Float64Array.from(s.subarray(0, k), (v) => v * v), new Matrix(k, d, vt.data.slice(0, k * d)), whiten);
}

/**
 * Below this λ_k / λ_1 the Gram route's axes would lose more than ~4 digits to the squaring
 * (their error grows as λ_1 / λ_k times the SVD's): `modelFromSketchGram` takes the SVD then.
 */
const GRAM_ROUTE_MIN_RATIO = 1e-8;

/**
 * The same model as `modelFromSketch`, from the Gram matrix G = B·Bᵀ (L × L, lower triangle
 * read) the caller already has: the top k eigenpairs (uᵢ, λᵢ) of G give the variances λᵢ and the
 * axes vᵢ = Bᵀ·uᵢ / √λᵢ (one d × L × k gemm, then a d × k QR). For a wide B (L of a few dozen, d in the
 * thousands) this is several times cheaper than the SVD of B, and as accurate as the
 * covariance route (which squares the data too). When λ_k is below 1e-8·λ_1 (rank-deficient
 * or badly scaled data) it takes the SVD of B instead.
 */
export function modelFromSketchGram(sketch: Sketch, gram: Matrix, k: number, whiten: boolean): PcaModel {
  const { b } = sketch;
  const [size, d] = [b.rows, b.cols];
  const { values, vectors } = eigh(gram, { subsetByIndex: [size - k, size - 1] });
  const top = Float64Array.from(values).reverse();
  if (!(top[k - 1] > GRAM_ROUTE_MIN_RATIO * top[0])) return modelFromSketch(sketch, k, whiten);
  // Uᵀ with the columns in descending order, each scaled by 1/√λ (k × L).
  const u = (vectors as Matrix).data;
  const scaled = new Float64Array(k * size);
  for (let i = 0; i < k; i++) {
    const col = k - 1 - i;
    const s = 1 / Math.sqrt(top[i]);
    for (let a = 0; a < size; a++) scaled[i * size + a] = u[a * k + col] * s;
  }
  const axes = new Matrix(d, k);
  kernelsFor('gemm', k * size * d).gemm(1, 1, d, k, size, 1, b.data, scaled, 0, axes.data);
  // The squaring costs the axes' mutual orthogonality ~ε·λ_1/(λ_i − λ_j): a QR of the d × k
  // axes restores it without moving them (R ≈ diag(±1); signs are fixed in buildModel).
  const q = formQ(householder(axes), k, true);
  return assemble(sketch, top, transposed(q), whiten);
}

function transposed(a: Matrix): Matrix {
  const { rows, cols, data } = a;
  const t = new Matrix(cols, rows);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t.data[j * rows + i] = data[i * cols + j];
  return t;
}

/**
 * The model from the top k values σᵢ² and unit axes (k × d). Ratios are against the TOTAL
 * variance (the trace), not against the values the sketch holds, and the noise variance is
 * what the top k leave of the trace spread over the other min(n, d) − k directions —
 * scikit-learn's randomized PCA does the same.
 */
function assemble(sketch: Sketch, top: Float64Array, rows: Matrix, whiten: boolean): PcaModel {
  const { mean, n, trace } = sketch;
  const k = rows.rows;
  const r = Math.min(n, rows.cols);
  const values = new Float64Array(r);
  let kept = 0;
  for (let i = 0; i < k; i++) {
    values[i] = top[i];
    kept += values[i];
  }
  // The directions the sketch did not resolve share the rest of the trace evenly: only their
  // sum enters the model (through the noise variance).
  const rest = r > k ? Math.max(0, trace - kept) / (r - k) : 0;
  values.fill(rest, k);
  const spectrum: Spectrum = { n, values, trace };
  return buildModel(spectrum, mean, rows, whiten);
}
