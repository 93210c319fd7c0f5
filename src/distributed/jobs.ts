/**
 * What goes through the queue: a shard job's data, its id (the run and the shard, so adding a
 * run's jobs again adds nothing, and a restarted coordinator finds the results already there),
 * and a failure as the worker reports it (the error's class and file:line:column survive).
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { MmlError } from '../errors.js';
import type { PcaCsvOptions } from '../cli/pca.js';
import { rebuildError } from '../cli/task-pool.js';
import { serializeError, type TaskError } from '../cli/pca-task.js';
import type { PartInput } from './part.js';
import { isHttpUrl } from '../io/http-range.js';

/** The queue mmlkit workers take PCA shard jobs from unless told otherwise. */
export const DEFAULT_QUEUE = 'mmlkit-pca';

export interface ShardJobData {
  /** The run's id: jobs of one run are `${run}-${shard}`. */
  run: string;
  /** Paths as every worker sees them (shared storage). */
  files: string[];
  /** Base names and sizes as the coordinator saw them: a worker seeing other files refuses the job. */
  inputs: PartInput[];
  shard: number;
  shards: number;
  options: PcaCsvOptions;
  chunkRows?: number;
  /** The randomized method: the pass this job reads its shard for (absent: the covariance part). */
  pass?: SketchPassJob;
}

/** A randomized pass as its jobs carry it: the basis is in Redis, once for all shards. */
export interface SketchPassJob {
  /** 0-based pass. */
  index: number;
  /** The Redis key holding the pass's plan (RandomizedPcaPass JSON; several MB for wide data). */
  planKey: string;
}

/** A covariance job's id; a randomized pass's job ids also name the pass and its plan. */
export function jobIdOf(run: string, shard: number, pass?: { index: number; planId: string }): string {
  return pass ? `${run}-p${pass.index}-${pass.planId}-${shard}` : `${run}-${shard}`;
}

/** A short hash of a pass's plan: jobs of the same pass against another basis get other ids. */
export function planIdOf(planJson: string): string {
  return createHash('sha256').update(planJson).digest('hex').slice(0, 12);
}

/**
 * The id of a run: the same files (paths, sizes, modification times), options, shard count and
 * method settings (`method`: the randomized method's) give the same id, so a coordinator started again resumes the run instead of starting over.
 */
export function runIdOf(files: string[], inputs: PartInput[], options: PcaCsvOptions, shards: number, chunkRows: number | undefined, method: object = {}): string {
  // A URL's stamp is the URL (its size is in `inputs`; the workers check it against ETag changes).
  const stamp = files.map((f) => (isHttpUrl(f) ? [f] : [resolve(f), statSync(f).mtimeMs]));
  const text = JSON.stringify({ stamp, inputs, options: [options.columns, options.labelColumn, options.delimiter, options.header], shards, chunkRows, method });
  return 'pca-' + createHash('sha256').update(text).digest('hex').slice(0, 16);
}

const FAILURE_PREFIX = 'mmlkit-error ';

/** A job failure's reason: a readable line, then the error as JSON to rebuild it. */
export function encodeFailure(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return `${message}\n${FAILURE_PREFIX}${JSON.stringify(serializeError(err))}`;
}

/** The error a worker reported (its class kept); BullMQ's own reasons (a job stalled too often) as MmlError. */
export function decodeFailure(reason: string): Error {
  const at = reason.lastIndexOf(`\n${FAILURE_PREFIX}`);
  if (at >= 0) {
    try {
      return rebuildError(JSON.parse(reason.slice(at + FAILURE_PREFIX.length + 1)) as TaskError);
    } catch {
      // fall through: show the text
    }
  }
  return new MmlError(`a shard job failed: ${reason}`);
}

