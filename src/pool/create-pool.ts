/**
 * `createPool()`: the heavy operations off the JS thread, for servers (Node worker_threads).
 *
 * A pool owns up to `threads` workers, started on first use, each running one call at a time;
 * calls wait in one FIFO queue of at most `maxQueue` entries. A call's inputs are copied to the
 * worker (or shared, for a `Matrix` over a SharedArrayBuffer) and its result is moved back, so
 * neither side can see the other's buffers change. Errors come back as their own class with
 * their fields (a `ShapeError` stays a `ShapeError` with `shapes`).
 *
 * Cancellation: an aborted `signal` removes a queued call at once; a running call is stopped by
 * ending its worker (a fresh one replaces it), which interrupts JavaScript at once but lets a
 * native kernel already inside C++ finish its current call on that thread first. Either way the
 * promise rejects with `signal.reason` (an `AbortError` unless the caller gave a reason).
 *
 * Idle workers do not keep the process alive; `close()` waits for the calls already accepted,
 * then ends the workers.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { OptionError, PoolError } from '../errors.js';
import { isAuto, getBackend, kernelsOf, type BackendChoice } from '../backend/registry.js';
import { optionsObject } from '../validate.js';
import type { PoolRequest, PoolResponse } from './node-worker.js';
import { CALL_OPTIONS_ONLY, OPERATIONS, OPTIONS_AT, type OperationName } from './operations.js';
import type { CallOptions, Pool, PoolOptions } from './pool-api.js';
import { decode, decodeError, encode, NotTransferable } from './wire.js';

export type { Pool, PoolOptions, CallOptions } from './pool-api.js';

const DEFAULT_MAX_QUEUE = 10_000;

type Untyped = Exclude<OperationName, keyof Pool>;
const everyOperationTyped: [Untyped] extends [never] ? true : Untyped = true;
void everyOperationTyped;

interface Call {
  id: number;
  op: OperationName;
  args: unknown[];
  signal: AbortSignal | undefined;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onAbort?: () => void;
}

interface Slot {
  worker: Worker;
  call: Call | undefined;
}

/**
 * A pool of worker threads running mmlkit's heavy operations; every method returns a Promise
 * and takes `{ signal }` beside the facade function's options.
 * @throws OptionError for a bad `threads`, `maxQueue`, `backend` or `lowPriority`;
 *   BackendUnavailableError when `backend` cannot load here.
 * @example
 * const pool = createPool({ threads: 2 });
 * const { s } = await pool.svd(A, { vectors: false });
 * await pool.close();
 */
export function createPool(options: PoolOptions = {}): Pool {
  options = optionsObject(options, 'createPool', ['threads', 'backend', 'maxQueue', 'lowPriority']);
  const threads = options.threads ?? availableParallelism();
  if (!Number.isSafeInteger(threads) || threads < 1 || threads > 256) throw new OptionError('createPool: threads', 'an integer in 1..256', threads);
  const maxQueue = options.maxQueue ?? DEFAULT_MAX_QUEUE;
  if (maxQueue !== Infinity && (!Number.isSafeInteger(maxQueue) || maxQueue < 0)) throw new OptionError('createPool: maxQueue', 'an integer ≥ 0 or Infinity', maxQueue);
  const lowPriority = options.lowPriority ?? true;
  if (typeof lowPriority !== 'boolean') throw new OptionError('createPool: lowPriority', 'a boolean', lowPriority);
  const backend: BackendChoice = options.backend ?? (isAuto() ? 'auto' : getBackend());
  if (backend !== 'auto') {
    if (typeof backend !== 'string' || !['native', 'wasm', 'ts'].includes(backend)) throw new OptionError('createPool: backend', "'auto', 'native', 'wasm' or 'ts'", backend);
    kernelsOf(backend); // throws BackendUnavailableError with the reason, here rather than in every call
  }
  return new NodePool(threads, maxQueue, backend, lowPriority) as unknown as Pool;
}

class NodePool {
  private readonly slots: (Slot | undefined)[];
  private readonly queue: Call[] = [];
  private nextId = 1;
  private closing: Promise<void> | undefined;
  private onIdle: (() => void) | undefined;

  constructor(
    private readonly threads: number,
    private readonly maxQueue: number,
    private readonly backend: BackendChoice,
    private readonly lowPriority: boolean,
  ) {
    this.slots = new Array<Slot | undefined>(threads).fill(undefined);
  }

  /** Calls accepted and not yet settled (queued + running). */
  get pending(): number {
    return this.queue.length + this.slots.filter((s) => s?.call).length;
  }

  call(op: OperationName, args: unknown[]): Promise<unknown> {
    let signal: AbortSignal | undefined;
    try {
      signal = takeSignal(op, args);
    } catch (e) {
      return Promise.reject(e);
    }
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
      const call: Call = { id: this.nextId++, op, args: encoded, signal, resolve, reject };
      if (signal) {
        call.onAbort = () => this.abort(call);
        signal.addEventListener('abort', call.onAbort, { once: true });
      }
      this.queue.push(call);
      this.pump();
    });
  }

  close(): Promise<void> {
    this.closing ??= this.drain().then(() => this.terminateAll());
    return this.closing;
  }

  private drain(): Promise<void> {
    return new Promise((resolve) => {
      this.onIdle = resolve;
      this.settled();
    });
  }

  /** After a call settles: tells a waiting close() when nothing is left. */
  private settled(): void {
    if (this.onIdle && this.pending === 0) this.onIdle();
  }

  private async terminateAll(): Promise<void> {
    const workers = this.slots.map((s) => s?.worker).filter((w): w is Worker => w !== undefined);
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
      slot.worker.ref();
      slot.worker.postMessage({ id: call.id, op: call.op, args: call.args } satisfies PoolRequest);
    }
  }

  private startWorker(index: number): Slot {
    const worker = new Worker(new URL('./node-worker.js', import.meta.url), {
      workerData: { backend: this.backend, lowPriority: this.lowPriority },
    });
    const slot: Slot = { worker, call: undefined };
    worker.unref();
    worker.on('message', (msg: PoolResponse) => {
      const call = slot.call;
      if (!call || call.id !== msg.id) return;
      this.finish(slot, call);
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
    });
    const died = (why: string) => {
      if (this.slots[index] !== slot) return; // replaced already (aborted, or closed)
      this.slots[index] = undefined;
      const call = slot.call;
      if (call) {
        this.finish(slot, call);
        call.reject(new PoolError(`${call.op}: the worker thread running it ${why}`, 'worker-exited'));
      }
      this.pump();
    };
    worker.on('error', (e) => died(`failed: ${e instanceof Error ? e.message : String(e)}`));
    worker.on('exit', (code) => died(`exited with code ${code}`));
    return slot;
  }

  private finish(slot: Slot, call: Call): void {
    slot.call = undefined;
    slot.worker.unref();
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
    this.slots[index] = undefined; // its exit event is ignored; the next call starts a fresh worker
    void slot.worker.terminate();
    call.reject(call.signal!.reason);
    this.pump();
  }
}

// Every operation has its typed method in Pool (a compile-time check), and one method per
// operation, named as the operation (the typed surface is the Pool interface).
for (const op of Object.keys(OPERATIONS) as OperationName[]) {
  Object.defineProperty(NodePool.prototype, op, {
    value(this: NodePool, ...args: unknown[]) {
      return this.call(op, args);
    },
  });
}

/**
 * Takes `signal` out of the call's options object (a copy: the caller's object is not changed)
 * and returns it. Throws OptionError for a `signal` that is not an AbortSignal.
 */
function takeSignal(op: OperationName, args: unknown[]): AbortSignal | undefined {
  const at = OPTIONS_AT[op];
  if (args.length <= at) return undefined;
  const options = args[at];
  if (CALL_OPTIONS_ONLY.has(op)) {
    args.length = at; // the function itself takes nothing here
    if (options === undefined) return undefined;
    optionsObject(options as CallOptions, op, ['signal']);
  }
  if (options === null || typeof options !== 'object' || !('signal' in options)) return undefined;
  const { signal, ...rest } = options as { signal?: unknown };
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new OptionError(`${op}: signal`, 'an AbortSignal', signal);
  if (!CALL_OPTIONS_ONLY.has(op)) args[at] = rest;
  return signal as AbortSignal | undefined;
}
