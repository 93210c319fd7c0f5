/**
 * `mmlkit pca <file>`: PCA of a CSV/TSV or .npy file of any size. The file is read in chunks
 * by worker threads, each over its own byte range (CSV, cut at line starts) or row range (npy):
 * every worker parses and accumulates its range, so parsing and accumulation run on all cores
 * at once; the main thread merges the workers' JSON, the same unit a distributed run would ship
 * between machines. Two methods:
 * - covariance: one pass of PcaAccumulator (exact; the d × d scatter per worker);
 * - randomized: powerIterations + 1 passes of RandomizedPcaSketch partials (O(d·l) per worker,
 *   l = k + oversamples), the main thread ending each pass and handing out the next basis.
 * One more pass projects the rows (--transform).
 *
 * Output goes to a staging directory beside --out that is swapped in as a whole only when
 * everything succeeded (output-dir.ts): a bad input, a signal or a concurrent run never leaves
 * a partial or mixed output. Every size the run allocates is bounded first (limits.ts).
 */
import { ftruncateSync, openSync, closeSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, extname, join } from 'node:path';
import { MmlError, OptionError, ParseError } from '../errors.js';
import { Matrix } from '../matrix.js';
import { getBackend, setBackend, type BackendChoice } from '../backend/registry.js';
import { PcaAccumulator } from '../pca/accumulator.js';
import type { PcaModel } from '../pca/model.js';
import { defaultPowerIterations, RandomizedPcaSketch, sketchSettings } from '../pca/randomized-sketch.js';
import type { SketchSettings } from '../pca/sketch-pass.js';
import { Rng } from '../random.js';
import { planCsv, splitAtLines, type CsvPlan } from '../io/csv.js';
import { npyHeaderBytes, readNpyHeader } from '../io/npy.js';
import { csvField } from '../io/csv-write.js';
import { screePlot } from '../plot/scree.js';
import { scatterPlot } from '../plot/scatter.js';
import { regularFileSize } from '../io/open-file.js';
import { AUTO_RANDOMIZED_COLUMNS, checkColumns, checkComponentCount, checkKrylovColumns, checkSketchColumns, checkWorkers, chunkRowsFor, MIN_RANGE_BYTES, MIN_RANGE_ROWS, rangesFor, workerStateBytes } from './limits.js';
import { writeModelFiles } from './model-files.js';
import { OutputDir } from './output-dir.js';
import { throwIfInterrupted } from './signals.js';
import type { FitResult, PcaSource, PcaTask, RangeRead, SketchResult, TransformResult } from './pca-task.js';
import { Progress, TaskPool } from './task-pool.js';

export interface PcaCommandOptions {
  /** Components to keep: a count ≥ 1, or a fraction in (0, 1) of the variance to explain (covariance method only). */
  components: number;
  /**
   * 'covariance' (exact, one pass, d ≤ 8192), 'randomized' (powerIterations + 1 passes, memory
   * O(d·(k + oversamples)), integer k), or 'auto' (default): randomized when d > 4096 and k is
   * a count, else covariance (see AUTO_RANDOMIZED_COLUMNS).
   */
  method?: 'auto' | 'covariance' | 'randomized';
  /** Randomized method: extra sketched directions (default 10). */
  oversamples?: number;
  /** Randomized method: power iterations, one pass each (default 7 when k < d/10, else 4). */
  powerIterations?: number;
  /** Randomized method: seed of the Gaussian test matrix (default 0). */
  seed?: number;
  /** Output directory: created, or replaced as a whole on success (it may hold only the outputs, see output-dir.ts). */
  out: string;
  backend?: BackendChoice;
  /** Write scree.svg and scatter.svg. */
  plot?: boolean;
  /** Worker threads (default: the cores available). 1 runs in the main thread. */
  workers?: number;
  /** Also write the projected rows as projections.npy or projections.csv (a second pass). */
  transform?: 'npy' | 'csv';
  /** CSV fields to use (names or 0-based indices); default every field but the label column. */
  columns?: string[];
  /**
   * CSV field with a label per row (colours the scatter; copied to projections.csv). Default:
   * a field named `label` (any case) when `columns` is not given, so it is never a feature by accident.
   */
  labelColumn?: string;
  /** CSV field separator, one character (default: '\t' for .tsv/.tab, else sniffed from the first line among , \t ; — ',' if none). */
  delimiter?: string;
  /** Whether the first CSV line names the fields (default 'auto': yes if any of its cells is not a number). */
  header?: 'auto' | boolean;
  /** Rows per chunk (default: about 8 MB of float64, at most 8192 rows). */
  chunkRows?: number;
  /** Progress bar on stderr (default: when stderr is a TTY). */
  progress?: boolean;
  /** Where the summary goes (default console.log); pass () => {} for silence. */
  print?: (line: string) => void;
  /** Title prefix for the plots (default: the file name). */
  title?: string;
  /**
   * Aborting it stops the run (the abort reason is rethrown) and removes everything staged;
   * once the outputs are published the run completes whatever happens to it.
   */
  signal?: AbortSignal;
}

export interface PcaCommandResult {
  model: PcaModel;
  /** The method that ran ('auto' resolved) and the passes it made over the file (--transform included). */
  method: 'covariance' | 'randomized';
  passes: number;
  rows: number;
  cols: number;
  /** Absolute output directory and the files written in it. */
  outDir: string;
  files: string[];
  seconds: number;
  bytes: number;
}

/** Rows drawn in scatter.svg at most (a uniform random sample beyond that). */
const SCATTER_POINTS = 5000;

/**
 * Runs the whole pipeline. Throws ParseError (file:line:column) on bad input, MmlError on bad
 * options discovered against the data; the output directory is then left untouched.
 */
export async function runPcaCommand(file: string, options: PcaCommandOptions): Promise<PcaCommandResult> {
  const t0 = performance.now();
  const { signal } = options;
  throwIfInterrupted(signal);
  const print = options.print ?? ((line: string) => console.log(line));
  const workers = checkWorkers(options.workers ?? availableParallelism());
  const output = new OutputDir(options.out);
  const size = regularFileSize(file);
  if (options.backend) setBackend(options.backend);

  const method = chooseMethod(file, options);
  const source = planSource(file, options, workers, size, method);
  const d = source.kind === 'csv' ? source.plan.outCols : source.header.cols;
  const resolved = method(d);
  checkComponentCount(options.components, d, file);
  const chunkRows = chunkRowsFor(options.chunkRows, d, resolved.method);
  const names = source.kind === 'csv' ? source.plan.columnNames : Array.from({ length: d }, (_, j) => `c${j}`);
  const labelName = source.kind === 'csv' ? source.plan.labelName : undefined;
  const ranges = source.cuts.length - 1;
  const totalUnits = source.kind === 'csv' ? size - source.plan.dataStart : source.header.rows;
  const unit = source.kind === 'csv' ? 'bytes' : 'rows';
  const showProgress = options.progress ?? Boolean(process.stderr.isTTY);
  const sampleSize = options.plot ? SCATTER_POINTS : 0;
  const noRows = () => new ParseError('no data rows', file, source.kind === 'csv' ? source.plan.dataStartLine : 1, 1);

  // One range runs in the main thread: a worker would only add its start-up.
  const pool = new TaskPool(ranges === 1 ? 0 : ranges, options.backend, source, signal);
  try {
    let fits: RangeRead[];
    let model: PcaModel;
    let passes: number;
    if (resolved.method === 'covariance') {
      // One pass: accumulate every range, merge.
      passes = 1 + (options.transform ? 1 : 0);
      const fitTasks: PcaTask[] = Array.from({ length: ranges }, (_, range) => ({ pass: 'fit', source, range, chunkRows, sampleSize }));
      const results = (await pool.runAll(fitTasks, new Progress(showProgress, totalUnits, unit, passLabel(1, passes)))) as FitResult[];
      fits = results;
      const acc = PcaAccumulator.fromJSON(results[0].accumulator);
      for (const r of results.slice(1)) acc.merge(PcaAccumulator.fromJSON(r.accumulator));
      if (acc.count === 0) throw noRows();
      model = acc.finish({ components: options.components });
    } else {
      // powerIterations + 1 passes: every range sums its partial, the main thread merges them
      // and ends the pass (the next basis, or the sketch after the last).
      const sketch = new RandomizedPcaSketch(resolved.settings, d);
      passes = resolved.settings.powerIterations + 1 + (options.transform ? 1 : 0);
      fits = [];
      while (!sketch.done) {
        const pass = sketch.pass;
        const plan = sketch.plan().toJSON();
        const tasks: PcaTask[] = Array.from({ length: ranges }, (_, range) => ({ pass: 'sketch', source, range, chunkRows, plan, sampleSize: pass === 0 ? sampleSize : 0 }));
        const results = (await pool.runAll(tasks, new Progress(showProgress, totalUnits, unit, passLabel(pass + 1, passes)))) as SketchResult[];
        if (pass === 0) {
          fits = results;
          if (results.every((r) => r.rows === 0)) throw noRows();
        } else {
          results.forEach((r, i) => {
            if (r.rows !== fits[i].rows) throw new MmlError(`${file} changed during the run (range ${i}: ${fits[i].rows} rows, then ${r.rows})`);
          });
        }
        throwIfInterrupted(signal);
        for (const r of results) sketch.merge(r.partial);
        sketch.endPass();
      }
      model = sketch.finish();
    }
    const rows = fits.reduce((s, r) => s + r.rows, 0);
    const k = model.nComponents;

    throwIfInterrupted(signal);
    const tmp = output.stage();
    const files: string[] = [];
    const put = (name: string, text: string) => {
      writeFileSync(join(tmp, name), text);
      files.push(name);
    };
    files.push(...writeModelFiles(tmp, model, names));

    // Pass 2: project every range into projections.npy (positional writes) or CSV parts.
    if (options.transform) {
      const name = `projections.${options.transform}`;
      const target = join(tmp, name);
      const starts = [0];
      for (const r of fits) starts.push(starts[starts.length - 1] + r.rows);
      let tasks: PcaTask[];
      if (options.transform === 'npy') {
        const head = npyHeaderBytes([rows, k]);
        const fd = openSync(target, 'w');
        writeSync(fd, head);
        ftruncateSync(fd, head.length + rows * k * 8);
        closeSync(fd);
        tasks = fits.map((_, range) => ({ pass: 'transform', source, range, chunkRows, model: model.toJSON(), output: { kind: 'npy', path: target, offset: head.length + starts[range] * k * 8 } }));
      } else {
        tasks = fits.map((_, range) => ({ pass: 'transform', source, range, chunkRows, model: model.toJSON(), output: { kind: 'csv', path: `${target}.part${range}` } }));
      }
      const done = (await pool.runAll(tasks, new Progress(showProgress, totalUnits, unit, passLabel(passes, passes)))) as TransformResult[];
      done.forEach((r, i) => {
        if (r.rows !== fits[i].rows) throw new MmlError(`${file} changed during the run (range ${i}: ${fits[i].rows} rows, then ${r.rows})`);
      });
      if (options.transform === 'csv') {
        const header = [...Array.from({ length: k }, (_, i) => `pc${i + 1}`), ...(labelName !== undefined ? [labelName] : [])];
        concatenate(target, header.map((h) => csvField(h)).join(',') + '\n', tasks.map((t) => (t as { output: { path: string } }).output.path));
      }
      files.push(name);
    }

    if (options.plot) {
      const title = options.title ?? basename(file);
      put('scree.svg', screePlot(model.explainedVarianceRatio, { title: `Scree plot — ${title}` }));
      if (k >= 2) {
        const { sample, labels } = mergeSamples(fits, d, SCATTER_POINTS);
        const z = model.transform(sample);
        const zx = new Float64Array(z.rows);
        const zy = new Float64Array(z.rows);
        for (let i = 0; i < z.rows; i++) ((zx[i] = z.data[i * k]), (zy[i] = z.data[i * k + 1]));
        const what = z.rows < rows ? `${z.rows} of ${rows} rows` : `${rows} rows`;
        put('scatter.svg', scatterPlot(zx, zy, { labels: labelName !== undefined ? labels : undefined, title: `PC 1 and 2 — ${title} (${what})` }));
      }
    }

    // Let a pending signal be handled before the point of no return.
    await new Promise<void>((r) => setImmediate(r));
    throwIfInterrupted(signal);
    await pool.close(); // no worker may still hold a file in the staging directory
    throwIfInterrupted(signal);
    // The commit: synchronous, so a signal is handled before it or after it, never inside.
    for (const warning of output.publish()) console.error(`mmlkit: ${warning}`);
    const seconds = (performance.now() - t0) / 1000;
    summarize(print, { file, rows, d, size, seconds, workers: pool.size || 1, model, outDir: output.path, files, labelName, method: resolved, passes });
    return { model, method: resolved.method, passes, rows, cols: d, outDir: output.path, files, seconds, bytes: size };
  } catch (err) {
    await pool.close(); // stop the workers before removing the files they write
    output.discard();
    throw err;
  }
}

type ResolvedMethod = { method: 'covariance' } | { method: 'randomized'; settings: SketchSettings };

/**
 * Checks the method flags against each other now, and returns what resolves the method (and
 * checks the width against its limit) once the width d is read from the file.
 */
function chooseMethod(file: string, options: PcaCommandOptions): (d: number) => ResolvedMethod {
  const { method = 'auto', components } = options;
  if (method !== 'auto' && method !== 'covariance' && method !== 'randomized') throw new OptionError('method', "'auto', 'covariance' or 'randomized'", method);
  const sketchFlags = { oversamples: options.oversamples, powerIterations: options.powerIterations, seed: options.seed };
  if (method === 'covariance') {
    for (const [key, value] of Object.entries(sketchFlags)) if (value !== undefined) throw new OptionError(key, 'given only with --method randomized (or auto)', value);
  }
  const integerK = Number.isSafeInteger(components) && components >= 1;
  const sketch = () => {
    const { whiten: _, ...settings } = sketchSettings({ components, ...sketchFlags }, 'mmlkit pca');
    return settings;
  };
  if (method === 'randomized') sketch(); // fractional -k and bad flags refused before any read
  return (d) => {
    const randomized = method === 'randomized' || (method === 'auto' && d > AUTO_RANDOMIZED_COLUMNS && integerK);
    if (!randomized) {
      checkColumns(file, d);
      return { method: 'covariance' };
    }
    const requested = sketch();
    checkSketchColumns(file, d, Math.min(d, requested.components + requested.oversamples));
    const settings = { ...requested, powerIterations: requested.powerIterations ?? defaultPowerIterations(requested.components, d) };
    checkKrylovColumns(file, d, Math.min(d, requested.components + requested.oversamples), settings.powerIterations + 1);
    return { method: 'randomized', settings };
  };
}

/** The bytes one worker's state takes for this width (to cut fewer ranges for wide data). */
function stateBytes(method: (d: number) => ResolvedMethod, d: number): number {
  const resolved = method(d);
  if (resolved.method === 'covariance') return workerStateBytes('covariance', d, 0);
  return workerStateBytes('randomized', d, Math.min(d, resolved.settings.components + resolved.settings.oversamples));
}

function passLabel(pass: number, passes: number): string {
  return `pass ${pass}/${passes}`;
}

function planSource(file: string, options: PcaCommandOptions, workers: number, size: number, method: (d: number) => ResolvedMethod): PcaSource {
  if (extname(file).toLowerCase() === '.npy') {
    if (options.columns || options.labelColumn !== undefined || options.delimiter !== undefined) {
      throw new MmlError('--columns, --label-column and --delimiter apply to CSV input only');
    }
    const header = readNpyHeader(file);
    const parts = rangesFor(workers, header.rows, MIN_RANGE_ROWS, stateBytes(method, header.cols));
    const cuts = Array.from({ length: parts + 1 }, (_, i) => Math.floor((header.rows * i) / parts));
    return { kind: 'npy', header, cuts };
  }
  const plan = planPcaCsv(file, options);
  const parts = rangesFor(workers, size - plan.dataStart, MIN_RANGE_BYTES, stateBytes(method, plan.outCols));
  return { kind: 'csv', plan, cuts: splitAtLines(file, plan.dataStart, parts) };
}

/** The CSV reading options of `mmlkit pca`. */
export type PcaCsvOptions = Pick<PcaCommandOptions, 'columns' | 'labelColumn' | 'delimiter' | 'header'>;

/** Plans a CSV input of `mmlkit pca` (also each file of a shard: distributed/shard.ts). */
export function planPcaCsv(file: string, options: PcaCsvOptions): CsvPlan {
  const csvOptions = {
    columns: options.columns,
    labelColumn: options.labelColumn,
    delimiter: options.delimiter,
    header: options.header ?? 'auto',
    finite: true, // PCA refuses NaN/Inf: say where they are instead of failing later
  };
  const plan = planCsv(file, csvOptions);
  // A field named "label" is a label, not a feature, unless the fields were chosen explicitly.
  const label = options.labelColumn === undefined && options.columns === undefined ? plan.header?.findIndex((h) => h.toLowerCase() === 'label') ?? -1 : -1;
  return label >= 0 ? planCsv(file, { ...csvOptions, labelColumn: label }) : plan;
}

/** Writes `head` and then the part files, in order, into `target`; removes the parts. */
function concatenate(target: string, head: string, parts: string[]): void {
  const out = openSync(target, 'w');
  try {
    writeSync(out, head);
    const buf = Buffer.alloc(1 << 20);
    for (const part of parts) {
      const fd = openSync(part, 'r');
      try {
        for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) writeSync(out, buf, 0, n);
      } finally {
        closeSync(fd);
      }
      rmSync(part);
    }
  } finally {
    closeSync(out);
  }
}

/** A uniform sample of up to `size` rows over all ranges (each range sampled in proportion). */
function mergeSamples(fits: RangeRead[], d: number, size: number): { sample: Matrix; labels: string[] } {
  const total = fits.reduce((s, r) => s + r.rows, 0);
  const rng = new Rng(0x5ca7);
  const rows: Float64Array[] = [];
  const labels: string[] = [];
  for (const r of fits) {
    const have = r.sample.length / d;
    const want = total <= size ? have : Math.min(have, Math.round((size * r.rows) / total));
    // Partial Fisher–Yates: a random `want` of the range's reservoir.
    const idx = Array.from({ length: have }, (_, i) => i);
    for (let i = 0; i < want; i++) {
      const j = i + Math.floor(rng.next() * (have - i));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    for (const i of idx.slice(0, want).sort((a, b) => a - b)) {
      rows.push(r.sample.subarray(i * d, (i + 1) * d));
      labels.push(r.sampleLabels[i] ?? '');
    }
  }
  const data = new Float64Array(rows.length * d);
  rows.forEach((row, i) => data.set(row, i * d));
  return { sample: new Matrix(rows.length, d, data), labels };
}

function summarize(
  print: (line: string) => void,
  s: {
    file: string;
    rows: number;
    d: number;
    size: number;
    seconds: number;
    workers: number;
    model: PcaModel;
    outDir: string;
    files: string[];
    labelName?: string;
    method: ResolvedMethod;
    passes: number;
  },
): void {
  const mb = s.size / 1e6;
  print(
    `${s.file}: ${s.rows} rows × ${s.d} columns (${mb.toFixed(1)} MB) in ${s.seconds.toFixed(2)} s — ` +
      `${(mb / s.seconds).toFixed(0)} MB/s, ${Math.round(s.rows / s.seconds)} rows/s; ${s.workers} worker${s.workers === 1 ? '' : 's'}, backend ${getBackend()}`,
  );
  if (s.method.method === 'randomized') {
    const { components, oversamples, powerIterations, seed } = s.method.settings;
    print(`method: randomized (k = ${components}, oversamples ${oversamples}, ${powerIterations} power iterations, seed ${seed}); ${s.passes} passes over the file`);
  } else {
    print(`method: covariance (exact); ${s.passes} pass${s.passes === 1 ? '' : 'es'} over the file`);
  }
  if (s.labelName !== undefined) print(`labels: field "${s.labelName}" (not a feature; --columns chooses the features)`);
  const { explainedVariance: v, explainedVarianceRatio: r } = s.model;
  print('');
  print(`${'component'.padStart(9)} ${'variance'.padStart(14)} ${'ratio'.padStart(8)} ${'cumulative'.padStart(10)}`);
  let c = 0;
  for (let i = 0; i < v.length; i++) {
    c += r[i];
    print(`${String(i + 1).padStart(9)} ${fmt(v[i]).padStart(14)} ${r[i].toFixed(4).padStart(8)} ${c.toFixed(4).padStart(10)}`);
  }
  print('');
  print(`wrote ${s.outDir}/: ${s.files.join(', ')}`);
}

function fmt(x: number): string {
  return Math.abs(x) >= 1e6 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(4) : x.toFixed(4);
}
