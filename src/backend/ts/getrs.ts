/**
 * Reference solve from LU factors (dgetrs): row interchanges on B, then two triangular
 * solves by the ts trsm.
 */
import { trsmView } from './trsm.js';

export function getrs(trans: 0 | 1, n: number, nrhs: number, lu: Float64Array, ipiv: Int32Array, b: Float64Array): void {
  if (n === 0 || nrhs === 0) return;
  if (trans === 0) {
    swapRows(b, nrhs, ipiv, n, true);
    trsmView(0, 0, 0, 1, n, nrhs, 1, lu, 0, n, b, 0, nrhs);
    trsmView(0, 1, 0, 0, n, nrhs, 1, lu, 0, n, b, 0, nrhs);
  } else {
    trsmView(0, 1, 1, 0, n, nrhs, 1, lu, 0, n, b, 0, nrhs);
    trsmView(0, 0, 1, 1, n, nrhs, 1, lu, 0, n, b, 0, nrhs);
    swapRows(b, nrhs, ipiv, n, false);
  }
}

/** LAPACK laswp on the rows of a row-major matrix of `cols` columns. */
export function swapRows(b: Float64Array, cols: number, ipiv: Int32Array, count: number, forward: boolean): void {
  for (let s = 0; s < count; s++) {
    const i = forward ? s : count - 1 - s;
    const p = ipiv[i];
    if (p === i) continue;
    const ri = i * cols;
    const rp = p * cols;
    for (let c = 0; c < cols; c++) {
      const t = b[ri + c];
      b[ri + c] = b[rp + c];
      b[rp + c] = t;
    }
  }
}
