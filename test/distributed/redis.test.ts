/**
 * `mmlkit worker` and `mmlkit pca --redis` against a real redis-server (started here on a free
 * port): the faults of issue #14. A worker SIGKILLed mid-job has its job taken again by BullMQ's
 * stalled-job check (lock and check intervals tuned down to a second) and the model equals the
 * local run's to 1e-12; bad data fails the run with file:line:column, writes nothing and leaves
 * no job behind; a coordinator killed mid-run and started again resumes from the results in
 * Redis; an unreachable Redis, or one lost mid-run, is an error within the timeout. About 30 s on the loaded 2-core
 * machine (every process start costs ~1 s there).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { runPcaOnRedis } from '../../src/distributed/coordinator.js';
import { startPcaWorker } from '../../src/distributed/worker.js';
import { cli, dataset, main, modelDifference, readModel, writeCsv } from './helpers.js';
import { freePort, redisMissing, startRedis, type RedisServer } from './redis-server.js';
import { RangeServer } from './range-server.js';
import { HTTP_HEADERS_ENV } from '../../src/io/http-range.js';
import { loadBullmq, parseRedisUrl } from '../../src/distributed/redis.js';
import { decodeFailure } from '../../src/distributed/jobs.js';

const dir = mkdtempSync(join(tmpdir(), 'mmlkit-redis-'));
const x = dataset(6000, 10, 5);
let redis: RedisServer;
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (redisMissing) return;
  writeCsv(join(dir, 'all.csv'), x);
  writeCsv(join(dir, 'a.csv'), x, 0, 2500);
  writeCsv(join(dir, 'b.csv'), x, 2500, 6000);
  redis = await startRedis();
  expect(cli(['pca', 'all.csv', '-k', '4', '--out', 'local'], dir).status).toBe(0);
}, 30_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A CLI process whose stderr is collected; `waitFor` resolves when it matches. */
function start(args: string[]) {
  const child = spawn(process.execPath, [main, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  let stdout = '';
  const waiters: [RegExp, (m: RegExpMatchArray) => void][] = [];
  const poke = () => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const m = stderr.match(waiters[i][0]);
      if (m) waiters.splice(i, 1)[0][1](m);
    }
  };
  child.stderr!.on('data', (b) => ((stderr += b), poke()));
  child.stdout!.on('data', (b) => (stdout += b));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    get stderr() {
      return stderr;
    },
    get stdout() {
      return stdout;
    },
    waitFor: (re: RegExp, ms = 30_000) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re} in:\n${stderr}`)), ms);
        waiters.push([re, (m) => (clearTimeout(timer), resolve(m))]);
        poke();
      }),
  };
}

/** A worker with the lock and the stalled check at about a second (defaults: 5 s and 2.5 s). */
function worker(queue: string, extra: string[] = []) {
  return start(['worker', '--redis', redis.url, '--queue', queue, '--workers', '1', '--lock-duration', '1000', '--stalled-interval', '500', ...extra]);
}

describe.skipIf(redisMissing !== undefined)('mmlkit pca --redis with mmlkit worker', () => {
  it('a worker SIGKILLed mid-job: its shard is taken again by another worker and the model equals the local run (1e-12)', async () => {
    const queue = 'kill';
    const doomed = worker(queue, ['--job-delay', '60000']); // takes a job and holds it
    await doomed.waitFor(/taking jobs/);
    const coordinator = start(['pca', 'a.csv', 'b.csv', '--redis', redis.url, '--queue', queue, '--shards', '6', '-k', '4', '--out', 'killed']);
    const [, shard] = await doomed.waitFor(/shard (\d+)\/6 started/);
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    const others = [worker(queue), worker(queue)];
    expect(await coordinator.exited).toBe(0);
    expect(coordinator.stdout).toMatch(/6000 rows × 10 columns of 2 files/);
    expect(others.map((w) => w.stderr).join('')).toMatch(new RegExp(`shard ${shard}/6: \\d+ rows`));
    expect(modelDifference(readModel(join(dir, 'killed')), readModel(join(dir, 'local')))).toBeLessThan(1e-12);
    for (const w of others) w.child.kill('SIGTERM');
    expect(await Promise.all(others.map((w) => w.exited))).toEqual([143, 143]);
    expect(redis.cli('--scan', '--pattern', `bull:${queue}:pca-*`)).toEqual([]); // the run's jobs are gone
  }, 60_000);

  it('a shard with bad data fails the run with file:line:column, writes nothing and leaves no job', async () => {
    const queue = 'bad';
    const lines = readFileSync(join(dir, 'b.csv'), 'utf8').split('\n');
    lines[3001] = lines[3001].replace(/^[^,]*/, '1.5e'); // line 3002, first field
    writeFileSync(join(dir, 'b-bad.csv'), lines.join('\n'));
    const w = worker(queue);
    await w.waitFor(/taking jobs/);
    const r = start(['pca', 'a.csv', 'b-bad.csv', '--redis', redis.url, '--queue', queue, '--shards', '4', '-k', '4', '--out', 'bad-out']);
    expect(await r.exited).toBe(1);
    expect(r.stderr).toMatch(/b-bad\.csv:3002:1: /);
    expect(existsSync(join(dir, 'bad-out'))).toBe(false);
    await new Promise((res) => setTimeout(res, 300)); // a job still running ends
    expect(redis.cli('--scan', '--pattern', `bull:${queue}:pca-*`).filter((k) => !k.endsWith(':lock'))).toEqual([]);
    w.child.kill('SIGTERM');
    await w.exited;
  }, 60_000);

  it('a coordinator killed mid-run and started again resumes from the parts already in Redis', async () => {
    const queue = 'resume';
    const w = worker(queue, ['--job-delay', '150']);
    await w.waitFor(/taking jobs/);
    const first = start(['pca', 'a.csv', 'b.csv', '--redis', redis.url, '--queue', queue, '--shards', '6', '-k', '4', '--out', 'resumed']);
    await first.waitFor(/merged: 2\/6/);
    first.child.kill('SIGKILL');
    await first.exited;
    await w.waitFor(/(shard \d\/6: \d+ rows[^]*){6}/); // the worker finishes the queued jobs meanwhile
    const again = start(['pca', 'a.csv', 'b.csv', '--redis', redis.url, '--queue', queue, '--shards', '6', '-k', '4', '--out', 'resumed']);
    expect(await again.exited).toBe(0);
    expect(again.stdout).toMatch(/6 shards over Redis \(6 resumed\)/);
    expect((w.stderr.match(/shard \d\/6 started/g) ?? []).length).toBe(6); // no shard ran twice
    expect(modelDifference(readModel(join(dir, 'resumed')), readModel(join(dir, 'local')))).toBeLessThan(1e-12);
    w.child.kill('SIGTERM');
    await w.exited;
  }, 60_000);

  it('the library API: startPcaWorker and runPcaOnRedis in one process; a ParseError keeps its class', async () => {
    const queue = 'library';
    const w = await startPcaWorker({ redis: redis.url, queue, workers: 1 });
    try {
      const r = await runPcaOnRedis([join(dir, 'a.csv'), join(dir, 'b.csv')], { redis: redis.url, queue, shards: 3, components: 4, out: join(dir, 'library'), print: () => {} });
      expect(r.rows).toBe(6000);
      expect(r.resumed).toBe(0);
      expect(modelDifference(r.model, readModel(join(dir, 'local')))).toBeLessThan(1e-12);
      const failed = runPcaOnRedis([join(dir, 'b-bad.csv')], { redis: redis.url, queue, shards: 2, components: 4, out: join(dir, 'library-bad'), print: () => {} });
      await expect(failed).rejects.toBeInstanceOf(ParseError);
      await expect(failed).rejects.toMatchObject({ line: 3002, column: 1 });
    } finally {
      await w.close();
    }
  }, 60_000);

  it("a job removed from the queue while the coordinator waits for it (what another coordinator of the same run does): queued again, the model right, no hang", async () => {
    const queue = 'vanish';
    const { Queue } = await loadBullmq();
    const q = new Queue(queue, { connection: parseRedisUrl(redis.url) });
    const notes: string[] = [];
    const log = console.error;
    let w: Awaited<ReturnType<typeof startPcaWorker>> | undefined;
    try {
      // No worker yet: the coordinator queues its three jobs and waits.
      const run = runPcaOnRedis([join(dir, 'a.csv'), join(dir, 'b.csv')], { redis: redis.url, queue, shards: 3, components: 4, out: join(dir, 'vanish'), print: () => {}, progress: true });
      console.error = (line: string) => notes.push(line);
      let waiting: { id?: string }[] = [];
      for (let i = 0; i < 200 && waiting.length < 3; i++) {
        await new Promise((r) => setTimeout(r, 50));
        waiting = await q.getJobs(['waiting']);
      }
      expect(waiting.length).toBe(3);
      // Before this fix the coordinator waited for the removed job's result forever.
      expect(await q.remove(waiting[1]!.id!)).toBe(1);
      w = await startPcaWorker({ redis: redis.url, queue, workers: 1 });
      const r = await run;
      expect(r.rows).toBe(6000);
      expect(modelDifference(r.model, readModel(join(dir, 'local')))).toBeLessThan(1e-12);
      expect(notes.join('\n')).toMatch(/its job had been removed from the queue .*: queued again/);
    } finally {
      console.error = log;
      await w?.close();
      await q.close();
    }
  }, 60_000);

  it('a job removed again and again (no worker ever gets it): the coordinator gives up with a clear error after 3 requeues, writes nothing', async () => {
    const queue = 'vanish-always';
    const { Queue } = await loadBullmq();
    const q = new Queue(queue, { connection: parseRedisUrl(redis.url) });
    let removing = true;
    let remover: Promise<void> | undefined;
    try {
      const run = runPcaOnRedis([join(dir, 'a.csv')], { redis: redis.url, queue, shards: 1, components: 4, out: join(dir, 'vanish-always'), print: () => {} });
      const outcome = run.then(
        () => undefined,
        (err: Error) => err,
      );
      // Whatever the coordinator queues is taken away at once, as a second coordinator could.
      remover = (async () => {
        while (removing) {
          for (const job of await q.getJobs(['waiting'])) await q.remove(job.id!);
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
      const err = await outcome;
      expect(err).toBeInstanceOf(Error);
      expect(err!.message).toMatch(/shard 0: its job .* was removed from the queue 3 times while this coordinator waited .*run the command again/);
      expect(existsSync(join(dir, 'vanish-always'))).toBe(false);
    } finally {
      removing = false;
      await remover;
      await q.close();
    }
  }, 60_000);

  it('the randomized method: a round of jobs per pass; the coordinator killed and started again continues at its pass; the model equals a local randomized run (1e-10)', async () => {
    const queue = 'randomized';
    const flags = ['--method', 'randomized', '-k', '3', '--power-iterations', '2', '--seed', '7'];
    expect(cli(['pca', 'all.csv', ...flags, '--out', 'local-r'], dir).status).toBe(0);
    const w = worker(queue, ['--job-delay', '100']);
    await w.waitFor(/taking jobs/);
    const args = ['pca', 'a.csv', 'b.csv', '--redis', redis.url, '--queue', queue, '--shards', '4', ...flags, '--out', 'rand'];
    const first = start(args);
    await first.waitFor(/pass 2\/3, 4 shard jobs/); // pass 1 merged and its state kept in Redis
    first.child.kill('SIGKILL');
    await first.exited;
    const again = start(args);
    await again.waitFor(/continuing at pass 2 of 3/);
    expect(await again.exited).toBe(0);
    expect(again.stdout).toMatch(/4 shards × 3 passes over Redis/);
    expect(again.stdout).toMatch(/6000 rows × 10 columns of 2 files .*method: randomized \(3 passes\)/);
    expect(w.stderr).toMatch(/shard 3\/4 pass 3: 1500 rows/);
    expect(modelDifference(readModel(join(dir, 'rand')), readModel(join(dir, 'local-r')))).toBeLessThan(1e-10);
    expect(w.stderr.match(/pass 2 started/g)).toHaveLength(4); // the pass the first coordinator queued: its results were taken, not run again
    expect(redis.cli('--scan', '--pattern', 'mmlkit:*')).toEqual([]); // plans and state removed
    expect(redis.cli('--scan', '--pattern', `bull:${queue}:pca-*`).filter((k) => !k.endsWith(':lock'))).toEqual([]);
    w.child.kill('SIGTERM');
    await w.exited;
  }, 60_000);

  it('files as http(s) URLs: the coordinator plans them and the workers read their shards by range; a private URL with MMLKIT_HTTP_HEADERS', async () => {
    const queue = 'urls';
    const web = await RangeServer.start();
    const before = process.env[HTTP_HEADERS_ENV];
    const w = await startPcaWorker({ redis: redis.url, queue, workers: 1 });
    try {
      web.files.set('/d/a.csv', readFileSync(join(dir, 'a.csv')));
      web.files.set('/private/b.csv', readFileSync(join(dir, 'b.csv')));
      const urls = [`${web.base}/d/a.csv`, `${web.base}/private/b.csv`];
      const denied = runPcaOnRedis(urls, { redis: redis.url, queue, shards: 3, components: 4, out: join(dir, 'urls-denied'), print: () => {} });
      await expect(denied).rejects.toThrow(/HTTP 401.*MMLKIT_HTTP_HEADERS/);
      process.env[HTTP_HEADERS_ENV] = 'Authorization: Bearer s3cret'; // this process is coordinator and worker
      const r = await runPcaOnRedis(urls, { redis: redis.url, queue, shards: 3, components: 4, out: join(dir, 'urls'), print: () => {} });
      expect(r.rows).toBe(6000);
      expect(modelDifference(r.model, readModel(join(dir, 'local')))).toBeLessThan(1e-12);
      // Each shard fetched about its own bytes, not the whole of both files each.
      const total = web.files.get('/d/a.csv')!.length + web.files.get('/private/b.csv')!.length;
      expect((web.sent.get('/d/a.csv') ?? 0) + (web.sent.get('/private/b.csv') ?? 0)).toBeLessThan(total + 3 * 4 * 65536);
    } finally {
      if (before === undefined) delete process.env[HTTP_HEADERS_ENV];
      else process.env[HTTP_HEADERS_ENV] = before;
      await w.close();
      await web.stop();
    }
  }, 60_000);

  it('two coordinators of the same randomized run at once: neither hangs, neither writes a wrong model, a failure says why', async () => {
    const queue = 'twice';
    const flags = ['--method', 'randomized', '-k', '3', '--power-iterations', '2', '--seed', '7'];
    if (!existsSync(join(dir, 'local-r'))) expect(cli(['pca', 'all.csv', ...flags, '--out', 'local-r'], dir).status).toBe(0);
    const w = worker(queue);
    await w.waitFor(/taking jobs/);
    const both = ['tw-a', 'tw-b'].map((out) => start(['pca', 'a.csv', 'b.csv', '--redis', redis.url, '--queue', queue, '--shards', '4', ...flags, '--out', out]));
    const timer = setTimeout(() => both.forEach((c) => c.child.kill('SIGKILL')), 45_000); // a hang fails below
    const codes = await Promise.all(both.map((c) => c.exited));
    clearTimeout(timer);
    expect(codes.some((c) => c === 0)).toBe(true);
    both.forEach((c, i) => {
      const out = join(dir, ['tw-a', 'tw-b'][i]);
      if (codes[i] === 0) expect(modelDifference(readModel(out), readModel(join(dir, 'local-r')))).toBeLessThan(1e-10);
      else {
        expect(codes[i]).toBe(1);
        expect(c.stderr).toMatch(/mmlkit: .*(plan|Redis|shard)/);
        expect(existsSync(out)).toBe(false);
      }
    });
    w.child.kill('SIGTERM');
    await w.exited;
  }, 60_000);

  it('the randomized method from the library: its result says so; bad options are refused before any job', async () => {
    const queue = 'library-r';
    const w = await startPcaWorker({ redis: redis.url, queue, workers: 1 });
    try {
      const files = [join(dir, 'all.csv')];
      const r = await runPcaOnRedis(files, { redis: redis.url, queue, shards: 3, components: 2, method: 'randomized', powerIterations: 1, out: join(dir, 'library-r'), print: () => {} });
      expect([r.method, r.passes, r.rows, r.resumed, r.model.nComponents]).toEqual(['randomized', 2, 6000, 0, 2]);
      const c = await runPcaOnRedis(files, { redis: redis.url, queue, shards: 2, components: 2, out: join(dir, 'library-c'), print: () => {} }); // auto: 10 columns is covariance
      expect([c.method, c.passes]).toEqual(['covariance', 1]);
      await expect(runPcaOnRedis(files, { redis: redis.url, queue, components: 0.9, method: 'randomized', out: join(dir, 'x1') })).rejects.toThrow(/components.*integer ≥ 1/);
      await expect(runPcaOnRedis(files, { redis: redis.url, queue, components: 2, method: 'covariance', seed: 3, out: join(dir, 'x2') })).rejects.toThrow(/seed.*randomized/);
      for (const method of ['covariance', 'randomized'] as const) {
        await expect(runPcaOnRedis(files, { redis: redis.url, queue, components: 11, method, out: join(dir, 'x3') })).rejects.toThrow(/components.*at most the 10 columns read from .*all\.csv/);
      }
      expect(redis.cli('--scan', '--pattern', `bull:${queue}:pca-*`)).toEqual([]);
    } finally {
      await w.close();
    }
  }, 60_000);

  it("a forged randomized job whose plan is not in Redis fails for good with a clear reason; the worker goes on", async () => {
    const queue = 'forged';
    const w = await startPcaWorker({ redis: redis.url, queue, workers: 1 });
    const { Queue, QueueEvents } = await loadBullmq();
    const q = new Queue(queue, { connection: parseRedisUrl(redis.url) });
    const events = new QueueEvents(queue, { connection: parseRedisUrl(redis.url) });
    try {
      await events.waitUntilReady();
      const failed = new Promise<string>((resolve) => events.on('failed', ({ failedReason }) => resolve(failedReason)));
      const file = join(dir, 'all.csv');
      await q.add('shard', { run: 'pca-forged', files: [file], inputs: [{ name: 'all.csv', size: statSync(file).size }], shard: 0, shards: 2, options: {}, pass: { index: 0, planKey: 'mmlkit:pca-forged:plan:nothing' } }, { jobId: 'pca-forged-p0-x-0', attempts: 3 });
      expect(decodeFailure(await failed).message).toMatch(/plan mmlkit:pca-forged:plan:nothing is not in Redis/);
      // Failed for good: not retried although attempts allowed it.
      expect((await q.getJob('pca-forged-p0-x-0'))?.attemptsMade).toBe(1);
      const r = await runPcaOnRedis([file], { redis: redis.url, queue, shards: 2, components: 2, out: join(dir, 'after-forged'), print: () => {} });
      expect(r.rows).toBe(6000);
    } finally {
      await events.close();
      await q.obliterate({ force: true }).catch(() => {});
      await q.close();
      await w.close();
    }
  }, 60_000);

  it('Redis lost mid-run: the coordinator gives a clear error within the timeout, writes nothing', async () => {
    const own = await startRedis(); // its own server: this test stops it
    try {
      const c = start(['pca', 'a.csv', 'b.csv', '--redis', own.url, '--queue', 'lost', '--shards', '4', '-k', '2', '--out', 'lost-out', '--redis-timeout', '2']);
      await c.waitFor(/4 shard jobs on queue lost/); // queued; no worker takes them
      await own.stop();
      const timer = setTimeout(() => c.child.kill('SIGKILL'), 20_000); // a hang fails below
      expect(await c.exited).toBe(1);
      clearTimeout(timer);
      expect(c.stderr).toMatch(/lost Redis at redis:\/\/127\.0\.0\.1:\d+: no answer for 2 s \(0\/4 shards merged; run the same command again to resume\)/);
      expect(existsSync(join(dir, 'lost-out'))).toBe(false);
    } finally {
      await own.stop();
    }
  }, 40_000);

  it('Redis unreachable: the coordinator and a worker give a clear error within the timeout', async () => {
    const port = await freePort(); // nobody listens there
    const c = start(['pca', 'a.csv', '--redis', `redis://127.0.0.1:${port}`, '-k', '2', '--out', 'nowhere', '--redis-timeout', '1']);
    const w = start(['worker', '--redis', `redis://127.0.0.1:${port}`, '--redis-timeout', '1']);
    const timer = setTimeout(() => (c.child.kill('SIGKILL'), w.child.kill('SIGKILL')), 20_000); // a hang fails below
    expect(await c.exited).toBe(1);
    expect(await w.exited).toBe(1);
    clearTimeout(timer);
    for (const p of [c, w]) expect(p.stderr).toMatch(new RegExp(`cannot reach Redis at redis://127\\.0\\.0\\.1:${port} \\(.*ECONNREFUSED.*\\) within 1 s`));
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
    expect(cli(['pca', 'a.csv', '--redis', 'http://x', '-k', '2'], dir).stderr).toMatch(/redis.*redis:\/\/HOST:PORT/);
  }, 30_000);
});
