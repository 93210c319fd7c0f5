/**
 * The worker side of a pool, shared by Node's and the browsers' worker scripts: one request in,
 * one response out (result buffers listed for transfer).
 */
import { OPERATIONS, type OperationName } from './operations.js';
import { decode, encode, encodeError, type WireError } from './wire.js';

export interface PoolRequest {
  id: number;
  op: OperationName;
  args: unknown[];
}

export type PoolResponse = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

export function serve(req: PoolRequest): { reply: PoolResponse; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  try {
    const fn = OPERATIONS[req.op] as (...args: unknown[]) => unknown;
    const value = fn(...(decode(req.args) as unknown[]));
    return { reply: { id: req.id, ok: true, value: encode(value, transfer, 'result') }, transfer };
  } catch (e) {
    return { reply: { id: req.id, ok: false, error: encodeError(e) }, transfer: [] };
  }
}
