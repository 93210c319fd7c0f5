// Interleaved timing of C = A·B (n×n, float64) on wasm, one thread against two, for each build
// the runtime can run: plain SIMD (mmlkit.wasm) and, where relaxed SIMD validates (Node ≥ 22),
// relaxed (mmlkit-relaxed.wasm); two threads run the build's shared-memory form. Each
// round times every table once, in turn, so all see the same machine load (docs/wasm-threads.md).
// Kernel tables called directly (operand staging included, facade not).
// Usage (after npm run build): node bench/wasm-threads.mjs [sizes=1024,2048] [rounds=9] [--phases]
//   [--kernel gemm|getrf|potrf|geqrf|gesdd|symEig] (default gemm; the others are the decompositions,
//   whose products split on two threads: rates are their nominal flops, 2/3 n³ for getrf etc., over time)
// --phases: where each two-thread call's time goes, for its best round — per job (packing op(B),
// the row blocks), this thread's own half and its wait for the helper — and the process's CPU
// time (≈ 2× wall when both threads were busy throughout).
import { loadavg } from 'node:os';

const { loadWasmBuildSync } = await import('../dist/src/backend/wasm/load-node.js');
const { relaxedSimdSupported } = await import('../dist/src/backend/wasm/variant.js');
const { nodeThreaded } = await import('../dist/src/backend/wasm/threads/load-node.js');

const phasesWanted = process.argv.includes('--phases');
const kernelAt = process.argv.indexOf('--kernel');
const kernel = kernelAt > 0 ? process.argv[kernelAt + 1] : 'gemm';
const [sizesArg = '1024,2048', roundsArg = '9'] = process.argv.slice(2).filter((a, i, all) => a !== '--phases' && a !== '--kernel' && all[i - 1] !== '--kernel');

/** Each kernel's call on n × n operands (fresh copies where it overwrites its input) and its nominal flops. */
const KERNELS = {
  gemm: { flops: (n) => 2 * n ** 3, run: (t, n, a, b, c) => t.gemm(0, 0, n, n, n, 1, a, b, 0, c) },
  getrf: { flops: (n) => (2 / 3) * n ** 3, run: (t, n, a) => t.getrf(n, n, a.slice(), new Int32Array(n)) },
  potrf: { flops: (n) => n ** 3 / 3, run: (t, n, a, b, c, spd) => t.potrf(n, spd.slice()) },
  geqrf: { flops: (n) => (4 / 3) * n ** 3, run: (t, n, a) => t.geqrf(n, n, a.slice(), new Float64Array(n)) },
  gesdd: { flops: (n) => (22 / 3) * n ** 3, run: (t, n, a) => t.gesdd(1, n, n, a.slice(), new Float64Array(n), new Float64Array(n * n), new Float64Array(n * n)) },
  symEig: { flops: (n) => 9 * n ** 3, run: (t, n, a, b, c, spd) => t.symEig(n, spd.slice(), new Float64Array(n), new Float64Array(n * n), 1) },
};
if (!KERNELS[kernel]) throw new Error(`--kernel: one of ${Object.keys(KERNELS).join(', ')}`);
const { flops, run } = KERNELS[kernel];
const sizes = sizesArg.split(',').map(Number);
const rounds = Number(roundsArg);
const tables = {};
const teams = [];
/** The current call's phases (job own / job wait, ms), filled by the wrapped team.run. */
let phases = {};
function watchPhases(team) {
  const run = team.run.bind(team);
  // "own" counts this thread's half, and the helper's half too when it was taken back.
  team.run = (job, args, own, theirs) => {
    const t0 = performance.now();
    let ownMs = 0;
    const timed = (half) => () => {
      const t = performance.now();
      half();
      ownMs += performance.now() - t;
    };
    const ok = run(job, args, timed(own), timed(theirs));
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
console.log(`Node ${process.version}, ${kernel}, ${rounds} interleaved rounds, GFLOP/s (best / median); load average ${load()}`);
for (const n of sizes) {
  const a = Float64Array.from({ length: n * n }, () => Math.random());
  const b = Float64Array.from({ length: n * n }, () => Math.random());
  const c = new Float64Array(n * n);
  // Symmetric positive definite: A·Aᵀ/n + I (potrf and symEig).
  const spd = new Float64Array(n * n);
  if (kernel === 'potrf' || kernel === 'symEig') {
    tables[Object.keys(tables)[0]].gemm(0, 1, n, n, n, 1 / n, a, a, 0, spd);
    for (let i = 0; i < n; i++) spd[i * n + i] += 1;
  }
  const rates = Object.fromEntries(Object.keys(tables).map((k) => [k, []]));
  const bestPhases = {};
  for (const t of Object.values(tables)) run(t, n, a, b, c, spd); // warm-up (tier-up, memory growth)
  for (let r = 0; r < rounds; r++) {
    for (const [name, t] of Object.entries(tables)) {
      phases = {};
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      run(t, n, a, b, c, spd);
      const ms = performance.now() - t0;
      const { user, system } = process.cpuUsage(cpu);
      if (!(bestPhases[name]?.ms <= ms)) bestPhases[name] = { ms, cpuMs: (user + system) / 1000, ...phases };
      rates[name].push(flops(n) / ms / 1e6);
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
