// Terminates worker_threads while they are inside native kernel calls, many times over. A
// Node-API call that fails because the worker's environment is being torn down must not abort
// the whole process (node-addon-api does unless NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS is
// defined). Prints "survived N" and exits 0 when the process lives through every termination.
import { Worker } from 'node:worker_threads';

const entry = new URL(process.argv[2]).href;
const rounds = Number(process.argv[3] ?? 150);
const body = `
  const { parentPort } = require('node:worker_threads');
  Promise.all([import(${JSON.stringify(entry)}), import(${JSON.stringify(new URL('../backend/registry.js', entry).href)})]).then(([m, registry]) => {
    m.setBackend('native');
    const a = new m.Matrix(6, 6, Float64Array.from({ length: 36 }, (_, i) => (i * 7) % 11));
    parentPort.postMessage('ready');
    const k = registry.kernelsOf('native');
    const x = new Float64Array(64 * 64).fill(1), short = new Float64Array(10);
    for (;;) {
      m.det(a); m.eigh(a); m.svd(a);
      k.gemm(0, 0, 64, 64, 64, 1, x, x, 0, x.slice());
      // Throws a RangeError from the native glue: the path that aborted when the throw met a
      // terminating environment.
      try { k.gemm(0, 0, 64, 64, 64, 1, x, x, 0, short); } catch {}
    }
  });
`;

let survived = 0;
for (let i = 0; i < rounds; i++) {
  const w = new Worker(body, { eval: true });
  await new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject); });
  await new Promise((r) => setTimeout(r, (i % 7) * 0.3));
  await w.terminate();
  survived++;
}
console.log(`survived ${survived}`);
