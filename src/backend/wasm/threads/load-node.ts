/**
 * Two-thread wasm in Node (and Deno's Node layer): the helper is a worker_threads Worker,
 * unref'd so it never holds the process open. Chosen here, once, from the host's facts; the
 * plain table is returned unchanged (with the reason) wherever two threads cannot run.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { isMainThread, Worker } from 'node:worker_threads';
import { envVar } from '../../env.js';
import { packageRoot } from '../../package-root.js';
import type { KernelTable } from '../../registry.js';
import type { WasmSource } from '../compile.js';
import { THREADS_WASM_FILES, type WasmVariant } from '../variant.js';
import { threadsBuildFor } from './pick-build.js';
import { NODE_HELPER_SOURCE } from './protocol.js';
import type { Launch, Team } from './team.js';
import { withThreads, type Threaded, type ThreadedOptions } from './threaded-kernels.js';
import { withReason } from './with-reason.js';

/** The package's threaded module of a build (pick-build.ts: the one-thread table's). */
export function threadsWasmPath(variant: WasmVariant = 'plain'): string {
  return join(packageRoot(), 'dist', 'wasm', THREADS_WASM_FILES[variant]);
}

export const launchNodeHelper: Launch = (start, onGone) => {
  // execArgv []: an eval worker would otherwise take the parent's flags, and under
  // --input-type=module its code would be an ES module, where `require` does not exist.
  const worker = new Worker(NODE_HELPER_SOURCE, { eval: true, workerData: start, execArgv: [] });
  worker.unref(); // a helper waiting for jobs must not keep the process alive
  worker.on('error', (e) => onGone(`failed: ${e instanceof Error ? e.message : String(e)}`));
  worker.on('exit', (code) => onGone(`exited (code ${code})`));
  return { terminate: () => void worker.terminate() };
};

/**
 * Why wasm stays on one thread here, or undefined when two threads can run. MMLKIT_WASM_THREADS
 * =0 forces one thread; =1 allows two inside a worker thread too (by default a worker — a
 * pool's, say — stays on one: its parallelism is the pool's).
 */
function whyOneThread(): string | undefined {
  const setting = envVar('MMLKIT_WASM_THREADS')?.trim();
  if (setting === '0') return 'MMLKIT_WASM_THREADS=0 asks for one thread';
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') return 'this runtime has no SharedArrayBuffer/Atomics';
  if (availableParallelism() < 2) return 'only one CPU is available to this process';
  if (!isMainThread && setting !== '1') return 'running in a worker thread, whose parallelism is its pool\'s (MMLKIT_WASM_THREADS=1 allows two threads here too)';
  return undefined;
}

/** The threaded module of a build, compiled, or the reason it cannot be. */
function compileThreaded(variant: WasmVariant): WebAssembly.Module | string {
  const path = threadsWasmPath(variant);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch {
    return `${path} is missing (run \`npm run build:wasm\`)`;
  }
  try {
    return new WebAssembly.Module(bytes);
  } catch (err) {
    return `${path} does not compile here: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/**
 * The one-thread table `plain` with two-thread gemm where this host allows it (the helper
 * starts on the first large call), else `plain` whose `threads()` says why not. `source`,
 * `sourceRelaxed`: init's `wasmThreads` and `wasmThreadsRelaxed`.
 */
export function withNodeThreads(plain: KernelTable, source?: WasmSource | false, sourceRelaxed?: WasmSource): KernelTable {
  if (source === false) return withReason(plain, 'init({ wasmThreads: false }) asks for one thread');
  const build = threadsBuildFor(plain, source, sourceRelaxed);
  if (build.source !== undefined && !(build.source instanceof WebAssembly.Module)) {
    return withReason(plain, `init({ wasmThreads, wasmThreadsRelaxed }) take a compiled WebAssembly.Module in Node (or false); it reads ${THREADS_WASM_FILES[build.variant === 'relaxed' ? 'relaxed' : 'plain']} from the package by itself`);
  }
  const threaded = nodeThreaded(plain, build.source ? { module: build.source, variant: build.variant } : {});
  if (typeof threaded === 'string') return withReason(plain, threaded);
  started.set(threaded.table, threaded.team);
  return threaded.table;
}

/** `withNodeThreads`, resolving once the helper is up (init(): later large calls split from the first). */
export async function withNodeThreadsStarted(plain: KernelTable, source?: WasmSource | false, sourceRelaxed?: WasmSource): Promise<KernelTable> {
  const table = withNodeThreads(plain, source, sourceRelaxed);
  await started.get(table)?.whenReady();
  return table;
}

/** The team behind each threaded table withNodeThreads made. */
const started = new WeakMap<KernelTable, Team>();

/**
 * The threaded table and its team (tests drive the team), or why it is not possible here.
 * Without `options.module`, the package's threaded module of `plain`'s build (pick-build.ts).
 */
export function nodeThreaded(plain: KernelTable, options: Partial<ThreadedOptions> = {}): Threaded | string {
  const why = whyOneThread();
  if (why !== undefined) return why;
  const variant = options.module ? (options.variant ?? 'given') : threadsBuildFor(plain).variant;
  const module = options.module ?? compileThreaded(variant === 'relaxed' ? 'relaxed' : 'plain');
  if (typeof module === 'string') return module;
  return withThreads(plain, {
    launch: launchNodeHelper,
    canBlock: true,
    why: `worker_threads and shared wasm memory, ${availableParallelism()} CPUs`,
    ...options,
    module,
    variant,
  });
}
