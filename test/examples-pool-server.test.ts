/**
 * The pool server example (examples/pool-server.ts, run from dist/ where the pool's worker
 * script lives): it answers a fit, answers /health while a long fit runs, refuses bad input
 * with 400, and a client that disconnects stops its fit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
// Run from dist/ (the pool's workers load compiled JavaScript), typed from the sources.
const { startServer } = (await import('../dist/examples/pool-server.js' as string)) as typeof import('../examples/pool-server.js');
const { createPool, pca, withBackend } = (await import('../dist/src/entry/node.js' as string)) as typeof import('../src/entry/node.js');
const { randomMatrix } = (await import('../dist/src/random.js' as string)) as typeof import('../src/random.js');

let server: Server;
let base: string;
const pool = createPool({ threads: 1, backend: 'ts' });

beforeAll(async () => {
  server = await startServer(0, pool);
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('examples/pool-server', () => {
  it('fits PCA and answers the same ratios as pca()', async () => {
    const x = randomMatrix(50, 4, 1).toArray();
    const res = await fetch(`${base}/pca`, { method: 'POST', body: JSON.stringify({ rows: x, components: 2 }) });
    expect(res.status).toBe(200);
    const { explainedVarianceRatio } = (await res.json()) as { explainedVarianceRatio: number[] };
    expect(explainedVarianceRatio).toEqual(Array.from(withBackend('ts', () => pca(x, { components: 2 })).explainedVarianceRatio));
  });

  it('refuses bad input with 400 and the error class', async () => {
    const bad = await fetch(`${base}/pca`, { method: 'POST', body: JSON.stringify({ rows: [[1, 2], [3]], components: 1 }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/NonFiniteError/);
    const notJson = await fetch(`${base}/pca`, { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
  });

  it('answers /health while the pool is busy, and drops the fit of a client that left', async () => {
    // Seconds of work on the pool's one ts thread: requests now wait behind it.
    const busy = new AbortController();
    const long = pool.eigh(randomMatrix(700, 700, 2), { signal: busy.signal }).catch((e: Error) => e.name);
    expect(await (await fetch(`${base}/health`)).text()).toBe('ok');

    const client = new AbortController();
    const queued = fetch(`${base}/pca`, { method: 'POST', body: JSON.stringify({ rows: randomMatrix(30, 3, 3).toArray(), components: 1 }), signal: client.signal }).catch(() => 'client aborted');
    await until(() => pool.pending === 2); // the eigh running, the fit waiting
    client.abort();
    expect(await queued).toBe('client aborted');
    await until(() => pool.pending === 1); // the server saw the disconnect and dropped the fit
    busy.abort();
    expect(await long).toBe('AbortError');
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; !condition(); i++) {
    if (i > 500) throw new Error('condition not reached in 10 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}
