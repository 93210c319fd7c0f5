/**
 * Typed errors. Every failure the library reports on purpose is an `MmlError`; messages say
 * what was expected and what was given, and the offending value travels as a field so callers
 * need not parse text.
 */

/** Base class of every error mmlkit throws on purpose. */
export class MmlError extends Error {
  constructor(message: string) {
    // String(): a message of another type (a Symbol, say) must not turn into a TypeError here.
    super(typeof message === 'string' ? message : String(message));
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
    super(`backend '${String(backend)}' is unavailable: ${String(reason)}`);
  }
}

/**
 * A bad option value (negative count, tolerance ≤ 0, unknown enum value) or an option name the
 * function does not know.
 *
 * Naming rule: `option` is the option exactly as the caller wrote it — a key of the trailing
 * options object (`'components'`, `'tol'`), a path into it for a nested value (`'bounds[1]'`,
 * `'h[0]'`), `'options'` for the options object itself, or the name of a count/size argument
 * (`'k'`, `'n'`) or environment variable (`'MMLKIT_BACKEND'`). It never carries the function's
 * name: that is `fn` (`'svd'`, `'PcaAccumulator.finish'`). The message names both, qualified
 * as `'fn: option'` (`option 'svd: full' must be a boolean; got 1`). Throwers pass that
 * qualified name; the constructor splits it.
 */
export class OptionError extends MmlError {
  readonly option: string;
  /** The function that refused the option (undefined when no function applies). */
  readonly fn: string | undefined;
  /** For an unknown option name: the names the function does take. */
  readonly known: readonly string[] | undefined;

  constructor(
    option: string,
    expected: string,
    readonly value: unknown,
    /** Given for an unknown option name: the options that exist. */
    known?: readonly string[],
  ) {
    option = String(option);
    if (known !== undefined && !Array.isArray(known)) known = [String(known)];
    const split = option.indexOf(': ');
    const fn = split < 0 ? undefined : option.slice(0, split);
    const key = split < 0 ? option : option.slice(split + 2);
    super(
      known
        ? `unknown option '${option}' (got ${describeValue(value)}); ${fn ?? 'it'} takes ${known.length === 0 ? 'no options' : known.map((k) => `'${String(k)}'`).join(', ')}`
        : `option '${option}' must be ${String(expected)}; got ${describeValue(value)}`,
    );
    this.option = key;
    this.fn = fn;
    this.known = known;
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
    super(`${String(file)}:${String(line)}:${String(column)}: ${String(message)}`);
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

/**
 * A shard part (`mmlkit pca --shard i/n --emit`) that does not belong with the parts merged
 * before it: another format version, other inputs, columns, options or shard count, a shard
 * seen twice, or shards missing at the end. `part` names the part (its file), `field` what differs.
 */
export class PartMismatchError extends FormatError {
  constructor(
    message: string,
    field: string,
    readonly part: string,
  ) {
    super(message, field);
  }
}

/**
 * A file that cannot be read or written as asked: missing, a directory, a FIFO or device (only
 * regular files are read: a FIFO would block forever), no permission. `code` is the system's
 * (ENOENT, EISDIR, EACCES, …) or ENOTREG for a path that exists but is not a regular file.
 */
export class FileError extends MmlError {
  constructor(
    message: string,
    readonly file: string,
    readonly code: string,
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

/**
 * A `Pool` could not take or finish a call: `code` is 'closed' (the pool was closed before the
 * call ran), 'queue-full' (more than `maxQueue` calls waiting; `limit` says how many),
 * 'worker-exited' (the worker thread running the call died, e.g. out of memory) or
 * 'unsupported' (this platform has no workers to run a pool on).
 */
export class PoolError extends MmlError {
  constructor(
    message: string,
    readonly code: 'closed' | 'queue-full' | 'worker-exited' | 'unsupported',
    readonly limit?: number,
  ) {
    super(message);
  }
}
