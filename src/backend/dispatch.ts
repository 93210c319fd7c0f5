/**
 * The facade's one door to the kernels: picks the backend for a call and records which one
 * actually ran, so users comparing backends can see it (`lastDispatch()`).
 */
import type { KernelName, Kernels } from './kernels.js';
import { getBackend, hasKernel, isAuto, kernelsOf, type BackendName } from './registry.js';
import { SMALL_WORK } from './thresholds.js';

export interface Dispatch {
  kernel: KernelName;
  backend: BackendName;
}

let last: Dispatch | undefined;

/**
 * The kernel table to run `kernel` on, for a call of size `work`. Under `'auto'` small calls
 * stay on `ts` (thresholds.ts); a pinned backend is honoured for every kernel it implements,
 * and a kernel it lacks runs on `ts` (the reference implements them all).
 */
export function kernelsFor(kernel: KernelName, work: number): Kernels {
  let backend = getBackend();
  if (isAuto() && backend !== 'ts' && work < (SMALL_WORK[kernel]?.[backend] ?? 0)) backend = 'ts';
  if (backend !== 'ts' && !hasKernel(backend, kernel)) backend = 'ts';
  last = { kernel, backend };
  // Safe: the chosen table implements `kernel` (checked above, and ts implements all).
  return kernelsOf(backend) as Kernels;
}

/** Which backend ran the most recent kernel call (undefined before the first). */
export function lastDispatch(): Dispatch | undefined {
  return last;
}
