// Interleaved native-vs-numpy timing of C = A·B (n×n, float64): each round times one native gemm
// then one numpy matmul (a persistent python process), so both see the same machine load.
// Usage: node bench/gemm-interleaved.mjs [n=1024] [rounds=20] [addon=build/Release/mmlkit.node ...]
// (several addons: each round times each of them, e.g. a saved old build against the new one).
// GEMM_THREADS=t sets both native's and numpy's (OpenBLAS) thread count. numpy runs as `env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3` (its best configuration).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const n = Number(process.argv[2] ?? 1024);
const rounds = Number(process.argv[3] ?? 20);
const paths = process.argv.slice(4);
const addons = (paths.length ? paths : ['build/Release/mmlkit.node']).map((p) => createRequire(import.meta.url)(resolve(p)));
const addon = addons[0];
if (process.env.GEMM_THREADS) for (const x of addons) x.setThreads(Number(process.env.GEMM_THREADS));

const py = spawn('env', ['-u', 'OPENBLAS_CORETYPE', '-u', 'OPENBLAS_L2_SIZE', 'python3', '-u', '-c', `
import sys, time, numpy as np
n = int(sys.argv[1]); r = np.random.default_rng(1)
a = r.random((n, n)); b = r.random((n, n)); a @ b
for line in sys.stdin:
    t = time.perf_counter(); a @ b; print((time.perf_counter() - t) * 1e3, flush=True)
`, String(n)], {
  stdio: ['pipe', 'pipe', 'inherit'],
  env: process.env.GEMM_THREADS ? { ...process.env, OPENBLAS_NUM_THREADS: process.env.GEMM_THREADS } : process.env,
});
const lines = createInterface({ input: py.stdout })[Symbol.asyncIterator]();
const numpyOnce = async () => { py.stdin.write('\n'); return Number((await lines.next()).value); };

const a = new Float64Array(n * n).map(() => Math.random());
const b = new Float64Array(n * n).map(() => Math.random());
const c = new Float64Array(n * n);
const nativeOnce = (x) => { const t = performance.now(); x.gemm(0, 0, n, n, n, 1, a, b, 0, c); return performance.now() - t; };
for (const x of addons) { nativeOnce(x); nativeOnce(x); }
await numpyOnce();

const nats = addons.map(() => []), np = [];
for (let r = 0; r < rounds; r++) {
  addons.forEach((x, i) => nats[i].push(nativeOnce(x)));
  np.push(await numpyOnce());
}
py.stdin.end();
const med = (x) => { const s = [...x].sort((p, q) => p - q); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const best = (x) => Math.min(...x);
const gf = (ms) => (2 * n ** 3 / ms / 1e6).toFixed(0);
const f = (x) => x.toFixed(1);
console.log(`n=${n} rounds=${rounds} isa=${addon.info().isa} threads=${addon.info().threads}`);
console.log(`numpy  best ${f(best(np))} ms (${gf(best(np))} GF/s) median ${f(med(np))} max ${f(Math.max(...np))}`);
nats.forEach((nat, i) => {
  console.log(`native[${i}] best ${f(best(nat))} ms (${gf(best(nat))} GF/s) median ${f(med(nat))} max ${f(Math.max(...nat))}` +
    ` | native/numpy best ${(best(nat) / best(np)).toFixed(2)} median ${(med(nat) / med(np)).toFixed(2)}`);
});
