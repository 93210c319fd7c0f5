/** sigmoid and sigmoidPrime: numpy's values, the tails, the three input forms, NaN. */
import { describe, expect, it } from 'vitest';
import { Matrix, ShapeError, sigmoid, sigmoidPrime } from '../../src/entry/node.js';
import { expectClose } from '../helpers/close.js';

// numpy: s = 1/(1+np.exp(-z)) and s*(1-s) at z = [-3, -0.5, 0, 0.5, 3].
const Z = [-3, -0.5, 0, 0.5, 3];
const NUMPY_S = [0.04742587317756678, 0.3775406687981454, 0.5, 0.6224593312018546, 0.9525741268224334];
const NUMPY_DS = [0.04517665973091214, 0.2350037122015945, 0.25, 0.2350037122015945, 0.045176659730912];

describe('sigmoid', () => {
  it('matches numpy on a vector (1e-15 relative)', () => {
    expectClose(sigmoid(Z), NUMPY_S, 1e-15);
    expectClose(sigmoidPrime(Z), NUMPY_DS, 1e-15);
  });

  it('takes numbers, vectors and matrices and returns the same form', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoidPrime(0)).toBe(0.25);
    expect(sigmoid(new Float64Array([0]))).toEqual(new Float64Array([0.5]));
    const m = sigmoid([[0, 3], [-3, 0]]);
    expect(m).toBeInstanceOf(Matrix);
    expect(m.shape).toEqual([2, 2]);
    expect(m.get(0, 1)).toBe(sigmoid(3));
    expect(sigmoidPrime(new Matrix(1, 2, new Float64Array([0, 0]))).data).toEqual(new Float64Array([0.25, 0.25]));
  });

  it('keeps full precision in both tails and never overflows', () => {
    // math: 1/(1+e^40) = e^-40/(1+e^-40)^2 = 4.248354255291589e-18
    expect(sigmoid(-40) / 4.248354255291589e-18 - 1).toBeLessThan(4 * Number.EPSILON);
    expect(sigmoidPrime(40) / 4.248354255291589e-18 - 1).toBeLessThan(4 * Number.EPSILON);
    expect(sigmoidPrime(-40)).toBe(sigmoidPrime(40));
    expect(sigmoid(800)).toBe(1);
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(Infinity)).toBe(1);
    expect(sigmoid(-Infinity)).toBe(0);
    expect(sigmoidPrime(Infinity)).toBe(0);
    expect(sigmoidPrime(-1e308)).toBe(0);
  });

  it('is symmetric: σ(−z) = 1 − σ(z), σ′(−z) = σ′(z)', () => {
    for (const z of [0.1, 1, 2.5, 10]) {
      expect(sigmoid(-z) + sigmoid(z)).toBeCloseTo(1, 15);
      expect(sigmoidPrime(-z)).toBe(sigmoidPrime(z));
    }
  });

  it('propagates NaN (element-wise arithmetic) and refuses non-numeric input', () => {
    expect(Number.isNaN(sigmoid(NaN))).toBe(true);
    expect(Number.isNaN(sigmoidPrime([1, NaN])[1])).toBe(true);
    expect(() => sigmoid('1' as unknown as number)).toThrow(ShapeError);
    expect(() => sigmoid([[1, 2], [3]])).toThrow(ShapeError);
  });
});
