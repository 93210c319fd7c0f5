/**
 * Entry for Cloudflare workerd, which forbids compiling wasm from bytes: the bundler (wrangler)
 * turns this import into a precompiled `WebAssembly.Module`, instantiated synchronously.
 */
import wasmModule from '../../wasm/mmlkit.wasm';
import { registerLoader } from '../backend/registry.js';
import { instantiateWasmKernels } from '../backend/wasm/kernels.js';
import { loadBuild } from '../backend/wasm/load-variant.js';

// Only the plain build is bundled (the relaxed one would double the worker's wasm); an
// application can hand over the relaxed module itself with init({ wasmRelaxed }).
registerLoader('wasm', {
  sync: () => instantiateWasmKernels(wasmModule, { name: 'plain', why: 'the workerd entry bundles the plain build only' }),
  // init({ wasm, wasmRelaxed }) with modules of the application's own (bytes are refused by workerd itself).
  async: (source, wasm) => loadBuild(source, wasm, { plain: async () => wasmModule }),
});

export * from '../index.js';
