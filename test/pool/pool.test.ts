/**
 * createPool (Node worker_threads): every operation gives what the synchronous call gives, on
 * every backend; errors keep their class and fields; cancellation, the bounded queue and close()
 * behave as documented. Runs against dist/ (the workers load compiled JavaScript; `npm test`
 * builds it first).
 */
import { afterAll, describe, expect, it } from 'vitest';
// Run from dist/ (the workers load compiled JavaScript), typed from the sources (a clean
// checkout typechecks before anything is built).
const mml = (await import('../../dist/src/entry/node.js' as string)) as typeof import('../../src/entry/node.js');
const { randomMatrix } = (await import('../../dist/src/random.js' as string)) as typeof import('../../src/random.js');
type Mml = typeof import('../../src/entry/node.js');
import { BACKENDS } from '../helpers/backends.js';

const { createPool, Matrix, PcaAccumulator, Mlp } = mml;

/** A symmetric positive definite n × n matrix (reproducible). */
function spd(n: number, seed: number): InstanceType<Mml["Matrix"]> {
  const r = randomMatrix(n, n, seed);
  const a = mml.matmul(mml.transpose(r), r);
  for (let i = 0; i < n; i++) a.data[i * n + i] += n;
  return a;
}

const A = randomMatrix(60, 60, 1);
const B = randomMatrix(60, 7, 2);
const X = randomMatrix(200, 12, 3);
const S = spd(40, 4);

/** [operation, arguments]: one call of every pool method. */
const CALLS: [string, unknown[]][] = [
  ['matmul', [A, B]],
  ['solve', [A, B]],
  ['solve', [A, Array.from({ length: 60 }, (_, i) => i)]],
  ['inv', [A]],
  ['det', [S]],
  ['slogdet', [A]],
  ['lu', [A]],
  ['cholesky', [S]],
  ['qr', [B, { mode: 'complete' }]],
  ['svd', [B]],
  ['svd', [A, { vectors: false }]],
  ['pinv', [B]],
  ['cond', [A]],
  ['rank', [B]],
  ['eigh', [S]],
  ['eig', [randomMatrix(8, 8, 5)]],
  ['leastSquares', [X, Float64Array.from({ length: 200 }, (_, i) => Math.sin(i))]],
  ['cov', [X]],
  ['pageRank', [mml.linkMatrix([[0, 1, 1], [1, 0, 0], [1, 1, 0]])]],
  ['pca', [X, { components: 3 }]],
  ['pairwiseDistances', [X, undefined, {}]],
  ['nearestNeighbors', [randomMatrix(9, 12, 6), X, 4]],
  ['knn', [X, Float64Array.from({ length: 200 }, (_, i) => i % 3), randomMatrix(9, 12, 7), 5]],
];

/** Plain data of a result, for deep equality across the thread boundary. */
function plain(v: unknown): unknown {
  if (v instanceof Matrix) return { rows: v.rows, cols: v.cols, data: Array.from(v.data) };
  if (v instanceof mml.PcaModel) return v.toJSON();
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

const pools: import("../../src/entry/node.js").Pool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

function pool(options: import("../../src/entry/node.js").PoolOptions = {}): import("../../src/entry/node.js").Pool {
  const p = createPool(options);
  pools.push(p);
  return p;
}

describe.each(BACKENDS.filter((b) => b.available).map((b) => b.name))('pool on %s', (backend) => {
  const p = pool({ threads: 2, backend });

  it.each(CALLS.map(([op, args], i) => [`${op} #${i}`, op, args] as const))('%s gives the synchronous result, bit for bit', async (_, op, args) => {
    const sync = mml.withBackend(backend, () => (mml as unknown as Record<string, (...a: unknown[]) => unknown>)[op](...args));
    const async = await (p as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[op](...args);
    expect(plain(async)).toEqual(plain(sync));
    // Same classes as the synchronous call (Matrix, Float64Array, PcaModel …).
    if (sync && typeof sync === 'object') expect(Object.getPrototypeOf(async)).toBe(Object.getPrototypeOf(sync));
  });

  it('runs the PcaAccumulator steps and Mlp training without changing the caller’s objects', async () => {
    const empty = new PcaAccumulator(12);
    const left = await p.pcaAccumulatorUpdate(empty, X.data.length ? new Matrix(100, 12, X.data.slice(0, 1200)) : X);
    const right = await p.pcaAccumulatorUpdate(new PcaAccumulator(12), new Matrix(100, 12, X.data.slice(1200)));
    expect(empty.count).toBe(0);
    const both = await p.pcaAccumulatorMerge(left, right);
    expect(left.count).toBe(100);
    const model = await p.pcaAccumulatorFinish(both, { components: 2 });
    const sync = mml.withBackend(backend, () => new PcaAccumulator(12).update(X).finish({ components: 2 }));
    for (let i = 0; i < 2; i++) expect(model.explainedVariance[i]).toBeCloseTo(sync.explainedVariance[i], 10);

    const net = new Mlp([2, 3, 1], { seed: 3 });
    const before = net.toJSON();
    const xs = [[0, 0], [0, 1], [1, 0], [1, 1]];
    const ys = [[0], [1], [1], [0]];
    const { mlp, result } = await p.trainMlp(net, xs, ys, { iterations: 50, learningRate: 2 });
    expect(net.toJSON()).toEqual(before);
    const copy = Mlp.fromJSON(before);
    const syncResult = mml.withBackend(backend, () => copy.train(xs, ys, { iterations: 50, learningRate: 2 }));
    expect(result.cost).toBe(syncResult.cost);
    expect(mlp).toBeInstanceOf(Mlp);
    expect(mlp.toJSON()).toEqual(copy.toJSON());
  });
});

describe('errors cross with their class and fields', () => {
  const p = pool({ threads: 1 });

  it('ShapeError keeps shapes', async () => {
    const e = await p.matmul([[1, 2]], [[1, 2]]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(mml.ShapeError);
    expect(e).toBeInstanceOf(mml.MmlError);
    expect((e as InstanceType<Mml["ShapeError"]>).shapes).toEqual([[1, 2], [1, 2]]);
    expect((e as Error).name).toBe('ShapeError');
    expect((e as Error).message).toMatch(/A is 1×2 and B is 1×2/);
  });

  it('OptionError keeps option, fn and known', async () => {
    const e = (await p.svd(A, { bogus: 1 } as never).catch((x: unknown) => x)) as InstanceType<Mml["OptionError"]>;
    expect(e).toBeInstanceOf(mml.OptionError);
    expect([e.option, e.fn]).toEqual(['bogus', 'svd']);
    expect(e.known).toContain('vectors');
  });

  it('SingularMatrixError and NonFiniteError (with its position)', async () => {
    await expect(p.inv([[1, 2], [2, 4]])).rejects.toBeInstanceOf(mml.SingularMatrixError);
    const bad = [[1, 2, 3], [2, 1, Infinity], [3, Infinity, 1]];
    const e = (await p.eigh(bad).catch((x: unknown) => x)) as InstanceType<Mml["NonFiniteError"]>;
    expect(e).toBeInstanceOf(mml.NonFiniteError);
    let sync: InstanceType<Mml["NonFiniteError"]> | undefined;
    try {
      mml.eigh(bad);
    } catch (x) {
      sync = x as InstanceType<Mml["NonFiniteError"]>;
    }
    expect([e.message, e.position, e.value]).toEqual([sync!.message, sync!.position, sync!.value]);
  });

  it('a function argument is refused in the caller’s thread with OptionError', async () => {
    const e = (await p.pca(X, { components: () => 3 } as never).catch((x: unknown) => x)) as InstanceType<Mml["OptionError"]>;
    expect(e).toBeInstanceOf(mml.OptionError);
    expect(e.message).toMatch(/cannot reach a worker thread/);
  });

  it('a forged Matrix (lying shape, wrong data type) is a ShapeError from the worker, and the pool goes on', async () => {
    const lying = Object.assign(Object.create(Matrix.prototype), { rows: 3, cols: 3, data: new Float64Array(4) });
    await expect(p.det(lying)).rejects.toBeInstanceOf(mml.ShapeError);
    const wrongType = Object.assign(Object.create(Matrix.prototype), { rows: 2, cols: 2, data: new Int32Array(4) });
    await expect(p.inv(wrongType)).rejects.toBeInstanceOf(mml.MmlError);
    expect(await p.det([[2, 0], [0, 3]])).toBe(6);
  });

  it('a signal that is not an AbortSignal is an OptionError', async () => {
    await expect(p.svd(A, { signal: 'stop' } as never)).rejects.toBeInstanceOf(mml.OptionError);
  });
});

describe('inputs', () => {
  const p = pool({ threads: 1 });

  it('are not detached or changed, and a SharedArrayBuffer-backed Matrix is read in place', async () => {
    const data = A.data.slice();
    const copy = new Matrix(60, 60, data);
    await p.inv(copy);
    expect(data.byteLength).toBe(60 * 60 * 8);
    expect(Array.from(data)).toEqual(Array.from(A.data));

    const shared = new Matrix(60, 60, new Float64Array(new SharedArrayBuffer(60 * 60 * 8)));
    shared.data.set(A.data);
    expect(plain(await p.inv(shared))).toEqual(plain(mml.inv(A)));
  });
});

describe('onDispatch: which kernels a call ran in its worker', () => {
  for (const backend of BACKENDS.filter((b) => b.available).map((b) => b.name)) {
    it(`${backend}: eigh and det report their kernels; a failing call reports too`, async () => {
      const p = pool({ threads: 1, backend });
      const seen: unknown[] = [];
      const vals = await p.eigh(S, { onDispatch: (d) => seen.push(d) });
      expect(vals.values.length).toBe(40);
      expect(seen).toEqual([[{ kernel: 'symEig', backend }]]);
      seen.length = 0;
      await p.det(S, { onDispatch: (d) => seen.push(d) });
      expect(seen).toEqual([[{ kernel: 'getrf', backend: expect.any(String) }]]); // wasm may run LU as ts on its gemm
      seen.length = 0;
      await expect(p.cholesky([[1, 2], [2, 1]], { onDispatch: (d) => seen.push(d) })).rejects.toBeInstanceOf(mml.MmlError);
      expect(seen.length).toBe(1); // the error's call reported what it ran before failing
      await expect(p.det(S, { onDispatch: 'yes' } as never)).rejects.toBeInstanceOf(mml.OptionError);
      // A callback that throws rejects its own call (no uncaught exception); the pool goes on.
      await expect(p.det(S, { onDispatch: () => { throw new Error('callback broke'); } })).rejects.toThrow('callback broke');
      expect(await p.det([[2, 0], [0, 3]])).toBe(6);
    });
  }
});

describe('a forged request reaching a worker', () => {
  it('an operation name that is not a pool operation (inherited names too) is refused, not called', async () => {
    const { serve, serveTask } = (await import('../../dist/src/pool/serve.js' as string)) as typeof import('../../src/pool/serve.js');
    for (const op of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'nope']) {
      const { reply } = serve({ id: 1, op, args: [] });
      expect(reply).toMatchObject({ id: 1, ok: false, error: { name: 'TypeError' }, dispatches: [] });
      const sent: unknown[] = [];
      await serveTask({ id: 2, op, args: [] }, { real: async () => 1 }, (m) => sent.push(m));
      expect(sent).toEqual([expect.objectContaining({ id: 2, ok: false, error: expect.objectContaining({ name: 'TypeError' }) })]);
    }
  });
});

describe('cancellation, back-pressure, close', () => {
  it('an aborted signal rejects at once with its reason, queued or running; the pool goes on', async () => {
    const p = pool({ threads: 1, backend: 'ts' });
    const pre = AbortSignal.abort(new Error('before'));
    await expect(p.det(A, { signal: pre })).rejects.toThrow('before');
    await expect(p.det(A, { signall: pre } as never)).rejects.toBeInstanceOf(mml.OptionError);

    const big = randomMatrix(700, 700, 9); // seconds of ts eigh: long enough to abort mid-run
    const running = new AbortController();
    const queued = new AbortController();
    const first = p.eigh(big, { signal: running.signal });
    const second = p.eigh(big, { signal: queued.signal });
    expect(p.pending).toBe(2);
    queued.abort();
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    await new Promise((r) => setTimeout(r, 100));
    running.abort(new Error('user gave up'));
    await expect(first).rejects.toThrow('user gave up');
    expect(p.pending).toBe(0);
    // A fresh worker replaces the stopped one.
    expect(await p.det([[2, 0], [0, 3]])).toBe(6);
  });

  it('a full queue refuses the next call with PoolError queue-full', async () => {
    const p = pool({ threads: 1, maxQueue: 1, backend: 'ts' });
    const big = randomMatrix(200, 200, 10);
    const running = p.svd(big);
    const waiting = p.svd(big);
    const e = (await p.svd(big).catch((x: unknown) => x)) as InstanceType<Mml["PoolError"]>;
    expect(e).toBeInstanceOf(mml.PoolError);
    expect([e.code, e.limit]).toEqual(['queue-full', 1]);
    await Promise.all([running, waiting]);
  });

  it('close() finishes the accepted calls, then refuses new ones', async () => {
    const p = createPool({ threads: 1 });
    const accepted = [p.det(S), p.det(S), p.svd(A)];
    const closed = p.close();
    const late = (await p.det(S).catch((x: unknown) => x)) as InstanceType<Mml["PoolError"]>;
    expect(late).toBeInstanceOf(mml.PoolError);
    expect(late.code).toBe('closed');
    const results = await Promise.all(accepted);
    expect(results[0]).toBe(mml.det(S));
    await closed;
    expect(p.pending).toBe(0);
  });

  it('terminate() ends the threads now: running and queued calls reject with PoolError closed, new ones too', async () => {
    const p = createPool({ threads: 1, backend: 'ts' });
    const big = randomMatrix(700, 700, 11); // seconds of ts eigh
    const running = p.eigh(big).catch((x: unknown) => x);
    const queued = p.det(S).catch((x: unknown) => x);
    await new Promise((r) => setTimeout(r, 100));
    await p.terminate();
    for (const e of [await running, await queued, await p.det(S).catch((x: unknown) => x)]) {
      expect(e).toBeInstanceOf(mml.PoolError);
      expect((e as InstanceType<Mml['PoolError']>).code).toBe('closed');
    }
    expect(p.pending).toBe(0);
    await p.close(); // a no-op after terminate
  });

  it('validates its options', () => {
    expect(() => createPool({ threads: 0 })).toThrow(mml.OptionError);
    expect(() => createPool({ threads: 1.5 })).toThrow(mml.OptionError);
    expect(() => createPool({ maxQueue: -1 })).toThrow(mml.OptionError);
    expect(() => createPool({ backend: 'gpu' as never })).toThrow(mml.OptionError);
    expect(() => createPool({ lowPriority: 'yes' as never })).toThrow(mml.OptionError);
    expect(() => createPool({ thread: 2 } as never)).toThrow(mml.OptionError);
  });
});

describe('the event loop stays free', () => {
  it('timers keep firing while the pool computes', async () => {
    const p = pool({ threads: 2, backend: 'ts' });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    await Promise.all([p.eigh(randomMatrix(500, 500, 11)), p.svd(randomMatrix(300, 300, 12))]);
    clearInterval(timer);
    // A synchronous call of the same work would let no timer fire until it returned.
    expect(ticks).toBeGreaterThanOrEqual(3);
  });
});
