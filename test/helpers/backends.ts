/**
 * The backends the conformance suite runs on. Every backend is expected; when one fails to
 * load, the suite says why — and under CI (CI=true) that is a failure, not a skip.
 */
import { it } from 'vitest';
import { backends, type BackendName } from '../../src/entry/node.js';
import { KERNEL_NAMES, type KernelName, type Kernels } from '../../src/backend/kernels.js';
import { kernelsOf, type KernelTable } from '../../src/backend/registry.js';
import { loadWasmSync } from '../../src/backend/wasm/load-node.js';
import { nodeThreaded } from '../../src/backend/wasm/threads/load-node.js';
import type { Rng } from '../../src/random.js';
import { IN_CI } from './ci.js';

export { IN_CI };

/**
 * The backends, plus wasm variants run as backends of their own by the kernel suites, plus
 * `wasm-plain`: a single-threaded wasm instance (the reference wasm-threads is checked against;
 * the `wasm` backend itself splits large calls where the host allows).
 */
export type TestBackendName = BackendName | 'wasm-threads' | 'wasm-plain';

export interface BackendUnderTest {
  name: TestBackendName;
  available: boolean;
  reason?: string;
  kernels?: KernelName[];
}

export const BACKENDS: (BackendUnderTest & { name: BackendName })[] = backends();

/**
 * wasm with every call it can split run on two threads (size threshold 0), on a plain
 * instance of its own, where this Node allows two threads (not with MMLKIT_WASM_THREADS=0):
 * the kernels it splits run their conformance suites on it as well.
 */
let wasmPlain: KernelTable | undefined;
const wasmThreads: KernelTable | string = (() => {
  try {
    wasmPlain = loadWasmSync();
    const threaded = nodeThreaded(wasmPlain, { gemmMinWork: 0, startWaitMs: 10_000 });
    return typeof threaded === 'string' ? threaded : threaded.table;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
})();
/** The kernels the threaded wasm splits across two threads. */
const THREADED_KERNELS: readonly KernelName[] = ['gemm', 'pairwiseSqDist', 'denseForward', 'denseBackward', 'gramAccumulate'];
const VARIANTS: BackendUnderTest[] =
  typeof wasmThreads === 'string'
    ? (console.warn(`wasm-threads not tested here: ${wasmThreads}`), [])
    : [{ name: 'wasm-threads', available: true, kernels: [...THREADED_KERNELS] }];

/**
 * The check every conformance suite starts with, one per backend: a backend that failed to
 * load is a test failure under CI and a printed warning elsewhere (its kernel tests then do
 * not run — gate them with `it.runIf(backend.available)`).
 */
export function checkLoads({ name, available, reason }: BackendUnderTest): void {
  it('loads', () => {
    if (!available && IN_CI) throw new Error(`backend ${name} failed to load in CI: ${reason}`);
    if (!available) console.warn(`backend ${name} unavailable (${reason}); its kernel tests do not run`);
  });
}

/** `len` uniform values in [offset − 1, offset + 1). */
export function randomArray(rng: Rng, len: number, offset = 0): Float64Array {
  const x = new Float64Array(len);
  for (let i = 0; i < len; i++) x[i] = offset + rng.next() * 2 - 1;
  return x;
}

/**
 * The kernels each backend is expected to implement. A backend may lack a kernel (it then runs
 * on ts); this table says which gaps are intended, so a stale build that lost one is caught.
 */
export const EXPECTED_KERNELS: Record<BackendName, readonly KernelName[]> = {
  native: KERNEL_NAMES,
  wasm: ['gemm', 'symEig', 'pairwiseSqDist', 'denseForward', 'denseBackward', 'colMeans', 'colStats', 'gramAccumulate', 'trsm', 'getrf', 'getrs', 'getri', 'potrf', 'geqrf', 'orgqr', 'ormqr', 'symEigRange', 'gesdd'],
  ts: KERNEL_NAMES,
};

/** The backends a conformance suite for `kernel` runs on: those expected to implement it. */
export function backendsWith(kernel: KernelName): (BackendUnderTest & { name: BackendName })[] {
  return BACKENDS.filter((b) => EXPECTED_KERNELS[b.name].includes(kernel));
}

/**
 * `backendsWith(kernel)` plus the wasm variants that run `kernel` their own way (wasm-threads),
 * for a kernel's conformance suite: call the kernel through `tableOf(name)` only (a variant is
 * not a backend `withBackend` knows).
 */
export function backendsAndVariantsWith(kernel: KernelName): BackendUnderTest[] {
  return [...backendsWith(kernel), ...VARIANTS.filter((v) => v.kernels!.includes(kernel))];
}

/** A loaded backend's kernel table, typed as complete: call only kernels it implements. */
export function tableOf(name: TestBackendName): Kernels {
  if (name === 'wasm-threads') return wasmThreads as Kernels;
  if (name === 'wasm-plain') return (wasmPlain ?? loadWasmSync()) as Kernels;
  return kernelsOf(name) as Kernels;
}
