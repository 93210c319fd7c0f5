/**
 * Streaming randomized PCA (Halko, Martinsson & Tropp 2011, algorithms 4.3/4.4 with the
 * range finder's QR done through a Gram matrix), in powerIterations + 1 passes over the rows
 * and O(d·l) memory, l = components + oversamples: never n × d, d × d or even n × l.
 *
 * Each pass projects the centred rows on a basis Z (d × l; Ω from the seed in the first pass)
 * and sums G = ZᵀXcᵀXcZ (l × l) and W = XcᵀXcZ (d × l) (sketch-pass.ts; the first pass also
 * gives n, the means and the trace). With Y = Xc·Z (never stored) and G = V·Λ·Vᵀ,
 * Q = Y·V·Λ^{-1/2} is an orthonormal basis of range(Y), and Xcᵀ·Q = W·V·Λ^{-1/2} is known
 * without Y. A power iteration takes Z ← orth(Xcᵀ·Q) (Householder QR kernels); after the last
 * pass B = Qᵀ·Xc = (W·V·Λ^{-1/2})ᵀ (l × d) and its exact SVD gives the model (sketch-model.ts).
 *
 * Going through G squares Y's condition number: directions with λ ≤ l·ε·λ_max (singular values
 * below ~1e-7·σ₁) are dropped rather than amplified from rounding. They are far below the top k
 * of any data whose top k are worth computing; the tests check agreement with the exact PCA.
 */
import { kernelsFor } from '../backend/dispatch.js';
import { describeValue, FormatError, MmlError, OptionError, ShapeError } from '../errors.js';
import { eigh } from '../linalg/eigh.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { asMatrix, booleanOption, integerOption, optionsObject } from '../validate.js';
import { gaussianTestMatrix } from './gaussian-test-matrix.js';
import { decodeFloat64, encodeFloat64 } from './float64-base64.js';
import { parseObject, type PcaModel } from './model.js';
import { modelFromSketch } from './sketch-model.js';
import { assertFiniteSums, RandomizedPcaPartial, RandomizedPcaPass, type RandomizedPcaPartialJson, type RandomizedPcaPassJson, type SketchSettings } from './sketch-pass.js';
import { assertEnoughRows } from './spectrum.js';

/** The `format` tag of a randomized sketch's JSON state. */
export const RPCA_STATE_FORMAT = 'mmlkit-rpca-state';
/** The version of that state's layout. */
export const RPCA_STATE_VERSION = 1;

/**
 * A sketch's JSON between (or within) passes: see `RandomizedPcaSketch.toJSON`. Plain data, so
 * it can be written to a file between passes or sent to another process.
 */
export interface RandomizedPcaSketchJson {
  /** Always `'mmlkit-rpca-state'`. */
  format: typeof RPCA_STATE_FORMAT;
  /** Always 1 for this layout. */
  version: typeof RPCA_STATE_VERSION;
  /** Components kept (k). */
  components: number;
  /** Extra sketch columns beyond k. */
  oversamples: number;
  /** As asked (null: the default, chosen from d: the plan has the number in force). */
  powerIterations: number | null;
  /** Seed of the Gaussian test matrix. */
  seed: number;
  /** Whether the model whitens its scores. */
  whiten: boolean;
  /** The current pass (its index, the pass count and the basis). */
  plan: RandomizedPcaPassJson;
  /** From the second pass on: the rows, their total sum of squares and column means. */
  first: {
    /** Rows seen in the first pass. */
    n: number;
    /** The centred data's total sum of squares (the trace of the scatter matrix). */
    trace: number;
    /** Column means, base64 of little-endian float64. */
    mean: string;
  } | null;
  /** The rows already fed to the current pass, if any. */
  partial: RandomizedPcaPartialJson | null;
}

/** Options of `RandomizedPcaSketch`. */
export interface RandomizedPcaSketchOptions {
  /** Components to keep: an integer k ≥ 1 (a variance fraction needs the whole spectrum, which a sketch does not have). */
  components: number;
  /** Extra directions sketched beyond k (l = k + oversamples, at most d). Default 10. */
  oversamples?: number;
  /**
   * Power iterations: each costs one more pass and sharpens the top k. Default: 7 when
   * components < 0.1·d, else 4 (scikit-learn's n_iter='auto', with d for min(n, d): n is not
   * known before the first pass).
   */
  powerIterations?: number;
  /** Seed of the Gaussian test matrix (an integer in [0, 2^32)). Default 0. */
  seed?: number;
  /** Scale the scores to unit variance in the model's `transform`. Default false. */
  whiten?: boolean;
}

export const DEFAULT_OVERSAMPLES = 10;
export const DEFAULT_SEED = 0;

/**
 * The default power iterations for k components of d features (see the option's comment).
 * @example defaultPowerIterations(10, 20000) // 7
 */
export function defaultPowerIterations(k: number, d: number): number {
  return k < 0.1 * d ? 7 : 4;
}
/** More would only repeat passes that have converged long before. */
const MAX_POWER_ITERATIONS = 100;

/** The settings as given: powerIterations undefined until the default can be chosen from d. */
export type RequestedSettings = Omit<SketchSettings, 'powerIterations'> & { powerIterations: number | undefined };

/** Checks the options every streaming randomized fit takes. */
export function sketchSettings(options: RandomizedPcaSketchOptions, what: string): RequestedSettings & { whiten: boolean } {
  const { components } = options;
  if (typeof components !== 'number' || !Number.isSafeInteger(components) || components < 1) {
    throw new OptionError(
      `${what}: components`,
      typeof components === 'number' && components > 0 && components < 1
        ? 'an integer ≥ 1 (randomized PCA keeps a fixed number of components: a variance fraction needs the whole spectrum, use the covariance method)'
        : 'an integer ≥ 1',
      components,
    );
  }
  const oversamples = integerOption(options.oversamples, `${what}: oversamples`, DEFAULT_OVERSAMPLES, 0);
  const powerIterations = options.powerIterations === undefined ? undefined : integerOption(options.powerIterations, `${what}: powerIterations`, 0, 0);
  if (powerIterations !== undefined && powerIterations > MAX_POWER_ITERATIONS) throw new OptionError(`${what}: powerIterations`, `at most ${MAX_POWER_ITERATIONS}`, powerIterations);
  const seed = integerOption(options.seed, `${what}: seed`, DEFAULT_SEED, 0);
  if (seed > 0xffffffff) throw new OptionError(`${what}: seed`, 'an integer in [0, 2^32)', seed);
  return { components, oversamples, powerIterations, seed, whiten: booleanOption(options.whiten, `${what}: whiten`) };
}

/**
 * The coordinator of a streaming randomized PCA: feed every row once per pass (`update` here, or
 * `plan()` → partials elsewhere → `merge`), call `endPass()`, repeat until `done`, then
 * `finish()`.
 *
 * @example
 * const sketch = new RandomizedPcaSketch({ components: 10 });
 * while (!sketch.done) {
 *   for (const chunk of readMyRows()) sketch.update(chunk); // the same rows every pass
 *   sketch.endPass();
 * }
 * const model = sketch.finish();
 */
export class RandomizedPcaSketch {
  private readonly requested: Readonly<RequestedSettings>;
  /** The settings with powerIterations chosen: set once d is known. */
  private settings: Readonly<SketchSettings> | undefined;
  private readonly whiten: boolean;
  private d: number | undefined;
  private index = 0;
  private current: RandomizedPcaPass | undefined;
  private part: RandomizedPcaPartial | undefined;
  /** n, means and trace, from the first pass. */
  private first: { n: number; mean: Float64Array; trace: number } | undefined;
  private b: Matrix | undefined;

  /**
   * A sketch with no pass begun.
   * @throws OptionError for a missing or bad option, or a `d` that is not an integer ≥ 1.
   * @param options components (required), oversamples, powerIterations, seed, whiten.
   * @param d the number of features (taken from the first chunk when omitted; `plan()` needs it).
   */
  constructor(options: RandomizedPcaSketchOptions, d?: number) {
    const what = 'RandomizedPcaSketch';
    options = optionsObject(options, what, ['components', 'oversamples', 'powerIterations', 'seed', 'whiten']);
    const { whiten, ...settings } = sketchSettings(options, what);
    this.requested = Object.freeze(settings);
    this.whiten = whiten;
    if (d !== undefined) {
      if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 1) throw new OptionError(`${what}: d`, 'an integer ≥ 1 (the number of features)', d);
      this.start(d, what);
    }
  }

  /** 0-based index of the pass in progress (= passes once done). */
  get pass(): number {
    return this.index;
  }

  /** Passes in all: powerIterations + 1 (undefined while d, and so the default, is not known). */
  get passes(): number | undefined {
    const q = this.settings?.powerIterations ?? this.requested.powerIterations;
    return q === undefined ? undefined : q + 1;
  }

  /** The settings in force (powerIterations chosen), once d is known. */
  get options(): Readonly<SketchSettings> | undefined {
    return this.settings;
  }

  /** Whether every pass has ended (`finish()` may be called). */
  get done(): boolean {
    return this.index === this.passes;
  }

  /** Features per row (undefined until known). */
  get features(): number | undefined {
    return this.d;
  }

  /** Rows fed to the pass in progress so far (after the last pass: rows of the data). */
  get count(): number {
    return this.part?.count ?? this.first?.n ?? 0;
  }

  /** Directions sketched: min(components + oversamples, d) (fewer once rank-deficient data has shown it). */
  get width(): number | undefined {
    return this.current?.width;
  }

  /**
   * What a reader of the current pass needs (ship `plan().toJSON()` to threads or machines;
   * there `RandomizedPcaPass.fromJSON(json).partial()` gathers rows, and its JSON comes back to
   * `merge`).
   */
  plan(): RandomizedPcaPass {
    this.assertOpen('RandomizedPcaSketch.plan');
    if (!this.current) throw new MmlError('RandomizedPcaSketch.plan: the number of features is not known yet: give d to the constructor, or update() a chunk first');
    return this.current;
  }

  /**
   * Feeds the rows of `chunk` (m × d) to the current pass. Returns this.
   * @throws ShapeError for a chunk of another width; NonFiniteError at a NaN/±Inf with its row.
   */
  update(chunk: MatrixLike): this {
    const what = 'RandomizedPcaSketch.update';
    this.assertOpen(what);
    const b = asMatrix(chunk, `${what}: chunk`);
    if (!this.part) {
      if (b.rows === 0) return this;
      this.start(b.cols, what);
    }
    this.part!.update(b);
    return this;
  }

  /**
   * Adds a partial of the current pass (the object, or its JSON from another thread or machine).
   * @throws ShapeError when the partial is of another pass, fit, width or basis; FormatError for
   *   malformed JSON.
   */
  merge(partial: RandomizedPcaPartial | RandomizedPcaPartialJson | string): this {
    const what = 'RandomizedPcaSketch.merge';
    const plan = this.plan();
    const p = partial instanceof RandomizedPcaPartial ? partial : RandomizedPcaPartial.fromJSON(partial, plan);
    if (p.plan !== plan) plan.assertSame(p.plan, what);
    this.part!.merge(p);
    return this;
  }

  /**
   * Ends the current pass: the next pass's basis (or, after the last, the sketch B).
   * @throws ShapeError with fewer than 2 rows, or when a pass saw other rows than the first;
   *   OptionError when components > min(n, d).
   */
  endPass(): this {
    const what = 'RandomizedPcaSketch.endPass';
    this.assertOpen(what);
    if (!this.part || !this.current) {
      assertEnoughRows(0, what);
      throw new Error('unreachable');
    }
    const plan = this.current;
    const d = plan.features;
    const { n, mean, sumSquares, gram, cross } = this.part.sums;
    if (!this.first) {
      assertEnoughRows(n, what);
      const k = this.requested.components;
      if (k > Math.min(n, d)) throw new OptionError(`${what}: components`, `at most min(n, d) = ${Math.min(n, d)} (n = ${n} rows, d = ${d} features)`, k);
      assertFiniteSums(sumSquares, 'the sum of squares', what);
      let trace = 0;
      for (let j = 0; j < d; j++) trace += sumSquares[j];
      this.first = { n, mean: mean.slice(), trace };
    } else if (n !== this.first.n) {
      throw new ShapeError(`${what}: pass ${this.index + 1} of ${this.passes} saw ${n} rows, pass 1 saw ${this.first.n}: every pass must read the same rows`, [[n], [this.first.n]]);
    }
    assertFiniteSums(gram, 'the Gram matrix of the projections', what);
    assertFiniteSums(cross, 'the cross product', what);

    const l = plan.width;
    const { values, vectors } = eigh(new Matrix(l, l, gram));
    const v = (vectors as Matrix).data;
    const top = values[l - 1];
    const kept: number[] = [];
    for (let i = l - 1; i >= 0; i--) if (top > 0 && values[i] > l * Number.EPSILON * top) kept.push(i);
    const r = kept.length;
    // Xcᵀ·Q = W·V_r·Λ_r^{-1/2} (d × r).
    const scaled = new Float64Array(l * r);
    kept.forEach((col, c) => {
      const s = 1 / Math.sqrt(values[col]);
      for (let a = 0; a < l; a++) scaled[a * r + c] = v[a * l + col] * s;
    });
    const xq = new Float64Array(d * r);
    kernelsFor('gemm', d * l * r).gemm(0, 0, d, r, l, 1, cross, scaled, 0, xq);

    this.index++;
    if (this.done) {
      // B = (Xcᵀ·Q)ᵀ, padded with zero rows to k when the data's rank is below k.
      const rows = Math.max(r, this.requested.components);
      const b = new Matrix(rows, d);
      for (let i = 0; i < d; i++) for (let c = 0; c < r; c++) b.data[c * d + i] = xq[i * r + c];
      this.b = b;
      this.part = undefined;
      this.current = undefined;
      return this;
    }
    // Constant data (r = 0) has nothing to sharpen: the basis stays.
    const basis = r === 0 ? plan.basis : orthonormalColumns(d, r, xq);
    this.current = new RandomizedPcaPass(plan.settings, this.index, plan.passes, basis);
    this.part = this.current.partial();
    return this;
  }

  /**
   * The model of the top `components` principal axes, after the last pass.
   * @throws MmlError when passes remain.
   */
  finish(): PcaModel {
    if (!this.done || !this.b || !this.first) {
      throw new MmlError(`RandomizedPcaSketch.finish: pass ${this.index + 1} of ${this.passes} is not done (feed every row and call endPass() once per pass)`);
    }
    const { n, mean, trace } = this.first;
    return modelFromSketch({ b: this.b, mean: mean.slice(), n, trace }, this.requested.components, this.whiten);
  }

  /**
   * The sketch as JSON (`mmlkit-rpca-state`, docs/randomized-pca-streaming.md): its options, the
   * current pass's plan (the basis), what the first pass found, and the rows already fed to the
   * current pass as a partial. `RandomizedPcaSketch.fromJSON` takes it back, in this process or
   * another: a run's state between passes, or a checkpoint mid-pass.
   * @throws MmlError before d is known, or after the last pass (finish() then gives the model).
   * @example const next = RandomizedPcaSketch.fromJSON(JSON.stringify(sketch)); next.merge(partialJson).endPass();
   */
  toJSON(): RandomizedPcaSketchJson {
    const what = 'RandomizedPcaSketch.toJSON';
    this.assertOpen(what);
    if (!this.current || !this.part) throw new MmlError(`${what}: the number of features is not known yet: give d to the constructor, or update() a chunk first`);
    const { components, oversamples, powerIterations, seed } = this.requested;
    return {
      format: RPCA_STATE_FORMAT,
      version: RPCA_STATE_VERSION,
      components,
      oversamples,
      powerIterations: powerIterations ?? null,
      seed,
      whiten: this.whiten,
      plan: this.current.toJSON(),
      first: this.first ? { n: this.first.n, trace: this.first.trace, mean: encodeFloat64(this.first.mean) } : null,
      partial: this.part.count > 0 ? this.part.toJSON() : null,
    };
  }

  /**
   * A sketch from its JSON (`toJSON`; the object or the text), checked: the format, the options
   * against the plan's, the plan and partial as their own fromJSON check them, the first pass's
   * count, trace and means (present exactly from the second pass on).
   * @throws FormatError naming the field; ShapeError for a partial of another pass or basis.
   */
  static fromJSON(json: unknown): RandomizedPcaSketch {
    const what = 'RandomizedPcaSketch.fromJSON';
    const o = parseObject(json, 'RandomizedPcaSketch');
    const fail = (field: string, msg: string): never => {
      throw new FormatError(`${what}: ${msg}`, field);
    };
    if (o.format !== RPCA_STATE_FORMAT) fail('format', `format must be "${RPCA_STATE_FORMAT}"; got ${describeValue(o.format)}`);
    if (o.version !== RPCA_STATE_VERSION) fail('version', `version ${describeValue(o.version)} is not supported (this mmlkit reads version ${RPCA_STATE_VERSION})`);
    if (typeof o.whiten !== 'boolean') fail('whiten', `whiten must be true or false; got ${describeValue(o.whiten)}`);
    let sketch: RandomizedPcaSketch;
    try {
      const powerIterations = o.powerIterations === null ? undefined : (o.powerIterations as number);
      sketch = new RandomizedPcaSketch({ components: o.components as number, oversamples: o.oversamples as number, powerIterations, seed: o.seed as number, whiten: o.whiten as boolean });
    } catch (err) {
      if (err instanceof OptionError) return fail('options', err.message);
      throw err;
    }
    const plan = RandomizedPcaPass.fromJSON(o.plan);
    const chosen = plan.settings;
    const asked = sketch.requested;
    for (const key of ['components', 'oversamples', 'seed'] as const) {
      if (chosen[key] !== asked[key]) fail(key, `${key} is ${asked[key]} but the plan's is ${chosen[key]}`);
    }
    if (asked.powerIterations !== undefined && chosen.powerIterations !== asked.powerIterations) fail('powerIterations', `powerIterations is ${asked.powerIterations} but the plan's is ${chosen.powerIterations}`);
    const d = plan.features;
    if (plan.pass === 0) {
      if (o.first !== null) fail('first', 'first must be null in the first pass (nothing is known before it ends)');
    } else {
      const f = o.first as Record<string, unknown> | null;
      if (f === null || typeof f !== 'object') return fail('first', `first must hold n, trace and mean from pass 2 on (this is pass ${plan.pass + 1}); got ${describeValue(f)}`);
      if (typeof f.n !== 'number' || !Number.isSafeInteger(f.n) || f.n < 2) fail('first.n', `first.n must be an integer ≥ 2; got ${describeValue(f.n)}`);
      if (typeof f.trace !== 'number' || !Number.isFinite(f.trace) || f.trace < 0) fail('first.trace', `first.trace must be a finite number ≥ 0; got ${describeValue(f.trace)}`);
      const mean = typeof f.mean === 'string' ? decodeFloat64(f.mean) : 'not a base64 string';
      if (typeof mean === 'string') return fail('first.mean', `first.mean: ${mean}`);
      if (mean.length !== d || mean.some((v) => !Number.isFinite(v))) fail('first.mean', `first.mean must hold d = ${d} finite numbers; got ${mean.length}`);
      sketch.first = { n: f.n as number, trace: f.trace as number, mean };
    }
    sketch.d = d;
    sketch.settings = chosen;
    sketch.index = plan.pass;
    sketch.current = plan;
    sketch.part = plan.partial();
    if (o.partial !== null && o.partial !== undefined) sketch.merge(o.partial as RandomizedPcaPartialJson);
    return sketch;
  }

  private start(d: number, what: string): void {
    const { components: k, oversamples, seed, powerIterations } = this.requested;
    if (k > d) throw new OptionError(`${what}: components`, `at most d = ${d} (the number of features)`, k);
    this.d = d;
    const settings = Object.freeze({ components: k, oversamples, powerIterations: powerIterations ?? defaultPowerIterations(k, d), seed });
    this.settings = settings;
    const l = Math.min(k + oversamples, d);
    this.current = new RandomizedPcaPass(settings, 0, settings.powerIterations + 1, gaussianTestMatrix(d, l, seed));
    this.part = this.current.partial();
  }

  private assertOpen(what: string): void {
    if (this.done) throw new MmlError(`${what}: all ${this.passes} passes are done; call finish()`);
  }
}

/** An orthonormal basis of the columns of `a` (d × r, r ≤ d): Householder QR, Q formed in place. */
function orthonormalColumns(d: number, r: number, a: Float64Array): Matrix {
  const tau = new Float64Array(r);
  kernelsFor('geqrf', d * r * r).geqrf(d, r, a, tau);
  kernelsFor('orgqr', d * r * r).orgqr(d, r, r, a, tau);
  return new Matrix(d, r, a);
}
