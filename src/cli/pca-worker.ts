/**
 * Worker thread of `mmlkit pca`: a pool worker (pool-core.ts) whose one operation, `pcaRange`,
 * runs a range task (pca-task.ts), reporting progress after every chunk. A failure of the
 * data comes back as a value ({ ok: false, error }), flattened so the main thread can place it
 * in the file; anything else rejects the call with its class intact (serveTask).
 * Loaded from dist/ as compiled JavaScript (new URL('./pca-worker.js', import.meta.url)).
 */
import { parentPort, workerData } from 'node:worker_threads';
import '../entry/node-loaders.js'; // the loaders only: this thread runs PCA tasks, not the whole library
import { setBackend, type BackendChoice } from '../backend/registry.js';
import { serveTask, type PoolRequest } from '../pool/serve.js';
import { runTaskOutcome, type PcaTask } from './pca-task.js';

const port = parentPort!;
if (workerData?.backend) setBackend(workerData.backend as BackendChoice);

const TASKS = {
  pcaRange: ([task]: unknown[], progress: (report: unknown) => void) => runTaskOutcome(task as PcaTask, progress),
};

port.on('message', (req: PoolRequest) => {
  void serveTask(req, TASKS, (message, transfer) => port.postMessage(message, transfer));
});
