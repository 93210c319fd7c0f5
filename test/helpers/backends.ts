/**
 * The backends the conformance suite runs on. Every backend is expected; when one fails to
 * load, the suite says why — and under CI (CI=true) that is a failure, not a skip.
 */
import { it } from 'vitest';
import { backends, type BackendName } from '../../src/entry/node.js';
import { KERNEL_NAMES, type KernelName, type Kernels } from '../../src/backend/kernels.js';
import { kernelsOf } from '../../src/backend/registry.js';
import type { Rng } from '../../src/random.js';
import { IN_CI } from './ci.js';

export { IN_CI };

export interface BackendUnderTest {
  name: BackendName;
  available: boolean;
  reason?: string;
  kernels?: KernelName[];
}

export const BACKENDS: BackendUnderTest[] = backends();

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
export function backendsWith(kernel: KernelName): BackendUnderTest[] {
  return BACKENDS.filter((b) => EXPECTED_KERNELS[b.name].includes(kernel));
}

/** A loaded backend's kernel table, typed as complete: call only kernels it implements. */
export function tableOf(name: BackendName): Kernels {
  return kernelsOf(name) as Kernels;
}
