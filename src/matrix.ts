/**
 * The `Matrix` type: a row-major `Float64Array` with its shape. Wrapping a buffer never
 * copies, so data moves between mmlkit, WebAssembly memory and other libraries for free.
 */
import { NonFiniteError, ShapeError, describeValue } from './errors.js';
// A cycle (validate.ts imports Matrix), harmless: neither module calls the other at load time.
import { allocFloat64, float64Length } from './validate.js';
import { formatMatrix } from './matrix-format.js';

/** Anything a function accepts where it takes a matrix. */
export type MatrixLike = Matrix | readonly (ArrayLike<number>)[];
/** Anything a function accepts where it takes a vector. */
export type VectorLike = Float64Array | readonly number[];

/**
 * A dense m×n matrix of float64: `rows`, `cols` and the row-major `data` (entry (i, j) at
 * `data[i * cols + j]`). Every function that takes a matrix also takes nested arrays
 * ({@link MatrixLike}); results come back as `Matrix`. `String(m)` and `console.log(m)` show the
 * values numpy-style, elided when large.
 * @throws the constructor ShapeError when rows or cols is not a non-negative integer or `data`
 *   does not hold rows·cols entries; `from` ShapeError for ragged rows or a non-array,
 *   NonFiniteError for an entry that is not a number (NaN and ±Infinity are numbers: they are kept).
 * @example
 * const a = new Matrix(2, 2, Float64Array.of(1, 2, 3, 4));
 * a.get(1, 0); // 3
 * a.shape; // [2, 2]
 * Matrix.from([[1, 2], [3, 4]]).toArray(); // [[1, 2], [3, 4]]
 */
export class Matrix {
  /** Number of rows (m). */
  readonly rows: number;
  /** Number of columns (n). */
  readonly cols: number;
  /** Row-major entries: element (i, j) is `data[i * cols + j]`. */
  readonly data: Float64Array;

  /**
   * Wraps `data` (row-major, length rows·cols) without copying; zeros when `data` is omitted.
   * @example new Matrix(2, 2, new Float64Array([1, 2, 3, 4])) // [[1, 2], [3, 4]]
   */
  constructor(rows: number, cols: number, data?: Float64Array) {
    checkDim(rows, 'rows');
    checkDim(cols, 'cols');
    if (data === undefined) {
      data = allocFloat64(rows, cols, 'new Matrix');
    } else if (float64Length(data) === undefined) {
      throw new ShapeError(`Matrix data must be a Float64Array; got ${describeValue(data)}`);
    } else if (data.length !== rows * cols) {
      throw new ShapeError(
        `Matrix data has ${data.length} entries; a ${rows}×${cols} matrix needs ${rows * cols}`,
        [[rows, cols], [data.length]],
      );
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data;
  }

  /**
   * A new matrix copied from nested arrays or another matrix (the copy is never shared).
   * @example Matrix.from([[1, 2], [3, 4]]).get(1, 0) // 3
   */
  static from(source: MatrixLike): Matrix {
    if (source instanceof Matrix) return new Matrix(source.rows, source.cols, source.data.slice());
    return fromNested(source, 'matrix');
  }

  /** `[rows, cols]`, as numpy's `shape`. */
  get shape(): [number, number] {
    return [this.rows, this.cols];
  }

  /**
   * Element (i, j), zero-based.
   * @throws ShapeError when i or j is not an integer inside the shape (as numpy's IndexError;
   *   negative indices are not wrapped).
   */
  get(i: number, j: number): number {
    if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 || i >= this.rows || j >= this.cols) {
      throw new ShapeError(`Matrix.get: index (${describeValue(i)}, ${describeValue(j)}) is outside the ${this.rows}×${this.cols} matrix (integers 0 ≤ i < ${this.rows}, 0 ≤ j < ${this.cols})`);
    }
    return this.data[i * this.cols + j];
  }

  /** The entries as nested arrays, rows outermost. */
  toArray(): number[][] {
    const out: number[][] = new Array(this.rows);
    for (let i = 0; i < this.rows; i++) out[i] = Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols));
    return out;
  }

  /** A deep copy. */
  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  /**
   * The shape and the values, laid out as numpy prints an array (aligned columns, at most 8
   * decimals; past 1000 entries the first and last 3 rows and columns around `...`).
   * `console.log(m)` in Node and Deno prints the same.
   * @example String(matrix([[1, 2.5], [3, 4]])) // 'Matrix(2×2)\n[[1  , 2.5],\n [3  , 4  ]]' (aligned on the decimal point)
   */
  toString(): string {
    const { rows, cols, data } = this;
    if (float64Length(data) !== rows * cols) return `Matrix(${describeValue(rows)}×${describeValue(cols)}) with ${describeValue(data)} of another length`;
    return formatMatrix(rows, cols, data);
  }
}

// util.inspect (console.log in Node; Deno honours the same symbol) prints toString's text
// instead of the fields. Defined off the class so the declarations carry no Node-specific key.
Object.defineProperty(Matrix.prototype, Symbol.for('nodejs.util.inspect.custom'), {
  value(this: Matrix): string {
    return this.toString();
  },
});

/**
 * Builds a matrix from rows given as arrays (copied). Ragged rows give a `ShapeError`;
 * non-numbers a `NonFiniteError` naming the position. NaN and ±Inf are kept (IEEE policy).
 * @example matrix([[1, 2, 3], [4, 5, 6]]).shape // [2, 3]
 */
export function matrix(rows: readonly ArrayLike<number>[]): Matrix {
  return fromNested(rows, 'matrix');
}

/**
 * An r × c matrix of zeros.
 * @throws ShapeError when r or c is not a non-negative integer.
 * @example zeros(2, 3).data.length // 6
 */
export function zeros(rows: number, cols: number): Matrix {
  checkDim(rows, 'rows');
  checkDim(cols, 'cols');
  return new Matrix(rows, cols, allocFloat64(rows, cols, 'zeros'));
}

/**
 * The n × n identity.
 * @throws ShapeError when n is not a non-negative integer.
 * @example eye(2).toArray() // [[1, 0], [0, 1]]
 */
export function eye(n: number): Matrix {
  checkDim(n, 'n');
  const m = new Matrix(n, n, allocFloat64(n, n, 'eye'));
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/** Converts a nested array, validating shape and element types. `what` names it in errors. */
export function fromNested(rows: unknown, what: string): Matrix {
  if (!Array.isArray(rows)) {
    if (isTable(rows)) {
      throw new ShapeError(
        `${what} must be a Matrix or an array of rows; got an object holding one in .data (readCsv's result?): pass its .data${Array.isArray(rows.labels) ? ', and its .labels where labels are taken' : ''}`,
      );
    }
    throw new ShapeError(`${what} must be a Matrix or an array of rows; got ${describeValue(rows)}`);
  }
  const r = rows.length;
  const first: unknown = rows[0];
  if (r > 0 && !isRow(first)) {
    throw new ShapeError(`${what}: row 0 must be an array of numbers; got ${describeValue(first)}`);
  }
  const c = r === 0 ? 0 : (first as ArrayLike<number>).length;
  const data = allocFloat64(r, c, what);
  for (let i = 0; i < r; i++) {
    const row: unknown = rows[i];
    if (!isRow(row)) throw new ShapeError(`${what}: row ${i} must be an array of numbers; got ${describeValue(row)}`);
    if (row.length !== c) {
      throw new ShapeError(`${what}: row ${i} has ${row.length} entries but row 0 has ${c} (ragged rows)`, [[i, row.length], [0, c]]);
    }
    for (let j = 0; j < c; j++) {
      const v: unknown = row[j];
      if (typeof v !== 'number') {
        throw new NonFiniteError(`${what}: entry (${i}, ${j}) must be a number; got ${describeValue(v)}`, [i, j], v);
      }
      data[i * c + j] = v;
    }
  }
  return new Matrix(r, c, data);
}

/** readCsv's result and the like: `{ data: Matrix, … }`, a common first argument by mistake. */
function isTable(x: unknown): x is { data: Matrix; labels?: unknown } {
  return typeof x === 'object' && x !== null && (x as { data?: unknown }).data instanceof Matrix;
}

function isRow(x: unknown): x is ArrayLike<number> {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

function checkDim(value: unknown, name: string): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ShapeError(`Matrix ${name} must be a non-negative integer; got ${describeValue(value)}`);
  }
}
