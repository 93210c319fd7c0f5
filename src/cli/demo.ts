import { backends, matmul, withBackend } from '../entry/node.js';
import { randomMatrix } from '../random.js';

/**
 * `mmlkit demo`: until PCA lands, multiplies two seeded random n × n matrices on every
 * available backend and prints time, GFLOP/s and the largest difference from the ts result.
 */
export function runDemo(n: number): void {
  const a = randomMatrix(n, n, 1);
  const b = randomMatrix(n, n, 2);
  const reference = withBackend('ts', () => matmul(a, b));
  console.log(`matmul of two ${n}×${n} float64 matrices\n`);
  console.log(`${'backend'.padEnd(8)} ${'ms'.padStart(9)} ${'GFLOP/s'.padStart(8)}  max |C − C_ts| / max |C_ts|`);
  let scaleRef = 0;
  for (const x of reference.data) scaleRef = Math.max(scaleRef, Math.abs(x));
  for (const { name, available, reason } of backends()) {
    if (!available) {
      console.log(`${name.padEnd(8)} unavailable: ${reason}`);
      continue;
    }
    withBackend(name, () => matmul(a, b)); // warm-up (JIT, thread pool, wasm memory)
    const t0 = performance.now();
    const c = withBackend(name, () => matmul(a, b));
    const ms = performance.now() - t0;
    let diff = 0;
    for (let i = 0; i < c.data.length; i++) diff = Math.max(diff, Math.abs(c.data[i] - reference.data[i]));
    console.log(
      `${name.padEnd(8)} ${ms.toFixed(2).padStart(9)} ${((2 * n ** 3) / (ms * 1e6)).toFixed(2).padStart(8)}  ${(diff / scaleRef).toExponential(2)}`,
    );
  }
}

