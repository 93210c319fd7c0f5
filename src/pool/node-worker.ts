/**
 * A `Pool` worker thread (Node): runs the operations the pool posts, one at a time, and answers
 * `{ id, ok: true, value }` (result buffers transferred, not copied) or `{ id, ok: false, error }`.
 * Loaded from dist/ as compiled JavaScript (new URL('./node-worker.js', import.meta.url)).
 */
import { constants, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { setBackend, type BackendChoice } from '../entry/node.js';
import { OPERATIONS, type OperationName } from './operations.js';
import { decode, encode, encodeError } from './wire.js';

export interface PoolRequest {
  id: number;
  op: OperationName;
  args: unknown[];
}

export type PoolResponse = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ReturnType<typeof encodeError> };

const port = parentPort!;
const { backend, lowPriority } = workerData as { backend: BackendChoice; lowPriority: boolean };
setBackend(backend);
if (lowPriority) {
  // Linux and macOS: 0 is this thread. The compute threads then yield to the event loop's
  // thread, so a server keeps answering while the pool is busy; native helper threads started
  // from here inherit the setting.
  try {
    setPriority(0, constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // Not permitted here (some containers): run at normal priority.
  }
}

port.on('message', (req: PoolRequest) => {
  let reply: PoolResponse;
  const transfer: ArrayBuffer[] = [];
  try {
    const fn = OPERATIONS[req.op] as (...args: unknown[]) => unknown;
    const value = fn(...(decode(req.args) as unknown[]));
    reply = { id: req.id, ok: true, value: encode(value, transfer, 'result') };
  } catch (e) {
    transfer.length = 0;
    reply = { id: req.id, ok: false, error: encodeError(e) };
  }
  port.postMessage(reply, transfer);
});
