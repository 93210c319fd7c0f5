/**
 * The worker threads of `mmlkit pca` (one per range of the input, or the main thread) and its
 * progress bar; shared by the local run and the shard verb (shard.ts), whose ranges may come
 * from several files (each task carries its own source).
 */
import cliProgress from 'cli-progress';
import { decodeError } from '../pool/wire.js';
import { MmlError, ParseError, PoolError } from '../errors.js';
import { nodeHost } from '../pool/create-pool.js';
import { WorkerPool } from '../pool/pool-core.js';
import type { BackendChoice } from '../backend/registry.js';
import { CsvRangeError, locateParseError } from '../io/csv.js';
import { locateDataRow, locateRangeRow } from './locate-row.js';
import { throwIfInterrupted } from './signals.js';
import {
  RangeRowError, runTask, serializeError, type FitResult, type PcaSource, type PcaTask, type ProgressMessage, type SketchResult, type TaskError, type TaskOutcome, type TransformResult,
} from './pca-task.js';

/** A progress bar on stderr with rows/s and ETA (cli-progress), or nothing. */
export class Progress {
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

type TaskResult = FitResult | SketchResult | TransformResult;

/**
 * Worker threads, one per range, on the library's own pool (pool-core.ts: the same queue, abort
 * and close as createPool) serving the range tasks of pca-worker.ts; size 0 runs the tasks in
 * the main thread instead (one range: a worker would only add its start-up). When ranges fail,
 * the error reported is the earliest range's (ranges are in file order and each reads in order,
 * so that is the first bad line of the file, whichever worker finished first); it is rebuilt as
 * the right error (ParseError keeps file:line:column). An abort of `signal` rejects at once.
 */
export class TaskPool {
  private readonly pool: WorkerPool | undefined;

  constructor(
    readonly size: number,
    backend: BackendChoice | undefined,
    private readonly source: PcaSource | undefined,
    private readonly signal: AbortSignal | undefined,
  ) {
    // Normal priority: the CLI's main thread only waits and draws the progress bar.
    const host = nodeHost(new URL('./pca-worker.js', import.meta.url), { backend, lowPriority: false });
    this.pool = size === 0 ? undefined : new WorkerPool(host, size, Infinity);
  }

  async runAll(tasks: PcaTask[], progress: Progress): Promise<TaskResult[]> {
    try {
      throwIfInterrupted(this.signal);
      return this.pool ? await this.inWorkers(this.pool, tasks, progress) : await this.inMainThread(tasks, progress);
    } finally {
      progress.stop();
    }
  }

  private async inMainThread(tasks: PcaTask[], progress: Progress): Promise<TaskResult[]> {
    const pause = async () => {
      await new Promise<void>((r) => setImmediate(r));
      throwIfInterrupted(this.signal);
    };
    const out: TaskResult[] = [];
    for (const t of tasks) {
      try {
        out.push(await runTask(t, (p) => progress.tick(p), pause));
      } catch (e) {
        // Only a row index or a byte offset needs placing in the file (as the worker-thread path
        // does); anything else (an interruption too) as is.
        throw e instanceof RangeRowError || e instanceof CsvRangeError ? this.rebuild(serializeError(e), t, out) : e;
      }
    }
    return out;
  }

  private inWorkers(pool: WorkerPool, tasks: PcaTask[], progress: Progress): Promise<TaskResult[]> {
    return new Promise((resolve, reject) => {
      const n = tasks.length;
      const results: TaskResult[] = new Array(n);
      const errors: (TaskError | Error | undefined)[] = new Array(n);
      const finished: boolean[] = new Array(n).fill(false);
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        this.signal?.removeEventListener('abort', onAbort);
        outcome();
      };
      // Settles once the earliest failed range has no unfinished range before it.
      const check = () => {
        if (settled) return;
        for (let i = 0; i < n; i++) {
          const e = errors[i];
          if (e !== undefined) {
            settle(() => {
              try {
                reject(e instanceof Error ? e : this.rebuild(e, tasks[i], results));
              } catch (err) {
                reject(err);
              }
            });
            return;
          }
          if (!finished[i]) return;
        }
        settle(() => resolve(results));
      };
      const onAbort = () => settle(() => reject(this.signal!.reason));
      this.signal?.addEventListener('abort', onAbort, { once: true });
      tasks.forEach((task, i) => {
        const onProgress = (p: unknown) => {
          if (!settled) progress.tick(p as ProgressMessage);
        };
        pool.run('pcaRange', [task], { onProgress }).then(
          (value) => {
            const outcome = value as TaskOutcome;
            if (outcome.ok) results[i] = outcome.result;
            else errors[i] = outcome.error;
          },
          (e: unknown) => {
            errors[i] = e instanceof PoolError && e.code === 'worker-exited' ? new MmlError(`the worker reading range ${i} of the input stopped: ${e.message}`) : (e as Error);
          },
        ).finally(() => {
          finished[i] = true;
          check();
        });
      });
    });
  }

  /** The error of `task`; `before` holds the results of every earlier task. */
  private rebuild(e: TaskError, task: PcaTask, before: TaskResult[]): Error {
    if (e.kind !== 'row') return rebuildError(e);
    if (task.source !== this.source) return locateRangeRow(task.source, task.range, e.row, e.column, e.reason);
    let row = e.row;
    for (let i = 0; i < task.range; i++) row += before[i].rows;
    return locateDataRow(task.source, row, e.column, e.reason);
  }

  /** Ends the worker threads (at once: a run that failed or was interrupted does not wait for them). */
  async close(): Promise<void> {
    await this.pool?.terminate();
  }
}

export function rebuildError(e: TaskError): Error {
  switch (e.kind) {
    case 'parse':
      return new ParseError(e.message, e.file, e.line, e.column);
    case 'csv-range':
      return locateParseError(e);
    case 'row':
      return new MmlError(e.reason);
    case 'error':
      return decodeError(e.error);
  }
}
