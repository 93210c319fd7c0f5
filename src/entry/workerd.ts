/**
 * Entry for Cloudflare workerd, which forbids compiling wasm from bytes: the bundler (wrangler)
 * turns this import into a precompiled `WebAssembly.Module`, instantiated synchronously.
 */
import wasmModule from '../../wasm/mmlkit.wasm';
import { registerLoader } from '../backend/registry.js';
import { instantiateWasmKernels } from '../backend/wasm/kernels.js';

registerLoader('wasm', { sync: () => instantiateWasmKernels(wasmModule) });

export * from '../index.js';
