/**
 * A `Pool` worker thread (Node): runs the operations the pool posts, one at a time (serve.ts).
 * Loaded from dist/ as compiled JavaScript (new URL('./node-worker.js', import.meta.url)).
 */
import { constants, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { setBackend, type BackendChoice } from '../entry/node.js';
import { serve, type PoolRequest } from './serve.js';

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
  const { reply, transfer } = serve(req);
  port.postMessage(reply, transfer);
});
