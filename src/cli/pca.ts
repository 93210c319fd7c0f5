/**
 * `mmlkit pca <file>`: PCA of a CSV/TSV or .npy file of any size. The file is read in chunks
 * by worker threads, each over its own byte range (CSV, cut at line starts) or row range (npy):
 * every worker parses and accumulates (PcaAccumulator) its range, so parsing and accumulation
 * run on all cores at once; the main thread merges the accumulators' JSON, the same unit a
 * distributed run would ship between machines. A second pass projects the rows (--transform).
 *
 * Output goes to a temporary directory beside --out and is moved into place only when
 * everything succeeded: a bad input leaves no partial output.
 */
import { existsSync, ftruncateSync, mkdirSync, openSync, closeSync, readSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import cliProgress from 'cli-progress';
import { MmlError, ParseError } from '../errors.js';
import { Matrix } from '../matrix.js';
import { getBackend, setBackend, type BackendChoice } from '../backend/registry.js';
import { PcaAccumulator } from '../pca/accumulator.js';
import type { PcaModel } from '../pca/model.js';
import { Rng } from '../random.js';
import { locateParseError, planCsv, splitAtLines } from '../io/csv.js';
import { npyHeaderBytes, readNpyHeader } from '../io/npy.js';
import { csvField } from '../io/csv-write.js';
import { screePlot } from '../plot/scree.js';
import { scatterPlot } from '../plot/scatter.js';
import {
  runTask, type FitResult, type PcaSource, type PcaTask, type ProgressMessage, type TaskError, type TransformResult,
} from './pca-task.js';

export interface PcaCommandOptions {
  /** Components to keep: a count ≥ 1, or a fraction in (0, 1) of the variance to explain. */
  components: number;
  /** Output directory (created; files of an earlier run in it are replaced). */
  out: string;
  backend?: BackendChoice;
  /** Write scree.svg and scatter.svg. */
  plot?: boolean;
  /** Worker threads (default: the cores available). 1 runs in the main thread. */
  workers?: number;
  /** Also write the projected rows as projections.npy or projections.csv (a second pass). */
  transform?: 'npy' | 'csv';
  /** CSV fields to use (names or 0-based indices); default all but the label column. */
  columns?: string[];
  /** CSV field with a label per row (colours the scatter; copied to projections.csv). */
  labelColumn?: string;
  delimiter?: string;
  header?: 'auto' | boolean;
  /** Rows per chunk (default: about 8 MB of float64, at most 8192 rows). */
  chunkRows?: number;
  /** Progress bar on stderr (default: when stderr is a TTY). */
  progress?: boolean;
  /** Where the summary goes (default console.log); pass () => {} for silence. */
  print?: (line: string) => void;
  /** Title prefix for the plots (default: the file name). */
  title?: string;
}

export interface PcaCommandResult {
  model: PcaModel;
  rows: number;
  cols: number;
  /** Absolute output directory and the files written in it. */
  outDir: string;
  files: string[];
  seconds: number;
  bytes: number;
}

/** Every file the command may write: a rerun removes those it did not write this time. */
const OUTPUTS = ['model.json', 'components.csv', 'explained_variance.csv', 'projections.npy', 'projections.csv', 'scree.svg', 'scatter.svg'];
/** Rows drawn in scatter.svg at most (a uniform random sample beyond that). */
const SCATTER_POINTS = 5000;

/**
 * Runs the whole pipeline. Throws ParseError (file:line:column) on bad input, MmlError on bad
 * options discovered against the data; the output directory is then left untouched.
 */
export async function runPcaCommand(file: string, options: PcaCommandOptions): Promise<PcaCommandResult> {
  const t0 = performance.now();
  const print = options.print ?? ((line: string) => console.log(line));
  const workers = Math.max(1, options.workers ?? availableParallelism());
  const outDir = resolve(options.out);
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) throw new MmlError(`--out ${options.out} exists and is not a directory`);
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new MmlError(`cannot read ${file}: no such file`);
  }
  if (options.backend) setBackend(options.backend);

  const source = planSource(file, options, workers);
  const d = source.kind === 'csv' ? source.plan.outCols : source.header.cols;
  // About 8 MB of float64 per chunk: large enough to amortise the kernel calls, small enough
  // that two workers stay far below the memory budget even for wide data.
  const chunkRows = options.chunkRows ?? Math.min(8192, Math.max(256, Math.floor((8 << 20) / (8 * Math.max(1, d)))));
  const names = source.kind === 'csv' ? source.plan.columnNames : Array.from({ length: d }, (_, j) => `c${j}`);
  const labelName = source.kind === 'csv' ? source.plan.labelName : undefined;
  const ranges = source.cuts.length - 1;
  const totalUnits = source.kind === 'csv' ? size - source.plan.dataStart : source.header.rows;
  const showProgress = options.progress ?? Boolean(process.stderr.isTTY);

  const pool = new TaskPool(ranges === 1 && workers === 1 ? 0 : ranges, options.backend);
  const tmp = join(dirname(outDir), `.${basename(outDir)}.tmp-${process.pid}-${randomBytes(3).toString('hex')}`);
  const cleanup = () => rmSync(tmp, { recursive: true, force: true });
  const onSignal = () => {
    cleanup();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  try {
    // Pass 1: accumulate every range, merge.
    const fitTasks: PcaTask[] = Array.from({ length: ranges }, (_, range) => ({ pass: 'fit', source, range, chunkRows, sampleSize: options.plot ? SCATTER_POINTS : 0 }));
    const fits = (await pool.runAll(fitTasks, new Progress(showProgress, totalUnits, source.kind === 'csv' ? 'bytes' : 'rows', 'fit'))) as FitResult[];
    const acc = PcaAccumulator.fromJSON(fits[0].accumulator);
    for (const r of fits.slice(1)) acc.merge(PcaAccumulator.fromJSON(r.accumulator));
    const rows = fits.reduce((s, r) => s + r.rows, 0);
    if (rows === 0) {
      const line = source.kind === 'csv' ? source.plan.dataStartLine : 1;
      throw new ParseError('no data rows', file, line, 1);
    }
    const model = acc.finish({ components: options.components });
    const k = model.nComponents;

    mkdirSync(tmp, { recursive: true });
    const files: string[] = [];
    const put = (name: string, text: string) => {
      writeFileSync(join(tmp, name), text);
      files.push(name);
    };
    put('model.json', JSON.stringify(model.toJSON()) + '\n');
    put('components.csv', [names.map((n) => csvField(n)).join(','), ...model.components.toArray().map((r) => r.map(String).join(','))].join('\n') + '\n');
    const ev: string[] = ['component,variance,ratio,cumulative'];
    let cumulative = 0;
    for (let i = 0; i < k; i++) {
      cumulative += model.explainedVarianceRatio[i];
      ev.push(`${i + 1},${model.explainedVariance[i]},${model.explainedVarianceRatio[i]},${cumulative}`);
    }
    put('explained_variance.csv', ev.join('\n') + '\n');

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
      const done = (await pool.runAll(tasks, new Progress(showProgress, totalUnits, source.kind === 'csv' ? 'bytes' : 'rows', 'transform'))) as TransformResult[];
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

    publish(tmp, outDir, files);
    const seconds = (performance.now() - t0) / 1000;
    summarize(print, { file, rows, d, size, seconds, workers: pool.size || 1, model, outDir, files, labelName });
    return { model, rows, cols: d, outDir, files, seconds, bytes: size };
  } catch (err) {
    cleanup();
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    await pool.close();
  }
}

function planSource(file: string, options: PcaCommandOptions, workers: number): PcaSource {
  if (extname(file).toLowerCase() === '.npy') {
    if (options.columns || options.labelColumn !== undefined || options.delimiter !== undefined) {
      throw new MmlError('--columns, --label-column and --delimiter apply to CSV input only');
    }
    const header = readNpyHeader(file);
    const cuts = Array.from({ length: workers + 1 }, (_, i) => Math.floor((header.rows * i) / workers));
    return { kind: 'npy', header, cuts };
  }
  const plan = planCsv(file, {
    columns: options.columns,
    labelColumn: options.labelColumn,
    delimiter: options.delimiter,
    header: options.header ?? 'auto',
    finite: true, // PCA refuses NaN/Inf: say where they are instead of failing later
  });
  return { kind: 'csv', plan, cuts: splitAtLines(file, plan.dataStart, workers) };
}

/** Moves the finished files into `outDir` (the whole directory when it is new). */
function publish(tmp: string, outDir: string, files: string[]): void {
  if (!existsSync(outDir)) {
    mkdirSync(dirname(outDir), { recursive: true });
    renameSync(tmp, outDir);
    return;
  }
  for (const f of files) renameSync(join(tmp, f), join(outDir, f));
  // Outputs of an earlier run that this one did not write would no longer match the model.
  for (const f of OUTPUTS) if (!files.includes(f)) rmSync(join(outDir, f), { force: true });
  rmdirSync(tmp);
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
function mergeSamples(fits: FitResult[], d: number, size: number): { sample: Matrix; labels: string[] } {
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
  s: { file: string; rows: number; d: number; size: number; seconds: number; workers: number; model: PcaModel; outDir: string; files: string[]; labelName?: string },
): void {
  const mb = s.size / 1e6;
  print(
    `${s.file}: ${s.rows} rows × ${s.d} columns (${mb.toFixed(1)} MB) in ${s.seconds.toFixed(2)} s — ` +
      `${(mb / s.seconds).toFixed(0)} MB/s, ${Math.round(s.rows / s.seconds)} rows/s; ${s.workers} worker${s.workers === 1 ? '' : 's'}, backend ${getBackend()}`,
  );
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

/** A progress bar on stderr with rows/s and ETA (cli-progress), or nothing. */
class Progress {
  private bar: cliProgress.SingleBar | undefined;
  private units = 0;
  private rows = 0;
  private readonly t0 = performance.now();

  constructor(enabled: boolean, total: number, unit: 'bytes' | 'rows', label: string) {
    if (!enabled) return;
    this.bar = new cliProgress.SingleBar(
      {
        format: `${label.padEnd(9)} {bar} {percentage}% | {rows} rows | {rate} rows/s | {mbs} | ETA {eta_formatted}`,
        stream: process.stderr,
        hideCursor: true,
        fps: 8,
        etaBuffer: 40,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(Math.max(1, total), 0, { rows: '0', rate: '0', mbs: unit === 'bytes' ? '0 MB/s' : '' });
    this.unit = unit;
  }

  private unit: 'bytes' | 'rows' = 'rows';

  tick(p: ProgressMessage): void {
    this.units += p.units;
    this.rows += p.rows;
    if (!this.bar) return;
    const s = Math.max(1e-3, (performance.now() - this.t0) / 1000);
    this.bar.update(this.units, {
      rows: this.rows.toLocaleString('en-US'),
      rate: Math.round(this.rows / s).toLocaleString('en-US'),
      mbs: this.unit === 'bytes' ? `${(this.units / 1e6 / s).toFixed(0)} MB/s` : '',
    });
  }

  stop(): void {
    this.bar?.stop();
  }
}

/**
 * Worker threads, one per range (0 = run in the main thread). A failure in any worker
 * terminates the others and rejects with the error rebuilt (ParseError keeps file:line:column).
 */
class TaskPool {
  private workers: Worker[] = [];

  constructor(
    readonly size: number,
    private readonly backend: BackendChoice | undefined,
  ) {}

  async runAll(tasks: PcaTask[], progress: Progress): Promise<(FitResult | TransformResult)[]> {
    try {
      if (this.size === 0) {
        const pause = () => new Promise<void>((r) => setImmediate(r));
        const out: (FitResult | TransformResult)[] = [];
        for (const t of tasks) out.push(await runTask(t, (p) => progress.tick(p), pause));
        return out;
      }
      while (this.workers.length < tasks.length) {
        this.workers.push(new Worker(new URL('./pca-worker.js', import.meta.url), { workerData: { backend: this.backend } }));
      }
      return await new Promise((resolvePromise, reject) => {
        const results: (FitResult | TransformResult)[] = new Array(tasks.length);
        let left = tasks.length;
        let failed = false;
        const fail = (err: Error) => {
          if (failed) return;
          failed = true;
          for (const w of this.workers) w.removeAllListeners('message').removeAllListeners('error');
          reject(err);
        };
        tasks.forEach((task, i) => {
          const w = this.workers[i];
          w.removeAllListeners('message').removeAllListeners('error');
          w.on('error', (e) => fail(e));
          w.on('message', (m: { type: string } & Record<string, unknown>) => {
            if (m.type === 'progress') progress.tick(m as unknown as ProgressMessage);
            else if (m.type === 'error') {
              try {
                fail(rebuildError(m.error as TaskError));
              } catch (e) {
                fail(e as Error);
              }
            } else if (m.type === 'done') {
              results[i] = m.result as FitResult | TransformResult;
              if (--left === 0 && !failed) resolvePromise(results);
            }
          });
          w.postMessage(task);
        });
      });
    } finally {
      progress.stop();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers = [];
  }
}

function rebuildError(e: TaskError): Error {
  switch (e.kind) {
    case 'parse':
      return new ParseError(e.message, e.file, e.line, e.column);
    case 'csv-range':
      return locateParseError(e);
    case 'mml': {
      const err = new MmlError(e.message);
      err.name = e.name;
      return err;
    }
    default: {
      const err = new Error(e.message);
      if (e.stack) err.stack = e.stack;
      return err;
    }
  }
}
