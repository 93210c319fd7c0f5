/**
 * Where `'auto'` keeps small problems on the `ts` backend because the call overhead of the
 * faster backend (argument marshalling, copies into wasm memory) outweighs its speed.
 * Units: the kernel's work measure (gemm: m·n·k; symEig: n³). Measured with
 * `npx mmlkit bench dispatch` on the reference machine; see bench/dispatch.ts.
 */
import type { KernelName } from './kernels.js';
import type { BackendName } from './registry.js';

export const SMALL_WORK: Record<KernelName, Partial<Record<BackendName, number>>> = {
  // `npx mmlkit bench dispatch` (2026-11-25, Zen 5): ts wins gemm up to n ≈ 11 against both.
  gemm: { native: 12 ** 3, wasm: 12 ** 3 },
  // symEig: native/wasm win from n ≈ 5; below that ts's zero call overhead wins.
  symEig: { native: 5 ** 3, wasm: 5 ** 3 },
};
