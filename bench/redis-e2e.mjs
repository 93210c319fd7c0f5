// End-to-end throughput of the Redis engine against one process (issue #14's target: ≥ 0.8×).
//   node bench/redis-e2e.mjs FILE.csv [rounds=3] [shards=32] [killAfterMs=3500]
// Per round, interleaved: `mmlkit pca FILE -k 10` in one process, then 3 `mmlkit worker`
// processes (--workers 1 --native-threads 1, lock LOCK_MS=500 and stalled check STALL_MS=250 ms) + the coordinator
// `mmlkit pca FILE --redis … --shards N -k 10`, one worker SIGKILLed killAfterMs into the run.
// Prints wall times, the ratio, the model difference and where the distributed run's time went
// (coordinator start until the jobs are queued, job pickup gaps, per-job compute, merge tail).
// Needs /usr/bin/redis-server; makes a 1 GB CSV with bench/gen-pca-data.py 1440000 50 /tmp/big.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';

/** CPU seconds (user + system) a live process has used, from /proc (Linux). */
function cpuOf(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}
/** `/usr/bin/time -f` output: CPU seconds of a finished child. */
const timed = (args) => ['-f', 'CPU %U %S', process.execPath, ...args];
const cpuFrom = (stderr) => {
  const m = /CPU ([\d.]+) ([\d.]+)/.exec(stderr);
  return m ? Number(m[1]) + Number(m[2]) : NaN;
};
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [file, rounds = '3', shards = '32', killAfter = '3500'] = process.argv.slice(2);
// The workers' BullMQ lock and stalled-check period: how soon a killed worker's job runs again.
const lockMs = process.env.LOCK_MS ?? '500';
const stalledMs = process.env.STALL_MS ?? '250';
if (!file) throw new Error('usage: node bench/redis-e2e.mjs FILE.csv [rounds] [shards] [killAfterMs]');
const main = new URL('../dist/src/cli/main.js', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'mmlkit-e2e-'));
const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const redis = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const url = `redis://127.0.0.1:${port}`;

function model(dir) {
  const m = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  return m;
}
function difference(a, b) {
  let worst = 0;
  const va = a.explainedVariance, vb = b.explainedVariance;
  for (let i = 0; i < va.length; i++) worst = Math.max(worst, Math.abs(va[i] - vb[i]) / Math.abs(vb[i]));
  return worst;
}

function startWorker(i, log) {
  const w = spawn(process.execPath, [main, 'worker', '--redis', url, '--workers', '1', '--native-threads', '1', '--lock-duration', lockMs, '--stalled-interval', stalledMs], { stdio: ['ignore', 'ignore', 'pipe'] });
  let rest = ''; // a chunk may end mid-line
  w.stderr.on('data', (b) => {
    const lines = (rest + b).split('\n');
    rest = lines.pop();
    for (const line of lines) if (line) log.push({ t: performance.now(), worker: i, line });
  });
  return w;
}

const results = [];
for (let r = 0; r < Number(rounds); r++) {
  // One process.
  let t0 = performance.now();
  const single = spawnSync('/usr/bin/time', timed([main, 'pca', file, '-k', '10', '--out', join(work, 'single')]), { encoding: 'utf8' });
  if (single.status !== 0) throw new Error(single.stderr);
  const cpuSingle = cpuFrom(single.stderr);
  const tSingle = (performance.now() - t0) / 1000;
  // Workers (started before the clock: they are long-running services), then the coordinator.
  const log = [];
  const workers = [0, 1, 2].map((i) => startWorker(i, log));
  await new Promise((res) => {
    const check = () => (log.filter((l) => l.line.includes('taking jobs')).length === 3 ? res() : setTimeout(check, 50));
    check();
  });
  t0 = performance.now();
  const coordinator = spawn('/usr/bin/time', timed([main, 'pca', file, '--redis', url, '--shards', shards, '-k', '10', '--out', join(work, 'dist')]), { stdio: ['ignore', 'pipe', 'pipe'] });
  const redisCpu0 = cpuOf(redis.pid);
  const workerCpu0 = workers.map((w) => cpuOf(w.pid));
  let killedCpu = 0;
  const coordLog = [];
  let coordErr = '';
  coordinator.stderr.on('data', (b) => {
    coordErr += b; // whole, for /usr/bin/time's last line (a chunk may end mid-line)
    for (const line of String(b).split('\n')) if (line) coordLog.push({ t: performance.now() - t0, line });
  });
  const killer = setTimeout(() => {
    killedCpu = cpuOf(workers[0].pid) - workerCpu0[0];
    workers[0].kill('SIGKILL');
  }, Number(killAfter));
  const status = await new Promise((res) => coordinator.on('close', res)); // 'close': its stderr read to the end
  const tDist = (performance.now() - t0) / 1000;
  clearTimeout(killer);
  const workersCpu = killedCpu + workers.slice(1).reduce((s, w, i) => s + cpuOf(w.pid) - workerCpu0[i + 1], 0);
  const redisCpu = cpuOf(redis.pid) - redisCpu0;
  const coordCpu = cpuFrom(coordErr);
  for (const w of workers) w.kill('SIGKILL');
  if (status !== 0) throw new Error(`coordinator exited ${status}: ${coordLog.map((l) => l.line).join('\n')}`);
  const diff = difference(model(join(work, 'dist')), model(join(work, 'single')));
  // Where the time went.
  const queued = coordLog.find((l) => l.line.includes('shard jobs on queue'))?.t ?? NaN;
  const firstMerged = coordLog.find((l) => l.line.includes('merged:'))?.t ?? NaN;
  const lastMerged = [...coordLog].reverse().find((l) => l.line.includes('merged:'))?.t ?? NaN;
  const starts = log.filter((l) => l.line.includes(' started')).map((l) => l.t - t0);
  const firstStart = Math.min(...starts);
  const jobSeconds = log.map((l) => /: \d+ rows in ([\d.]+) s/.exec(l.line)?.[1]).filter(Boolean).map(Number);
  const busy = jobSeconds.reduce((s, x) => s + x, 0);
  const loopStall = Math.max(0, ...log.map((l) => Number(/stalled ≤ (\d+) ms/.exec(l.line)?.[1] ?? 0)));
  // A shard started twice: the killed worker's job taken again (or a false stall under load).
  const startedAt = new Map();
  const again = [];
  for (const l of log.filter((x) => x.line.includes(' started'))) {
    const shard = /shard (\d+)\//.exec(l.line)?.[1];
    if (startedAt.has(shard)) again.push(`shard ${shard} again at ${((l.t - t0) / 1000).toFixed(2)} s`);
    startedAt.set(shard, l.t);
  }
  results.push({ tSingle, tDist, diff });
  console.log(
    `round ${r + 1}: single ${tSingle.toFixed(2)} s, redis ${tDist.toFixed(2)} s (ratio ${(tSingle / tDist).toFixed(2)}), model diff ${diff.toExponential(1)}; ` +
      `queued at ${(queued / 1000).toFixed(2)} s, first job started ${(firstStart / 1000).toFixed(2)} s, first part ${(firstMerged / 1000).toFixed(2)} s, last part ${(lastMerged / 1000).toFixed(2)} s, exit ${tDist.toFixed(2)} s; ` +
      `${jobSeconds.length} jobs done, ${busy.toFixed(1)} s of job time (mean ${(busy / jobSeconds.length).toFixed(2)} s, workers' event loops stalled ≤ ${loopStall} ms)${again.length ? ` [${again.join(', ')}]` : ''}; ` +
      `CPU: single ${cpuSingle.toFixed(2)} s; redis run ${(coordCpu + workersCpu + redisCpu).toFixed(2)} s = coordinator ${coordCpu.toFixed(2)} + workers ${workersCpu.toFixed(2)} + redis-server ${redisCpu.toFixed(2)}`,
  );
}
const sorted = (k) => results.map((x) => x[k]).sort((a, b) => a - b);
const med = (xs) => (xs.length % 2 ? xs[(xs.length - 1) / 2] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2);
const s = sorted('tSingle'), d = sorted('tDist');
console.log(`single best ${s[0].toFixed(2)} median ${med(s).toFixed(2)}; redis best ${d[0].toFixed(2)} median ${med(d).toFixed(2)}; throughput best/best ${(s[0] / d[0]).toFixed(2)}, median/median ${(med(s) / med(d)).toFixed(2)}`);
redis.kill();
rmSync(work, { recursive: true, force: true });
