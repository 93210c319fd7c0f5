/**
 * Entry for browsers and other web-standard runtimes: wasm is fetched and compiled
 * asynchronously by `await init()` (browsers refuse synchronous compilation of large modules).
 */
import { registerLoader } from '../backend/registry.js';
import { instantiateWasmKernels } from '../backend/wasm/kernels.js';

registerLoader('wasm', {
  async: async () => {
    const url = new URL('../../wasm/mmlkit.wasm', import.meta.url);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`cannot fetch ${url.href}: HTTP ${response.status}`);
    return instantiateWasmKernels(await WebAssembly.compile(await response.arrayBuffer()));
  },
});

export * from '../index.js';
export { createPool, type Pool, type PoolOptions, type CallOptions } from '../pool/create-pool-browser.js';
