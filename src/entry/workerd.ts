/**
 * Entry for Cloudflare workerd, which forbids compiling wasm from bytes: the bundler (wrangler)
 * turns this import into a precompiled `WebAssembly.Module`, instantiated synchronously.
 */
import wasmModule from '../../wasm/mmlkit.wasm';
import { registerLoader } from '../backend/registry.js';
import { compileWasm, type WasmSource } from '../backend/wasm/compile.js';
import { instantiateWasmKernels } from '../backend/wasm/kernels.js';

registerLoader('wasm', {
  sync: () => instantiateWasmKernels(wasmModule),
  // init({ wasm }) with a module of the application's own (bytes are refused by workerd itself).
  async: async (source?: WasmSource) => instantiateWasmKernels(source === undefined ? wasmModule : await compileWasm(source)),
});

export * from '../index.js';
