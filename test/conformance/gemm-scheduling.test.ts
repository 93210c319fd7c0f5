/**
 * Native gemm's scheduling (native/src/gemm/driver.cc, thread_pool.cc): shapes straddling every
 * ISA's block sizes, very tall / very wide / tiny-k products, 1 to 8 threads, each ISA forced
 * through MMLKIT_ISA in a child process, and concurrent use from worker_threads (one gets the
 * pool, the others run serially: results must be right and nothing may deadlock).
 *
 * The team claims tiles dynamically, but each element of C is summed in the same order whatever
 * the team size (tiles only decide who computes it), so results are compared bit for bit.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { NativeAddon } from '../../src/backend/native/load.js';
import { BACKENDS } from '../helpers/backends.js';
// @ts-expect-error plain-JS helper (it also runs in child processes and workers)
import { checkShapes, lcgArray, workerJob } from '../helpers/gemm-check.mjs';
import { addonPath } from '../helpers/native-addon.js';

const native = BACKENDS.find((b) => b.name === 'native');
const run = it.runIf(native?.available);
const CHECK = fileURLToPath(new URL('../helpers/gemm-check.mjs', import.meta.url));

/** The addon file the native backend loaded (the cases run only where it is available). */
const addonFile = (): string => addonPath()!;

function addon(): NativeAddon {
  return createRequire(import.meta.url)(addonFile()) as NativeAddon;
}

/** Index of the first element where x and y differ (NaN equal to NaN), or -1. */
function firstDifference(x: Float64Array, y: Float64Array): number {
  if (x.length !== y.length) return 0;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return i;
  return -1;
}

type WorkerJob = { job: 'gemm' | 'symEig' | 'getrf'; n: number; rounds: number };

/** Runs jobs in concurrent workers; rejects if any takes longer than the deadline (deadlock). */
function inWorkers(jobs: WorkerJob[], deadlineMs = 90_000): Promise<unknown[][]> {
  const path = addonFile();
  const workers = jobs.map((j) => new Worker(CHECK, { workerData: { ...j, addon: path } }));
  const results = workers.map(
    (w) =>
      new Promise<unknown[]>((resolve, reject) => {
        w.once('message', resolve);
        w.once('error', reject);
        w.once('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)));
      }),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`workers still running after ${deadlineMs} ms (deadlock?)`)), deadlineMs);
  });
  return Promise.race([Promise.all(results), deadline]).finally(() => {
    clearTimeout(timer);
    for (const w of workers) void w.terminate();
  });
}

describe('native gemm scheduling', () => {
  run('block-straddling, tall, wide and tiny-k shapes on 1, 2, 3 and 8 threads', () => {
    expect(checkShapes(addon(), [1, 2, 3, 8])).toEqual([]);
  });

  run('the same product is bit-identical on 1 to 8 threads', () => {
    const x = addon();
    const saved = x.info().threads;
    const [m, n, k] = [331, 297, 263];
    const a = lcgArray(1, m * k);
    const b = lcgArray(2, k * n);
    const outs: Float64Array[] = [];
    try {
      for (let t = 1; t <= 8; t++) {
        x.setThreads(t);
        const c = new Float64Array(m * n);
        x.gemm!(0, 0, m, n, k, 1, a, b, 0, c);
        outs.push(c);
      }
    } finally {
      x.setThreads(saved);
    }
    for (const c of outs.slice(1)) expect(firstDifference(c, outs[0])).toBe(-1);
  });

  it.runIf(native?.available).each(['avx2', 'generic'])('MMLKIT_ISA=%s in a child process', (want) => {
    const best = addon().info().isa;
    const child = spawnSync(process.execPath, [CHECK, addonFile()], {
      env: { ...process.env, MMLKIT_ISA: want },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(child.status, child.stderr).toBe(0);
    const { isa, failures } = JSON.parse(child.stdout) as { isa: string; failures: string[] };
    // The override never picks a better kernel than the CPU has (nor one of another architecture).
    expect(isa).toBe(want === 'avx2' && best !== 'avx2' && best !== 'avx512' ? 'generic' : want);
    expect(failures).toEqual([]);
  });

  run('two worker_threads multiplying at once get the right products and finish', async () => {
    const n = 320;
    const expected = workerJob({ addon: addonFile(), job: 'gemm', n, rounds: 1 })[0] as Float64Array;
    const [r1, r2] = await inWorkers([
      { job: 'gemm', n, rounds: 6 },
      { job: 'gemm', n, rounds: 6 },
    ]);
    for (const c of [...r1, ...r2]) expect(firstDifference(c as Float64Array, expected)).toBe(-1);
  });

  run('getrf (the look-ahead team: one run, threads waiting on each other) in two workers while a third multiplies', async () => {
    // n = 300 takes the look-ahead driver; a worker that does not get the pool runs the team's
    // parts one after another on its own thread, which must neither wait forever nor differ.
    const n = 300;
    const mine = workerJob({ addon: addonFile(), job: 'getrf', n, rounds: 1 })[0] as { info: number; a: Float64Array; ipiv: Int32Array };
    expect(mine.info).toBe(0);
    const [f1, f2] = await inWorkers([
      { job: 'getrf', n, rounds: 6 },
      { job: 'getrf', n, rounds: 6 },
      { job: 'gemm', n: 300, rounds: 8 },
    ]);
    for (const r of [...f1, ...f2] as { info: number; a: Float64Array; ipiv: Int32Array }[]) {
      expect(r.info).toBe(0);
      expect(Array.from(r.ipiv)).toEqual(Array.from(mine.ipiv));
      expect(firstDifference(r.a, mine.a)).toBe(-1);
    }
  });

  run('symEig (nested parallelFor and gemm) in one worker while another multiplies', async () => {
    const n = 200;
    const mine = workerJob({ addon: addonFile(), job: 'symEig', n, rounds: 1 })[0] as { info: number; w: Float64Array };
    expect(mine.info).toBe(0);
    const [eig, products] = await inWorkers([
      { job: 'symEig', n, rounds: 4 },
      { job: 'gemm', n: 300, rounds: 8 },
    ]);
    const scale = Math.max(...Array.from(mine.w, Math.abs));
    for (const r of eig as { info: number; w: Float64Array }[]) {
      expect(r.info).toBe(0);
      for (let i = 0; i < n; i++) expect(Math.abs(r.w[i] - mine.w[i])).toBeLessThan(1e-12 * n * scale);
    }
    const c0 = workerJob({ addon: addonFile(), job: 'gemm', n: 300, rounds: 1 })[0] as Float64Array;
    for (const c of products) expect(firstDifference(c as Float64Array, c0)).toBe(-1);
  });
});
