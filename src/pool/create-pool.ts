/**
 * `createPool()` for Node: the heavy operations off the JS thread on worker_threads (the queue,
 * cancellation and close are pool-core.ts; what a call may carry is wire.ts).
 *
 * Workers start on first use, run below normal priority unless told otherwise, and do not keep
 * the process alive while idle. Inputs are copied to the worker (or shared, for a `Matrix` over
 * a SharedArrayBuffer); results are moved back.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BackendChoice } from '../backend/registry.js';
import type { Pool, PoolOptions } from './pool-api.js';
import { poolOptions, WorkerPool, type WorkerHandle, type WorkerHost } from './pool-core.js';
import type { PoolResponse } from './serve.js';

export type { Pool, PoolOptions, CallOptions } from './pool-api.js';

/**
 * A pool of worker threads running mmlkit's heavy operations; every method returns a Promise
 * and takes `{ signal }` beside the facade function's options (docs/pool.md).
 * @throws OptionError for a bad `threads`, `maxQueue`, `backend` or `lowPriority`;
 *   BackendUnavailableError when `backend` cannot load here.
 * @example
 * const pool = createPool({ threads: 2 });
 * const { s } = await pool.svd(A, { vectors: false });
 * await pool.close();
 */
export function createPool(options?: PoolOptions): Pool {
  const { threads, maxQueue, backend, lowPriority } = poolOptions(options, availableParallelism(), true);
  return new WorkerPool(nodeHost(new URL('./node-worker.js', import.meta.url), { backend, lowPriority }), threads, maxQueue) as unknown as Pool;
}

/**
 * Starts worker_threads running `script` (which answers PoolRequests: node-worker.js, or a
 * private table through serveTask, as the CLI's range tasks do) with `workerData`.
 */
export function nodeHost(script: URL, workerData: { backend: BackendChoice | undefined; lowPriority: boolean }): WorkerHost {
  return {
    start(onMessage: (r: PoolResponse) => void, onFailure: (why: string) => void): WorkerHandle {
      const worker = new Worker(script, { workerData });
      worker.unref();
      worker.on('message', onMessage);
      worker.on('error', (e) => onFailure(`failed: ${e instanceof Error ? e.message : String(e)}`));
      worker.on('exit', (code) => onFailure(`exited with code ${code}`));
      return {
        post: (request) => worker.postMessage(request),
        terminate: () => worker.terminate(),
        setBusy: (busy) => (busy ? worker.ref() : worker.unref()),
      };
    },
  };
}
