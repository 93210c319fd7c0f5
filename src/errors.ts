/**
 * Typed errors. Every failure the library reports on purpose is an `MmlError`; messages say
 * what was expected and what was given, and the offending value travels as a field so callers
 * need not parse text.
 */

/**
 * Base class of every error mmlkit throws on purpose: catch this one to tell the library's
 * refusals (bad shapes, NaN, singular matrices, bad options, bad files) from bugs. `name` is
 * the subclass's name.
 * @example
 * try {
 *   inv([[1, 2], [2, 4]]);
 * } catch (e) {
 *   if (e instanceof MmlError) console.log(e.name); // 'SingularMatrixError'
 * }
 */
export class MmlError extends Error {
  /**
   * mmlkit throws these; make one yourself to report a refusal the same way.
   * @param message what was expected and what was given.
   */
  constructor(message: string) {
    // String(): a message of another type (a Symbol, say) must not turn into a TypeError here.
    super(typeof message === 'string' ? message : String(message));
    this.name = new.target.name;
  }
}

/**
 * Wrong shape: ragged rows, mismatched inner dimensions, non-square where square is needed.
 * @example
 * try {
 *   matmul([[1, 2, 3]], [[1, 2]]);
 * } catch (e) {
 *   // e.message: "matmul: A is 1×3 and B is 1×2; A's columns must equal B's rows (3 ≠ 1)"
 *   if (e instanceof ShapeError) console.log(e.shapes); // [[1, 3], [1, 2]]
 * }
 */
export class ShapeError extends MmlError {
  /**
   * mmlkit throws these; make one yourself to report a refusal the same way.
   * @param message what was expected and what was given.
   * @param shapes the shapes given, `[rows, cols]` or `[length]` each.
   */
  constructor(
    message: string,
    /** The shape(s) that were given, e.g. `[[2, 3], [4, 5]]` for a failed product. */
    readonly shapes: readonly (readonly number[])[] = [],
  ) {
    super(message);
  }
}

/**
 * A non-number, NaN or ±Inf where the operation refuses them.
 * @example
 * try {
 *   inv([[1, NaN], [0, 1]]);
 * } catch (e) {
 *   // e.message: 'inv: A must be finite; entry (0, 1) is NaN'
 *   if (e instanceof NonFiniteError) console.log(e.position); // [0, 1]
 * }
 */
export class NonFiniteError extends MmlError {
  /**
   * mmlkit throws these; make one yourself to report a refusal the same way.
   * @param message what was refused and where.
   * @param position where the value was found.
   * @param value the offending value.
   */
  constructor(
    message: string,
    /** Where the value was found: `[row, column]` or `[index]`. */
    readonly position: readonly number[] = [],
    /** The offending value (NaN, ±Infinity, or whatever non-number was given). */
    readonly value: unknown = undefined,
  ) {
    super(message);
  }
}

/**
 * A matrix that must be invertible is singular to working precision (`inv`, `solve`), or one
 * that must be positive definite is not (`cholesky`).
 * @example
 * try {
 *   solve([[1, 2], [2, 4]], [1, 1]);
 * } catch (e) {
 *   // e.message: 'solve: A (2×2) is singular: pivot 1 of its LU factorisation (partial pivoting) is exactly 0'
 *   if (e instanceof SingularMatrixError) x = leastSquares([[1, 2], [2, 4]], [1, 1]);
 * }
 */
export class SingularMatrixError extends MmlError {}

/**
 * An iterative method could not finish: the QR/QL iterations of `eig`, `eigh` or `svd` hit
 * their cap (LAPACK's `info > 0`), or `newtonRaphson` met a zero derivative. Methods that can
 * simply stop early (`powerIteration`, `pageRank`, `descend`) return `converged: false` instead.
 * @example
 * try {
 *   newtonRaphson((x) => x * x + 1, (x) => 2 * x, 0);
 * } catch (e) {
 *   // e.message: "newtonRaphson: f'(x) = 0 at x = [0] after 0 iterations; Newton's step is undefined there (start elsewhere)"
 *   if (e instanceof ConvergenceError) console.log(e.iterations); // 0
 * }
 */
export class ConvergenceError extends MmlError {
  /**
   * mmlkit throws these; make one yourself to report a refusal the same way.
   * @param message what did not converge.
   * @param iterations iterations done before giving up.
   */
  constructor(
    message: string,
    /** Iterations done before giving up. */
    readonly iterations: number = 0,
  ) {
    super(message);
  }
}

/**
 * A backend was requested that cannot be used here (`setBackend`, `withBackend`, a
 * `{ backend }` option, `MMLKIT_BACKEND`); `reason` says why and what to run.
 * @example
 * try {
 *   setBackend('native');
 * } catch (e) {
 *   // with no addon: "backend 'native' is unavailable: no prebuilt addon for linux-x64 …"
 *   if (e instanceof BackendUnavailableError) setBackend('auto');
 * }
 */
export class BackendUnavailableError extends MmlError {
  /**
   * mmlkit throws these; make one yourself to report a refusal the same way.
   * @param backend the backend asked for.
   * @param reason why it cannot be used.
   */
  constructor(
    /** The backend asked for: 'native', 'wasm' or 'ts'. */
    readonly backend: string,
    /** Why it cannot be used (load error, missing build) and what fixes it. */
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
 * @example
 * try {
 *   svd([[1, 2]], { full: 1 });
 * } catch (e) {
 *   // e.message: "option 'svd: full' must be a boolean; got 1"
 *   if (e instanceof OptionError) console.log(e.fn, e.option, e.value); // 'svd' 'full' 1
 * }
 */
export class OptionError extends MmlError {
  /** The option as the caller wrote it, without the function's name (`'full'`, `'bounds[1]'`). */
  readonly option: string;
  /** The function that refused the option (undefined when no function applies). */
  readonly fn: string | undefined;
  /** For an unknown option name: the names the function does take. */
  readonly known: readonly string[] | undefined;

  /**
   * mmlkit throws these; make one yourself to report a refusal the same way.
   * @param option `'fn: option'`, or the option alone when no function applies.
   * @param expected what the value must be ("a boolean", "an integer ≥ 1").
   * @param value the value given.
   * @param known for an unknown option name: the options that exist.
   */
  constructor(
    option: string,
    expected: string,
    /** The value given. */
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

/**
 * Malformed input file (CSV, npy); `line`/`column` are 1-based and the message starts with
 * `file:line:column`.
 * @example
 * // bad.csv holds "a,b\n1,2\n3,x\n"
 * try {
 *   readCsv('bad.csv');
 * } catch (e) {
 *   // e.message: 'bad.csv:3:3: not a number in field 2: "x"'
 *   if (e instanceof ParseError) console.log(e.line, e.column); // 3 3
 * }
 */
export class ParseError extends MmlError {
  /**
   * mmlkit throws these; make one yourself to report a refusal the same way.
   * @param message what is wrong there.
   * @param file the file's path as given.
   * @param line 1-based line.
   * @param column 1-based column.
   */
  constructor(
    message: string,
    /** The file's path as the caller gave it. */
    readonly file: string,
    /** 1-based line of the fault. */
    readonly line: number,
    /** 1-based column of the fault. */
    readonly column: number,
  ) {
    super(`${String(file)}:${String(line)}:${String(column)}: ${String(message)}`);
  }
}

/**
 * A serialised object (a `PcaModel` or `PcaAccumulator` JSON) that cannot be read back: wrong
 * format tag or version, a missing or mistyped field, lengths that disagree with the shape it
 * declares, non-finite numbers. `field` names the offending field.
 * @example
 * try {
 *   PcaModel.fromJSON({ format: 'x' });
 * } catch (e) {
 *   // e.message: 'PcaModel.fromJSON: format must be "mmlkit-pca-model"; got "x"'
 *   if (e instanceof FormatError) console.log(e.field); // 'format'
 * }
 */
export class FormatError extends MmlError {
  /**
   * mmlkit throws these; make one yourself to report a refusal the same way.
   * @param message what is wrong with the field.
   * @param field the offending field.
   */
  constructor(
    message: string,
    /** The offending field (`'format'`, `'mean'`, `'components[2]'` …). */
    readonly field: string,
  ) {
    super(message);
  }
}

/**
 * A shard part (`mmlkit pca --shard i/n --emit`) that does not belong with the parts merged
 * before it: another format version, other inputs, columns, options or shard count, a shard
 * seen twice, or shards missing at the end. `part` names the part (its file), `field` what differs.
 * @example
 * // merging shard 0 of 2 twice (mmlkit pca --merge p0.json again.json):
 * // e.message: 'again.json is shard 0/2 again (already merged from p0.json)'
 * if (e instanceof PartMismatchError) console.error(e.part, e.field); // 'again.json' 'shard.index'
 */
export class PartMismatchError extends FormatError {
  /**
   * mmlkit throws these; make one yourself to report a refusal the same way.
   * @param message what differs from the parts before it.
   * @param field the field that differs.
   * @param part the part (its file) that does not belong.
   */
  constructor(
    message: string,
    field: string,
    /** The part (its file name) that does not belong. */
    readonly part: string,
  ) {
    super(message, field);
  }
}

/**
 * A file that cannot be read or written as asked: missing, a directory, a FIFO or device (only
 * regular files are read: a FIFO would block forever), no permission. `code` is the system's
 * (ENOENT, EISDIR, EACCES, …) or ENOTREG for a path that exists but is not a regular file.
 * @example
 * try {
 *   readCsv('/nope.csv');
 * } catch (e) {
 *   // e.message: 'cannot read /nope.csv: no such file (ENOENT)'
 *   if (e instanceof FileError) console.log(e.code); // 'ENOENT'
 * }
 */
export class FileError extends MmlError {
  /**
   * mmlkit throws these; make one yourself to report a refusal the same way.
   * @param message what could not be done and why.
   * @param file the path.
   * @param code the system's error code, or ENOTREG.
   */
  constructor(
    message: string,
    /** The path, as given. */
    readonly file: string,
    /** The system's error code (ENOENT, EISDIR, EACCES …) or ENOTREG. */
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
 * @example
 * const pool = createPool({ threads: 1 });
 * await pool.close();
 * try {
 *   await pool.matmul([[1]], [[1]]);
 * } catch (e) {
 *   // e.message: 'matmul: the pool is closed'
 *   if (e instanceof PoolError) console.log(e.code); // 'closed'
 * }
 */
export class PoolError extends MmlError {
  /**
   * mmlkit throws these; make one yourself to report a refusal the same way.
   * @param message what could not be done.
   * @param code why (see the class).
   * @param limit for 'queue-full': the pool's `maxQueue`.
   */
  constructor(
    message: string,
    /** Why the call failed: 'closed', 'queue-full', 'worker-exited' or 'unsupported'. */
    readonly code: 'closed' | 'queue-full' | 'worker-exited' | 'unsupported',
    /** For 'queue-full': how many calls may wait (the pool's `maxQueue`). */
    readonly limit?: number,
  ) {
    super(message);
  }
}
