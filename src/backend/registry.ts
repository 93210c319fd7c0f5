/**
 * Backend registry and selection (docs/architecture.md).
 *
 * Each backend is a loader that yields a kernel table. Loaders are registered by the entry
 * point for the platform (Node, browser, workerd), so platform code never leaks into the
 * portable core. Loading is lazy and never throws: a failure becomes `available: false`
 * with the reason, and selecting that backend explicitly throws `BackendUnavailableError`.
 */
import { BackendUnavailableError, OptionError } from '../errors.js';
import { envVar } from './env.js';
import { optionsObject } from '../validate.js';
import { KERNEL_NAMES, type KernelName, type Kernels } from './kernels.js';
import { tsKernels } from './ts/index.js';
import type { CompiledWasmModule, WasmSource } from './wasm/compile.js';
import { parseVariantChoice, type VariantInfo, type WasmVariant, type WasmVariantChoice } from './wasm/variant.js';

export type { WasmSource, VariantInfo, WasmVariant, WasmVariantChoice };

/** A concrete backend: the C++ addon (Node), WebAssembly, or plain TypeScript (everywhere). */
export type BackendName = 'native' | 'wasm' | 'ts';
/** A backend to select: a concrete one, or `'auto'` (native, else wasm, else ts, per call size). */
export type BackendChoice = BackendName | 'auto';

/** Priority order used by `'auto'`: the first backend that loads wins. */
export const BACKEND_NAMES: readonly BackendName[] = ['native', 'wasm', 'ts'];

/** wasm: how many threads its large products use here, and why (docs/wasm-threads.md). */
export interface ThreadsStatus {
  /** 2: large calls split with a helper worker; 1: single-threaded. */
  count: 1 | 2;
  /** Why: the host's facts, `MMLKIT_WASM_THREADS=0`, or what failed. */
  reason: string;
  /**
   * Which build the two threads run (count 2): always the module the one-thread wasm runs —
   * `plain`, `relaxed`, or `given` (the application's, from `init({ wasm })`) — instantiated
   * over one shared memory in both threads.
   */
  variant?: WasmVariant | 'given';
  /**
   * True (count 2) while large calls run on one thread for a few seconds because the helper was
   * found without a CPU twice in a row: the machine looks busy (the reason says how late it was).
   */
  busy?: boolean;
}

/** One backend's entry in {@link backends}'s list. */
export interface BackendStatus {
  /** Which backend. */
  name: BackendName;
  /** Whether it loaded and can run kernels here. */
  available: boolean;
  /** Why the backend cannot be used (absent when available). */
  reason?: string;
  /**
   * The kernels this backend implements (present when available). A kernel it lacks runs on
   * `ts` instead, and `lastDispatch()` says so.
   */
  kernels?: KernelName[];
  /** Which build of the backend runs, and why (wasm: `plain` or `relaxed` SIMD). */
  variant?: VariantInfo;
  /**
   * wasm only: how many threads its large calls use here (2: split with a helper worker; 1:
   * single-threaded) and why — the host's facts, `MMLKIT_WASM_THREADS=0`, or what failed.
   */
  threads?: ThreadsStatus;
}

/**
 * A backend's kernel table. Only `ts` (the reference) must implement every kernel; another
 * backend may lack some (a new kernel can land on one backend first), and the dispatcher
 * runs those on `ts`.
 */
export type KernelTable = Partial<Kernels> & BackendHooks;

/** What a backend may offer beside its kernels. */
export interface BackendHooks {
  /** Frees the memory the backend keeps between calls (scratch, arenas); see `release()`. */
  release?(): void;
  /** Which build this table runs (wasm's plain or relaxed-SIMD module), for `backends()`. */
  variant?: VariantInfo;
  /** wasm: whether large calls run on two threads, and why (see BackendStatus.threads). */
  threads?(): ThreadsStatus;
  /** wasm: the compiled module this table runs (two threads run it too: threads/). */
  module?: CompiledWasmModule;
}

/** A synchronous loader: returns the kernel table or throws with a useful message. */
export type SyncLoader = () => KernelTable;
/**
 * An asynchronous loader, for platforms that may not compile wasm synchronously. `source` is
 * `init({ wasm })`'s: where the application has the module (absent: the platform's default);
 * `wasm` carries `init`'s `wasmRelaxed`, `wasmVariant` (which build to load) and `wasmThreads`.
 */
export type AsyncLoader = (source?: WasmSource, wasm?: WasmBuildOptions) => Promise<KernelTable>;

/** `init()`'s say in which wasm build loads (see InitOptions). */
export interface WasmBuildOptions {
  relaxed?: WasmSource;
  variant?: WasmVariantChoice;
  /** init's `wasmThreads`: false for one thread; true allows two inside a Web Worker too. */
  threads?: boolean;
}

interface Slot {
  sync?: SyncLoader;
  async?: AsyncLoader;
  kernels?: KernelTable;
  reason?: string;
  tried: boolean;
}

const slots = new Map<BackendName, Slot>([
  ['native', { tried: false, reason: 'no native loader on this platform (native runs in Node only)' }],
  ['wasm', { tried: false, reason: 'wasm not initialised: call `await init()` first on this platform' }],
  ['ts', { tried: true, kernels: tsKernels }],
]);

let choice: BackendChoice | undefined;

/** Called by an entry point to make a backend loadable on this platform. */
export function registerLoader(name: Exclude<BackendName, 'ts'>, loader: { sync?: SyncLoader; async?: AsyncLoader }): void {
  const reason = loader.sync ? undefined : 'not initialised: call `await init()` first (this platform compiles wasm asynchronously)';
  slots.set(name, { sync: loader.sync, async: loader.async, tried: false, reason });
}

/** The names of the kernels a table implements, in declaration order. */
function implemented(table: KernelTable): KernelName[] {
  return KERNEL_NAMES.filter((k) => typeof table[k] === 'function');
}

/**
 * A table with no kernel at all is a broken load (a stale or foreign addon), not a backend.
 * Missing individual kernels are allowed: they run on ts.
 */
function checkTable(name: BackendName, table: KernelTable): KernelTable {
  if (table === null || typeof table !== 'object' || implemented(table).length === 0)
    throw new Error(`${name} backend implements no kernel (stale build? rebuild it)`);
  return table;
}

function tryLoad(name: BackendName): Slot {
  const slot = slots.get(name)!;
  if (slot.tried || !slot.sync) return slot;
  slot.tried = true;
  try {
    slot.kernels = checkTable(name, slot.sync());
    slot.reason = undefined;
  } catch (err) {
    slot.reason = err instanceof Error ? err.message : String(err);
  }
  return slot;
}

/**
 * Lists every backend, whether it is usable here and, if not, why. Never throws: a backend that
 * fails to load is listed with its `reason`.
 * @example backends() // [{ name: 'native', available: true }, { name: 'wasm', … }, { name: 'ts', … }]
 */
export function backends(): BackendStatus[] {
  return BACKEND_NAMES.map((name) => {
    const slot = tryLoad(name);
    if (!slot.kernels) return { name, available: false, reason: slot.reason ?? 'not loaded' };
    const { variant, threads } = slot.kernels;
    return { name, available: true, kernels: implemented(slot.kernels), ...(variant ? { variant: { ...variant } } : {}), ...(threads ? { threads: threads() } : {}) };
  });
}

/** `init()`'s options. */
export interface InitOptions {
  /**
   * Where the wasm backend's module comes from, for bundles that moved or dropped
   * `mmlkit.wasm` (esbuild does not copy it): its URL, a `Response` (or `fetch(url)`), its bytes
   * or a compiled `WebAssembly.Module`. Default: the file next to mmlkit's own code (Node reads
   * it from the package; browsers fetch `new URL('…/wasm/mmlkit.wasm', import.meta.url)`,
   * which Vite and webpack 5 rewrite to the copy they emit). Used only if wasm has not loaded yet.
   * Taken as it is, whichever build it is (see `wasmRelaxed` to offer both).
   */
  wasm?: WasmSource;
  /**
   * Where the relaxed-SIMD build (`mmlkit-relaxed.wasm`) comes from, in the same forms as `wasm`:
   * loaded instead of `wasm` where the runtime has relaxed SIMD (and `wasmVariant` allows it),
   * and never fetched elsewhere.
   */
  wasmRelaxed?: WasmSource;
  /**
   * Which build of the wasm module to load: `'relaxed'` (fused multiply-add, where the runtime
   * has relaxed SIMD), `'plain'`, or `'auto'` (default; relaxed where the runtime validates it,
   * else plain). Overrides MMLKIT_WASM_VARIANT. Forcing `'relaxed'` where it is not supported
   * rejects with BackendUnavailableError. `backends()` says which build runs and why. Like
   * `wasm`, used only if wasm has not loaded yet (in Node: before the first wasm call).
   */
  wasmVariant?: WasmVariantChoice;
  /**
   * The two-thread wasm (large products, and the products inside the decompositions, split
   * across this thread and one helper worker), where the host allows it: a cross-origin
   * isolated page, or Node. Default: on where allowed, off inside a worker (a pool's
   * parallelism is the pool's). `true`: on inside a Web Worker too. `false`: one thread. Both
   * threads run the module wasm loaded (over one shared memory): nothing more is fetched.
   * `backends()` says what runs and why. Used only if wasm has not loaded yet (in Node it
   * loads on first use: set MMLKIT_WASM_THREADS=0 there instead).
   */
  wasmThreads?: boolean;
}

/**
 * Readies backends that need asynchronous set-up (wasm in browsers and workerd), and loads wasm
 * from `options.wasm` when given. In Node every backend is usable synchronously after import;
 * calling `init()` there is harmless.
 * @returns every backend's status, as `backends()`.
 * @throws OptionError for an unknown option or a `wasm` of another kind;
 *   BackendUnavailableError (with the URL and the HTTP status or compile error) when the `wasm`
 *   given cannot be loaded. Without `wasm`, a failure is not thrown: wasm stays unavailable with
 *   the reason in `backends()` (and a console warning in browsers), and computations run on ts.
 * @example await init(); // browsers: fetch the .wasm next to mmlkit's code
 * @example await init({ wasm: new URL('./mmlkit.wasm', import.meta.url) }); // a copy the app serves
 */
export async function init(options?: InitOptions): Promise<BackendStatus[]> {
  const { wasm, wasmRelaxed, wasmVariant, wasmThreads } = optionsObject(options, 'init', ['wasm', 'wasmRelaxed', 'wasmVariant', 'wasmThreads']);
  if (wasmVariant !== undefined) parseVariantChoice(wasmVariant, 'init: wasmVariant');
  if (wasmThreads !== undefined && typeof wasmThreads !== 'boolean') {
    throw new OptionError('init: wasmThreads', 'true or false (both threads run the module wasm loads: there is no threaded module to give)', wasmThreads);
  }
  const explicit = wasm !== undefined || wasmRelaxed !== undefined || wasmVariant !== undefined;
  for (const name of BACKEND_NAMES) {
    const slot = slots.get(name)!;
    if (slot.kernels || !slot.async) continue;
    const source = name === 'wasm' ? wasm : undefined;
    try {
      slot.kernels = checkTable(name, await slot.async(source, name === 'wasm' ? { relaxed: wasmRelaxed, variant: wasmVariant, threads: wasmThreads } : undefined));
      slot.reason = undefined;
      slot.tried = true;
    } catch (err) {
      if (err instanceof OptionError) throw err;
      slot.reason = err instanceof Error ? err.message : String(err);
      if (name === 'wasm' && explicit) throw new BackendUnavailableError(name, slot.reason);
    }
  }
  return backends();
}

function parseChoice(value: unknown, source: string): BackendChoice {
  if (value === 'auto' || BACKEND_NAMES.includes(value as BackendName)) return value as BackendChoice;
  throw new OptionError(source, `one of 'auto', 'native', 'wasm', 'ts'`, value);
}

function initialChoice(): BackendChoice {
  const fromEnv = envVar('MMLKIT_BACKEND');
  return fromEnv ? parseChoice(fromEnv.trim().toLowerCase(), 'MMLKIT_BACKEND') : 'auto';
}

/** The innermost withBackend scope's choice, else the process-wide one. */
function currentChoice(): BackendChoice {
  const scoped = scope.current();
  if (scoped !== undefined) return scoped;
  choice ??= initialChoice();
  return choice;
}

function resolve(c: BackendChoice): BackendName {
  if (c !== 'auto') return c;
  for (const name of BACKEND_NAMES) if (tryLoad(name).kernels) return name;
  return 'ts';
}

/**
 * The backend operations run on now (`'auto'` resolved to a concrete name). Never throws.
 * @example getBackend() // 'native' where the addon loads; 'wasm' or 'ts' elsewhere
 */
export function getBackend(): BackendName {
  return resolve(currentChoice());
}

/** True while the user has not pinned a backend (size thresholds apply only then). */
export function isAuto(): boolean {
  return currentChoice() === 'auto';
}

/**
 * Selects the process-wide backend for subsequent operations, or `'auto'` (native, else wasm,
 * else ts). Inside a `withBackend` scope the scope's choice wins.
 * @throws BackendUnavailableError with the reason when the backend cannot load here;
 *   OptionError for a name that is not 'auto', 'native', 'wasm' or 'ts'.
 * @example
 * setBackend('ts');
 * getBackend(); // 'ts'
 * setBackend('auto');
 */
export function setBackend(name: BackendChoice): void {
  const c = parseChoice(name, 'backend');
  if (c !== 'auto') {
    const slot = tryLoad(c);
    if (!slot.kernels) throw new BackendUnavailableError(c, slot.reason ?? 'not loaded');
  }
  choice = c;
}

/**
 * How `withBackend` scopes a choice. Node's entry registers one on AsyncLocalStorage, which
 * follows `fn` across its awaits and keeps concurrent scopes apart; the default scope is
 * synchronous only (see withBackend).
 */
export interface BackendScope {
  run<T>(choice: BackendChoice, fn: () => T): T;
  current(): BackendChoice | undefined;
}

/** The synchronous scope: a variable set for the duration of a call that must not await. */
export function synchronousScope(): BackendScope {
  let scoped: BackendChoice | undefined;
  return {
    run(c, fn) {
      const previous = scoped;
      scoped = c;
      try {
        const result = fn();
        if (isThenable(result)) {
          throw new OptionError(
            'withBackend: fn',
            'a synchronous function on this platform: without AsyncLocalStorage a backend cannot follow fn across await (pass { backend } to each call, or use a Pool with a backend)',
            fn,
          );
        }
        return result;
      } finally {
        scoped = previous;
      }
    },
    current: () => scoped,
  };
}

let scope: BackendScope = synchronousScope();

/** Called by an entry point whose platform can scope across await (Node: AsyncLocalStorage). */
export function registerScope(s: BackendScope): void {
  scope = s;
}

function isThenable(v: unknown): boolean {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';
}

/**
 * Runs `fn` with a backend selected for every operation inside it, and only there: the
 * process-wide choice (`setBackend`) is not changed, and concurrent scopes do not see each
 * other's. In Node an async `fn` keeps its backend across its awaits (AsyncLocalStorage); on
 * platforms without it (browsers, workerd) an `fn` that returns a promise is refused with
 * `OptionError` — its code after the first await would run on the wrong backend.
 * @throws BackendUnavailableError when the backend cannot load here; OptionError for a bad
 *   name or `fn`.
 * @example withBackend('ts', () => matmul(A, B))
 * @example await withBackend('wasm', async () => { const a = svd(A); await io(); return eigh(B); })
 */
export function withBackend<T>(name: BackendChoice, fn: () => T): T {
  if (typeof fn !== 'function') throw new OptionError('withBackend: fn', 'a function', fn);
  const c = parseChoice(name, 'withBackend: name');
  if (c !== 'auto') kernelsOf(c);
  return scope.run(c, fn);
}

/** The per-call backend option every function that runs kernels takes. */
export interface BackendOption {
  /**
   * Run this call — and everything it calls — on this backend, whatever `setBackend` or an
   * enclosing `withBackend` chose (default: their choice). `'auto'` picks as `setBackend('auto')`.
   */
  backend?: BackendChoice;
}

/**
 * The `backend` option of a facade call. `args` are the call's arguments with its options
 * object last. When that object has a `backend`, the function is called again with the other
 * options inside `withBackend` and its result comes back as `{ result }`; otherwise the result
 * is undefined and the caller goes on. Throws OptionError for a bad name (naming `fn`) and
 * BackendUnavailableError for a backend that cannot load here.
 * @example const pinned = callPinned(det, [a, options], 'det'); if (pinned) return pinned.result as number;
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any facade function, overloads included
export function callPinned(f: (...args: any[]) => unknown, args: unknown[], fn: string): { result: unknown } | undefined {
  const options = args[args.length - 1];
  if (options === null || typeof options !== 'object' || !Object.hasOwn(options, 'backend')) return undefined;
  const { backend, ...rest } = options as BackendOption;
  const again = args.slice();
  again[again.length - 1] = rest;
  if (backend === undefined) return { result: f(...again) };
  const c = parseChoice(backend, `${fn}: backend`);
  if (c !== 'auto') kernelsOf(c);
  return { result: scope.run(c, () => f(...again)) };
}

/**
 * Hands back the memory backends keep between calls for speed: the wasm instance's linear
 * memory (which can only grow; the next wasm call starts a fresh instance), the native
 * addon's gemm and LU scratch of the calling thread (up to ~45 MB; the C heap is trimmed) and the LU
 * factor buffer det/solve/inv reuse (up to 32 MB). Nothing is
 * lost but the next call's warm-up. wasm also does this by itself after 10 s idle once its
 * memory passed 64 MB. Never throws.
 * @example matmul(big, big, { backend: 'wasm' }); release(); // RSS back near where it was
 */
export function release(): void {
  for (const slot of slots.values()) slot.kernels?.release?.();
  for (const hook of releaseHooks) hook();
}

const releaseHooks: (() => void)[] = [];

/** For facade code that keeps a buffer between calls (lu.ts's factors): dropped by `release()`. */
export function onRelease(hook: () => void): void {
  releaseHooks.push(hook);
}

/** The kernel table of a named backend; throws `BackendUnavailableError` if it cannot load. */
export function kernelsOf(name: BackendName): KernelTable {
  const slot = tryLoad(name);
  if (!slot.kernels) throw new BackendUnavailableError(name, slot.reason ?? 'not loaded');
  return slot.kernels;
}

/** Whether a loaded backend implements `kernel` (false when it is not loaded). */
export function hasKernel(name: BackendName, kernel: KernelName): boolean {
  return typeof tryLoad(name).kernels?.[kernel] === 'function';
}
