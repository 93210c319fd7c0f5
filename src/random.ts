/**
 * A small seeded generator (SplitMix64's 32-bit cousin, mulberry32): reproducible test data,
 * benchmarks and initialisation without depending on Math.random.
 */
import { Matrix } from './matrix.js';

export class Rng {
  private state: number;

  constructor(seed = 1) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Standard normal (Box–Muller; the spare value is discarded for simplicity). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

/** A rows × cols matrix of uniform values in [lo, hi), reproducible from `seed`. */
export function randomMatrix(rows: number, cols: number, seed = 1, lo = -0.5, hi = 0.5): Matrix {
  const rng = new Rng(seed);
  const m = new Matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = lo + (hi - lo) * rng.next();
  return m;
}
