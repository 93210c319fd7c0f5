/**
 * The package's `browser` export in real headless Chromium (Debian's /usr/bin/chromium, driven
 * by the playwright-core devDependency; Playwright never downloads a browser here). A static
 * server on 127.0.0.1 serves dist/ and a page whose import map sends 'mmlkit' to the target of
 * the `browser` condition in package.json; the page runs the shared probe after `await init()`
 * and leaves its result in `window.__result`. The page must fetch nothing but this server.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, findBrowser } from '../helpers/chromium.js';
import { PROBE_JS, REPO_ROOT, expectProbeCorrect, skipMissingRuntime, type ProbeOutput } from './project.js';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, { browser?: { default?: string } }>;
};
/** './dist/src/entry/browser.js' → '/dist/src/entry/browser.js', the URL the server gives it. */
const BROWSER_ENTRY = pkg.exports['.'].browser?.default?.replace(/^\./, '');

/** Workers the page's pool starts (each gets the page's compiled wasm module in its first message). */
const POOL_THREADS = 2;

const PAGE_HTML = `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<!-- No favicon request: its 404 would be a console error. -->
<link rel="icon" href="data:,">
<script type="importmap">${JSON.stringify({ imports: { mmlkit: BROWSER_ENTRY } })}</script>
<script type="module">
import { backends, init, matmul, withBackend, createPool, eigh, ShapeError } from 'mmlkit';
import { probe } from '/probe.js';
try {
  const before = backends();
  let pinnedBefore = 'ran';
  try {
    withBackend('wasm', () => matmul([[1]], [[1]]));
  } catch (err) {
    pinnedBefore = err.name + ': ' + err.message;
  }
  await init();
  const result = { userAgent: navigator.userAgent, before, pinnedBefore, ...probe(['native', 'wasm', 'ts']) };
  // The pool on module Web Workers: same numbers as the page's own call, errors with their
  // class, a running call stopped by its signal.
  const pool = createPool({ threads: ${POOL_THREADS}, backend: 'wasm' });
  const S = [[4, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 2]];
  const [viaPool, direct] = [await pool.eigh(S), withBackend('wasm', () => eigh(S))];
  const same = JSON.stringify([Array.from(viaPool.values), Array.from(viaPool.vectors.data)]) === JSON.stringify([Array.from(direct.values), Array.from(direct.vectors.data)]);
  const error = await pool.matmul([[1, 2]], [[1, 2]]).then(() => 'resolved', (e) => ({ shapeError: e instanceof ShapeError, name: e.name, shapes: e.shapes }));
  const big = Array.from({ length: 400 }, (_, i) => Array.from({ length: 400 }, (_, j) => Math.sin(i * 401 + j)));
  const ac = new AbortController();
  const running = pool.eigh(big.map((r, i) => r.map((v, j) => v + big[j][i])), { signal: ac.signal }).then(() => 'finished', (e) => e.name);
  setTimeout(() => ac.abort(), 20);
  const aborted = await running;
  const after = await pool.det([[2, 0], [0, 3]]);
  await pool.close();
  result.pool = { same, error, aborted, after };
  window.__result = result;
} catch (err) {
  window.__result = { error: String(err && err.stack || err) };
}
</script>
</head>
<body></body>
</html>
`;

const MIME: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
};

/** Serves the page, the probe and files under dist/ (nothing else of the repo), logging each path. */
function startServer(served: string[]): Promise<Server> {
  const dist = join(REPO_ROOT, 'dist') + sep;
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    served.push(path);
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (path === '/') return send(200, 'text/html; charset=utf-8', PAGE_HTML);
    if (path === '/probe.js') return send(200, MIME['.js'], PROBE_JS);
    const file = normalize(join(REPO_ROOT, path));
    if (path.startsWith('/dist/') && file.startsWith(dist) && MIME[extname(file)] && existsSync(file)) {
      return send(200, MIME[extname(file)], readFileSync(file));
    }
    send(404, 'text/plain', `not found: ${path}`);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

const browser = findBrowser();

interface PageOutput extends ProbeOutput {
  pool: unknown;
  userAgent: string;
  before: ProbeOutput['status'];
  pinnedBefore: string;
  error?: string;
}

describe.skipIf(skipMissingRuntime('browser (Chromium)', browser.reason))(`browser entry in headless Chromium`, () => {
  let server: Server | undefined;
  const served: string[] = [];
  const requested: string[] = [];
  const consoleErrors: string[] = [];
  let origin = '';
  let out: PageOutput;

  beforeAll(async () => {
    if (browser.reason) throw new Error(browser.reason);
    if (!BROWSER_ENTRY) throw new Error("package.json has no exports['.'].browser.default");
    if (!existsSync(join(REPO_ROOT, BROWSER_ENTRY))) throw new Error(`${BROWSER_ENTRY} is not built: run npm run build:wasm && npm run build:ts`);
    server = await startServer(served);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const { chromium } = await import('playwright-core');
    const instance = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
    try {
      const page = await instance.newPage();
      page.on('request', (r) => requested.push(r.url()));
      page.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(m.text());
      });
      page.on('pageerror', (e) => consoleErrors.push(`uncaught: ${e.message}`));
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => (window as { __result?: unknown }).__result !== undefined, undefined, { timeout: 30_000 });
      out = await page.evaluate(() => (window as unknown as { __result: PageOutput }).__result);
      if (out.error) throw new Error(`the page failed: ${out.error}\nconsole: ${consoleErrors.join('\n')}`);
    } finally {
      await instance.close();
    }
  });

  afterAll(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  it('ran in Chromium without an error on the page or in its console', () => {
    expect(out.error).toBeUndefined();
    expect(out.userAgent).toMatch(/HeadlessChrome\//);
    expect(consoleErrors).toEqual([]);
  });

  it("loaded the `browser` entry and fetched the wasm over HTTP next to it, once, from this server only", () => {
    expect(BROWSER_ENTRY).toBe('/dist/src/entry/browser.js');
    expect(requested.every((url) => url.startsWith(`${origin}/`)), requested.join('\n')).toBe(true);
    expect(served).toContain(BROWSER_ENTRY);
    // Once, for the page: its pool's workers are handed the compiled module (a worker whose
    // page never called init() would fetch it itself). Chromium has relaxed SIMD: only that
    // build is fetched, never the plain one.
    expect(served.filter((p) => p === '/dist/wasm/mmlkit-relaxed.wasm')).toHaveLength(1);
    expect(served).not.toContain('/dist/wasm/mmlkit.wasm');
    expect(served.filter((p) => !p.startsWith('/dist/') && p !== '/' && p !== '/probe.js')).toEqual([]);
  });

  it('wasm is unavailable before `await init()`, and pinning it then throws', () => {
    expect(out.before.map((b) => [b.name, b.available])).toEqual([['native', false], ['wasm', false], ['ts', true]]);
    expect(out.before[1].reason).toMatch(/init\(\)/);
    expect(out.pinnedBefore).toMatch(/^BackendUnavailableError: /);
  });

  it('after `await init()` wasm is available; native is not, with its reason', () => {
    expect(out.status.map((b) => [b.name, b.available])).toEqual([['native', false], ['wasm', true], ['ts', true]]);
    expect(out.status[0].reason).toMatch(/Node only/);
  });

  it('wasm runs the relaxed-SIMD build, and backends() says so and why', () => {
    expect(out.status[1].variant).toEqual({ name: 'relaxed', why: expect.stringMatching(/validates relaxed SIMD/) });
  });

  it('wasm pinned: matmul exact, eigh as numpy', () => expectProbeCorrect(out, 'wasm'));

  it('ts pinned: the same numbers', () => expectProbeCorrect(out, 'ts'));

  it('createPool on module Web Workers: same numbers, errors with their class, abort stops a running call', () => {
    expect(out.pool).toEqual({ same: true, error: { shapeError: true, name: 'ShapeError', shapes: [[1, 2], [1, 2]] }, aborted: 'AbortError', after: 6 });
  });
});
