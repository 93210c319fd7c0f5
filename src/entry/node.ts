/** Entry for Node (and Deno via its Node compatibility): native and wasm load synchronously. */
import { AsyncLocalStorage } from 'node:async_hooks';
import { registerLoader, registerScope, type BackendChoice } from '../backend/registry.js';
import { loadNative } from '../backend/native/load.js';
import { loadWasmSync } from '../backend/wasm/load-node.js';
import { compileWasm, type WasmSource } from '../backend/wasm/compile.js';
import { instantiateWasmKernels } from '../backend/wasm/kernels.js';
import { withNodeThreads, withNodeThreadsStarted } from '../backend/wasm/threads/load-node.js';

registerLoader('native', { sync: loadNative });
registerLoader('wasm', {
  sync: () => withNodeThreads(loadWasmSync()),
  // init() also starts the two-thread helper and waits for it, so that large calls split from the first.
  async: async (source?: WasmSource, options?) =>
    withNodeThreadsStarted(source === undefined ? loadWasmSync() : instantiateWasmKernels(await compileWasm(source)), options?.wasmThreads),
});

// withBackend scopes follow async functions across await, and concurrent scopes stay apart.
const backendScope = new AsyncLocalStorage<BackendChoice>();
registerScope({ run: (c, fn) => backendScope.run(c, fn), current: () => backendScope.getStore() });

export * from '../index.js';
export * from '../io/index.js';
export { createPool, type Pool, type PoolOptions, type CallOptions } from '../pool/create-pool.js';
