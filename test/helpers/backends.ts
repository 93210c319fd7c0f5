/**
 * The backends the conformance suite runs on. Every backend is expected; when one fails to
 * load, the suite says why — and under CI (CI=true) that is a failure, not a skip. The kernel
 * suites also run the wasm build this runtime does not pick by default (`wasm-plain` where
 * `wasm` is the relaxed-SIMD build, `wasm-relaxed` where the runtime has relaxed SIMD but
 * `wasm` is plain), so both builds are checked wherever both can run; and the kernels the
 * two-thread wasm splits run on `wasm-threads` (every call split) against `wasm-single`.
 */
import { it } from 'vitest';
import { backends, type BackendName } from '../../src/entry/node.js';
import { KERNEL_NAMES, type KernelName, type Kernels } from '../../src/backend/kernels.js';
import { kernelsOf, type KernelTable, type VariantInfo } from '../../src/backend/registry.js';
import { loadWasmBuildSync, loadWasmSync } from '../../src/backend/wasm/load-node.js';
import { relaxedSimdSupported, type WasmVariant } from '../../src/backend/wasm/variant.js';
import { nodeThreaded } from '../../src/backend/wasm/threads/load-node.js';
import type { Rng } from '../../src/random.js';
import { IN_CI } from './ci.js';

export { IN_CI };

export interface BackendUnderTest {
  name: BackendName;
  available: boolean;
  reason?: string;
  kernels?: KernelName[];
  variant?: VariantInfo;
}

/** The facade's backends: names `setBackend`, `withBackend` and `{ backend }` take. */
export const BACKENDS: BackendUnderTest[] = backends();

/**
 * wasm with every call it can split run on two threads (size threshold 0), on an instance of
 * its own, where this Node allows two threads (not with MMLKIT_WASM_THREADS=0): the kernels it
 * splits run their conformance suites on it as well, against `wasm-single`, the one-thread
 * instance it wraps.
 */
let wasmSingle: KernelTable | undefined;
const wasmThreads: KernelTable | string = (() => {
  try {
    wasmSingle = loadWasmSync();
    // Inside the decompositions, products from 16³ split: the tiny ones would only add calls here
    // (the product suites split those), and CI's time is counted.
    const threaded = nodeThreaded(wasmSingle, { gemmMinWork: 0, innerMinWork: 16 ** 3, decompositionMinWork: 0, startWaitMs: 10_000, busyBackoffMs: 0 });
    return typeof threaded === 'string' ? threaded : threaded.table;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
})();
/**
 * The kernels the threaded wasm splits across two threads: the products, and the decompositions
 * (run on the team's instance, every product inside them split).
 */
const THREADED_KERNELS: readonly KernelName[] = [
  'gemm', 'pairwiseSqDist', 'denseForward', 'denseBackward', 'gramAccumulate',
  'trsm', 'getrf', 'getrs', 'gesv', 'getri', 'potrf', 'geqrf', 'orgqr', 'ormqr', 'gesdd', 'symEig', 'symEigRange',
];
const VARIANTS: KernelBackendUnderTest[] =
  typeof wasmThreads === 'string'
    ? (console.warn(`wasm-threads not tested here: ${wasmThreads}`), [])
    : [{ name: 'wasm-threads', available: true, kernels: [...THREADED_KERNELS] }];

/** A kernel table the suites can name: a backend, or one build of the wasm module. */
export type TestBackendName = BackendName | `wasm-${WasmVariant}` | 'wasm-threads' | 'wasm-single';

export interface KernelBackendUnderTest extends Omit<BackendUnderTest, 'name'> {
  name: TestBackendName;
}

/** The wasm build `wasm` is not, where this runtime can run it too (see the top of this file). */
function otherWasmBuild(): KernelBackendUnderTest[] {
  const picked = BACKENDS.find((b) => b.name === 'wasm')?.variant?.name;
  const other: WasmVariant | undefined = picked === 'relaxed' ? 'plain' : picked === 'plain' && relaxedSimdSupported() ? 'relaxed' : undefined;
  if (other === undefined) return [];
  const name = `wasm-${other}` as const;
  try {
    builds.set(name, loadWasmBuildSync(other));
    return [{ name, available: true }];
  } catch (err) {
    return [{ name, available: false, reason: err instanceof Error ? err.message : String(err) }];
  }
}

const builds = new Map<TestBackendName, KernelTable>();

/** BACKENDS and the other wasm build, right after `wasm`: what the kernel suites run on. */
export const KERNEL_BACKENDS: KernelBackendUnderTest[] = BACKENDS.flatMap((b) => (b.name === 'wasm' ? [b, ...otherWasmBuild()] : [b]));

/**
 * The check every conformance suite starts with, one per backend: a backend that failed to
 * load is a test failure under CI and a printed warning elsewhere (its kernel tests then do
 * not run — gate them with `it.runIf(backend.available)`).
 */
export function checkLoads({ name, available, reason }: KernelBackendUnderTest): void {
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
  wasm: ['gemm', 'symEig', 'pairwiseSqDist', 'denseForward', 'denseBackward', 'colMeans', 'colStats', 'gramAccumulate', 'trsm', 'getrf', 'getrs', 'gesv', 'getri', 'potrf', 'geqrf', 'orgqr', 'ormqr', 'symEigRange', 'gesdd'],
  ts: KERNEL_NAMES,
};

/** The backends a conformance suite for `kernel` runs on: those expected to implement it. */
export function backendsWith(kernel: KernelName): KernelBackendUnderTest[] {
  return KERNEL_BACKENDS.filter((b) => EXPECTED_KERNELS[backendOf(b.name)].includes(kernel));
}

/** The backend a test name belongs to (`wasm-plain`, `wasm-threads` → `wasm`). */
export function backendOf(name: TestBackendName): BackendName {
  return name.startsWith('wasm-') ? 'wasm' : (name as BackendName);
}

/**
 * `backendsWith(kernel)` plus the wasm variants that run `kernel` their own way (wasm-threads),
 * for a kernel's conformance suite: call the kernel through `tableOf(name)` only (a variant is
 * not a backend `withBackend` knows).
 */
export function backendsAndVariantsWith(kernel: KernelName): KernelBackendUnderTest[] {
  return [...backendsWith(kernel), ...VARIANTS.filter((v) => v.kernels!.includes(kernel))];
}

/** A loaded backend's kernel table, typed as complete: call only kernels it implements. */
export function tableOf(name: TestBackendName): Kernels {
  if (name === 'wasm-threads') return wasmThreads as Kernels;
  if (name === 'wasm-single') return (wasmSingle ?? loadWasmSync()) as Kernels;
  if (backendOf(name) === name) return kernelsOf(name as BackendName) as Kernels;
  const build = builds.get(name);
  if (!build) throw new Error(`${name} did not load here`);
  return build as Kernels;
}

/**
 * The gemm a suite checks large results with (residuals like ‖A·Z − Z·Λ‖): native's where it
 * loaded, else ts's. Native gemm is held to the ts reference by its own conformance suite, and
 * an n = 500 check on the ts loops costs about a second per case.
 */
export function checkerGemm(): Kernels['gemm'] {
  const native = BACKENDS.find((b) => b.name === 'native');
  return tableOf(native?.available ? 'native' : 'ts').gemm;
}
