/**
 * A multilayer perceptron trained by backpropagation (course 2, "Backpropagation").
 *
 * Conventions (as in the course): samples are rows, X is N × inputs and Y is N × outputs. Layer k has
 * weights W_k (out × in) and biases b_k (length out); over a batch Z_k = A_{k−1} W_kᵀ + 1 b_kᵀ
 * and A_k = σ(Z_k), with A_0 = X. The cost is C = ‖A_L − Y‖²_F / N.
 *
 * Backpropagation runs one kernel call per layer and direction (`denseForward`,
 * `denseBackward`), each a gemm with the bias / activation / derivative fused around it, on
 * the active backend. The 2/N of the cost's gradient travels in the kernels' `scale`: the top
 * layer gets G = A_L − Y, and every layer's gradients come out already as ∂C/∂W_k, ∂C/∂b_k.
 * The course's per-sample δ_k are the rows of our Δ_k times 2 (its δ_L = 2(a_L − y) ⊙ σ′).
 *
 * Training reuses one workspace (activations, deltas, gradients) per batch size: after the
 * first step, `step` and `train` allocate nothing proportional to the data.
 */
import { kernelsFor } from '../backend/dispatch.js';
import { ACTIVATION, type ActivationCode } from '../backend/kernels.js';
import { FormatError, OptionError, ShapeError, describeValue } from '../errors.js';
import { Matrix, type MatrixLike, type VectorLike } from '../matrix.js';
import { Rng } from '../random.js';
import { allocFloat64, asMatrix, asVector, assertFinite, integerOption, isVectorLike, numberOption, optionsObject } from '../validate.js';

/**
 * Activation functions a layer may use: 'sigmoid' 1/(1 + e^−z), 'identity' z, 'tanh', 'relu'
 * max(0, z).
 * @useDeclaredType
 */
export type MlpActivation = keyof typeof ACTIVATION;

/**
 * Weight initialisation: `'scaled'` draws W_k from N(0, 1/fan_in) (LeCun normal: unit-scale
 * inputs give unit-scale pre-activations at any width) with zero biases; `'course'` draws every
 * weight and bias from N(0, 1)/2, the course notebook's `np.random.randn(...) / 2`.
 */
export type MlpInit = 'scaled' | 'course';

/** Options of the `Mlp` constructor. */
export interface MlpOptions {
  /** Activation of every layer (default 'sigmoid', the course's). */
  activation?: MlpActivation;
  /** Activation of the output layer only (default: `activation`). */
  outputActivation?: MlpActivation;
  /** Initialisation scheme (default 'scaled'). */
  init?: MlpInit;
  /** Seed of the initialisation (default 1): the same seed gives the same network. */
  seed?: number;
}

/** Parameters as `fromParameters` takes them: W_k is out × in, b_k has length out. */
export interface MlpParameters {
  /** W_1 … W_L, W_k of shape size_k × size_{k−1} (out × in). */
  weights: readonly MatrixLike[];
  /** b_1 … b_L, b_k of length size_k. */
  biases: readonly VectorLike[];
}

/** Per-layer pre-activations Z_k and activations A_k (N × size_k), k = 1..L (A_0 = X is not repeated). */
export interface MlpForward {
  /** Pre-activations Z_1 … Z_L, Z_k of shape N × size_k. */
  z: Matrix[];
  /** Activations A_k = σ(Z_k), N × size_k; the last is the network's output. */
  a: Matrix[];
}

/** ∂C/∂W_k (out × in) and ∂C/∂b_k (length out), with the cost C they are the gradient of. */
export interface MlpGradients {
  /** ∂C/∂W_k, the shape of W_k (out × in). */
  weights: Matrix[];
  /** ∂C/∂b_k, length out. */
  biases: Float64Array[];
  /** The cost C = ‖A_L − Y‖²_F / N at the current parameters. */
  cost: number;
}

/** Options of `Mlp#train`. */
export interface MlpTrainOptions {
  /** Gradient steps to take (default 1000; 0 is allowed). */
  iterations?: number;
  /** Step size: W_k −= learningRate · ∂C/∂W_k (default 1; the course uses 7). */
  learningRate?: number;
  /**
   * The course's gradient noise: each gradient array (every W_k and b_k, every step) is
   * scaled by its own factor 1 + noise · N(0, 1) before the update (default 0: none).
   */
  noise?: number;
  /** Seed of the noise draws (default 1). */
  seed?: number;
}

/** What `Mlp#train` returns. */
export interface MlpTrainResult {
  /** costs[i] is the cost before step i (length `iterations`). */
  costs: Float64Array;
  /** The cost after the last step. */
  cost: number;
  /** Steps taken (the `iterations` option). */
  iterations: number;
}

/** The serialised form (`toJSON` / `Mlp.fromJSON`). */
export interface MlpJson {
  /** Format tag. */
  type: 'mmlkit.Mlp';
  /** Format version. */
  version: 1;
  /** [inputs, hidden…, outputs]. */
  layerSizes: number[];
  /** Activation of the hidden layers. */
  activation: MlpActivation;
  /** Activation of the output layer. */
  outputActivation: MlpActivation;
  /** W_k as nested arrays (out × in), k = 1..L. */
  weights: number[][][];
  /** b_k as arrays (length out), k = 1..L. */
  biases: number[][];
}

const EMPTY = new Float64Array(0);
const POSITIVE = { min: 0, minExclusive: true };

/** Buffers of one batch size: reused by every step on batches of that size. */
interface Workspace {
  n: number;
  /** A_k per layer (n × layerSizes[k + 1]). */
  a: Float64Array[];
  /** G_k on the way down, Δ_k after layer k's backward (n × layerSizes[k + 1]). */
  delta: Float64Array[];
  gradW: Float64Array[];
  gradB: Float64Array[];
}

/**
 * A fully connected network with the same activation on every layer (the output's may differ).
 * Batches are rows: X is N × inputs, Y is N × outputs.
 * @throws (from every method that takes a batch) ShapeError when X does not have the input
 *   layer's width or Y is not N × outputs, NonFiniteError at a NaN/±Inf in X or Y, OptionError
 *   for a bad option or learning rate; the constructor ShapeError for layer sizes that are not
 *   at least two positive integers; `fromJSON` FormatError (naming the field) for a document
 *   `toJSON` did not write, ShapeError for weights whose shapes do not chain.
 * @example
 * const net = new Mlp([1, 6, 7, 2], { seed: 1 });
 * const X = [[0], [0.5]], Y = [[0.5, 0.625], [0.5, 0.2]];
 * net.cost(X, Y);                         // 0.1405… (‖A_L − Y‖²_F / N)
 * net.train(X, Y, { iterations: 100, learningRate: 7 }).cost; // 0.0281…
 */
export class Mlp {
  /** Sizes of the layers, inputs first: [inputs, hidden…, outputs]. */
  readonly layerSizes: readonly number[];
  /** Activation of the hidden layers. */
  readonly activation: MlpActivation;
  /** Activation of the output layer. */
  readonly outputActivation: MlpActivation;
  private readonly w: Float64Array[];
  private readonly b: Float64Array[];
  private readonly acts: ActivationCode[];
  private ws: Workspace | undefined;

  /**
   * A network with layer sizes `[inputs, hidden…, outputs]` (at least two positive integers),
   * seeded initialisation (see `MlpInit`).
   * @example new Mlp([784, 128, 10], { seed: 3 }).layerSizes // [784, 128, 10]
   */
  constructor(layerSizes: readonly number[], options: MlpOptions = {}) {
    options = optionsObject(options, 'Mlp', ['activation', 'outputActivation', 'init', 'seed']);
    const sizes = checkSizes(layerSizes, 'Mlp');
    const { activation, outputActivation } = activationOptions(options);
    const init = options.init === undefined ? 'scaled' : options.init; // null is refused below, not defaulted
    if (init !== 'scaled' && init !== 'course') throw new OptionError('init', "'scaled' or 'course'", init);
    const seed = integerOption(options.seed, 'seed', 1);
    const rng = new Rng(seed);
    const weights: Float64Array[] = [];
    const biases: Float64Array[] = [];
    for (let k = 0; k + 1 < sizes.length; k++) {
      const [fanIn, out] = [sizes[k], sizes[k + 1]];
      const w = allocFloat64(out, fanIn, `Mlp: W${k + 1} (${out} × ${fanIn})`);
      const b = new Float64Array(out);
      const sw = init === 'course' ? 0.5 : 1 / Math.sqrt(fanIn);
      for (let i = 0; i < w.length; i++) w[i] = sw * rng.normal();
      if (init === 'course') for (let i = 0; i < out; i++) b[i] = 0.5 * rng.normal();
      weights.push(w);
      biases.push(b);
    }
    this.layerSizes = Object.freeze(sizes);
    this.activation = activation;
    this.outputActivation = outputActivation;
    this.w = weights;
    this.b = biases;
    this.acts = sizes.slice(1).map((_, k) => ACTIVATION[k === sizes.length - 2 ? outputActivation : activation]);
  }

  /**
   * A network with the given parameters (copied): W_k is out × in, b_k has length out, and
   * consecutive layers must chain (W_{k+1} has as many columns as W_k has rows).
   * @example
   * const net = Mlp.fromParameters({ weights: [[[1], [-1]], [[2, 3]]], biases: [[0, 0], [0.5]] });
   * net.layerSizes // [1, 2, 1]
   */
  static fromParameters(parameters: MlpParameters, options: Pick<MlpOptions, 'activation' | 'outputActivation'> = {}): Mlp {
    options = optionsObject(options, 'Mlp.fromParameters', ['activation', 'outputActivation']);
    if (parameters === null || typeof parameters !== 'object') {
      throw new ShapeError(`Mlp.fromParameters: expected { weights, biases }; got ${describeValue(parameters)}`);
    }
    const { weights, biases } = parameters;
    if (!Array.isArray(weights) || !Array.isArray(biases) || weights.length === 0 || weights.length !== biases.length) {
      throw new ShapeError(
        `Mlp.fromParameters: weights and biases must be non-empty arrays of equal length; got ${describeValue(weights)} and ${describeValue(biases)}`,
      );
    }
    const ws = weights.map((w, k) => asMatrix(w, `Mlp.fromParameters: weights[${k}]`));
    const bs = biases.map((b, k) => asVector(b, `Mlp.fromParameters: biases[${k}]`));
    const sizes = [ws[0].cols];
    ws.forEach((w, k) => {
      if (w.cols !== sizes[k]) {
        throw new ShapeError(
          `Mlp.fromParameters: weights[${k}] is ${w.rows}×${w.cols} but layer ${k} has ${sizes[k]} units (it must be out × ${sizes[k]})`,
          [w.shape],
        );
      }
      if (bs[k].length !== w.rows) {
        throw new ShapeError(`Mlp.fromParameters: biases[${k}] has length ${bs[k].length}; weights[${k}] has ${w.rows} rows`, [w.shape, [bs[k].length]]);
      }
      assertFinite(w, `Mlp.fromParameters: weights[${k}]`);
      assertFinite(new Matrix(1, bs[k].length, bs[k]), `Mlp.fromParameters: biases[${k}]`);
      sizes.push(w.rows);
    });
    const net = new Mlp(checkSizes(sizes, 'Mlp.fromParameters'), { ...options, init: 'scaled' });
    ws.forEach((w, k) => net.w[k].set(w.data));
    bs.forEach((b, k) => net.b[k].set(b));
    return net;
  }

  /** A copy of the parameters (W_k as out × in matrices, b_k as vectors). */
  parameters(): {
    /** W_k (out × in), copies. */
    weights: Matrix[];
    /** b_k (length out), copies. */
    biases: Float64Array[];
  } {
    return {
      weights: this.w.map((w, k) => new Matrix(this.layerSizes[k + 1], this.layerSizes[k], w.slice())),
      biases: this.b.map((b) => b.slice()),
    };
  }

  /**
   * Pre-activations and activations of every layer for the batch X (N × inputs).
   * @example new Mlp([1, 6, 7, 2]).forward([[0], [1]]).a[2].shape // [2, 2]
   */
  forward(X: MatrixLike | VectorLike): MlpForward {
    const x = this.input(X, 'Mlp.forward');
    const n = x.rows;
    const z: Matrix[] = [];
    const a: Matrix[] = [];
    for (let k = 0; k < this.w.length; k++) {
      const [inDim, outDim] = [this.layerSizes[k], this.layerSizes[k + 1]];
      const zk = new Matrix(n, outDim);
      const ak = new Matrix(n, outDim);
      kernelsFor('denseForward', denseWork(n, inDim, outDim)).denseForward(this.acts[k], n, inDim, outDim, k === 0 ? x.data : a[k - 1].data, this.w[k], this.b[k], zk.data, ak.data);
      z.push(zk);
      a.push(ak);
    }
    return { z, a };
  }

  /**
   * The network's output A_L for the batch X (N × inputs → N × outputs).
   * @example new Mlp([2, 3, 1]).predict([[0, 1]]).shape // [1, 1]
   */
  predict(X: MatrixLike | VectorLike): Matrix {
    const x = this.input(X, 'Mlp.predict');
    const ws = this.forwardInto(x);
    const out = this.layerSizes[this.layerSizes.length - 1];
    return new Matrix(x.rows, out, ws.a[ws.a.length - 1].slice());
  }

  /**
   * The cost ‖A_L − Y‖²_F / N over the batch (X: N × inputs, Y: N × outputs).
   * @example Mlp.fromParameters({ weights: [[[0]]], biases: [[0]] }).cost([[1]], [[1]]) // 0.25
   */
  cost(X: MatrixLike | VectorLike, Y: MatrixLike | VectorLike): number {
    const [x, y] = this.batch(X, Y, 'Mlp.cost');
    this.forwardInto(x);
    return this.residual(y);
  }

  /**
   * ∂C/∂W_k and ∂C/∂b_k of C = ‖A_L − Y‖²_F / N by backpropagation (and C itself).
   * @example new Mlp([1, 2, 1]).gradients([[0.5]], [[1]]).weights[0].shape // [2, 1]
   */
  gradients(X: MatrixLike | VectorLike, Y: MatrixLike | VectorLike): MlpGradients {
    const [x, y] = this.batch(X, Y, 'Mlp.gradients');
    const cost = this.backprop(x, y);
    const ws = this.ws!;
    return {
      weights: ws.gradW.map((g, k) => new Matrix(this.layerSizes[k + 1], this.layerSizes[k], g.slice())),
      biases: ws.gradB.map((g) => g.slice()),
      cost,
    };
  }

  /**
   * One steepest-descent step W_k −= learningRate · ∂C/∂W_k (likewise b_k) on the batch.
   * Returns the cost BEFORE the step (the one the gradient was taken at).
   * @example const net = new Mlp([1, 3, 1]); net.step([[0.2]], [[0.9]], 1) > net.cost([[0.2]], [[0.9]]) // true
   */
  step(X: MatrixLike | VectorLike, Y: MatrixLike | VectorLike, learningRate: number): number {
    const [x, y] = this.batch(X, Y, 'Mlp.step');
    if (learningRate === undefined) throw new OptionError('learningRate', 'a finite number > 0', learningRate);
    const lr = numberOption(learningRate, 'learningRate', 1, POSITIVE);
    const cost = this.backprop(x, y);
    this.update(lr, undefined, 0);
    return cost;
  }

  /**
   * `iterations` gradient steps on the batch (full-batch gradient descent, optionally with the
   * course's gradient noise). Validates once; the steps allocate nothing.
   * @example
   * const net = new Mlp([1, 6, 7, 2], { init: 'course', seed: 2 });
   * const { costs, cost } = net.train(X, Y, { iterations: 10000, learningRate: 7 }); // cost < costs[0]
   */
  train(X: MatrixLike | VectorLike, Y: MatrixLike | VectorLike, options: MlpTrainOptions = {}): MlpTrainResult {
    options = optionsObject(options, 'Mlp.train', ['iterations', 'learningRate', 'noise', 'seed']);
    const [x, y] = this.batch(X, Y, 'Mlp.train');
    if (options === null || typeof options !== 'object') throw new OptionError('options', 'an object', options);
    const iterations = integerOption(options.iterations, 'iterations', 1000);
    const lr = numberOption(options.learningRate, 'learningRate', 1, POSITIVE);
    const noise = numberOption(options.noise, 'noise', 0, { min: 0 });
    const rng = new Rng(integerOption(options.seed, 'seed', 1));
    const costs = new Float64Array(iterations);
    for (let i = 0; i < iterations; i++) {
      costs[i] = this.backprop(x, y);
      this.update(lr, rng, noise);
    }
    this.forwardInto(x);
    return { costs, cost: this.residual(y), iterations };
  }

  /**
   * A plain-JSON copy of the network (`Mlp.fromJSON` restores it exactly).
   * @example Mlp.fromJSON(JSON.parse(JSON.stringify(net))).cost(X, Y) === net.cost(X, Y) // true
   */
  toJSON(): MlpJson {
    return {
      type: 'mmlkit.Mlp',
      version: 1,
      layerSizes: [...this.layerSizes],
      activation: this.activation,
      outputActivation: this.outputActivation,
      weights: this.parameters().weights.map((w) => w.toArray()),
      biases: this.b.map((b) => Array.from(b)),
    };
  }

  /** Restores a network written by `toJSON`. */
  static fromJSON(json: MlpJson): Mlp {
    if (json === null || typeof json !== 'object' || json.type !== 'mmlkit.Mlp' || json.version !== 1) {
      throw new FormatError(`Mlp.fromJSON: expected the output of Mlp.toJSON() (type 'mmlkit.Mlp', version 1); got ${describeValue(json)}`, 'type');
    }
    const net = Mlp.fromParameters(json, { activation: json.activation, outputActivation: json.outputActivation });
    const sizes = json.layerSizes;
    if (!Array.isArray(sizes) || sizes.length !== net.layerSizes.length || sizes.some((s, k) => s !== net.layerSizes[k])) {
      throw new FormatError(`Mlp.fromJSON: layerSizes ${describeValue(sizes)} do not match the weights (${net.layerSizes.join('-')})`, 'layerSizes');
    }
    return net;
  }

  // ---- internals -------------------------------------------------------------------------

  /** X as an N × inputs matrix (a vector is a column when the network has one input). */
  private input(X: MatrixLike | VectorLike, fn: string): Matrix {
    const x = asBatch(X, this.layerSizes[0], `${fn}: X`);
    if (x.cols !== this.layerSizes[0]) {
      throw new ShapeError(`${fn}: X is ${x.rows}×${x.cols} but the network takes ${this.layerSizes[0]} input(s); X must be N × ${this.layerSizes[0]}`, [x.shape]);
    }
    if (x.rows === 0) throw new ShapeError(`${fn}: X has no rows; a batch needs at least one sample`, [x.shape]);
    assertFinite(x, `${fn}: X`);
    return x;
  }

  private batch(X: MatrixLike | VectorLike, Y: MatrixLike | VectorLike, fn: string): [Matrix, Matrix] {
    const x = this.input(X, fn);
    const outputs = this.layerSizes[this.layerSizes.length - 1];
    const y = asBatch(Y, outputs, `${fn}: Y`);
    if (y.rows !== x.rows || y.cols !== outputs) {
      throw new ShapeError(
        `${fn}: Y is ${y.rows}×${y.cols}; with X ${x.rows}×${x.cols} and ${outputs} output(s) it must be ${x.rows}×${outputs}`,
        [x.shape, y.shape],
      );
    }
    assertFinite(y, `${fn}: Y`);
    return [x, y];
  }

  private workspace(n: number): Workspace {
    if (this.ws?.n === n) return this.ws;
    const outs = this.layerSizes.slice(1);
    this.ws = {
      n,
      a: outs.map((o) => new Float64Array(n * o)),
      delta: outs.map((o) => new Float64Array(n * o)),
      gradW: this.w.map((w) => new Float64Array(w.length)),
      gradB: this.b.map((b) => new Float64Array(b.length)),
    };
    return this.ws;
  }

  /** Forward pass into the workspace (Z is not kept: the backward pass needs only A). */
  private forwardInto(x: Matrix): Workspace {
    const n = x.rows;
    const ws = this.workspace(n);
    for (let k = 0; k < this.w.length; k++) {
      const [inDim, outDim] = [this.layerSizes[k], this.layerSizes[k + 1]];
      kernelsFor('denseForward', denseWork(n, inDim, outDim)).denseForward(this.acts[k], n, inDim, outDim, k === 0 ? x.data : ws.a[k - 1], this.w[k], this.b[k], EMPTY, ws.a[k]);
    }
    return ws;
  }

  /** C = ‖A_L − Y‖²_F / N; leaves G = A_L − Y in the top layer's delta buffer. */
  private residual(y: Matrix): number {
    const ws = this.ws!;
    const top = ws.a.length - 1;
    const aL = ws.a[top];
    const g = ws.delta[top];
    const yd = y.data;
    let sum = 0;
    for (let i = 0; i < aL.length; i++) {
      const r = aL[i] - yd[i];
      g[i] = r;
      sum += r * r;
    }
    return sum / ws.n;
  }

  /** Forward and backward passes; the gradients are left in the workspace. Returns C. */
  private backprop(x: Matrix, y: Matrix): number {
    const ws = this.forwardInto(x);
    const cost = this.residual(y);
    const n = ws.n;
    const scale = 2 / n;
    for (let k = this.w.length - 1; k >= 0; k--) {
      const [inDim, outDim] = [this.layerSizes[k], this.layerSizes[k + 1]];
      kernelsFor('denseBackward', denseWork(n, inDim, outDim)).denseBackward(
        this.acts[k], n, inDim, outDim, scale,
        k === 0 ? x.data : ws.a[k - 1], this.w[k], ws.a[k], ws.delta[k],
        ws.gradW[k], ws.gradB[k], k === 0 ? EMPTY : ws.delta[k - 1],
      );
    }
    return cost;
  }

  /** θ −= lr · (1 + noise·N(0,1)) · ∂C/∂θ for every parameter array, from the workspace. */
  private update(lr: number, rng: Rng | undefined, noise: number): void {
    const ws = this.ws!;
    for (let k = 0; k < this.w.length; k++) {
      axpy(-lr * (noise > 0 ? 1 + noise * rng!.normal() : 1), ws.gradW[k], this.w[k]);
      axpy(-lr * (noise > 0 ? 1 + noise * rng!.normal() : 1), ws.gradB[k], this.b[k]);
    }
  }
}

/** The dense kernels' work measure for dispatch (src/backend/thresholds.ts). */
function denseWork(n: number, inDim: number, outDim: number): number {
  return n * outDim * (inDim + 16);
}

/** y += alpha · x. */
function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += alpha * x[i];
}

/** A matrix, or a vector read as a column when the layer it meets has width 1. */
function asBatch(v: MatrixLike | VectorLike, width: number, name: string): Matrix {
  if (isVectorLike(v)) {
    const data = asVector(v, name);
    if (width !== 1) {
      throw new ShapeError(`${name} is a vector of length ${data.length}; with ${width} columns expected it must be an N × ${width} matrix`, [[data.length]]);
    }
    return new Matrix(data.length, 1, data);
  }
  return asMatrix(v as MatrixLike, name);
}

function checkSizes(layerSizes: readonly number[], fn: string): number[] {
  if (!Array.isArray(layerSizes) || layerSizes.length < 2) {
    throw new ShapeError(`${fn}: layerSizes must list at least an input and an output size; got ${describeValue(layerSizes)}`);
  }
  layerSizes.forEach((s, k) => {
    if (typeof s !== 'number' || !Number.isSafeInteger(s) || s < 1) {
      throw new ShapeError(`${fn}: layerSizes[${k}] must be a positive integer; got ${describeValue(s)}`);
    }
  });
  return [...layerSizes];
}

function activationOptions(options: MlpOptions): { activation: MlpActivation; outputActivation: MlpActivation } {
  const check = (v: unknown, name: string): MlpActivation => {
    if (typeof v === 'string' && Object.prototype.hasOwnProperty.call(ACTIVATION, v)) return v as MlpActivation;
    throw new OptionError(name, `one of ${Object.keys(ACTIVATION).map((k) => `'${k}'`).join(', ')}`, v);
  };
  if (options === null || typeof options !== 'object') throw new OptionError('options', 'an object', options);
  const activation = options.activation === undefined ? 'sigmoid' : check(options.activation, 'activation');
  const outputActivation = options.outputActivation === undefined ? activation : check(options.outputActivation, 'outputActivation');
  return { activation, outputActivation };
}
