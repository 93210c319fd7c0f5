/**
 * Bounds on what `mmlkit pca` will attempt, so that a large flag gives a clear error instead
 * of V8's fatal out-of-memory, a RangeError or a run that never ends. Flags are checked when
 * parsed (exit 2); limits that depend on the data (columns) once the header has been read and
 * before any row is streamed (exit 1).
 */
import { availableParallelism } from 'node:os';
import { OptionError } from '../errors.js';
import { formatBytes } from '../validate.js';

/** Worker threads per core at most: more only adds start-up time and memory (≈ 10 MB each). */
export const WORKERS_PER_CORE = 4;

/** The largest `--workers` accepted on this machine. */
export function maxWorkers(): number {
  return WORKERS_PER_CORE * availableParallelism();
}

/**
 * A worker only pays for its start (≈ 30 ms, a module load) when its range is at least this
 * big: smaller files get fewer ranges, so `--workers 1000` on a 200-row file runs on one thread.
 */
export const MIN_RANGE_BYTES = 32 << 10;
export const MIN_RANGE_ROWS = 512;

/** A chunk's float64 buffer (chunk rows × columns × 8 bytes) at most; one per worker. */
export const MAX_CHUNK_BYTES = 256 << 20;
/** `--chunk-rows` at most, whatever the width (checked when the flag is parsed). */
export const MAX_CHUNK_ROWS = 1 << 24;

/**
 * Columns at most: each worker holds a d × d scatter matrix (512 MB at 8192) and ships it as
 * base64 text, which V8 caps at about 2^29 characters (d ≈ 9400).
 */
export const MAX_COLUMNS = 8192;
/** The per-worker state of all workers together at most (bytes): wide data gets fewer workers. */
const SCATTER_BUDGET = 2 * 2 ** 30; // (2 << 30 would overflow int32)

/**
 * `--method auto` keeps the exact covariance route up to this width and takes the randomized
 * one beyond it when -k is a count. Up to here the covariance costs one pass (parsing a CSV is
 * usually the expensive part, and the randomized route reads the file 5 to 8 times), 128 MB
 * of scatter per worker and an eigendecomposition of 4.6 s at d = 2048 and 39 s at 4096
 * (native, measured on the loaded 2-core machine); beyond it those grow as d² and d³ while a
 * randomized pass costs O(n·d·l) and O(d·l) memory. Exactness and variance fractions for -k
 * tip the balance toward covariance while it is affordable.
 */
export const AUTO_RANDOMIZED_COLUMNS = 4096;

/**
 * The randomized method's d × l arrays (the basis Z and the cross product W, l = k +
 * oversamples) at most, in doubles: 64 MB each. A worker holds a few of them and ships two as
 * base64 text (10.7 bytes per double), which V8 caps at about 2^29 characters.
 */
export const MAX_SKETCH_DOUBLES = 2 ** 23;
/**
 * The randomized method's Krylov history at most, in doubles per array: the main thread keeps
 * every pass's basis Zᵢ and product Wᵢ (d × L each, L = min(d, l·passes)) to build the sketch
 * from all of them (256 MB each; two of them, and about as much again while the model is made).
 */
export const MAX_KRYLOV_DOUBLES = 2 ** 25;
/** `--oversamples` at most. */
export const MAX_OVERSAMPLES = 1000;
/** Bytes a randomized worker holds per double of its d × l arrays (Z, W, scratch, JSON text in and out). */
const SKETCH_BYTES_PER_DOUBLE = 64;

/** Checks `--workers` (any caller of runPcaCommand, not only the command line). */
export function checkWorkers(workers: number): number {
  const max = maxWorkers();
  if (!Number.isSafeInteger(workers) || workers < 1 || workers > max) {
    throw new OptionError('workers', `an integer from 1 to ${max} (${WORKERS_PER_CORE} × the ${availableParallelism()} cores available)`, workers);
  }
  return workers;
}

/** Refuses a component count (k ≥ 1; a fraction passes) above the d columns read from `source`, before any row is read. */
export function checkComponentCount(components: number, d: number, source: string): void {
  if (components >= 1 && components > d) throw new OptionError('components', `at most the ${d} columns read from ${source}`, components);
}

/** Checks the width of the data against MAX_COLUMNS (the covariance method). */
export function checkColumns(file: string, d: number): void {
  if (d > MAX_COLUMNS) {
    const gb = ((d * d * 8) / 2 ** 30).toFixed(1);
    throw new OptionError(
      'columns',
      `at most ${MAX_COLUMNS} columns with --method covariance (a ${d}-column covariance needs ${gb} GB per worker); ${file} has ${d}: choose fewer with --columns, or use --method randomized with an integer -k`,
      d,
    );
  }
}

/** Checks the d × l arrays of the randomized method against MAX_SKETCH_DOUBLES. */
export function checkSketchColumns(file: string, d: number, l: number): void {
  if (d * l > MAX_SKETCH_DOUBLES) {
    throw new OptionError(
      'columns',
      `at most ${Math.floor(MAX_SKETCH_DOUBLES / l)} columns with --method randomized and k + oversamples = ${l} (d × ${l} doubles, ${formatBytes(MAX_SKETCH_DOUBLES * 8)} at most, per array); ${file} has ${d}: choose fewer with --columns, or lower -k / --oversamples`,
      d,
    );
  }
}

/** Checks the main thread's Krylov history (d × L, L = min(d, l·passes)) against MAX_KRYLOV_DOUBLES. */
export function checkKrylovColumns(file: string, d: number, l: number, passes: number): void {
  const size = Math.min(d, l * passes);
  if (d * size > MAX_KRYLOV_DOUBLES) {
    throw new OptionError(
      'columns',
      `at most ${Math.floor(MAX_KRYLOV_DOUBLES / size)} columns with --method randomized, k + oversamples = ${l} and ${passes} passes (the Krylov basis is d × ${size} doubles, ${formatBytes(MAX_KRYLOV_DOUBLES * 8)} at most); ${file} has ${d}: choose fewer with --columns, or lower --power-iterations, -k or --oversamples`,
      d,
    );
  }
}

/** The memory one worker holds for its state, by method (bytes). */
export function workerStateBytes(method: 'covariance' | 'randomized', d: number, l: number): number {
  return method === 'covariance' ? d * d * 8 : d * l * SKETCH_BYTES_PER_DOUBLE;
}

/**
 * The rows per chunk: `--chunk-rows` checked against the width, or by default about 8 MB of
 * float64 and at least 256 rows for the covariance method (its SYRK wants many rows), about
 * 16 MB for the randomized one (it works in row blocks of that size anyway, so wide data gets
 * no 256-row buffer: 41 MB per worker at 20 000 columns).
 */
export function chunkRowsFor(requested: number | undefined, d: number, method: 'covariance' | 'randomized' = 'covariance'): number {
  const width = Math.max(1, d);
  const most = Math.max(1, Math.floor(MAX_CHUNK_BYTES / (8 * width)));
  if (requested === undefined) {
    if (method === 'randomized') return Math.min(most, 8192, Math.max(1, Math.floor((16 << 20) / (8 * width))));
    return Math.min(most, 8192, Math.max(256, Math.floor((8 << 20) / (8 * width))));
  }
  if (!Number.isSafeInteger(requested) || requested < 1 || requested > most) {
    throw new OptionError('chunk-rows', `an integer from 1 to ${most} for ${d} columns (a chunk buffer of at most ${MAX_CHUNK_BYTES >> 20} MB)`, requested);
  }
  return requested;
}

/**
 * How many ranges (= worker threads) to cut the input into: what was asked, but no more than
 * the data is worth splitting into, nor than the memory budget allows for one worker's state
 * (`workerStateBytes`).
 */
export function rangesFor(workers: number, units: number, minUnits: number, stateBytes: number): number {
  const worth = Math.max(1, Math.floor(units / minUnits));
  const memory = Math.max(1, Math.floor(SCATTER_BUDGET / Math.max(1, stateBytes)));
  return Math.max(1, Math.min(workers, worth, memory));
}
