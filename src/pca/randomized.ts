/**
 * Randomized PCA in memory: randomized SVD (Halko, Martinsson & Tropp 2011) of the centred data
 * with a block Krylov basis (Musco & Musco 2015), never forming Xc: Xc·W = X·W − 1·(μᵀW) and
 * Xcᵀ·Q = XᵀQ − μ·(1ᵀQ) are one gemm plus an O((n + d)·l) rank-1 correction each.
 *
 * Passes. Each iteration multiplies the last block by Xc·Xcᵀ (two products with the data, as a
 * power iteration does) but KEEPS every block: after q iterations the basis K spans
 * [Xc·Ω, (Xc·Xcᵀ)·Xc·Ω, …, (Xc·Xcᵀ)^q·Xc·Ω] (krylov-basis.ts) and the sketch is B = Kᵀ·Xc.
 * scikit-learn keeps only the last block and runs a fixed 7 (or 4) iterations: on digits with
 * k = 10 that leaves the top variances 7e-6 (relative) off, 1e-2 on a slowly decaying
 * spectrum, and even 50 such iterations leave a flat one 1e-5 off. The Krylov basis converges
 * at a rate set by the square root of the relative gap, so the default — adaptive — stops when
 * no top-k Ritz value moved by more than ADAPTIVE_TOL (relative) since the previous iteration
 * (or when the rate at which the changes shrink says the rest is far below it): 2 iterations
 * on data with a clear gap after the k-th component, 9–17 on the flat spectra measured, all
 * within 1e-10 (docs/pca-methods.md). An integer `powerIterations` fixes the number of
 * iterations instead (2q + 2 products with the data).
 *
 * Cost beyond the products: each new block is orthogonalised against the basis (two gemm pairs
 * of n·L·l, L the basis width so far), its Gram row B·Bᵀ (d·l·L) and the Ritz values (the top
 * k eigenvalues of the L × L Gram matrix). With L a few dozen and d in the thousands that is a
 * few % of the products; it grows with L, so a spectrum flat over many more than k values
 * (e.g. k = 50 on noise) costs more per iteration than the single-block method did.
 */
import { kernelsFor } from '../backend/dispatch.js';
import { OptionError } from '../errors.js';
import { Matrix } from '../matrix.js';
import type { ColumnStats } from './column-stats.js';
import { gaussianTestMatrix } from './gaussian-test-matrix.js';
import { KrylovBasis, orthonormalBasis } from './krylov-basis.js';
import type { PcaModel } from './model.js';
import { modelFromSketchGram } from './sketch-model.js';

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
  const r = Math.min(n, d);
  // l = min(n, d) makes the sketch exact (Q then spans the whole range of Xc).
  const l = Math.min(k + opts.oversamples, r);
  const fixed = opts.powerIterations !== 'adaptive';
  const last = fixed ? (opts.powerIterations as number) : (budget ?? MAX_ADAPTIVE_ITERATIONS);
  const product = new CentredProduct(x, shift);
  // Room for the blocks of a fixed schedule, or of a few adaptive iterations (it grows).
  const basis = new KrylovBasis(n, d, Math.min(r, l * ((fixed ? last : 3) + 1)));
  const q0 = orthonormalBasis(product.times(gaussianTestMatrix(d, l, opts.seed), l));
  basis.push(q0, product.transposeTimes(q0, l));
  let previous: Float64Array | undefined;
  let lastChange = Infinity;
  let converged = fixed;
  let it = 0;
  for (;;) {
    // Once the basis spans min(n, d) columns the sketch is exact.
    const width = Math.min(l, r - basis.width);
    if (!fixed) {
      const values = basis.ritzValues(k);
      const change = previous === undefined ? Infinity : largestChange(previous, values);
      previous = values;
      if ((converged = width === 0 || change <= ADAPTIVE_TOL || settlesFast(change, lastChange))) break;
      if (it >= last || (budget !== undefined && hopeless(change, lastChange, it, last))) break;
      lastChange = change;
    } else if (it >= last || width === 0) break;
    const q = basis.orthogonalize(product.times(basis.lastZ, basis.lastZ.cols), width);
    basis.push(q, product.transposeTimes(q, width));
    it++;
  }
  return { model: modelFromSketchGram({ b: basis.sketch(), mean, n, trace }, basis.gramMatrix(), k, whiten), iterations: it, converged };
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
