/**
 * The native thread pool moves a worker that was woken on its caller's CPU to another one
 * (native/src/gemm/thread_pool.cc, moveOff): it narrows the worker's CPU mask for a moment and
 * restores it. Checked here, in child processes (CPU masks are per thread and inherited):
 * - after many team runs, each separated by idle time (the case that co-locates the two
 *   threads), every thread of the process still has the mask the process started with;
 * - under a one-CPU mask (taskset -c 0) nothing is narrowed (there is nowhere to move), the
 *   products are the same as on two threads, and nothing hangs.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { IN_CI } from '../helpers/ci.js';
import { addonPath } from '../helpers/native-addon.js';

// The addon the package loads here (a local build, the prebuild, or MMLKIT_NATIVE_PATH: the
// sanitizer build under scripts/sanitize.sh); the child processes require that file.
const addon = addonPath();
const linux = process.platform === 'linux';
const hasTaskset = linux && spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const runs = it.runIf((addon !== undefined || IN_CI) && linux);

// 30 products of 256² on the pool, each after 30 ms of real sleep (the worker goes to sleep
// after 2 ms of polling, so every run wakes it), then each thread's CPU mask and a checksum.
const child = `
const fs = require('node:fs');
const addon = require(${JSON.stringify(addon)});
addon.setThreads(2);
const n = 256, a = new Float64Array(n * n), b = new Float64Array(n * n), c = new Float64Array(n * n);
for (let i = 0; i < n * n; i++) { a[i] = ((i * 7919) % 13) - 6; b[i] = ((i * 104729) % 17) - 8; }
const sleeper = new Int32Array(new SharedArrayBuffer(4));
let sum = 0;
for (let r = 0; r < 30; r++) {
  Atomics.wait(sleeper, 0, 0, 30);
  addon.gemm(0, 0, n, n, n, 1, a, b, 0, c);
  sum += c.reduce((s, v) => s + v, 0);
}
const masks = fs.readdirSync('/proc/self/task').map((t) =>
  /Cpus_allowed_list:\\s*(\\S+)/.exec(fs.readFileSync('/proc/self/task/' + t + '/status', 'utf8'))[1]);
console.log(JSON.stringify({ sum, masks, threads: addon.info().threads }));
`;

function run(prefix: string[]): { sum: number; masks: string[] } {
  const [cmd, ...args] = [...prefix, process.execPath, '-e', child];
  const r = spawnSync(cmd!, args, { encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

function ownMask(): string {
  return /Cpus_allowed_list:\s*(\S+)/.exec(spawnSync('cat', ['/proc/self/status'], { encoding: 'utf8' }).stdout)![1]!;
}

// Two worker threads, each with the same 30 idle-separated products, at once: one holds the pool
// while the other runs its products alone (the pool takes one team at a time).
const twoAtOnce = `
const { Worker } = require('node:worker_threads');
const fs = require('node:fs');
const body = ${JSON.stringify(child)}.replace('console.log(', 'require("node:worker_threads").parentPort.postMessage(');
const results = [0, 1].map(() => new Promise((resolve, reject) => {
  const w = new Worker(body, { eval: true });
  w.once('message', resolve);
  w.once('error', reject);
}));
Promise.all(results).then((r) => {
  const masks = fs.readdirSync('/proc/self/task').map((t) =>
    /Cpus_allowed_list:\\s*(\\S+)/.exec(fs.readFileSync('/proc/self/task/' + t + '/status', 'utf8'))[1]);
  console.log(JSON.stringify({ sums: r.map((x) => JSON.parse(x).sum), masks }));
});
`;

describe('native pool: a worker moved off its caller\'s CPU gets its CPU mask back', () => {
  runs('every thread keeps the process\'s CPU mask after 30 team runs woken from idle', () => {
    const { masks } = run([]);
    expect(masks.length).toBeGreaterThan(1);
    for (const m of masks) expect(m).toBe(ownMask());
  });

  runs('two threads of one process calling at once: both get the same products, every mask restored', () => {
    const r = spawnSync(process.execPath, ['-e', twoAtOnce], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const { sums, masks } = JSON.parse(r.stdout.trim().split('\n').pop()!) as { sums: number[]; masks: string[] };
    expect(sums[0]).toBe(run([]).sum);
    expect(sums[1]).toBe(sums[0]);
    for (const m of masks) expect(m).toBe(ownMask());
  });

  it.runIf(hasTaskset && (addon !== undefined || IN_CI))('under taskset -c 0: same products as with both CPUs, masks untouched, no hang', () => {
    const both = run([]);
    const one = run(['taskset', '-c', '0']);
    expect(one.sum).toBe(both.sum);
    for (const m of one.masks) expect(m).toBe('0');
  });
});
