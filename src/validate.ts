/**
 * Input checks shared by the facade. Each runs once per call, before any kernel, and throws
 * the typed errors of errors.ts with the argument's name in the message.
 */
import { NonFiniteError, OptionError, ShapeError, describeValue } from './errors.js';
import { Matrix, fromNested, type MatrixLike, type VectorLike } from './matrix.js';

/**
 * The intrinsic typed-array getters: a Float64Array's own (or subclassed) `length` can be
 * shadowed, and `instanceof` can be fooled by an object built on Float64Array.prototype; these
 * read the engine's internal slots, so a forged array is caught, not trusted.
 */
const TYPED_ARRAY_PROTO = Object.getPrototypeOf(Float64Array.prototype) as object;
const intrinsicLength = Object.getOwnPropertyDescriptor(TYPED_ARRAY_PROTO, 'length')!.get!;
const intrinsicTag = Object.getOwnPropertyDescriptor(TYPED_ARRAY_PROTO, Symbol.toStringTag)!.get!;

/**
 * The number of entries `x` really holds if it is a genuine Float64Array whose `length` reads
 * true (a resizable buffer shrunk under it reads its new, shorter length); undefined otherwise.
 */
export function float64Length(x: unknown): number | undefined {
  if (intrinsicTag.call(x) !== 'Float64Array') return undefined;
  const length = intrinsicLength.call(x) as number;
  return (x as Float64Array).length === length ? length : undefined;
}

/**
 * A Matrix view of `x` (no copy of the data). A given Matrix is never trusted: its `rows`,
 * `cols` and `data` are plain properties that may have been reassigned (or be getters), and a
 * resizable buffer may have shrunk since it was made. They are read once here, checked against
 * each other, and the caller gets a fresh Matrix holding those values, so no kernel computes on
 * a shape its data does not hold. O(1).
 */
export function asMatrix(x: MatrixLike, name: string): Matrix {
  if (!(x instanceof Matrix)) return fromNested(x, name);
  const { rows, cols, data } = x;
  const length = float64Length(data);
  if (!Number.isSafeInteger(rows) || rows < 0 || !Number.isSafeInteger(cols) || cols < 0 || length !== rows * cols) {
    throw new ShapeError(
      `${name}: a ${describeValue(rows)}×${describeValue(cols)} Matrix must hold rows·cols entries in a Float64Array; its data has ${length ?? describeValue(data)}`,
    );
  }
  return new Matrix(rows, cols, data);
}

/**
 * Largest Float64Array length the engine allows: 2³² in V8 (Node, Deno, Chrome, workerd).
 * A size past it is refused before allocating, not met with a RangeError from the engine.
 */
export const MAX_FLOAT64_LENGTH = 2 ** 32;

/**
 * Throws `ShapeError` unless a rows × cols block of float64 fits in one typed array. `what`
 * names the buffer in the message ('cov: the d × d covariance').
 */
export function assertAllocatable(rows: number, cols: number, what: string): void {
  const count = rows * cols;
  if (!(count <= MAX_FLOAT64_LENGTH)) {
    throw new ShapeError(
      `${what}: ${describeValue(rows)}×${describeValue(cols)} = ${describeValue(count)} entries is more than one Float64Array can hold (at most 2^32 = ${MAX_FLOAT64_LENGTH} entries, 32 GiB)`,
      [[rows, cols]],
    );
  }
}

/**
 * A zeroed Float64Array of rows × cols entries, refused with `ShapeError` when it cannot be
 * held (past the engine's length limit, or the engine could not find the memory).
 */
export function allocFloat64(rows: number, cols: number, what: string): Float64Array {
  assertAllocatable(rows, cols, what);
  try {
    return new Float64Array(rows * cols);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    throw new ShapeError(
      `${what}: ${rows}×${cols} entries (${formatBytes(rows * cols * 8)}) could not be allocated: the engine is out of memory (${err.message})`,
      [[rows, cols]],
    );
  }
}

/** Entries from which `allocFloat64Unfilled` skips the zeroing (below, it costs next to nothing). */
const UNFILLED_FROM = 1 << 16;

/**
 * As `allocFloat64`, but its contents are not zeroed where the runtime allows it (Node's
 * `Buffer.allocUnsafeSlow`; elsewhere it is zeroed): only for an output a kernel writes whole
 * before anyone reads it, such as gemm's C with beta = 0 and depth > 0. Zeroing 8 MB took
 * ~0.8 ms of a 26 ms 1024² product (numpy leaves its output unfilled too).
 */
export function allocFloat64Unfilled(rows: number, cols: number, what: string): Float64Array {
  const length = rows * cols;
  const unsafe = (globalThis as { Buffer?: { allocUnsafeSlow?(size: number): Uint8Array } }).Buffer?.allocUnsafeSlow;
  if (length < UNFILLED_FROM || typeof unsafe !== 'function') return allocFloat64(rows, cols, what);
  assertAllocatable(rows, cols, what);
  let bytes: Uint8Array;
  try {
    bytes = unsafe(length * 8);
  } catch {
    return allocFloat64(rows, cols, what); // the same limits and message as a zeroed one
  }
  return new Float64Array(bytes.buffer, bytes.byteOffset, length);
}

/** `bytes` as a short human figure (MiB/GiB). */
export function formatBytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/**
 * Throws `ShapeError` unless `m` is square; `name` is the argument ('eigh: A'), `size` an
 * optional hint at what it is ('d × d').
 */
export function assertSquare(m: Matrix, name: string, size?: string): void {
  if (m.rows !== m.cols) throw new ShapeError(`${name} must be square${size ? ` (${size})` : ''}; got ${m.rows}×${m.cols}`, [m.shape]);
}

/** Throws `ShapeError` unless `m` is square and not empty (a 0×0 has no eigenvalue, no pivot). */
export function assertSquareNonEmpty(m: Matrix, name: string, size?: string): void {
  if (m.rows !== m.cols || m.rows === 0) throw new ShapeError(`${name} must be square and non-empty${size ? ` (${size})` : ''}; got ${m.rows}×${m.cols}`, [m.shape]);
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
  if (x instanceof Float64Array) {
    if (float64Length(x) === undefined) throw new ShapeError(`${name}: a forged Float64Array (its length is not its own); got ${describeValue(x)}`);
    return x;
  }
  if (!Array.isArray(x)) throw new ShapeError(`${name} must be a Float64Array or number[]; got ${describeValue(x)}`);
  const out = allocFloat64(x.length, 1, name);
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
 * `OptionError` here instead of a TypeError from reading a field of them later. Every key not
 * in `known` is refused: a misspelt option (numpy's `n_components` for `components`) must not
 * silently fall back to the default.
 */
export function optionsObject<T extends object>(value: T | undefined, fn: string, known: readonly (keyof T & string)[]): T {
  if (value === undefined) return {} as T;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) {
    throw new OptionError(`${fn}: options`, 'an options object', value);
  }
  for (const key of Object.keys(value)) {
    if (!(known as readonly string[]).includes(key)) {
      throw new OptionError(`${fn}: ${key}`, '', (value as Record<string, unknown>)[key], known);
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
