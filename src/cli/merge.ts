/**
 * `mmlkit merge part-*.json -k 10 --out DIR`: merges the parts written by `mmlkit pca FILE...
 * --shard i/n --emit part-i.json` one at a time (memory O(d²) however many parts) and writes the
 * same files as a local `mmlkit pca` run (model.json, components.csv, explained_variance.csv;
 * scree.svg with --plot). Parts that do not belong together are refused with PartMismatchError.
 * `publishModel` is also how a multi-file local run and a run over Redis end.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { ReusedReader } from '../io/reused-reader.js';
import { decodeError, type WireError } from '../pool/wire.js';
import type { PcaModel } from '../pca/model.js';
import { PartMerger, type MergerState, type PartData, type PartInput } from '../distributed/part.js';
import { mergeSketchParts, needsEmitState, writePassState } from '../distributed/pass-state.js';
import { screePlot } from '../plot/scree.js';
import { writeModelFiles } from './model-files.js';
import { OutputDir } from './output-dir.js';
import { throwIfInterrupted } from './signals.js';

export interface MergeCommandOptions {
  /** Components to keep: a count ≥ 1, or a fraction in (0, 1) of the variance to explain. */
  components: number;
  out: string;
  /** Threads reading and merging parts (default: the cores; one per 32 parts at most). */
  threads?: number;
  /** Also write scree.svg (there is no scatter: parts hold no rows). */
  plot?: boolean;
  /** Where the summary goes (default console.log). */
  print?: (line: string) => void;
  signal?: AbortSignal;
}

export interface MergeCommandResult {
  model: PcaModel;
  rows: number;
  cols: number;
  parts: number;
  outDir: string;
  files: string[];
  seconds: number;
}

/** Merges the part files and publishes the model. */
export async function runMergeCommand(parts: string[], options: MergeCommandOptions): Promise<MergeCommandResult> {
  const t0 = performance.now();
  const output = new OutputDir(options.out); // a bad --out fails before any part is read
  const merger = new PartMerger();
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), Math.floor(parts.length / PARTS_PER_THREAD)));
  // Contiguous groups: the first merged in this thread, each other one in a worker thread started
  // first; their states are merged here in order. (This thread takes a group rather than waiting:
  // one thread fewer to start, ~5 MB less at the peak.)
  const groups = Array.from({ length: threads }, (_, t) => parts.slice(Math.floor((parts.length * t) / threads), Math.floor((parts.length * (t + 1)) / threads)));
  const others = groups.slice(1).map((files) => mergeInThread(files, options.signal));
  others.forEach((p) => p.catch(() => {})); // awaited below; an early throw here must not leave them unhandled
  const reader = new ReusedReader();
  for (const file of groups[0]) {
    throwIfInterrupted(options.signal);
    merger.add(reader.read(file), file);
  }
  for (const state of await Promise.all(others)) merger.absorb(state);
  const result = publishModel(merger, { ...options, output, source: `${parts.length} part${parts.length === 1 ? '' : 's'}` });
  return { ...result, parts: parts.length, seconds: (performance.now() - t0) / 1000 };
}

export interface SketchMergeOptions {
  passState: string;
  /** Where the next pass's state goes (required while passes remain). */
  emitState?: string;
  out: string;
  plot?: boolean;
  print?: (line: string) => void;
  signal?: AbortSignal;
}

/**
 * `mmlkit merge PARTS --pass-state S [--emit-state S'] --out DIR`: the randomized method's parts
 * of one pass merged and the pass ended; writes the next pass's state, or after the last pass
 * the model (-k and the options come from the state).
 */
export function runSketchMergeCommand(parts: string[], options: SketchMergeOptions): { done: boolean; pass: number; passes: number; rows: number } {
  const print = options.print ?? ((line: string) => console.log(line));
  const output = new OutputDir(options.out); // checked before any part is read, used after the last pass
  const { state, sketch, rows } = mergeSketchParts(parts, options.passState);
  throwIfInterrupted(options.signal);
  const passes = sketch.passes!;
  if (!sketch.done) {
    if (!options.emitState) throw needsEmitState(sketch);
    writePassState(options.emitState, state, sketch);
    print(`pass ${sketch.pass}/${passes}: ${parts.length} part${parts.length === 1 ? '' : 's'} merged (${rows} rows); wrote ${options.emitState}: the state of pass ${sketch.pass + 1}`);
    return { done: false, pass: sketch.pass, passes, rows };
  }
  const model = sketch.finish();
  writeModel(model, { data: state.data, inputs: state.inputs, rows, method: `randomized (${passes} passes)` }, { ...options, output, source: `${parts.length} parts of pass ${passes}/${passes}` });
  return { done: true, pass: passes, passes, rows };
}

/** Parts per merging thread at least (a thread costs ~30 ms and ~10 MB to start). */
const PARTS_PER_THREAD = 32;

/** Merges `files` in a worker thread (merge-worker.ts); resolves with its merger's state. */
function mergeInThread(files: string[], signal: AbortSignal | undefined): Promise<MergerState> {
  return new Promise((resolve, reject) => {
    // A small young generation: a merging thread makes little garbage (the envelopes), and V8's
    // default semispaces would hold several MB of it per thread until they fill.
    const worker = new Worker(new URL('./merge-worker.js', import.meta.url), { workerData: { files }, resourceLimits: { maxYoungGenerationSizeMb: 2 } });
    const onAbort = () => void worker.terminate().then(() => reject(signal!.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (m: { state?: MergerState; error?: WireError }) => {
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      if (m.error) reject(decodeError(m.error));
      else resolve(m.state!);
    });
    worker.once('error', reject);
  });
}

/**
 * Finishes the merged parts (every shard must be in) into a model and publishes the model files
 * into --out as a whole (OutputDir), printing a summary.
 */
export function publishModel(
  merger: PartMerger,
  options: { components: number; output: OutputDir; plot?: boolean; print?: (line: string) => void; signal?: AbortSignal; source: string },
): { model: PcaModel; rows: number; cols: number; outDir: string; files: string[] } {
  const { accumulator, data, inputs, rows } = merger.finish();
  const model = accumulator.finish({ components: options.components });
  return writeModel(model, { data, inputs, rows, method: 'covariance (exact)' }, options);
}

/** Publishes `model` into --out as a whole (OutputDir), printing a summary; `publishModel`'s end. */
export function writeModel(
  model: PcaModel,
  about: { data: PartData; inputs: PartInput[]; rows: number; method: string },
  options: { output: OutputDir; plot?: boolean; print?: (line: string) => void; signal?: AbortSignal; source: string },
): { model: PcaModel; rows: number; cols: number; outDir: string; files: string[] } {
  const print = options.print ?? ((line: string) => console.log(line));
  const { data, inputs, rows } = about;
  throwIfInterrupted(options.signal);
  const { output } = options;
  try {
    const tmp = output.stage();
    const files = writeModelFiles(tmp, model, data.columns);
    if (options.plot) {
      writeFileSync(join(tmp, 'scree.svg'), screePlot(model.explainedVarianceRatio, { title: `Scree plot — ${inputs.map((f) => f.name).join(', ').slice(0, 60)}` }));
      files.push('scree.svg');
    }
    throwIfInterrupted(options.signal);
    for (const warning of output.publish()) console.error(`mmlkit: ${warning}`);
    const d = data.columns.length;
    print(`${options.source}: ${rows} rows × ${d} columns of ${inputs.length} file${inputs.length === 1 ? '' : 's'} (${inputs.map((f) => f.name).join(', ').slice(0, 200)}); method: ${about.method}`);
    const { explainedVariance: v, explainedVarianceRatio: r } = model;
    let c = 0;
    print(`${'component'.padStart(9)} ${'variance'.padStart(14)} ${'ratio'.padStart(8)} ${'cumulative'.padStart(10)}`);
    for (let i = 0; i < v.length; i++) {
      c += r[i];
      print(`${String(i + 1).padStart(9)} ${v[i].toPrecision(6).padStart(14)} ${r[i].toFixed(4).padStart(8)} ${c.toFixed(4).padStart(10)}`);
    }
    print(`wrote ${output.path}/: ${files.join(', ')}`);
    return { model, rows, cols: d, outDir: output.path, files };
  } catch (err) {
    output.discard();
    throw err;
  }
}
