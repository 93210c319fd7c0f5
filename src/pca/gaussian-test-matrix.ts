/**
 * Ω, the random test matrix of randomized PCA (Halko, Martinsson & Tropp 2011): standard
 * normal entries from the seeded `Rng`, drawn in one fixed order (row by row). Every route that
 * sketches — in memory, streamed over a file, split across workers or machines — draws Ω here,
 * so one seed gives one Ω on every backend and in every process.
 */
import { Matrix } from '../matrix.js';
import { Rng } from '../random.js';

/** A rows × cols matrix of independent N(0, 1) entries, reproducible from `seed` (a uint32). */
export function gaussianTestMatrix(rows: number, cols: number, seed: number): Matrix {
  const rng = new Rng(seed);
  const omega = new Matrix(rows, cols);
  const data = omega.data;
  for (let i = 0; i < data.length; i++) data[i] = rng.normal();
  return omega;
}
