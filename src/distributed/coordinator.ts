/**
 * `mmlkit pca FILE... --redis redis://HOST:PORT --shards 64 -k 10 --out DIR` and its library
 * form `runPcaOnRedis`: enqueues one BullMQ job per shard (ids `${run}-${shard}`), merges each
 * part as its result arrives (memory O(d²); results keyed by shard, so a job that ran twice
 * counts once), and publishes the model as a local run would.
 *
 * - Resuming: the run id is a hash of the inputs and options, so a coordinator started again
 *   with the same arguments re-adds the same job ids (BullMQ ignores them) and takes the
 *   results of jobs that already finished from Redis instead of running them again.
 * - Failure: a job failing (bad data: ParseError with file:line:column) fails the run, removes
 *   the run's waiting jobs and writes nothing.
 * - Redis unreachable: a clear error within `timeoutSeconds`, at start or during the run.
 * On success the run's jobs are removed from Redis.
 */
import { resolve } from 'node:path';
import { MmlError, OptionError } from '../errors.js';
import type { PcaModel } from '../pca/model.js';
import type { PcaCsvOptions } from '../cli/pca.js';
import { OutputDir } from '../cli/output-dir.js';
import { publishModel } from '../cli/merge.js';
import { throwIfInterrupted } from '../cli/signals.js';
import { planInputs } from './shard.js';
import { isHttpUrl } from '../io/http-range.js';
import { PartMerger } from './part.js';
import { DEFAULT_QUEUE, decodeFailure, jobIdOf, runIdOf, type ShardJobData } from './jobs.js';
import { checkRedis, DEFAULT_REDIS_TIMEOUT_SECONDS, loadBullmq, openPinger, parseRedisUrl, withTimeout } from './redis.js';

/** Options of {@link runPcaOnRedis}. */
export interface RedisPcaOptions extends PcaCsvOptions {
  /** redis://HOST:PORT */
  redis: string;
  /** Jobs to cut the data into (default 64). */
  shards?: number;
  /** BullMQ queue name (default 'mmlkit-pca'); the workers must use the same. */
  queue?: string;
  /** Components to keep: a count ≥ 1, or a fraction in (0, 1) of the variance. */
  components: number;
  /** Directory the model files are published into (written whole or not at all). */
  out: string;
  /** Also write a scree plot, scree.svg (default false). */
  plot?: boolean;
  /** Rows per chunk the workers read (default: about 8 MB of float64, at most 8192 rows). */
  chunkRows?: number;
  /** Give up when Redis does not answer for this long (default 10 s). */
  timeoutSeconds?: number;
  /** A line on stderr per shard merged (default false). */
  progress?: boolean;
  /** Where the summary lines go (default console.log). */
  print?: (line: string) => void;
  /** Aborts the run: waiting jobs are removed and nothing is written. */
  signal?: AbortSignal;
}

/** What {@link runPcaOnRedis} resolves to. */
export interface RedisPcaResult {
  /** The fitted model (also written into `outDir`). */
  model: PcaModel;
  /** Rows of all the files together. */
  rows: number;
  /** Feature columns. */
  cols: number;
  /** The run id (a hash of the inputs and options): the same arguments resume the same run. */
  run: string;
  /** Shards whose results were already in Redis when this coordinator started (a resumed run). */
  resumed: number;
  /** The directory the model was published into (`out`, resolved). */
  outDir: string;
  /** The files written there (model.json, components.csv …). */
  files: string[];
  /** Wall-clock time of the run. */
  seconds: number;
}

/**
 * Runs PCA of `files` on the mmlkit workers of a Redis queue and publishes the model into `out`.
 * Every worker must see the files at the same absolute paths. Needs the optional peer packages
 * `bullmq` and `ioredis`.
 * @throws OptionError for bad options; ParseError (file:line:column) when a shard meets bad
 *   data; MmlError when Redis does not answer within `timeoutSeconds` or the peer packages are
 *   missing.
 * @example await runPcaOnRedis(['/shared/big.csv'], { redis: 'redis://10.0.0.5:6379', shards: 64, components: 10, out: 'model' })
 */
export async function runPcaOnRedis(files: string[], options: RedisPcaOptions): Promise<RedisPcaResult> {
  const t0 = performance.now();
  const { signal } = options;
  throwIfInterrupted(signal);
  const shards = options.shards ?? 64;
  if (!Number.isSafeInteger(shards) || shards < 1 || shards > 100_000) throw new OptionError('shards', 'an integer from 1 to 100000', shards);
  const target = parseRedisUrl(options.redis);
  const timeoutMs = (options.timeoutSeconds ?? DEFAULT_REDIS_TIMEOUT_SECONDS) * 1000;
  const output = new OutputDir(options.out);
  const csv: PcaCsvOptions = { columns: options.columns, labelColumn: options.labelColumn, delimiter: options.delimiter, header: options.header ?? 'auto' };
  const bullmq = loadBullmq(); // loaded now (~0.25 s of CPU), before the files are planned and Redis checked
  bullmq.catch(() => {});
  const set = await planInputs(files, csv, signal); // the columns are checked here, before any job is queued
  // Workers get absolute paths: they run in other directories (and on other machines, where the
  // shared storage must be mounted at the same place). URLs go as they are.
  const absolute = files.map((f) => (isHttpUrl(f) ? f : resolve(f)));
  await checkRedis(options.redis, target, timeoutMs / 1000);
  const run = runIdOf(files, set.inputs, csv, shards, options.chunkRows);
  const { Queue, QueueEvents } = await bullmq;
  const queueName = options.queue ?? DEFAULT_QUEUE;
  const queue = new Queue<ShardJobData>(queueName, { connection: target });
  const events = new QueueEvents(queueName, { connection: target });
  queue.on('error', () => {});
  events.on('error', () => {});
  const pinger = openPinger(target);
  const merger = new PartMerger();
  const note = options.progress ? (line: string) => console.error(`mmlkit: ${line}`) : () => {};
  let resumed = 0;
  let redisLost = false;
  let watchdog: NodeJS.Timeout | undefined;
  const ids = Array.from({ length: shards }, (_, i) => jobIdOf(run, i));
  const idToShard = new Map(ids.map((id, i) => [id, i]));
  // Best effort: a job still running cannot be removed (its worker finishes; nobody reads the result).
  const cleanUp = () => withTimeout(Promise.all(ids.map((id) => queue.remove(id).catch(() => 0))), 5000, 'cleanup').catch(() => {});
  try {
    await withTimeout(events.waitUntilReady(), timeoutMs, `lost Redis at ${options.redis}`);
    const outcome = new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (err: Error) => {
        if (!settled) ((settled = true), reject(err));
      };
      const take = (id: string, part: unknown, before = false) => {
        const shard = idToShard.get(id);
        if (shard === undefined || settled) return;
        try {
          const value = typeof part === 'string' ? JSON.parse(part) : part;
          if (merger.add(value, `shard ${shard} (job ${id})`, 'skip')) {
            if (before) resumed++;
            note(`shard ${shard} merged: ${merger.merged}/${shards}${before ? ' (result already in Redis)' : ''} after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
          }
        } catch (err) {
          fail(err as Error);
          return;
        }
        if (merger.merged === shards && !settled) ((settled = true), resolve());
      };
      events.on('completed', ({ jobId, returnvalue }) => take(jobId, returnvalue));
      events.on('failed', ({ jobId, failedReason }) => {
        if (idToShard.has(jobId)) fail(decodeFailure(failedReason));
      });
      signal?.addEventListener('abort', () => fail(signal.reason as Error), { once: true });
      // Redis must keep answering: a dead one is an error within the timeout, not a hang.
      let lastAnswer = Date.now();
      watchdog = setInterval(() => {
        withTimeout(pinger.ping(), 1000, 'ping').then(
            () => (lastAnswer = Date.now()),
            () => {
              if (Date.now() - lastAnswer > timeoutMs) (redisLost = true), fail(new MmlError(`lost Redis at ${options.redis}: no answer for ${timeoutMs / 1000} s (${merger.merged}/${shards} shards merged; run the same command again to resume)`));
            },
          );
      }, 500);
      // Subscribed first, then queued and scanned: a job finishing in between is seen either way.
      (async () => {
        const data = (shard: number): ShardJobData => ({ run, files: absolute, inputs: set.inputs, shard, shards, options: csv, chunkRows: options.chunkRows });
        await queue.addBulk(ids.map((id, shard) => ({ name: 'shard', data: data(shard), opts: { jobId: id, attempts: 1, removeOnFail: false, removeOnComplete: false } })));
        note(`${run}: ${shards} shard jobs on queue ${queueName}`);
        for (const id of ids) {
          if (settled) return;
          const job = await queue.getJob(id);
          if (!job) continue;
          if (job.finishedOn && job.failedReason) fail(decodeFailure(job.failedReason));
          else if (job.finishedOn && job.returnvalue !== undefined && job.returnvalue !== null) take(id, job.returnvalue, true);
        }
      })().catch((err) => fail(err instanceof MmlError ? err : new MmlError(`Redis: ${(err as Error).message}`)));
    });
    await outcome;
    clearInterval(watchdog);
    const published = publishModel(merger, { components: options.components, output, plot: options.plot, print: options.print, signal, source: `${shards} shards over Redis (${resumed} resumed)` });
    await cleanUp();
    return { ...published, run, resumed, seconds: (performance.now() - t0) / 1000 };
  } catch (err) {
    clearInterval(watchdog);
    output.discard();
    if (!redisLost) await cleanUp(); // else the results in Redis stay for a resumed run
    throw err;
  } finally {
    clearInterval(watchdog);
    pinger.disconnect();
    await withTimeout(Promise.all([events.close(), queue.close()]), 2000, 'close').catch(() => {
      void events.disconnect();
      void queue.disconnect();
    });
  }
}
