/**
 * The facade's one door to the kernels: picks the backend for a call and records which one
 * actually ran, so users comparing backends can see it (`lastDispatch()`).
 */
import type { KernelName, Kernels } from './kernels.js';
import { getBackend, hasKernel, isAuto, kernelsOf, type BackendName } from './registry.js';
import { SMALL_WORK } from './thresholds.js';
import { getrfWithGemm } from './ts/getrf.js';
import { tsKernels } from './ts/index.js';

/**
 * Reference kernels written on gemm. When a backend lacks one of these but has gemm, the ts
 * algorithm runs with that backend's gemm for its O(n³) part instead of the ts gemm (before
 * wasm had its own getrf this gave it det 600 in 174 ms, not 450; today it serves a build or
 * backend that has gemm but not getrf).
 */
const ON_BACKEND_GEMM: { [K in KernelName]?: (gemm: Kernels['gemm']) => Kernels[K] } = {
  getrf: (gemm) => (m, n, a, ipiv) => getrfWithGemm(m, n, a, ipiv, gemm),
};

/** ts tables with the ON_BACKEND_GEMM kernels bound to a backend's gemm, one per backend. */
const composed = new Map<BackendName, Kernels>();

function tsOnGemmOf(backend: BackendName): Kernels {
  let table = composed.get(backend);
  if (!table) {
    const gemm = (kernelsOf(backend) as Kernels).gemm;
    table = { ...tsKernels };
    for (const [name, bind] of Object.entries(ON_BACKEND_GEMM)) (table as unknown as Record<string, unknown>)[name] = bind(gemm);
    composed.set(backend, table);
  }
  return table;
}

/** One kernel call: which kernel ran, on which backend. */
export interface Dispatch {
  /** The kernel (`'gemm'`, `'getrf'`, `'symEig'` …; `backends()` lists each backend's). */
  kernel: KernelName;
  /** The backend that ran it (a kernel a backend lacks runs on `'ts'`). */
  backend: BackendName;
}

let last: Dispatch | undefined;
/** The kernels run since collectDispatches began (distinct kernel/backend pairs, in order). */
let recording: Dispatch[] | undefined;

function note(kernel: KernelName, backend: BackendName): void {
  last = { kernel, backend };
  if (recording && !recording.some((d) => d.kernel === kernel && d.backend === backend)) recording.push(last);
}

/**
 * Runs `run` and lists the kernels it dispatched (each kernel/backend pair once, in first-use
 * order): a pool's worker reports these with every result, where the caller's lastDispatch()
 * cannot see them.
 */
export function collectDispatches<T>(run: () => T): { value: T; dispatches: Dispatch[] } {
  const outer = recording;
  const dispatches: Dispatch[] = [];
  recording = dispatches;
  try {
    return { value: run(), dispatches };
  } finally {
    recording = outer;
    if (outer) for (const d of dispatches) if (!outer.some((o) => o.kernel === d.kernel && o.backend === d.backend)) outer.push(d);
  }
}

/**
 * The kernel table to run `kernel` on, for a call of size `work`. Under `'auto'` small calls
 * stay on `ts` (thresholds.ts); a pinned backend is honoured for every kernel it implements,
 * and a kernel it lacks runs on `ts` (the reference implements them all) — on that backend's
 * gemm where the reference is written on gemm (ON_BACKEND_GEMM).
 */
export function kernelsFor(kernel: KernelName, work: number): Kernels {
  let backend = getBackend();
  if (isAuto() && backend !== 'ts' && work < (SMALL_WORK[kernel]?.[backend] ?? 0)) backend = 'ts';
  if (backend !== 'ts' && !hasKernel(backend, kernel)) {
    const onGemm = kernel in ON_BACKEND_GEMM && hasKernel(backend, 'gemm') ? tsOnGemmOf(backend) : undefined;
    backend = 'ts';
    if (onGemm) {
      note(kernel, backend);
      return onGemm;
    }
  }
  note(kernel, backend);
  // Safe: the chosen table implements `kernel` (checked above, and ts implements all).
  return kernelsOf(backend) as Kernels;
}

/**
 * Which backend ran the most recent kernel call (undefined before the first). Never throws.
 * @example
 * matmul([[1, 2]], [[3], [4]]);
 * lastDispatch(); // { kernel: 'gemm', backend: 'ts' } (small products stay on ts under 'auto')
 */
export function lastDispatch(): Dispatch | undefined {
  return last;
}
