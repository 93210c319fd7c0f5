/**
 * Node's backend loaders (native and wasm load synchronously) and the withBackend scope, without
 * the library's exports: entry/node.ts imports this, and so does the command line, which then
 * loads only the modules its command needs (the whole library is ~0.3 s of start-up).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { registerLoader, registerScope, type BackendChoice } from '../backend/registry.js';
import { loadNative } from '../backend/native/load.js';
import { loadWasmSync, packageModule } from '../backend/wasm/load-node.js';
import { loadBuild } from '../backend/wasm/load-variant.js';
import { withNodeThreads, withNodeThreadsStarted } from '../backend/wasm/threads/load-node.js';

registerLoader('native', { sync: loadNative });
registerLoader('wasm', {
  sync: () => withNodeThreads(loadWasmSync()),
  // init({ wasm, wasmRelaxed }) with modules of the application's own, else the package's files;
  // init() also starts the two-thread helper and waits for it, so that large calls split from the first.
  async: async (source, wasm) =>
    withNodeThreadsStarted(
      source === undefined && wasm?.relaxed === undefined ? loadWasmSync(wasm?.variant) : await loadBuild(source, wasm, { plain: async () => packageModule('plain') }),
      wasm?.threads,
    ),
});

// withBackend scopes follow async functions across await, and concurrent scopes stay apart.
const backendScope = new AsyncLocalStorage<BackendChoice>();
registerScope({ run: (c, fn) => backendScope.run(c, fn), current: () => backendScope.getStore() });
