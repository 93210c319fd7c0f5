/**
 * Slowly decaying ("flat") spectra for the accuracy target of randomized PCA, with their exact
 * top-10 explained variances from numpy (test/fixtures/flat-spectrum.json, made by
 * test/fixtures/make-flat-spectrum.py). The data come from a 32-bit LCG that the python script
 * implements identically (no transcendental functions), so both sides see the same numbers.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Matrix } from '../../src/matrix.js';

export interface FlatCase {
  name: string;
  n: number;
  d: number;
  rank: number;
  decay: number;
  noise: number;
  /** numpy: the top 10 squared singular values of the centred data / (n − 1). */
  explainedVariance: number[];
}

export const FLAT_CASES: FlatCase[] = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/flat-spectrum.json', import.meta.url)), 'utf8')).cases;

/** `count` uniform values in [−0.5, 0.5) from the LCG x ← 1664525·x + 1013904223 (mod 2³²). */
export function lcg(count: number, state: number): [Float64Array, number] {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 32 - 0.5;
  }
  return [out, state];
}

/** The n × d data of a case: G·diag(i^−decay)·H (G n × rank, H rank × d) plus noise·E. */
export function flatData({ n, d, rank, decay, noise }: FlatCase): Matrix {
  const [g, afterG] = lcg(n * rank, 1);
  const [h, afterH] = lcg(rank * d, afterG);
  const [e] = lcg(n * d, afterH);
  const scale = Float64Array.from({ length: rank }, (_, c) => (c + 1) ** -decay);
  const x = new Matrix(n, d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      let v = 0;
      for (let c = 0; c < rank; c++) v += g[i * rank + c] * scale[c] * h[c * d + j];
      x.data[i * d + j] = v + noise * e[i * d + j];
    }
  }
  return x;
}
