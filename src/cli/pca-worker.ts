/**
 * Worker thread of `mmlkit pca`: runs the tasks the main thread posts (see pca-task.ts) and
 * answers with progress messages, then `{ type: 'done', result }` or `{ type: 'error', error }`.
 * Loaded from dist/ as compiled JavaScript (new URL('./pca-worker.js', import.meta.url)).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setBackend, type BackendChoice } from '../entry/node.js';
import { runTask, serializeError, type PcaTask } from './pca-task.js';

const port = parentPort!;
if (workerData?.backend) setBackend(workerData.backend as BackendChoice);

port.on('message', (task: PcaTask) => {
  runTask(task, (p) => port.postMessage(p)).then(
    (result) => port.postMessage({ type: 'done', result }),
    (err: unknown) => port.postMessage({ type: 'error', error: serializeError(err) }),
  );
});
