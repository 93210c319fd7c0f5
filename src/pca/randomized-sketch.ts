/**
 * Streaming randomized PCA (Halko, Martinsson & Tropp 2011, with a block Krylov basis as in
 * Musco & Musco 2015), in powerIterations + 1 passes over the rows. Workers hold O(d·l) each
 * (l = components + oversamples), never n × d, d × d or even n × l; this coordinator keeps the
 * Krylov history, O(d·L) with L = min(d, l·passes).
 *
 * Each pass projects the centred rows on a basis Zᵢ (d × l; orth(Ω) from the seed in the first
 * pass) and sums Wᵢ = XcᵀXc·Zᵢ (d × l) and the l × l Gram matrix (sketch-pass.ts; the first pass
 * also gives n, the means and the trace). The next basis is the part of Wᵢ orthogonal to every
 * earlier Z (krylov-basis.ts), so after q + 1 passes V = [Z₀ … Z_q] spans the Krylov space
 * [Ω, A·Ω, …, A^q·Ω] of A = XcᵀXc — and range(Xc·V) is the block Krylov space of the
 * in-memory route with q iterations: the same model, to rounding. The sketch B = Qᵀ·Xc of
 * Q = orth(Xc·V) comes from V and W alone (`sketchFromKrylov`).
 *
 * Accuracy in the default 8 passes (7 power iterations; 5 when k ≥ d/10): exact to rounding on
 * data with a clear gap after the k-th component; on slowly decaying spectra 1e-7 … 5e-4
 * relative where keeping only the last block (before) left 1e-4 … 5e-2; 12 passes
 * (powerIterations 11) reach 1e-6 on every flat spectrum measured (docs/pca-methods.md).
 */
import { kernelsFor } from '../backend/dispatch.js';
import { describeValue, FormatError, MmlError, OptionError, ShapeError } from '../errors.js';
import { eigh } from '../linalg/eigh.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { asMatrix, booleanOption, integerOption, optionsObject } from '../validate.js';
import { gaussianTestMatrix } from './gaussian-test-matrix.js';
import { decodeFloat64, encodeFloat64 } from './float64-base64.js';
import { KrylovBasis } from './krylov-basis.js';
import { parseObject, type PcaModel } from './model.js';
import { modelFromSketchGram } from './sketch-model.js';
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
  /**
   * The block Krylov history of the passes done: every pass's basis Zᵢ with its
   * Wᵢ = XcᵀXc·Zᵢ (the sketch is built from all of them, not from the last pass alone).
   */
  krylov: {
    /** Columns of each block, in pass order (they sum to L ≤ d). */
    widths: number[];
    /** [Z₀ … Zᵢ]ᵀ as L × d rows, base64 of little-endian float64. */
    basis: string;
    /** [W₀ … Wᵢ]ᵀ as L × d rows, base64 of little-endian float64. */
    products: string;
    /** Whether the basis already spans every direction the data has (later passes add none). */
    exhausted: boolean;
  };
}

/** Options of `RandomizedPcaSketch`. */
export interface RandomizedPcaSketchOptions {
  /** Components to keep: an integer k ≥ 1 (a variance fraction needs the whole spectrum, which a sketch does not have). */
  components: number;
  /** Extra directions sketched beyond k (l = k + oversamples, at most d). Default 10. */
  oversamples?: number;
  /**
   * Power iterations: each costs one more pass and adds a block to the Krylov basis. Default: 7
   * when components < 0.1·d, else 4 (scikit-learn's n_iter='auto', with d for min(n, d): n is
   * not known before the first pass); 11 or more for spectra that decay slowly past the k-th
   * value (docs/pca-methods.md).
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
  private b: { sketch: Matrix; gram: Matrix } | undefined;
  /** The bases Zᵢ of the passes so far (orthonormal, mutually orthogonal) and their Wᵢ. */
  private krylov!: KrylovBasis;
  /** Whether the basis spans all d features: later passes add no direction. */
  private exhausted = false;

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

    // Krylov history: every basis Zᵢ with its Wᵢ = Xcᵀ·Xc·Zᵢ (until the basis spans all d).
    const fresh = this.krylov.width + plan.width <= d && !this.exhausted;
    if (fresh) this.krylov.push(plan.basis, new Matrix(d, plan.width, cross));

    this.index++;
    if (this.done) {
      this.b = sketchFromKrylov(this.krylov, this.requested.components);
      this.part = undefined;
      this.current = undefined;
      return this;
    }
    // The next basis: the new directions of W (orthogonal to every earlier Z). Once the basis
    // spans all d features (or the data's range) the sketch is exact: the remaining passes
    // keep the last basis (their count is fixed) and add nothing.
    const width = Math.min(plan.width, d - this.krylov.width);
    this.exhausted ||= !fresh || width === 0;
    const basis = this.exhausted ? plan.basis : this.krylov.orthogonalize(new Matrix(d, plan.width, cross.slice()), width);
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
    return modelFromSketchGram({ b: this.b.sketch, mean: mean.slice(), n, trace }, this.b.gram, this.requested.components, this.whiten);
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
      krylov: {
        widths: this.krylov.blockWidths(),
        basis: encodeFloat64(this.krylov.rows().data),
        products: encodeFloat64(this.krylov.sketch().data),
        exhausted: this.exhausted,
      },
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
    sketch.krylov = krylovFromJSON(o.krylov, d, chosen, plan.pass, fail);
    sketch.exhausted = (o.krylov as { exhausted: boolean }).exhausted;
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
    this.krylov = new KrylovBasis(d, d, Math.min(d, l * (settings.powerIterations + 1)));
    this.current = new RandomizedPcaPass(settings, 0, settings.powerIterations + 1, orthonormalColumns(d, l, gaussianTestMatrix(d, l, seed).data));
    this.part = this.current.partial();
  }

  private assertOpen(what: string): void {
    if (this.done) throw new MmlError(`${what}: all ${this.passes} passes are done; call finish()`);
  }
}

/**
 * A Krylov history from a state's `krylov` field, checked: at most one block per pass done,
 * widths that fit d, finite rows of the declared size. Pushed block by block, as the passes
 * did, so the sketch built from it is the one an uninterrupted run builds.
 */
function krylovFromJSON(json: unknown, d: number, settings: SketchSettings, passesDone: number, fail: (field: string, msg: string) => never): KrylovBasis {
  const o = json as Record<string, unknown> | null;
  if (o === null || typeof o !== 'object') return fail('krylov', `krylov must hold widths, basis, products and exhausted; got ${describeValue(json)}`);
  const widths = o.widths;
  if (!Array.isArray(widths) || widths.length > passesDone || widths.some((w) => !Number.isSafeInteger(w) || (w as number) < 1)) {
    return fail('krylov.widths', `krylov.widths must list at most ${passesDone} block widths (one per pass done), each an integer ≥ 1; got ${describeValue(widths)}`);
  }
  const width = (widths as number[]).reduce((s, w) => s + w, 0);
  if (width > d) fail('krylov.widths', `krylov.widths sum to ${width}, more than d = ${d} directions`);
  if (typeof o.exhausted !== 'boolean') fail('krylov.exhausted', `krylov.exhausted must be true or false; got ${describeValue(o.exhausted)}`);
  const rows = (field: 'basis' | 'products'): Float64Array => {
    const v = typeof o[field] === 'string' ? decodeFloat64(o[field] as string) : 'not a base64 string';
    if (typeof v === 'string') return fail(`krylov.${field}`, `krylov.${field}: ${v}`);
    if (v.length !== width * d || v.some((x) => !Number.isFinite(x))) fail(`krylov.${field}`, `krylov.${field} must hold ${width} × ${d} finite numbers; got ${v.length}`);
    return v;
  };
  const basis = rows('basis');
  const products = rows('products');
  const l = Math.min(settings.components + settings.oversamples, d);
  const krylov = new KrylovBasis(d, d, Math.min(d, l * (settings.powerIterations + 1)));
  let at = 0;
  for (const w of widths as number[]) {
    // Rows at..at+w of Kᵀ and B back to the d × w column blocks push takes.
    const z = new Matrix(d, w);
    const product = new Matrix(d, w);
    for (let c = 0; c < w; c++) {
      for (let j = 0; j < d; j++) {
        z.data[j * w + c] = basis[(at + c) * d + j];
        product.data[j * w + c] = products[(at + c) * d + j];
      }
    }
    krylov.push(z, product);
    at += w;
  }
  return krylov;
}

/** An orthonormal basis of the columns of `a` (d × r, r ≤ d): Householder QR, Q formed in place. */
function orthonormalColumns(d: number, r: number, a: Float64Array): Matrix {
  const tau = new Float64Array(r);
  kernelsFor('geqrf', d * r * r).geqrf(d, r, a, tau);
  kernelsFor('orgqr', d * r * r).orgqr(d, r, r, a, tau);
  return new Matrix(d, r, a);
}

/**
 * The sketch B = Qᵀ·Xc of the passes' Krylov basis V = [Z₀ … Z_q] (d × L) and its Gram matrix.
 * With W = [W₀ … W_q] = XcᵀXc·V and G = VᵀW = (Xc·V)ᵀ(Xc·V) = U·Λ·Uᵀ, Q = Xc·V·U·Λ^{-1/2} is an
 * orthonormal basis of range(Xc·V) and B = Λ^{-1/2}·Uᵀ·Wᵀ, known without Xc·V. Directions with
 * λ ≤ L·ε·λ_max (singular values below ~1e-7·σ₁: the data's rank is exhausted, or V reached
 * past it) are dropped rather than amplified from rounding; B is padded with zero rows to k.
 */
function sketchFromKrylov(krylov: KrylovBasis, k: number): { sketch: Matrix; gram: Matrix } {
  const v = krylov.rows();
  const w = krylov.sketch();
  const [size, d] = [v.rows, v.cols];
  const g = new Float64Array(size * size);
  kernelsFor('gemm', size * size * d).gemm(0, 1, size, size, d, 1, v.data, w.data, 0, g);
  // Vᵀ·W is symmetric up to rounding.
  for (let i = 0; i < size; i++) for (let j = 0; j < i; j++) g[i * size + j] = g[j * size + i] = (g[i * size + j] + g[j * size + i]) / 2;
  const { values, vectors } = eigh(new Matrix(size, size, g));
  const u = (vectors as Matrix).data;
  const top = values[size - 1];
  const kept: number[] = [];
  for (let i = size - 1; i >= 0; i--) if (top > 0 && values[i] > size * Number.EPSILON * top) kept.push(i);
  const rows = Math.max(kept.length, k);
  // Λ^{-1/2}·Uᵀ (rows × L; zero rows past the kept ones), then B = that · Wᵀ-stacked (rows × d).
  const scaled = new Float64Array(rows * size);
  kept.forEach((col, c) => {
    const s = 1 / Math.sqrt(values[col]);
    for (let a = 0; a < size; a++) scaled[c * size + a] = u[a * size + col] * s;
  });
  const sketch = new Matrix(rows, d);
  kernelsFor('gemm', rows * size * d).gemm(0, 0, rows, d, size, 1, scaled, w.data, 0, sketch.data);
  const gram = new Matrix(rows, rows);
  kernelsFor('gemm', rows * rows * d).gemm(0, 1, rows, rows, d, 1, sketch.data, sketch.data, 0, gram.data);
  return { sketch, gram };
}
