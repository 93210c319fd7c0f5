import { kernelsFor } from '../backend/dispatch.js';
import { ConvergenceError, NonFiniteError, OptionError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { asMatrix, optionsObject } from '../validate.js';

export interface EighOptions {
  /** Compute eigenvectors too (default true); values only is several times faster. */
  vectors?: boolean;
}

export interface EighResult {
  /** Eigenvalues in ascending order (as numpy.linalg.eigh). */
  values: Float64Array;
  /**
   * Orthonormal eigenvectors as columns: column j pairs with values[j]. Each column's sign is
   * fixed so its largest-magnitude entry is positive, so every backend returns the same vectors.
   * Absent when `vectors: false`.
   */
  vectors?: Matrix;
}

/**
 * Eigen-decomposition of a real symmetric matrix: A = V diag(values) Vᵀ.
 * Only the lower triangle is read (numpy's default `UPLO='L'`); the upper is assumed to mirror it.
 * Runs as one kernel call on the active backend (tridiagonalisation + implicit QL/QR).
 * @throws ShapeError if A is not square; NonFiniteError on NaN/Inf; ConvergenceError past the cap.
 * @example eigh([[2, 1], [1, 2]]).values // Float64Array [1, 3]
 */
export function eigh(a: MatrixLike, options: EighOptions = {}): EighResult {
  options = optionsObject(options, 'eigh');
  const m = asMatrix(a, 'eigh: A');
  if (m.rows !== m.cols) {
    throw new ShapeError(`eigh: A must be square; got ${m.rows}×${m.cols}`, [m.shape]);
  }
  const wantVectors = options.vectors === undefined ? true : options.vectors; // null is refused below, not defaulted
  if (typeof wantVectors !== 'boolean') throw new OptionError('vectors', 'a boolean', wantVectors);
  const n = m.rows;
  const work = lowerSymmetrised(m);
  const values = new Float64Array(n);
  const vectors = wantVectors ? new Matrix(n, n) : undefined;
  const info = kernelsFor('symEig', n * n * n).symEig(n, work.data, values, vectors?.data ?? new Float64Array(0), wantVectors ? 1 : 0);
  if (info > 0) {
    throw new ConvergenceError(`eigh: eigenvalue ${info - 1} of a ${n}×${n} matrix did not converge within ${30 * n} QL/QR iterations`, 30 * n);
  }
  if (vectors) fixColumnSigns(vectors);
  return vectors ? { values, vectors } : { values };
}

/** A copy whose upper triangle mirrors the lower one (the kernel's workspace); refuses NaN/Inf. */
function lowerSymmetrised(m: Matrix): Matrix {
  const n = m.rows;
  const out = new Float64Array(n * n);
  const src = m.data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = src[i * n + j];
      if (!Number.isFinite(v)) throw new NonFiniteError(`eigh: A must be finite; entry (${i}, ${j}) is ${v}`, [i, j], v);
      out[i * n + j] = v;
      out[j * n + i] = v;
    }
  }
  return new Matrix(n, n, out);
}

/** Makes each column's largest-|x| entry positive (first such entry on exact ties). */
export function fixColumnSigns(v: Matrix): void {
  const { rows, cols, data } = v;
  for (let j = 0; j < cols; j++) {
    let best = 0;
    let at = 0;
    for (let i = 0; i < rows; i++) {
      const x = Math.abs(data[i * cols + j]);
      if (x > best) {
        best = x;
        at = i;
      }
    }
    if (data[at * cols + j] < 0) for (let i = 0; i < rows; i++) data[i * cols + j] = -data[i * cols + j];
  }
}
