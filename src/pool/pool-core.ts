/**
 * The platform-free part of a `Pool`: the FIFO queue, dispatch to idle workers, cancellation,
 * back-pressure and close. A `WorkerHost` starts the platform's workers (Node worker_threads in
 * create-pool.ts, module Web Workers in create-pool-browser.ts).
 *
 * Cancellation: an aborted `signal` removes a queued call at once; a running call is stopped by
 * ending its worker (a fresh one replaces it), which interrupts JavaScript at once but lets a
 * native kernel already inside C++ finish its current call on that thread first. Either way the
 * promise rejects with `signal.reason`.
 */
import { OptionError, PoolError } from '../errors.js';
import { optionsObject } from '../validate.js';
import { CALL_OPTIONS_ONLY, OPERATIONS, OPTIONS_AT, type OperationName } from './operations.js';
import type { CallOptions, Pool, PoolOptions } from './pool-api.js';
import { getBackend, isAuto, kernelsOf, type BackendChoice } from '../backend/registry.js';
import type { Dispatch } from '../backend/dispatch.js';
import type { PoolRequest, PoolResponse } from './serve.js';
import { decode, decodeError, encode, NotTransferable } from './wire.js';

/** One started worker, as the pool drives it. */
export interface WorkerHandle {
  post(request: PoolRequest): void;
  terminate(): Promise<unknown> | void;
  /** Node: an idle worker must not keep the process alive, a busy one must. */
  setBusy(busy: boolean): void;
}

export interface WorkerHost {
  /** Starts a worker that answers on `onMessage` and reports its death on `onFailure`. */
  start(onMessage: (response: PoolResponse) => void, onFailure: (why: string) => void): WorkerHandle;
}

/** What a call may carry besides its arguments (never sent to the worker). */
export interface CallHooks {
  signal?: AbortSignal;
  /** The kernels the call ran (and on which backend), before its promise settles. */
  onDispatch?: (dispatches: readonly Dispatch[]) => void;
  /** Progress reports of a task operation (serveTask), in order, before the outcome. */
  onProgress?: (report: unknown) => void;
}

interface Call extends CallHooks {
  id: number;
  op: string;
  args: unknown[];
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onAbort?: () => void;
}

interface Slot {
  worker: WorkerHandle;
  call: Call | undefined;
}

// Every operation has its typed method in Pool (a compile-time check).
type Untyped = Exclude<OperationName, keyof Pool>;
const everyOperationTyped: [Untyped] extends [never] ? true : Untyped = true;
void everyOperationTyped;

export class WorkerPool {
  private readonly slots: (Slot | undefined)[];
  private readonly queue: Call[] = [];
  private nextId = 1;
  private closing: Promise<void> | undefined;
  private onIdle: (() => void) | undefined;

  constructor(
    private readonly host: WorkerHost,
    private readonly threads: number,
    private readonly maxQueue: number,
  ) {
    this.slots = new Array<Slot | undefined>(threads).fill(undefined);
  }

  /** Calls accepted and not yet settled (queued + running). */
  get pending(): number {
    return this.queue.length + this.slots.filter((s) => s?.call).length;
  }

  /** A public operation: its options' `signal` and `onDispatch` are the pool's (CallOptions). */
  call(op: OperationName, args: unknown[]): Promise<unknown> {
    let hooks: CallHooks;
    try {
      hooks = takeCallOptions(op, args);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.run(op, args, hooks);
  }

  /** Any operation of the workers' table, with the hooks given apart from the arguments. */
  run(op: string, args: unknown[], hooks: CallHooks = {}): Promise<unknown> {
    const { signal } = hooks;
    if (this.closing) return Promise.reject(new PoolError(`${op}: the pool is closed`, 'closed'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    let encoded: unknown[];
    try {
      encoded = args.map((a, i) => encode(a, undefined, `arguments[${i}]`));
    } catch (e) {
      if (e instanceof NotTransferable) return Promise.reject(new OptionError(`${op}: ${e.path}`, 'data (matrices, arrays, numbers, plain objects); functions and class instances cannot reach a worker thread', e.value));
      return Promise.reject(e);
    }
    const idle = this.slots.some((s) => !s || !s.call);
    if (!idle && this.queue.length >= this.maxQueue) {
      return Promise.reject(new PoolError(`${op}: the pool's queue is full (${this.maxQueue} calls waiting); retry later or raise maxQueue`, 'queue-full', this.maxQueue));
    }
    return new Promise((resolve, reject) => {
      const call: Call = { ...hooks, id: this.nextId++, op, args: encoded, resolve, reject };
      if (signal) {
        call.onAbort = () => this.abort(call);
        signal.addEventListener('abort', call.onAbort, { once: true });
      }
      this.queue.push(call);
      this.pump();
    });
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.onIdle = resolve;
      this.settled();
    }).then(() => this.terminateAll());
    return this.closing;
  }

  /**
   * Ends the worker threads now: calls still queued or running reject with PoolError code
   * 'closed', and the pool takes no more. (A native kernel already inside C++ finishes its
   * current call on its thread first, as with abort.)
   */
  async terminate(): Promise<void> {
    this.closing ??= Promise.resolve();
    const calls = [...this.queue, ...this.slots.map((s) => s?.call).filter((c): c is Call => c !== undefined)];
    this.queue.length = 0;
    for (const slot of this.slots) if (slot?.call) this.finish(slot, slot.call);
    for (const call of calls) call.reject(new PoolError(`${call.op}: the pool was terminated`, 'closed'));
    await this.terminateAll();
  }

  /** After a call settles: tells a waiting close() when nothing is left. */
  private settled(): void {
    if (this.onIdle && this.pending === 0) this.onIdle();
  }

  private async terminateAll(): Promise<void> {
    const workers = this.slots.map((s) => s?.worker).filter((w): w is WorkerHandle => w !== undefined);
    this.slots.fill(undefined);
    await Promise.all(workers.map((w) => w.terminate()));
  }

  /** Starts queued calls on idle workers (starting workers up to `threads`). */
  private pump(): void {
    for (let i = 0; i < this.threads && this.queue.length > 0; i++) {
      const slot = this.slots[i] ?? (this.slots[i] = this.startWorker(i));
      if (slot.call) continue;
      const call = this.queue.shift()!;
      slot.call = call;
      slot.worker.setBusy(true);
      slot.worker.post({ id: call.id, op: call.op, args: call.args });
    }
  }

  private startWorker(index: number): Slot {
    const slot = { call: undefined } as Slot;
    const onMessage = (msg: PoolResponse) => {
      const call = slot.call;
      if (!call || call.id !== msg.id) return;
      if ('progress' in msg) {
        try {
          call.onProgress?.(msg.progress);
        } catch {
          // A throwing progress callback must not take the process down; the call goes on.
        }
        return;
      }
      this.finish(slot, call);
      try {
        call.onDispatch?.(msg.dispatches);
      } catch (e) {
        call.reject(e); // the caller's own callback failed: its promise says so
        this.pump();
        return;
      }
      if (msg.ok) {
        try {
          call.resolve(decode(msg.value));
        } catch (e) {
          call.reject(e);
        }
      } else {
        call.reject(decodeError(msg.error));
      }
      this.pump();
    };
    const onFailure = (why: string) => {
      if (this.slots[index] !== slot) return; // replaced already (aborted, or closed)
      this.slots[index] = undefined;
      const call = slot.call;
      if (call) {
        this.finish(slot, call);
        call.reject(new PoolError(`${call.op}: the worker thread running it ${why}`, 'worker-exited'));
      }
      this.pump();
    };
    slot.worker = this.host.start(onMessage, onFailure);
    return slot;
  }

  private finish(slot: Slot, call: Call): void {
    slot.call = undefined;
    slot.worker.setBusy(false);
    if (call.onAbort) call.signal!.removeEventListener('abort', call.onAbort);
    queueMicrotask(() => this.settled());
  }

  private abort(call: Call): void {
    const queued = this.queue.indexOf(call);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      call.reject(call.signal!.reason);
      this.settled();
      return;
    }
    const index = this.slots.findIndex((s) => s?.call === call);
    if (index < 0) return; // settled already
    const slot = this.slots[index]!;
    this.finish(slot, call);
    this.slots[index] = undefined; // its exit is ignored; the next call starts a fresh worker
    void slot.worker.terminate();
    call.reject(call.signal!.reason);
    this.pump();
  }
}

// One method per operation, named as the operation (the typed surface is the Pool interface).
for (const op of Object.keys(OPERATIONS) as OperationName[]) {
  Object.defineProperty(WorkerPool.prototype, op, {
    value(this: WorkerPool, ...args: unknown[]) {
      return this.call(op, args);
    },
  });
}

/**
 * Takes `signal` and `onDispatch` out of the call's options object (a copy: the caller's
 * object is not changed). Throws OptionError for a `signal` that is not an AbortSignal or an
 * `onDispatch` that is not a function.
 */
function takeCallOptions(op: OperationName, args: unknown[]): CallHooks {
  const at = OPTIONS_AT[op];
  if (args.length <= at) return {};
  const options = args[at];
  if (CALL_OPTIONS_ONLY.has(op)) {
    args.length = at; // the function itself takes nothing here
    if (options === undefined) return {};
    optionsObject(options as CallOptions, op, ['signal', 'onDispatch']);
  }
  if (options === null || typeof options !== 'object' || !('signal' in options || 'onDispatch' in options)) return {};
  const { signal, onDispatch, ...rest } = options as { signal?: unknown; onDispatch?: unknown };
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new OptionError(`${op}: signal`, 'an AbortSignal', signal);
  if (onDispatch !== undefined && typeof onDispatch !== 'function') throw new OptionError(`${op}: onDispatch`, 'a function', onDispatch);
  if (!CALL_OPTIONS_ONLY.has(op)) args[at] = rest;
  return { signal: signal as AbortSignal | undefined, onDispatch: onDispatch as CallHooks['onDispatch'] };
}

/**
 * createPool's checks, the same on every platform. The backend defaults to the caller's choice
 * ('auto' unless one is pinned); with `checkHere`, a named backend must load in this thread too
 * (BackendUnavailableError with the reason at once, rather than from every call).
 */
export function poolOptions(options: PoolOptions | undefined, defaultThreads: number, checkHere: boolean): { threads: number; maxQueue: number; backend: BackendChoice; lowPriority: boolean } {
  const o = optionsObject(options, 'createPool', ['threads', 'backend', 'maxQueue', 'lowPriority']);
  const threads = o.threads ?? defaultThreads;
  if (!Number.isSafeInteger(threads) || threads < 1 || threads > 256) throw new OptionError('createPool: threads', 'an integer in 1..256', threads);
  const maxQueue = o.maxQueue ?? DEFAULT_MAX_QUEUE;
  if (maxQueue !== Infinity && (!Number.isSafeInteger(maxQueue) || maxQueue < 0)) throw new OptionError('createPool: maxQueue', 'an integer ≥ 0 or Infinity', maxQueue);
  const lowPriority = o.lowPriority ?? true;
  if (typeof lowPriority !== 'boolean') throw new OptionError('createPool: lowPriority', 'a boolean', lowPriority);
  const backend: BackendChoice = o.backend ?? (isAuto() ? 'auto' : getBackend());
  if (backend !== 'auto') {
    if (typeof backend !== 'string' || !['native', 'wasm', 'ts'].includes(backend)) throw new OptionError('createPool: backend', "'auto', 'native', 'wasm' or 'ts'", backend);
    if (checkHere) kernelsOf(backend);
  }
  return { threads, maxQueue, backend, lowPriority };
}

const DEFAULT_MAX_QUEUE = 10_000;
