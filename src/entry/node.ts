/**
 * Entry for Node (and Deno via its Node compatibility): native and wasm load synchronously.
 *
 * What `import … from 'mmlkit'` gives under Node, and `'mmlkit/node'` under any resolution
 * (bundler, nodenext): the whole library plus file I/O (`readCsv`, `csvChunks`, `writeCsv`,
 * `readNpy`, `npyChunks`, `writeNpy`) and a worker-thread `createPool`. Browsers, bundlers'
 * default condition and workerd get the same API without the file I/O; the browser's
 * `createPool` runs on Web Workers (workerd's entry has none), and a browser must
 * `await init()` before wasm runs.
 * @module mmlkit
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { registerLoader, registerScope, type BackendChoice } from '../backend/registry.js';
import { loadNative } from '../backend/native/load.js';
import { loadWasmSync } from '../backend/wasm/load-node.js';
import { compileWasm, type WasmSource } from '../backend/wasm/compile.js';
import { instantiateWasmKernels } from '../backend/wasm/kernels.js';

registerLoader('native', { sync: loadNative });
registerLoader('wasm', {
  sync: loadWasmSync,
  async: async (source?: WasmSource) => (source === undefined ? loadWasmSync() : instantiateWasmKernels(await compileWasm(source))),
});

// withBackend scopes follow async functions across await, and concurrent scopes stay apart.
const backendScope = new AsyncLocalStorage<BackendChoice>();
registerScope({ run: (c, fn) => backendScope.run(c, fn), current: () => backendScope.getStore() });

export * from '../index.js';
export * from '../io/index.js';
export { createPool, type Pool, type PoolOptions, type CallOptions } from '../pool/create-pool.js';
