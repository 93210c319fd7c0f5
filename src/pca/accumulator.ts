/**
 * Streaming, mergeable PCA: the count, mean and centred scatter of every row seen, in O(d²)
 * memory however many rows go through.
 *
 * Each chunk B (m rows) is reduced to its own mean μ_B and centred scatter
 * S_B = (B − 1μ_Bᵀ)ᵀ(B − 1μ_Bᵀ) by two kernels (`colMeans`, then `gramAccumulate`, a SYRK with
 * the centring folded into it), and combined with the running state (n_A, μ_A, S_A) by the
 * pairwise update of Chan, Golub & LeVeque (1979):
 *
 *   n = n_A + n_B,  δ = μ_B − μ_A,  μ = μ_A + δ·n_B/n,  S = S_A + S_B + δδᵀ·n_A·n_B/n.
 *
 * Every term is a sum of squares of centred values, so nothing cancels: data at 1e8 ± 1 keeps
 * its digits, where the textbook Σxxᵀ − n·μμᵀ loses all of them. `merge` is the same update
 * between two accumulators, so chunks may be reduced on different threads or machines in any
 * grouping and give the same model to rounding.
 *
 * ## JSON (the unit a distributed run ships between machines; see docs/pca-accumulator-format.md)
 *
 * ```json
 * {
 *   "format": "mmlkit-pca-accumulator",
 *   "version": 1,
 *   "n": 150,
 *   "d": 4,
 *   "encoding": "float64-le-base64",
 *   "mean": "<base64: d float64>",
 *   "scatter": "<base64: d(d+1)/2 float64, lower triangle row by row>"
 * }
 * ```
 *
 * - `n` rows seen (a safe integer), `d` features (null while unknown: no rows yet and no `d`
 *   given to the constructor; mean and scatter are then "").
 * - `mean` is μ; `scatter` is S = Σ (x − μ)(x − μ)ᵀ (not divided by n), its lower triangle packed
 *   row by row: S[0][0], S[1][0], S[1][1], S[2][0], … (d(d+1)/2 values).
 * - Numbers are the little-endian IEEE-754 bytes, base64 (RFC 4648, padded): exact, about half
 *   the size of decimal JSON numbers (10.7 characters each against up to 24), and cheap to
 *   encode. For d = 784 the scatter is 3.3 MB this way (~6 MB as decimals). numpy reads it with
 *   `np.frombuffer(base64.b64decode(s), '<f8')`.
 */
import { kernelsFor } from '../backend/dispatch.js';
import { FormatError, NonFiniteError, OptionError, ShapeError, describeValue } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { eigh } from '../linalg/eigh.js';
import { allocFloat64, asMatrix, optionsObject } from '../validate.js';
import { finiteColumnMeans } from './column-means.js';
import { decodeFloat64, encodeFloat64 } from './float64-base64.js';
import { parseObject, type PcaModel } from './model.js';
import { assertEnoughRows, buildModel, chooseK, fitOptions, topDescending, type PcaFitOptions, type Spectrum } from './spectrum.js';

/** The JSON form of an accumulator (documented in the class comment above). */
export interface PcaAccumulatorJson {
  /** Format tag. */
  format: 'mmlkit-pca-accumulator';
  /** Format version. */
  version: 1;
  /** Rows seen (a safe integer). */
  n: number;
  /** Features; null while unknown (no rows yet and no `d` given). */
  d: number | null;
  /** How `mean` and `scatter` are written: little-endian float64 bytes, base64. */
  encoding: 'float64-le-base64';
  /** μ: d float64 ("" while d is unknown). */
  mean: string;
  /** S = Σ (x − μ)(x − μ)ᵀ, lower triangle row by row: d(d+1)/2 float64. */
  scatter: string;
}

export const PCA_ACCUMULATOR_FORMAT = 'mmlkit-pca-accumulator';
export const PCA_ACCUMULATOR_VERSION = 1;
const ENCODING = 'float64-le-base64';

/**
 * Streaming, mergeable PCA: feed rows chunk by chunk (`update`), combine accumulators built on
 * other threads or machines (`merge`, or their `toJSON()` through `fromJSON`), then `finish()`
 * for the {@link PcaModel}. Memory O(d²) whatever the number of rows; the model equals
 * {@link pca}'s on all the rows to rounding.
 * @example
 * const acc = new PcaAccumulator(2);
 * acc.update([[0, 0], [2, 2]]).update([[4, 4]]);
 * acc.count;                                        // 3
 * acc.mean;                                         // Float64Array [2, 2]
 * acc.finish({ components: 1 }).explainedVariance;  // Float64Array [8]
 */
export class PcaAccumulator {
  private d: number | undefined;
  private n = 0;
  private mu: Float64Array;
  /** d × d, kept symmetric (the kernel accumulates the lower triangle and mirrors it). */
  private s: Float64Array;

  /**
   * An empty accumulator for rows of `d` features (taken from the first chunk when omitted).
   * @example const acc = new PcaAccumulator(4); acc.update(chunk1).update(chunk2); acc.finish({ components: 2 })
   */
  constructor(d?: number) {
    // Reached with the width of a zero-column file: say so, not just "d must be ≥ 1".
    if (d === 0) throw new OptionError('PcaAccumulator: d', 'at least 1: d is the number of feature columns, and data with 0 columns has nothing to analyse', d);
    if (d !== undefined && (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 1)) {
      throw new OptionError('PcaAccumulator: d', 'an integer ≥ 1 (the number of features)', d);
    }
    this.d = d;
    this.mu = allocFloat64(d ?? 0, 1, 'PcaAccumulator: the mean');
    this.s = allocFloat64(d ?? 0, d ?? 0, 'PcaAccumulator: the d × d scatter matrix');
  }

  /** Rows seen so far. */
  get count(): number {
    return this.n;
  }

  /** Features per row (undefined until known). */
  get features(): number | undefined {
    return this.d;
  }

  /** Column means of the rows seen so far (a copy; NaN before the first row). */
  get mean(): Float64Array {
    return this.n === 0 ? new Float64Array(this.d ?? 0).fill(NaN) : this.mu.slice();
  }

  /**
   * The covariance of the rows seen so far, scatter / (n − ddof) (d × d).
   * @example acc.covariance({ ddof: 0 }) // the course's population covariance
   */
  covariance(options: { ddof?: number } = {}): Matrix {
    options = optionsObject(options, 'PcaAccumulator.covariance', ['ddof']);
    const { ddof = 1 } = options;
    if (typeof ddof !== 'number' || !Number.isSafeInteger(ddof) || ddof < 0) throw new OptionError('ddof', 'an integer ≥ 0', ddof);
    if (this.n - ddof <= 0) {
      throw new ShapeError(`PcaAccumulator.covariance: needs more than ddof = ${ddof} rows; has ${this.n}`, [[this.n]]);
    }
    const d = this.d ?? 0;
    return new Matrix(d, d, this.s.map((v) => v / (this.n - ddof)));
  }

  /**
   * Adds the rows of `chunk` (m × d; Matrix or number[][]). Returns this, for chaining.
   * @throws ShapeError if the chunk's columns differ from d; NonFiniteError at the first NaN/Inf,
   *   naming its row in the chunk and its row overall (the accumulator is then unchanged).
   * @example new PcaAccumulator().update([[1, 2], [3, 4]]).count // 2
   */
  update(chunk: MatrixLike): this {
    return this.add(asMatrix(chunk, 'PcaAccumulator.update: chunk'), 'PcaAccumulator.update');
  }

  /**
   * @internal
   * `update` for a validated matrix; `what` names the caller in errors, and `chunk` says whether
   * `b` is one chunk of a stream (errors then give rows overall too). pca() uses it as well.
   */
  add(b: Matrix, what: string, chunk = true): this {
    const { rows: m, cols } = b;
    if (m === 0 && (cols === 0 || cols === this.d)) return this;
    if (this.d === undefined) {
      // Allocated before d is set: a refused size leaves the accumulator as it was.
      this.mu = allocFloat64(cols, 1, `${what}: the mean`);
      this.s = allocFloat64(cols, cols, `${what}: the d × d scatter matrix`);
      this.d = cols;
    } else if (cols !== this.d) {
      throw new ShapeError(`${what}: chunk is ${m}×${cols}; the accumulator holds rows of ${this.d} features`, [b.shape, [this.d]]);
    }
    const d = cols;
    if (d === 0) {
      this.n += m;
      return this;
    }
    const muB = finiteColumnMeans(b, what, chunk ? this.n : undefined);
    // S_A + S_B straight into the running scatter, then Chan's correction term.
    kernelsFor('gramAccumulate', (m * d * d) / 2).gramAccumulate(m, d, b.data, muB, this.s);
    if (this.n === 0) {
      this.mu = muB;
      this.n = m;
    } else {
      this.combine(m, muB);
    }
    return this;
  }

  /**
   * Adds everything `other` has seen (Chan's pairwise update); `other` is not changed. The
   * result is the same, to rounding, as updating with the other's rows. Returns this.
   * @throws ShapeError if the two accumulators hold rows of different widths.
   * @example left.merge(right).finish({ components: 0.95 })
   */
  merge(other: PcaAccumulator): this {
    if (!(other instanceof PcaAccumulator)) {
      throw new ShapeError(`PcaAccumulator.merge: expected a PcaAccumulator; got ${describeValue(other)}`);
    }
    if (other.d !== undefined && this.d !== undefined && other.d !== this.d) {
      throw new ShapeError(`PcaAccumulator.merge: cannot merge rows of ${other.d} features into an accumulator of ${this.d}`, [[other.d], [this.d]]);
    }
    if (other.n === 0) {
      if (this.d === undefined && other.d !== undefined) {
        this.mu = allocFloat64(other.d, 1, 'PcaAccumulator.merge: the mean');
        this.s = allocFloat64(other.d, other.d, 'PcaAccumulator.merge: the d × d scatter matrix');
        this.d = other.d;
      }
      return this;
    }
    const otherMean = other.mu.slice();
    const otherScatter = other.s.slice(); // copies first: other may be this
    if (this.n === 0) {
      this.d = other.d;
      this.n = other.n;
      this.mu = otherMean;
      this.s = otherScatter;
      return this;
    }
    const s = this.s;
    for (let i = 0; i < s.length; i++) s[i] += otherScatter[i];
    this.combine(other.n, otherMean);
    return this;
  }

  /**
   * The PCA of every row seen: the same model `pca()` gives on all the rows at once (its
   * covariance route), to rounding.
   * @throws ShapeError with fewer than 2 rows; OptionError for a bad `components` / `whiten`.
   * @example acc.finish({ components: 10 }).explainedVarianceRatio
   */
  finish(options: PcaFitOptions = {}): PcaModel {
    options = optionsObject(options, 'PcaAccumulator.finish', ['components', 'whiten']);
    const opts = fitOptions(options);
    const what = 'PcaAccumulator.finish';
    assertEnoughRows(this.n, what);
    const d = this.d ?? 0;
    // Finite rows whose squared deviations sum past 1.8e308 (entries near 1e154): say so here,
    // not as "eigh: A must be finite" about a matrix the caller never saw.
    const bad = this.s.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new NonFiniteError(
        `${what}: the scatter matrix overflowed at entry (${Math.floor(bad / d)}, ${bad % d}): the squared deviations of this data (entries near 1e154 or beyond) sum past the largest double, 1.8e308; divide the data by a power of ten first (pca() on data in memory scales it itself)`,
        [Math.floor(bad / d), bad % d],
        this.s[bad],
      );
    }
    const { values, vectors } = eigh(new Matrix(d, d, this.s));
    let trace = 0;
    for (let i = 0; i < d; i++) trace += this.s[i * d + i];
    const spectrum: Spectrum = { n: this.n, values: topDescending(values, Math.min(this.n, d)), trace };
    const k = chooseK(opts.components, spectrum);
    // Rows of the model are the eigenvectors for the k largest eigenvalues (eigh's last columns).
    const rows = new Matrix(k, d);
    const z = (vectors as Matrix).data;
    for (let i = 0; i < k; i++) for (let j = 0; j < d; j++) rows.data[i * d + j] = z[j * d + (d - 1 - i)];
    return buildModel(spectrum, this.mu.slice(), rows, opts.whiten);
  }

  /**
   * The JSON form (see the class comment and docs/pca-accumulator-format.md);
   * `JSON.stringify(acc)` calls it.
   * @example PcaAccumulator.fromJSON(JSON.stringify(acc)).count === acc.count
   */
  toJSON(): PcaAccumulatorJson {
    const d = this.d ?? 0;
    const lower = new Float64Array((d * (d + 1)) / 2);
    for (let i = 0, p = 0; i < d; i++) for (let j = 0; j <= i; j++) lower[p++] = this.s[i * d + j];
    return {
      format: PCA_ACCUMULATOR_FORMAT,
      version: PCA_ACCUMULATOR_VERSION,
      n: this.n,
      d: this.d ?? null,
      encoding: ENCODING,
      mean: this.d === undefined ? '' : encodeFloat64(this.mu),
      scatter: this.d === undefined ? '' : encodeFloat64(lower),
    };
  }

  /**
   * Reads an accumulator back from its JSON form (an object or the JSON text), checking the
   * format tag, version, encoding, counts, lengths, finiteness and a non-negative diagonal.
   * @throws FormatError naming the field that is wrong.
   * @example PcaAccumulator.fromJSON(partFromWorker).merge(local)
   */
  static fromJSON(json: unknown): PcaAccumulator {
    const { n, d, mean, lower } = readAccumulatorJson(json);
    if (d === null) return new PcaAccumulator();
    const acc = new PcaAccumulator(d);
    for (let i = 0, p = 0; i < d; i++) for (let j = 0; j <= i; j++, p++) acc.s[i * d + j] = acc.s[j * d + i] = lower[p];
    acc.mu = mean;
    acc.n = n;
    return acc;
  }

  /** Chan's update of (n, μ, S) with another part's count and mean (its scatter already added to S). */
  private combine(nB: number, muB: Float64Array): void {
    const d = muB.length;
    const nA = this.n;
    const n = nA + nB;
    const delta = new Float64Array(d);
    for (let j = 0; j < d; j++) delta[j] = muB[j] - this.mu[j];
    const coef = (nA / n) * nB;
    const s = this.s;
    for (let i = 0; i < d; i++) {
      const di = delta[i] * coef;
      for (let j = 0; j <= i; j++) s[i * d + j] += di * delta[j];
    }
    for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) s[j * d + i] = s[i * d + j];
    const w = nB / n;
    for (let j = 0; j < d; j++) this.mu[j] += delta[j] * w;
    this.n = n;
  }
}

/** An accumulator's JSON, checked and decoded: the scatter stays packed (lower triangle, row by row). */
export interface PackedAccumulator {
  n: number;
  /** null: no rows and no width (mean and lower are then empty). */
  d: number | null;
  mean: Float64Array;
  lower: Float64Array;
}

/**
 * Reads an accumulator's JSON (object or text) without unpacking the scatter: everything
 * `PcaAccumulator.fromJSON` checks (format, version, encoding, counts, lengths, finiteness, a
 * non-negative diagonal). `PartMerger` merges these packed forms directly. `scatter`, when
 * given, is the scatter already decoded by the caller (the JSON's own field is then ignored).
 * @throws FormatError naming the field that is wrong.
 */
export function readAccumulatorJson(json: unknown, scatter?: Float64Array): PackedAccumulator {
  const o = parseObject(json, 'PcaAccumulator');
  const fail = (field: string, msg: string): never => {
    throw new FormatError(`PcaAccumulator.fromJSON: ${msg}`, field);
  };
  if (o.format !== PCA_ACCUMULATOR_FORMAT) fail('format', `format must be "${PCA_ACCUMULATOR_FORMAT}"; got ${describeValue(o.format)}`);
  if (o.version !== PCA_ACCUMULATOR_VERSION) {
    fail('version', `version ${describeValue(o.version)} is not supported (this mmlkit reads version ${PCA_ACCUMULATOR_VERSION})`);
  }
  if (o.encoding !== ENCODING) fail('encoding', `encoding must be "${ENCODING}"; got ${describeValue(o.encoding)}`);
  const n = o.n;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) fail('n', `n must be an integer ≥ 0; got ${describeValue(n)}`);
  const d = o.d;
  if (d === null) {
    if (n !== 0) fail('d', `d is null (unknown) but n is ${describeValue(n)}`);
    return { n: 0, d: null, mean: new Float64Array(0), lower: new Float64Array(0) };
  }
  if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 1) fail('d', `d must be an integer ≥ 1 or null; got ${describeValue(d)}`);
  const dd = d as number;
  const decode = (field: 'mean' | 'scatter', len: number): Float64Array => {
    const s = o[field];
    if (field === 'scatter' && scatter) {
      // decoded by the caller
    } else if (typeof s !== 'string') return fail(field, `${field} must be a base64 string; got ${describeValue(s)}`);
    const x = field === 'scatter' && scatter ? scatter : decodeFloat64(s as string);
    if (typeof x === 'string') return fail(field, `${field}: ${x}`);
    if (x.length !== len) return fail(field, `${field} holds ${x.length} numbers; d = ${dd} needs ${len}`);
    return x;
  };
  const mean = decode('mean', dd);
  const lower = decode('scatter', (dd * (dd + 1)) / 2);
  checkAccumulatorValues(mean, lower, fail);
  return { n: n as number, d: dd, mean, lower };
}

/**
 * The value checks every accumulator reader makes (JSON here, binary parts in
 * distributed/part-binary.ts): finite means and scatter, a non-negative scatter diagonal.
 * `fail(field, message)` throws; `field` is 'mean' or 'scatter'. `scatterFinite`: the caller
 * checks the scatter's finiteness itself (it is still named here if this check finds a culprit).
 */
export function checkAccumulatorValues(mean: Float64Array, lower: Float64Array, fail: (field: string, msg: string) => never, scatterFinite = false): void {
  const d = mean.length;
  for (let i = 0; i < d; i++) if (!Number.isFinite(mean[i])) fail('mean', `mean[${i}] is ${mean[i]}`);
  // One pass with a cheap test (x − x is 0 for finite x, NaN otherwise), the culprit found after;
  // none when the caller checks finiteness itself (PartMerger, while it adds).
  let sum = 0;
  if (!scatterFinite) for (let i = 0; i < lower.length; i++) sum += lower[i] - lower[i];
  if (sum !== 0) {
    for (let i = 0; i < lower.length; i++) if (!Number.isFinite(lower[i])) fail('scatter', `scatter[${i}] is ${lower[i]}`);
  }
  for (let i = 0, p = 0; i < d; p += i + 2, i++) {
    if (lower[p] < 0) fail('scatter', `scatter diagonal entry ${i} is negative (${lower[p]}); a scatter matrix has none`);
  }
}
