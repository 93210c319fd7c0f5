import { extremeScaleFor } from '../stats/scaling.js';
import { callPinned, type BackendOption } from '../backend/registry.js';
import { kernelsFor } from '../backend/dispatch.js';
import { ConvergenceError, NonFiniteError, OptionError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { asMatrix, assertSquare, optionsObject } from '../validate.js';

export interface EighOptions extends BackendOption {
  /** Compute eigenvectors too (default true); values only is several times faster. */
  vectors?: boolean;
  /**
   * Only the eigenpairs with these (0-based, inclusive) indices in ascending order,
   * `[il, iu]` with 0 ≤ il ≤ iu < n — scipy.linalg.eigh's `subset_by_index`. values then has
   * iu − il + 1 entries and vectors that many columns. For a few of many (the top k for a
   * truncated PCA: `[n − k, n − 1]`) this is much faster than the full decomposition.
   */
  subsetByIndex?: readonly [number, number];
}

/** `eigh`'s result: A = V·diag(values)·Vᵀ. */
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
 * Runs as one kernel call on the active backend (tridiagonalisation, then divide and conquer
 * or implicit QL/QR; with `subsetByIndex`, bisection and inverse iteration for those alone).
 * @throws ShapeError if A is not square; NonFiniteError on NaN/Inf; ConvergenceError past the
 *   cap; OptionError for a `subsetByIndex` that is not [il, iu] with 0 ≤ il ≤ iu < n.
 * @example eigh([[2, 1], [1, 2]]).values // Float64Array [1, 3]
 * @example eigh([[2, 1], [1, 2]], { subsetByIndex: [1, 1] }).values // Float64Array [3]
 */
export function eigh(a: MatrixLike, options: EighOptions = {}): EighResult {
  const pinned = callPinned(eigh, [a, options], 'eigh');
  if (pinned) return pinned.result as EighResult;
  options = optionsObject(options, 'eigh', ['vectors', 'subsetByIndex']);
  const m = asMatrix(a, 'eigh: A');
  assertSquare(m, 'eigh: A');
  const wantVectors = options.vectors === undefined ? true : options.vectors; // null is refused below, not defaulted
  if (typeof wantVectors !== 'boolean') throw new OptionError('vectors', 'a boolean', wantVectors);
  const n = m.rows;
  const subset = options.subsetByIndex === undefined ? undefined : indexRange(options.subsetByIndex, n);
  const work = lowerSymmetrised(m);
  const factor = conditionForKernel(work.data);
  if (subset) {
    const [il, iu] = subset;
    const k = iu - il + 1;
    const values = new Float64Array(k);
    const vectors = wantVectors ? new Matrix(n, k) : undefined;
    const info = kernelsFor('symEigRange', n * n * n).symEigRange(n, work.data, il, iu, values, vectors?.data ?? new Float64Array(0), wantVectors ? 1 : 0);
    if (info > 0) throw new ConvergenceError(`eigh: eigenpairs ${il}..${iu} of a ${n}×${n} matrix did not converge`, 30 * n);
    if (factor !== 1) for (let i = 0; i < k; i++) values[i] /= factor;
    if (vectors) fixColumnSigns(vectors);
    return vectors ? { values, vectors } : { values };
  }
  const values = new Float64Array(n);
  const vectors = wantVectors ? new Matrix(n, n) : undefined;
  const info = kernelsFor('symEig', n * n * n).symEig(n, work.data, values, vectors?.data ?? new Float64Array(0), wantVectors ? 1 : 0);
  if (info > 0) {
    throw new ConvergenceError(`eigh: eigenvalue ${info - 1} of a ${n}×${n} matrix did not converge within ${30 * n} QL/QR iterations`, 30 * n);
  }
  if (factor !== 1) for (let i = 0; i < n; i++) values[i] /= factor;
  if (vectors) fixColumnSigns(vectors);
  return vectors ? { values, vectors } : { values };
}

/** Checks `subsetByIndex`: a pair of integers 0 ≤ il ≤ iu < n. */
function indexRange(value: unknown, n: number): [number, number] {
  const ok =
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((x) => typeof x === 'number' && Number.isInteger(x)) &&
    0 <= value[0] &&
    value[0] <= value[1] &&
    value[1] < n;
  if (!ok) throw new OptionError('subsetByIndex', `a pair [il, iu] of integers with 0 ≤ il ≤ iu < ${n}`, value);
  return [value[0], value[1]];
}

/**
 * Brings the kernel's workspace (a fresh copy) into the range where every backend is accurate,
 * as LAPACK's dsyev does before its own work, and returns the factor applied (1: none). Entries
 * past 2^±480 are scaled by an exact power of two; then subnormal entries (below 2^-1022, now
 * under ε·max|A| by far, so within the eigensolver's error bound) are flushed to zero — the ts
 * kernel fails to converge on them (found by the API fuzz: a 4 × 4 with 4.4e-323 beside 8).
 */
function conditionForKernel(a: Float64Array): number {
  const factor = extremeScaleFor(a);
  for (let i = 0; i < a.length; i++) {
    const v = factor === 1 ? a[i] : a[i] * factor;
    a[i] = Math.abs(v) < 2 ** -1022 ? 0 : v;
  }
  return factor;
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
