/**
 * Typed errors. Every failure the library reports on purpose is an `MmlError`; messages say
 * what was expected and what was given, and the offending value travels as a field so callers
 * need not parse text.
 */

/** Base class of every error mmlkit throws on purpose. */
export class MmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Wrong shape: ragged rows, mismatched inner dimensions, non-square where square is needed. */
export class ShapeError extends MmlError {
  constructor(
    message: string,
    /** The shape(s) that were given, e.g. `[[2, 3], [4, 5]]` for a failed product. */
    readonly shapes: readonly (readonly number[])[] = [],
  ) {
    super(message);
  }
}

/** A non-number, NaN or ±Inf where the operation refuses them. */
export class NonFiniteError extends MmlError {
  constructor(
    message: string,
    /** Where the value was found: `[row, column]` or `[index]`. */
    readonly position: readonly number[] = [],
    readonly value: unknown = undefined,
  ) {
    super(message);
  }
}

/** A matrix that must be invertible is singular to working precision. */
export class SingularMatrixError extends MmlError {}

/** An iterative method hit its iteration cap before meeting its tolerance. */
export class ConvergenceError extends MmlError {
  constructor(
    message: string,
    readonly iterations: number = 0,
  ) {
    super(message);
  }
}

/** A backend was requested that cannot be used here; `reason` says why. */
export class BackendUnavailableError extends MmlError {
  constructor(
    readonly backend: string,
    readonly reason: string,
  ) {
    super(`backend '${backend}' is unavailable: ${reason}`);
  }
}

/** A bad option value (negative count, tolerance ≤ 0, unknown enum value). */
export class OptionError extends MmlError {
  constructor(
    readonly option: string,
    expected: string,
    readonly value: unknown,
  ) {
    super(`option '${option}' must be ${expected}; got ${describeValue(value)}`);
  }
}

/** Malformed input file; `line`/`column` are 1-based. */
export class ParseError extends MmlError {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${file}:${line}:${column}: ${message}`);
  }
}

/**
 * A serialised object (a `PcaModel` or `PcaAccumulator` JSON) that cannot be read back: wrong
 * format tag or version, a missing or mistyped field, lengths that disagree with the shape it
 * declares, non-finite numbers. `field` names the offending field.
 */
export class FormatError extends MmlError {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** Short, safe rendering of a user value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  return `a ${typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value}`;
}
