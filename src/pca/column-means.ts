/**
 * Column means through the `colMeans` kernel, with the NaN policy of fits: a non-finite mean
 * means a NaN/±Inf somewhere in its column, so the O(m·d) search for the culprit runs only
 * then, instead of a separate finiteness pass over every chunk.
 */
import { kernelsFor } from '../backend/dispatch.js';
import { NonFiniteError } from '../errors.js';
import type { Matrix } from '../matrix.js';

/**
 * Means of the columns of `b` (m ≥ 1 rows). `what` names the caller; when `rowOffset` is given
 * `b` is a chunk of a longer stream and errors also give the row overall.
 * @throws NonFiniteError at the first NaN/±Inf (row-major order), or when a mean overflows.
 */
export function finiteColumnMeans(b: Matrix, what: string, rowOffset?: number): Float64Array {
  const { rows: m, cols: d, data } = b;
  const mean = new Float64Array(d);
  kernelsFor('colMeans', m * d).colMeans(m, d, data, mean);
  for (let j = 0; j < d; j++) {
    if (Number.isFinite(mean[j])) continue;
    for (let i = 0; i < m * d; i++) if (!Number.isFinite(data[i])) throw nonFiniteEntry(b, i, what, rowOffset);
    throw meanOverflow(mean, j, what);
  }
  return mean;
}

/** The error for the NaN/±Inf at row-major index i of `b` (its row overall too, for a chunk). */
export function nonFiniteEntry(b: Matrix, i: number, what: string, rowOffset?: number): NonFiniteError {
  const v = b.data[i];
  const [r, c] = [Math.floor(i / b.cols), i % b.cols];
  const where = rowOffset === undefined ? `entry (${r}, ${c})` : `entry (${r}, ${c}) of the chunk (row ${rowOffset + r} overall)`;
  return new NonFiniteError(`${what}: ${where} is ${v}; PCA needs finite values`, [r, c], v);
}

/** The error for a column whose finite values sum past the largest double. */
export function meanOverflow(mean: Float64Array, j: number, what: string): NonFiniteError {
  return new NonFiniteError(`${what}: the mean of column ${j} overflows to ${mean[j]}; values this large cannot be summed in float64`, [0, j], mean[j]);
}
