/**
 * From an eigendecomposition of the scatter (or Gram) matrix to a `PcaModel`: the variances,
 * the choice of k, the sign convention. Shared by both routes of `pca()` and by
 * `PcaAccumulator.finish()`, so every way of fitting gives the same numbers.
 */
import { OptionError, ShapeError } from '../errors.js';
import { Matrix } from '../matrix.js';
import { PcaModel } from './model.js';

/** Options every fit takes (validated by `fitOptions`). */
export interface PcaFitOptions {
  /**
   * How many components to keep: an integer k in 1..min(n, d), or a fraction f in (0, 1) —
   * keep the fewest components whose explained-variance ratios add up to more than f
   * (scikit-learn's rule). Default: all min(n, d).
   */
  components?: number;
  /** Scale the scores to unit variance in `transform` (scikit-learn's `whiten`). Default false. */
  whiten?: boolean;
}

export interface CheckedFitOptions {
  components: number | undefined;
  whiten: boolean;
}

/** Validates `components` (type and range that do not depend on the data) and `whiten`. */
export function fitOptions(options: PcaFitOptions): CheckedFitOptions {
  const { components, whiten = false } = options;
  if (components !== undefined) {
    const ok = typeof components === 'number' && ((Number.isSafeInteger(components) && components >= 1) || (components > 0 && components < 1));
    if (!ok) throw new OptionError('components', 'an integer ≥ 1 or a fraction in (0, 1)', components);
  }
  if (typeof whiten !== 'boolean') throw new OptionError('whiten', 'a boolean', whiten);
  return { components, whiten };
}

/**
 * The principal variances of a fit: `values` are the eigenvalues of the scatter matrix
 * Σ (x − μ)(x − μ)ᵀ (or of the Gram matrix of the centred rows, which has the same non-zero
 * ones) in DESCENDING order, already cut to r = min(n, d) entries; `trace` is the scatter's
 * trace (the total sum of squares).
 */
export interface Spectrum {
  n: number;
  values: Float64Array;
  trace: number;
}

/** Throws unless there are enough rows for variances with the n − 1 divisor. */
export function assertEnoughRows(n: number, what: string): void {
  if (n < 2) throw new ShapeError(`${what}: PCA needs at least 2 rows (variances divide by n − 1); got ${n}`, [[n]]);
}

/** k from the `components` option and the spectrum. */
export function chooseK(components: number | undefined, s: Spectrum): number {
  const r = s.values.length;
  if (components === undefined) return r;
  if (components >= 1) {
    if (components > r) {
      throw new OptionError('components', `at most min(n, d) = ${r} (n = ${s.n} rows)`, components);
    }
    return components;
  }
  // scikit-learn: searchsorted(cumsum(ratio), f, side='right') + 1, i.e. the first k whose
  // cumulative ratio exceeds f. Capped at r for a cumulative sum that rounds to just below f.
  let cum = 0;
  for (let k = 0; k < r; k++) {
    cum += ratio(s.values[k], s.trace);
    if (cum > components) return k + 1;
  }
  return r;
}

/** A share of the trace, at most 1 (an eigenvalue may round a few ulps past the trace it is part of). */
function ratio(value: number, trace: number): number {
  return trace > 0 ? Math.min(1, value / trace) : 0;
}

/**
 * Assembles the model. `rows` are the k principal axes as unit rows (k × d), in the order of
 * `s.values`; their signs are fixed here so each row's largest-|x| entry is positive (first
 * such entry on exact ties), as scikit-learn's `svd_flip` does.
 */
export function buildModel(s: Spectrum, mean: Float64Array, rows: Matrix, whiten: boolean): PcaModel {
  const { n, values, trace } = s;
  const k = rows.rows;
  fixRowSigns(rows);
  const explainedVariance = new Float64Array(k);
  const explainedVarianceRatio = new Float64Array(k);
  const singularValues = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    explainedVariance[i] = values[i] / (n - 1);
    explainedVarianceRatio[i] = ratio(values[i], trace);
    singularValues[i] = Math.sqrt(values[i]);
  }
  let noise = 0;
  for (let i = k; i < values.length; i++) noise += values[i];
  const noiseVariance = k < values.length ? noise / (values.length - k) / (n - 1) : 0;
  return new PcaModel({ mean, components: rows, explainedVariance, explainedVarianceRatio, singularValues, noiseVariance, nSamples: n, whiten });
}

/**
 * The top `r` eigenvalues of an ascending eigenvalue list, descending and clamped at 0 (a
 * positive semi-definite matrix's tiny negative rounding is not a variance).
 */
export function topDescending(ascending: Float64Array, r: number): Float64Array {
  const out = new Float64Array(r);
  const last = ascending.length - 1;
  for (let i = 0; i < r; i++) out[i] = Math.max(0, ascending[last - i]);
  return out;
}

function fixRowSigns(v: Matrix): void {
  const { rows, cols, data } = v;
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let best = 0;
    let at = o;
    for (let j = o; j < o + cols; j++) {
      const x = Math.abs(data[j]);
      if (x > best) {
        best = x;
        at = j;
      }
    }
    if (data[at] < 0) for (let j = o; j < o + cols; j++) data[j] = -data[j];
  }
}
