/**
 * denseBackward on every backend: numpy's numbers for a small layer under each activation, a
 * shape catalogue against plain loops, the optional deltaIn, degenerate sizes, buffer
 * discipline, and large random layers against the ts backend.
 */
import { describe, expect, it } from 'vitest';
import type { ActivationCode } from '../../src/backend/kernels.js';
import { Rng } from '../../src/random.js';
import { backendsAndVariantsWith, checkLoads, tableOf } from '../helpers/backends.js';
import { GEMM_RTOL, expectClose } from '../helpers/close.js';
import { ACTS, DENSE_SHAPES, KNOWN_B, KNOWN_G, KNOWN_W, KNOWN_X, activation, activationPrime, randomArray } from '../helpers/dense.js';

/** Literals against numpy: a few ulps of the largest entry. */
const KNOWN_RTOL = 1e-15;

// numpy (float64), inputs in ../helpers/dense.ts: a = act(x @ w.T + b), d = g * act'(a),
// gradW = (2/3) d.T @ x, gradB = (2/3) d.sum(0), deltaIn = d @ w.
const NUMPY: Record<string, { a: number[]; delta: number[]; gradW: number[]; gradB: number[]; deltaIn: number[] }> = {
  sigmoid: {
    a: [0.9413098250079087, 0.5529259881329059, 0.33961732692078395, 0.29265998548192695, 0.06786229357699451, 0.23866728515708957],
    delta: [0.016573691505446693, -0.049439767956031104, 0.24670513799356186, 0.0828040473518581, -0.037954201612478596, 0.16353469093755066],
    gradW: [-0.0868312255910392, 0.11270410379369693, -0.14869772542468881, 0.07470679282497592, 0.15229858427350876, 0.10716659067602366, -0.1702519095827509, -0.2727129418371979],
    gradB: [0.15021641859101997, 0.13126598022225178],
    deltaIn: [0.023905264730758668, -0.041265444827431344, -0.03869499913352165, 0.027304394999940695, -0.01259130750897996, -0.12301116818437843, 0.16087044091441893, 0.2836255584894955, -0.07738603108314565, 0.1246887556912654, 0.1338972512794281, -0.07007524557560692],
  },
  identity: {
    a: [2.775, 0.21250000000000002, -0.6649999999999999, -0.8825000000000001, -2.6199999999999997, -1.1600000000000001],
    delta: [0.3, -0.2, 1.1, 0.4, -0.6, 0.9],
    gradW: [-0.7999999999999999, 0.25666666666666677, -0.24666666666666684, 1.1066666666666665, 0.8733333333333333, 0.5, -0.8, -1.4666666666666666],
    gradB: [0.5333333333333334, 0.7333333333333334],
    deltaIn: [0.12000000000000001, -0.33, -0.07500000000000002, 0.39, -0.07, -0.53, 0.745, 1.26, -0.465, 0.96, 0.6000000000000001, -0.855],
  },
  tanh: {
    a: [0.992255193118658, 0.20935816942801877, -0.5816812695738733, -0.7076695392052359, -0.9894553755461026, -0.8210398813328772],
    delta: [0.004628889518716428, -0.1912338313787498, 0.7278115906896196, 0.19968152931241964, -0.0125868358817526, 0.2933041619348054],
    gradW: [-0.15828443563100472, 0.3826305289846331, -0.5242001575789652, 0.04587464613436619, 0.22873046720404555, 0.304965563373556, -0.47962600651672227, -0.5386939130123292],
    gradB: [0.47990242955105566, 0.20116790657898348],
    deltaIn: [0.08651811307230906, -0.11798052149035138, -0.17049033690932408, 0.03423974212927218, -0.017075529121626867, -0.3896591958952819, 0.4344474331225445, 0.8434216794306806, -0.1332455564588377, 0.18479328227811007, 0.2595683531827115, -0.059099827348323926],
  },
  relu: {
    a: [2.775, 0.21250000000000002, 0, 0, 0, 0],
    delta: [0.3, -0.2, 0, 0, 0, 0],
    gradW: [0.09999999999999999, -0.24999999999999997, 0.39999999999999997, 0.15, -0.06666666666666667, 0.16666666666666666, -0.26666666666666666, -0.1],
    gradB: [0.19999999999999998, -0.13333333333333333],
    deltaIn: [0.12000000000000001, -0.33, -0.07500000000000002, 0.39, 0, 0, 0, 0, 0, 0, 0, 0],
  },
};

/** Δ, gradW, gradB, deltaIn by plain loops, with per-entry bounds Σ|terms| for the error test. */
function reference(act: ActivationCode, n: number, inDim: number, outDim: number, scale: number, x: Float64Array, w: Float64Array, a: Float64Array, g: Float64Array) {
  const delta = new Float64Array(n * outDim);
  for (let i = 0; i < n * outDim; i++) delta[i] = g[i] * activationPrime(act, a[i]);
  const gradW = new Float64Array(outDim * inDim);
  const boundW = new Float64Array(outDim * inDim);
  const gradB = new Float64Array(outDim);
  const boundB = new Float64Array(outDim);
  const deltaIn = new Float64Array(n * inDim);
  const boundIn = new Float64Array(n * inDim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < outDim; j++) {
      const d = delta[i * outDim + j];
      gradB[j] += scale * d;
      boundB[j] += Math.abs(scale * d);
      for (let p = 0; p < inDim; p++) {
        gradW[j * inDim + p] += scale * d * x[i * inDim + p];
        boundW[j * inDim + p] += Math.abs(scale * d * x[i * inDim + p]);
        deltaIn[i * inDim + p] += d * w[j * inDim + p];
        boundIn[i * inDim + p] += Math.abs(d * w[j * inDim + p]);
      }
    }
  }
  return { delta, gradW, boundW, gradB, boundB, deltaIn, boundIn };
}

function checkBounded(what: string, got: Float64Array, want: Float64Array, bound: Float64Array, terms: number): void {
  for (let i = 0; i < want.length; i++) {
    const tol = 4 * Number.EPSILON * (terms + 2) * bound[i];
    if (!(Math.abs(got[i] - want[i]) <= tol)) throw new Error(`${what}[${i}] = ${got[i]}, expected ${want[i]}`);
  }
}

describe.each(backendsAndVariantsWith('denseBackward'))('denseBackward on $name', (backend) => {
  const { name, available } = backend;
  checkLoads(backend);

  const run = it.runIf(available);

  run.each(ACTS)('known values (numpy float64), %s', (actName, act) => {
    const { denseForward, denseBackward } = tableOf(name);
    const [x, w] = [new Float64Array(KNOWN_X), new Float64Array(KNOWN_W)];
    const a = new Float64Array(6);
    denseForward(act, 3, 4, 2, x, w, new Float64Array(KNOWN_B), new Float64Array(0), a);
    const delta = new Float64Array(KNOWN_G);
    const gradW = new Float64Array(8).fill(NaN);
    const gradB = new Float64Array(2).fill(NaN);
    const deltaIn = new Float64Array(12).fill(NaN);
    denseBackward(act, 3, 4, 2, 2 / 3, x, w, a, delta, gradW, gradB, deltaIn);
    const want = NUMPY[actName];
    expectClose(a, want.a, KNOWN_RTOL);
    expectClose(delta, want.delta, KNOWN_RTOL);
    expectClose(gradW, want.gradW, KNOWN_RTOL);
    expectClose(gradB, want.gradB, KNOWN_RTOL);
    expectClose(deltaIn, want.deltaIn, KNOWN_RTOL);
  });

  run.each(ACTS)('shape catalogue against plain loops, %s', (_, act) => {
    const { denseBackward } = tableOf(name);
    const rng = new Rng(71 + act);
    for (const [n, inDim, outDim] of DENSE_SHAPES) {
      const x = randomArray(rng, n * inDim);
      const w = randomArray(rng, outDim * inDim);
      const a = randomArray(rng, n * outDim, 1).map((v) => activation(act, v));
      const g = randomArray(rng, n * outDim);
      const scale = n > 0 ? 2 / n : 1;
      const ref = reference(act, n, inDim, outDim, scale, x, w, a, g);
      const delta = g.slice();
      const gradW = new Float64Array(outDim * inDim).fill(NaN);
      const gradB = new Float64Array(outDim).fill(NaN);
      const deltaIn = new Float64Array(n * inDim).fill(NaN);
      denseBackward(act, n, inDim, outDim, scale, x, w, a, delta, gradW, gradB, deltaIn);
      const where = `n=${n} in=${inDim} out=${outDim}`;
      expect(delta, where).toEqual(ref.delta); // one product per entry: exact
      checkBounded(`${where} gradW`, gradW, ref.gradW, ref.boundW, n);
      checkBounded(`${where} gradB`, gradB, ref.gradB, ref.boundB, n);
      checkBounded(`${where} deltaIn`, deltaIn, ref.deltaIn, ref.boundIn, outDim);
      // Without deltaIn (w not even passed) the gradients are the same.
      const delta2 = g.slice();
      const gradW2 = new Float64Array(outDim * inDim);
      const gradB2 = new Float64Array(outDim);
      denseBackward(act, n, inDim, outDim, scale, x, new Float64Array(0), a, delta2, gradW2, gradB2, new Float64Array(0));
      expect(gradW2, where).toEqual(gradW);
      expect(gradB2, where).toEqual(gradB);
    }
  });

  run('an empty batch gives zero gradients; no outputs gives a zero deltaIn', () => {
    const { denseBackward } = tableOf(name);
    const gradW = new Float64Array(6).fill(NaN);
    const gradB = new Float64Array(2).fill(NaN);
    denseBackward(0, 0, 3, 2, 1, new Float64Array(0), new Float64Array(6), new Float64Array(0), new Float64Array(0), gradW, gradB, new Float64Array(0));
    expect(Array.from(gradW)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(gradB)).toEqual([0, 0]);
    const deltaIn = new Float64Array(6).fill(NaN);
    denseBackward(0, 2, 3, 0, 1, new Float64Array(6), new Float64Array(0), new Float64Array(0), new Float64Array(0), new Float64Array(0), new Float64Array(0), deltaIn);
    expect(Array.from(deltaIn)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  run('propagates NaN from G through Δ into the gradients', () => {
    const delta = new Float64Array([NaN, 1]);
    const gradW = new Float64Array(2);
    const gradB = new Float64Array(2);
    const deltaIn = new Float64Array(1);
    // One sample, one input, two units.
    oneSampleBackward(name, delta, gradW, gradB, deltaIn);
    expect(Number.isNaN(delta[0]) && Number.isNaN(gradW[0]) && Number.isNaN(gradB[0]) && Number.isNaN(deltaIn[0])).toBe(true);
    expect(delta[1]).toBe(0.25);
    expect(gradW[1]).toBe(0.25);
    expect(gradB[1]).toBe(0.25);
  });

  run('leaves x, w and a untouched and writes exactly the outputs', () => {
    const rng = new Rng(9);
    const [n, inDim, outDim] = [37, 41, 29];
    const x = randomArray(rng, n * inDim);
    const w = randomArray(rng, outDim * inDim);
    const a = randomArray(rng, n * outDim, 1).map((v) => activation(0, v));
    const [x0, w0, a0] = [x.slice(), w.slice(), a.slice()];
    const pad = (len: number) => new Float64Array(len + 5).fill(123);
    const [delta, gradW, gradB, deltaIn] = [pad(n * outDim), pad(outDim * inDim), pad(outDim), pad(n * inDim)];
    delta.set(randomArray(rng, n * outDim));
    tableOf(name).denseBackward(0, n, inDim, outDim, 1 / n, x, w, a, delta.subarray(0, n * outDim), gradW.subarray(0, outDim * inDim), gradB.subarray(0, outDim), deltaIn.subarray(0, n * inDim));
    expect(x).toEqual(x0);
    expect(w).toEqual(w0);
    expect(a).toEqual(a0);
    for (const [buf, len] of [[delta, n * outDim], [gradW, outDim * inDim], [gradB, outDim], [deltaIn, n * inDim]] as const) {
      expect(Array.from(buf.subarray(len))).toEqual(new Array(5).fill(123));
    }
  });

  run.each([
    [1000, 784, 128],
    [1000, 128, 10],
    [513, 100, 257],
  ])('agrees with the reference to 1e-12 relative on random n=%i, %i → %i', (n, inDim, outDim) => {
    const rng = new Rng(n + 3 * inDim + outDim);
    const x = randomArray(rng, n * inDim, 1);
    const w = randomArray(rng, outDim * inDim, 2 / Math.sqrt(inDim));
    const g = randomArray(rng, n * outDim, 1);
    for (const [, act] of ACTS) {
      const a = randomArray(rng, n * outDim, 2).map((v) => activation(act, v));
      const got = { delta: g.slice(), gradW: new Float64Array(outDim * inDim), gradB: new Float64Array(outDim), deltaIn: new Float64Array(n * inDim) };
      tableOf(name).denseBackward(act, n, inDim, outDim, 2 / n, x, w, a, got.delta, got.gradW, got.gradB, got.deltaIn);
      // ts is checked against plain loops; every other backend against ts.
      let want: { delta: Float64Array; gradW: Float64Array; gradB: Float64Array; deltaIn: Float64Array };
      if (name === 'ts') {
        want = reference(act, n, inDim, outDim, 2 / n, x, w, a, g);
      } else {
        want = { delta: g.slice(), gradW: new Float64Array(outDim * inDim), gradB: new Float64Array(outDim), deltaIn: new Float64Array(n * inDim) };
        tableOf('ts').denseBackward(act, n, inDim, outDim, 2 / n, x, w, a, want.delta, want.gradW, want.gradB, want.deltaIn);
      }
      expectClose(got.delta, want.delta, GEMM_RTOL);
      expectClose(got.gradW, want.gradW, GEMM_RTOL);
      expectClose(got.gradB, want.gradB, GEMM_RTOL);
      expectClose(got.deltaIn, want.deltaIn, GEMM_RTOL);
    }
  });
});

/** One sample x = [1], w = [[1], [1]], a = [0.5, 0.5] (sigmoid, σ′ = 0.25), scale 1, G given. */
function oneSampleBackward(name: Parameters<typeof tableOf>[0], delta: Float64Array, gradW: Float64Array, gradB: Float64Array, deltaIn: Float64Array): void {
  tableOf(name).denseBackward(0, 1, 1, 2, 1, new Float64Array([1]), new Float64Array([1, 1]), new Float64Array([0.5, 0.5]), delta, gradW, gradB, deltaIn);
}
