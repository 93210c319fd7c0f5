/**
 * `pca()`: principal component analysis of an in-memory data set (rows are samples).
 *
 * Two routes to the same model. 'covariance' forms the d × d scatter of the centred rows (the
 * `gramAccumulate` SYRK, through `PcaAccumulator`, so streaming and in-memory PCA are one code
 * path) and takes its eigenvectors. 'gram' is the n < d trick of the course: the eigenvectors u
 * of the n × n Gram matrix Xc·Xcᵀ of the centred rows map to principal axes Xcᵀu / ‖Xcᵀu‖
 * with the same eigenvalues, so a 400 × 4096 set needs a 400 × 400 eigenproblem, not 4096².
 */
import { callPinned, type BackendOption } from '../backend/registry.js';
import { kernelsFor } from '../backend/dispatch.js';
import { NonFiniteError, OptionError, ShapeError } from '../errors.js';
import { eigh } from '../linalg/eigh.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { extremeScaleFor } from '../stats/scaling.js';
import { asMatrix, optionsObject } from '../validate.js';
import { PcaAccumulator } from './accumulator.js';
import { finiteColumnMeans } from './column-means.js';
import { PcaModel } from './model.js';
import { assertEnoughRows, buildModel, chooseK, fitOptions, topDescending, type CheckedFitOptions, type PcaFitOptions, type Spectrum } from './spectrum.js';

export type PcaMethod = 'auto' | 'covariance' | 'gram';

export interface PcaOptions extends PcaFitOptions, BackendOption {
  /**
   * 'covariance' (d × d scatter), 'gram' (n × n Gram matrix, for n < d), or 'auto' (default):
   * the cheaper one — covariance when d ≤ n. Both give the same model to rounding.
   */
  method?: PcaMethod;
}

const METHODS: readonly PcaMethod[] = ['auto', 'covariance', 'gram'];

/**
 * Principal component analysis of X (n × d, rows are samples), as scikit-learn's
 * `PCA(svd_solver='full')`: components are unit rows by decreasing variance, each with its
 * largest-|x| entry positive; variances divide by n − 1.
 * @throws ShapeError for fewer than 2 rows or no columns; NonFiniteError at a NaN/Inf;
 *   OptionError for a bad `components`, `method` or `whiten`.
 * @example
 * const model = pca([[2, 0], [0, 1], [-2, 0], [0, -1]], { components: 1 });
 * model.components.toArray();   // [[1, 0]]
 * model.explainedVariance;      // Float64Array [2.6666666666666665]
 * model.transform([[4, 3]]);    // [[4]]
 */
export function pca(x: MatrixLike, options: PcaOptions = {}): PcaModel {
  const pinned = callPinned(pca, [x, options], 'pca');
  if (pinned) return pinned.result as PcaModel;
  options = optionsObject(options, 'pca', ['components', 'whiten', 'method']);
  const m = asMatrix(x, 'pca: X');
  const opts = fitOptions(options);
  const method = options.method === undefined ? 'auto' : options.method; // null is refused below, not defaulted
  if (!METHODS.includes(method)) throw new OptionError('method', "'auto', 'covariance' or 'gram'", method);
  const [n, d] = [m.rows, m.cols];
  if (d === 0) throw new ShapeError(`pca: X is ${n}×0; it needs at least one column`, [m.shape]);
  assertEnoughRows(n, 'pca');
  const route = method === 'auto' ? (d <= n ? 'covariance' : 'gram') : method;
  const fit = (x: Matrix) => (route === 'covariance' ? new PcaAccumulator(d).add(x, 'pca', false).finish(opts) : gramPca(x, opts));
  // Entries near 1e154 square past the largest double (and near 1e-154 to zero): fit on the data
  // scaled by an exact power of two, then scale the model back, as LAPACK's dlascl does.
  const factor = extremeScaleFor(m.data);
  if (factor === 1) return fit(m);
  return unscaled(fit(new Matrix(n, d, m.data.map((v) => v * factor))), 1 / factor);
}

/** A model fitted on X / scale, mapped back to X's units (components and ratios do not change). */
function unscaled(model: PcaModel, scale: number): PcaModel {
  const variance = model.explainedVariance.map((v) => v * scale * scale);
  const noiseVariance = model.noiseVariance * scale * scale;
  const at = variance.findIndex((v) => !Number.isFinite(v));
  if (at >= 0 || !Number.isFinite(noiseVariance)) {
    throw new NonFiniteError(
      `pca: the variance${at >= 0 ? ` along component ${at + 1}` : ' left out'} is ${(at >= 0 ? model.explainedVariance[at] : model.noiseVariance).toExponential(3)} × 2^${2 * Math.log2(scale)}, past the largest double (1.8e308); divide the data by a power of ten first`,
      at >= 0 ? [at] : [],
    );
  }
  return new PcaModel({
    mean: model.mean.map((v) => v * scale),
    components: model.components,
    explainedVariance: variance,
    explainedVarianceRatio: model.explainedVarianceRatio,
    singularValues: model.singularValues.map((v) => v * scale),
    noiseVariance,
    nSamples: model.nSamples,
    whiten: model.whiten,
  });
}

/** The n × n route: eigenvectors of Xc·Xcᵀ, mapped back to d-space. */
function gramPca(m: Matrix, opts: CheckedFitOptions): PcaModel {
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
  const { values, vectors } = eigh(new Matrix(n, n, gram));
  const spectrum: Spectrum = { n, values: topDescending(values, Math.min(n, d)), trace };
  const k = chooseK(opts.components, spectrum);
  // U_k: the eigenvectors of the k largest eigenvalues (eigh's last columns), n × k.
  const u = new Float64Array(n * k);
  const z = (vectors as Matrix).data;
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) u[i * k + c] = z[i * n + (n - 1 - c)];
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
