/**
 * `mmlkit pca FILE... --redis redis://HOST:PORT --shards 64 -k 10 --out DIR` and its library
 * form `runPcaOnRedis`: enqueues one BullMQ job per shard (ids `${run}-${shard}`), merges each
 * part as its result arrives (memory O(d²); results keyed by shard, so a job that ran twice
 * counts once), and publishes the model as a local run would.
 *
 * The randomized method (wide data) is a round of shard jobs per pass: the pass's plan (its
 * basis) goes into Redis once under a key the jobs name, the partials are merged into the
 * sketch as they arrive, and the sketch's state between passes is kept in Redis too, so a
 * coordinator started again continues from the last pass it ended.
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
import { MmlError, OptionError, PartMismatchError } from '../errors.js';
import type { PcaModel } from '../pca/model.js';
import type { PcaCsvOptions } from '../cli/pca.js';
import { OutputDir } from '../cli/output-dir.js';
import { publishModel, writeModel } from '../cli/merge.js';
import { AUTO_RANDOMIZED_COLUMNS, checkColumns, checkComponentCount } from '../cli/limits.js';
import { RandomizedPcaSketch } from '../pca/randomized-sketch.js';
import { throwIfInterrupted } from '../cli/signals.js';
import { planInputs, type DataSet } from './shard.js';
import { isHttpUrl } from '../io/http-range.js';
import { PartMerger } from './part.js';
import { mergeSketchPart, newSketchFor } from './pass-state.js';
import { DEFAULT_QUEUE, decodeFailure, jobIdOf, planIdOf, runIdOf, type ShardJobData, type SketchPassJob } from './jobs.js';
import { checkRedis, DEFAULT_REDIS_TIMEOUT_SECONDS, loadBullmq, openPinger, openStore, parseRedisUrl, withTimeout, type RunStore } from './redis.js';
import type { Queue, QueueEvents } from 'bullmq';

/** Options of {@link runPcaOnRedis}. */
export interface RedisPcaOptions extends PcaCsvOptions {
  /** redis://HOST:PORT */
  redis: string;
  /** Jobs to cut the data into (default 64). */
  shards?: number;
  /** BullMQ queue name (default 'mmlkit-pca'); the workers must use the same. */
  queue?: string;
  /** Components to keep: a count ≥ 1, or (covariance method) a fraction in (0, 1) of the variance. */
  components: number;
  /**
   * 'covariance' (exact, one round of jobs, at most 8192 columns), 'randomized' (an integer
   * `components`; powerIterations + 1 rounds) or 'auto' (default): randomized beyond 4096
   * columns when `components` is a count, as a local run chooses.
   */
  method?: 'auto' | 'covariance' | 'randomized';
  /** Randomized: directions sketched beyond `components` (default 10). */
  oversamples?: number;
  /** Randomized: power iterations, a round of jobs each (default 7 when k < d/10, else 4). */
  powerIterations?: number;
  /** Randomized: seed of the random test matrix (default 0). */
  seed?: number;
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
  /** Shard jobs whose results were already in Redis when this coordinator started (a resumed run). */
  resumed: number;
  /** The method run: 'covariance', or 'randomized' (chosen by `method`, or by 'auto' for wide data). */
  method: 'covariance' | 'randomized';
  /** Rounds of shard jobs: 1 for the covariance method, powerIterations + 1 for the randomized one. */
  passes: number;
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
  const method = options.method ?? 'auto';
  if (method !== 'auto' && method !== 'covariance' && method !== 'randomized') throw new OptionError('method', "'auto', 'covariance' or 'randomized'", method);
  const target = parseRedisUrl(options.redis);
  const timeoutMs = (options.timeoutSeconds ?? DEFAULT_REDIS_TIMEOUT_SECONDS) * 1000;
  const output = new OutputDir(options.out);
  const csv: PcaCsvOptions = { columns: options.columns, labelColumn: options.labelColumn, delimiter: options.delimiter, header: options.header ?? 'auto' };
  const bullmq = loadBullmq(); // loaded now (~0.25 s of CPU), before the files are planned and Redis checked
  bullmq.catch(() => {});
  const set = await planInputs(files, csv, signal);
  // The method and its limits are settled before any job is queued.
  const d = set.data.columns.length;
  checkComponentCount(options.components, d, files.length === 1 ? files[0] : `${files.length} files`); // not after the whole run
  const integerK = Number.isSafeInteger(options.components) && options.components >= 1;
  const sketch =
    method === 'randomized' || (method === 'auto' && d > AUTO_RANDOMIZED_COLUMNS && integerK)
      ? newSketchFor(files[0], d, { components: options.components, oversamples: options.oversamples, powerIterations: options.powerIterations, seed: options.seed })
      : undefined;
  if (method === 'covariance') {
    for (const key of ['oversamples', 'powerIterations', 'seed'] as const) if (options[key] !== undefined) throw new OptionError(key, "given only with method 'randomized' (or 'auto')", options[key]);
  }
  if (!sketch) checkColumns(files[0], d);
  // Workers get absolute paths: they run in other directories (and on other machines, where the
  // shared storage must be mounted at the same place). URLs go as they are.
  const absolute = files.map((f) => (isHttpUrl(f) ? f : resolve(f)));
  await checkRedis(options.redis, target, timeoutMs / 1000);
  const run = runIdOf(files, set.inputs, csv, shards, options.chunkRows, sketch ? { randomized: sketch.options } : {});
  const { Queue, QueueEvents } = await bullmq;
  const queueName = options.queue ?? DEFAULT_QUEUE;
  const queue = new Queue<ShardJobData>(queueName, { connection: target });
  const events = new QueueEvents(queueName, { connection: target });
  queue.on('error', () => {});
  events.on('error', () => {});
  const pinger = openPinger(target);
  const store = openStore(target, timeoutMs);
  const note = options.progress ? (line: string) => console.error(`mmlkit: ${line}`) : () => {};
  const jobIds: string[] = [];
  // Best effort: a job still running cannot be removed (its worker finishes; nobody reads the result).
  // The run's own keys (plans, state) go too, an earlier coordinator's of the same run included.
  const cleanUp = () => withTimeout(Promise.all([...jobIds.map((id) => queue.remove(id).catch(() => 0)), ...(sketch ? [store.delPrefix(runKeyPrefix(run)).catch(() => 0)] : [])]), 5000, 'cleanup').catch(() => {});
  // Redis must keep answering: a dead one is an error within the timeout, not a hang.
  let redisLost = false;
  let lastAnswer = Date.now();
  let watchdog: NodeJS.Timeout | undefined;
  const status = { text: `0/${shards} shards merged` };
  const broken = new Promise<never>((_, reject) => {
    signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
    watchdog = setInterval(() => {
      withTimeout(pinger.ping(), 1000, 'ping').then(
        () => (lastAnswer = Date.now()),
        () => {
          if (Date.now() - lastAnswer > timeoutMs) {
            redisLost = true;
            reject(new MmlError(`lost Redis at ${options.redis}: no answer for ${timeoutMs / 1000} s (${status.text}; run the same command again to resume)`));
          }
        },
      );
    }, 500);
  });
  broken.catch(() => {});
  const rounds: RoundContext = { queue, events, broken, note, t0, jobIds, status };
  const job = (shard: number, pass?: SketchPassJob): ShardJobData => ({ run, files: absolute, inputs: set.inputs, shard, shards, options: csv, chunkRows: options.chunkRows, pass });
  try {
    await Promise.race([withTimeout(events.waitUntilReady(), timeoutMs, `lost Redis at ${options.redis}`), broken]);
    if (!sketch) {
      const merger = new PartMerger();
      const ids = Array.from({ length: shards }, (_, i) => jobIdOf(run, i));
      const resumed = await runRound(rounds, `${run}: ${shards} shard jobs on queue ${queueName}`, ids, (shard) => job(shard), (shard, part, id) => merger.add(part, `shard ${shard} (job ${id})`, 'skip'));
      const published = publishModel(merger, { components: options.components, output, plot: options.plot, print: options.print, signal, source: `${shards} shards over Redis (${resumed} resumed)` });
      await cleanUp();
      return { ...published, run, resumed, method: 'covariance', passes: 1, seconds: (performance.now() - t0) / 1000 };
    }
    const { model, rows, resumed, passes } = await runSketchRounds(rounds, { run, shards, queueName, set, store, job, fresh: sketch });
    const published = writeModel(model, { data: set.data, inputs: set.inputs, rows, method: `randomized (${passes} passes)` }, { output, plot: options.plot, print: options.print, signal, source: `${shards} shards × ${passes} passes over Redis (${resumed} resumed)` });
    await cleanUp();
    return { ...published, run, resumed, method: 'randomized', passes, seconds: (performance.now() - t0) / 1000 };
  } catch (err) {
    output.discard();
    if (!redisLost) await cleanUp(); // else the results in Redis stay for a resumed run
    throw err;
  } finally {
    clearInterval(watchdog);
    pinger.disconnect();
    store.disconnect();
    await withTimeout(Promise.all([events.close(), queue.close()]), 2000, 'close').catch(() => {
      void events.disconnect();
      void queue.disconnect();
    });
  }
}

/** How often (ms) a round looks again for the jobs it still waits for (see runRound). */
const RECHECK_MS = 2000;
/** How many times a round queues one vanished job again before it gives up. */
const MAX_REQUEUES = 3;

/** Where a run keeps its own keys in Redis (beside BullMQ's). */
function runKeyPrefix(run: string): string {
  return `mmlkit:${run}:`;
}

/** What every round of a run shares. */
interface RoundContext {
  queue: Queue<ShardJobData>;
  events: QueueEvents;
  /** Rejects when the run is aborted or Redis is lost. */
  broken: Promise<never>;
  note: (line: string) => void;
  t0: number;
  /** Every job id queued so far (removed when the run ends). */
  jobIds: string[];
  /** How far the run is, for an error that ends it ("3/64 shards merged"). */
  status: { text: string };
}

/**
 * Queues one job per shard (`ids[shard]`), hands each result to `take` as it arrives (false: a
 * shard already taken, from a job that ran twice) and resolves once every shard is in, with the
 * number of results that were already in Redis (a resumed run). A failed job fails the round.
 */
async function runRound(ctx: RoundContext, queued: string, ids: string[], data: (shard: number) => ShardJobData, take: (shard: number, part: unknown, id: string) => boolean, pass = ''): Promise<number> {
  const { queue, events, note, t0 } = ctx;
  const idToShard = new Map(ids.map((id, i) => [id, i]));
  ctx.jobIds.push(...ids);
  let merged = 0;
  let resumed = 0;
  let onCompleted: ((a: { jobId: string; returnvalue: unknown }) => void) | undefined;
  let onFailed: ((a: { jobId: string; failedReason: string }) => void) | undefined;
  const options = { attempts: 1, removeOnFail: false, removeOnComplete: false };
  const mergedIds = new Set<string>();
  let recheck: NodeJS.Timeout | undefined;
  const outcome = new Promise<void>((resolve, reject) => {
    let settled = false;
    const fail = (err: Error) => {
      if (!settled) ((settled = true), reject(err));
    };
    const accept = (id: string, part: unknown, before = false) => {
      const shard = idToShard.get(id);
      if (shard === undefined || settled) return;
      try {
        const value = typeof part === 'string' ? JSON.parse(part) : part;
        if (take(shard, value, id)) {
          mergedIds.add(id);
          merged++;
          ctx.status.text = `${merged}/${ids.length} shards merged${pass}`;
          if (before) resumed++;
          note(`shard ${shard}${pass} merged: ${merged}/${ids.length}${before ? ' (result already in Redis)' : ''} after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        }
      } catch (err) {
        fail(err as Error);
        return;
      }
      if (merged === ids.length && !settled) ((settled = true), resolve());
    };
    onCompleted = ({ jobId, returnvalue }) => accept(jobId, returnvalue);
    onFailed = ({ jobId, failedReason }) => {
      if (idToShard.has(jobId)) fail(decodeFailure(failedReason));
    };
    events.on('completed', onCompleted);
    events.on('failed', onFailed);
    const redisError = (err: unknown) => fail(err instanceof MmlError ? err : new MmlError(`Redis: ${(err as Error).message}`));
    // A job we wait for can vanish: another coordinator of the same run (the same job ids)
    // removes its jobs once its pass is merged, and all of them when it ends. Such a shard is
    // queued again — while that coordinator runs, the pass's plan is still in Redis; after, the
    // job fails saying so — up to MAX_REQUEUES times, then the run fails: never a silent wait.
    const requeues = new Map<string, number>();
    const look = async (before: boolean) => {
      for (const [shard, id] of ids.entries()) {
        if (settled) return;
        if (mergedIds.has(id)) continue;
        const job = await queue.getJob(id);
        if (settled) return;
        if (!job) {
          const times = (requeues.get(id) ?? 0) + 1;
          if (times > MAX_REQUEUES) {
            fail(new MmlError(`shard ${shard}${pass}: its job ${id} was removed from the queue ${MAX_REQUEUES} times while this coordinator waited (another coordinator of the same run at once?); run the command again to resume`));
            return;
          }
          requeues.set(id, times);
          note(`shard ${shard}${pass}: its job had been removed from the queue (another coordinator of the same run?): queued again`);
          await queue.add('shard', data(shard), { jobId: id, ...options });
        } else if (job.finishedOn && job.failedReason) fail(decodeFailure(job.failedReason));
        else if (job.finishedOn && job.returnvalue !== undefined && job.returnvalue !== null) accept(id, job.returnvalue, before);
      }
    };
    // Subscribed first, then queued and scanned: a job finishing in between is seen either way.
    (async () => {
      await queue.addBulk(ids.map((id, shard) => ({ name: 'shard', data: data(shard), opts: { jobId: id, ...options } })));
      note(queued);
      await look(true);
      // Then looked at again now and then, for jobs removed after that scan.
      let looking = false;
      recheck = setInterval(() => {
        if (looking || settled) return;
        looking = true;
        look(false)
          .catch(redisError)
          .finally(() => (looking = false));
      }, RECHECK_MS);
    })().catch(redisError);
  });
  try {
    await Promise.race([outcome, ctx.broken]);
    return resumed;
  } finally {
    clearInterval(recheck);
    events.off('completed', onCompleted!);
    events.off('failed', onFailed!);
  }
}

/**
 * The randomized method's rounds: per pass, the plan into Redis, a round of shard jobs naming
 * it, the partials merged into the sketch; between passes the sketch's state into Redis (a
 * coordinator started again continues from there: the plan, and so the job ids, are the same
 * to the bit).
 */
async function runSketchRounds(
  ctx: RoundContext,
  r: { run: string; shards: number; queueName: string; set: DataSet; store: RunStore; job: (shard: number, pass: SketchPassJob) => ShardJobData; fresh: RandomizedPcaSketch },
): Promise<{ model: ReturnType<RandomizedPcaSketch['finish']>; rows: number; resumed: number; passes: number }> {
  const { run, shards, store } = r;
  const stateKey = `${runKeyPrefix(run)}sketch`;
  const saved = await Promise.race([store.get(stateKey), ctx.broken]);
  let sketch = r.fresh;
  if (saved !== null) {
    try {
      const kept = JSON.parse(saved) as { sketch: unknown; jobIds: string[] };
      sketch = RandomizedPcaSketch.fromJSON(kept.sketch);
      ctx.jobIds.push(...kept.jobIds.filter((id) => typeof id === 'string')); // the earlier passes' jobs, removed at the end
      ctx.note(`${run}: continuing at pass ${sketch.pass + 1} of ${sketch.passes} (the state a coordinator before this one kept in Redis)`);
    } catch {
      sketch = r.fresh; // damaged: start over (the run id fixed the settings, so nothing else differs)
    }
  }
  const passes = sketch.passes!;
  let resumed = 0;
  let rows = 0;
  while (!sketch.done) {
    const pass = sketch.pass;
    const planJson = JSON.stringify(sketch.plan().toJSON());
    const planId = planIdOf(planJson);
    const planKey = `${runKeyPrefix(run)}plan:${planId}`;
    await Promise.race([store.set(planKey, planJson), ctx.broken]);
    const ids = Array.from({ length: shards }, (_, i) => jobIdOf(run, i, { index: pass, planId }));
    const taken = new Set<number>();
    rows = 0;
    const current = sketch;
    resumed += await runRound(ctx, `${run}: pass ${pass + 1}/${passes}, ${shards} shard jobs on queue ${r.queueName}`, ids, (shard) => r.job(shard, { index: pass, planKey }), (shard, part, id) => {
      if (taken.has(shard)) return false;
      const name = `shard ${shard} of pass ${pass + 1} (job ${id})`;
      const got = mergeSketchPart(part as Record<string, unknown>, name, current, r.set, `pass ${pass + 1}'s plan`, shards);
      if (got.index !== shard) throw new PartMismatchError(`${name}: is the part of shard ${got.index}`, 'shard.index', name);
      taken.add(shard);
      rows += got.rows;
      return true;
    }, ` of pass ${pass + 1}/${passes}`);
    sketch.endPass();
    if (!sketch.done) {
      await Promise.race([store.set(stateKey, JSON.stringify({ sketch: sketch.toJSON(), jobIds: ctx.jobIds })), ctx.broken]);
      // The state now holds what this pass's results gave: they go, so Redis holds one pass's
      // partials at a time (64 shards of a 20 000-column pass are ~275 MB of JSON), not every pass's.
      await Promise.race([Promise.all(ids.map((id) => ctx.queue.remove(id).catch(() => 0))), ctx.broken]);
    }
  }
  return { model: sketch.finish(), rows, resumed, passes };
}
