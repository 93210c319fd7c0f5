/** Shared by the dense-layer conformance tests: shapes, inputs and numpy's activation formulas. */
import { ACTIVATION, type ActivationCode } from '../../src/backend/kernels.js';
import type { Rng } from '../../src/random.js';

export const ACTS: [string, ActivationCode][] = Object.entries(ACTIVATION);

/** [n, inDim, outDim]: zeros, ones, primes and sizes straddling tile / block edges. */
export const DENSE_SHAPES: [number, number, number][] = [
  [0, 0, 0], [0, 3, 4], [3, 0, 4], [3, 4, 0], [1, 1, 1], [1, 7, 1], [5, 1, 3], [1, 1, 9],
  [3, 4, 2], [4, 4, 4], [7, 5, 3], [8, 8, 8], [9, 17, 5], [13, 11, 29], [16, 16, 16],
  [31, 33, 17], [65, 63, 64], [100, 1, 6], [100, 6, 7], [100, 7, 2], [130, 257, 9],
];

/** Uniform in [−spread, spread). */
export function randomArray(rng: Rng, len: number, spread = 2): Float64Array {
  const x = new Float64Array(len);
  for (let i = 0; i < len; i++) x[i] = (rng.next() * 2 - 1) * spread;
  return x;
}

/** The activation as numpy writes it (independent of the kernels' overflow-safe form). */
export function activation(act: ActivationCode, z: number): number {
  if (act === 0) return 1 / (1 + Math.exp(-z));
  if (act === 1) return z;
  if (act === 2) return Math.tanh(z);
  return Math.max(z, 0);
}

/** act′ from a = act(z), as numpy writes it: a(1−a), 1, 1−a², (a > 0). */
export function activationPrime(act: ActivationCode, a: number): number {
  if (act === 0) return a * (1 - a);
  if (act === 1) return 1;
  if (act === 2) return 1 - a * a;
  return a > 0 ? 1 : 0;
}

// numpy's inputs for the small known-value layer: x 3 × 4, w 2 × 4, b 2, and G 3 × 2.
export const KNOWN_X = [0.5, -1.25, 2.0, 0.75, -0.3, 0.8, -1.1, 0.05, 1.7, 0.2, -0.4, -2.3];
export const KNOWN_W = [0.1, -0.7, 0.35, 1.2, -0.45, 0.6, 0.9, -0.15];
export const KNOWN_B = [0.25, -0.5];
export const KNOWN_G = [0.3, -0.2, 1.1, 0.4, -0.6, 0.9];
