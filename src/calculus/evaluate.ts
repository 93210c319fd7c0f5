/**
 * Calling user-supplied functions (objectives, gradients, Hessians, residuals) safely: each
 * call gets its own copy of the point, so a function that writes into its argument cannot
 * corrupt the caller's state, and each result is checked once, here, so every algorithm in
 * calculus/ reports a bad value the same way — a typed error naming the function and the
 * point where it happened.
 */
import { NonFiniteError, ShapeError, describeValue } from '../errors.js';
import { Matrix, type MatrixLike, type VectorLike } from '../matrix.js';

/** A point in R^n as the user functions receive it (a fresh copy on every call). */
export type Point = Float64Array;

/** `[1.5, -2]`-style rendering of a point for messages (at most 6 entries, 12 digits). */
export function formatPoint(x: ArrayLike<number>): string {
  const shown = Array.from({ length: Math.min(x.length, 6) }, (_, i) => String(Number(x[i].toPrecision(12))));
  return `[${shown.join(', ')}${x.length > 6 ? `, … (${x.length} entries)` : ''}]`;
}

/** f(x) for a scalar function; a non-number or NaN/±Inf result throws `NonFiniteError`. */
export function callScalar(f: (x: Point) => number, x: Float64Array, what: string): number {
  const v: unknown = f(x.slice());
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new NonFiniteError(`${what} returned ${describeValue(v)} at x = ${formatPoint(x)}; a finite number is needed`, [], v);
  }
  return v;
}

/**
 * f(x) for a vector function, as a fresh Float64Array. A number counts as a vector of length
 * 1. `length` (when given) is the length every call must return (`ShapeError` otherwise).
 */
export function callVector(f: (x: Point) => VectorLike | number, x: Float64Array, what: string, length?: number): Float64Array {
  const v: unknown = f(x.slice());
  let out: Float64Array;
  if (typeof v === 'number') out = Float64Array.of(v);
  else if (v instanceof Float64Array) out = v.slice();
  else if (Array.isArray(v)) {
    out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const e: unknown = v[i];
      if (typeof e !== 'number') {
        throw new NonFiniteError(`${what} returned a non-number at entry ${i} (${describeValue(e)}) at x = ${formatPoint(x)}`, [i], e);
      }
      out[i] = e;
    }
  } else {
    throw new ShapeError(`${what} must return a number, Float64Array or number[]; got ${describeValue(v)} at x = ${formatPoint(x)}`);
  }
  if (length !== undefined && out.length !== length) {
    throw new ShapeError(`${what} returned ${out.length} values at x = ${formatPoint(x)}; expected ${length}`, [[out.length], [length]]);
  }
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) {
      throw new NonFiniteError(`${what} returned ${out[i]} at entry ${i} at x = ${formatPoint(x)}; finite values are needed`, [i], out[i]);
    }
  }
  return out;
}

/** f(x) for a matrix function that must give an r × c finite matrix (a copy). */
export function callMatrix(f: (x: Point) => MatrixLike, x: Float64Array, what: string, rows: number, cols: number): Matrix {
  const v: unknown = f(x.slice());
  let m: Matrix;
  if (v instanceof Matrix) m = v.clone();
  else if (Array.isArray(v)) m = Matrix.from(v as number[][]);
  else throw new ShapeError(`${what} must return a Matrix or number[][]; got ${describeValue(v)} at x = ${formatPoint(x)}`);
  if (m.rows !== rows || m.cols !== cols) {
    throw new ShapeError(`${what} returned a ${m.rows}×${m.cols} matrix at x = ${formatPoint(x)}; expected ${rows}×${cols}`, [m.shape, [rows, cols]]);
  }
  for (let k = 0; k < m.data.length; k++) {
    if (!Number.isFinite(m.data[k])) {
      const [r, c] = [Math.floor(k / cols), k % cols];
      throw new NonFiniteError(`${what} returned ${m.data[k]} at entry (${r}, ${c}) at x = ${formatPoint(x)}`, [r, c], m.data[k]);
    }
  }
  return m;
}

/** A validated, finite copy of a starting point / evaluation point. */
export function pointArgument(x: unknown, what: string): Float64Array {
  let out: Float64Array;
  if (x instanceof Float64Array) out = x.slice();
  else if (Array.isArray(x)) {
    out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const e: unknown = x[i];
      if (typeof e !== 'number') throw new NonFiniteError(`${what}: entry ${i} must be a number; got ${describeValue(e)}`, [i], e);
      out[i] = e;
    }
  } else {
    throw new ShapeError(`${what} must be a Float64Array or number[]; got ${describeValue(x)}`);
  }
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) throw new NonFiniteError(`${what} must be finite; entry ${i} is ${out[i]}`, [i], out[i]);
  }
  return out;
}

/** Asserts `f` is callable (a clear TypeError-free message for `gradient(undefined, …)`). */
export function functionArgument(f: unknown, what: string): void {
  if (typeof f !== 'function') throw new ShapeError(`${what} must be a function; got ${describeValue(f)}`);
}
