/**
 * The worker side of a pool, shared by Node's and the browsers' worker scripts: one request in,
 * one response out (result buffers listed for transfer).
 */
import { collectDispatches, type Dispatch } from '../backend/dispatch.js';
import { OPERATIONS, type OperationName } from './operations.js';
import { decode, encode, encodeError, type WireError } from './wire.js';

export interface PoolRequest {
  id: number;
  /** An operation of the pool's table (OPERATIONS for createPool's workers). */
  op: string;
  args: unknown[];
}

/** A call's outcome with the kernels it ran, or (tasks only) a progress report on the way. */
export type PoolResponse =
  | { id: number; ok: true; value: unknown; dispatches: Dispatch[] }
  | { id: number; ok: false; error: WireError; dispatches: Dispatch[] }
  | { id: number; progress: unknown };

export function serve(req: PoolRequest): { reply: PoolResponse; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const fn = Object.hasOwn(OPERATIONS, req.op) ? (OPERATIONS[req.op as OperationName] as (...args: unknown[]) => unknown) : undefined;
  let dispatches: Dispatch[] = [];
  try {
    if (!fn) throw new TypeError(`no pool operation named ${JSON.stringify(req.op)}`);
    const run = collectDispatches(() => fn(...(decode(req.args) as unknown[])));
    dispatches = run.dispatches;
    return { reply: { id: req.id, ok: true, value: encode(run.value, transfer, 'result'), dispatches }, transfer };
  } catch (e) {
    return { reply: { id: req.id, ok: false, error: encodeError(e), dispatches }, transfer: [] };
  }
}

/**
 * A private worker script's operation (the CLI's range tasks): asynchronous, and may report
 * progress, which reaches the caller's `onProgress` before the outcome.
 */
export type TaskOperation = (args: unknown[], progress: (report: unknown) => void) => Promise<unknown>;

/** serve() for a table of TaskOperations; `post` sends progress reports and the outcome. */
export async function serveTask(req: PoolRequest, table: Record<string, TaskOperation>, post: (message: PoolResponse, transfer: ArrayBuffer[]) => void): Promise<void> {
  const fn = Object.hasOwn(table, req.op) ? table[req.op] : undefined;
  try {
    if (!fn) throw new TypeError(`no task named ${JSON.stringify(req.op)}`);
    const value = await fn(decode(req.args) as unknown[], (progress) => post({ id: req.id, progress }, []));
    const transfer: ArrayBuffer[] = [];
    post({ id: req.id, ok: true, value: encode(value, transfer, 'result'), dispatches: [] }, transfer);
  } catch (e) {
    post({ id: req.id, ok: false, error: encodeError(e), dispatches: [] }, []);
  }
}
