/**
 * Where `'auto'` keeps small problems on the `ts` backend because the call overhead of the
 * faster backend (argument marshalling, copies into wasm memory) outweighs its speed.
 * Units: the kernel's work measure (for gemm, m·n·k multiply-adds). Measured with
 * `npm run bench -- dispatch` on the reference machine; see bench/dispatch.ts.
 */
import type { KernelName } from './kernels.js';
import type { BackendName } from './registry.js';

export const SMALL_WORK: Record<KernelName, Partial<Record<BackendName, number>>> = {
  gemm: { native: 4 ** 3, wasm: 12 ** 3 },
  symEig: { native: 4 ** 3, wasm: 8 ** 3 },
};
