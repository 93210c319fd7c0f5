/**
 * `pca()`: principal component analysis of an in-memory data set (rows are samples).
 *
 * Routes (docs/pca-methods.md has what each costs and when 'auto' takes it):
 * - 'covariance': the d × d scatter of the centred rows (the `gramAccumulate` SYRK, through
 *   `PcaAccumulator`, so streaming and in-memory PCA are one code path) and its eigenvectors.
 * - 'gram': the n × n Gram matrix of the centred rows (gram.ts), for n < d.
 * - 'truncated': the exact top k only, by the eigenvalue-subset solver (truncated.ts).
 * - 'randomized': randomized SVD of the centred data (randomized.ts), top k to ~1e-9.
 */
import { callPinned, type BackendOption } from '../backend/registry.js';
import { NonFiniteError, OptionError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { extremeScaleForMax } from '../stats/scaling.js';
import { asMatrix, optionsObject } from '../validate.js';
import { PcaAccumulator } from './accumulator.js';
import { autoRoute } from './auto-method.js';
import { finiteColumnStats, type ColumnStats } from './column-stats.js';
import { gramPca } from './gram.js';
import { PcaModel } from './model.js';
import { centredData, MAX_ADAPTIVE_ITERATIONS, randomizedOptions, randomizedPca, type CheckedRandomizedOptions, type RandomizedPcaOptions } from './randomized.js';
import { assertEnoughRows, fitOptions, type CheckedFitOptions, type PcaFitOptions } from './spectrum.js';
import { truncatedPca } from './truncated.js';

/** How {@link pca} computes the model (see `PcaOptions.method`). */
export type PcaMethod = 'auto' | 'covariance' | 'gram' | 'truncated' | 'randomized';

export interface PcaOptions extends PcaFitOptions, RandomizedPcaOptions, BackendOption {
  /**
   * - 'covariance': eigenvectors of the d × d scatter; 'gram': of the n × n Gram matrix (for
   *   n < d). Both exact, all components.
   * - 'truncated': the exact top k (integer `components` required) by the eigenvalue-subset
   *   solver on the smaller of those two matrices.
   * - 'randomized': randomized SVD (Halko et al., scikit-learn's `randomized_svd`), top k
   *   (integer `components` required) within ~1e-9 relative by default; takes `oversamples`,
   *   `powerIterations` and `seed`.
   * - 'auto' (default): exact unless randomized is measured to be clearly faster for this
   *   shape and k (docs/pca-methods.md); with a fraction or no `components`, always exact.
   * All give the same model to rounding (randomized: to its tolerance).
   */
  method?: PcaMethod;
}

const METHODS: readonly PcaMethod[] = ['auto', 'covariance', 'gram', 'truncated', 'randomized'];
const RANDOMIZED_OPTIONS = ['oversamples', 'powerIterations', 'seed'] as const;

/**
 * Principal component analysis of X (n × d, rows are samples), as scikit-learn's
 * `PCA(svd_solver='full')` (or `'randomized'`): components are unit rows by decreasing
 * variance, each with its largest-|x| entry positive; variances divide by n − 1; ratios are
 * shares of the total variance.
 * @throws ShapeError for fewer than 2 rows or no columns; NonFiniteError at a NaN/Inf;
 *   OptionError for a bad `components`, `method`, `whiten`, `oversamples`, `powerIterations`
 *   or `seed`, a fraction (or none) of `components` with 'truncated' or 'randomized', or a
 *   randomized option with an exact method.
 * @example
 * const model = pca([[2, 0], [0, 1], [-2, 0], [0, -1]], { components: 1 });
 * model.components.toArray();   // [[1, 0]]
 * model.explainedVariance;      // Float64Array [2.6666666666666665]
 * model.transform([[4, 3]]);    // [[4]]
 * @example pca(wide, { method: 'randomized', components: 10, seed: 7 }) // top 10, reproducible
 */
export function pca(x: MatrixLike, options: PcaOptions = {}): PcaModel {
  const pinned = callPinned(pca, [x, options], 'pca');
  if (pinned) return pinned.result as PcaModel;
  options = optionsObject(options, 'pca', ['components', 'whiten', 'method', ...RANDOMIZED_OPTIONS]);
  const m = asMatrix(x, 'pca: X');
  const opts = fitOptions(options);
  const method = options.method === undefined ? 'auto' : options.method; // null is refused below, not defaulted
  if (!METHODS.includes(method)) throw new OptionError('method', "'auto', 'covariance', 'gram', 'truncated' or 'randomized'", method);
  if (method !== 'auto' && method !== 'randomized') {
    const given = RANDOMIZED_OPTIONS.find((o) => options[o] !== undefined);
    if (given) throw new OptionError(given, `only with method 'randomized' or 'auto' (method is '${method}')`, options[given]);
  }
  const rand = randomizedOptions(options, method);
  const [n, d] = [m.rows, m.cols];
  if (d === 0) throw new ShapeError(`pca: X is ${n}×0; it needs at least one column`, [m.shape]);
  assertEnoughRows(n, 'pca');
  const k = method === 'truncated' || method === 'randomized' ? topK(opts.components, method, n, d) : undefined;
  // One kernel pass: refuses NaN/±Inf (naming the first), and gives max |x| for the rescaling
  // below and the means and trace the randomized route needs.
  const stats = finiteColumnStats(m, 'pca');
  // Entries near 1e154 square past the largest double (and near 1e-154 to zero): fit on the data
  // scaled by an exact power of two, then scale the model back, as LAPACK's dlascl does.
  const factor = extremeScaleForMax(stats.maxAbs);
  if (factor === 1) return fitRoute(m, stats, method, opts, rand, k);
  // Rare: the statistics of the scaled copy are taken again (its sums of squares may have
  // overflowed or underflowed before scaling).
  const scaled = new Matrix(n, d, m.data.map((v) => v * factor));
  return unscaled(fitRoute(scaled, finiteColumnStats(scaled, 'pca'), method, opts, rand, k), 1 / factor);
}

/** k for the top-k methods: an integer in 1..min(n, d) (a fraction needs the whole spectrum). */
function topK(components: number | undefined, method: PcaMethod, n: number, d: number): number {
  const r = Math.min(n, d);
  if (components === undefined || !Number.isInteger(components)) {
    throw new OptionError('components', `an integer k in 1..${r} with method '${method}' (a fraction of the variance needs the whole spectrum: use 'auto', 'covariance' or 'gram')`, components);
  }
  if (components > r) throw new OptionError('components', `at most min(n, d) = ${r} (n = ${n} rows)`, components);
  return components;
}

function fitRoute(x: Matrix, stats: ColumnStats, method: PcaMethod, opts: CheckedFitOptions, rand: CheckedRandomizedOptions, k: number | undefined): PcaModel {
  const [n, d] = [x.rows, x.cols];
  const exact = () => (d <= n ? new PcaAccumulator(d).add(x, 'pca', false).finish(opts) : gramPca(x, opts));
  switch (method) {
    case 'covariance':
      return new PcaAccumulator(d).add(x, 'pca', false).finish(opts);
    case 'gram':
      return gramPca(x, opts);
    case 'truncated':
      return truncatedPca(x, k as number, opts.whiten);
    case 'randomized':
      return randomizedPca(centredData(x, stats), k as number, rand, opts.whiten).model;
    default: {
      const c = opts.components;
      // A fraction or all components need the whole spectrum.
      if (c === undefined || !Number.isInteger(c) || c > Math.min(n, d)) return exact();
      const route = autoRoute(n, d, c, rand.oversamples, MAX_ADAPTIVE_ITERATIONS);
      if (route.name === 'full') return exact();
      if (route.name === 'truncated') return truncatedPca(x, c, opts.whiten);
      // Randomized within the budget of the exact route; when the spectrum has no gap after k
      // and it will not settle within that budget (it gives up as soon as its rate says so),
      // the exact top k costs less than going on would.
      const fitted = randomizedPca(centredData(x, stats), c, rand, opts.whiten, route.maxIterations);
      return fitted.converged ? fitted.model : truncatedPca(x, c, opts.whiten);
    }
  }
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

