/**
 * One training step (forward + backward + update) of a 784-128-10 sigmoid MLP on a batch of
 * float64 samples, cost ‖A − Y‖²_F / N, on every backend beside the same step in numpy.
 * `Mlp.step` includes its input validation (shape and finiteness of X and Y), which numpy's
 * step does not do.
 */
import { Mlp, backends, withBackend } from '../src/entry/node.js';
import { randomMatrix } from '../src/random.js';
import { numpyCases, type BenchCase } from './harness.js';

export const MLP_BATCHES = [1000];
const SIZES = [784, 128, 10];
const LEARNING_RATE = 0.1;

/** Multiply-adds ×2 of one step: Z = X Wᵀ and ∂W = Δᵀ X per layer, plus Δ W for all but the first. */
function stepFlops(n: number): number {
  let f = 0;
  for (let k = 0; k + 1 < SIZES.length; k++) f += 2 * 2 * n * SIZES[k] * SIZES[k + 1];
  for (let k = 1; k + 1 < SIZES.length; k++) f += 2 * n * SIZES[k] * SIZES[k + 1];
  return f;
}

const NUMPY_SETUP = (n: number) => `
X = rng.random((${n}, 784)); Y = rng.random((${n}, 10))
W1 = rng.standard_normal((128, 784)) / np.sqrt(784); b1 = np.zeros(128)
W2 = rng.standard_normal((10, 128)) / np.sqrt(128); b2 = np.zeros(10)
sig = lambda z: 1 / (1 + np.exp(-z))
def step(lr=${LEARNING_RATE}):
    global W1, b1, W2, b2
    a1 = sig(X @ W1.T + b1)
    a2 = sig(a1 @ W2.T + b2)
    r = a2 - Y
    cost = np.sum(r * r) / X.shape[0]
    d2 = (2 / X.shape[0]) * r * a2 * (1 - a2)
    d1 = (d2 @ W2) * a1 * (1 - a1)
    W2 -= lr * (d2.T @ a1); b2 -= lr * d2.sum(0)
    W1 -= lr * (d1.T @ X); b1 -= lr * d1.sum(0)
    return cost`;

export function mlpCases(batches: number[], impls: Set<string> | undefined): BenchCase[] {
  const want = (name: string) => !impls || impls.has(name);
  const cases: BenchCase[] = [];
  for (const n of batches) {
    const X = randomMatrix(n, 784, 1, 0, 1);
    const Y = randomMatrix(n, 10, 2, 0, 1);
    const size = `784-128-10 n=${n}`;
    const flops = stepFlops(n);
    for (const { name, available } of backends()) {
      if (!available || !want(name)) continue;
      const net = new Mlp(SIZES, { seed: 3 });
      cases.push({ size, impl: name, flops, fn: () => withBackend(name, () => net.step(X, Y, LEARNING_RATE)) });
    }
    cases.push(...numpyCases({ size, flops }, want, NUMPY_SETUP(n), 'step()', { min: 15 }));
  }
  return cases;
}
