/**
 * A fitted PCA: the mean, the principal axes and their variances, and the maps between data
 * space (d features) and component space (k scores). Made by `pca()` or
 * `PcaAccumulator.finish()`; saved and restored with `toJSON()` / `PcaModel.fromJSON()`.
 */
import { kernelsFor } from '../backend/dispatch.js';
import { FormatError, ShapeError, describeValue as show } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { asMatrix, assertFinite, float64Length } from '../validate.js';

/** The fields a model is made of (all copied in by the constructor's callers, never shared). */
export interface PcaModelData {
  /** Column means of the training data (length d). */
  mean: Float64Array;
  /** k × d: the principal axes as unit rows, by decreasing variance. */
  components: Matrix;
  /** Variance along each axis (length k), with the n − 1 divisor as scikit-learn's. */
  explainedVariance: Float64Array;
  /** Share of the total variance along each axis (length k). */
  explainedVarianceRatio: Float64Array;
  /** Singular values of the centred data matrix for the k axes: √((n − 1) · variance). */
  singularValues: Float64Array;
  /** Mean variance of the axes left out (scikit-learn's `noise_variance_`); 0 when none are. */
  noiseVariance: number;
  /** Training rows. */
  nSamples: number;
  /** Whether `transform` scales the scores to unit variance. */
  whiten: boolean;
}

/**
 * The JSON form of a model (what `toJSON()` returns and `JSON.stringify` writes). Numbers are
 * plain JSON numbers: JavaScript writes the shortest decimal that reads back to the same
 * double, so a model survives a round trip bit for bit and stays readable by any JSON tool.
 */
export interface PcaModelJson {
  /** Format tag. */
  format: 'mmlkit-pca-model';
  /** Format version. */
  version: 1;
  /** Training rows (n). */
  nSamples: number;
  /** Features (d). */
  nFeatures: number;
  /** Components kept (k). */
  nComponents: number;
  /** Whether `transform` scales the scores to unit variance. */
  whiten: boolean;
  /** Column means, d numbers. */
  mean: number[];
  /** k rows of d numbers. */
  components: number[][];
  /** Variance along each axis, k numbers. */
  explainedVariance: number[];
  /** Share of the total variance along each axis, k numbers. */
  explainedVarianceRatio: number[];
  /** Singular values of the centred data for the k axes. */
  singularValues: number[];
  /** Mean variance of the axes left out (0 when none are). */
  noiseVariance: number;
}

export const PCA_MODEL_FORMAT = 'mmlkit-pca-model';
export const PCA_MODEL_VERSION = 1;

/** Rows centred per gemm call in `transform`: bounds the scratch copy at ROW_BLOCK × d. */
const ROW_BLOCK = 1024;

/**
 * A fitted PCA (made by {@link pca}, {@link PcaAccumulator#finish}, {@link pcaFromChunks} or
 * {@link PcaModel.fromJSON}): d features in, k components out. Frozen.
 * @example
 * const model = pca([[0, 0], [2, 2], [4, 4]], { components: 1 });
 * model.components.toArray();  // [[0.7071067811865475, 0.7071067811865475]]
 * model.explainedVariance;     // Float64Array [8]
 * model.mean;                  // Float64Array [2, 2]
 * model.transform([[4, 4]]);   // [[2.828…]]
 */
export class PcaModel {
  /** Column means of the training data (length d). */
  readonly mean: Float64Array;
  /** k × d: the principal axes as unit rows, by decreasing variance. */
  readonly components: Matrix;
  /** Variance along each axis (length k), with the n − 1 divisor as scikit-learn's. */
  readonly explainedVariance: Float64Array;
  /** Share of the total variance along each axis (length k). */
  readonly explainedVarianceRatio: Float64Array;
  /** Singular values of the centred data matrix for the k axes: √((n − 1) · variance). */
  readonly singularValues: Float64Array;
  /** Mean variance of the axes left out (scikit-learn's `noise_variance_`); 0 when none are. */
  readonly noiseVariance: number;
  /** Training rows (n). */
  readonly nSamples: number;
  /** Whether `transform` scales the scores to unit variance. */
  readonly whiten: boolean;

  /**
   * A model from fitted values, copied (so a caller's later writes, or a resizable buffer
   * shrunk under them, cannot change it) and checked: components a k × d Matrix, the vectors
   * of lengths d, k, k, k. Normally called by `pca()`, `PcaAccumulator.finish()` and
   * `PcaModel.fromJSON()`. The instance is frozen.
   * @throws FormatError naming a missing or mistyped field; ShapeError when lengths disagree.
   */
  constructor(data: PcaModelData) {
    if (typeof data !== 'object' || data === null) throw new FormatError(`PcaModel: expected the fitted fields { mean, components, … }; got ${show(data)}`, '');
    const v = asMatrix(field(data, 'components', (x) => x instanceof Matrix) as Matrix, 'PcaModel: components');
    const [k, d] = [v.rows, v.cols];
    const vector = (name: keyof PcaModelData, want: number): Float64Array => {
      const x = field(data, name, (y) => float64Length(y) !== undefined) as Float64Array;
      if (x.length !== want) throw new ShapeError(`PcaModel: ${name} has length ${x.length}; ${k} components of ${d} features need ${want}`, [[x.length], [want]]);
      return x.slice();
    };
    this.mean = vector('mean', d);
    this.components = new Matrix(k, d, v.data.slice());
    this.explainedVariance = vector('explainedVariance', k);
    this.explainedVarianceRatio = vector('explainedVarianceRatio', k);
    this.singularValues = vector('singularValues', k);
    this.noiseVariance = field(data, 'noiseVariance', (x) => typeof x === 'number') as number;
    this.nSamples = field(data, 'nSamples', (x) => Number.isSafeInteger(x) && (x as number) >= 0) as number;
    this.whiten = field(data, 'whiten', (x) => typeof x === 'boolean') as boolean;
    Object.freeze(this);
  }

  /** k, the number of components kept. */
  get nComponents(): number {
    return this.components.rows;
  }

  /** d, the number of features. */
  get nFeatures(): number {
    return this.components.cols;
  }

  /**
   * Scores of the rows of X on the components: (X − mean) · componentsᵀ, n × d → n × k; with
   * `whiten` each column is divided by √explainedVariance (floored at ε, as scikit-learn).
   * X is centred a block of rows at a time (no n × d copy, and no cancellation from the
   * X·Vᵀ − mean·Vᵀ shortcut when the mean is large).
   * @throws ShapeError unless X has d columns; NonFiniteError on NaN/Inf.
   * @example pca([[0, 0], [2, 2], [4, 4]], { components: 1 }).transform([[4, 4]]) // [[2.828…]]
   */
  transform(x: MatrixLike): Matrix {
    const m = this.checkInput(x, 'transform', this.nFeatures, 'X');
    const [n, d, k] = [m.rows, this.nFeatures, this.nComponents];
    const out = new Matrix(n, k);
    if (n === 0 || k === 0) return out;
    const rows = Math.min(n, ROW_BLOCK);
    const centred = new Float64Array(rows * d);
    const mu = this.mean;
    for (let r0 = 0; r0 < n; r0 += rows) {
      const rb = Math.min(rows, n - r0);
      for (let r = 0; r < rb; r++) {
        const src = (r0 + r) * d;
        for (let j = 0; j < d; j++) centred[r * d + j] = m.data[src + j] - mu[j];
      }
      const block = out.data.subarray(r0 * k, (r0 + rb) * k);
      kernelsFor('gemm', rb * k * d).gemm(0, 1, rb, k, d, 1, centred, this.components.data, 0, block);
    }
    if (this.whiten) {
      const inv = this.whitenScale().map((s) => 1 / s);
      for (let i = 0; i < n * k; i++) out.data[i] *= inv[i % k];
    }
    return out;
  }

  /**
   * Back from scores to data space: Z · components + mean, n × k → n × d (undoing the
   * whitening first when the model whitens). Exact inverse of `transform` on the span of the
   * components.
   * @throws ShapeError unless Z has k columns; NonFiniteError on NaN/Inf.
   * @example const m = pca([[0, 0], [2, 2], [4, 4]], { components: 1 }); m.inverseTransform([[0]]) // [[2, 2]]
   */
  inverseTransform(z: MatrixLike): Matrix {
    const m = this.checkInput(z, 'inverseTransform', this.nComponents, 'Z');
    const [n, d, k] = [m.rows, this.nFeatures, this.nComponents];
    let scores = m.data;
    if (this.whiten) {
      const s = this.whitenScale();
      scores = m.data.slice();
      for (let i = 0; i < n * k; i++) scores[i] *= s[i % k];
    }
    const out = new Matrix(n, d);
    if (n === 0 || d === 0) return out;
    kernelsFor('gemm', n * k * d).gemm(0, 0, n, d, k, 1, scores, this.components.data, 0, out.data);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out.data[i * d + j] += this.mean[j];
    return out;
  }

  /**
   * The rows of X projected onto the k components and mapped back: inverseTransform(transform(X)).
   * Its mean squared row error on the training data is the sum of the variances left out.
   * @example pca([[0, 0], [2, 2], [4, 4]], { components: 1 }).reconstruct([[1, 3]]) // [[2, 2]]
   */
  reconstruct(x: MatrixLike): Matrix {
    return this.inverseTransform(this.transform(x));
  }

  /**
   * The JSON form (see `PcaModelJson`); `JSON.stringify(model)` calls it.
   * @example PcaModel.fromJSON(JSON.parse(JSON.stringify(model))) // an equal model
   */
  toJSON(): PcaModelJson {
    return {
      format: PCA_MODEL_FORMAT,
      version: PCA_MODEL_VERSION,
      nSamples: this.nSamples,
      nFeatures: this.nFeatures,
      nComponents: this.nComponents,
      whiten: this.whiten,
      mean: Array.from(this.mean),
      components: this.components.toArray(),
      explainedVariance: Array.from(this.explainedVariance),
      explainedVarianceRatio: Array.from(this.explainedVarianceRatio),
      singularValues: Array.from(this.singularValues),
      noiseVariance: this.noiseVariance,
    };
  }

  /**
   * Reads a model back from its JSON form (an object, or the JSON text). Every field is
   * checked: the format tag and version, types, lengths against nFeatures / nComponents,
   * finiteness, non-negative variances.
   * @throws FormatError naming the field that is wrong.
   * @example PcaModel.fromJSON(await readFile('model.json', 'utf8'))
   */
  static fromJSON(json: unknown): PcaModel {
    const o = parseObject(json, 'PcaModel');
    if (o.format !== PCA_MODEL_FORMAT) {
      throw new FormatError(`PcaModel.fromJSON: format must be "${PCA_MODEL_FORMAT}"; got ${show(o.format)}`, 'format');
    }
    if (o.version !== PCA_MODEL_VERSION) {
      throw new FormatError(`PcaModel.fromJSON: version ${show(o.version)} is not supported (this mmlkit reads version ${PCA_MODEL_VERSION})`, 'version');
    }
    const d = count(o, 'nFeatures', 1);
    const k = count(o, 'nComponents', 1);
    const nSamples = count(o, 'nSamples', 2);
    if (k > Math.min(d, nSamples)) {
      throw new FormatError(`PcaModel.fromJSON: nComponents ${k} exceeds min(nSamples, nFeatures) = ${Math.min(d, nSamples)}`, 'nComponents');
    }
    if (typeof o.whiten !== 'boolean') throw new FormatError(`PcaModel.fromJSON: whiten must be a boolean; got ${show(o.whiten)}`, 'whiten');
    const rows = o.components;
    if (!Array.isArray(rows) || rows.length !== k) {
      throw new FormatError(`PcaModel.fromJSON: components must be an array of ${k} rows; got ${show(rows)}`, 'components');
    }
    const components = new Matrix(k, d);
    rows.forEach((row, i) => components.data.set(numbers(row, d, `components[${i}]`), i * d));
    const variance = numbers(o.explainedVariance, k, 'explainedVariance', true);
    const ratio = numbers(o.explainedVarianceRatio, k, 'explainedVarianceRatio', true);
    const singular = numbers(o.singularValues, k, 'singularValues', true);
    const noise = o.noiseVariance;
    if (typeof noise !== 'number' || !Number.isFinite(noise) || noise < 0) {
      throw new FormatError(`PcaModel.fromJSON: noiseVariance must be a finite number ≥ 0; got ${show(noise)}`, 'noiseVariance');
    }
    return new PcaModel({
      mean: numbers(o.mean, d, 'mean'),
      components,
      explainedVariance: variance,
      explainedVarianceRatio: ratio,
      singularValues: singular,
      noiseVariance: noise,
      nSamples,
      whiten: o.whiten,
    });
  }

  /** √explainedVariance with scikit-learn's floor at ε (a zero-variance axis is not divided by 0). */
  private whitenScale(): Float64Array {
    return this.explainedVariance.map((v) => Math.max(Math.sqrt(v), Number.EPSILON));
  }

  private checkInput(x: MatrixLike, method: string, cols: number, name: string): Matrix {
    const m = asMatrix(x, `PcaModel.${method}: ${name}`);
    if (m.cols !== cols && !(m.rows === 0 && m.cols === 0)) {
      throw new ShapeError(
        `PcaModel.${method}: ${name} is ${m.rows}×${m.cols}; the model needs ${cols} columns (${method === 'transform' ? 'features' : 'components'})`,
        [m.shape, [cols]],
      );
    }
    assertFinite(m, `PcaModel.${method}: ${name}`);
    return m.cols === cols ? m : new Matrix(0, cols);
  }
}

/** `data[name]` when `ok` accepts it, else a FormatError naming the field. */
function field(data: PcaModelData, name: keyof PcaModelData, ok: (x: unknown) => boolean): unknown {
  const x: unknown = data[name];
  if (!ok(x)) throw new FormatError(`PcaModel: ${name} is missing or of the wrong type; got ${show(x)}`, name);
  return x;
}

/** An object from a JSON value or JSON text; anything else is a FormatError. */
export function parseObject(json: unknown, what: string): Record<string, unknown> {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (err) {
      throw new FormatError(`${what}.fromJSON: not valid JSON (${err instanceof Error ? err.message : String(err)})`, '');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FormatError(`${what}.fromJSON: expected a JSON object; got ${show(value)}`, '');
  }
  return value as Record<string, unknown>;
}

function count(o: Record<string, unknown>, field: string, min: number): number {
  const v = o[field];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
    throw new FormatError(`PcaModel.fromJSON: ${field} must be an integer ≥ ${min}; got ${show(v)}`, field);
  }
  return v;
}

function numbers(v: unknown, len: number, field: string, nonNegative = false): Float64Array {
  if (!Array.isArray(v) || v.length !== len) {
    throw new FormatError(`PcaModel.fromJSON: ${field} must be an array of ${len} numbers; got ${show(v)}`, field);
  }
  const out = new Float64Array(len);
  for (let i = 0; i < len; i++) {
    const x: unknown = v[i];
    if (typeof x !== 'number' || !Number.isFinite(x) || (nonNegative && x < 0)) {
      throw new FormatError(`PcaModel.fromJSON: ${field}[${i}] must be a finite number${nonNegative ? ' ≥ 0' : ''}; got ${show(x)}`, field);
    }
    out[i] = x;
  }
  return out;
}
