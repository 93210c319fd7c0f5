/**
 * `createPool()` in browsers: the same pool (pool-core.ts) on module Web Workers. Each worker
 * readies wasm itself: from the module the page compiled when it has (`await init()` before
 * `createPool()`), else by fetching it, so the page need not have. Inputs are copied to the worker
 * unless they live on a SharedArrayBuffer, which a page can make only when cross-origin
 * isolated (COOP/COEP headers); results are moved back.
 */
import { compiledModule } from '../backend/wasm/compiled.js';
import { PoolError } from '../errors.js';
import type { Pool, PoolOptions } from './pool-api.js';
import { poolOptions, WorkerPool, type WorkerHandle, type WorkerHost } from './pool-core.js';
import type { PoolResponse } from './serve.js';

export type { Pool, PoolOptions, CallOptions } from './pool-api.js';

/**
 * A pool of module Web Workers running mmlkit's heavy operations (docs/pool.md). `backend`
 * defaults to the page's choice ('auto': wasm where it loads, else ts); `lowPriority` is
 * accepted and has no effect here (browsers schedule workers themselves).
 * @throws OptionError for a bad option; PoolError code 'unsupported' where there are no Web
 *   Workers (Cloudflare workerd, for one: use the synchronous functions there).
 */
export function createPool(options?: PoolOptions): Pool {
  if (typeof Worker !== 'function') throw new PoolError('createPool: this platform has no Web Workers; call the synchronous functions instead', 'unsupported');
  const { threads, maxQueue, backend } = poolOptions(options, globalThis.navigator?.hardwareConcurrency || 2, false);
  const host: WorkerHost = {
    start(onMessage: (r: PoolResponse) => void, onFailure: (why: string) => void): WorkerHandle {
      const worker = new Worker(new URL('./browser-worker.js', import.meta.url), { type: 'module' });
      worker.onmessage = (e: MessageEvent) => onMessage(e.data as PoolResponse);
      worker.onerror = (e: ErrorEvent) => onFailure(`failed: ${e.message || 'error in the worker script'}`);
      // The page's compiled wasm, if it has one: the worker then fetches nothing (see compiled.ts).
      worker.postMessage({ backend, wasm: compiledModule() });
      return { post: (request) => worker.postMessage(request), terminate: () => worker.terminate(), setBusy: () => undefined };
    },
  };
  return new WorkerPool(host, threads, maxQueue) as unknown as Pool;
}
