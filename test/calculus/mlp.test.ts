/**
 * Mlp: the course's network and data first, numpy's numbers for a small network, gradients
 * against the library's `jacobian` (central differences) and against the course's per-sample
 * formulas, training, seeding, serialisation, every backend, then the errors.
 */
import { describe, expect, it } from 'vitest';
import {
  FormatError,
  Matrix,
  Mlp,
  NonFiniteError,
  OptionError,
  ShapeError,
  backends,
  jacobian,
  sigmoid,
  withBackend,
  type MlpActivation,
} from '../../src/entry/node.js';
import { Rng } from '../../src/random.js';
import { expectClose } from '../helpers/close.js';

/** The course's heart curve: x = i/N, y = ([16 sin³, 13cos − 5cos2 − 2cos3 − cos4](2πx)/20 + 1)/2. */
function heart(n: number): { X: Matrix; Y: Matrix } {
  const X = new Matrix(n, 1);
  const Y = new Matrix(n, 2);
  for (let i = 0; i < n; i++) {
    const x = i / n;
    const t = 2 * Math.PI * x;
    X.data[i] = x;
    Y.data[2 * i] = ((16 * Math.sin(t) ** 3) / 20 + 1) / 2;
    Y.data[2 * i + 1] = ((13 * Math.cos(t) - 5 * Math.cos(2 * t) - 2 * Math.cos(3 * t) - Math.cos(4 * t)) / 20 + 1) / 2;
  }
  return { X, Y };
}

function randomMatrix(rng: Rng, rows: number, cols: number, spread = 1): Matrix {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = (2 * rng.next() - 1) * spread;
  return m;
}

/** All parameters as one vector (W_1, b_1, W_2, b_2, …), and back. */
function flatten(net: Mlp): Float64Array {
  const { weights, biases } = net.parameters();
  const parts = weights.flatMap((w, k) => [w.data, biases[k]]);
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
}

function unflatten(sizes: readonly number[], theta: ArrayLike<number>): { weights: Matrix[]; biases: Float64Array[] } {
  const weights: Matrix[] = [];
  const biases: Float64Array[] = [];
  let o = 0;
  for (let k = 0; k + 1 < sizes.length; k++) {
    const [i, j] = [sizes[k], sizes[k + 1]];
    weights.push(new Matrix(j, i, Float64Array.from({ length: i * j }, (_, p) => theta[o + p])));
    o += i * j;
    biases.push(Float64Array.from({ length: j }, (_, p) => theta[o + p]));
    o += j;
  }
  return { weights, biases };
}

function flatGradient(g: { weights: Matrix[]; biases: Float64Array[] }): Float64Array {
  return Float64Array.from(g.weights.flatMap((w, k) => [...w.data, ...g.biases[k]]));
}

/** The course's backprop, one sample at a time (sigmoid everywhere): an independent check. */
function coursePerSample(net: Mlp, X: Matrix, Y: Matrix): Float64Array {
  const { weights, biases } = net.parameters();
  const L = weights.length;
  const gw = weights.map((w) => new Float64Array(w.data.length));
  const gb = biases.map((b) => new Float64Array(b.length));
  for (let s = 0; s < X.rows; s++) {
    const as: Float64Array[] = [X.data.slice(s * X.cols, (s + 1) * X.cols)];
    for (let k = 0; k < L; k++) {
      const w = weights[k];
      const z = new Float64Array(w.rows);
      for (let j = 0; j < w.rows; j++) {
        z[j] = biases[k][j];
        for (let i = 0; i < w.cols; i++) z[j] += w.data[j * w.cols + i] * as[k][i];
      }
      as.push(sigmoid(z));
    }
    // δ_L = 2(a_L − y) ⊙ σ′, δ_k = (W_{k+1}ᵀ δ_{k+1}) ⊙ σ′; dC/dW_k = δ_k a_{k−1}ᵀ / N.
    let delta = as[L].map((a, j) => 2 * (a - Y.data[s * Y.cols + j]) * a * (1 - a));
    for (let k = L - 1; k >= 0; k--) {
      const w = weights[k];
      for (let j = 0; j < w.rows; j++) {
        gb[k][j] += delta[j] / X.rows;
        for (let i = 0; i < w.cols; i++) gw[k][j * w.cols + i] += (delta[j] * as[k][i]) / X.rows;
      }
      if (k > 0) {
        const d = delta;
        delta = as[k].map((a, i) => {
          let t = 0;
          for (let j = 0; j < w.rows; j++) t += w.data[j * w.cols + i] * d[j];
          return t * a * (1 - a);
        });
      }
    }
  }
  return Float64Array.from(gw.flatMap((w, k) => [...w, ...gb[k]]));
}

// A 2 → 3 → 2 sigmoid network on 4 samples; numpy (float64, the course's column convention).
const SMALL = {
  weights: [[[0.5, -0.3], [0.8, 0.2], [-0.6, 0.4]], [[0.7, -0.5, 0.25], [-0.4, 0.9, 0.6]]],
  biases: [[0.1, -0.2, 0.3], [-0.1, 0.05]],
};
const SMALL_X = [[0.1, 0.7], [0.4, -0.2], [-0.5, 0.3], [0.9, 0.05]];
const SMALL_Y = [[0.2, 0.8], [0.6, 0.4], [0.3, 0.3], [0.9, 0.1]];
const NUMPY_SMALL = {
  cost: 0.2034323320750236,
  a2: [0.5358857347724935, 0.6652517336929495, 0.5439075296731601, 0.6409234275511154, 0.5479170951971774, 0.6476712374991349, 0.5344497324784873, 0.6528086192102109],
  z1: [-0.05999999999999997, 0.01999999999999999, 0.52, 0.36, 0.08000000000000007, -0.020000000000000018, -0.23999999999999996, -0.54, 0.72, 0.535, 0.53, -0.22000000000000003],
  gW1: [-0.01328521820082736, 0.006687485282182255, 0.016220246362971164, -0.005093733220359485, 0.003885688384694077, 0.001894324787133048],
  gb1: [-0.006926783009635297, 0.02168716536093284, 0.017467542190100466],
  gW2: [0.0009992068186071798, 0.00015402813883049572, 0.023156821160542785, 0.06602670104347463, 0.06087935395508416, 0.0588861852743775],
  gb2: [0.020040106416353218, 0.11503447107582548],
};

const AVAILABLE = backends().filter((b) => b.available).map((b) => b.name);

describe('Mlp on the course setup (1 → 6 → 7 → 2, heart curve, N = 100)', () => {
  const { X, Y } = heart(100);

  it('builds the course data: y(0) = [0.5, 0.625]', () => {
    expect(Y.data[0]).toBe(0.5);
    expect(Y.data[1]).toBe(0.625);
    expect(X.data[99]).toBe(0.99);
  });

  it('forward gives Z and A of every layer, A = σ(Z)', () => {
    const net = new Mlp([1, 6, 7, 2], { init: 'course', seed: 3 });
    const { z, a } = net.forward(X);
    expect(z.map((m) => m.shape)).toEqual([[100, 6], [100, 7], [100, 2]]);
    expect(a.map((m) => m.shape)).toEqual([[100, 6], [100, 7], [100, 2]]);
    for (let k = 0; k < 3; k++) expectClose(a[k].data, sigmoid(z[k]).data, 1e-15);
    expect(net.predict(X).data).toEqual(a[2].data);
  });

  it('trains with the course learning rate 7: the cost falls at least tenfold in 2000 steps', () => {
    const net = new Mlp([1, 6, 7, 2], { init: 'course', seed: 1 });
    const r = net.train(X, Y, { iterations: 2000, learningRate: 7 });
    expect(r.costs.length).toBe(2000);
    expect(r.costs[0]).toBe(new Mlp([1, 6, 7, 2], { init: 'course', seed: 1 }).cost(X, Y));
    expect(r.cost).toBeLessThan(r.costs[0] / 10);
    expect(r.cost).toBe(net.cost(X, Y));
    // Descent with a sound step never climbs much (the course's rate is not small: allow noise).
    expect(r.costs[1999]).toBeLessThan(r.costs[999]);
  });

  it('course gradients agree with central differences to ~1e-10', () => {
    const net = new Mlp([1, 6, 7, 2], { init: 'course', seed: 5 });
    const sizes = net.layerSizes;
    const g = flatGradient(net.gradients(X, Y));
    const J = jacobian((theta) => Mlp.fromParameters(unflatten(sizes, theta)).cost(X, Y), flatten(net));
    expect(J.shape).toEqual([1, g.length]);
    expectClose(g, J.data, 1e-8);
  });
});

describe('Mlp against numpy', () => {
  it('cost, forward and gradients of a small network (1e-15 relative)', () => {
    const net = Mlp.fromParameters(SMALL);
    expect(net.layerSizes).toEqual([2, 3, 2]);
    expect(Math.abs(net.cost(SMALL_X, SMALL_Y) - NUMPY_SMALL.cost)).toBeLessThanOrEqual(4 * Number.EPSILON * NUMPY_SMALL.cost);
    const f = net.forward(SMALL_X);
    expectClose(f.z[0].data, NUMPY_SMALL.z1, 1e-15);
    expectClose(f.a[1].data, NUMPY_SMALL.a2, 1e-15);
    const g = net.gradients(SMALL_X, SMALL_Y);
    expectClose(g.weights[0].data, NUMPY_SMALL.gW1, 1e-14);
    expectClose(g.biases[0], NUMPY_SMALL.gb1, 1e-14);
    expectClose(g.weights[1].data, NUMPY_SMALL.gW2, 1e-14);
    expectClose(g.biases[1], NUMPY_SMALL.gb2, 1e-14);
    expect(g.cost).toBe(net.cost(SMALL_X, SMALL_Y));
  });
});

describe('Mlp gradients on random networks', () => {
  const cases: [number[], MlpActivation, MlpActivation, number][] = [
    [[3, 5, 2], 'sigmoid', 'sigmoid', 11],
    [[4, 8, 6, 3], 'sigmoid', 'sigmoid', 12],
    [[2, 7, 1], 'tanh', 'identity', 13],
    [[5, 4, 4, 4, 2], 'tanh', 'sigmoid', 14],
    [[1, 3, 2], 'identity', 'identity', 15],
  ];

  it.each(cases)('%j (%s, output %s): backprop = jacobian of the cost to 1e-6 relative', (sizes, activation, outputActivation, seed) => {
    const rng = new Rng(seed);
    const n = 17;
    const X = randomMatrix(rng, n, sizes[0]);
    const Y = randomMatrix(rng, n, sizes[sizes.length - 1]);
    const net = new Mlp(sizes, { activation, outputActivation, seed, init: 'course' });
    const g = flatGradient(net.gradients(X, Y));
    const opts = { activation, outputActivation };
    const J = jacobian((theta) => Mlp.fromParameters(unflatten(sizes, theta), opts).cost(X, Y), flatten(net));
    expectClose(g, J.data, 1e-6);
  });

  it.each([[[3, 5, 2]], [[4, 8, 6, 3]], [[1, 6, 7, 2]]])('%j sigmoid: backprop = the course per-sample formulas to 1e-13', (sizes) => {
    const rng = new Rng(sizes.length);
    const X = randomMatrix(rng, 23, sizes[0]);
    const Y = randomMatrix(rng, 23, sizes[sizes.length - 1]);
    const net = new Mlp(sizes, { init: 'course', seed: 4 });
    expectClose(flatGradient(net.gradients(X, Y)), coursePerSample(net, X, Y), 1e-13);
  });

  it(`every backend gives the same gradients (1e-12 relative): ${AVAILABLE.join(', ')}`, () => {
    const rng = new Rng(99);
    const X = randomMatrix(rng, 300, 40);
    const Y = randomMatrix(rng, 300, 5, 0.5).data.map((v) => v + 0.5);
    const Ym = new Matrix(300, 5, Y);
    const net = new Mlp([40, 32, 16, 5], { seed: 6 });
    const ref = withBackend('ts', () => flatGradient(net.gradients(X, Ym)));
    for (const name of AVAILABLE) expectClose(withBackend(name, () => flatGradient(net.gradients(X, Ym))), ref, 1e-12);
  });
});

describe('Mlp training', () => {
  const { X, Y } = heart(40);

  it('step returns the cost before the step and moves downhill for a small rate', () => {
    const net = new Mlp([1, 6, 7, 2], { init: 'course', seed: 2 });
    const before = net.cost(X, Y);
    expect(net.step(X, Y, 0.5)).toBe(before);
    expect(net.cost(X, Y)).toBeLessThan(before);
  });

  it('step equals W −= rate · gradient', () => {
    const net = new Mlp([1, 4, 2], { init: 'course', seed: 8 });
    const theta = flatten(net);
    const g = flatGradient(net.gradients(X, Y));
    net.step(X, Y, 0.3);
    expectClose(flatten(net), theta.map((t, i) => t - 0.3 * g[i]), 1e-15);
  });

  it('train without noise is a sequence of steps; noise changes the path, reproducibly by seed', () => {
    const a = new Mlp([1, 6, 7, 2], { init: 'course', seed: 7 });
    const b = new Mlp([1, 6, 7, 2], { init: 'course', seed: 7 });
    const r = a.train(X, Y, { iterations: 25, learningRate: 7 });
    const costs = Array.from({ length: 25 }, () => b.step(X, Y, 7));
    expect(Array.from(r.costs)).toEqual(costs);
    expect(flatten(a)).toEqual(flatten(b));

    const n1 = new Mlp([1, 6, 7, 2], { init: 'course', seed: 7 }).train(X, Y, { iterations: 25, learningRate: 7, noise: 1, seed: 3 });
    const n2 = new Mlp([1, 6, 7, 2], { init: 'course', seed: 7 }).train(X, Y, { iterations: 25, learningRate: 7, noise: 1, seed: 3 });
    const n3 = new Mlp([1, 6, 7, 2], { init: 'course', seed: 7 }).train(X, Y, { iterations: 25, learningRate: 7, noise: 1, seed: 4 });
    expect(n1.costs).toEqual(n2.costs);
    expect(n1.cost).not.toBe(r.cost);
    expect(n1.cost).not.toBe(n3.cost);
    expect(n1.costs[0]).toBe(r.costs[0]); // noise scales the update, not the first cost
  });

  it('iterations: 0 trains nothing and reports the current cost', () => {
    const net = new Mlp([1, 3, 2], { seed: 1 });
    const theta = flatten(net);
    const r = net.train(X, Y, { iterations: 0 });
    expect(r.costs.length).toBe(0);
    expect(r.cost).toBe(net.cost(X, Y));
    expect(flatten(net)).toEqual(theta);
  });

  it('a batch of a different size after training still works (workspace per batch size)', () => {
    const net = new Mlp([1, 6, 7, 2], { init: 'course', seed: 2 });
    net.train(X, Y, { iterations: 5, learningRate: 7 });
    const small = heart(7);
    const g = net.gradients(small.X, small.Y);
    expectClose(flatGradient(g), coursePerSample(net, small.X, small.Y), 1e-13);
    expect(net.cost(X, Y)).toBeGreaterThan(0);
  });
});

describe('Mlp initialisation and serialisation', () => {
  it('the same seed gives the same network; another seed another one', () => {
    expect(flatten(new Mlp([3, 5, 2], { seed: 4 }))).toEqual(flatten(new Mlp([3, 5, 2], { seed: 4 })));
    expect(flatten(new Mlp([3, 5, 2], { seed: 4 }))).not.toEqual(flatten(new Mlp([3, 5, 2], { seed: 5 })));
    expect(flatten(new Mlp([3, 5, 2]))).toEqual(flatten(new Mlp([3, 5, 2], { seed: 1 })));
  });

  it("'scaled' draws W from N(0, 1/fan_in) with zero biases; 'course' draws everything from N(0, 1)/2", () => {
    const std = (x: Float64Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
    const scaled = new Mlp([400, 300, 10], { seed: 2 }).parameters();
    expect(std(scaled.weights[0].data) * Math.sqrt(400)).toBeCloseTo(1, 1);
    expect(std(scaled.weights[1].data) * Math.sqrt(300)).toBeCloseTo(1, 1);
    expect(scaled.biases.every((b) => b.every((v) => v === 0))).toBe(true);
    const course = new Mlp([400, 300, 10], { seed: 2, init: 'course' }).parameters();
    expect(std(course.weights[0].data)).toBeCloseTo(0.5, 1);
    expect(std(course.biases[0])).toBeCloseTo(0.5, 1);
  });

  it('fromParameters copies its inputs and parameters() gives them back', () => {
    const src = structuredClone(SMALL);
    const net = Mlp.fromParameters(src);
    src.weights[0][0][0] = 99;
    const p = net.parameters();
    expect(p.weights.map((w) => w.toArray())).toEqual(SMALL.weights);
    expect(p.biases.map((b) => Array.from(b))).toEqual(SMALL.biases);
    p.weights[0].data[0] = 42; // a copy: the network is unchanged
    expect(net.parameters().weights[0].get(0, 0)).toBe(0.5);
  });

  it('toJSON / fromJSON round-trips exactly (through a JSON string)', () => {
    const net = new Mlp([3, 4, 2], { activation: 'tanh', outputActivation: 'identity', seed: 9 });
    const back = Mlp.fromJSON(JSON.parse(JSON.stringify(net)));
    expect(back.layerSizes).toEqual([3, 4, 2]);
    expect(back.activation).toBe('tanh');
    expect(back.outputActivation).toBe('identity');
    expect(flatten(back)).toEqual(flatten(net));
    expect(() => Mlp.fromJSON({ ...net.toJSON(), layerSizes: [3, 5, 2] })).toThrow(FormatError);
    expect(() => Mlp.fromJSON({ type: 'other' } as never)).toThrow(FormatError);
  });

  it('accepts a vector X / Y for a single input / output, and never mutates inputs', () => {
    const net = new Mlp([1, 3, 1], { seed: 2 });
    const x = [0.1, 0.5, 0.9];
    const y = new Float64Array([0.2, 0.4, 0.1]);
    const y0 = y.slice();
    expect(net.cost(x, y)).toBe(net.cost([[0.1], [0.5], [0.9]], [[0.2], [0.4], [0.1]]));
    net.step(x, y, 1);
    expect(y).toEqual(y0);
    expect(x).toEqual([0.1, 0.5, 0.9]);
  });
});

describe('Mlp errors', () => {
  const net = new Mlp([2, 3, 1], { seed: 1 });
  const X = [[0, 1], [1, 0]];
  const Y = [[1], [0]];

  it('layer sizes: at least two positive integers', () => {
    for (const bad of [[], [3], [0, 2], [2, 1.5], [2, -1], ['2', 1]]) expect(() => new Mlp(bad as number[])).toThrow(ShapeError);
  });

  it('shapes of X and Y name what was given and what was expected', () => {
    expect(() => net.cost([[0, 1, 2]], [[1]])).toThrow(/X is 1×3 but the network takes 2 input/);
    expect(() => net.cost(X, [[1], [0], [1]])).toThrow(/Y is 3×1; with X 2×2 and 1 output\(s\) it must be 2×1/);
    expect(() => net.forward([] as number[][])).toThrow(ShapeError);
    expect(() => net.cost([0, 1], [1, 0])).toThrow(ShapeError); // a vector X needs a one-input network
    expect(() => Mlp.fromParameters({ weights: [[[1, 2]], [[1], [2]]], biases: [[0], [0]] })).toThrow(/biases\[1\] has length 1; weights\[1\] has 2 rows/);
    expect(() => Mlp.fromParameters({ weights: [[[1, 2]], [[1, 2]]], biases: [[0], [0]] })).toThrow(/weights\[1\] is 1×2 but layer 1 has 1 units/);
    expect(() => Mlp.fromParameters({ weights: [], biases: [] })).toThrow(ShapeError);
  });

  it('non-finite data or parameters: NonFiniteError with the position', () => {
    expect(() => net.cost([[0, 1], [NaN, 0]], Y)).toThrow(NonFiniteError);
    expect(() => net.train(X, [[1], [Infinity]])).toThrow(/Y must be finite; entry \(1, 0\) is Infinity/);
    expect(() => Mlp.fromParameters({ weights: [[[NaN]]], biases: [[0]] })).toThrow(NonFiniteError);
  });

  it('bad options: OptionError', () => {
    expect(() => new Mlp([2, 1], { activation: 'softmax' as MlpActivation })).toThrow(OptionError);
    expect(() => new Mlp([2, 1], { outputActivation: 'x' as MlpActivation })).toThrow(OptionError);
    expect(() => new Mlp([2, 1], { init: 'he' as 'course' })).toThrow(OptionError);
    expect(() => new Mlp([2, 1], { seed: 1.5 })).toThrow(OptionError);
    expect(() => net.train(X, Y, { iterations: -1 })).toThrow(OptionError);
    expect(() => net.train(X, Y, { iterations: 2.5 })).toThrow(OptionError);
    expect(() => net.train(X, Y, { learningRate: 0 })).toThrow(OptionError);
    expect(() => net.train(X, Y, { noise: -1 })).toThrow(OptionError);
    expect(() => net.step(X, Y, NaN)).toThrow(OptionError);
    expect(() => net.step(X, Y, undefined as unknown as number)).toThrow(OptionError);
  });
});
