/**
 * Entry for browsers and other web-standard runtimes: wasm is fetched and compiled
 * asynchronously by `await init()` (browsers refuse synchronous compilation of large modules).
 */
import { registerLoader, type KernelTable } from '../backend/registry.js';
import { compileWasm, type WasmSource } from '../backend/wasm/compile.js';
import { rememberCompiled } from '../backend/wasm/compiled.js';
import { instantiateWasmKernels } from '../backend/wasm/kernels.js';
import { withBrowserThreads } from '../backend/wasm/threads/load-browser.js';

/** Written out in full so bundlers see it (and emit the file); fetched only where two threads can run. */
const threadsUrl = () => new URL('../../wasm/mmlkit-threads.wasm', import.meta.url);

registerLoader('wasm', {
  async: async (source, options) => withBrowserThreads(await loadPlain(source), options?.wasmThreads, threadsUrl),
});

/** The single-threaded module, from `init({ wasm })`'s source or next to this file. */
async function loadPlain(source?: WasmSource): Promise<KernelTable> {
  if (source !== undefined) return instantiateWasmKernels(rememberCompiled(await compileWasm(source)));
  // Written out in full so bundlers see it: Vite and webpack 5 emit the file and rewrite this URL.
  const url = new URL('../../wasm/mmlkit.wasm', import.meta.url);
  try {
    return instantiateWasmKernels(rememberCompiled(await compileWasm(url)));
  } catch (err) {
    const why = `${err instanceof Error ? err.message : String(err)}. If a bundler left mmlkit.wasm behind (esbuild does), serve a copy and pass its URL, or its bytes, to \`init({ wasm })\` (docs/bundlers.md in the mmlkit package); computations run on the ts backend meanwhile`;
    console.warn(`mmlkit: wasm unavailable: ${why}`);
    throw new Error(why);
  }
}

export * from '../index.js';
export { createPool, type Pool, type PoolOptions, type CallOptions } from '../pool/create-pool-browser.js';
