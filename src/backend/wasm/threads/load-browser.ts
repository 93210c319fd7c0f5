/**
 * Two-thread wasm in browsers: the helper is a Web Worker, and shared memory needs a page that
 * is cross-origin isolated (served with `Cross-Origin-Opener-Policy: same-origin` and
 * `Cross-Origin-Embedder-Policy: require-corp`). Decided once, in `init()`, which compiles the
 * shared-memory build of the module the page already loaded (nothing more is fetched).
 *
 * A page's main thread may not block in Atomics.wait: there it spins on Atomics.load while the
 * helper finishes its half (which takes about as long as its own half). Inside a Web Worker it
 * blocks as Node does.
 */
import type { KernelTable } from '../../registry.js';
import { BROWSER_HELPER_SOURCE } from './protocol.js';
import { teamModuleBytes } from './shared-memory-build.js';
import type { Launch } from './team.js';
import { withThreads } from './threaded-kernels.js';
import { withReason } from './with-reason.js';

interface WebGlobals {
  crossOriginIsolated?: boolean;
  navigator?: { hardwareConcurrency?: number };
  window?: unknown;
  Worker?: new (url: string) => WebWorker;
}
interface WebWorker {
  postMessage(data: unknown): void;
  terminate(): void;
  onerror: ((e: { message?: string }) => void) | null;
}

const web = globalThis as unknown as WebGlobals;

/** The helper from a Blob URL: no worker script for a bundler to find (a blob worker shares the page's isolation). */
const launchWebHelper: Launch = (start, onGone) => {
  const url = URL.createObjectURL(new Blob([BROWSER_HELPER_SOURCE], { type: 'text/javascript' }));
  try {
    const worker = new web.Worker!(url);
    worker.onerror = (e) => onGone(`failed: ${e.message ?? 'error'}`);
    worker.postMessage(start);
    return { terminate: () => worker.terminate() };
  } finally {
    URL.revokeObjectURL(url);
  }
};

/**
 * Why wasm stays on one thread here, or undefined. `explicit`: the application asked for two
 * threads (init({ wasmThreads: true })), which allows them inside a Web Worker too (by default
 * a worker — a pool's, say — stays on one: its parallelism is the pool's).
 */
function whyOneThread(explicit: boolean): string | undefined {
  if (typeof SharedArrayBuffer !== 'function' || web.crossOriginIsolated !== true) {
    return 'the page is not cross-origin isolated, so shared memory is off (serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp for two threads)';
  }
  if (typeof web.Worker !== 'function') return 'this runtime has no Web Workers';
  if ((web.navigator?.hardwareConcurrency ?? 2) < 2) return 'only one CPU is reported (navigator.hardwareConcurrency)';
  if (web.window === undefined && !explicit) return "running in a worker, whose parallelism is its pool's (init({ wasmThreads: true }) allows two threads here too)";
  return undefined;
}

/**
 * The one-thread table `plain` with large calls on two threads when the page allows it, else
 * `plain` whose `threads()` says why not. `allowed`: init's `wasmThreads` (false: one thread,
 * true: two inside a Web Worker too).
 */
export async function withBrowserThreads(plain: KernelTable, allowed: boolean | undefined): Promise<KernelTable> {
  if (allowed === false) return withReason(plain, 'init({ wasmThreads: false }) asks for one thread');
  const why = whyOneThread(allowed === true);
  if (why !== undefined) return withReason(plain, why);
  const bytes = teamModuleBytes(plain);
  if (typeof bytes === 'string') return withReason(plain, bytes);
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile(bytes);
  } catch (err) {
    return withReason(plain, `the wasm module's shared-memory build does not compile here: ${err instanceof Error ? err.message : String(err)}`);
  }
  const onPage = web.window !== undefined;
  const threaded = withThreads(plain, {
    module,
    variant: plain.variant?.name ?? 'given',
    launch: launchWebHelper,
    canBlock: !onPage,
    why: `cross-origin isolated, Web Workers, ${web.navigator?.hardwareConcurrency ?? '?'} CPUs${onPage ? '; the page waits for the helper by spinning (Atomics.wait is not allowed there)' : ''}`,
  });
  if (!(await threaded.team.whenReady())) return withReason(plain, threaded.team.reason);
  return threaded.table;
}
