/**
 * `mmlkit worker --redis redis://HOST:PORT`: takes shard jobs of `mmlkit pca --redis` from a
 * BullMQ queue and answers each with its part (computeShard, on all cores). A worker killed
 * mid-job loses its lock; BullMQ's stalled-job check (run by the other workers every
 * `stalledInterval`) puts the job back in the queue. Bad data fails the job for good
 * (UnrecoverableError): running it again would fail the same way.
 */
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { BackendChoice } from '../backend/registry.js';
import { loadNative } from '../backend/native/load.js';
import { checkWorkers } from '../cli/limits.js';
import { Interrupted } from '../cli/signals.js';
import { MmlError } from '../errors.js';
import type { RandomizedPcaPassJson } from '../pca/sketch-pass.js';
import { computeShard, computeSketchShard, checkInputs, type ShardOptions } from './shard.js';
import { DEFAULT_QUEUE, encodeFailure, type ShardJobData, type SketchPassJob } from './jobs.js';
import { PCA_PART_FORMAT, PCA_PART_VERSION } from './part.js';
import type { SketchPartJson } from './pass-state.js';
import { checkRedis, DEFAULT_REDIS_TIMEOUT_SECONDS, loadBullmq, openStore, parseRedisUrl, withTimeout, type RunStore } from './redis.js';
import type { PcaPartJson } from './part.js';

/** A killed worker's job runs again within about lock + stalled interval (5–7.5 s). */
const DEFAULT_LOCK_MS = 5_000;
const DEFAULT_STALLED_INTERVAL_MS = 2_500;

/**
 * Options of {@link startPcaWorker}.
 * @inline
 */
export interface PcaWorkerOptions {
  /** redis://HOST:PORT */
  redis: string;
  /** BullMQ queue name (default 'mmlkit-pca'): the coordinator's. */
  queue?: string;
  /** Worker threads per job (default: the cores available). */
  workers?: number;
  /** Jobs at once (default 1). */
  concurrency?: number;
  /** Backend of the job's computation (default 'auto'). */
  backend?: BackendChoice;
  /** Give up at start when Redis does not answer for this long (default 10 s). */
  timeoutSeconds?: number;
  /**
   * BullMQ's job lock, ms (default 5 000; BullMQ's own is 30 000): a killed worker's job is taken
   * again after about this long. The lock is renewed from the event loop every half of it; the
   * job's work runs in worker threads, and the loop's longest stall is logged per job (≈ 0.1 s
   * on a busy 2-core machine), so well under a second is safe where workers are not starved.
   */
  lockDuration?: number;
  /** How often this worker looks for stalled jobs, ms (default 2 500). */
  stalledInterval?: number;
  /**
   * Threads of the native backend's own pool in this process (default: the cores). Several
   * worker processes on one machine each fork their pool per chunk and oversubscribe the cores
   * (3 workers on 2 cores, native gram at 2 threads each: jobs 1.5–2× slower); 1 then helps.
   */
  nativeThreads?: number;
  /** Fault injection for tests: wait this long (ms) at the start of every job. */
  jobDelay?: number;
  /** Called with a line per job started, done or failed. */
  log?: (line: string) => void;
}

/**
 * A running worker ({@link startPcaWorker}).
 * @inline
 */
export interface PcaWorker {
  /** Stops taking jobs; a job in progress is abandoned (another worker takes it once its lock expires). */
  close(): Promise<void>;
}

/**
 * Starts a worker; resolves once it is connected and taking jobs. Needs the optional peer
 * packages `bullmq` and `ioredis`.
 * @throws OptionError for a `redis` that is not redis://HOST:PORT[/DB] or a bad `workers`;
 *   MmlError when Redis does not answer within `timeoutSeconds` or the peer packages are missing.
 * @example const w = await startPcaWorker({ redis: 'redis://127.0.0.1:6379' }); … await w.close();
 */
export async function startPcaWorker(options: PcaWorkerOptions): Promise<PcaWorker> {
  const target = parseRedisUrl(options.redis);
  const threads = checkWorkers(options.workers ?? availableParallelism());
  await checkRedis(options.redis, target, options.timeoutSeconds ?? DEFAULT_REDIS_TIMEOUT_SECONDS);
  if (options.nativeThreads !== undefined) {
    try {
      loadNative().setThreads(options.nativeThreads); // process-wide: the job's worker threads share it
    } catch {
      // no native backend here: nothing to limit
    }
  }
  const { Worker, UnrecoverableError } = await loadBullmq();
  const log = options.log ?? (() => {});
  const store = openStore(target, (options.timeoutSeconds ?? DEFAULT_REDIS_TIMEOUT_SECONDS) * 1000);
  const plans = new PlanCache(store);
  const worker = new Worker<ShardJobData, PcaPartJson | SketchPartJson>(
    options.queue ?? DEFAULT_QUEUE,
    async (job) => {
      const { files, inputs, shard, shards, options: csv, chunkRows, run, pass } = job.data;
      const t0 = performance.now();
      // The lock is renewed from this thread's event loop (every lockDuration / 2): its longest
      // stall during the job, logged, says how short a --lock-duration this machine can keep.
      const loopDelay = monitorEventLoopDelay({ resolution: 10 });
      loopDelay.enable();
      const what = `${run} shard ${shard}/${shards}${pass ? ` pass ${pass.index + 1}` : ''}`;
      log(`${what} started`);
      if (options.jobDelay) await new Promise((r) => setTimeout(r, options.jobDelay));
      try {
        await checkInputs(files, inputs);
        const read = { ...csv, chunkRows, workers: threads, backend: options.backend };
        const part = pass ? await sketchPart(files, shard, shards, pass, await plans.get(pass.planKey), read) : await computeShard(files, shard, shards, read);
        log(`${what}: ${part.rows} rows in ${((performance.now() - t0) / 1000).toFixed(2)} s (event loop stalled ≤ ${(loopDelay.max / 1e6).toFixed(0)} ms)`);
        return part;
      } catch (err) {
        log(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
        throw new UnrecoverableError(encodeFailure(err));
      } finally {
        loopDelay.disable();
      }
    },
    {
      connection: target,
      concurrency: options.concurrency ?? 1,
      lockDuration: options.lockDuration ?? DEFAULT_LOCK_MS,
      stalledInterval: options.stalledInterval ?? DEFAULT_STALLED_INTERVAL_MS,
      // A job whose worker died is taken again; a few deaths in a row mean something is wrong with it.
      maxStalledCount: 3,
      autorun: true,
    },
  );
  worker.on('error', () => {}); // connection errors: ioredis reconnects; nothing to do here
  await worker.waitUntilReady();
  return {
    close: async () => {
      await withTimeout(worker.close(true), 5000, 'the worker did not close within 5 s').catch(() => worker.disconnect());
      store.disconnect();
    },
  };
}

/** A randomized pass's part of one shard, as `mmlkit pca --shard i/n --pass-state` writes it. */
async function sketchPart(files: string[], index: number, count: number, pass: SketchPassJob, plan: RandomizedPcaPassJson, read: ShardOptions): Promise<SketchPartJson> {
  const { set, rows, partial } = await computeSketchShard(files, index, count, plan, read);
  return { format: PCA_PART_FORMAT, version: PCA_PART_VERSION, method: 'randomized', shard: { index, count }, inputs: set.inputs, data: set.data, settings: set.settings, pass: pass.index, rows, partial };
}

/**
 * The plan of the pass being read, fetched from Redis once per pass (every shard job of the pass
 * names the same key) rather than once per job: a wide basis is megabytes.
 */
class PlanCache {
  private key: string | undefined;
  private plan: Promise<RandomizedPcaPassJson> | undefined;
  constructor(private readonly store: RunStore) {}

  get(key: string): Promise<RandomizedPcaPassJson> {
    if (key !== this.key || !this.plan) {
      this.key = key;
      this.plan = this.store.get(key).then((text) => {
          if (text === null) throw new MmlError(`the pass's plan ${key} is not in Redis (the run was cleaned up or Redis restarted): start the coordinator again`);
          return JSON.parse(text) as RandomizedPcaPassJson;
        });
      const fetching = this.plan;
      // A failed fetch is tried again by the next job (unless another pass's plan came since).
      fetching.catch(() => {
        if (this.plan === fetching) this.plan = undefined;
      });
    }
    return this.plan;
  }
}

/** The command: runs a worker until the signal fires, then closes it and rethrows the signal's reason. */
export async function runWorkerCommand(options: PcaWorkerOptions & { signal: AbortSignal }): Promise<never> {
  const log = options.log ?? ((line: string) => console.error(`mmlkit worker: ${line}`));
  const worker = await startPcaWorker({ ...options, log });
  log(`taking jobs from queue ${options.queue ?? DEFAULT_QUEUE} on ${options.redis}`);
  await new Promise<void>((resolve) => (options.signal.aborted ? resolve() : options.signal.addEventListener('abort', () => resolve(), { once: true })));
  await worker.close();
  const reason = options.signal.reason as unknown;
  if (reason instanceof Interrupted) {
    // The command line's exit status for the signal, with what it means for a worker.
    reason.message = `worker stopped by ${reason.signal}; a job it had taken goes back to the queue once its lock expires`;
  }
  throw reason;
}
