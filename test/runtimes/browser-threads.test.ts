/**
 * Two-thread wasm in headless Chromium: a page served cross-origin isolated (COOP/COEP headers)
 * gets it after `await init()` — the helper a Blob-URL Web Worker, the page spinning while it
 * waits — both threads running the build the page loaded (Chromium has relaxed SIMD:
 * mmlkit-relaxed.wasm; with `wasmVariant: 'plain'`, mmlkit.wasm), with nothing more fetched;
 * and a page served without those headers stays on one thread, with the reason. The products
 * are of small integers, exact in any order; a 300 × 300 solve (an LU whose trailing updates
 * split) agrees with ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, findBrowser } from '../helpers/chromium.js';
import { REPO_ROOT, skipMissingRuntime } from './project.js';

const ENTRY = '/dist/src/entry/browser.js';

const PAGE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="importmap">${JSON.stringify({ imports: { mmlkit: ENTRY } })}</script>
<script type="module">
import { backends, init, matmul, solve, withBackend, Matrix } from 'mmlkit';
const params = new URL(location.href).searchParams;
try {
  await init(params.has('variant') ? { wasmVariant: params.get('variant') } : {});
  const wasm = backends().find((b) => b.name === 'wasm');
  const n = 300; // 300³ multiply-adds: above the split threshold
  const ints = (seed) => new Matrix(n, n, Float64Array.from({ length: n * n }, (_, i) => ((i * seed) % 17) - 8));
  const [a, b] = [ints(7919), ints(104729)];
  const viaWasm = withBackend('wasm', () => matmul(a, b)).data;
  const viaTs = withBackend('ts', () => matmul(a, b)).data;
  const same = viaWasm.every((v, i) => v === viaTs[i]);
  const spd = new Matrix(n, n, Float64Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 4 * n : ((i * 7919) % 17) / 17)));
  const rhs = new Matrix(n, 3, Float64Array.from({ length: 3 * n }, (_, i) => (i % 11) - 5));
  const xWasm = withBackend('wasm', () => solve(spd, rhs)).data;
  const xTs = withBackend('ts', () => solve(spd, rhs)).data;
  const solveGap = Math.max(...xWasm.map((v, i) => Math.abs(v - xTs[i]))) / Math.max(...xTs.map(Math.abs));
  // Timing for the report only (never asserted): best of a few 1024² products.
  const timing = [];
  if (params.has('time')) {
    const big = new Matrix(1024, 1024, Float64Array.from({ length: 1024 * 1024 }, () => Math.random()));
    for (let r = 0; r < 7; r++) { const t = performance.now(); withBackend('wasm', () => matmul(big, big)); timing.push(performance.now() - t); }
  }
  window.__result = { isolated: crossOriginIsolated, variant: wasm.variant.name, threads: wasm.threads, same, solveGap, timing };
} catch (err) {
  window.__result = { error: String(err && err.stack || err) };
}
</script></head><body></body></html>`;

const MIME: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.map': 'application/json; charset=utf-8' };
const ISOLATION = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

/** Serves the page (isolated under /isolated/ and /isolated-plain/, not under /plain/) and dist/, logging each path. */
function startServer(served: string[]): Promise<Server> {
  const dist = join(REPO_ROOT, 'dist') + sep;
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    served.push(path);
    const isolated = path.startsWith('/isolated') || /\/isolated[/-]/.test(req.headers.referer ?? ''); // /isolated/ and /isolated-plain/
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...(isolated ? ISOLATION : {}) });
      res.end(body);
    };
    if (path === '/isolated/' || path === '/plain/' || path === '/isolated-plain/') return send(200, 'text/html; charset=utf-8', PAGE_HTML);
    const file = normalize(join(REPO_ROOT, path));
    if (path.startsWith('/dist/') && file.startsWith(dist) && MIME[extname(file)] && existsSync(file)) return send(200, MIME[extname(file)], readFileSync(file));
    send(404, 'text/plain', `not found: ${path}`);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

interface PageOut {
  isolated: boolean;
  variant: string;
  threads: { count: number; reason: string; variant?: string };
  same: boolean;
  solveGap: number;
  timing: number[];
  error?: string;
}

const browser = findBrowser();

describe.skipIf(skipMissingRuntime('browser (Chromium)', browser.reason))('two-thread wasm in headless Chromium', () => {
  let server: Server | undefined;
  const served: string[] = [];
  const pages: Record<string, { out: PageOut; served: string[]; errors: string[] }> = {};

  beforeAll(async () => {
    if (browser.reason) throw new Error(browser.reason);
    for (const file of ['mmlkit.wasm', 'mmlkit-relaxed.wasm']) {
      if (!existsSync(join(REPO_ROOT, 'dist/wasm', file))) throw new Error(`dist/wasm/${file} is not built: run npm run build:wasm && npm run build:ts`);
    }
    server = await startServer(served);
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { chromium } = await import('playwright-core');
    const instance = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
    try {
      // isolated-plain: the same isolated page (the path counts as isolated) asking for the plain build.
      for (const [kind, query] of [['isolated', ''], ['isolated-plain', 'variant=plain'], ['plain', '']]) {
        const from = served.length;
        const errors: string[] = [];
        const page = await instance.newPage();
        page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
        page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
        const search = [query, process.env.MMLKIT_BROWSER_TIMING ? 'time' : ''].filter(Boolean).join('&');
        await page.goto(`${origin}/${kind}/${search ? `?${search}` : ''}`);
        await page.waitForFunction(() => (window as { __result?: unknown }).__result !== undefined, undefined, { timeout: 60_000 });
        const out = await page.evaluate(() => (window as unknown as { __result: PageOut }).__result);
        if (out.error) throw new Error(`the ${kind} page failed: ${out.error}\nconsole: ${errors.join('\n')}`);
        pages[kind] = { out, served: served.slice(from), errors };
        await page.close();
      }
    } finally {
      await instance.close();
    }
    // MMLKIT_BROWSER_TIMING=1: the 1024² timings, for the record.
    if (process.env.MMLKIT_BROWSER_TIMING) console.log(JSON.stringify(Object.fromEntries(Object.entries(pages).map(([k, p]) => [k, p.out.timing]))));
  });

  afterAll(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  const wasmFetched = (files: string[]) => files.filter((p) => p.endsWith('.wasm'));

  it('an isolated page runs large products on two threads, both running the relaxed-SIMD build it loaded, exactly', () => {
    const { out, errors, served: files } = pages.isolated;
    expect(errors).toEqual([]);
    expect(out.isolated).toBe(true);
    expect(out.variant).toBe('relaxed');
    expect(out.threads.count, out.threads.reason).toBe(2);
    expect(out.threads.variant).toBe('relaxed');
    expect(out.threads.reason).toMatch(/cross-origin isolated, Web Workers.*both threads run mmlkit-relaxed\.wasm \(relaxed SIMD\) over one shared memory/);
    expect(out.same).toBe(true);
    expect(out.solveGap).toBeLessThan(1e-12);
    expect(wasmFetched(files)).toEqual(['/dist/wasm/mmlkit-relaxed.wasm']);
  });

  it("init({ wasmVariant: 'plain' }) on an isolated page: two threads run the plain build, the only module fetched", () => {
    const { out, errors, served: files } = pages['isolated-plain'];
    expect(errors).toEqual([]);
    expect(out.variant).toBe('plain');
    expect(out.threads.count, out.threads.reason).toBe(2);
    expect(out.threads.variant).toBe('plain');
    expect(out.same).toBe(true);
    expect(out.solveGap).toBeLessThan(1e-12);
    expect(wasmFetched(files)).toEqual(['/dist/wasm/mmlkit.wasm']);
  });

  it('a page that is not isolated stays on one thread and says why', () => {
    const { out, errors, served: files } = pages.plain;
    expect(errors).toEqual([]);
    expect(out.isolated).toBe(false);
    expect(out.threads).toEqual({ count: 1, reason: expect.stringMatching(/not cross-origin isolated.*Cross-Origin-Embedder-Policy: require-corp/) });
    expect(out.same).toBe(true);
    expect(out.solveGap).toBeLessThan(1e-12);
    expect(wasmFetched(files)).toEqual(['/dist/wasm/mmlkit-relaxed.wasm']);
  });
});
