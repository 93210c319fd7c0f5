/**
 * Which threaded module goes with a one-thread wasm table: the build of the same variant
 * (mmlkit-threads-relaxed.wasm beside the relaxed-SIMD build, mmlkit-threads.wasm beside the
 * plain one), so that a split call rounds exactly as that table does. The application's own
 * modules (init's `wasmThreads`, `wasmThreadsRelaxed`) where it gave them.
 */
import type { KernelTable } from '../../registry.js';
import type { WasmSource } from '../compile.js';
import type { WasmVariant } from '../variant.js';

export interface ThreadsBuild {
  /** `given`: `init({ wasmThreads })` alone, taken whichever build it is. */
  variant: WasmVariant | 'given';
  /** The application's source for it; undefined: the package's (entry's) own file. */
  source?: WasmSource;
}

/**
 * `single.variant` says which build the one-thread table runs; one it was handed (`given`:
 * init({ wasm }) alone, MMLKIT_WASM_PATH) gets the plain threaded module, as most likely it is
 * mmlkit.wasm (docs/bundlers.md) — rounding may then differ from it in the last bits.
 */
export function threadsBuildFor(single: KernelTable, threads?: WasmSource, threadsRelaxed?: WasmSource): ThreadsBuild {
  const relaxed = single.variant?.name === 'relaxed';
  if (relaxed && threadsRelaxed !== undefined) return { variant: 'relaxed', source: threadsRelaxed };
  if (threads !== undefined) return { variant: threadsRelaxed !== undefined ? 'plain' : 'given', source: threads };
  return { variant: relaxed ? 'relaxed' : 'plain' };
}
