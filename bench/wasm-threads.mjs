// Interleaved timing of C = A·B (n×n, float64) on wasm, one thread against two, for each build
// the runtime can run: plain SIMD (mmlkit.wasm / mmlkit-threads.wasm) and, where relaxed SIMD
// validates (Node ≥ 22), relaxed (mmlkit-relaxed.wasm / mmlkit-threads-relaxed.wasm). Each
// round times every table once, in turn, so all see the same machine load (docs/wasm-threads.md).
// Kernel tables called directly (operand staging included, facade not).
// Usage (after npm run build): node bench/wasm-threads.mjs [sizes=1024,2048] [rounds=9]
import { loadavg } from 'node:os';

const { loadWasmBuildSync } = await import('../dist/src/backend/wasm/load-node.js');
const { relaxedSimdSupported } = await import('../dist/src/backend/wasm/variant.js');
const { nodeThreaded } = await import('../dist/src/backend/wasm/threads/load-node.js');

const sizes = (process.argv[2] ?? '1024,2048').split(',').map(Number);
const rounds = Number(process.argv[3] ?? 9);
const tables = {};
const teams = [];
for (const variant of relaxedSimdSupported() ? ['plain', 'relaxed'] : ['plain']) {
  const single = loadWasmBuildSync(variant);
  const threaded = nodeThreaded(single, { startWaitMs: 10_000 });
  if (typeof threaded === 'string') throw new Error(`two threads unavailable: ${threaded}`);
  tables[`${variant} 1 thread`] = single;
  tables[`${variant} 2 threads`] = threaded.table;
  teams.push(threaded.team);
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`Node ${process.version}, ${rounds} interleaved rounds, GFLOP/s (best / median); load average ${load()}`);
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
console.log(`load average after: ${load()}`);
for (const team of teams) {
  if (team.state !== 'ready') console.log(`two threads turned off during the run: ${team.reason}`);
  team.stop();
}
