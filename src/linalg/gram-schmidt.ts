/**
 * Gram–Schmidt orthonormalisation of a set of basis vectors (the columns of A), with the
 * course's semantics: dependent columns stay in place as zero columns.
 */
import { callPinned, type BackendOption } from '../backend/registry.js';
import { OptionError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { asMatrix, assertFinite, numberOption, optionsObject } from '../validate.js';

export interface GramSchmidtOptions extends BackendOption {
  /**
   * A column whose remainder (after removing its components along the earlier basis vectors)
   * has 2-norm ≤ `tol` is dependent and becomes a zero column. Absolute, as in the course
   * (1e-14); scale your data or raise it for large or noisy entries. Must be > 0.
   */
  tol?: number;
  /**
   * Repeat the projection step once for a column that lost more than half its length to it
   * (default true). Without it (the course's plain algorithm) a column that is dependent up to
   * rounding but whose remainder exceeds tol comes out normalised yet far from orthogonal to
   * the earlier ones; with it the non-zero columns are orthonormal to working precision.
   * Results differ from the course's only at the rounding level otherwise.
   */
  reorthogonalize?: boolean;
}

/** `gramSchmidt`'s result. */
export interface GramSchmidtResult {
  /** Same shape as A: orthonormal columns, and zero columns where A's column was dependent. */
  basis: Matrix;
  /** The dimension of the span of A's columns: the (integer) count of non-zero columns. */
  dimension: number;
}

/**
 * Modified Gram–Schmidt on the columns of A (m × n → m × n). Each column has its projection
 * on every earlier (already orthonormalised) column removed, one at a time, using the updated
 * column each time; a remainder of norm > tol is normalised, anything else becomes zero in
 * place, so dependent vectors keep their position and vectors beyond the dimension of the
 * space come out zero. A is not mutated; non-finite entries throw `NonFiniteError`.
 *
 * `tol` is absolute, as in the course: for entries far from order 1, scale it with the data.
 * Rounding leaves a dependent column a remainder of about ε·‖column‖, so a relevant tol is
 * well above that and below the smallest genuine remainder. For a factorisation rather than
 * a basis with zero columns, use `qr` (Householder), which never needs a rank decision.
 * @throws ShapeError when A is not a matrix; NonFiniteError at a NaN/±Inf; OptionError for a bad
 *   `tol`.
 * @example gramSchmidt([[1, 0, 2], [0, 1, -3], [1, 0, 2]]).dimension // 2
 * @example gramSchmidt([[3, 0], [4, 0]]).basis.toArray() // [[0.6, 0], [0.8, 0]]
 */
export function gramSchmidt(A: MatrixLike, options: GramSchmidtOptions = {}): GramSchmidtResult {
  const pinned = callPinned(gramSchmidt, [A, options], 'gramSchmidt');
  if (pinned) return pinned.result as GramSchmidtResult;
  options = optionsObject(options, 'gramSchmidt', ['tol', 'reorthogonalize']);
  const a = asMatrix(A, 'gramSchmidt: A');
  assertFinite(a, 'gramSchmidt: A');
  const tol = numberOption(options.tol, 'tol', 1e-14, { min: 0, minExclusive: true });
  const reorthogonalize = options.reorthogonalize === undefined ? true : options.reorthogonalize; // null is refused below, not defaulted
  if (typeof reorthogonalize !== 'boolean') throw new OptionError('reorthogonalize', 'a boolean', reorthogonalize);
  const { rows: m, cols: n } = a;

  // Work on a column-major copy: every operation below walks down one column.
  const w = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) w[j * m + i] = a.data[i * n + j];

  let dimension = 0;
  for (let i = 0; i < n; i++) {
    const ci = i * m;
    const before = columnNorm(w, ci, m);
    removeProjections(w, m, i);
    let len = columnNorm(w, ci, m);
    // Kahan–Parlett / DGKS: heavy cancellation leaves the remainder polluted by rounding along
    // the earlier vectors; one more pass restores orthogonality to working precision.
    if (reorthogonalize && len > 0 && len < 0.5 * before) {
      removeProjections(w, m, i);
      len = columnNorm(w, ci, m);
    }
    if (len > tol) {
      for (let k = 0; k < m; k++) w[ci + k] /= len;
      dimension++;
    } else {
      w.fill(0, ci, ci + m);
    }
  }

  const basis = new Matrix(m, n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) basis.data[i * n + j] = w[j * m + i];
  return { basis, dimension };
}

/** Modified GS step: column i (of the column-major m-row w) loses its components along columns 0..i−1, one at a time. */
function removeProjections(w: Float64Array, m: number, i: number): void {
  const ci = i * m;
  for (let j = 0; j < i; j++) {
    const cj = j * m;
    let p = 0;
    for (let k = 0; k < m; k++) p += w[ci + k] * w[cj + k];
    if (p !== 0) for (let k = 0; k < m; k++) w[ci + k] -= p * w[cj + k];
  }
}

/** 2-norm of w[off .. off+len), rescaled only when the plain sum of squares over/underflows. */
function columnNorm(w: Float64Array, off: number, len: number): number {
  let s = 0;
  for (let k = 0; k < len; k++) s += w[off + k] * w[off + k];
  if (s > 1e-280 && s < Infinity) return Math.sqrt(s);
  let big = 0;
  for (let k = 0; k < len; k++) big = Math.max(big, Math.abs(w[off + k]));
  if (big === 0) return 0;
  s = 0;
  for (let k = 0; k < len; k++) {
    const r = w[off + k] / big;
    s += r * r;
  }
  return big * Math.sqrt(s);
}
