/**
 * denseForward on every backend: numpy's numbers for a small layer under each activation, then a
 * shape catalogue (degenerate, odd, block-straddling) against a plain loop, the tails of the
 * sigmoid, NaN, buffer discipline, and large random layers against the ts backend.
 */
import { describe, expect, it } from 'vitest';
import type { ActivationCode } from '../../src/backend/kernels.js';
import { Rng } from '../../src/random.js';
import { BACKENDS, backendsAndVariantsWith, checkLoads, tableOf } from '../helpers/backends.js';
import { GEMM_RTOL, expectClose } from '../helpers/close.js';
import { ACTS, DENSE_SHAPES, KNOWN_B, KNOWN_W, KNOWN_X, activation, randomArray } from '../helpers/dense.js';

/** Literals against numpy: a few ulps of the largest entry. */
const KNOWN_RTOL = 1e-15;

/** Z and A by the textbook loops, plus Σ|x||w| + |b| per entry for an error bound. */
function reference(act: ActivationCode, n: number, inDim: number, outDim: number, x: Float64Array, w: Float64Array, b: Float64Array) {
  const z = new Float64Array(n * outDim);
  const a = new Float64Array(n * outDim);
  const bound = new Float64Array(n * outDim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < outDim; j++) {
      let s = b[j];
      let m = Math.abs(b[j]);
      for (let p = 0; p < inDim; p++) {
        s += x[i * inDim + p] * w[j * inDim + p];
        m += Math.abs(x[i * inDim + p] * w[j * inDim + p]);
      }
      z[i * outDim + j] = s;
      a[i * outDim + j] = activation(act, s);
      bound[i * outDim + j] = m;
    }
  }
  return { z, a, bound };
}

// numpy (float64): z = x @ w.T + b, then each activation (inputs in ../helpers/dense.ts).
const NUMPY_Z = [2.775, 0.21250000000000002, -0.6649999999999999, -0.8825000000000001, -2.6199999999999997, -1.1600000000000001];
const NUMPY_A: Record<string, number[]> = {
  sigmoid: [0.9413098250079087, 0.5529259881329059, 0.33961732692078395, 0.29265998548192695, 0.06786229357699451, 0.23866728515708957],
  identity: NUMPY_Z,
  tanh: [0.992255193118658, 0.20935816942801877, -0.5816812695738733, -0.7076695392052359, -0.9894553755461026, -0.8210398813328772],
  relu: [2.775, 0.21250000000000002, 0, 0, 0, 0],
};

describe.each(backendsAndVariantsWith('denseForward'))('denseForward on $name', (backend) => {
  const { name, available } = backend;
  checkLoads(backend);

  const run = it.runIf(available);

  run.each(ACTS)('known values (numpy float64), %s', (actName, act) => {
    const z = new Float64Array(6).fill(NaN);
    const a = new Float64Array(6).fill(NaN);
    tableOf(name).denseForward(act, 3, 4, 2, new Float64Array(KNOWN_X), new Float64Array(KNOWN_W), new Float64Array(KNOWN_B), z, a);
    expectClose(z, NUMPY_Z, KNOWN_RTOL);
    expectClose(a, NUMPY_A[actName], KNOWN_RTOL);
  });

  run.each(ACTS)('shape catalogue against a plain loop, %s', (_, act) => {
    const { denseForward } = tableOf(name);
    const rng = new Rng(31 + act);
    for (const [n, inDim, outDim] of DENSE_SHAPES) {
      const x = randomArray(rng, n * inDim);
      const w = randomArray(rng, outDim * inDim);
      const b = randomArray(rng, outDim);
      const z = new Float64Array(n * outDim).fill(NaN);
      const a = new Float64Array(n * outDim).fill(NaN);
      denseForward(act, n, inDim, outDim, x, w, b, z, a);
      const ref = reference(act, n, inDim, outDim, x, w, b);
      for (let i = 0; i < n * outDim; i++) {
        // |act′| ≤ 1 for all four, so Z's error bound carries over to A (plus A's own rounding).
        const tol = 4 * Number.EPSILON * (inDim + 2) * ref.bound[i];
        const where = `n=${n} in=${inDim} out=${outDim} [${i}]`;
        if (!(Math.abs(z[i] - ref.z[i]) <= tol)) throw new Error(`${where}: Z = ${z[i]}, expected ${ref.z[i]}`);
        const tolA = tol + 4 * Number.EPSILON * Math.abs(ref.a[i]);
        if (!(Math.abs(a[i] - ref.a[i]) <= tolA)) throw new Error(`${where}: A = ${a[i]}, expected ${ref.a[i]}`);
      }
      // Without Z the same A comes out (Z is built in A and activated in place).
      const a2 = new Float64Array(n * outDim).fill(NaN);
      denseForward(act, n, inDim, outDim, x, w, b, new Float64Array(0), a2);
      expect(a2).toEqual(a);
    }
  });

  run('sigmoid tails keep full relative precision and never overflow', () => {
    const z = [-800, -40, -1e-10, 0, 1e-10, 40, 800, Infinity, -Infinity];
    const a = new Float64Array(z.length);
    // One input, unit weight, zero bias: A = σ(x).
    tableOf(name).denseForward(0, z.length, 1, 1, new Float64Array(z), new Float64Array([1]), new Float64Array([0]), new Float64Array(0), a);
    // numpy: 1/(1+np.exp(40.0)) = 4.24835425529159e-18; 1/(1+np.exp(1e-10)) = 0.499999999975.
    expect(a[0]).toBe(0); // e^-800 underflows: the true value 3.7e-348 is below the subnormals
    expect(Math.abs(a[1] - 4.24835425529159e-18)).toBeLessThanOrEqual(2 * Number.EPSILON * 4.24835425529159e-18);
    expect(a[2]).toBeCloseTo(0.499999999975, 15);
    expect(a[3]).toBe(0.5);
    expect(a[4]).toBeCloseTo(0.500000000025, 15);
    expect(a[5]).toBe(1);
    expect(a[6]).toBe(1);
    expect(a[7]).toBe(1);
    expect(a[8]).toBe(0);
  });

  run.each(ACTS)('propagates NaN, %s', (_, act) => {
    const a = new Float64Array(2);
    tableOf(name).denseForward(act, 2, 1, 1, new Float64Array([NaN, 1]), new Float64Array([1]), new Float64Array([0]), new Float64Array(0), a);
    expect(Number.isNaN(a[0])).toBe(true);
    expect(Number.isFinite(a[1])).toBe(true);
  });

  run('leaves the inputs untouched and writes exactly n·outDim entries', () => {
    const rng = new Rng(8);
    const [n, inDim, outDim] = [37, 41, 29];
    const x = randomArray(rng, n * inDim);
    const w = randomArray(rng, outDim * inDim);
    const b = randomArray(rng, outDim);
    const [x0, w0, b0] = [x.slice(), w.slice(), b.slice()];
    const z = new Float64Array(n * outDim + 5).fill(123);
    const a = new Float64Array(n * outDim + 5).fill(123);
    tableOf(name).denseForward(0, n, inDim, outDim, x, w, b, z.subarray(0, n * outDim), a.subarray(0, n * outDim));
    expect(x).toEqual(x0);
    expect(w).toEqual(w0);
    expect(b).toEqual(b0);
    expect(Array.from(z.subarray(n * outDim))).toEqual(new Array(5).fill(123));
    expect(Array.from(a.subarray(n * outDim))).toEqual(new Array(5).fill(123));
  });

  run.each([
    [1000, 784, 128],
    [513, 100, 257],
    [2000, 10, 3],
  ])('agrees with the reference to 1e-12 relative on random n=%i, %i → %i', (n, inDim, outDim) => {
    const rng = new Rng(n + inDim + outDim);
    // Weights scaled like a trained network's (1/√inDim), so the sigmoid is not saturated.
    const x = randomArray(rng, n * inDim, 1);
    const w = randomArray(rng, outDim * inDim, 2 / Math.sqrt(inDim));
    const b = randomArray(rng, outDim, 1);
    for (const [, act] of ACTS) {
      const z = new Float64Array(n * outDim);
      const a = new Float64Array(n * outDim);
      tableOf(name).denseForward(act, n, inDim, outDim, x, w, b, z, a);
      // ts is checked against the plain loop; every other backend against ts.
      const expected = name === 'ts' ? reference(act, n, inDim, outDim, x, w, b) : { z: new Float64Array(n * outDim), a: new Float64Array(n * outDim) };
      if (name !== 'ts') tableOf('ts').denseForward(act, n, inDim, outDim, x, w, b, expected.z, expected.a);
      expectClose(z, expected.z, GEMM_RTOL);
      expectClose(a, expected.a, GEMM_RTOL);
    }
  });
});

const NATIVE = BACKENDS.find((b) => b.name === 'native')!;

describe('native glue of the dense kernels', () => {
  it.runIf(NATIVE.available)('short buffers and bad codes are RangeErrors, not crashes', () => {
    const { denseForward, denseBackward } = tableOf('native');
    const f = (len: number) => new Float64Array(len);
    expect(() => denseForward(0, 3, 4, 2, f(11), f(8), f(2), f(0), f(6))).toThrow(RangeError);
    expect(() => denseForward(0, 3, 4, 2, f(12), f(8), f(2), f(5), f(6))).toThrow(RangeError);
    expect(() => denseForward(7 as 0, 3, 4, 2, f(12), f(8), f(2), f(0), f(6))).toThrow(RangeError);
    expect(() => denseBackward(0, 3, 4, 2, 1, f(12), f(7), f(6), f(6), f(8), f(2), f(12))).toThrow(RangeError);
    expect(() => denseBackward(0, 3, 4, 2, 1, f(12), f(8), f(6), f(6), f(8), f(1), f(0))).toThrow(RangeError);
    expect(() => denseForward(0, 3, 4, 2, [] as unknown as Float64Array, f(8), f(2), f(0), f(6))).toThrow(TypeError);
  });
});
