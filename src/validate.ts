/**
 * Input checks shared by the facade. Each runs once per call, before any kernel, and throws
 * the typed errors of errors.ts with the argument's name in the message.
 */
import { NonFiniteError, OptionError, ShapeError, describeValue } from './errors.js';
import { Matrix, fromNested, type MatrixLike, type VectorLike } from './matrix.js';

/** A Matrix view of `x` (no copy when it already is one). */
export function asMatrix(x: MatrixLike, name: string): Matrix {
  if (!(x instanceof Matrix)) return fromNested(x, name);
  // The constructor checked these, but the fields are plain properties: a Matrix whose `rows`,
  // `cols` or `data` was reassigned afterwards (or whose resizable buffer shrank) must not let a
  // kernel read past its data or compute on a shape it does not hold. O(1).
  const { rows, cols, data } = x;
  if (!Number.isSafeInteger(rows) || rows < 0 || !Number.isSafeInteger(cols) || cols < 0 || !(data instanceof Float64Array) || data.length !== rows * cols) {
    throw new ShapeError(
      `${name}: a ${describeValue(rows)}×${describeValue(cols)} Matrix must hold rows·cols entries in a Float64Array; its data has ${data instanceof Float64Array ? data.length : describeValue(data)}`,
    );
  }
  return x;
}

/** True for the accepted vector forms (Float64Array or an array of numbers). */
export function isVectorLike(x: unknown): x is VectorLike {
  return x instanceof Float64Array || (Array.isArray(x) && (x.length === 0 || !isArrayLikeRow(x[0])));
}

function isArrayLikeRow(x: unknown): boolean {
  return Array.isArray(x) || ArrayBuffer.isView(x);
}

/** A Float64Array view of `x` (no copy when it already is one). */
export function asVector(x: VectorLike, name: string): Float64Array {
  if (x instanceof Float64Array) return x;
  if (!Array.isArray(x)) throw new ShapeError(`${name} must be a Float64Array or number[]; got ${describeValue(x)}`);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v: unknown = x[i];
    if (typeof v !== 'number') throw new NonFiniteError(`${name}: entry ${i} must be a number; got ${describeValue(v)}`, [i], v);
    out[i] = v;
  }
  return out;
}

/** Throws `NonFiniteError` at the first NaN/±Inf (for decompositions, solvers, fits). */
export function assertFinite(m: Matrix, name: string): void {
  const { data, cols } = m;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const r = cols === 0 ? 0 : Math.floor(i / cols);
      const c = cols === 0 ? 0 : i % cols;
      throw new NonFiniteError(`${name} must be finite; entry (${r}, ${c}) is ${data[i]}`, [r, c], data[i]);
    }
  }
}

/** Throws `ShapeError` unless `a` and `b` have the same shape. */
export function assertSameShape(a: Matrix, b: Matrix, op: string): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new ShapeError(`${op}: shapes differ, ${a.rows}×${a.cols} vs ${b.rows}×${b.cols}`, [a.shape, b.shape]);
  }
}

/** A finite number option (or its default when undefined). */
export function numberOption(value: unknown, name: string, fallback: number, check?: { min?: number; minExclusive?: boolean }): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new OptionError(name, 'a finite number', value);
  if (check?.min !== undefined) {
    const bad = check.minExclusive ? value <= check.min : value < check.min;
    if (bad) throw new OptionError(name, `${check.minExclusive ? '>' : '≥'} ${check.min}`, value);
  }
  return value;
}

/** A non-negative (or positive) integer option. */
export function integerOption(value: unknown, name: string, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new OptionError(name, `an integer ≥ ${min}`, value);
  }
  return value;
}

/**
 * The trailing options object (`{}` when undefined). `null`, arrays and primitives throw
 * `OptionError` here instead of a TypeError from reading a field of them later.
 */
export function optionsObject<T extends object>(value: T | undefined, fn: string, known?: readonly (keyof T & string)[]): T {
  if (value === undefined) return {} as T;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new OptionError(`${fn}: options`, 'an options object', value);
  }
  // A misspelt option (numpy's `full_matrices` for `full`) must not silently fall back to the
  // default: with `known` given, any other own key is refused.
  if (known) {
    for (const key of Object.keys(value)) {
      if (!(known as readonly string[]).includes(key)) {
        throw new OptionError(`${fn}: ${key}`, `unset (unknown option): ${fn} takes ${known.map((k) => `'${k}'`).join(', ')}`, (value as Record<string, unknown>)[key]);
      }
    }
  }
  return value;
}

/** A boolean option (or its default when undefined). */
export function booleanOption(value: unknown, name: string, fallback = false): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new OptionError(name, 'a boolean', value);
  return value;
}

/** A file path argument: a non-empty string (a number or undefined would reach node:fs as a TypeError). */
export function pathArgument(value: unknown, fn: string): string {
  if (typeof value !== 'string' || value === '') throw new OptionError(`${fn}: path`, 'a non-empty file path string', value);
  return value;
}
