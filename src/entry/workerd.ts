/**
 * Entry for Cloudflare workerd, which forbids compiling wasm from bytes: the bundler (wrangler)
 * turns this import into a precompiled `WebAssembly.Module`, instantiated synchronously.
 */
import wasmModule from '../../wasm/mmlkit.wasm';
import { registerLoader } from '../backend/registry.js';
import { instantiateWasmKernels } from '../backend/wasm/kernels.js';
import { loadBuild } from '../backend/wasm/load-variant.js';
import { withReason } from '../backend/wasm/threads/with-reason.js';

const ONE_THREAD = 'workerd runs a request on one thread (no Web Workers, no shared memory)';

// Only the plain build is bundled (the relaxed one would double the worker's wasm); an
// application can hand over the relaxed module itself with init({ wasmRelaxed }).
registerLoader('wasm', {
  sync: () => withReason(instantiateWasmKernels(wasmModule, { name: 'plain', why: 'the workerd entry bundles the plain build only' }), ONE_THREAD),
  // init({ wasm, wasmRelaxed }) with modules of the application's own (bytes are refused by workerd itself).
  async: async (source, wasm) => withReason(await loadBuild(source, wasm, { plain: async () => wasmModule }), ONE_THREAD),
});

export * from '../index.js';
