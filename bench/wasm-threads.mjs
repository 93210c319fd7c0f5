// Interleaved timing of C = A·B (n×n, float64) on wasm, one thread against two, for each build
// the runtime can run: plain SIMD (mmlkit.wasm / mmlkit-threads.wasm) and, where relaxed SIMD
// validates (Node ≥ 22), relaxed (mmlkit-relaxed.wasm / mmlkit-threads-relaxed.wasm). Each
// round times every table once, in turn, so all see the same machine load (docs/wasm-threads.md).
// Kernel tables called directly (operand staging included, facade not).
// Usage (after npm run build): node bench/wasm-threads.mjs [sizes=1024,2048] [rounds=9] [--phases]
// --phases: where each two-thread call's time goes, for its best round — per job (packing op(B),
// the row blocks), this thread's own half and its wait for the helper — and the process's CPU
// time (≈ 2× wall when both threads were busy throughout).
import { loadavg } from 'node:os';

const { loadWasmBuildSync } = await import('../dist/src/backend/wasm/load-node.js');
const { relaxedSimdSupported } = await import('../dist/src/backend/wasm/variant.js');
const { nodeThreaded } = await import('../dist/src/backend/wasm/threads/load-node.js');

const phasesWanted = process.argv.includes('--phases');
const [sizesArg = '1024,2048', roundsArg = '9'] = process.argv.slice(2).filter((a) => a !== '--phases');
const sizes = sizesArg.split(',').map(Number);
const rounds = Number(roundsArg);
const tables = {};
const teams = [];
/** The current call's phases (job own / job wait, ms), filled by the wrapped team.run. */
let phases = {};
function watchPhases(team) {
  const run = team.run.bind(team);
  team.run = (job, args, own) => {
    const t0 = performance.now();
    let ownMs = 0;
    const ok = run(job, args, () => {
      const t = performance.now();
      own();
      ownMs = performance.now() - t;
    });
    phases[`${job} own`] = (phases[`${job} own`] ?? 0) + ownMs;
    phases[`${job} wait`] = (phases[`${job} wait`] ?? 0) + performance.now() - t0 - ownMs;
    return ok;
  };
}
for (const variant of relaxedSimdSupported() ? ['plain', 'relaxed'] : ['plain']) {
  const single = loadWasmBuildSync(variant);
  const threaded = nodeThreaded(single, { startWaitMs: 10_000 });
  if (typeof threaded === 'string') throw new Error(`two threads unavailable: ${threaded}`);
  tables[`${variant} 1 thread`] = single;
  tables[`${variant} 2 threads`] = threaded.table;
  teams.push(threaded.team);
  if (phasesWanted) watchPhases(threaded.team);
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`Node ${process.version}, ${rounds} interleaved rounds, GFLOP/s (best / median); load average ${load()}`);
for (const n of sizes) {
  const a = Float64Array.from({ length: n * n }, () => Math.random());
  const b = Float64Array.from({ length: n * n }, () => Math.random());
  const c = new Float64Array(n * n);
  const rates = Object.fromEntries(Object.keys(tables).map((k) => [k, []]));
  const bestPhases = {};
  for (const t of Object.values(tables)) t.gemm(0, 0, n, n, n, 1, a, b, 0, c); // warm-up (tier-up, memory growth)
  for (let r = 0; r < rounds; r++) {
    for (const [name, t] of Object.entries(tables)) {
      phases = {};
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      t.gemm(0, 0, n, n, n, 1, a, b, 0, c);
      const ms = performance.now() - t0;
      const { user, system } = process.cpuUsage(cpu);
      if (!(bestPhases[name]?.ms <= ms)) bestPhases[name] = { ms, cpuMs: (user + system) / 1000, ...phases };
      rates[name].push((2 * n ** 3) / ms / 1e6);
    }
  }
  const line = Object.entries(rates).map(([name, v]) => {
    v.sort((x, y) => x - y);
    return `${name} ${v.at(-1).toFixed(1)} / ${v[v.length >> 1].toFixed(1)}`;
  });
  console.log(`n=${n}: ${line.join('   ')}`);
  if (phasesWanted) {
    for (const [name, p] of Object.entries(bestPhases)) {
      console.log(`  best ${name}: ${Object.entries(p).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')} (ms)`);
    }
  }
}
console.log(`load average after: ${load()}`);
for (const team of teams) {
  if (team.state !== 'ready') console.log(`two threads turned off during the run: ${team.reason}`);
  team.stop();
}
