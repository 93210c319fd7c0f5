/**
 * Entry for Cloudflare workerd, which forbids compiling wasm from bytes: the bundler (wrangler)
 * turns this import into a precompiled `WebAssembly.Module`, instantiated synchronously.
 */
import wasmModule from '../../wasm/mmlkit.wasm';
import { registerLoader } from '../backend/registry.js';
import { compileWasm, type WasmSource } from '../backend/wasm/compile.js';
import { instantiateWasmKernels } from '../backend/wasm/kernels.js';
import { withReason } from '../backend/wasm/threads/with-reason.js';

const ONE_THREAD = 'workerd runs a request on one thread (no Web Workers, no shared memory)';

registerLoader('wasm', {
  sync: () => withReason(instantiateWasmKernels(wasmModule), ONE_THREAD),
  // init({ wasm }) with a module of the application's own (bytes are refused by workerd itself).
  async: async (source?: WasmSource) => withReason(instantiateWasmKernels(source === undefined ? wasmModule : await compileWasm(source)), ONE_THREAD),
});

export * from '../index.js';
