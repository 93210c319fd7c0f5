// Interleaved timing of C = A·B (n×n, float64) on wasm, one thread against two: each round times
// the single-threaded module, then the two-thread one (docs/wasm-threads.md), so both see the
// same machine load. Kernel tables called directly (operand staging included, facade not).
// Usage (after npm run build): node bench/wasm-threads.mjs [sizes=1024,2048] [rounds=9]
const { loadWasmSync } = await import('../dist/src/backend/wasm/load-node.js');
const { nodeThreaded } = await import('../dist/src/backend/wasm/threads/load-node.js');

const sizes = (process.argv[2] ?? '1024,2048').split(',').map(Number);
const rounds = Number(process.argv[3] ?? 9);
const plain = loadWasmSync();
const threaded = nodeThreaded(plain, { startWaitMs: 10_000 });
if (typeof threaded === 'string') throw new Error(`two threads unavailable: ${threaded}`);
const tables = { '1 thread': plain, '2 threads': threaded.table };

console.log(`Node ${process.version}, ${rounds} interleaved rounds, GFLOP/s (best / median)`);
for (const n of sizes) {
  const a = Float64Array.from({ length: n * n }, () => Math.random());
  const b = Float64Array.from({ length: n * n }, () => Math.random());
  const c = new Float64Array(n * n);
  const rates = Object.fromEntries(Object.keys(tables).map((k) => [k, []]));
  for (const t of Object.values(tables)) t.gemm(0, 0, n, n, n, 1, a, b, 0, c); // warm-up (tier-up, memory growth)
  for (let r = 0; r < rounds; r++) {
    for (const [name, t] of Object.entries(tables)) {
      const t0 = performance.now();
      t.gemm(0, 0, n, n, n, 1, a, b, 0, c);
      rates[name].push((2 * n ** 3) / (performance.now() - t0) / 1e6);
    }
  }
  const line = Object.entries(rates).map(([name, v]) => {
    v.sort((x, y) => x - y);
    return `${name} ${v.at(-1).toFixed(1)} / ${v[v.length >> 1].toFixed(1)}`;
  });
  console.log(`n=${n}: ${line.join('   ')}`);
}
if (threaded.team.state !== 'ready') console.log(`two threads turned off during the run: ${threaded.team.reason}`);
threaded.team.stop();
