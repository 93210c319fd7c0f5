/**
 * The pool as a server uses it (issue #11's targets), run as `node dist/bench/pool-server.js
 * [native|wasm|ts …]`:
 *
 * 1. Event-loop delay (perf_hooks.monitorEventLoopDelay, 1 ms resolution) while the pool runs
 *    pca 50 000 × 500, svd 1 000, eigh 2 000 and matmul 2 048 at the same time, beside the
 *    delay the same four synchronous calls cause.
 * 2. Throughput: 8 concurrent pca(20 000 × 200) on a 2-thread pool against the same 8 run back
 *    to back synchronously (both cores either way: native's own thread team), and whether the
 *    models are bit-identical.
 *
 * Inputs live on SharedArrayBuffers, as a server should build large matrices: the worker reads
 * them in place (a plain Float64Array would be copied on the JS thread first).
 * Writes bench/results/pool-server.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createPool, eigh, Matrix, matmul, pca, svd, withBackend, type BackendName } from '../src/entry/node.js';
import { Rng } from '../src/random.js';

function sharedRandom(rows: number, cols: number, seed: number): Matrix {
  const m = new Matrix(rows, cols, new Float64Array(new SharedArrayBuffer(rows * cols * 8)));
  const rng = new Rng(seed);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.next() - 0.5;
  return m;
}

function symmetric(n: number, seed: number): Matrix {
  const m = sharedRandom(n, n, seed);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) m.data[j * n + i] = m.data[i * n + j];
  return m;
}

interface Delay {
  maxMs: number;
  p99Ms: number;
  meanMs: number;
  wallMs: number;
}

async function measured(run: () => Promise<unknown>): Promise<Delay> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  const t0 = performance.now();
  h.enable();
  await run();
  h.disable();
  const wallMs = performance.now() - t0;
  return { maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6, meanMs: h.mean / 1e6, wallMs };
}

async function eventLoop(backend: BackendName) {
  const x = sharedRandom(50_000, 500, 1);
  const a = sharedRandom(1000, 1000, 2);
  const s = symmetric(2000, 3);
  const g = sharedRandom(2048, 2048, 4);
  const pool = createPool({ threads: 2, backend });
  await Promise.all([pool.det([[1]]), pool.det([[1]])]); // start both workers
  const viaPool = await measured(() => Promise.all([pool.pca(x, { components: 10 }), pool.svd(a), pool.eigh(s), pool.matmul(g, g)]));
  await pool.close();
  // The same work on the JS thread: the loop is blocked for the whole of it (one long sample).
  const sync = await measured(async () => {
    await new Promise((r) => setTimeout(r, 5));
    withBackend(backend, () => [pca(x, { components: 10 }), svd(a), eigh(s), matmul(g, g)]);
    await new Promise((r) => setTimeout(r, 5));
  });
  return { viaPool, sync };
}

async function throughput(backend: BackendName) {
  const inputs = Array.from({ length: 8 }, (_, i) => sharedRandom(20_000, 200, 10 + i));
  let t = performance.now();
  const serial = withBackend(backend, () => inputs.map((x) => pca(x, { components: 10 })));
  const serialMs = performance.now() - t;
  const pool = createPool({ threads: 2, backend });
  await Promise.all([pool.det([[1]]), pool.det([[1]])]);
  t = performance.now();
  const concurrent = await Promise.all(inputs.map((x) => pool.pca(x, { components: 10 })));
  const poolMs = performance.now() - t;
  await pool.close();
  const identical = concurrent.every((m, i) => JSON.stringify(m.toJSON()) === JSON.stringify(serial[i].toJSON()));
  return { serialMs, poolMs, ratio: poolMs / serialMs, identical };
}

const chosen = (process.argv.slice(2).length ? process.argv.slice(2) : ['native', 'wasm']) as BackendName[];
const results: Record<string, unknown> = { cores: availableParallelism(), loadavg: loadavg(), when: new Date().toISOString() };
for (const backend of chosen) {
  const loop = await eventLoop(backend);
  const tp = await throughput(backend);
  results[backend] = { eventLoop: loop, throughput: tp };
  const f = (v: number) => v.toFixed(1);
  console.log(`${backend}: event-loop delay with the pool: max ${f(loop.viaPool.maxMs)} ms, p99 ${f(loop.viaPool.p99Ms)} ms (wall ${f(loop.viaPool.wallMs)} ms); synchronous: max ${f(loop.sync.maxMs)} ms`);
  console.log(`${backend}: 8 × pca(20000×200): pool ${f(tp.poolMs)} ms vs back to back ${f(tp.serialMs)} ms = ${tp.ratio.toFixed(2)}×, bit-identical: ${tp.identical}`);
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/pool-server.json', `${JSON.stringify(results, null, 2)}\n`);
