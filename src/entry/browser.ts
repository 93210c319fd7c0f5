/**
 * Entry for browsers and other web-standard runtimes: wasm is fetched and compiled
 * asynchronously by `await init()` (browsers refuse synchronous compilation of large modules).
 */
import { registerLoader, type KernelTable, type WasmBuildOptions } from '../backend/registry.js';
import { compileWasm, type WasmSource } from '../backend/wasm/compile.js';
import { rememberCompiled } from '../backend/wasm/compiled.js';
import { loadBuild } from '../backend/wasm/load-variant.js';
import { withBrowserThreads } from '../backend/wasm/threads/load-browser.js';

registerLoader('wasm', {
  async: async (source, wasm) => withBrowserThreads(await loadSingleThreaded(source, wasm), wasm?.threads),
});

/** The single-threaded module: the application's (init({ wasm, wasmRelaxed })) or the build the runtime picks. */
async function loadSingleThreaded(source: WasmSource | undefined, wasm: WasmBuildOptions | undefined): Promise<KernelTable> {
  // The application's modules: failures are its to see.
  if (source !== undefined || wasm?.relaxed !== undefined) return loadBuild(source, wasm, { plain: plainBuild }, rememberCompiled);
  try {
    return await loadBuild(undefined, wasm, { plain: plainBuild, relaxed: relaxedBuild }, rememberCompiled);
  } catch (err) {
    // A build asked for by init({ wasmVariant }): init rejects with the reason itself.
    if (wasm?.variant !== undefined) throw err;
    const why = `${err instanceof Error ? err.message : String(err)}. If a bundler left mmlkit.wasm behind (esbuild does), serve a copy and pass its URL, or its bytes, to \`init({ wasm })\` (docs/bundlers.md in the mmlkit package); computations run on the ts backend meanwhile`;
    console.warn(`mmlkit: wasm unavailable: ${why}`);
    throw new Error(why);
  }
}

// Each URL written out in full so bundlers see it: Vite and webpack 5 emit the files and rewrite
// these URLs; only the build the runtime picks is fetched (two threads run that same module).
const plainBuild = () => compileWasm(new URL('../../wasm/mmlkit.wasm', import.meta.url));
const relaxedBuild = () => compileWasm(new URL('../../wasm/mmlkit-relaxed.wasm', import.meta.url));

export * from '../index.js';
export { createPool, type Pool, type PoolOptions, type CallOptions } from '../pool/create-pool-browser.js';
