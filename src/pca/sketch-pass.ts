/**
 * One pass of streaming randomized PCA: what a pass needs (`RandomizedPcaPass`: the options and
 * the d × w test basis Z) and what it gathers over some rows (`RandomizedPcaPartial`).
 *
 * Over rows x (centred by their mean μ) a partial keeps, with y = Zᵀ(x − μ):
 *
 *   n,  μ,  s = Σ (x − μ)∘(x − μ) (per column),  G = Σ y yᵀ (w × w),  W = Σ (x − μ) yᵀ (d × w)
 *
 * i.e. G = Zᵀ·Xcᵀ·Xc·Z and W = Xcᵀ·Xc·Z for the centred data Xc: the sketch needs nothing else
 * (see randomized-sketch.ts), so memory is O(d·w) however many rows go through. Each chunk is
 * centred by ITS OWN mean (two gemm calls and one SYRK on the active backend), and parts combine
 * by Chan, Golub & LeVeque's pairwise update extended to co-moments:
 *
 *   n = n_A + n_B,  δ = μ_B − μ_A,  c = n_A·n_B / n,
 *   s += s_B + c·δ∘δ,  G += G_B + c·(Zᵀδ)(Zᵀδ)ᵀ,  W += W_B + c·δ(Zᵀδ)ᵀ,  μ += δ·n_B / n.
 *
 * So the first pass needs no global mean in advance (means, the trace and the first sketch come
 * from the same read), every term is a product of centred values (data at 1e8 ± 1 keeps its
 * digits), and partials from threads or machines merge in any grouping to rounding.
 *
 * ## JSON (docs/randomized-pca-streaming.md)
 * A pass: `{ format: "mmlkit-rpca-pass", version: 1, seed, components, oversamples,
 * powerIterations, pass, passes, d, width, encoding: "float64-le-base64", basis }`.
 * A partial: `{ format: "mmlkit-rpca-partial", version: 1, seed, components, oversamples,
 * powerIterations, pass, d, width, basisChecksum, n, encoding, mean, sumSquares, gram, cross }`
 * with `gram` the lower triangle of G row by row and `cross` W row-major (d × width).
 */
import { kernelsFor } from '../backend/dispatch.js';
import { FormatError, NonFiniteError, OptionError, ShapeError, describeValue } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { allocFloat64, asMatrix } from '../validate.js';
import { finiteColumnMeans } from './column-means.js';
import { decodeFloat64, encodeFloat64 } from './float64-base64.js';
import { parseObject } from './model.js';

export const RPCA_PASS_FORMAT = 'mmlkit-rpca-pass';
export const RPCA_PARTIAL_FORMAT = 'mmlkit-rpca-partial';
export const RPCA_VERSION = 1;
const ENCODING = 'float64-le-base64';

/**
 * The options of a streaming randomized PCA, checked (see RandomizedPcaSketch).
 * @inline
 */
export interface SketchSettings {
  /** Components to keep (k). */
  components: number;
  /** Extra directions sketched beyond k. */
  oversamples: number;
  /** Power iterations (passes − 1). */
  powerIterations: number;
  /** Seed of the Gaussian test matrix. */
  seed: number;
}

/** The JSON form of a {@link RandomizedPcaPass} (`toJSON()` / `RandomizedPcaPass.fromJSON`). */
export interface RandomizedPcaPassJson extends SketchSettings {
  /** Format tag, 'mmlkit-rpca-pass'. */
  format: typeof RPCA_PASS_FORMAT;
  /** Format version. */
  version: 1;
  /** 0-based index of this pass. */
  pass: number;
  /** Passes in the whole fit. */
  passes: number;
  /** Features. */
  d: number;
  /** Directions sketched (columns of the basis). */
  width: number;
  /** 'float64-le-base64': little-endian float64 bytes, base64. */
  encoding: typeof ENCODING;
  /** Z, d × width row-major. */
  basis: string;
}

/** The JSON form of a {@link RandomizedPcaPartial} (`toJSON()`, merged by `RandomizedPcaSketch#merge`). */
export interface RandomizedPcaPartialJson extends SketchSettings {
  /** Format tag, 'mmlkit-rpca-partial'. */
  format: typeof RPCA_PARTIAL_FORMAT;
  /** Format version. */
  version: 1;
  /** 0-based index of the pass it belongs to. */
  pass: number;
  /** Features. */
  d: number;
  /** Directions sketched. */
  width: number;
  /** FNV-1a of the pass's basis: a partial of another basis is refused. */
  basisChecksum: string;
  /** Rows gathered. */
  n: number;
  /** 'float64-le-base64'. */
  encoding: typeof ENCODING;
  /** μ of the rows, d float64. */
  mean: string;
  /** Σ (x − μ)∘(x − μ) per column, d float64. */
  sumSquares: string;
  /** G = Σ y yᵀ, lower triangle row by row (width(width+1)/2 float64). */
  gram: string;
  /** W = Σ (x − μ) yᵀ, d × width row-major. */
  cross: string;
}

/** Centred rows per block in `update`, in doubles (16 MB). */
const BLOCK_DOUBLES = 1 << 21;

/** FNV-1a (32 bits) of Z's bytes: partials computed against another basis are refused. */
function checksum(z: Float64Array): string {
  const bytes = new Uint8Array(z.buffer, z.byteOffset, z.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * What every reader of one pass needs: the settings, which pass it is, and the basis Z (d × w).
 * Made by `RandomizedPcaSketch.plan()`; shipped to threads or machines as JSON.
 * @example const part = RandomizedPcaPass.fromJSON(planJson).partial(); for (const c of myRows) part.update(c);
 */
export class RandomizedPcaPass {
  /** FNV-1a of the basis bytes (hex), carried by every partial of this pass. */
  readonly basisChecksum: string;

  /**
   * Normally made by `RandomizedPcaSketch#plan` or `RandomizedPcaPass.fromJSON`.
   * @throws OptionError when an argument is not what those make.
   */
  constructor(
    /** The fit's settings (powerIterations chosen). */
    readonly settings: Readonly<SketchSettings>,
    /** 0-based index of this pass. */
    readonly pass: number,
    /** Passes in the whole fit (powerIterations + 1). */
    readonly passes: number,
    /** Z: d × width, the directions the rows are projected on. Not to be written. */
    readonly basis: Matrix,
  ) {
    // Made by RandomizedPcaSketch.plan() or fromJSON (which check the contents); this guards the
    // exported constructor against being called with anything else.
    const how = 'as RandomizedPcaSketch.plan() or RandomizedPcaPass.fromJSON() make it';
    if (settings === null || typeof settings !== 'object') throw new OptionError('RandomizedPcaPass: settings', `the sketch settings, ${how}`, settings);
    if (!Number.isSafeInteger(passes) || passes < 1) throw new OptionError('RandomizedPcaPass: passes', 'an integer ≥ 1', passes);
    if (!Number.isSafeInteger(pass) || pass < 0 || pass >= passes) throw new OptionError('RandomizedPcaPass: pass', `an integer in 0..${passes - 1}`, pass);
    if (!(basis instanceof Matrix)) throw new OptionError('RandomizedPcaPass: basis', `a d × width Matrix, ${how}`, basis);
    this.basisChecksum = checksum(asMatrix(basis, 'RandomizedPcaPass: basis').data);
  }

  /** Features (d, rows of the basis). */
  get features(): number {
    return this.basis.rows;
  }

  /** Directions sketched (columns of the basis). */
  get width(): number {
    return this.basis.cols;
  }

  /** An empty partial of this pass. */
  partial(): RandomizedPcaPartial {
    return new RandomizedPcaPartial(this);
  }

  /** Throws unless `other` is the same pass (settings, index, shape and basis). */
  assertSame(other: RandomizedPcaPass | RandomizedPcaPartialJson, what: string): void {
    const mine = this.identity();
    const theirs = other instanceof RandomizedPcaPass ? other.identity() : other;
    for (const key of Object.keys(mine) as (keyof typeof mine)[]) {
      if (mine[key] !== theirs[key]) {
        const hint =
          key === 'pass' ? ' (a partial of another pass)' : key === 'basisChecksum' ? ' (computed against another basis: another run or another pass plan)' : ' (another fit\'s options)';
        throw new ShapeError(`${what}: the partial has ${key} ${describeValue(theirs[key])}; this pass has ${describeValue(mine[key])}${hint}`);
      }
    }
  }

  private identity() {
    const { seed, components, oversamples, powerIterations } = this.settings;
    return { seed, components, oversamples, powerIterations, pass: this.pass, d: this.features, width: this.width, basisChecksum: this.basisChecksum };
  }

  /** The JSON form (see the file comment); `JSON.stringify(plan)` calls it. */
  toJSON(): RandomizedPcaPassJson {
    return {
      format: RPCA_PASS_FORMAT,
      version: RPCA_VERSION,
      ...this.settings,
      pass: this.pass,
      passes: this.passes,
      d: this.features,
      width: this.width,
      encoding: ENCODING,
      basis: encodeFloat64(this.basis.data),
    };
  }

  /**
   * A pass read back from its JSON (object or text).
   * @throws FormatError naming the field that is wrong.
   */
  static fromJSON(json: unknown): RandomizedPcaPass {
    const o = parseObject(json, 'RandomizedPcaPass');
    const { fail, int } = fieldReaders(o, 'RandomizedPcaPass');
    header(o, RPCA_PASS_FORMAT, fail);
    const settings = settingsOf(int);
    const passes = int('passes', 1);
    const pass = int('pass', 0);
    if (pass >= passes) fail('pass', `pass ${pass} is past the last (passes = ${passes})`);
    if (passes !== settings.powerIterations + 1) fail('passes', `passes must be powerIterations + 1 = ${settings.powerIterations + 1}; got ${passes}`);
    const d = int('d', 1);
    const width = int('width', 1);
    if (width > d) fail('width', `width ${width} exceeds d = ${d}`);
    const basis = decodeField(o, 'basis', d * width, `d × width = ${d} × ${width}`, fail);
    return new RandomizedPcaPass(settings, pass, passes, new Matrix(d, width, basis));
  }
}

/**
 * The sums of one pass over some rows (see the file comment): fed chunk by chunk with `update`,
 * combined with `merge`, shipped as JSON. Made by `RandomizedPcaPass.partial()`.
 * @example
 * const sketch = new RandomizedPcaSketch({ components: 1 }, 2);
 * const a = sketch.plan().partial().update([[0, 0], [2, 2]]); // on one thread or machine
 * const b = sketch.plan().partial().update([[4, 4]]);         // on another
 * a.merge(b).count;                                           // 3
 * sketch.merge(a.toJSON());                                   // then sketch.endPass()
 */
export class RandomizedPcaPartial {
  private n = 0;
  private readonly mu: Float64Array;
  private readonly ss: Float64Array;
  /** G, w × w, symmetric. */
  private readonly g: Float64Array;
  /** W, d × w. */
  private readonly w: Float64Array;
  private scratch: Float64Array = new Float64Array(0);

  /**
   * An empty partial of `plan` (the same as `plan.partial()`).
   * @throws OptionError when `plan` is not a RandomizedPcaPass.
   */
  constructor(
    /** The pass this partial gathers rows for. */
    readonly plan: RandomizedPcaPass,
  ) {
    if (!(plan instanceof RandomizedPcaPass)) throw new OptionError('RandomizedPcaPartial: plan', 'a RandomizedPcaPass (make partials with pass.partial())', plan);
    const { features: d, width } = plan;
    this.mu = new Float64Array(d);
    this.ss = new Float64Array(d);
    this.g = new Float64Array(width * width);
    this.w = allocFloat64(d, width, 'RandomizedPcaPartial: the d × width cross product');
  }

  /** Rows seen. */
  get count(): number {
    return this.n;
  }

  /** @internal The sums, read by the sketch (not copies: do not write). */
  get sums(): { n: number; mean: Float64Array; sumSquares: Float64Array; gram: Float64Array; cross: Float64Array } {
    return { n: this.n, mean: this.mu, sumSquares: this.ss, gram: this.g, cross: this.w };
  }

  /**
   * Adds the rows of `chunk` (m × d). Returns this.
   * @throws ShapeError for another width; NonFiniteError at the first NaN/±Inf, naming its row
   *   in the chunk and overall (the partial is then unchanged).
   * @example plan.partial().update(rowsA).update(rowsB).count // rows in both
   */
  update(chunk: MatrixLike): this {
    const what = 'RandomizedPcaPartial.update';
    const b = asMatrix(chunk, `${what}: chunk`);
    const { rows: m, cols: d } = b;
    const width = this.plan.width;
    if (d !== this.plan.features) {
      throw new ShapeError(`${what}: chunk is ${m}×${d}; this fit reads rows of ${this.plan.features} features`, [b.shape, [this.plan.features]]);
    }
    if (m === 0) return this;
    const muB = finiteColumnMeans(b, what, this.n);
    // Row blocks of about BLOCK_DOUBLES: a block is centred, then read by both products while
    // it is still in cache (measured ~30% faster than centring the whole chunk first at
    // d = 20 000), and the scratch stays small whatever the chunk.
    const block = Math.max(1, Math.min(m, Math.floor(BLOCK_DOUBLES / d)));
    if (this.scratch.length < block * d) this.scratch = allocFloat64(block, d, `${what}: the centred rows`);
    const ssB = new Float64Array(d);
    const x = b.data;
    const z = this.plan.basis.data;
    const y = new Float64Array(block * width);
    const zeroShift = new Float64Array(width);
    for (let r0 = 0; r0 < m; r0 += block) {
      const rows = Math.min(block, m - r0);
      const xc = this.scratch;
      for (let i = 0, p = 0, q = r0 * d; i < rows; i++) {
        for (let j = 0; j < d; j++, p++, q++) {
          const v = x[q] - muB[j];
          xc[p] = v;
          ssB[j] += v * v;
        }
      }
      // Y = Xc·Z (rows × w); YᵀY and Xcᵀ·Y go straight into G and W (the sums of Chan's
      // update, about the chunk's mean), then the correction for the two means.
      kernelsFor('gemm', rows * d * width).gemm(0, 0, rows, width, d, 1, xc, z, 0, y);
      kernelsFor('gramAccumulate', (rows * width * width) / 2).gramAccumulate(rows, width, y, zeroShift, this.g);
      kernelsFor('gemm', rows * d * width).gemm(1, 0, d, width, rows, 1, xc, y, 1, this.w);
    }
    this.shift(m, muB, ssB);
    return this;
  }

  /**
   * Adds everything `other` (a partial of the same pass) has seen; `other` is not changed.
   * @throws ShapeError if `other` belongs to another pass, fit or basis.
   * @example plan.partial().update(rowsA).merge(plan.partial().update(rowsB))
   */
  merge(other: RandomizedPcaPartial): this {
    if (!(other instanceof RandomizedPcaPartial)) {
      throw new ShapeError(`RandomizedPcaPartial.merge: expected a RandomizedPcaPartial; got ${describeValue(other)}`);
    }
    if (other.plan !== this.plan) this.plan.assertSame(other.plan, 'RandomizedPcaPartial.merge');
    if (other.n === 0) return this;
    const { n, mean, sumSquares, gram, cross } = other.sums;
    const [muB, ssB] = [mean.slice(), sumSquares.slice()]; // copies first: other may be this
    const { g, w } = this;
    if (other === this) {
      for (let i = 0; i < g.length; i++) g[i] *= 2;
      for (let i = 0; i < w.length; i++) w[i] *= 2;
    } else {
      for (let i = 0; i < g.length; i++) g[i] += gram[i];
      for (let i = 0; i < w.length; i++) w[i] += cross[i];
    }
    this.shift(n, muB, ssB);
    return this;
  }

  /**
   * The rest of Chan's update once another part's G and W (each about its own mean) have been
   * added: its count, mean and per-column sums of squares, and the correction terms
   * c·(Zᵀδ)(Zᵀδ)ᵀ, c·δ(Zᵀδ)ᵀ and c·δ∘δ for the difference δ of the two means.
   */
  private shift(nB: number, muB: Float64Array, ssB: Float64Array): void {
    const d = this.plan.features;
    const width = this.plan.width;
    const nA = this.n;
    const { g, w, ss, mu } = this;
    if (nA === 0) {
      mu.set(muB);
      for (let j = 0; j < d; j++) ss[j] += ssB[j];
      this.n = nB;
      return;
    }
    const n = nA + nB;
    const c = (nA / n) * nB;
    const delta = new Float64Array(d);
    for (let j = 0; j < d; j++) delta[j] = muB[j] - mu[j];
    // Zᵀδ: the shift of the projected means.
    const dy = new Float64Array(width);
    kernelsFor('gemm', d * width).gemm(1, 0, width, 1, d, 1, this.plan.basis.data, delta, 0, dy);
    // Lower triangle, then mirrored: G stays exactly symmetric.
    for (let a = 0; a < width; a++) {
      const ca = c * dy[a];
      for (let b = 0; b <= a; b++) g[a * width + b] += ca * dy[b];
      for (let b = 0; b < a; b++) g[b * width + a] = g[a * width + b];
    }
    for (let j = 0, p = 0; j < d; j++) {
      const cj = c * delta[j];
      for (let a = 0; a < width; a++, p++) w[p] += cj * dy[a];
      ss[j] += ssB[j] + cj * delta[j];
      mu[j] += (delta[j] * nB) / n;
    }
    this.n = n;
  }

  /** The JSON form (see the file comment); `JSON.stringify(partial)` calls it. */
  toJSON(): RandomizedPcaPartialJson {
    const width = this.plan.width;
    const lower = new Float64Array((width * (width + 1)) / 2);
    for (let i = 0, p = 0; i < width; i++) for (let j = 0; j <= i; j++) lower[p++] = this.g[i * width + j];
    return {
      format: RPCA_PARTIAL_FORMAT,
      version: RPCA_VERSION,
      ...this.plan.settings,
      pass: this.plan.pass,
      d: this.plan.features,
      width,
      basisChecksum: this.plan.basisChecksum,
      n: this.n,
      encoding: ENCODING,
      mean: encodeFloat64(this.mu),
      sumSquares: encodeFloat64(this.ss),
      gram: encodeFloat64(lower),
      cross: encodeFloat64(this.w),
    };
  }

  /**
   * A partial read back from its JSON (object or text), for the pass `plan` it must belong to
   * (the receiver has the plan: it handed it out).
   * @throws FormatError naming a malformed field; ShapeError when the partial is of another
   *   pass, fit or basis.
   */
  static fromJSON(json: unknown, plan: RandomizedPcaPass): RandomizedPcaPartial {
    const what = 'RandomizedPcaPartial';
    if (!(plan instanceof RandomizedPcaPass)) throw new ShapeError(`${what}.fromJSON: expected the RandomizedPcaPass it belongs to; got ${describeValue(plan)}`);
    const o = parseObject(json, what);
    const { fail, int } = fieldReaders(o, what);
    header(o, RPCA_PARTIAL_FORMAT, fail);
    const identity = { ...settingsOf(int), pass: int('pass', 0), d: int('d', 1), width: int('width', 1) };
    if (typeof o.basisChecksum !== 'string') fail('basisChecksum', `basisChecksum must be a string; got ${describeValue(o.basisChecksum)}`);
    plan.assertSame({ ...identity, basisChecksum: o.basisChecksum } as RandomizedPcaPartialJson, `${what}.fromJSON`);
    const n = int('n', 0);
    const { d, width } = identity;
    const part = new RandomizedPcaPartial(plan);
    part.mu.set(decodeField(o, 'mean', d, `d = ${d}`, fail));
    const ss = decodeField(o, 'sumSquares', d, `d = ${d}`, fail);
    ss.forEach((v, j) => v < 0 && fail('sumSquares', `sumSquares[${j}] is negative (${v}); a sum of squares is not`));
    part.ss.set(ss);
    const lower = decodeField(o, 'gram', (width * (width + 1)) / 2, `width = ${width}`, fail);
    for (let i = 0, p = 0; i < width; i++) for (let j = 0; j <= i; j++, p++) part.g[i * width + j] = part.g[j * width + i] = lower[p];
    part.w.set(decodeField(o, 'cross', d * width, `d × width = ${d} × ${width}`, fail));
    part.n = n;
    return part;
  }
}

type Fail = (field: string, msg: string) => never;

function fieldReaders(o: Record<string, unknown>, what: string) {
  const fail: Fail = (field, msg) => {
    throw new FormatError(`${what}.fromJSON: ${msg}`, field);
  };
  const int = (field: string, min: number): number => {
    const v = o[field];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) fail(field, `${field} must be an integer ≥ ${min}; got ${describeValue(v)}`);
    return v as number;
  };
  return { fail, int };
}

function header(o: Record<string, unknown>, format: string, fail: Fail): void {
  if (o.format !== format) fail('format', `format must be "${format}"; got ${describeValue(o.format)}`);
  if (o.version !== RPCA_VERSION) fail('version', `version ${describeValue(o.version)} is not supported (this mmlkit reads version ${RPCA_VERSION})`);
  if (o.encoding !== ENCODING) fail('encoding', `encoding must be "${ENCODING}"; got ${describeValue(o.encoding)}`);
}

function settingsOf(int: (field: string, min: number) => number): SketchSettings {
  const seed = int('seed', 0);
  if (seed > 0xffffffff) throw new FormatError(`seed must be below 2^32; got ${seed}`, 'seed');
  // The order sketchSettings gives: a state read back writes the same JSON text (its hash names jobs).
  return { components: int('components', 1), oversamples: int('oversamples', 0), powerIterations: int('powerIterations', 0), seed };
}

function decodeField(o: Record<string, unknown>, field: string, len: number, why: string, fail: Fail): Float64Array {
  const s = o[field];
  if (typeof s !== 'string') return fail(field, `${field} must be a base64 string; got ${describeValue(s)}`);
  const x = decodeFloat64(s);
  if (typeof x === 'string') return fail(field, `${field}: ${x}`);
  if (x.length !== len) return fail(field, `${field} holds ${x.length} numbers; ${why} needs ${len}`);
  for (let i = 0; i < len; i++) if (!Number.isFinite(x[i])) fail(field, `${field}[${i}] is ${x[i]}`);
  return x;
}

/** @internal Throws NonFiniteError when a sum overflowed (entries near 1e154 or beyond). */
export function assertFiniteSums(values: Float64Array, name: string, what: string): void {
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new NonFiniteError(
      `${what}: ${name} overflowed at entry ${bad}: the squared deviations of this data sum past the largest double, 1.8e308; divide the data by a power of ten first`,
      [bad],
      values[bad],
    );
  }
}
