/**
 * Reflections in a mirror given by basis vectors, and applying a transformation to point
 * lists (the "Reflecting Bear" assignment, generalised to n dimensions).
 */
import { callPinned, type BackendOption } from '../backend/registry.js';
import { ShapeError, SingularMatrixError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { asMatrix, assertFinite, assertSquareNonEmpty, numberOption, optionsObject } from '../validate.js';
import { gramSchmidt } from './gram-schmidt.js';
import { multiply } from './matmul.js';

export interface ReflectionOptions extends BackendOption {
  /**
   * Degeneracy threshold, relative: the basis is refused when some column, scaled to unit
   * length, keeps a component of norm ≤ `tol` outside the span of the earlier columns
   * (i.e. it is within about `tol` radians of that span). Must be > 0.
   */
  tol?: number;
}

/**
 * The n × n reflection in the mirror spanned by all but the last Gram–Schmidt vector of
 * `basis` (n × n, basis vectors as columns; in 2-D the mirror is the first vector's line).
 * This is E · diag(1, …, 1, −1) · E⁻¹ with E = gramSchmidt(basis).basis; as E is orthonormal,
 * E⁻¹ = Eᵀ and the product equals I − 2uuᵀ (u = E's last column), which is how it is
 * formed: exactly symmetric, T² = I and det T = −1 to rounding. u is re-orthogonalised
 * once against the mirror ("twice is enough") so ill-conditioned bases still give a true
 * reflection. A degenerate basis (dependent columns) throws `SingularMatrixError` naming
 * the column; a non-square one `ShapeError`; non-finite entries `NonFiniteError`.
 * @example reflectionMatrix([[1, 0], [0, 1]]).toArray() // [[1, 0], [0, -1]] (mirror: the x-axis)
 * @example reflectionMatrix([[1, -1], [1.5, 2]]) // the course's mirror, along (1, 1.5)
 */
export function reflectionMatrix(basis: MatrixLike, options: ReflectionOptions = {}): Matrix {
  const pinned = callPinned(reflectionMatrix, [basis, options], 'reflectionMatrix');
  if (pinned) return pinned.result as Matrix;
  options = optionsObject(options, 'reflectionMatrix', ['tol']);
  const b = asMatrix(basis, 'reflectionMatrix: basis');
  const n = b.rows;
  assertSquareNonEmpty(b, 'reflectionMatrix: basis', 'n vectors of length n, as columns');
  assertFinite(b, 'reflectionMatrix: basis');
  const tol = numberOption(options.tol, 'tol', 1e-10, { min: 0, minExclusive: true });

  // Unit columns make the threshold relative; scaling a column changes neither spans nor mirror.
  const unit = b.clone();
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s = Math.hypot(s, b.data[i * n + j]);
    if (s === 0) throw degenerate(j, 'is zero');
    for (let i = 0; i < n; i++) unit.data[i * n + j] /= s;
  }
  const { basis: e, dimension } = gramSchmidt(unit, { tol });
  if (dimension < n) {
    let j = 0;
    while (j < n && colNorm(e, j) > 0) j++;
    throw degenerate(j, 'lies in the span of the earlier columns (to tol)');
  }

  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) u[i] = e.data[i * n + n - 1];
  for (let j = 0; j < n - 1; j++) {
    let p = 0;
    for (let i = 0; i < n; i++) p += u[i] * e.data[i * n + j];
    for (let i = 0; i < n; i++) u[i] -= p * e.data[i * n + j];
  }
  let len = 0;
  for (let i = 0; i < n; i++) len = Math.hypot(len, u[i]);
  for (let i = 0; i < n; i++) u[i] /= len;

  const t = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) t.data[i * n + j] = (i === j ? 1 : 0) - 2 * u[i] * u[j];
  }
  return t;

  function degenerate(j: number, what: string): SingularMatrixError {
    return new SingularMatrixError(
      `reflectionMatrix: the basis is degenerate: column ${j} ${what}; ` +
        `a mirror needs ${n} linearly independent columns`,
    );
  }
}

function colNorm(m: Matrix, j: number): number {
  let s = 0;
  for (let i = 0; i < m.rows; i++) s += m.data[i * m.cols + j] ** 2;
  return Math.sqrt(s);
}

/**
 * Applies T (m × d) to points stored as the columns of P (d × N) → m × N, i.e. T · P.
 * Point lists use NaN columns as separators between pieces of a drawing; any column that
 * contains a NaN comes out as an all-NaN column (what numpy's `T @ P` gives that column,
 * since NaN · 0 is NaN), so separators pass straight through whatever the backend. Other
 * values, ±Inf included, follow IEEE arithmetic.
 * @throws ShapeError when P does not have one row per column of T.
 * @example transformPoints([[0, 1], [1, 0]], [[1, NaN, 3], [2, NaN, 4]]).toArray()
 *   // [[2, NaN, 4], [1, NaN, 3]]
 */
export function transformPoints(T: MatrixLike, P: MatrixLike, options: BackendOption = {}): Matrix {
  const pinned = callPinned(transformPoints, [T, P, options], 'transformPoints');
  if (pinned) return pinned.result as Matrix;
  optionsObject(options, 'transformPoints', []);
  const t = asMatrix(T, 'transformPoints: T');
  const p = asMatrix(P, 'transformPoints: P');
  if (t.cols !== p.rows) {
    throw new ShapeError(
      `transformPoints: T is ${t.rows}×${t.cols} and P is ${p.rows}×${p.cols}; ` +
        `points are P's columns, so P needs ${t.cols} rows (one per coordinate)`,
      [t.shape, p.shape],
    );
  }
  const out = multiply(t, p);
  const { rows: d, cols: count } = p;
  for (let j = 0; j < count; j++) {
    let gap = false;
    for (let i = 0; i < d && !gap; i++) gap = Number.isNaN(p.data[i * count + j]);
    if (gap) for (let i = 0; i < out.rows; i++) out.data[i * count + j] = NaN;
  }
  return out;
}
