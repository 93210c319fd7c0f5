/**
 * Stress (issue #11): a 4-thread pool per available backend runs a mix of kernels at once for
 * MMLKIT_STRESS_POOL_SECONDS (default 8; the figure is for 30), twice (two generations
 * of pools), every result compared bit for bit with the same call made synchronously on the
 * main thread; 0 rejections, 0 mismatches, and after the second generation the process's RSS
 * within 10% (+ 64 MB of allocator slack) of where the first left it, once the pools are
 * closed, `release()` has run and garbage is collected.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
// Run from dist/ (the workers load compiled JavaScript), typed from the sources.
const mml = (await import('../../dist/src/entry/node.js' as string)) as typeof import('../../src/entry/node.js');
const { randomMatrix } = (await import('../../dist/src/random.js' as string)) as typeof import('../../src/random.js');
import { BACKENDS } from '../helpers/backends.js';

const SECONDS = Number(process.env.MMLKIT_STRESS_POOL_SECONDS ?? 8);

type Job = { op: string; args: unknown[] };

function jobs(): Job[] {
  const a = randomMatrix(120, 120, 1);
  const s = mml.matmul(mml.transpose(a), a);
  const x = randomMatrix(400, 30, 2);
  return [
    { op: 'matmul', args: [a, a] },
    { op: 'svd', args: [randomMatrix(90, 70, 3)] },
    { op: 'eigh', args: [s] },
    { op: 'solve', args: [a, randomMatrix(120, 3, 4)] },
    { op: 'qr', args: [randomMatrix(100, 60, 5)] },
    { op: 'pca', args: [x, { components: 5 }] },
    { op: 'pairwiseDistances', args: [x, undefined, {}] },
    { op: 'knn', args: [x, Float64Array.from({ length: 400 }, (_, i) => i % 4), randomMatrix(20, 30, 6), 3] },
  ];
}

function plain(v: unknown): string {
  return JSON.stringify(v, (_, x) => (ArrayBuffer.isView(x) ? Array.from(x as unknown as ArrayLike<number>) : x instanceof mml.PcaModel ? x.toJSON() : x));
}

// A gc() without --expose-gc on the command line (vitest starts the process).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('pool stress', () => {
  it(
    `4 threads × every backend × mixed kernels for ${SECONDS} s: no failure, no mismatch, memory comes back`,
    async () => {
      const names = BACKENDS.filter((b) => b.available).map((b) => b.name);
      const work = jobs();
      const expected = new Map(names.flatMap((b) => work.map((j) => [`${b}:${j.op}`, plain(mml.withBackend(b, () => (mml as unknown as Record<string, (...a: unknown[]) => unknown>)[j.op](...j.args)))] as const)));
      const mismatches: string[] = [];
      let calls = 0;
      /** One generation: a 4-thread pool per backend, six callers each, for `seconds`; then closed. */
      const generation = async (seconds: number) => {
        const pools = names.map((backend) => ({ backend, pool: mml.createPool({ threads: 4, backend }) }));
        const stopAt = Date.now() + seconds * 1000;
        await Promise.all(
          pools.flatMap(({ backend, pool }) =>
            [0, 1, 2, 3, 4, 5].map(async (lane) => {
              for (let i = lane; Date.now() < stopAt; i++) {
                const j = work[i % work.length];
                const got = plain(await (pool as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[j.op](...j.args));
                calls++;
                if (got !== expected.get(`${backend}:${j.op}`)) mismatches.push(`${backend} ${j.op}`);
              }
            }),
          ),
        );
        await Promise.all(pools.map(({ pool }) => pool.close()));
        mml.release(); // the main thread's own scratch and the C heap's freed pages (worker threads' went with them)
      };
      // A first generation of the same work before the baseline: Node 24's V8 keeps pages of
      // worker threads after they end, in proportion to what the threads held (it does not grow
      // from one generation to the next: 8 generations of 3 × 4 threads plateau at +210 MB;
      // Node 20 gives them back). So a leak is growth from one generation to the next.
      await generation(SECONDS);
      gc();
      const rssBefore = process.memoryUsage().rss;
      await generation(SECONDS);
      expect(mismatches).toEqual([]);
      expect(calls).toBeGreaterThan(names.length * work.length);
      gc();
      await new Promise((r) => setTimeout(r, 200));
      gc();
      const rssAfter = process.memoryUsage().rss;
      console.log(`pool stress: ${calls} calls on ${names.join(', ')}; RSS ${(rssBefore / 2 ** 20).toFixed(0)} → ${(rssAfter / 2 ** 20).toFixed(0)} MB`);
      expect(rssAfter).toBeLessThan(rssBefore * 1.1 + 64 * 2 ** 20);
    },
    (2 * SECONDS + 60) * 1000,
  );
});
