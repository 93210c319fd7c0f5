import { ShapeError, describeValue } from '../errors.js';
import { Matrix, type MatrixLike, type VectorLike } from '../matrix.js';
import { asMatrix, asVector, assertSameShape, isVectorLike } from '../validate.js';

/**
 * Element-wise A + B (matrices of one shape, or vectors of one length). NaN propagates.
 * @throws ShapeError when the shapes differ, or a vector meets a matrix.
 * @example add([[1, 2]], [[10, 20]]).toArray() // [[11, 22]]
 */
export function add(a: MatrixLike, b: MatrixLike): Matrix;
export function add(a: VectorLike, b: VectorLike): Float64Array;
export function add(a: MatrixLike | VectorLike, b: MatrixLike | VectorLike): Matrix | Float64Array {
  return combine(a, b, 'add', (x, y) => x + y);
}

/**
 * Element-wise A − B (matrices of one shape, or vectors of one length). NaN propagates.
 * @throws ShapeError when the shapes differ, or a vector meets a matrix.
 * @example sub([1, 2], [1, 1]) // Float64Array [0, 1]
 */
export function sub(a: MatrixLike, b: MatrixLike): Matrix;
export function sub(a: VectorLike, b: VectorLike): Float64Array;
export function sub(a: MatrixLike | VectorLike, b: MatrixLike | VectorLike): Matrix | Float64Array {
  return combine(a, b, 'sub', (x, y) => x - y);
}

/**
 * s · A for a matrix or a vector.
 * @throws ShapeError when `s` is not a number or A not a matrix or vector (NaN as `s` propagates).
 * @example scale([[1, 2]], 3).toArray() // [[3, 6]]
 */
export function scale(a: MatrixLike, s: number): Matrix;
export function scale(a: VectorLike, s: number): Float64Array;
export function scale(a: MatrixLike | VectorLike, s: number): Matrix | Float64Array {
  if (typeof s !== 'number') throw new ShapeError(`scale: factor must be a number; got ${describeValue(s)}`);
  if (isVectorLike(a)) return asVector(a, 'scale: v').map((x) => x * s);
  const m = asMatrix(a, 'scale: A');
  return new Matrix(m.rows, m.cols, m.data.map((x) => x * s));
}

function combine(
  a: MatrixLike | VectorLike,
  b: MatrixLike | VectorLike,
  op: string,
  f: (x: number, y: number) => number,
): Matrix | Float64Array {
  const aVec = isVectorLike(a);
  if (aVec !== isVectorLike(b)) throw new ShapeError(`${op}: cannot combine a vector with a matrix`);
  if (aVec) {
    const u = asVector(a, `${op}: u`);
    const v = asVector(b as VectorLike, `${op}: v`);
    if (u.length !== v.length) throw new ShapeError(`${op}: lengths differ, ${u.length} vs ${v.length}`, [[u.length], [v.length]]);
    return u.map((x, i) => f(x, v[i]));
  }
  const x = asMatrix(a as MatrixLike, `${op}: A`);
  const y = asMatrix(b as MatrixLike, `${op}: B`);
  assertSameShape(x, y, op);
  const out = new Float64Array(x.data.length);
  for (let i = 0; i < out.length; i++) out[i] = f(x.data[i], y.data[i]);
  return new Matrix(x.rows, x.cols, out);
}
