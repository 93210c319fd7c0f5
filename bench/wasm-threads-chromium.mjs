// Two-thread wasm in headless Chromium: C = A·B (n×n, float64) on one thread and on two, for
// both builds (plain SIMD: mmlkit.wasm; relaxed SIMD: mmlkit-relaxed.wasm; two threads run the
// build's shared-memory form), interleaved — each round times every table once, in turn, so all
// see the same machine load. The page is served cross-origin isolated (COOP/COEP headers) from
// node:http, as docs/wasm-threads.md asks; the kernel tables are built from dist's modules as
// the browser entry builds them (operand staging included, facade not).
// By default the bench runs on the page's main thread, which spins while it waits for the
// helper (a page may not block); --worker runs it inside a module Web Worker of the page, which
// blocks in Atomics.wait as Node does (what docs/wasm-threads.md advises for a responsive UI).
// Usage (after npm run build:wasm && npm run build:ts):
//   node bench/wasm-threads-chromium.mjs [--worker] [sizes=1024,2048] [rounds=9]
// Prints best / median GFLOP/s per table, the relaxed/plain gain on one and on two threads, and
// whether each split product equalled its own build's one-thread product bit for bit.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { dirname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const inWorker = args[0] === '--worker';
const [sizesArg = '1024,2048', roundsArg = '9'] = args.slice(inWorker ? 1 : 0);
const sizes = sizesArg.split(',').map(Number);
const rounds = Number(roundsArg);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs in the page or its worker: every table the browser can run, timed in turn. */
async function measure(sizes, rounds) {
  const { instantiateWasmKernels } = await import('/dist/src/backend/wasm/kernels.js');
  const { compileWasm } = await import('/dist/src/backend/wasm/compile.js');
  const { withBrowserThreads } = await import('/dist/src/backend/wasm/threads/load-browser.js');
  const { relaxedSimdSupported, WASM_FILES } = await import('/dist/src/backend/wasm/variant.js');
  const url = (file) => new URL(`/dist/wasm/${file}`, location.href);
  const tables = {};
  const notes = [];
  for (const variant of relaxedSimdSupported() ? ['plain', 'relaxed'] : ['plain']) {
    const single = instantiateWasmKernels(await compileWasm(url(WASM_FILES[variant])), { name: variant, why: 'bench' });
    // In a worker two threads must be asked for (docs/wasm-threads.md).
    const threaded = await withBrowserThreads(single, typeof window === 'undefined' ? true : undefined);
    const status = threaded.threads();
    if (status.count !== 2) throw new Error(`two threads unavailable (${variant}): ${status.reason}`);
    notes.push(`${variant}: ${status.reason}`);
    tables[`${variant} 1 thread`] = single;
    tables[`${variant} 2 threads`] = threaded;
  }
  let seed = 1;
  const random = (len) => Float64Array.from({ length: len }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1);
  const out = [];
  for (const n of sizes) {
    const a = random(n * n), b = random(n * n);
    const c = Object.fromEntries(Object.keys(tables).map((k) => [k, new Float64Array(n * n)]));
    const times = Object.fromEntries(Object.keys(tables).map((k) => [k, []]));
    for (const [name, t] of Object.entries(tables)) t.gemm(0, 0, n, n, n, 1, a, b, 0, c[name]); // warm-up: tier-up, memory growth
    for (let r = 0; r < rounds; r++) {
      for (const [name, t] of Object.entries(tables)) {
        const t0 = performance.now();
        t.gemm(0, 0, n, n, n, 1, a, b, 0, c[name]);
        times[name].push(performance.now() - t0);
      }
    }
    const exact = {};
    for (const name of Object.keys(tables)) {
      if (!name.endsWith('2 threads')) continue;
      const one = c[name.replace('2 threads', '1 thread')];
      exact[name] = c[name].every((v, i) => Object.is(v, one[i]));
    }
    out.push({ n, times, exact });
  }
  for (const t of Object.values(tables)) t.release?.();
  return { notes, out };
}

function report(where, { notes, out }) {
  const med = (x) => { const s = [...x].sort((p, q) => p - q); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
  console.log(`${where}, ${inWorker ? 'in a Web Worker (blocking wait)' : "on the page's main thread (spinning wait)"}, ${rounds} interleaved rounds, GFLOP/s best / median`);
  for (const note of notes) console.log(`  ${note}`);
  for (const { n, times, exact } of out) {
    const rate = (t) => (2 * n ** 3) / t / 1e6;
    const best = {}, median = {};
    const cells = Object.entries(times).map(([name, t]) => {
      best[name] = rate(Math.min(...t));
      median[name] = rate(med(t));
      return `${name} ${best[name].toFixed(1)} / ${median[name].toFixed(1)}`;
    });
    console.log(`  n=${n}: ${cells.join('   ')}`);
    for (const threads of ['1 thread', '2 threads']) {
      const [p, r] = [`plain ${threads}`, `relaxed ${threads}`];
      if (best[r]) console.log(`    relaxed / plain, ${threads}: ${(best[r] / best[p]).toFixed(2)}× best, ${(median[r] / median[p]).toFixed(2)}× median`);
    }
    console.log(`    split = one-thread bits: ${Object.entries(exact).map(([k, v]) => `${k.replace(' 2 threads', '')} ${v}`).join(', ')}`);
  }
}

// The page: cross-origin isolated. With --worker it starts a module worker and relays its result.
const PAGE = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>bench</title>
<script type="module">
const measure = (0, eval)(decodeURIComponent(location.hash.slice(1)));
const params = new URL(location.href).searchParams;
const [sizes, rounds] = [params.get('sizes').split(',').map(Number), Number(params.get('rounds'))];
window.__run = async (inWorker) => {
  if (!inWorker) return measure(sizes, rounds);
  const worker = new Worker('/worker.js', { type: 'module' });
  return new Promise((resolve, reject) => {
    worker.onmessage = (e) => (e.data.error ? reject(new Error(e.data.error)) : resolve(e.data));
    worker.onerror = (e) => reject(new Error(e.message));
    worker.postMessage({ source: measure.toString(), sizes, rounds });
  });
};
</script>`;
const WORKER = `self.onmessage = async (e) => {
  try {
    const measure = (0, eval)('(' + e.data.source + ')');
    self.postMessage(await measure(e.data.sizes, e.data.rounds));
  } catch (err) {
    self.postMessage({ error: String(err && err.stack || err) });
  }
};`;

const ISOLATION = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
const dist = join(root, 'dist') + sep;
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  const send = (type, body) => res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', ...ISOLATION }).end(body);
  if (path === '/') return send('text/html; charset=utf-8', PAGE);
  if (path === '/worker.js') return send('text/javascript', WORKER);
  const file = normalize(join(root, path));
  if (!file.startsWith(dist)) return res.writeHead(404, ISOLATION).end();
  try {
    send(file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript', readFileSync(file));
  } catch {
    res.writeHead(404, ISOLATION).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const { chromium } = await import('playwright-core');
// The flags of test/helpers/chromium.ts (this closed network; small /dev/shm).
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  timeout: 30_000,
});
try {
  const page = await browser.newPage();
  await page.goto(`${origin}/?sizes=${sizes.join(',')}&rounds=${rounds}#${encodeURIComponent(`(${measure})`)}`);
  await page.waitForFunction(() => typeof window.__run === 'function');
  if (!(await page.evaluate(() => crossOriginIsolated))) throw new Error('the page is not cross-origin isolated');
  const version = await page.evaluate(() => navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0]);
  const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
  const before = load();
  const result = await page.evaluate((w) => window.__run(w), inWorker);
  report(`Chromium (${version}); load average ${before} before, ${load()} after`, result);
} finally {
  await browser.close();
  server.close();
}
