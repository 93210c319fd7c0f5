/**
 * The n × n route of `pca()` (the course's n < d trick): the eigenvectors u of the Gram matrix
 * Xc·Xcᵀ of the centred rows map to principal axes Xcᵀu / ‖Xcᵀu‖ with the same eigenvalues, so
 * a 400 × 4096 set needs a 400 × 400 eigenproblem, not 4096². With `topK` only the top k
 * eigenpairs are computed (the eigenvalue-subset solver: method 'truncated').
 */
import { kernelsFor } from '../backend/dispatch.js';
import { eigh } from '../linalg/eigh.js';
import { Matrix } from '../matrix.js';
import { finiteColumnMeans } from './column-means.js';
import type { PcaModel } from './model.js';
import { buildModel, chooseK, topDescending, type CheckedFitOptions, type Spectrum } from './spectrum.js';
import { truncatedSpectrum } from './truncated-spectrum.js';

/** The n × n route: eigenvectors of Xc·Xcᵀ, mapped back to d-space. */
export function gramPca(m: Matrix, opts: CheckedFitOptions, topK?: number): PcaModel {
  const [n, d] = [m.rows, m.cols];
  const mean = finiteColumnMeans(m, 'pca');
  // Xcᵀ (d × n): one copy that centres and transposes, so Xc·Xcᵀ = (Xcᵀ)ᵀ·Xcᵀ is the SYRK kernel
  // (half a gemm) with no further centring, and the map back is one gemm.
  const xct = new Float64Array(d * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) xct[j * n + i] = m.data[i * d + j] - mean[j];
  const gram = new Float64Array(n * n);
  kernelsFor('gramAccumulate', (d * n * n) / 2).gramAccumulate(d, n, xct, new Float64Array(n), gram);
  let trace = 0;
  for (let i = 0; i < n; i++) trace += gram[i * n + i];
  const r = Math.min(n, d);
  const { values, vectors } = eigh(new Matrix(n, n, gram), topK === undefined ? {} : { subsetByIndex: [n - topK, n - 1] });
  const spectrum: Spectrum = topK === undefined ? { n, values: topDescending(values, r), trace } : truncatedSpectrum(values, n, r, trace);
  const k = topK ?? chooseK(opts.components, spectrum);
  // U_k: the eigenvectors of the k largest eigenvalues (eigh's last columns), n × k.
  const u = new Float64Array(n * k);
  const z = (vectors as Matrix).data;
  const w = (vectors as Matrix).cols;
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) u[i * k + c] = z[i * w + (w - 1 - c)];
  // Rows of the model: U_kᵀ·Xc (k × d), i.e. op(A) = U_kᵀ and op(B) = (Xcᵀ)ᵀ.
  const rows = new Matrix(k, d);
  kernelsFor('gemm', k * d * n).gemm(1, 1, k, d, n, 1, u, xct, 0, rows.data);
  normaliseRows(rows, spectrum.values);
  return buildModel(spectrum, mean, rows, opts.whiten);
}

/**
 * Scales each row to unit length. A row whose eigenvalue is negligible beside the largest
 * (rank-deficient data: more components asked for than directions with variance) carries no
 * direction, only rounding; it is replaced by a unit vector orthogonal to the rows before it,
 * as the full SVD would give some orthonormal completion there.
 */
function normaliseRows(rows: Matrix, values: Float64Array): void {
  const { rows: k, cols: d, data } = rows;
  const floor = values[0] * d * Number.EPSILON;
  for (let i = 0; i < k; i++) {
    const row = data.subarray(i * d, (i + 1) * d);
    let ss = 0;
    for (let j = 0; j < d; j++) ss += row[j] * row[j];
    if (values[i] > floor && ss > 0) {
      const inv = 1 / Math.sqrt(ss);
      for (let j = 0; j < d; j++) row[j] *= inv;
    } else {
      completeOrthonormal(data, i, d);
    }
  }
}

/** Row i ← the unit basis vector with the largest remainder after projecting out rows 0..i−1. */
function completeOrthonormal(data: Float64Array, i: number, d: number): void {
  const row = data.subarray(i * d, (i + 1) * d);
  let best = -1;
  for (let e = 0; e < d; e++) {
    // Remainder of e_e: e_e − Σ_p (row_p · e_e) row_p; its squared norm is 1 − Σ_p row_p[e]².
    let proj = 0;
    for (let p = 0; p < i; p++) proj += data[p * d + e] ** 2;
    if (1 - proj > best) {
      best = 1 - proj;
      row.fill(0);
      row[e] = 1;
    }
  }
  // Two passes of Gram–Schmidt (the second restores orthogonality lost to rounding).
  for (let pass = 0; pass < 2; pass++) {
    for (let p = 0; p < i; p++) {
      let dotp = 0;
      for (let j = 0; j < d; j++) dotp += data[p * d + j] * row[j];
      for (let j = 0; j < d; j++) row[j] -= dotp * data[p * d + j];
    }
  }
  let ss = 0;
  for (let j = 0; j < d; j++) ss += row[j] * row[j];
  const inv = 1 / Math.sqrt(ss);
  for (let j = 0; j < d; j++) row[j] *= inv;
}
