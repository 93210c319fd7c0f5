/**
 * Shard i of n of a data set made of one or more files (`mmlkit pca FILE... --shard i/n`):
 * the files, in the order given, are one sequence of data (CSV bytes after each header, or
 * .npy rows); shard i covers units [⌊U·i/n⌋, ⌊U·(i+1)/n⌋) of it, a CSV cut moved to the next
 * line start. Every process computes the same cuts from the same files, so n independent
 * processes cover every row exactly once. Within the shard the rows are read by worker threads
 * through the same range reader and task pool as a local `mmlkit pca` run.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, extname } from 'node:path';
import { MmlError, OptionError } from '../errors.js';
import { setBackend, type BackendChoice } from '../backend/registry.js';
import { PcaAccumulator } from '../pca/accumulator.js';
import { splitAtLines, type CsvPlan } from '../io/csv.js';
import { readNpyHeader, type NpyHeader } from '../io/npy.js';
import { regularFileSize } from '../io/open-file.js';
import { HttpRangeFile, isHttpUrl } from '../io/http-range.js';
import { RemoteInputs } from './remote-inputs.js';
import { checkColumns, checkWorkers, chunkRowsFor, MIN_RANGE_BYTES, MIN_RANGE_ROWS, rangesFor, workerStateBytes } from '../cli/limits.js';
import { planPcaCsv, type PcaCsvOptions } from '../cli/pca.js';
import type { FitResult, PcaSource, PcaTask, SketchResult } from '../cli/pca-task.js';
import { RandomizedPcaPartial, RandomizedPcaPass, type RandomizedPcaPartialJson, type RandomizedPcaPassJson } from '../pca/sketch-pass.js';
import { Progress, TaskPool } from '../cli/task-pool.js';
import { throwIfInterrupted } from '../cli/signals.js';
import { PCA_PART_FORMAT, PCA_PART_VERSION, type PartData, type PartInput, type PartSettings, type PcaPartJson } from './part.js';

export interface ShardOptions extends PcaCsvOptions {
  /** Worker threads (default: the cores available; 1 reads in the calling thread). */
  workers?: number;
  chunkRows?: number;
  backend?: BackendChoice;
  /** Progress bar on stderr (default false). */
  progress?: boolean;
  signal?: AbortSignal;
}

/** One input file, planned. */
type PlannedFile = { kind: 'csv'; plan: CsvPlan; size: number; units: number } | { kind: 'npy'; header: NpyHeader; size: number; units: number };

/** The files of a data set, planned and checked to hold the same columns. */
export interface DataSet {
  files: PlannedFile[];
  inputs: PartInput[];
  data: PartData;
  settings: PartSettings;
}

/**
 * Plans every file and checks that they read as one data set: all CSV or all .npy, the same
 * feature names, label field and delimiter.
 * @throws OptionError for mixed kinds or CSV options given for .npy; MmlError naming the first
 *   file that differs from the first one.
 */
export function planDataSet(paths: string[], options: PcaCsvOptions = {}, given: string[] = paths): DataSet {
  if (paths.length === 0) throw new OptionError('files', 'at least one input file', paths.length);
  const files: PlannedFile[] = paths.map((path) => {
    const size = regularFileSize(path);
    if (extname(path).toLowerCase() === '.npy') {
      if (options.columns || options.labelColumn !== undefined || options.delimiter !== undefined) {
        throw new MmlError('--columns, --label-column and --delimiter apply to CSV input only');
      }
      const header = readNpyHeader(path);
      return { kind: 'npy', header, size, units: header.rows };
    }
    const plan = planPcaCsv(path, options);
    return { kind: 'csv', plan, size, units: size - plan.dataStart };
  });
  const describe = (f: PlannedFile): PartData =>
    f.kind === 'csv'
      ? { kind: 'csv', columns: f.plan.columnNames, label: f.plan.labelName ?? null }
      : { kind: 'npy', columns: Array.from({ length: f.header.cols }, (_, j) => `c${j}`), label: null };
  const data = describe(files[0]);
  files.forEach((f, i) => {
    const other = describe(f);
    if (other.kind !== data.kind) throw new OptionError('files', `all CSV or all .npy; ${paths[0]} is ${data.kind} and ${paths[i]} is ${other.kind}`, paths[i]);
    if (JSON.stringify(other) !== JSON.stringify(data)) {
      throw new MmlError(`${paths[i]} does not hold the same columns as ${paths[0]} (${other.columns.length} columns ${JSON.stringify(other.columns).slice(0, 80)}, label ${other.label}; against ${data.columns.length} ${JSON.stringify(data.columns).slice(0, 80)}, label ${data.label}): the files of one data set must`);
    }
    if (f.kind === 'csv' && files[0].kind === 'csv' && f.plan.delimiter !== files[0].plan.delimiter) {
      throw new MmlError(`${paths[i]} is delimited by ${JSON.stringify(String.fromCharCode(f.plan.delimiter))}, ${paths[0]} by ${JSON.stringify(String.fromCharCode(files[0].plan.delimiter))}: give --delimiter, or files written alike`);
    }
  });
  const first = files[0];
  const settings: PartSettings = {
    columns: options.columns ?? null,
    labelColumn: options.labelColumn ?? null,
    delimiter: first.kind === 'csv' ? String.fromCharCode(first.plan.delimiter) : null,
    header: options.header ?? 'auto',
  };
  return { files, inputs: files.map((f, i) => ({ name: inputName(given[i]), size: f.size })), data, settings };
}

/** The name a part records for an input: the file's base name (a URL's, without the query). */
function inputName(path: string): string {
  return isHttpUrl(path) ? basename(new URL(path).pathname) : basename(path);
}

/**
 * `planDataSet` for inputs that may be http(s) URLs (only their heads are fetched).
 * @throws FileError for a URL that cannot be read by range; what planDataSet throws.
 */
export async function planInputs(paths: string[], options: PcaCsvOptions = {}, signal?: AbortSignal): Promise<DataSet> {
  const inputs = await RemoteInputs.open(paths, { signal });
  try {
    return planDataSet(inputs.local, options, paths);
  } catch (err) {
    throw await inputs.relocate(err);
  } finally {
    inputs.close();
  }
}

/** The units (CSV data bytes or .npy rows) [a, b) of each file that shard `index` of `count` covers. */
function shardUnits(set: DataSet, index: number, count: number): { from: number; to: number; windows: Array<{ a: number; b: number }> } {
  if (!Number.isSafeInteger(count) || count < 1) throw new OptionError('shard', 'i/n with n an integer ≥ 1', count);
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) throw new OptionError('shard', `i/n with i an integer from 0 to ${count - 1}`, index);
  const total = set.files.reduce((s, f) => s + f.units, 0);
  const from = Math.floor((total * index) / count);
  const to = Math.floor((total * (index + 1)) / count);
  let base = 0;
  const windows = set.files.map((f) => {
    const w = { a: Math.max(from, base) - base, b: Math.min(to, base + f.units) - base };
    base += f.units;
    return w;
  });
  return { from, to, windows };
}

/** Fetches what shard `index` of `count` reads of the inputs that are URLs (nothing for local files). */
async function fetchShardBytes(inputs: RemoteInputs, set: DataSet, index: number, count: number): Promise<void> {
  const { windows } = shardUnits(set, index, count);
  for (const [i, f] of set.files.entries()) {
    const { a, b } = windows[i];
    if (b <= a) continue;
    if (f.kind === 'csv') {
      // What lineStartAtOrAfter reads at both cuts, and the bytes between.
      await inputs.fetchThroughLineBreak(i, f.plan.dataStart + a);
      await inputs.fetch(i, f.plan.dataStart + a - 1, f.plan.dataStart + b);
      await inputs.fetchThroughLineBreak(i, f.plan.dataStart + b);
    } else {
      const rowBytes = f.header.cols * f.header.itemSize;
      await inputs.fetch(i, f.header.dataOffset + a * rowBytes, f.header.dataOffset + b * rowBytes);
    }
  }
}

/** The first line start at or after byte `p` of a planned CSV (its data start at least). */
function lineStartAtOrAfter(plan: CsvPlan, size: number, p: number): number {
  if (p <= plan.dataStart) return plan.dataStart;
  if (p >= size) return size;
  const fd = openSync(plan.path, 'r');
  try {
    const buf = Buffer.alloc(64 << 10);
    if (readSync(fd, buf, 0, 1, p - 1) === 1 && buf[0] === 10) return p;
    for (let off = p; off < size; ) {
      const n = readSync(fd, buf, 0, buf.length, off);
      if (n === 0) break;
      const i = buf.indexOf(10, 0);
      if (i >= 0 && i < n) return off + i + 1;
      off += n;
    }
    return size;
  } finally {
    closeSync(fd);
  }
}

/**
 * The sources (one per file the shard touches, each cut into ranges for the worker threads)
 * of shard `index` of `count`.
 */
export function shardSources(set: DataSet, index: number, count: number, workers: number): PcaSource[] {
  const { from, to, windows } = shardUnits(set, index, count);
  const d = set.data.columns.length;
  const sources: PcaSource[] = [];
  for (const [i, f] of set.files.entries()) {
    const { a, b } = windows[i];
    if (f.kind === 'csv') {
      // Cut at line starts: the shard before ends where this one starts, whichever file holds them.
      const start = lineStartAtOrAfter(f.plan, f.size, f.plan.dataStart + a);
      const end = lineStartAtOrAfter(f.plan, f.size, f.plan.dataStart + b);
      if (b <= a || end <= start) continue;
      const parts = rangesFor(Math.max(1, Math.round((workers * (b - a)) / Math.max(1, to - from))), end - start, MIN_RANGE_BYTES, workerStateBytes('covariance', d, 0));
      sources.push({ kind: 'csv', plan: f.plan, cuts: splitAtLines(f.plan.path, start, parts, end) });
    } else {
      if (b <= a) continue;
      const parts = rangesFor(Math.max(1, Math.round((workers * (b - a)) / Math.max(1, to - from))), b - a, MIN_RANGE_ROWS, workerStateBytes('covariance', d, 0));
      sources.push({ kind: 'npy', header: f.header, cuts: Array.from({ length: parts + 1 }, (_, i) => a + Math.floor(((b - a) * i) / parts)) });
    }
  }
  return sources;
}

/**
 * The part of shard `index` of `count` of the data set in `paths` (`mmlkit pca FILE... --shard
 * i/n`): its accumulator and what a merge checks. Streams; bad data throws ParseError with
 * file:line:column.
 * @example JSON.stringify(await computeShard(['a.csv', 'b.csv'], 3, 32))
 */
export async function computeShard(paths: string[], index: number, count: number, options: ShardOptions = {}): Promise<PcaPartJson> {
  let acc: PcaAccumulator | undefined;
  const start = (d: number) => {
    checkColumns(paths[0], d); // the covariance method's d × d scatter (the randomized one has its own limits)
    acc = new PcaAccumulator(d);
  };
  const { set, rows } = await readShard(paths, index, count, options, undefined, start, (r) => acc!.merge(PcaAccumulator.fromJSON((r as FitResult).accumulator)));
  return {
    format: PCA_PART_FORMAT,
    version: PCA_PART_VERSION,
    method: 'covariance',
    shard: { index, count },
    inputs: set.inputs,
    data: set.data,
    settings: set.settings,
    rows,
    accumulator: acc!.toJSON(),
  };
}

/**
 * The randomized method's part of shard `index` of `count` for one pass (`mmlkit pca FILE...
 * --shard i/n --pass-state state.json`): the pass's partial sums over the shard's rows
 * (pass-state.ts has the part's form).
 */
export async function computeSketchShard(paths: string[], index: number, count: number, plan: RandomizedPcaPassJson, options: ShardOptions = {}): Promise<{ set: DataSet; rows: number; partial: RandomizedPcaPartialJson }> {
  const pass = RandomizedPcaPass.fromJSON(plan);
  const partial = pass.partial();
  const { set, rows } = await readShard(paths, index, count, options, plan, (d) => {
    if (d !== pass.features) throw new MmlError(`the files have ${d} columns but the pass state is for ${pass.features}`);
  }, (r) => partial.merge(RandomizedPcaPartial.fromJSON((r as SketchResult).partial, pass)));
  return { set, rows, partial: partial.toJSON() };
}

/** Reads shard `index` of `count` on the task pool: one fit task per range, or one sketch task of `plan`'s pass. */
async function readShard(
  paths: string[],
  index: number,
  count: number,
  options: ShardOptions,
  plan: RandomizedPcaPassJson | undefined,
  start: (d: number) => void,
  take: (result: FitResult | SketchResult) => void,
): Promise<{ set: DataSet; rows: number }> {
  const { signal } = options;
  throwIfInterrupted(signal);
  const workers = checkWorkers(options.workers ?? availableParallelism());
  if (options.backend) setBackend(options.backend);
  const inputs = await RemoteInputs.open(paths, { signal });
  try {
    const set = planDataSet(inputs.local, options, paths);
    await fetchShardBytes(inputs, set, index, count);
    return await readLocalShard(set, index, count, workers, options, plan, start, take);
  } catch (err) {
    throw await inputs.relocate(err);
  } finally {
    inputs.close();
  }
}

/** `readShard` once the data set is planned and the shard's bytes are all local. */
async function readLocalShard(
  set: DataSet,
  index: number,
  count: number,
  workers: number,
  options: ShardOptions,
  plan: RandomizedPcaPassJson | undefined,
  start: (d: number) => void,
  take: (result: FitResult | SketchResult) => void,
): Promise<{ set: DataSet; rows: number }> {
  const { signal } = options;
  const d = set.data.columns.length;
  start(d);
  const sources = shardSources(set, index, count, workers);
  const chunkRows = chunkRowsFor(options.chunkRows, d, plan ? 'randomized' : 'covariance');
  const tasks: PcaTask[] = sources.flatMap((source) =>
    Array.from({ length: source.cuts.length - 1 }, (_, range): PcaTask => (plan ? { pass: 'sketch', source, range, chunkRows, plan, sampleSize: 0 } : { pass: 'fit', source, range, chunkRows, sampleSize: 0 })),
  );
  let rows = 0;
  // At most `workers` threads at once: a shard spanning many small files has more ranges.
  const pool = new TaskPool(tasks.length === 1 || workers === 1 ? 0 : Math.min(workers, tasks.length), options.backend, undefined, signal);
  const unit = set.data.kind === 'csv' ? 'bytes' : 'rows';
  const step = Math.max(1, pool.size);
  const unitsOf = (t: PcaTask) => t.source.cuts[t.range + 1] - t.source.cuts[t.range];
  try {
    for (let i = 0; i < tasks.length; i += step) {
      const batch = tasks.slice(i, i + step);
      // A bar per batch of ranges (runAll stops its bar when the batch ends).
      const label = tasks.length > step ? `shard ${index}/${count} (${i / step + 1}/${Math.ceil(tasks.length / step)})` : `shard ${index}/${count}`;
      const progress = new Progress(options.progress ?? false, batch.reduce((s, t) => s + unitsOf(t), 0), unit, label);
      const results = (await pool.runAll(batch, progress)) as (FitResult | SketchResult)[];
      for (const r of results) {
        take(r);
        rows += r.rows;
      }
    }
  } finally {
    await pool.close();
  }
  return { set, rows };
}

/** Checks that `paths` are the inputs a part or job names (same base names and sizes, in order). */
export async function checkInputs(paths: string[], expected: PartInput[], signal?: AbortSignal): Promise<void> {
  const actual: PartInput[] = [];
  for (const p of paths) actual.push({ name: inputName(p), size: isHttpUrl(p) ? (await HttpRangeFile.open(p, { signal })).size : regularFileSize(p) });
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new MmlError(`the input files here (${JSON.stringify(actual).slice(0, 200)}) are not the ones of this run (${JSON.stringify(expected).slice(0, 200)}): every machine must see the same files`);
  }
}
