/**
 * Loading the picked build of the wasm module (variant.ts), for every entry: the application's
 * own sources from `init({ wasm, wasmRelaxed })` where given, else the entry's copy of each
 * build. Only the build that runs is read or fetched. A relaxed build that fails to load when
 * it was not insisted on falls back to plain, and `backends()` says why.
 */
import type { KernelTable, WasmBuildOptions } from '../registry.js';
import { compileWasm, type WasmSource } from './compile.js';
import { instantiateWasmKernels } from './kernels.js';
import { pickVariant, type VariantInfo, type VariantPick } from './variant.js';

/** An entry's copy of each build it ships: always the plain one; the relaxed one where shipped. */
export interface DefaultBuilds<M> {
  plain: () => M;
  relaxed?: () => M;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Synchronous (Node, Deno): `builds` compile their files on call. */
export function loadBuildSync(option: unknown, builds: DefaultBuilds<WebAssembly.Module>): KernelTable {
  const pick = pickVariant(option);
  if (pick.variant === 'relaxed') {
    if (!builds.relaxed) return noRelaxedBuild(pick, () => instantiateWasmKernels(builds.plain(), { name: 'plain', why: ONLY_PLAIN }));
    try {
      return instantiateWasmKernels(builds.relaxed(), { name: 'relaxed', why: pick.why });
    } catch (err) {
      if (pick.forced) throw err;
      return instantiateWasmKernels(builds.plain(), { name: 'plain', why: `the relaxed-SIMD build failed to load (${message(err)})` });
    }
  }
  return instantiateWasmKernels(builds.plain(), { name: 'plain', why: pick.why });
}

/**
 * Asynchronous (`init()`): `source` and `wasm.relaxed` are init's `wasm` and `wasmRelaxed`;
 * `onModule` sees the module that was instantiated (browsers hand it to their pool's workers).
 */
export async function loadBuild(
  source: WasmSource | undefined,
  wasm: WasmBuildOptions | undefined,
  builds: DefaultBuilds<Promise<WebAssembly.Module>>,
  onModule: (module: WebAssembly.Module) => void = () => {},
): Promise<KernelTable> {
  const pick = pickVariant(wasm?.variant);
  const use = (module: WebAssembly.Module, info: VariantInfo): KernelTable => {
    const table = instantiateWasmKernels(module, info);
    onModule(module);
    return table;
  };
  const relaxedSource = wasm?.relaxed;
  // init({ wasm }) without wasmRelaxed: the application's module, whichever build it is.
  if (source !== undefined && relaxedSource === undefined) return use(await compileWasm(source), { name: 'given', why: 'init({ wasm }) gave the module' });
  const plain = async (why: string): Promise<KernelTable> =>
    use(source !== undefined ? await compileWasm(source) : await builds.plain(), { name: 'plain', why });
  if (pick.variant === 'relaxed') {
    const relaxed = relaxedSource !== undefined ? () => compileWasm(relaxedSource) : builds.relaxed;
    if (!relaxed) return noRelaxedBuild(pick, () => plain(ONLY_PLAIN));
    try {
      return use(await relaxed(), { name: 'relaxed', why: pick.why });
    } catch (err) {
      // The application's own relaxed module failing is its error to see, as for init({ wasm }).
      if (pick.forced || relaxedSource !== undefined) throw err;
      return plain(`the relaxed-SIMD build failed to load (${message(err)})`);
    }
  }
  return plain(pick.why);
}

const ONLY_PLAIN = 'this entry ships the plain build only (pass the relaxed one as init({ wasmRelaxed }))';

/** Relaxed picked where the entry has no relaxed build: plain, unless relaxed was insisted on. */
function noRelaxedBuild<T>(pick: VariantPick, plain: () => T): T {
  if (pick.forced) throw new Error(`${pick.why.replace(/^asked for by /, '')} asks for the relaxed-SIMD build, which this entry does not ship (pass it as init({ wasmRelaxed }))`);
  return plain();
}
