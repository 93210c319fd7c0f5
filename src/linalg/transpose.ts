import { Matrix, type MatrixLike } from '../matrix.js';
import { asMatrix } from '../validate.js';

/** Tile edge for the transpose: both the read and the write stay within a few cache lines. */
const TILE = 32;

/**
 * The transpose, as a new matrix (r × c → c × r).
 * @throws ShapeError when A is not a matrix (ragged rows, a non-array).
 * @example transpose([[1, 2, 3]]).toArray() // [[1], [2], [3]]
 */
export function transpose(a: MatrixLike): Matrix {
  const m = asMatrix(a, 'transpose: A');
  const { rows, cols, data } = m;
  const out = new Matrix(cols, rows);
  const t = out.data;
  for (let i0 = 0; i0 < rows; i0 += TILE) {
    const i1 = Math.min(rows, i0 + TILE);
    for (let j0 = 0; j0 < cols; j0 += TILE) {
      const j1 = Math.min(cols, j0 + TILE);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) t[j * rows + i] = data[i * cols + j];
    }
  }
  return out;
}
