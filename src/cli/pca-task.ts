/**
 * One unit of `mmlkit pca` work: read one range of the input (a byte range of a CSV at line
 * starts, or a row range of a .npy) and either accumulate it (the covariance method's one pass:
 * fit), sum one pass of the randomized method over it (sketch), or project it and write the
 * scores (the last pass: --transform). Runs inside a worker thread (pca-worker.ts), or in
 * the main thread when --workers is 1; everything it takes and returns is structured-clone safe.
 */
import { openSync, closeSync, writeSync } from 'node:fs';
import { Matrix } from '../matrix.js';
import { NonFiniteError, ParseError } from '../errors.js';
import { PcaAccumulator } from '../pca/accumulator.js';
import { PcaModel } from '../pca/model.js';
import { encodeError, type WireError } from '../pool/wire.js';
import { RandomizedPcaPass, type RandomizedPcaPartialJson, type RandomizedPcaPassJson } from '../pca/sketch-pass.js';
import { Rng } from '../random.js';
import { CsvChunk, CsvRangeError, csvRangeChunks, type CsvPlan } from '../io/csv.js';
import { npyRangeChunks, type NpyHeader } from '../io/npy.js';
import { TextSink } from '../io/atomic.js';
import { writeCsvRows } from '../io/csv-write.js';

/** The input, planned once by the main thread. */
export type PcaSource =
  | { kind: 'csv'; plan: CsvPlan; /** byte offsets: range i is [cuts[i], cuts[i+1]) */ cuts: number[] }
  | { kind: 'npy'; header: NpyHeader; /** row offsets: range i is [cuts[i], cuts[i+1]) */ cuts: number[] };

export interface FitTask {
  pass: 'fit';
  source: PcaSource;
  range: number;
  chunkRows: number;
  /** Rows kept (uniformly at random) for the scatter plot; 0 for none. */
  sampleSize: number;
}

/** One pass of the randomized method over one range (its first pass also samples the plot's rows). */
export interface SketchTask {
  pass: 'sketch';
  source: PcaSource;
  range: number;
  chunkRows: number;
  plan: RandomizedPcaPassJson;
  sampleSize: number;
}

export interface TransformTask {
  pass: 'transform';
  source: PcaSource;
  range: number;
  chunkRows: number;
  model: ReturnType<PcaModel['toJSON']>;
  /** Where the scores go: positional writes into one .npy, or a CSV part file per range. */
  output: { kind: 'npy'; path: string; offset: number } | { kind: 'csv'; path: string };
}

export type PcaTask = FitTask | SketchTask | TransformTask;

/** What reading a range gives besides its sums: its rows and a uniform sample of them. */
export interface RangeRead {
  rows: number;
  /** Sampled rows (sample × d, row-major) and their labels. */
  sample: Float64Array;
  sampleLabels: string[];
}

export interface FitResult extends RangeRead {
  accumulator: ReturnType<PcaAccumulator['toJSON']>;
}

export interface SketchResult extends RangeRead {
  partial: RandomizedPcaPartialJson;
}

export interface TransformResult {
  rows: number;
}

/** Progress: units done since the last message (bytes for CSV, rows for npy) and rows. */
export interface ProgressMessage {
  type: 'progress';
  units: number;
  rows: number;
}

/** A failure, flattened so it survives postMessage and is rebuilt as the right error. */
export type TaskError =
  | { kind: 'parse'; message: string; file: string; line: number; column: number }
  | { kind: 'csv-range'; reason: string; path: string; lineOffset: number; column: number }
  | { kind: 'row'; reason: string; row: number; column: number }
  /** Anything else, with its class and fields (the pool's wire form: an OptionError stays one). */
  | { kind: 'error'; error: WireError };

export function serializeError(e: unknown): TaskError {
  if (e instanceof ParseError) {
    // ParseError's message starts with "file:line:column: "; ship the bare reason.
    const prefix = `${e.file}:${e.line}:${e.column}: `;
    return { kind: 'parse', message: e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message, file: e.file, line: e.line, column: e.column };
  }
  if (e instanceof CsvRangeError) return { kind: 'csv-range', reason: e.reason, path: e.path, lineOffset: e.lineOffset, column: e.column };
  if (e instanceof RangeRowError) return { kind: 'row', reason: e.message, row: e.row, column: e.column };
  return { kind: 'error', error: encodeError(e) };
}

/**
 * A bad value found after parsing, at a row counted from the start of its range (a worker does
 * not know how many rows the earlier ranges hold); the main thread locates it in the file.
 */
export class RangeRowError extends Error {
  constructor(
    reason: string,
    /** 0-based row within the range. */
    readonly row: number,
    /** 0-based output column. */
    readonly column: number,
  ) {
    super(reason);
  }
}

/** A task's result, or the flattened failure of its data (the main thread rebuilds it). */
export type TaskOutcome = { ok: true; result: FitResult | SketchResult | TransformResult } | { ok: false; error: TaskError };

/** runTask, its failure returned as a value (for a worker: see pca-worker.ts). */
export async function runTaskOutcome(task: PcaTask, progress: (p: ProgressMessage) => void): Promise<TaskOutcome> {
  try {
    return { ok: true, result: await runTask(task, progress) };
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  }
}

/** Runs one task; `progress` is called after every chunk; `pause` (if given) lets the event loop breathe. */
export async function runTask(
  task: PcaTask,
  progress: (p: ProgressMessage) => void,
  pause?: () => Promise<void>,
): Promise<FitResult | SketchResult | TransformResult> {
  if (task.pass === 'fit') {
    const d = task.source.kind === 'csv' ? task.source.plan.outCols : task.source.header.cols;
    const acc = new PcaAccumulator(d);
    const read = await readRange(task, (chunk) => acc.update(chunk), progress, pause);
    return { ...read, accumulator: acc.toJSON() };
  }
  if (task.pass === 'sketch') {
    const part = RandomizedPcaPass.fromJSON(task.plan).partial();
    const read = await readRange(task, (chunk) => part.update(chunk), progress, pause);
    return { ...read, partial: part.toJSON() };
  }
  return transform(task, progress, pause);
}

/** The chunks of one range, reporting progress in units (bytes or rows). */
function* chunksOf(source: PcaSource, range: number, chunkRows: number, progress: (p: ProgressMessage) => void): Generator<Matrix> {
  const start = source.cuts[range];
  const end = source.cuts[range + 1];
  if (source.kind === 'csv') {
    // Line numbers are known only for a range at the data start; others locate errors by offset.
    const firstLine = start === source.plan.dataStart ? source.plan.dataStartLine : 0;
    let done = start;
    const onProgress = (offset: number) => {
      if (offset > done) progress({ type: 'progress', units: offset - done, rows: 0 });
      done = Math.max(done, offset);
    };
    // Chunks are consumed before the next is read, so one buffer serves them all.
    for (const chunk of csvRangeChunks(source.plan, start, end, chunkRows, firstLine, onProgress, true)) {
      progress({ type: 'progress', units: 0, rows: chunk.rows });
      yield chunk;
    }
  } else {
    for (const chunk of npyRangeChunks(source.header, start, end, chunkRows, true, true)) {
      progress({ type: 'progress', units: chunk.rows, rows: chunk.rows });
      yield chunk;
    }
  }
}

/** Feeds every chunk of the task's range to `add`, keeping a uniform sample of `sampleSize` rows. */
async function readRange(
  task: FitTask | SketchTask,
  add: (chunk: Matrix) => void,
  progress: (p: ProgressMessage) => void,
  pause?: () => Promise<void>,
): Promise<RangeRead> {
  const { source, range, sampleSize } = task;
  const d = source.kind === 'csv' ? source.plan.outCols : source.header.cols;
  // Reservoir sampling (Vitter's algorithm R), seeded per range: the plot is reproducible.
  const rng = new Rng(0x5eed + range);
  const sample = new Float64Array(sampleSize * d);
  const sampleLabels: string[] = [];
  let rows = 0;
  for (const chunk of chunksOf(source, range, task.chunkRows, progress)) {
    try {
      add(chunk);
    } catch (e) {
      // A cell that parsed but is not finite (1e400 overflows to Infinity): say where it is.
      const v = e instanceof NonFiniteError ? (e.value as number) : 0;
      if (e instanceof NonFiniteError && e.position.length === 2 && typeof v === 'number' && !Number.isFinite(v)) {
        const reads = Number.isNaN(v) ? 'NaN' : `${v} (beyond float64's range)`;
        throw new RangeRowError(`value reads as ${reads}; PCA needs finite values`, rows + e.position[0], e.position[1]);
      }
      throw e;
    }
    if (sampleSize > 0) {
      const labels = chunk instanceof CsvChunk ? chunk.labels : undefined;
      for (let i = 0; i < chunk.rows; i++) {
        const seen = rows + i;
        const slot = seen < sampleSize ? seen : Math.floor(rng.next() * (seen + 1));
        if (slot < sampleSize) {
          sample.set(chunk.data.subarray(i * d, (i + 1) * d), slot * d);
          if (labels) sampleLabels[slot] = labels[i];
        }
      }
    }
    rows += chunk.rows;
    if (pause) await pause();
  }
  const kept = Math.min(rows, sampleSize);
  return { rows, sample: sample.slice(0, kept * d), sampleLabels: sampleLabels.slice(0, kept) };
}

async function transform(task: TransformTask, progress: (p: ProgressMessage) => void, pause?: () => Promise<void>): Promise<TransformResult> {
  const model = PcaModel.fromJSON(task.model);
  const { output } = task;
  const fd = openSync(output.path, output.kind === 'npy' ? 'r+' : 'w');
  let rows = 0;
  try {
    const sink = new TextSink(fd);
    let position = output.kind === 'npy' ? output.offset : 0;
    for (const chunk of chunksOf(task.source, task.range, task.chunkRows, progress)) {
      const z = model.transform(chunk);
      if (output.kind === 'npy') {
        const bytes = new Uint8Array(z.data.buffer, z.data.byteOffset, z.data.byteLength);
        for (let off = 0; off < bytes.length; ) {
          const n = writeSync(fd, bytes, off, bytes.length - off, position);
          off += n;
          position += n;
        }
      } else {
        writeCsvRows(sink, z, chunk instanceof CsvChunk ? chunk.labels : undefined);
      }
      rows += chunk.rows;
      if (pause) await pause();
    }
    sink.flush();
  } finally {
    closeSync(fd);
  }
  return { rows };
}
