/**
 * Randomized PCA in memory: scikit-learn's `randomized_svd` (Halko, Martinsson & Tropp 2011,
 * algorithm 4.4, power iterations normalised between passes) on the centred data, never forming
 * it: Xc·W = X·W − 1·(μᵀW) and Xcᵀ·Q = XᵀQ − μ·(1ᵀQ) are one gemm plus an O((n + d)·l)
 * rank-1 correction each. The sketch B = QᵀXc (l × d) goes to `modelFromSketch`.
 *
 * Passes. scikit-learn runs a fixed number of power iterations ('auto': 7, or 4 when
 * k ≥ 0.1·min(n, d)). On digits with k = 10 that leaves the top variances 7e-6 (relative) off
 * the exact ones, and 1e-2 on a slowly decaying spectrum — far from the 1e-6 we promise. So the
 * default here is adaptive: every pass orthonormalises Z = XcᵀQ (which is Bᵀ for the current
 * Q, so the Ritz values σ(Z) come for free from its small R factor) and the iteration stops
 * when no top-k variance moved by more than ADAPTIVE_TOL (relative) since the previous pass
 * (or when the rate at which the changes shrink says the rest is far below it).
 * The Ritz values rise monotonically towards the exact ones, and the error left is about the
 * last change × 1/(1 − ρ) (ρ the convergence ratio); with 1e-9 the slowly decaying spectra
 * measured stayed within 2e-9 (15–45 iterations), while a nearly flat one stops at the cap of 50
 * near 1e-5 (docs/pca-methods.md). Data with a clear gap after the k-th component stops after
 * 2–3 iterations, fewer than scikit-learn's 7. An integer `powerIterations` gives scikit-learn's
 * fixed schedule instead (same number of data passes: 2q + 2 products with X).
 *
 * Normaliser: QR (Householder, the geqrf/orgqr kernels) between every pass — scikit-learn's
 * 'auto' uses LU, cheaper by half, but the adaptive test needs orthonormal columns, and the QR
 * of an n × l block costs ~2nl², under 2 % of the pass's two n·d·l gemms at the sizes where
 * randomized PCA pays.
 */
import { kernelsFor } from '../backend/dispatch.js';
import { OptionError } from '../errors.js';
import { formQ, householder } from '../linalg/qr.js';
import { svdOf } from '../linalg/svd.js';
import { Matrix } from '../matrix.js';
import type { ColumnStats } from './column-stats.js';
import { gaussianTestMatrix } from './gaussian-test-matrix.js';
import type { PcaModel } from './model.js';
import { modelFromSketch } from './sketch-model.js';

/** Options of the randomized route (validated by `randomizedOptions`). */
export interface RandomizedPcaOptions {
  /** Extra sketch columns beyond k (scikit-learn's `n_oversamples`). Default 10. */
  oversamples?: number;
  /**
   * Power iterations: an integer q ≥ 0 for scikit-learn's fixed schedule (2q + 2 passes over
   * the data), or 'adaptive' (default): iterate until the top-k variances change by less than
   * 1e-9 relative between passes, at most 50 iterations.
   */
  powerIterations?: number | 'adaptive';
  /** Seed of the Gaussian test matrix, a uint32 (0 … 2³² − 1). Default 0. */
  seed?: number;
}

export interface CheckedRandomizedOptions {
  oversamples: number;
  powerIterations: number | 'adaptive';
  seed: number;
}

export const DEFAULT_OVERSAMPLES = 10;
export const DEFAULT_SEED = 0;
/** Relative change of the top-k variances between passes below which 'adaptive' stops. */
export const ADAPTIVE_TOL = 1e-9;
/** Cap on adaptive power iterations (a nearly flat spectrum converges slowly; see the doc). */
export const MAX_ADAPTIVE_ITERATIONS = 50;

/** Validates the randomized options; `method` names the method in messages. */
export function randomizedOptions(options: RandomizedPcaOptions, method: string): CheckedRandomizedOptions {
  const { oversamples = DEFAULT_OVERSAMPLES, powerIterations = 'adaptive', seed = DEFAULT_SEED } = options;
  if (typeof oversamples !== 'number' || !Number.isSafeInteger(oversamples) || oversamples < 0) {
    throw new OptionError('oversamples', `an integer ≥ 0 (method '${method}')`, oversamples);
  }
  if (powerIterations !== 'adaptive' && (typeof powerIterations !== 'number' || !Number.isSafeInteger(powerIterations) || powerIterations < 0)) {
    throw new OptionError('powerIterations', `an integer ≥ 0 or 'adaptive' (method '${method}')`, powerIterations);
  }
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new OptionError('seed', `an integer in 0 … 4294967295 (a uint32; method '${method}')`, seed);
  }
  return { oversamples, powerIterations, seed };
}

/** The data a randomized fit works on, from `centredData`. */
export interface CentredData {
  /** The data (n × d): as given, or already centred when `shift` is zeros. */
  x: Matrix;
  /** Column means of the data. */
  mean: Float64Array;
  /** What the products subtract from the rows of x: the mean, or zeros when x is centred. */
  shift: Float64Array;
  /** Σ‖x − μ‖², the total sum of squares. */
  trace: number;
}

/**
 * The operand of the products, from the column statistics (`finiteColumnStats`). The rank-1
 * correction X·W − 1·(μᵀW) cancels about log10(‖μ‖ / rms‖x − μ‖) digits; past 3 of them (a
 * mean 1000 times the spread, e.g. timestamps or raw sensor offsets) the centred copy is formed
 * instead.
 */
export function centredData(x: Matrix, stats: ColumnStats): CentredData {
  const { rows: n, cols: d, data } = x;
  const { mean, trace } = stats;
  let meanSq = 0;
  for (let j = 0; j < d; j++) meanSq += mean[j] * mean[j];
  if (!(meanSq > 1e6 * (trace / n))) return { x, mean, shift: mean, trace };
  const xc = new Matrix(n, d);
  for (let i = 0, r = 0; i < n; i++, r += d) for (let j = 0; j < d; j++) xc.data[r + j] = data[r + j] - mean[j];
  return { x: xc, mean, shift: new Float64Array(d), trace };
}

export interface RandomizedFit {
  model: PcaModel;
  /** Power iterations run (the data was read 2·iterations + 2 times). */
  iterations: number;
  /** False when 'adaptive' stopped at its cap (or gave up within a budget) before the test passed. */
  converged: boolean;
}

/**
 * The top-k model of the data by randomized SVD. `budget` (method 'auto') caps the adaptive
 * schedule at that many iterations and gives up as soon as the rate at which the variances
 * settle says the cap will not be enough (the caller then computes the exact top k instead of
 * paying for a hopeless sketch).
 */
export function randomizedPca(data: CentredData, k: number, opts: CheckedRandomizedOptions, whiten: boolean, budget?: number): RandomizedFit {
  const { x, mean, shift, trace } = data;
  const [n, d] = [x.rows, x.cols];
  // l = min(n, d) makes the sketch exact (Q then spans the whole range of Xc).
  const l = Math.min(k + opts.oversamples, n, d);
  const fixed = opts.powerIterations !== 'adaptive';
  const last = fixed ? (opts.powerIterations as number) : (budget ?? MAX_ADAPTIVE_ITERATIONS);
  const product = new CentredProduct(x, shift);
  let z = product.transposeTimes(orthonormal(product.times(gaussianTestMatrix(d, l, opts.seed), l)), l);
  let previous: Float64Array | undefined;
  let lastChange = Infinity;
  let converged = fixed;
  let it = 0;
  while (it < last) {
    const f = householder(z);
    if (!fixed) {
      const values = ritzValues(f.h, l, k);
      const change = previous === undefined ? Infinity : largestChange(previous, values);
      previous = values;
      // Z is Bᵀ = (QᵀXc)ᵀ for the current Q: once settled, it is the sketch.
      if ((converged = change <= ADAPTIVE_TOL || settlesFast(change, lastChange))) break;
      if (budget !== undefined && hopeless(change, lastChange, it, last)) break;
      lastChange = change;
    }
    z = product.transposeTimes(orthonormal(product.times(formQ(f, l, true), l)), l);
    it++;
  }
  return { model: modelFromSketch({ b: transposed(z), mean, n, trace }, k, whiten), iterations: it, converged };
}

/**
 * Whether the changes shrink so fast that what is left is far below the tolerance: at the rate
 * r last seen, the passes to come would add up to change·r/(1 − r). Taken only once the change
 * is already small (below 1e-7), so one lucky ratio early on cannot stop a slow iteration. Data
 * with a clear gap after the k-th component shrink by 1e-7 per iteration: this saves the pass
 * that would only confirm it.
 */
function settlesFast(change: number, before: number): boolean {
  if (!(change <= 1e-7) || !Number.isFinite(before)) return false;
  const rate = change / before;
  return rate < 0.1 && (change * rate) / (1 - rate) <= ADAPTIVE_TOL / 10;
}

/**
 * Whether the changes, shrinking geometrically at the rate last seen, would still be above
 * ADAPTIVE_TOL after the iterations left (no shrinking at all after 3 iterations: hopeless too).
 */
function hopeless(change: number, before: number, it: number, last: number): boolean {
  if (!Number.isFinite(before)) return false;
  const rate = change / before;
  if (!(rate < 1)) return it >= 3;
  return it + Math.log(ADAPTIVE_TOL / change) / Math.log(rate) > last;
}

/** Products with the centred data Xc = X − 1μᵀ through a rank-1 correction (no n × d copy). */
class CentredProduct {
  constructor(
    private readonly x: Matrix,
    private readonly mean: Float64Array,
  ) {}


  /** Xc·W (n × l) for W d × l: X·W, then each row less μᵀW. */
  times(w: Matrix, l: number): Matrix {
    const { rows: n, cols: d, data } = this.x;
    const out = new Matrix(n, l);
    kernelsFor('gemm', n * d * l).gemm(0, 0, n, l, d, 1, data, w.data, 0, out.data);
    const shift = new Float64Array(l);
    kernelsFor('gemm', d * l).gemm(0, 0, 1, l, d, 1, this.mean, w.data, 0, shift);
    for (let i = 0; i < n; i++) for (let c = 0; c < l; c++) out.data[i * l + c] -= shift[c];
    return out;
  }

  /** Xcᵀ·Q (d × l) for Q n × l: XᵀQ, then row j less μ_j·(1ᵀQ). */
  transposeTimes(q: Matrix, l: number): Matrix {
    const { rows: n, cols: d, data } = this.x;
    const out = new Matrix(d, l);
    kernelsFor('gemm', n * d * l).gemm(1, 0, d, l, n, 1, data, q.data, 0, out.data);
    const sums = new Float64Array(l);
    for (let i = 0; i < n; i++) for (let c = 0; c < l; c++) sums[c] += q.data[i * l + c];
    for (let j = 0; j < d; j++) {
      const mu = this.mean[j];
      if (mu !== 0) for (let c = 0; c < l; c++) out.data[j * l + c] -= mu * sums[c];
    }
    return out;
  }
}

/** An orthonormal basis of the columns of y (m × l, l ≤ m): Householder QR's Q. */
function orthonormal(y: Matrix): Matrix {
  return formQ(householder(y), y.cols, true);
}

/** The top k squared singular values of Z from its QR factor R (l × l, in the geqrf buffer). */
function ritzValues(h: Float64Array, l: number, k: number): Float64Array {
  const r = new Matrix(l, l);
  for (let i = 0; i < l; i++) for (let j = i; j < l; j++) r.data[i * l + j] = h[i * l + j];
  const { s } = svdOf(r, false, 'pca');
  return Float64Array.from(s.subarray(0, k), (v) => v * v);
}

/**
 * The largest relative change of a top-k variance since the last pass. A floor of a few ε of
 * the largest lets values that are rounding noise (rank-deficient data) count as settled.
 */
function largestChange(before: Float64Array, now: Float64Array): number {
  const floor = 64 * Number.EPSILON * now[0];
  let worst = 0;
  for (let i = 0; i < now.length; i++) {
    const moved = Math.abs(now[i] - before[i]) - floor;
    if (moved > 0) worst = Math.max(worst, moved / now[i]);
    else if (Number.isNaN(moved)) return Infinity;
  }
  return worst;
}

function transposed(z: Matrix): Matrix {
  const { rows, cols, data } = z;
  const t = new Matrix(cols, rows);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t.data[j * rows + i] = data[i * cols + j];
  return t;
}
