/**
 * Two-thread wasm in Node (and Deno's Node layer): the helper is a worker_threads Worker,
 * unref'd so it never holds the process open. Chosen here, once, from the host's facts; the
 * plain table is returned unchanged (with the reason) wherever two threads cannot run.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, Worker } from 'node:worker_threads';
import { envVar } from '../../env.js';
import type { KernelTable } from '../../registry.js';
import { NODE_HELPER_SOURCE } from './protocol.js';
import { teamModuleBytes } from './shared-memory-build.js';
import type { Launch, Team } from './team.js';
import { withThreads, type Threaded, type ThreadedOptions } from './threaded-kernels.js';
import { withReason } from './with-reason.js';

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

/** The one-thread table's module as two threads run it (its shared-memory build), or why it cannot. */
function teamModule(plain: KernelTable): WebAssembly.Module | string {
  const bytes = teamModuleBytes(plain);
  if (typeof bytes === 'string') return bytes;
  try {
    return new WebAssembly.Module(bytes);
  } catch (err) {
    return `the wasm module's shared-memory build does not compile here: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/**
 * The one-thread table `plain` with large calls on two threads where this host allows it (the
 * helper starts on the first large call), else `plain` whose `threads()` says why not.
 * `allowed`: init's `wasmThreads` (false: one thread).
 */
export function withNodeThreads(plain: KernelTable, allowed?: boolean): KernelTable {
  if (allowed === false) return withReason(plain, 'init({ wasmThreads: false }) asks for one thread');
  const threaded = nodeThreaded(plain);
  if (typeof threaded === 'string') return withReason(plain, threaded);
  started.set(threaded.table, threaded.team);
  return threaded.table;
}

/** `withNodeThreads`, resolving once the helper is up (init(): later large calls split from the first). */
export async function withNodeThreadsStarted(plain: KernelTable, allowed?: boolean): Promise<KernelTable> {
  const table = withNodeThreads(plain, allowed);
  await started.get(table)?.whenReady();
  return table;
}

/** The team behind each threaded table withNodeThreads made. */
const started = new WeakMap<KernelTable, Team>();

/** The threaded table and its team (tests drive the team), or why it is not possible here. */
export function nodeThreaded(plain: KernelTable, options: Partial<ThreadedOptions> = {}): Threaded | string {
  const why = whyOneThread();
  if (why !== undefined) return why;
  const module = options.module ?? teamModule(plain);
  if (typeof module === 'string') return module;
  return withThreads(plain, {
    launch: launchNodeHelper,
    canBlock: true,
    why: `worker_threads and shared wasm memory, ${availableParallelism()} CPUs`,
    ...options,
    module,
    variant: plain.variant?.name ?? 'given',
  });
}
